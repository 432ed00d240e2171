//! Public disclosure (执法决定公示): the listing, its filters, statistics and the
//! workspace's publication duties. Every text field here is a public form: a person's
//! name masked, personal data scrubbed (see `publicity::scrub`).

use serde::{Deserialize, Serialize};

use super::{
    CaseCode, Category, Date, DecisionStatus, Lang, Msg, PartyKind, PenaltyType, Timestamp,
    codes::text_codes, message::FieldProblemText,
};

/// Filters of `GET /api/v1/disclosures` (and its CSV and JSON exports); all optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct DisclosureQuery {
    /// Words in the party's (public) name, the document number or the facts.
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::words_100))]
    pub q: Option<String>,
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::id))]
    pub department: Option<i64>,
    /// A region code: the region and everything in it (a city includes its districts).
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::region_or_blank))]
    pub region: Option<String>,
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::category_or_blank))]
    pub category: Option<String>,
    /// A penalty type, e.g. `fine`.
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::penalty_or_blank))]
    pub penalty: Option<String>,
    /// Decision dates from and to, `YYYY-MM-DD`, both included.
    #[serde(default, deserialize_with = "super::date::blank_is_none")]
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::date_or_blank))]
    pub from: Option<Date>,
    #[serde(default, deserialize_with = "super::date::blank_is_none")]
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::date_or_blank))]
    pub to: Option<Date>,
    /// Amount range in yuan, both included.
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::yuan))]
    pub min_yuan: Option<i64>,
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::yuan))]
    pub max_yuan: Option<i64>,
    /// `newest` (default), `oldest` or `amount`.
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::disclosure_sort))]
    pub sort: Option<String>,
    /// The `next` cursor of the previous page.
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::cursor))]
    pub after: Option<String>,
    /// 1-100, default 20.
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::limit_100))]
    pub limit: Option<i64>,
}

impl DisclosureQuery {
    /// How many filters are set besides the search words and the order: the count the
    /// folded filters show.
    pub fn filters_set(&self) -> usize {
        [&self.region, &self.category, &self.penalty]
            .into_iter()
            .filter(|v| v.as_deref().is_some_and(|v| !v.trim().is_empty()))
            .count()
            + usize::from(self.department.is_some())
            + usize::from(self.from.is_some())
            + usize::from(self.to.is_some())
            + usize::from(self.min_yuan.is_some())
            + usize::from(self.max_yuan.is_some())
    }

    /// The query string (without `?`) for these filters, leaving out the cursor.
    pub fn to_query_string(&self) -> String {
        let mut parts = Vec::new();
        let mut push = |k: &str, v: Option<String>| {
            if let Some(v) = v.filter(|v| !v.is_empty()) {
                parts.push(format!("{k}={}", encode(&v)));
            }
        };
        push("q", self.q.clone());
        push("department", self.department.map(|d| d.to_string()));
        push("region", self.region.clone());
        push("category", self.category.clone());
        push("penalty", self.penalty.clone());
        push("from", self.from.map(|d| d.to_string()));
        push("to", self.to.map(|d| d.to_string()));
        push("min_yuan", self.min_yuan.map(|v| v.to_string()));
        push("max_yuan", self.max_yuan.map(|v| v.to_string()));
        push("sort", self.sort.clone());
        parts.join("&")
    }
}

/// Percent-encodes a query value (RFC 3986 unreserved characters pass through).
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A published decision as the public sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Disclosure {
    pub id: i64,
    pub case_code: CaseCode,
    pub document_number: String,
    pub department_id: i64,
    pub department_name: String,
    pub region_code: String,
    pub decision_date: Date,
    pub kind: Category,
    pub item_code: String,
    pub item_name: String,
    pub party_kind: PartyKind,
    /// An organisation's name, or a person's masked name.
    pub party_name: String,
    /// An organisation's unified social credit code.
    pub party_uscc: Option<String>,
    pub facts: String,
    pub legal_basis: String,
    pub result: String,
    pub penalty_types: Vec<PenaltyType>,
    pub amount_fen: Option<i64>,
    /// When the department published it (`YYYY-MM-DD`).
    pub published_on: Date,
    /// The last day it stays in the listing.
    pub published_until: Date,
}

/// One page of the listing; `next` fetches the following page (keyset pagination).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DisclosurePage {
    pub items: Vec<Disclosure>,
    pub next: Option<String>,
}

/// A decision taken out of the listing after a revocation or change (art. 48): the
/// notice says which, when and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Withdrawal {
    pub case_code: CaseCode,
    pub document_number: String,
    pub department_name: String,
    pub decision_date: Date,
    pub status: DecisionStatus,
    pub withdrawn_on: Date,
    pub reason: String,
    pub new_case_code: Option<CaseCode>,
}

