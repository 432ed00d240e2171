//! Enforcement departments.

use app::model::{
    Department, DepartmentKind, DepartmentLevel, DepartmentQuery, RegionCode, RegionLevel, Uscc,
};
use sqlx::{AnyConnection, Row};

use super::Db;
use crate::Result;

/// The most rows one list request returns.
pub const MAX_LIST: i64 = 500;

/// A department to insert.
#[derive(Debug, Clone)]
pub struct NewDepartment {
    pub name: String,
    pub uscc: Uscc,
    pub region_code: RegionCode,
    pub level: DepartmentLevel,
    pub kind: DepartmentKind,
    pub parent_id: Option<i64>,
}

const SELECT: &str = "SELECT d.id, d.name, d.uscc, d.region_code, r.name AS region_name, \
     d.level, d.kind, d.parent_id, COUNT(*) OVER () AS total \
     FROM departments d JOIN regions r ON r.code = d.region_code";

fn from_row(row: &sqlx::any::AnyRow) -> Result<Department> {
    let bad = |what: &str, value: &str| {
        anyhow::anyhow!("departments row holds an invalid {what}: {value}")
    };
    let uscc: String = row.try_get("uscc")?;
    let region: String = row.try_get("region_code")?;
    let level: String = row.try_get("level")?;
    let kind: String = row.try_get("kind")?;
    Ok(Department {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        uscc: Uscc::parse(&uscc).map_err(|_| bad("uscc", &uscc))?,
        region_code: RegionCode::parse(&region).map_err(|_| bad("region", &region))?,
        region_name: row.try_get("region_name")?,
        level: DepartmentLevel::parse(&level).ok_or_else(|| bad("level", &level))?,
        kind: DepartmentKind::parse(&kind).ok_or_else(|| bad("kind", &kind))?,
        parent_id: row.try_get("parent_id")?,
    })
}

/// `LIKE` pattern matching `s` anywhere, with `\` escaping the wildcards.
pub fn contains_pattern(s: &str) -> String {
    let escaped = s
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// `LIKE` pattern for a region and everything below it.
pub fn region_pattern(code: &RegionCode) -> String {
    match code.level() {
        RegionLevel::Province => format!("{}%", &code.as_str()[..2]),
        RegionLevel::City => format!("{}%", &code.as_str()[..4]),
        RegionLevel::County => code.as_str().to_owned(),
    }
}

/// Departments matching the query, ordered by tier then region then name, with the
/// number of all matches.
pub async fn list(db: &Db, query: &DepartmentQuery, limit: i64) -> Result<(Vec<Department>, i64)> {
    let sql = format!(
        "{SELECT} WHERE ($1 IS NULL OR d.region_code LIKE $1) \
         AND ($2 IS NULL OR d.level = $2) AND ($3 IS NULL OR d.kind = $3) \
         AND ($4 IS NULL OR d.name LIKE $4 ESCAPE '\\' OR d.uscc LIKE upper($4) ESCAPE '\\') \
         ORDER BY CASE d.level WHEN 'province' THEN 0 WHEN 'city' THEN 1 \
         WHEN 'county' THEN 2 ELSE 3 END, d.region_code, d.name LIMIT $5"
    );
    let q = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
    let rows = sqlx::query(&sql)
        .bind(query.region.as_ref().map(region_pattern))
        .bind(query.level.map(|l| l.as_str()))
        .bind(query.kind.map(|k| k.as_str()))
        .bind(q.map(contains_pattern))
        .bind(limit.clamp(1, MAX_LIST))
        .fetch_all(db.pool())
        .await?;
    let total = super::total_of(&rows)?;
    let items = rows.iter().map(from_row).collect::<Result<_>>()?;
    Ok((items, total))
}

pub async fn find(db: &Db, id: i64) -> Result<Option<Department>> {
    let row = sqlx::query(&format!("{SELECT} WHERE d.id = $1"))
        .bind(id)
        .fetch_optional(db.pool())
        .await?;
    row.as_ref().map(from_row).transpose()
}

pub async fn find_by_uscc(conn: &mut AnyConnection, uscc: &Uscc) -> Result<Option<i64>> {
    Ok(
        sqlx::query_scalar("SELECT id FROM departments WHERE uscc = $1")
            .bind(uscc.as_str())
            .fetch_optional(&mut *conn)
            .await?,
    )
}

pub async fn insert(tx: &mut super::Tx, new: &NewDepartment) -> Result<i64> {
    let clock = tx.clock().clone();
    let conn: &mut AnyConnection = tx;
    let id = sqlx::query_scalar(
        "INSERT INTO departments (name, uscc, region_code, level, kind, parent_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(&new.name)
    .bind(new.uscc.as_str())
    .bind(new.region_code.as_str())
    .bind(new.level.as_str())
    .bind(new.kind.as_str())
    .bind(new.parent_id)
    .bind(clock.now())
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

pub async fn count(db: &Db) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM departments")
        .fetch_one(db.pool())
        .await?)
}
