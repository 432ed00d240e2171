//! Request and response bodies of the JSON API under `/api/v1`.

use serde::{Deserialize, Serialize};

use super::codes::text_codes;

use super::{
    DepartmentKind, DepartmentLevel, RegionCode, RegionLevel, Uscc,
    message::{Lang, Params, text_of},
};

/// Every error the API returns has this shape: `{"error": {"code", "message", "field",
/// "rule", "params"}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorDetail {
    /// What kind of error, for programs: `not_found`, `validation`…
    pub code: ErrorCode,
    /// The explanation, in the language the request asked for (`Accept-Language`,
    /// Simplified Chinese by default).
    pub message: String,
    /// The request field at fault, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The stable key of the message (`decision.date_in_future`), from which a client
    /// renders it in its own language ([`crate::model::message`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// The values the message names (`{"max": "100"}`).
    #[serde(default, skip_serializing_if = "Params::is_empty")]
    #[cfg_attr(feature = "openapi", schema(value_type = std::collections::HashMap<String, String>))]
    pub params: Params,
}

impl ErrorDetail {
    /// The message in `lang`: rendered from `rule` when this build knows it, else the
    /// server's own text.
    pub fn text(&self, lang: Lang) -> String {
        text_of(
            &self.message,
            self.rule.as_deref(),
            &self.params,
            self.field.as_deref(),
            lang,
        )
    }
}

/// The kinds of error, each with one HTTP status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// 400: the request is malformed (unreadable JSON, a bad query string).
    BadRequest,
    /// 401: not signed in.
    Unauthenticated,
    /// 401: the session ended.
    SessionExpired,
    /// 401: wrong username or password.
    InvalidCredentials,
    /// 403: the role or department does not allow it.
    Forbidden,
    /// 403: the CSRF token is missing or wrong, or the request is cross-site.
    CsrfFailed,
    /// 403: the account must change its password first.
    PasswordChangeRequired,
    /// 404
    NotFound,
    /// 409: a duplicate or a stale version.
    Conflict,
    /// 413
    PayloadTooLarge,
    /// 415
    UnsupportedMediaType,
    /// 422: a field is invalid.
    Validation,
    /// 429: too many attempts; see `Retry-After`.
    RateLimited,
    /// 503: the server is at a limit it keeps to stay up; see `Retry-After`.
    Busy,
    /// 500
    Internal,
    /// A code this build does not know (a newer server).
    #[serde(other)]
    Unknown,
}

impl ErrorCode {
    /// The HTTP status of the code.
    pub fn status(self) -> u16 {
        match self {
            Self::BadRequest => 400,
            Self::Unauthenticated | Self::SessionExpired | Self::InvalidCredentials => 401,
            Self::Forbidden | Self::CsrfFailed | Self::PasswordChangeRequired => 403,
            Self::NotFound => 404,
            Self::Conflict => 409,
            Self::PayloadTooLarge => 413,
            Self::UnsupportedMediaType => 415,
            Self::Validation => 422,
            Self::RateLimited => 429,
            Self::Busy => 503,
            Self::Internal | Self::Unknown => 500,
        }
    }
}

/// The storage engine a server runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatabaseBackend {
    Sqlite,
    Postgres,
}

text_codes!(DatabaseBackend {
    Sqlite => "sqlite",
    Postgres => "postgres",
});

/// `GET /api/v1/health`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// `ok` when the database answers.
    pub status: String,
    pub version: String,
    pub database: DatabaseBackend,
    /// The version of the newest applied migration.
    pub migration_version: i64,
}

/// `GET /api/v1/ready`: 200 when the database answers and no migration is pending.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Readiness {
    /// `ready`.
    pub status: String,
    pub database: DatabaseBackend,
    pub migration_version: i64,
}

/// A list with the number of all matches (which may exceed `items.len()`). Its schema
/// is named after its items (`ClaimList`), see [`crate::model::schema`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListResponse<T> {
    pub items: Vec<T>,
    pub total: i64,
}

/// A GB/T 2260 administrative division, `GET /api/v1/regions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Region {
    pub code: RegionCode,
    pub name: String,
    pub level: RegionLevel,
    pub parent_code: Option<RegionCode>,
}

/// An enforcement department, `GET /api/v1/departments`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Department {
    pub id: i64,
    pub name: String,
    pub uscc: Uscc,
    pub region_code: RegionCode,
    /// The region's name, e.g. 天河区.
    pub region_name: String,
    pub level: DepartmentLevel,
    pub kind: DepartmentKind,
    pub parent_id: Option<i64>,
}

/// Query of `GET /api/v1/departments`; every filter is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct DepartmentQuery {
    /// Departments in this region or below it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::region))]
    pub region: Option<RegionCode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::level))]
    pub level: Option<DepartmentLevel>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::kind))]
    pub kind: Option<DepartmentKind>,
    /// Part of the name or the unified social credit code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::text))]
    pub q: Option<String>,
    /// At most this many rows (1-500, default 500).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::limit_500))]
    pub limit: Option<i64>,
}

/// `GET /api/v1/workspace/overview`: what needs doing, for the user's department (clerks
/// and reviewers) or the whole province (admins and auditors).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkOverview {
    /// The department counted, or none for the province.
    pub department_id: Option<i64>,
    /// Drafts not yet issued.
    pub drafts: i64,
    /// Major drafts waiting for their legal review.
    pub awaiting_review: i64,
    /// Drafts a reviewer sent back with a comment.
    pub returned: i64,
    /// Drafts that may be issued now (no review needed, or reviewed).
    pub ready_to_issue: i64,
    /// Publications (or art. 48 withdrawals) due within 2 working days.
    pub publication_due_soon: i64,
    /// Publications past their deadline.
    pub publication_overdue: i64,
    /// Claims flagged by a change in the master catalog.
    pub flagged_claims: i64,
    /// Active officers whose certificates end within 30 days.
    pub certificates_expiring: i64,
    /// For the province: each department with publications overdue or due soon, the
    /// most overdue first (empty for one department's overview).
    #[serde(default)]
    pub departments: Vec<DepartmentDue>,
}

/// One department's publication duties in the province's overview.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DepartmentDue {
    pub department_id: i64,
    pub department_name: String,
    pub overdue: i64,
    pub due_soon: i64,
}
