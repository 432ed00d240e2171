//! Sign-in attempt counting per account and per client address, in the database so that
//! every server process sees the same counts. Each change is one atomic statement.

use app::model::Timestamp;
use sqlx::AnyConnection;

use super::Db;
use crate::Result;

/// Counts one attempt on `key` and returns the count in the current window; a window
/// that started before `window_floor` starts over at this attempt.
pub async fn count_attempt(
    conn: &mut AnyConnection,
    key: &str,
    now: Timestamp,
    window_floor: Timestamp,
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO login_throttle (throttle_key, failures, window_start, locked_until) VALUES ($1, 1, $2, NULL) \
         ON CONFLICT (throttle_key) DO UPDATE SET \
         failures = CASE WHEN login_throttle.window_start < $3 THEN 1 ELSE login_throttle.failures + 1 END, \
         window_start = CASE WHEN login_throttle.window_start < $3 THEN $2 ELSE login_throttle.window_start END \
         RETURNING failures",
    )
    .bind(key)
    .bind(now)
    .bind(window_floor)
    .fetch_one(&mut *conn)
    .await?)
}

/// Locks `key` until `until` and starts a fresh window.
pub async fn lock(
    conn: &mut AnyConnection,
    key: &str,
    until: Timestamp,
    now: Timestamp,
) -> Result<()> {
    sqlx::query("UPDATE login_throttle SET locked_until = $1, failures = 0, window_start = $2 WHERE throttle_key = $3")
        .bind(until)
        .bind(now)
        .bind(key)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Takes back one counted attempt (it succeeded).
pub async fn forgive_one(conn: &mut AnyConnection, key: &str) -> Result<()> {
    sqlx::query("UPDATE login_throttle SET failures = failures - 1 WHERE throttle_key = $1 AND failures > 0")
        .bind(key)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn clear(conn: &mut AnyConnection, key: &str) -> Result<()> {
    sqlx::query("DELETE FROM login_throttle WHERE throttle_key = $1")
        .bind(key)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Until when `key` is locked, if it is.
pub async fn locked_until(db: &Db, key: &str) -> Result<Option<Timestamp>> {
    let until: Option<Option<Timestamp>> =
        sqlx::query_scalar("SELECT locked_until FROM login_throttle WHERE throttle_key = $1")
            .bind(key)
            .fetch_optional(db.pool())
            .await?;
    Ok(until.flatten())
}

/// Locks `key` until `until` without resetting its count (strangers slowed down).
pub async fn hold(conn: &mut AnyConnection, key: &str, until: Timestamp) -> Result<()> {
    sqlx::query("UPDATE login_throttle SET locked_until = $1 WHERE throttle_key = $2")
        .bind(until)
        .bind(key)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Whether `address` has signed in to `username` before.
pub async fn is_known_address(db: &Db, username: &str, address: &str) -> Result<bool> {
    let found: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM sign_in_addresses WHERE username = $1 AND address = $2")
            .bind(username)
            .bind(address)
            .fetch_optional(db.pool())
            .await?;
    Ok(found.is_some())
}

/// Remembers that `address` signed in to `username`.
pub async fn remember_address(tx: &mut super::Tx, username: &str, address: &str) -> Result<()> {
    let now = tx.clock().now();
    let conn: &mut AnyConnection = tx;
    sqlx::query(
        "INSERT INTO sign_in_addresses (username, address, last_at) VALUES ($1, $2, $3) \
         ON CONFLICT (username, address) DO UPDATE SET last_at = $3",
    )
    .bind(username)
    .bind(address)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Keys locked after `now`: (key, until, failures).
pub async fn locked(db: &Db, now: Timestamp) -> Result<Vec<(String, Timestamp, i64)>> {
    Ok(sqlx::query_as(
        "SELECT throttle_key, locked_until, CAST(failures AS BIGINT) FROM login_throttle \
         WHERE locked_until > $1 ORDER BY locked_until DESC LIMIT 1000",
    )
    .bind(now)
    .fetch_all(db.pool())
    .await?)
}

/// Deletes rows whose window started before `window_floor` and whose lock is over.
pub async fn purge(db: &Db, window_floor: Timestamp, now: Timestamp) -> Result<u64> {
    let done = sqlx::query(
        "DELETE FROM login_throttle WHERE window_start < $1 \
         AND (locked_until IS NULL OR locked_until < $2)",
    )
    .bind(window_floor)
    .bind(now)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected())
}

/// Lifts the lock on `key` and starts its count over; false when it holds none.
pub async fn lift(tx: &mut super::Tx, key: &str) -> Result<bool> {
    let now = tx.clock().now();
    let conn: &mut AnyConnection = tx;
    let done = sqlx::query(
        "UPDATE login_throttle SET locked_until = NULL, failures = 0, window_start = $2 \
         WHERE throttle_key = $1 AND locked_until > $2",
    )
    .bind(key)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
