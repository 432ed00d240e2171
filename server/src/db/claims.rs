//! Departments' claims on catalog items, their history, and the public item lists.

use app::model::{
    Category, Claim, ClaimDetails, ClaimEvent, ClaimStatus, FieldChange, ItemCode, ItemStatus,
    ItemSummary, PublicItem, PublicItemQuery,
};
use sqlx::{AnyConnection, Row, any::AnyRow};

use super::Db;
use crate::Result;

pub const MAX_LIST: i64 = 500;

const COLUMNS: &str = "c.id, c.department_id, d.name AS department_name, c.item_id, i.code, i.name AS item_name, \
    i.category, i.legal_basis, i.status AS item_status, c.status, c.flag, c.working, c.published, c.published_at, \
    c.review_comment, c.withdrawn_reason, c.version, c.updated_at, c.updated_by";
const FROM: &str = "FROM claims c JOIN catalog_items i ON i.id = c.item_id JOIN departments d ON d.id = c.department_id";

fn bad(what: &str, value: &str) -> crate::AppError {
    anyhow::anyhow!("claims row holds an invalid {what}: {value}").into()
}

fn details(json: Option<String>) -> Result<Option<ClaimDetails>> {
    json.map(|j| serde_json::from_str(&j).map_err(|e| anyhow::Error::from(e).into()))
        .transpose()
}

fn summary_from_row(row: &AnyRow) -> Result<ItemSummary> {
    let code: String = row.try_get("code")?;
    let category: String = row.try_get("category")?;
    let status: String = row.try_get("item_status")?;
    Ok(ItemSummary {
        id: row.try_get("item_id")?,
        code: ItemCode::parse(&code).map_err(|_| bad("code", &code))?,
        name: row.try_get("item_name")?,
        category: Category::parse(&category).ok_or_else(|| bad("category", &category))?,
        legal_basis: row.try_get("legal_basis")?,
        status: ItemStatus::parse(&status).ok_or_else(|| bad("item status", &status))?,
    })
}

fn claim_from_row(row: &AnyRow) -> Result<Claim> {
    let status: String = row.try_get("status")?;
    Ok(Claim {
        id: row.try_get("id")?,
        department_id: row.try_get("department_id")?,
        department_name: row.try_get("department_name")?,
        item: summary_from_row(row)?,
        status: ClaimStatus::parse(&status).ok_or_else(|| bad("status", &status))?,
        flag: row.try_get("flag")?,
        working: details(row.try_get("working")?)?,
        published: details(row.try_get("published")?)?,
        published_at: row.try_get("published_at")?,
        review_comment: row.try_get("review_comment")?,
        withdrawn_reason: row.try_get("withdrawn_reason")?,
        version: row.try_get("version")?,
        updated_at: row.try_get("updated_at")?,
        updated_by: row.try_get("updated_by")?,
    })
}

fn to_json(d: &Option<ClaimDetails>) -> Result<Option<String>> {
    d.as_ref()
        .map(|d| serde_json::to_string(d).map_err(|e| anyhow::Error::from(e).into()))
        .transpose()
}

/// A new draft claim; fails with a 409 on a second live claim (index `claims_live`).
pub async fn insert(tx: &mut super::Tx, department_id: i64, item_id: i64, by: &str) -> Result<i64> {
    let clock = tx.clock().clone();
    let conn: &mut AnyConnection = tx;
    let now = clock.now();
    let id = sqlx::query_scalar(
        "INSERT INTO claims (department_id, item_id, status, working, version, created_at, updated_at, updated_by) \
         VALUES ($1, $2, 'draft', $3, 1, $4, $4, $5) RETURNING id",
    )
    .bind(department_id)
    .bind(item_id)
    .bind(to_json(&Some(ClaimDetails::default()))?)
    .bind(now)
    .bind(by)
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

/// A claim of the department, or `None` (also when it belongs to another department).
pub async fn find(conn: &mut AnyConnection, department_id: i64, id: i64) -> Result<Option<Claim>> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} {FROM} WHERE c.id = $1 AND c.department_id = $2"
    ))
    .bind(id)
    .bind(department_id)
    .fetch_optional(&mut *conn)
    .await?;
    row.as_ref().map(claim_from_row).transpose()
}

