//! The master catalog and its version history.

use app::model::{
    CatalogItem, CatalogQuery, Category, Date, DepartmentLevel, ItemCode, ItemFields, ItemStatus,
    ItemVersion, Maintenance,
};
use sqlx::{AnyConnection, Row, any::AnyRow};

use super::Db;
use crate::Result;

/// The most rows one list request returns.
pub const MAX_LIST: i64 = 500;

pub fn levels_text(levels: &[DepartmentLevel]) -> String {
    let mut sorted = levels.to_vec();
    sorted.sort();
    sorted.dedup();
    sorted
        .iter()
        .map(|l| l.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

pub fn levels_from_text(s: &str) -> Vec<DepartmentLevel> {
    s.split(',').filter_map(DepartmentLevel::parse).collect()
}

const COLUMNS: &str = "id, code, name, category, legal_basis, levels, township, status, version, effective_date, updated_at";

fn bad(what: &str, value: &str) -> crate::AppError {
    anyhow::anyhow!("catalog row holds an invalid {what}: {value}").into()
}

fn item_from_row(row: &AnyRow) -> Result<CatalogItem> {
    let code: String = row.try_get("code")?;
    let category: String = row.try_get("category")?;
    let status: String = row.try_get("status")?;
    Ok(CatalogItem {
        id: row.try_get("id")?,
        fields: ItemFields {
            code: ItemCode::parse(&code).map_err(|_| bad("code", &code))?,
            name: row.try_get("name")?,
            category: Category::parse(&category).ok_or_else(|| bad("category", &category))?,
            legal_basis: row.try_get("legal_basis")?,
            levels: levels_from_text(&row.try_get::<String, _>("levels")?),
            township: row.try_get::<i64, _>("township")? == 1,
        },
        status: ItemStatus::parse(&status).ok_or_else(|| bad("status", &status))?,
        version: row.try_get("version")?,
        effective_date: row.try_get("effective_date")?,
        updated_at: row.try_get("updated_at")?,
    })
}

pub async fn find(conn: &mut AnyConnection, id: i64) -> Result<Option<CatalogItem>> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM catalog_items WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    row.as_ref().map(item_from_row).transpose()
}

pub async fn id_by_code(conn: &mut AnyConnection, code: &ItemCode) -> Result<Option<i64>> {
    Ok(
        sqlx::query_scalar("SELECT id FROM catalog_items WHERE code = $1")
            .bind(code.as_str())
            .fetch_optional(&mut *conn)
            .await?,
    )
}

/// Items matching the filters, by code, with the number of all matches.
pub async fn list(db: &Db, q: &CatalogQuery) -> Result<(Vec<CatalogItem>, i64)> {
    let text =
        q.q.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(super::departments::contains_pattern);
    let level = q.level.map(|l| format!("%{}%", l.as_str()));
    let status = match q.status.as_deref() {
        Some("all") => None,
        Some(s) => Some(s.to_owned()),
        None => Some("active".to_owned()),
    };
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS}, COUNT(*) OVER () AS total FROM catalog_items \
         WHERE ($1 IS NULL OR name LIKE $1 ESCAPE '\\' OR code LIKE upper($1) ESCAPE '\\' OR legal_basis LIKE $1 ESCAPE '\\') \
         AND ($2 IS NULL OR category = $2) AND ($3 IS NULL OR levels LIKE $3) \
         AND ($4 IS NULL OR township = $4) AND ($5 IS NULL OR status = $5) \
         ORDER BY code LIMIT $6 OFFSET $7"
    ))
    .bind(text)
    .bind(q.category.map(|c| c.as_str()))
    .bind(level)
    .bind(q.township.map(i64::from))
    .bind(status)
    .bind(q.limit.unwrap_or(100).clamp(1, MAX_LIST))
    .bind(q.offset.unwrap_or(0).max(0))
    .fetch_all(db.pool())
    .await?;
    let total = super::total_of(&rows)?;
    Ok((
        rows.iter().map(item_from_row).collect::<Result<_>>()?,
        total,
    ))
}

/// Every item in code order, for export.
pub async fn all(db: &Db) -> Result<Vec<CatalogItem>> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM catalog_items ORDER BY code"
    ))
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(item_from_row).collect()
}

