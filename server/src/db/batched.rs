//! Light reads that many requests make at once, made once for all of them.
//!
//! A kept answer (a verdict, a statistic, a listing page) is given again only after a read
//! of its data's version (a decision's revision, the public generation) finds it unchanged.
//! Under load, one read per request would make the database's round trip the price of
//! every kept answer; here the requests that arrive while earlier reads are in flight wait
//! together and are answered by one query. No answer is older than its request: a request
//! joins only a read that starts after it was made, so a write committed before a request
//! was made is always seen, through any server.

use std::{collections::HashMap, hash::Hash, sync::Arc};

use futures_util::future::BoxFuture;
use tokio::sync::{Semaphore, mpsc, oneshot};

use super::Db;
use crate::Result;

/// The most keys one read asks for.
const MOST_PER_READ: usize = 64;

/// Reads at once: when all are busy, new requests gather for the next one.
const READS_AT_ONCE: usize = 2;

/// One read for many keys: the value of each key found (keys not found are left out).
pub type ReadMany<K, V> = fn(Db, Vec<K>) -> BoxFuture<'static, anyhow::Result<HashMap<K, V>>>;

type Answer<V> = std::result::Result<Option<V>, Arc<anyhow::Error>>;

/// A request: its key, and where its value goes.
struct Ask<K, V> {
    key: K,
    reply: oneshot::Sender<Answer<V>>,
}

/// The handle of a reader task; the task ends when the last handle is dropped.
pub struct Batched<K, V> {
    asks: mpsc::UnboundedSender<Ask<K, V>>,
}

impl<K, V> Clone for Batched<K, V> {
    fn clone(&self) -> Self {
        Self {
            asks: self.asks.clone(),
        }
    }
}

impl<K, V> std::fmt::Debug for Batched<K, V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Batched").finish_non_exhaustive()
    }
}

impl<K, V> Batched<K, V>
where
    K: Eq + Hash + Clone + Send + 'static,
    V: Clone + Send + 'static,
{
    /// Starts the reader task on the current Tokio runtime.
    pub fn start(db: Db, read: ReadMany<K, V>) -> Self {
        let (asks, waiting) = mpsc::unbounded_channel();
        tokio::spawn(gather(db, read, waiting));
        Self { asks }
    }

    /// The value of `key`, read after this call was made; `None` if the read found none.
    pub async fn read(&self, key: K) -> Result<Option<V>> {
        let (reply, answer) = oneshot::channel();
        self.asks
            .send(Ask { key, reply })
            .map_err(|_| anyhow::anyhow!("a batched reader has stopped"))?;
        match answer.await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(e)) => Err(anyhow::anyhow!("a batched read failed: {e:#}").into()),
            Err(_) => Err(anyhow::anyhow!("a batched reader dropped a request").into()),
        }
    }
}

/// Takes the requests waiting whenever a read is free and reads them together.
async fn gather<K, V>(db: Db, read: ReadMany<K, V>, mut waiting: mpsc::UnboundedReceiver<Ask<K, V>>)
where
    K: Eq + Hash + Clone + Send + 'static,
    V: Clone + Send + 'static,
{
    let reads = Arc::new(Semaphore::new(READS_AT_ONCE));
    loop {
        let Ok(permit) = reads.clone().acquire_owned().await else {
            return;
        };
        let mut batch = Vec::new();
        if waiting.recv_many(&mut batch, MOST_PER_READ).await == 0 {
            return; // every handle is gone
        }
        let db = db.clone();
        tokio::spawn(async move {
            let _permit = permit;
            let mut batch = batch;
            // A request whose caller has gone (a closed connection) needs no answer.
            batch.retain(|ask| !ask.reply.is_closed());
            if batch.is_empty() {
                return;
            }
            let mut keys: Vec<K> = Vec::with_capacity(batch.len());
            for ask in &batch {
                if !keys.contains(&ask.key) {
                    keys.push(ask.key.clone());
                }
            }
            match read(db, keys).await {
                Ok(found) => {
                    for ask in batch {
                        let _ = ask.reply.send(Ok(found.get(&ask.key).cloned()));
                    }
                }
                Err(e) => {
                    tracing::error!(error = %e, "a batched read failed");
                    let e = Arc::new(e);
                    for ask in batch {
                        let _ = ask.reply.send(Err(e.clone()));
                    }
                }
            }
        });
    }
}
