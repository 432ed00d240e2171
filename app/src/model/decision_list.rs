//! A department's decision list as the workspace and case systems read it: search,
//! filters, sort orders and keyset pages (`GET …/decisions`), and the batch steps on the
//! decisions selected in it (`POST …/decisions/issue`, `…/decisions/publish`).
//!
//! The query is parsed once, here, into a [`DecisionFilter`]; the server turns that into
//! SQL and the workspace keeps its query string in the URL.

use serde::{Deserialize, Serialize};

use super::{
    CaseCode, Category, Date, DecisionStatus, ErrorDetail, Msg, Publication, Timestamp,
    codes::text_codes, disclosure::encode,
};

/// The largest page, and the default.
pub const DECISION_PAGE_MAX: i64 = 500;
pub const DECISION_PAGE_DEFAULT: i64 = 50;
/// The most decisions one batch step takes.
pub const DECISION_STEP_MAX: usize = 100;

/// Where a draft or an issued decision stands in the department's work: the to-do
/// counts of the overview link to these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DecisionStage {
    /// A major decision's draft without its legal review (法制审核).
    AwaitingReview,
    /// A draft the reviewer sent back with an opinion.
    Returned,
    /// A draft that may be issued now: not major, or reviewed.
    Ready,
    /// Issued, published by law, and not yet published.
    Unpublished,
}

text_codes!(DecisionStage {
    AwaitingReview => "awaiting_review",
    Returned => "returned",
    Ready => "ready",
    Unpublished => "unpublished",
});

/// The columns a list can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DecisionSortKey {
    /// The order of registration (the default, newest first).
    Registered,
    DecisionDate,
    DocumentNumber,
    Party,
    Updated,
}

text_codes!(DecisionSortKey {
    Registered => "registered",
    DecisionDate => "date",
    DocumentNumber => "number",
    Party => "party",
    Updated => "updated",
});

/// A sort order: a column and its direction. Written `date` (ascending) or `-date`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DecisionSort {
    pub key: DecisionSortKey,
    pub descending: bool,
}

impl Default for DecisionSort {
    fn default() -> Self {
        Self {
            key: DecisionSortKey::Registered,
            descending: true,
        }
    }
}

impl DecisionSort {
    pub fn parse(text: &str) -> Option<Self> {
        let (descending, key) = match text.strip_prefix('-') {
            Some(key) => (true, key),
            None => (false, text),
        };
        Some(Self {
            key: DecisionSortKey::parse(key)?,
            descending,
        })
    }

    /// Every order a list accepts, as written.
    pub fn codes() -> impl Iterator<Item = String> {
        DecisionSortKey::ALL
            .into_iter()
            .flat_map(|k| [k.as_str().to_owned(), format!("-{}", k.as_str())])
    }

    /// The order after a click on `key`'s column heading: the other direction of the
    /// same column, or a new column in its natural direction (dates newest first).
    pub fn toggled(self, key: DecisionSortKey) -> Self {
        if self.key == key {
            Self {
                key,
                descending: !self.descending,
            }
        } else {
            Self {
                key,
                descending: matches!(
                    key,
                    DecisionSortKey::Registered
                        | DecisionSortKey::DecisionDate
                        | DecisionSortKey::Updated
                ),
            }
        }
    }
}

impl std::fmt::Display for DecisionSort {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.descending {
            f.write_str("-")?;
        }
        f.write_str(self.key.as_str())
    }
}

/// `GET …/departments/{dept}/decisions`: every parameter optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct DecisionQuery {
    /// Words in the document number, the party's name or the case code.
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::words_100))]
    pub q: Option<String>,
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::code_or_blank::<DecisionStatus>))]
    pub status: Option<String>,
    /// `awaiting_review`, `returned`, `ready` (drafts) or `unpublished` (issued, to publish).
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::code_or_blank::<DecisionStage>))]
    pub stage: Option<String>,
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::category_or_blank))]
    pub kind: Option<String>,
    /// Decision dates from and to, `YYYY-MM-DD`, both included.
    #[serde(default, deserialize_with = "super::date::blank_is_none")]
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::date_or_blank))]
    pub from: Option<Date>,
    #[serde(default, deserialize_with = "super::date::blank_is_none")]
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::date_or_blank))]
    pub to: Option<Date>,
    /// `registered`, `date`, `number`, `party` or `updated`; `-` first for descending.
    /// Default `-registered` (the last registered first).
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::decision_sort))]
    pub sort: Option<String>,
    /// The `next` cursor of the previous page.
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::cursor))]
    pub after: Option<String>,
    /// 1-500, default 50.
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::limit_500))]
    pub limit: Option<i64>,
}

