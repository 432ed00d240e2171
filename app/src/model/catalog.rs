//! The provincial master catalog of enforcement powers (权责清单通用目录) and the
//! departments' claims on it.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::{
    Date, DepartmentLevel, Lang, Msg, Timestamp, codes::text_codes, message::FieldProblemText,
};

/// The ten categories of power in Guangdong's power lists, each with the two-letter
/// prefix of its item codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    /// 行政许可
    Licence,
    /// 行政处罚
    Penalty,
    /// 行政强制
    Compulsion,
    /// 行政征收
    Levy,
    /// 行政给付
    Benefit,
    /// 行政检查
    Inspection,
    /// 行政确认
    Confirmation,
    /// 行政奖励
    Reward,
    /// 行政裁决
    Adjudication,
    /// 其他
    Other,
}

text_codes!(Category {
    Licence => "licence",
    Penalty => "penalty",
    Compulsion => "compulsion",
    Levy => "levy",
    Benefit => "benefit",
    Inspection => "inspection",
    Confirmation => "confirmation",
    Reward => "reward",
    Adjudication => "adjudication",
    Other => "other",
});

impl Category {
    /// A category as people write it in files and filters: its code, its Chinese name
    /// (行政处罚) or its item-code prefix (CF).
    pub fn read(text: &str) -> Option<Self> {
        let text = text.trim();
        Self::ALL
            .into_iter()
            .find(|c| c.as_str() == text || c.name_zh() == text || c.prefix() == text)
    }

    /// The code prefix (pinyin initials of the category's name).
    pub fn prefix(&self) -> &'static str {
        match self {
            Category::Licence => "XK",
            Category::Penalty => "CF",
            Category::Compulsion => "QZ",
            Category::Levy => "ZS",
            Category::Benefit => "JF",
            Category::Inspection => "JC",
            Category::Confirmation => "QR",
            Category::Reward => "JL",
            Category::Adjudication => "CJ",
            Category::Other => "QT",
        }
    }

    /// The Chinese name, as catalogs and spreadsheets write it.
    pub fn name_zh(&self) -> &'static str {
        match self {
            Category::Licence => "行政许可",
            Category::Penalty => "行政处罚",
            Category::Compulsion => "行政强制",
            Category::Levy => "行政征收",
            Category::Benefit => "行政给付",
            Category::Inspection => "行政检查",
            Category::Confirmation => "行政确认",
            Category::Reward => "行政奖励",
            Category::Adjudication => "行政裁决",
            Category::Other => "其他",
        }
    }

    pub fn from_prefix(p: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.prefix() == p)
    }
}

/// A catalog item code: category prefix + 5-digit main item + 3-digit sub-item (`000`
/// when none), e.g. `CF00123000` (after Guizhou DB52/T 1264's basic code).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ItemCode(String);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemCodeError {
    Shape,
    UnknownPrefix(String),
    ZeroMain,
}

impl ItemCode {
    pub fn parse(input: &str) -> Result<Self, ItemCodeError> {
        let s = input.trim().to_ascii_uppercase();
        let b = s.as_bytes();
        if b.len() != 10
            || !b[..2].iter().all(u8::is_ascii_uppercase)
            || !b[2..].iter().all(u8::is_ascii_digit)
        {
            return Err(ItemCodeError::Shape);
        }
        if Category::from_prefix(&s[..2]).is_none() {
            return Err(ItemCodeError::UnknownPrefix(s[..2].to_owned()));
        }
        if &s[2..7] == "00000" {
            return Err(ItemCodeError::ZeroMain);
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn category(&self) -> Category {
        Category::from_prefix(&self.0[..2]).unwrap_or(Category::Other)
    }

    /// The main item's code (sub-item `000`).
    pub fn main(&self) -> ItemCode {
        ItemCode(format!("{}000", &self.0[..7]))
    }

    pub fn is_sub_item(&self) -> bool {
        &self.0[7..] != "000"
    }
}

impl fmt::Display for ItemCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for ItemCode {
    type Error = ItemCodeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<ItemCode> for String {
    fn from(c: ItemCode) -> Self {
        c.0
    }
}

/// Where a catalog item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemStatus {
    Active,
    /// Retired outright.
    Retired,
    /// Replaced by the items it was split into.
    Split,
    /// Replaced by the item it was merged into.
    Merged,
}

text_codes!(ItemStatus {
    Active => "active",
    Retired => "retired",
    Split => "split",
    Merged => "merged",
});

/// The fields of a catalog item that maintenance sets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ItemFields {
    pub code: ItemCode,
    pub name: String,
    pub category: Category,
    /// 设定依据: laws and articles.
    pub legal_basis: String,
    /// The tiers that may exercise the item.
    pub levels: Vec<DepartmentLevel>,
    /// In the township guidance catalog (may be delegated to townships).
    pub township: bool,
}

/// A master catalog item as the API returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CatalogItem {
    pub id: i64,
    #[serde(flatten)]
    pub fields: ItemFields,
    pub status: ItemStatus,
    /// Increases with every maintenance operation.
    pub version: i64,
    /// When the current version took effect (YYYY-MM-DD).
    pub effective_date: Date,
    pub updated_at: Timestamp,
}

