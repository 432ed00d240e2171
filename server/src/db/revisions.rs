//! Decisions' revisions, read for many requests at once.
//!
//! A kept verdict is given again only after a read of its decision's revision finds it
//! unchanged (`cases::verify::VerdictCache`). Under load, one read per request would make
//! the database's round trip the price of every verification; here the requests that
//! arrive while earlier reads are in flight wait together and are answered by one query
//! (`case_code IN (…)`). No answer is older than its request: a request joins only a read
//! that starts after it was made, so a revocation committed before a verification was
//! asked for is always seen, through any server.

use std::{collections::HashMap, sync::Arc};

use app::model::CaseCode;
use sqlx::Row;
use tokio::sync::{Semaphore, mpsc, oneshot};

use super::Db;
use crate::Result;

/// The most codes one read asks for.
const MOST_PER_READ: usize = 64;

/// Reads at once: when all are busy, new requests gather for the next one.
const READS_AT_ONCE: usize = 2;

/// A request: the code, and where its revision (or `None`: no such decision) goes.
struct Ask {
    code: CaseCode,
    reply: oneshot::Sender<std::result::Result<Option<i64>, Arc<anyhow::Error>>>,
}

/// The handle of the reader task; the task ends when the last handle is dropped.
#[derive(Debug, Clone)]
pub struct Revisions {
    asks: mpsc::UnboundedSender<Ask>,
}

impl Revisions {
    /// Starts the reader task on the current Tokio runtime.
    pub fn start(db: Db) -> Self {
        let (asks, waiting) = mpsc::unbounded_channel();
        tokio::spawn(gather(db, waiting));
        Self { asks }
    }

    /// The revision of the decision with this case code (a number that changes with every
    /// write to its row), read after this call was made; `None` if there is no such decision.
    pub async fn read(&self, code: &CaseCode) -> Result<Option<i64>> {
        let (reply, answer) = oneshot::channel();
        let ask = Ask {
            code: code.clone(),
            reply,
        };
        self.asks
            .send(ask)
            .map_err(|_| anyhow::anyhow!("the revision reader has stopped"))?;
        match answer.await {
            Ok(Ok(revision)) => Ok(revision),
            Ok(Err(e)) => Err(anyhow::anyhow!("reading revisions failed: {e:#}").into()),
            Err(_) => Err(anyhow::anyhow!("the revision reader dropped a request").into()),
        }
    }
}

/// Takes the requests waiting whenever a read is free and reads them together.
async fn gather(db: Db, mut waiting: mpsc::UnboundedReceiver<Ask>) {
    let reads = Arc::new(Semaphore::new(READS_AT_ONCE));
    loop {
        let Ok(read) = reads.clone().acquire_owned().await else {
            return;
        };
        let mut batch = Vec::new();
        if waiting.recv_many(&mut batch, MOST_PER_READ).await == 0 {
            return; // every handle is gone
        }
        let db = db.clone();
        tokio::spawn(async move {
            let _read = read;
            answer(&db, batch).await;
        });
    }
}

async fn answer(db: &Db, batch: Vec<Ask>) {
    let mut codes: Vec<&str> = batch.iter().map(|a| a.code.as_str()).collect();
    codes.sort_unstable();
    codes.dedup();
    match revisions(db, &codes).await {
        Ok(found) => {
            for ask in batch {
                let _ = ask.reply.send(Ok(found.get(ask.code.as_str()).copied()));
            }
        }
        Err(e) => {
            tracing::error!(error = %e, "reading revisions");
            let e = Arc::new(e);
            for ask in batch {
                let _ = ask.reply.send(Err(e.clone()));
            }
        }
    }
}

/// The revisions of the decisions with these (distinct) codes, in one query. The list is
/// padded to a power of two with its last code, so a few statement shapes serve every
/// batch and stay prepared on each connection.
async fn revisions(db: &Db, codes: &[&str]) -> anyhow::Result<HashMap<String, i64>> {
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
        query = query.bind(*codes.get(i).unwrap_or(last));
    }
    let rows = query.fetch_all(db.pool()).await?;
    rows.iter()
        .map(|r| Ok((r.try_get("case_code")?, r.try_get("revision")?)))
        .collect()
}
