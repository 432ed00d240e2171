//! The generation of the public answers a server keeps in memory (migration 0021).

use std::collections::HashMap;

use futures_util::FutureExt;

use super::{Db, batched::Batched};
use crate::Result;

/// The current generation: it moves, in the writing transaction, with every write to the
/// decisions' sums and deadlines, the claims, the catalog items and the departments.
async fn read(db: &Db) -> anyhow::Result<i64> {
    Ok(
        sqlx::query_scalar("SELECT n FROM generations WHERE name = 'public'")
            .fetch_one(db.pool())
            .await?,
    )
}

/// The public generation read for many requests at once (`db::batched`); cheap to clone.
#[derive(Debug, Clone)]
pub struct Generation(Batched<(), i64>);

impl Generation {
    /// Starts the reader task on the current Tokio runtime.
    pub fn start(db: Db) -> Self {
        Self(Batched::start(db, |db, _| {
            async move { Ok(HashMap::from([((), read(&db).await?)])) }.boxed()
        }))
    }

    /// The public generation, read after this call was made.
    pub async fn read(&self) -> Result<i64> {
        self.0
            .read(())
            .await?
            .ok_or_else(|| anyhow::anyhow!("the public generation is missing").into())
    }
}