/// A [`DecisionQuery`] that passed [`DecisionQuery::filter`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DecisionFilter {
    pub q: Option<String>,
    pub status: Option<DecisionStatus>,
    pub stage: Option<DecisionStage>,
    pub kind: Option<Category>,
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub sort: DecisionSort,
    /// The keyset position the page starts after: (sort key as text, id).
    pub after: Option<(String, i64)>,
    pub limit: i64,
}

impl DecisionQuery {
    /// Checks every parameter; a problem names its field.
    pub fn filter(&self) -> Result<DecisionFilter, (&'static str, Msg)> {
        fn given(v: &Option<String>) -> Option<&str> {
            v.as_deref().map(str::trim).filter(|s| !s.is_empty())
        }
        let q = match given(&self.q) {
            Some(q) if q.chars().count() > 100 => return Err(("q", Msg::TooLong { max: 100 })),
            q => q.map(str::to_owned),
        };
        let status = given(&self.status)
            .map(|s| {
                DecisionStatus::parse(s).ok_or_else(|| {
                    let all = DecisionStatus::ALL.iter().map(|s| s.as_str());
                    ("status", Msg::unknown(s, all))
                })
            })
            .transpose()?;
        let stage = given(&self.stage)
            .map(|s| {
                DecisionStage::parse(s).ok_or_else(|| {
                    (
                        "stage",
                        Msg::unknown(s, DecisionStage::ALL.iter().map(|s| s.as_str())),
                    )
                })
            })
            .transpose()?;
        let kind = given(&self.kind)
            .map(|k| {
                Category::read(k).ok_or_else(|| {
                    (
                        "kind",
                        Msg::unknown(k, Category::ALL.iter().map(|c| c.as_str())),
                    )
                })
            })
            .transpose()?;
        let sort = match given(&self.sort) {
            None => DecisionSort::default(),
            Some(s) => DecisionSort::parse(s).ok_or_else(|| {
                let codes: Vec<String> = DecisionSort::codes().collect();
                ("sort", Msg::unknown(s, codes.iter().map(String::as_str)))
            })?,
        };
        let after = given(&self.after)
            .map(|cursor| {
                cursor
                    .rsplit_once('~')
                    .and_then(|(key, id)| Some((key.to_owned(), id.parse().ok()?)))
                    .ok_or(("after", Msg::BadCursor))
            })
            .transpose()?;
        let limit = self.limit.unwrap_or(DECISION_PAGE_DEFAULT);
        if !(1..=DECISION_PAGE_MAX).contains(&limit) {
            return Err((
                "limit",
                Msg::LimitRange {
                    max: DECISION_PAGE_MAX,
                },
            ));
        }
        Ok(DecisionFilter {
            q,
            status,
            stage,
            kind,
            from: self.from,
            to: self.to,
            sort,
            after,
            limit,
        })
    }

    /// The query string (without `?`) of these filters and order, without the cursor
    /// and the page size: what the workspace keeps in its URL.
    pub fn to_query_string(&self) -> String {
        let mut parts = Vec::new();
        let mut push = |k: &str, v: Option<String>| {
            if let Some(v) = v.filter(|v| !v.is_empty()) {
                parts.push(format!("{k}={}", encode(&v)));
            }
        };
        push("q", self.q.clone());
        push("status", self.status.clone());
        push("stage", self.stage.clone());
        push("kind", self.kind.clone());
        push("from", self.from.map(|d| d.to_string()));
        push("to", self.to.map(|d| d.to_string()));
        push("sort", self.sort.clone());
        parts.join("&")
    }

    /// How many filters are set (the sort order is not a filter).
    pub fn filters_set(&self) -> usize {
        [&self.q, &self.status, &self.stage, &self.kind]
            .into_iter()
            .filter(|v| v.as_deref().is_some_and(|v| !v.trim().is_empty()))
            .count()
            + usize::from(self.from.is_some())
            + usize::from(self.to.is_some())
    }
}

/// One line of a decision list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecisionSummary {
    pub id: i64,
    pub document_number: String,
    pub party_name: String,
    pub kind: Category,
    pub decision_date: Date,
    pub status: DecisionStatus,
    pub major: bool,
    pub reviewed: bool,
    /// A reviewer sent the draft back (its opinion is on the decision).
    pub returned: bool,
    pub case_code: Option<CaseCode>,
    /// Where it stands in the public listing today (`None` for a draft).
    pub publication: Option<Publication>,
    /// The last day to publish it, while that is still to do.
    pub publish_by: Option<Date>,
    /// The version a step on it must name (`expected_version`).
    pub version: i64,
    pub updated_at: Timestamp,
}

