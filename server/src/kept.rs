//! Public answers kept in memory: the statistics, the item lists and the disclosure
//! listing's pages cost milliseconds to hundreds of milliseconds to compute at provincial
//! scale, are asked for again and again (the newest decisions, a common term), and change
//! only when the data behind them does. Each is kept with the generation of that data
//! (`db::generations`) and the China date it was computed on, and given again only while
//! a read of the generation, made after the request came (and shared with the requests
//! that came with it: `db::batched`), finds it unchanged on the same day; a write through
//! any server moves the generation, so every server answers the new figures at once. Many
//! requests for one answer while it is computed wait for that one computation.

use std::{fmt::Debug, future::Future};

use app::model::Date;
use axum::body::Bytes;
use serde::Serialize;

use crate::{
    Result,
    db::{Db, generations::Generation},
};

/// A kept answer's weight: its bytes, so that no mix of queries holds more memory than the
/// budget (a page of 500 items weighs hundreds of times a city's statistics).
#[derive(Debug, Clone, Copy)]
struct Size;

impl quick_cache::Weighter<(String, i64, Date), Bytes> for Size {
    fn weight(&self, key: &(String, i64, Date), body: &Bytes) -> u64 {
        (key.0.len() + body.len() + 64) as u64
    }
}

type Answers = quick_cache::sync::Cache<(String, i64, Date), Bytes, Size>;

/// The kept answers of each route that keeps them.
#[derive(Debug)]
pub struct KeptAnswers {
    /// `GET /stats`, by filter.
    pub stats: Kept,
    /// `GET /items`, by filter and page.
    pub items: Kept,
    /// `GET /disclosures`, by filter and page.
    pub listings: Kept,
}

impl KeptAnswers {
    /// Up to `bytes` of answers per route; 0 keeps none. Starts the generation reader on
    /// the current Tokio runtime.
    pub fn new(bytes: u64, db: &Db) -> Self {
        let generation = Generation::start(db.clone());
        Self {
            stats: Kept::new(bytes, generation.clone()),
            items: Kept::new(bytes, generation.clone()),
            listings: Kept::new(bytes, generation),
        }
    }
}

/// The answers of one route, by their normalised query.
pub struct Kept {
    answers: Option<Answers>,
    /// Reads the public generation, many requests to a query.
    generation: Generation,
}

impl Debug for Kept {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Kept")
            .field("answers", &self.answers.as_ref().map(|c| c.len()))
            .finish()
    }
}

/// Room for up to `bytes` of answers; none for 0.
fn answers(bytes: u64) -> Option<Answers> {
    // Sized for answers of about 8 KB on average.
    (bytes > 0).then(|| Answers::with_weighter((bytes / 8_192).max(16) as usize, bytes, Size))
}

impl Kept {
    /// Keeps up to `bytes` of answers; 0 keeps none (every request computes).
    fn new(bytes: u64, generation: Generation) -> Self {
        Self {
            answers: answers(bytes),
            generation,
        }
    }

    /// The JSON answer to `query`: kept, or computed by `compute` and kept.
    pub async fn answer<Q, T, F>(&self, db: &Db, query: &Q, compute: F) -> Result<Bytes>
    where
        Q: Debug,
        T: Serialize,
        F: Future<Output = Result<T>>,
    {
        let encode = |value: T| -> Result<Bytes> {
            Ok(Bytes::from(
                serde_json::to_vec(&value).map_err(anyhow::Error::from)?,
            ))
        };
        let Some(answers) = &self.answers else {
            return encode(compute.await?);
        };
        let key = (
            format!("{query:?}"),
            self.generation.read().await?,
            db.clock().today(),
        );
        answers
            .get_or_insert_async(&key, async { encode(compute.await?) })
            .await
    }
}

/// Sends a kept JSON answer.
pub fn json(body: Bytes) -> axum::response::Response {
    use axum::response::IntoResponse;
    (
        [(
            axum::http::header::CONTENT_TYPE,
            axum::http::HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_answers_stay_within_their_bytes() {
        let budget = 64 * 1024;
        let Some(answers) = answers(budget) else {
            panic!("a budget keeps answers");
        };
        let day = Date::from_ymd(2026, 12, 3);
        // A stranger asking for page after page of large answers.
        for page in 0..1_000 {
            answers.insert(
                (format!("page {page}"), 1, day),
                Bytes::from(vec![b'x'; 4_096]),
            );
        }
        assert!(
            answers.weight() <= budget,
            "{} bytes kept",
            answers.weight()
        );
        let fit = (budget / 4_096) as usize;
        assert!(
            (8..=fit).contains(&answers.len()),
            "{} answers kept of 4 KB each in {budget} bytes",
            answers.len()
        );
        assert!(super::answers(0).is_none());
    }
}