/// One maintenance operation on an item, with the state it left.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ItemVersion {
    pub version: i64,
    /// add, adjust, split, merge, retire.
    pub operation: String,
    pub reason: String,
    pub effective_date: Date,
    pub changed_by: String,
    pub changed_at: Timestamp,
    pub fields: ItemFields,
    pub status: ItemStatus,
    /// Items this one was split into or merged into, or came from.
    pub related: Vec<i64>,
}

/// An item with its history, `GET /api/v1/catalog/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CatalogItemDetail {
    pub item: CatalogItem,
    pub versions: Vec<ItemVersion>,
}

/// Why and from when a maintenance operation applies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Maintenance {
    pub reason: String,
    /// YYYY-MM-DD
    pub effective_date: Date,
}

/// `POST /api/v1/workspace/catalog`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AddItemRequest {
    pub fields: ItemFields,
    #[serde(flatten)]
    pub maintenance: Maintenance,
}

/// `POST /api/v1/workspace/catalog/{id}/adjust`: the code stays.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdjustItemRequest {
    pub name: String,
    pub legal_basis: String,
    pub levels: Vec<DepartmentLevel>,
    pub township: bool,
    /// The version the change was made against; a newer one means someone else changed
    /// the item first (409).
    pub expected_version: i64,
    #[serde(flatten)]
    pub maintenance: Maintenance,
}

/// `POST /api/v1/workspace/catalog/{id}/retire`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RetireItemRequest {
    #[serde(flatten)]
    pub maintenance: Maintenance,
}

/// `POST /api/v1/workspace/catalog/{id}/split`: the item is replaced by two or more.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SplitItemRequest {
    pub into: Vec<ItemFields>,
    #[serde(flatten)]
    pub maintenance: Maintenance,
}

/// `POST /api/v1/workspace/catalog/merge`: two or more items are replaced by one.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MergeItemsRequest {
    pub sources: Vec<i64>,
    pub into: ItemFields,
    #[serde(flatten)]
    pub maintenance: Maintenance,
}

/// Filters of `GET /api/v1/catalog`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct CatalogQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::text))]
    pub q: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::category))]
    pub category: Option<Category>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::level))]
    pub level: Option<DepartmentLevel>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::boolean))]
    pub township: Option<bool>,
    /// Default: active items only; `all` for every status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::item_status))]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::id))]
    pub limit: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::id))]
    pub offset: Option<i64>,
}

/// Where a claim stands in its workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClaimStatus {
    /// Being filled in (first version or an adjustment).
    Draft,
    /// Waiting for a reviewer.
    Submitted,
    /// Sent back by a reviewer with a comment.
    Returned,
    /// Public, no change pending.
    Published,
    /// No longer claimed; the reason is kept.
    Withdrawn,
}

text_codes!(ClaimStatus {
    Draft => "draft",
    Submitted => "submitted",
    Returned => "returned",
    Published => "published",
    Withdrawn => "withdrawn",
});

/// What a department adds to a catalog item when it claims it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClaimDetails {
    /// 实施主体
    #[serde(default)]
    pub implementing_body: String,
    /// 地方性设定依据 (additional local legal basis)
    #[serde(default)]
    pub local_legal_basis: String,
    /// 责任事项: one step per line (立案, 调查取证, 审理, 告知, 决定, 送达, 执行 …)
    #[serde(default)]
    pub responsibility_steps: String,
    /// 追责情形
    #[serde(default)]
    pub accountability: String,
    /// 裁量基准
    #[serde(default)]
    pub discretion_benchmark: String,
    /// Where and how to apply, ask or complain.
    #[serde(default)]
    pub service_info: String,
}

impl ClaimDetails {
    /// Field names and values, in display order, for diffs.
    pub fn fields(&self) -> [(&'static str, &str); 6] {
        [
            ("implementing_body", &self.implementing_body),
            ("local_legal_basis", &self.local_legal_basis),
            ("responsibility_steps", &self.responsibility_steps),
            ("accountability", &self.accountability),
            ("discretion_benchmark", &self.discretion_benchmark),
            ("service_info", &self.service_info),
        ]
    }

    /// The fields that differ between two versions.
    pub fn diff(&self, newer: &ClaimDetails) -> Vec<FieldChange> {
        self.fields()
            .into_iter()
            .zip(newer.fields())
            .filter(|((_, a), (_, b))| a != b)
            .map(|((field, a), (_, b))| FieldChange {
                field: field.to_owned(),
                before: a.to_owned(),
                after: b.to_owned(),
            })
            .collect()
    }
}

/// One changed field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldChange {
    pub field: String,
    pub before: String,
    pub after: String,
}

/// The catalog item a claim is on, as lists show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ItemSummary {
    pub id: i64,
    pub code: ItemCode,
    pub name: String,
    pub category: Category,
    pub legal_basis: String,
    pub status: ItemStatus,
}