/// A page of a department's decisions: `total` counts every match, `next` is the
/// cursor of the following page (`after`), absent on the last.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecisionList {
    pub items: Vec<DecisionSummary>,
    pub total: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

/// A decision chosen for a batch step, at the version the user saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChosenDecision {
    pub id: i64,
    pub expected_version: i64,
}

/// `POST …/decisions/issue` and `…/decisions/publish`: the step for each of up to 100
/// decisions, each in its own transaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StepMany {
    pub items: Vec<ChosenDecision>,
}

/// What a batch step did to one decision: its new status and case code, or why nothing
/// changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StepResult {
    pub id: i64,
    pub document_number: Option<String>,
    pub ok: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<DecisionStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_code: Option<CaseCode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorDetail>,
}

/// The result of a batch step, in the order the decisions were given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StepReport {
    pub done: usize,
    pub failed: usize,
    pub results: Vec<StepResult>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sort_orders_read_and_toggle() {
        let date = DecisionSort::parse("-date").unwrap();
        assert_eq!(date.key, DecisionSortKey::DecisionDate);
        assert!(date.descending);
        assert_eq!(date.to_string(), "-date");
        assert_eq!(
            date.toggled(DecisionSortKey::DecisionDate).to_string(),
            "date"
        );
        assert_eq!(date.toggled(DecisionSortKey::Party).to_string(), "party");
        assert_eq!(DecisionSort::default().to_string(), "-registered");
        assert!(DecisionSort::parse("amount").is_none());
        assert!(DecisionSort::parse("--date").is_none());
        assert_eq!(
            DecisionSort::codes().count(),
            2 * DecisionSortKey::ALL.len()
        );
    }

    #[test]
    fn a_query_is_checked_field_by_field() {
        let q = DecisionQuery {
            q: Some("  天河 ".into()),
            status: Some("draft".into()),
            stage: Some("ready".into()),
            kind: Some("penalty".into()),
            sort: Some("party".into()),
            after: Some("某某公司~12".into()),
            ..Default::default()
        };
        let f = q.filter().unwrap();
        assert_eq!(f.q.as_deref(), Some("天河"));
        assert_eq!(f.status, Some(DecisionStatus::Draft));
        assert_eq!(f.stage, Some(DecisionStage::Ready));
        assert_eq!(f.kind, Some(Category::Penalty));
        assert_eq!(f.after, Some(("某某公司".into(), 12)));
        assert_eq!(f.limit, DECISION_PAGE_DEFAULT);
        assert_eq!(q.filters_set(), 4);

        let field = |q: DecisionQuery| q.filter().unwrap_err().0;
        let base = DecisionQuery::default();
        assert_eq!(
            field(DecisionQuery {
                status: Some("done".into()),
                ..base.clone()
            }),
            "status"
        );
        assert_eq!(
            field(DecisionQuery {
                stage: Some("x".into()),
                ..base.clone()
            }),
            "stage"
        );
        assert_eq!(
            field(DecisionQuery {
                sort: Some("amount".into()),
                ..base.clone()
            }),
            "sort"
        );
        assert_eq!(
            field(DecisionQuery {
                after: Some("12".into()),
                ..base.clone()
            }),
            "after"
        );
        assert_eq!(
            field(DecisionQuery {
                limit: Some(501),
                ..base.clone()
            }),
            "limit"
        );
        assert_eq!(
            field(DecisionQuery {
                q: Some("字".repeat(101)),
                ..base.clone()
            }),
            "q"
        );
        assert_eq!(base.filter().unwrap().sort, DecisionSort::default());
    }

    #[test]
    fn the_query_string_keeps_filters_and_order_but_not_the_page() {
        let q = DecisionQuery {
            q: Some("食品 公司".into()),
            stage: Some("returned".into()),
            from: Date::parse("2026-01-01"),
            sort: Some("-date".into()),
            after: Some("2026-01-02~5".into()),
            limit: Some(20),
            ..Default::default()
        };
        assert_eq!(
            q.to_query_string(),
            "q=%E9%A3%9F%E5%93%81%20%E5%85%AC%E5%8F%B8&stage=returned&from=2026-01-01&sort=-date"
        );
    }
}
