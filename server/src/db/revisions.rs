//! Decisions' revisions for kept verdicts (`cases::verify::VerdictCache`), read for many
//! requests at once (`db::batched`).

use std::collections::HashMap;

use app::model::CaseCode;
use futures_util::FutureExt;
use sqlx::Row;

use super::{Db, batched::Batched};
use crate::Result;

/// The handle of the revision reader; cheap to clone.
#[derive(Debug, Clone)]
pub struct Revisions(Batched<String, i64>);

impl Revisions {
    /// Starts the reader task on the current Tokio runtime.
    pub fn start(db: Db) -> Self {
        Self(Batched::start(db, |db, codes| {
            async move { revisions(&db, &codes).await }.boxed()
        }))
    }

    /// The revision of the decision with this case code (a number that changes with every
    /// write to its row, migration 0018), read after this call was made; `None` if there
    /// is no such decision.
    pub async fn read(&self, code: &CaseCode) -> Result<Option<i64>> {
        self.0.read(code.as_str().to_owned()).await
    }
}

/// The revisions of the decisions with these (distinct) codes, in one query. The list is
/// padded to a power of two with its last code, so a few statement shapes serve every
/// batch and stay prepared on each connection.
async fn revisions(db: &Db, codes: &[String]) -> anyhow::Result<HashMap<String, i64>> {
    let Some(last) = codes.last() else {
        return Ok(HashMap::new());
    };
    let slots = codes.len().next_power_of_two();
    let placeholders = (1..=slots)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql =
        format!("SELECT case_code, revision FROM decisions WHERE case_code IN ({placeholders})");
    let mut query = sqlx::query(&sql);
    for i in 0..slots {
        query = query.bind(codes.get(i).unwrap_or(last).as_str());
    }
    let rows = query.fetch_all(db.pool()).await?;
    rows.iter()
        .map(|r| Ok((r.try_get("case_code")?, r.try_get("revision")?)))
        .collect()
}