pub async fn insert(tx: &mut super::Tx, f: &ItemFields, effective_date: Date) -> Result<i64> {
    let clock = tx.clock().clone();
    let conn: &mut AnyConnection = tx;
    let id = sqlx::query_scalar(
        "INSERT INTO catalog_items (code, name, category, legal_basis, levels, township, status, version, \
         effective_date, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 'active', 1, $7, $8) RETURNING id",
    )
    .bind(f.code.as_str())
    .bind(&f.name)
    .bind(f.category.as_str())
    .bind(&f.legal_basis)
    .bind(levels_text(&f.levels))
    .bind(i64::from(f.township))
    .bind(effective_date)
    .bind(clock.now())
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

/// Writes new fields and status as the next version, if the item is still at `expected`.
/// Returns false when someone else changed it first.
pub async fn update(
    tx: &mut super::Tx,
    id: i64,
    expected: i64,
    f: &ItemFields,
    status: ItemStatus,
    effective_date: Date,
) -> Result<bool> {
    let clock = tx.clock().clone();
    let conn: &mut AnyConnection = tx;
    let done = sqlx::query(
        "UPDATE catalog_items SET name = $1, legal_basis = $2, levels = $3, township = $4, status = $5, \
         version = version + 1, effective_date = $6, updated_at = $7 WHERE id = $8 AND version = $9",
    )
    .bind(&f.name)
    .bind(&f.legal_basis)
    .bind(levels_text(&f.levels))
    .bind(i64::from(f.township))
    .bind(status.as_str())
    .bind(effective_date)
    .bind(clock.now())
    .bind(id)
    .bind(expected)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Records the state an operation left, as version `item.version`.
pub async fn record_version(
    tx: &mut super::Tx,
    item: &CatalogItem,
    operation: &str,
    maintenance: &Maintenance,
    changed_by: &str,
    related: &[i64],
) -> Result<()> {
    let clock = tx.clock().clone();
    let conn: &mut AnyConnection = tx;
    sqlx::query(
        "INSERT INTO catalog_item_versions (item_id, version, operation, reason, effective_date, changed_by, \
         changed_at, snapshot, status, related) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(item.id)
    .bind(item.version)
    .bind(operation)
    .bind(maintenance.reason.trim())
    .bind(maintenance.effective_date)
    .bind(changed_by)
    .bind(clock.now())
    .bind(serde_json::to_string(&item.fields).map_err(anyhow::Error::from)?)
    .bind(item.status.as_str())
    .bind(serde_json::to_string(related).map_err(anyhow::Error::from)?)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn versions(db: &Db, id: i64) -> Result<Vec<ItemVersion>> {
    let rows = sqlx::query(
        "SELECT version, operation, reason, effective_date, changed_by, changed_at, snapshot, status, related \
         FROM catalog_item_versions WHERE item_id = $1 ORDER BY version DESC",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|row| {
            let snapshot: String = row.try_get("snapshot")?;
            let related: String = row.try_get("related")?;
            let status: String = row.try_get("status")?;
            Ok(ItemVersion {
                version: row.try_get("version")?,
                operation: row.try_get("operation")?,
                reason: row.try_get("reason")?,
                effective_date: row.try_get("effective_date")?,
                changed_by: row.try_get("changed_by")?,
                changed_at: row.try_get("changed_at")?,
                fields: serde_json::from_str(&snapshot).map_err(anyhow::Error::from)?,
                status: ItemStatus::parse(&status).ok_or_else(|| bad("status", &status))?,
                related: serde_json::from_str(&related).map_err(anyhow::Error::from)?,
            })
        })
        .collect()
}

/// Takes a write lock on an active item's row until the transaction ends (a no-op
/// update), so a concurrent retirement waits for, and then sees, what this transaction
/// adds. False when the item is not active.
pub async fn lock_active(conn: &mut AnyConnection, id: i64) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE catalog_items SET version = version WHERE id = $1 AND status = 'active'",
    )
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn count(db: &Db) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM catalog_items")
        .fetch_one(db.pool())
        .await?)
}