/// Claims of one department (or all), optionally of one status or only flagged ones; at
/// most `limit` (all when `None`), with the number of all matches.
pub async fn list(
    db: &Db,
    department_id: Option<i64>,
    status: Option<ClaimStatus>,
    flagged: bool,
    limit: Option<i64>,
) -> Result<(Vec<Claim>, i64)> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS}, COUNT(*) OVER () AS total {FROM} \
         WHERE ($1 IS NULL OR c.department_id = $1) AND ($2 IS NULL OR c.status = $2) \
         AND ($3 = 0 OR (c.flag IS NOT NULL AND c.status <> 'withdrawn')) ORDER BY d.name, i.code LIMIT $4"
    ))
    .bind(department_id)
    .bind(status.map(|s| s.as_str()))
    .bind(i64::from(flagged))
    .bind(limit.unwrap_or(i64::MAX))
    .fetch_all(db.pool())
    .await?;
    let total = super::total_of(&rows)?;
    Ok((
        rows.iter().map(claim_from_row).collect::<Result<_>>()?,
        total,
    ))
}

/// Writes the claim's new state if it is still at `expected` version; false when someone
/// else wrote first.
pub async fn update(tx: &mut super::Tx, claim: &Claim, expected: i64, by: &str) -> Result<bool> {
    let clock = tx.clock().clone();
    let conn: &mut AnyConnection = tx;
    let done = sqlx::query(
        "UPDATE claims SET status = $1, flag = $2, working = $3, published = $4, published_at = $5, \
         review_comment = $6, withdrawn_reason = $7, version = version + 1, updated_at = $8, updated_by = $9 \
         WHERE id = $10 AND version = $11",
    )
    .bind(claim.status.as_str())
    .bind(claim.flag.as_deref())
    .bind(to_json(&claim.working)?)
    .bind(to_json(&claim.published)?)
    .bind(claim.published_at)
    .bind(claim.review_comment.as_deref())
    .bind(claim.withdrawn_reason.as_deref())
    .bind(clock.now())
    .bind(by)
    .bind(claim.id)
    .bind(expected)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Flags every live claim on an item (retired, split or merged); returns their ids.
pub async fn flag_item(tx: &mut super::Tx, item_id: i64, flag: &str, by: &str) -> Result<Vec<i64>> {
    let clock = tx.clock().clone();
    let conn: &mut AnyConnection = tx;
    let ids: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM claims WHERE item_id = $1 AND status <> 'withdrawn'")
            .bind(item_id)
            .fetch_all(&mut *conn)
            .await?;
    sqlx::query(
        "UPDATE claims SET flag = $1, version = version + 1, updated_at = $2, updated_by = $3 \
         WHERE item_id = $4 AND status <> 'withdrawn'",
    )
    .bind(flag)
    .bind(clock.now())
    .bind(by)
    .bind(item_id)
    .execute(&mut *conn)
    .await?;
    Ok(ids)
}

/// Live claims on an item, with the tier of the claiming department.
pub async fn live_on_item(conn: &mut AnyConnection, item_id: i64) -> Result<Vec<(i64, String)>> {
    let rows = sqlx::query(
        "SELECT c.id, d.level FROM claims c JOIN departments d ON d.id = c.department_id \
         WHERE c.item_id = $1 AND c.status <> 'withdrawn'",
    )
    .bind(item_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("level")?)))
        .collect()
}