/// A department's claim on a catalog item, as the workspace sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Claim {
    pub id: i64,
    pub department_id: i64,
    pub department_name: String,
    pub item: ItemSummary,
    pub status: ClaimStatus,
    /// Raised when the catalog item was retired, split or merged: the claim needs action.
    pub flag: Option<String>,
    /// The version being worked on (draft, submitted or returned), if any.
    pub working: Option<ClaimDetails>,
    /// The public version, if it was ever published.
    pub published: Option<ClaimDetails>,
    pub published_at: Option<Timestamp>,
    pub review_comment: Option<String>,
    pub withdrawn_reason: Option<String>,
    /// Increases with every write; send it back as `expected_version` (409 if stale).
    pub version: i64,
    pub updated_at: Timestamp,
    pub updated_by: String,
}

/// One step in a claim's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClaimEvent {
    pub at: Timestamp,
    pub username: String,
    /// create, save, submit, approve, return, adjust, withdraw, flag.
    pub action: String,
    pub comment: Option<String>,
    pub changes: Vec<FieldChange>,
}

/// `GET …/claims/{id}`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClaimDetail {
    pub claim: Claim,
    pub history: Vec<ClaimEvent>,
}

/// `POST …/claims`: claim one or more catalog items.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClaimItemsRequest {
    pub item_ids: Vec<i64>,
}

/// `PUT …/claims/{id}`: save the working draft.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SaveClaimRequest {
    pub details: ClaimDetails,
    pub expected_version: i64,
}

/// Submit, approve: only the version is needed.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClaimTransition {
    pub expected_version: i64,
    /// Required when returning a claim or withdrawing it.
    #[serde(default)]
    pub comment: Option<String>,
}

/// A published item on a department's public list (事前公示).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicItem {
    pub claim_id: i64,
    pub department_id: i64,
    pub department_name: String,
    pub region_code: String,
    pub region_name: String,
    pub item: ItemSummary,
    pub details: ClaimDetails,
    pub published_at: Timestamp,
}

/// Filters of `GET /api/v1/items`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct PublicItemQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::id))]
    pub department: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::region))]
    pub region: Option<super::RegionCode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::category))]
    pub category: Option<Category>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::text))]
    pub q: Option<String>,
    /// `newest` for the most recently published first; default by department and code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::item_sort))]
    pub sort: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::limit_500))]
    pub limit: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::id))]
    pub offset: Option<i64>,
}

/// One problem found in an import file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RowError {
    /// The line in the file (the header is line 1).
    pub row: usize,
    #[serde(flatten)]
    pub problem: FieldProblemText,
}

impl RowError {
    pub fn new(row: usize, field: &str, msg: &Msg, lang: Lang) -> Self {
        Self {
            row,
            problem: FieldProblemText::new(field, msg, lang),
        }
    }
}

/// What an import found and did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportReport {
    pub rows: usize,
    pub valid_rows: usize,
    pub imported: usize,
    /// `utf-8` or `gb18030`.
    pub encoding: String,
    pub errors: Vec<RowError>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_standard_example_parses() {
        let code = ItemCode::parse("cf00123000").unwrap();
        assert_eq!(code.as_str(), "CF00123000");
        assert_eq!(code.category(), Category::Penalty);
        assert!(!code.is_sub_item());
        assert_eq!(ItemCode::parse("CF00123004").unwrap().main(), code);
    }

    #[test]
    fn malformed_codes_are_rejected() {
        assert_eq!(ItemCode::parse("CF0012300"), Err(ItemCodeError::Shape));
        assert_eq!(ItemCode::parse("C100123000"), Err(ItemCodeError::Shape));
        assert_eq!(
            ItemCode::parse("ZZ00123000"),
            Err(ItemCodeError::UnknownPrefix("ZZ".into()))
        );
        assert_eq!(ItemCode::parse("XK00000001"), Err(ItemCodeError::ZeroMain));
    }

    #[test]
    fn categories_parse_from_code_name_or_prefix() {
        for c in Category::ALL {
            assert_eq!(Category::read(c.as_str()), Some(c));
            assert_eq!(Category::read(c.name_zh()), Some(c));
            assert_eq!(Category::from_prefix(c.prefix()), Some(c));
        }
    }

    #[test]
    fn a_diff_names_only_changed_fields() {
        let a = ClaimDetails {
            implementing_body: "甲".into(),
            ..Default::default()
        };
        let b = ClaimDetails {
            implementing_body: "乙".into(),
            accountability: "x".into(),
            ..Default::default()
        };
        let d = a.diff(&b);
        assert_eq!(d.len(), 2);
        assert_eq!(
            d[0],
            FieldChange {
                field: "implementing_body".into(),
                before: "甲".into(),
                after: "乙".into()
            }
        );
    }

    proptest! {
        #[test]
        fn every_well_formed_code_round_trips(p in 0usize..10, main in 1u32..100_000, sub in 0u32..1000) {
            let s = format!("{}{main:05}{sub:03}", Category::ALL[p].prefix());
            let code = ItemCode::parse(&s).unwrap();
            prop_assert_eq!(code.as_str(), s.as_str());
            prop_assert_eq!(code.category(), Category::ALL[p]);
        }

        #[test]
        fn arbitrary_text_never_panics(s in "\\PC*") {
            let _ = ItemCode::parse(&s);
        }
    }
}
