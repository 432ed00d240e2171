//! Sign-in attempt counting per account and per client address, in the database so that
//! every server process sees the same counts. Each change is one atomic statement.

use sqlx::AnyConnection;

use super::Db;
use crate::Result;

/// Counts one attempt on `key` and returns the count in the current window; a window
/// that started before `window_floor` starts over at this attempt.
pub async fn count_attempt(
    conn: &mut AnyConnection,
    key: &str,
    now: &str,
    window_floor: &str,
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
pub async fn lock(conn: &mut AnyConnection, key: &str, until: &str, now: &str) -> Result<()> {
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
pub async fn locked_until(db: &Db, key: &str) -> Result<Option<String>> {
    let until: Option<Option<String>> =
        sqlx::query_scalar("SELECT locked_until FROM login_throttle WHERE throttle_key = $1")
            .bind(key)
            .fetch_optional(db.pool())
            .await?;
    Ok(until.flatten())
}
