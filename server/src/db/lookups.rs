//! Case-code lookups without a valid signature, counted per client address and minute in
//! the database, so the limit holds across every server on one database.

use super::Db;
use crate::Result;

/// Counts one lookup from `address` in the minute `window` (minutes since the epoch) and
/// returns the count so far in that minute. Past minutes are deleted by housekeeping
/// (`db::purge_expired`), not on this hot path.
pub async fn count(db: &Db, address: &str, window: i64) -> Result<i64> {
    let mut tx = db.begin().await?;
    let hits: i64 = sqlx::query_scalar(
        "INSERT INTO lookup_counts (address, window_start, hits) VALUES ($1, $2, 1) \
         ON CONFLICT (address, window_start) DO UPDATE SET hits = lookup_counts.hits + 1 \
         RETURNING hits",
    )
    .bind(address)
    .bind(window)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(hits)
}

/// Deletes the counts of minutes before `window`.
pub async fn purge(db: &Db, window: i64) -> Result<u64> {
    let done = sqlx::query("DELETE FROM lookup_counts WHERE window_start < $1")
        .bind(window)
        .execute(db.pool())
        .await?;
    Ok(done.rows_affected())
}
