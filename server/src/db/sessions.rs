//! Sessions: one row per signed-in browser, keyed by the SHA-256 of the cookie token.

use app::model::Timestamp;
use sqlx::{AnyConnection, Row};

use super::Db;
use crate::Result;

/// A session as stored.
#[derive(Debug, Clone)]
pub struct Session {
    pub user_id: i64,
    pub csrf_token: String,
    pub last_seen_at: Timestamp,
    pub expires_at: Timestamp,
}

pub async fn insert(
    tx: &mut super::Tx,
    token_hash: &str,
    user_id: i64,
    csrf_token: &str,
    expires_at: Timestamp,
) -> Result<()> {
    let clock = tx.clock().clone();
    let conn: &mut AnyConnection = tx;
    let now = clock.now();
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at) \
         VALUES ($1, $2, $3, $4, $4, $5)",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(csrf_token)
    .bind(now)
    .bind(expires_at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn find(db: &Db, token_hash: &str) -> Result<Option<Session>> {
    let row = sqlx::query(
        "SELECT user_id, csrf_token, last_seen_at, expires_at FROM sessions WHERE token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(db.pool())
    .await?;
    row.map(|row| {
        Ok(Session {
            user_id: row.try_get("user_id")?,
            csrf_token: row.try_get("csrf_token")?,
            last_seen_at: row.try_get("last_seen_at")?,
            expires_at: row.try_get("expires_at")?,
        })
    })
    .transpose()
}

// Single-statement writes still go through `Db::begin`: on SQLite it queues them behind the
// one writer, so they cannot invalidate another request's transaction mid-way.

pub async fn touch(db: &Db, token_hash: &str) -> Result<()> {
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
        .bind(db.clock().now())
        .bind(token_hash)
        .execute(&mut *tx)
        .await?;
    tx.commit().await
}

pub async fn delete(db: &Db, token_hash: &str) -> Result<()> {
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(&mut *tx)
        .await?;
    tx.commit().await
}

/// Ends every session of a user (disabled, password changed or reset), except `keep`.
pub async fn delete_for_user(
    conn: &mut AnyConnection,
    user_id: i64,
    keep: Option<&str>,
) -> Result<()> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND ($2 IS NULL OR token_hash <> $2)")
        .bind(user_id)
        .bind(keep)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Removes sessions past their absolute or idle deadline.
pub async fn delete_expired(db: &Db, idle_cutoff: Timestamp) -> Result<u64> {
    let mut tx = db.begin().await?;
    let done = sqlx::query("DELETE FROM sessions WHERE expires_at < $1 OR last_seen_at < $2")
        .bind(db.clock().now())
        .bind(idle_cutoff)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(done.rows_affected())
}
