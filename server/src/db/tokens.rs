//! API tokens of departments' systems: only their hashes are stored.

use app::model::{ApiToken, Date, Timestamp, TokenScope};
use sqlx::{AnyConnection, Row, any::AnyRow};

use super::Db;
use crate::Result;

const SELECT: &str = "SELECT t.id, t.department_id, d.name AS department_name, t.name, t.scopes, \
    t.created_by, t.created_at, t.expires_on, t.last_used_at, t.revoked_at, t.webhook_url \
    FROM api_tokens t JOIN departments d ON d.id = t.department_id";

fn from_row(row: &AnyRow) -> Result<ApiToken> {
    let scopes: String = row.try_get("scopes")?;
    Ok(ApiToken {
        id: row.try_get("id")?,
        department_id: row.try_get("department_id")?,
        department_name: row.try_get("department_name")?,
        name: row.try_get("name")?,
        scopes: super::codes_of::<TokenScope>("scopes", &scopes)?,
        created_by: row.try_get("created_by")?,
        created_at: row.try_get("created_at")?,
        expires_on: row.try_get("expires_on")?,
        last_used_at: row.try_get("last_used_at")?,
        revoked_at: row.try_get("revoked_at")?,
        webhook_url: row.try_get("webhook_url")?,
    })
}

/// Saves a new token by its hash; returns its id.
pub async fn insert(
    tx: &mut super::Tx,
    department_id: i64,
    name: &str,
    hash: &str,
    scopes: &[TokenScope],
    expires_on: Date,
    by: &str,
) -> Result<i64> {
    let now = tx.clock().now();
    let conn: &mut AnyConnection = tx;
    Ok(sqlx::query_scalar(
        "INSERT INTO api_tokens (department_id, name, token_hash, scopes, created_by, created_at, expires_on) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(department_id)
    .bind(name)
    .bind(hash)
    .bind(super::list_text(scopes.iter().map(TokenScope::as_str)))
    .bind(by)
    .bind(now)
    .bind(expires_on)
    .fetch_one(&mut *conn)
    .await?)
}

/// The token with this hash, revoked or expired ones included.
pub async fn find_by_hash(db: &Db, hash: &str) -> Result<Option<ApiToken>> {
    let row = sqlx::query(&format!("{SELECT} WHERE t.token_hash = $1"))
        .bind(hash)
        .fetch_optional(db.pool())
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// One token, of the department when given.
pub async fn find(
    conn: &mut AnyConnection,
    department_id: Option<i64>,
    id: i64,
) -> Result<Option<ApiToken>> {
    let row = sqlx::query(&format!(
        "{SELECT} WHERE t.id = $1 AND ($2 IS NULL OR t.department_id = $2)"
    ))
    .bind(id)
    .bind(department_id)
    .fetch_optional(&mut *conn)
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// Tokens of a department (or every department), newest first.
pub async fn list(db: &Db, department_id: Option<i64>) -> Result<Vec<ApiToken>> {
    let rows = sqlx::query(&format!(
        "{SELECT} WHERE ($1 IS NULL OR t.department_id = $1) ORDER BY t.id DESC"
    ))
    .bind(department_id)
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(from_row).collect()
}

/// Revokes a live token; false when there is none to revoke.
pub async fn revoke(tx: &mut super::Tx, id: i64) -> Result<bool> {
    let now = tx.clock().now();
    let conn: &mut AnyConnection = tx;
    let done =
        sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
            .bind(now)
            .bind(id)
            .execute(&mut *conn)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// Records a use (at most once a minute per token, so busy systems do not write on
/// every call).
pub async fn touch(db: &Db, id: i64, now: Timestamp) -> Result<()> {
    sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2 AND (last_used_at IS NULL OR last_used_at < $3)")
        .bind(now)
        .bind(id)
        .bind(now.plus_secs(-60))
        .execute(db.pool())
        .await?;
    Ok(())
}
