//! Failed sign-in counting per account and per client address, in the database so that
//! every server process sees the same counts.

use sqlx::Row;

use super::Db;
use crate::Result;

/// The state of one throttle key.
#[derive(Debug, Clone)]
pub struct Throttle {
    pub failures: i64,
    pub window_start: String,
    pub locked_until: Option<String>,
}

pub async fn get(db: &Db, key: &str) -> Result<Option<Throttle>> {
    let row = sqlx::query(
        "SELECT failures, window_start, locked_until FROM login_throttle WHERE throttle_key = $1",
    )
    .bind(key)
    .fetch_optional(db.pool())
    .await?;
    row.map(|row| {
        Ok(Throttle {
            failures: row.try_get("failures")?,
            window_start: row.try_get("window_start")?,
            locked_until: row.try_get("locked_until")?,
        })
    })
    .transpose()
}

pub async fn put(db: &Db, key: &str, t: &Throttle) -> Result<()> {
    sqlx::query(
        "INSERT INTO login_throttle (throttle_key, failures, window_start, locked_until) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (throttle_key) DO UPDATE SET failures = excluded.failures, \
         window_start = excluded.window_start, locked_until = excluded.locked_until",
    )
    .bind(key)
    .bind(t.failures)
    .bind(&t.window_start)
    .bind(t.locked_until.as_deref())
    .execute(db.pool())
    .await?;
    Ok(())
}

pub async fn clear(db: &Db, key: &str) -> Result<()> {
    sqlx::query("DELETE FROM login_throttle WHERE throttle_key = $1")
        .bind(key)
        .execute(db.pool())
        .await?;
    Ok(())
}