/// Flags the given claims.
pub async fn flag_claims(tx: &mut super::Tx, ids: &[i64], flag: &str, by: &str) -> Result<()> {
    let clock = tx.clock().clone();
    let conn: &mut AnyConnection = tx;
    for id in ids {
        sqlx::query("UPDATE claims SET flag = $1, version = version + 1, updated_at = $2, updated_by = $3 WHERE id = $4")
            .bind(flag)
            .bind(clock.now())
            .bind(by)
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

pub async fn add_event(
    tx: &mut super::Tx,
    claim_id: i64,
    username: &str,
    action: &str,
    comment: Option<&str>,
    changes: &[FieldChange],
) -> Result<()> {
    let clock = tx.clock().clone();
    let conn: &mut AnyConnection = tx;
    sqlx::query(
        "INSERT INTO claim_events (claim_id, at, username, action, comment, changes) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(claim_id)
    .bind(clock.now())
    .bind(username)
    .bind(action)
    .bind(comment)
    .bind(serde_json::to_string(changes).map_err(anyhow::Error::from)?)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn events(db: &Db, claim_id: i64) -> Result<Vec<ClaimEvent>> {
    let rows = sqlx::query("SELECT at, username, action, comment, changes FROM claim_events WHERE claim_id = $1 ORDER BY id DESC")
        .bind(claim_id)
        .fetch_all(db.pool())
        .await?;
    rows.iter()
        .map(|row| {
            let changes: String = row.try_get("changes")?;
            Ok(ClaimEvent {
                at: row.try_get("at")?,
                username: row.try_get("username")?,
                action: row.try_get("action")?,
                comment: row.try_get("comment")?,
                changes: serde_json::from_str(&changes).map_err(anyhow::Error::from)?,
            })
        })
        .collect()
}

const PUBLIC: &str = "SELECT c.id, c.department_id, d.name AS department_name, d.region_code, r.name AS region_name, \
    c.item_id, i.code, i.name AS item_name, i.category, i.legal_basis, i.status AS item_status, c.published, \
    c.published_at, COUNT(*) OVER () AS total \
    FROM claims c JOIN catalog_items i ON i.id = c.item_id JOIN departments d ON d.id = c.department_id \
    JOIN regions r ON r.code = d.region_code \
    WHERE c.published IS NOT NULL AND c.status <> 'withdrawn'";

fn public_from_row(row: &AnyRow) -> Result<PublicItem> {
    Ok(PublicItem {
        claim_id: row.try_get("id")?,
        department_id: row.try_get("department_id")?,
        department_name: row.try_get("department_name")?,
        region_code: row.try_get("region_code")?,
        region_name: row.try_get("region_name")?,
        item: summary_from_row(row)?,
        details: details(row.try_get("published")?)?.unwrap_or_default(),
        published_at: row.try_get("published_at")?,
    })
}

/// Published items (事前公示), filtered; with the number of all matches.
pub async fn list_public(db: &Db, q: &PublicItemQuery) -> Result<(Vec<PublicItem>, i64)> {
    let region = q.region.as_ref().map(super::departments::region_pattern);
    let text =
        q.q.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(super::departments::contains_pattern);
    let order = match q.sort.as_deref() {
        Some("newest") => "c.published_at DESC, c.id DESC",
        _ => "d.name, i.code",
    };
    let rows = sqlx::query(&format!(
        "{PUBLIC} AND ($1 IS NULL OR c.department_id = $1) AND ($2 IS NULL OR d.region_code LIKE $2) \
         AND ($3 IS NULL OR i.category = $3) \
         AND ($4 IS NULL OR i.name LIKE $4 ESCAPE '\\' OR i.code LIKE upper($4) ESCAPE '\\') \
         ORDER BY {order} LIMIT $5 OFFSET $6"
    ))
    .bind(q.department)
    .bind(region)
    .bind(q.category.map(|c| c.as_str()))
    .bind(text)
    .bind(q.limit.unwrap_or(50).clamp(1, MAX_LIST))
    .bind(q.offset.unwrap_or(0).max(0))
    .fetch_all(db.pool())
    .await?;
    let total = super::total_of(&rows)?;
    Ok((
        rows.iter().map(public_from_row).collect::<Result<_>>()?,
        total,
    ))
}

pub async fn find_public(db: &Db, claim_id: i64) -> Result<Option<PublicItem>> {
    let row = sqlx::query(&format!("{PUBLIC} AND c.id = $1"))
        .bind(claim_id)
        .fetch_optional(db.pool())
        .await?;
    row.as_ref().map(public_from_row).transpose()
}