/// An issued decision the department still has to publish.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DueDecision {
    pub id: i64,
    pub department_id: i64,
    pub department_name: String,
    pub document_number: String,
    pub party_name: String,
    pub kind: Category,
    pub decision_date: Date,
    /// What is due: publishing the decision, or (art. 48) withdrawing its publication.
    #[serde(default)]
    pub duty: Duty,
    /// The last day to publish (working days on the official calendar), or to withdraw
    /// (3 days after the act that ended the decision).
    pub publish_by: Date,
    /// Working days left (negative: overdue by that many working days); for a withdrawal,
    /// the days it came late (negative).
    pub days_left: i64,
    pub overdue: bool,
    /// The deadline falls in a year whose official calendar is not loaded: counted on
    /// weekdays alone until an administrator loads it.
    #[serde(default)]
    pub provisional: bool,
}

/// A publication duty.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Duty {
    /// Publish within 7 or 20 working days of the decision.
    #[default]
    Publish,
    /// Withdraw within 3 days of the act that ended it (Administrative Penalty Law art. 48):
    /// listed when that was missed.
    Withdraw,
}

text_codes!(Duty {
    Publish => "publish",
    Withdraw => "withdraw",
});

/// One bar of a chart: a key, its label, how many decisions and their amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatRow {
    pub key: String,
    pub label: String,
    pub count: i64,
    pub amount_fen: i64,
}

/// How many due publications were made in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OnTime {
    /// Decisions that had to be published (published, or past their deadline).
    pub due: i64,
    /// Of those, published on or before the deadline.
    pub on_time: i64,
}

impl OnTime {
    /// Per mille (so integers stay exact), `None` with nothing due.
    pub fn per_mille(&self) -> Option<i64> {
        (self.due > 0).then(|| self.on_time * 1000 / self.due)
    }
}

/// Filters of `GET /api/v1/stats`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct StatsQuery {
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::year))]
    pub year: Option<i32>,
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::region_or_blank))]
    pub region: Option<String>,
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::id))]
    pub department: Option<i64>,
}

/// Enforcement statistics of issued decisions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Stats {
    /// Decisions in the public listing (published, expired or withdrawn since): every
    /// count and amount below covers only these, so no figure singles out a withheld one.
    pub total: i64,
    pub amount_fen: i64,
    pub revoked: i64,
    pub changed: i64,
    pub by_category: Vec<StatRow>,
    pub by_month: Vec<StatRow>,
    pub by_region: Vec<StatRow>,
    pub by_department: Vec<StatRow>,
    /// Over the decisions the law requires to be published.
    pub on_time: OnTime,
    /// Decisions the law keeps off the listing, for one department's year only, and only
    /// when there are at least [`MIN_WITHHELD_SHOWN`] of them.
    #[serde(default)]
    pub withheld: Option<i64>,
}

/// The fewest withheld decisions a department's yearly figures show as a number.
pub const MIN_WITHHELD_SHOWN: i64 = 3;

/// A day of the working calendar set by an administrator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CalendarDay {
    pub date: Date,
    pub working: bool,
    pub note: String,
}

/// A year whose official holiday notice an administrator loaded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CalendarYear {
    pub year: i64,
    /// Holidays and adjusted working days the notice set.
    pub days: i64,
    pub loaded_by: String,
    pub loaded_at: Timestamp,
}

/// Which years the working calendar covers, and which it needs but lacks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CalendarCoverage {
    /// Built in (2024-2026).
    pub built_in: Vec<i64>,
    pub loaded: Vec<CalendarYear>,
    /// This year and the next (China time) when their notice is not loaded: deadlines in
    /// them are counted on weekdays alone and marked provisional until it is.
    pub missing: Vec<i64>,
}

/// The result of a calendar import: the rows read and their problems.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CalendarImportReport {
    pub rows: usize,
    pub years: Vec<i64>,
    /// Problems by line (1 = the header); nothing is imported while there are any.
    pub problems: Vec<CalendarRowProblem>,
    pub imported: bool,
}

/// A problem with one line of a calendar file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CalendarRowProblem {
    pub line: usize,
    #[serde(flatten)]
    pub problem: FieldProblemText,
}

impl CalendarRowProblem {
    pub fn new(line: usize, field: &str, msg: &Msg, lang: Lang) -> Self {
        Self {
            line,
            problem: FieldProblemText::new(field, msg, lang),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_make_a_shareable_query_string() {
        let q = DisclosureQuery {
            q: Some("食品 安全".into()),
            region: Some("440100".into()),
            min_yuan: Some(1000),
            after: Some("ignored".into()),
            ..Default::default()
        };
        assert_eq!(
            q.to_query_string(),
            "q=%E9%A3%9F%E5%93%81%20%E5%AE%89%E5%85%A8&region=440100&min_yuan=1000"
        );
        assert_eq!(OnTime { due: 3, on_time: 2 }.per_mille(), Some(666));
        assert_eq!(OnTime { due: 0, on_time: 0 }.per_mille(), None);
    }
}
