//! The generation of the public answers a server keeps in memory (migration 0021).

use super::Db;
use crate::Result;

/// The current generation: it moves, in the writing transaction, with every write to the
/// decisions' sums and deadlines, the claims, the catalog items and the departments.
pub async fn public(db: &Db) -> Result<i64> {
    Ok(
        sqlx::query_scalar("SELECT n FROM generations WHERE name = 'public'")
            .fetch_one(db.pool())
            .await?,
    )
}
