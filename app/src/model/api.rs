//! Request and response bodies of the JSON API under `/api/v1`.

use serde::{Deserialize, Serialize};

use super::{DepartmentKind, DepartmentLevel, RegionCode, RegionLevel, Uscc};

/// Every error the API returns has this shape: `{"error": {"code", "message", "field"}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorDetail {
    /// A stable, machine-readable code such as `not_found` or `validation`.
    pub code: String,
    /// A human-readable explanation (English; the app translates known codes).
    pub message: String,
    /// The request field at fault, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// The storage engine a server runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatabaseBackend {
    Sqlite,
    Postgres,
}

/// `GET /api/v1/health`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    /// `ok` when the database answers.
    pub status: String,
    pub version: String,
    pub database: DatabaseBackend,
    /// The version of the newest applied migration.
    pub migration_version: i64,
}

/// A list with the number of all matches (which may exceed `items.len()`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListResponse<T> {
    pub items: Vec<T>,
    pub total: i64,
}

/// A GB/T 2260 administrative division, `GET /api/v1/regions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Region {
    pub code: RegionCode,
    pub name: String,
    pub level: RegionLevel,
    pub parent_code: Option<RegionCode>,
}

/// An enforcement department, `GET /api/v1/departments`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
pub struct DepartmentQuery {
    /// Departments in this region or below it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<RegionCode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<DepartmentLevel>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<DepartmentKind>,
    /// Part of the name or the unified social credit code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// At most this many rows (1-500, default 500).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
}
