//! Public answers kept in memory: the statistics and the item lists cost tens to hundreds
//! of milliseconds to compute at provincial scale and change only when the data behind
//! them does. Each is kept with the generation of that data (`db::generations`) and the
//! China date it was computed on, and given again only while one read of the generation
//! finds it unchanged on the same day; a write through any server moves the generation,
//! so every server answers the new figures at once. Many requests for one answer while it
//! is computed wait for that one computation.

use std::{fmt::Debug, future::Future};

use app::model::Date;
use axum::body::Bytes;
use serde::Serialize;

use crate::{Result, db::Db};

/// The kept answers of each route that keeps them.
#[derive(Debug)]
pub struct KeptAnswers {
    /// `GET /stats`, by filter.
    pub stats: Kept,
    /// `GET /items`, by filter and page.
    pub items: Kept,
}

impl KeptAnswers {
    /// Up to `capacity` answers per route; 0 keeps none.
    pub fn new(capacity: usize) -> Self {
        Self {
            stats: Kept::new(capacity),
            items: Kept::new(capacity),
        }
    }
}

/// The answers of one route, by their normalised query.
pub struct Kept {
    answers: Option<quick_cache::sync::Cache<(String, i64, Date), Bytes>>,
}

impl Debug for Kept {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Kept")
            .field("answers", &self.answers.as_ref().map(|c| c.len()))
            .finish()
    }
}

impl Kept {
    /// Keeps up to `capacity` answers; 0 keeps none (every request computes).
    pub fn new(capacity: usize) -> Self {
        Self {
            answers: (capacity > 0).then(|| quick_cache::sync::Cache::new(capacity)),
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
            crate::db::generations::public(db).await?,
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
