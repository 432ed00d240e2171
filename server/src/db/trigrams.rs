//! The trigrams a search asks SQLite's trigram index for (migrations 0005 and 0023).
//!
//! FTS5 answers a phrase by walking the list of decisions of every trigram in it. Most of
//! a document number's trigrams are shared by nearly every decision (`〔20`, `202`, `罚〔2`),
//! so the phrase `粤执12罚〔2025〕456号` steps through fourteen lists, most of them as long as
//! the table, to find one row. The few rarest trigrams narrow the matches as well as all of
//! them do in practice, and a substring match on each row they find keeps the answer exact
//! (`disclosures::listing_sql`).
//!
//! How many decisions hold a trigram is counted once per server, up to a cap, and kept: a
//! count only chooses which lists to walk (and, for a listing by amount, whether the index
//! or a window of the listing finds the page), so one that has gone out of date costs
//! time, never a result.

use std::{collections::HashMap, sync::Mutex};

use sqlx::AnyConnection;

use super::Db;
use crate::Result;

/// How many of a term's trigrams the index is asked for.
pub const PICKED: usize = 3;

/// Counting stops here: past it a trigram is common, and how common no longer matters.
/// Counting costs about 0.15 ms per thousand decisions, paid once per trigram and server.
const COUNT_CAP: i64 = 20_000;

/// Counts kept before the store starts over (a stranger's searches cannot grow it further).
const KEPT_MAX: usize = 20_000;

/// Decisions per trigram, as counted by this server.
#[derive(Debug, Default)]
pub struct TrigramCounts(Mutex<HashMap<String, i64>>);

impl TrigramCounts {
    fn get(&self, trigram: &str) -> Option<i64> {
        self.lock().get(trigram).copied()
    }

    fn keep(&self, trigram: String, count: i64) {
        let mut kept = self.lock();
        if kept.len() >= KEPT_MAX {
            kept.clear();
        }
        kept.insert(trigram, count);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, i64>> {
        // A panic while holding the lock leaves a map that is still a valid cache.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The distinct trigrams of a term, in the order they first occur, as the trigram
/// tokenizer cuts them (by character). Empty for a term shorter than three characters.
pub fn of(term: &str) -> Vec<String> {
    let chars: Vec<char> = term.chars().collect();
    let mut out: Vec<String> = Vec::new();
    for window in chars.windows(3) {
        let trigram: String = window.iter().collect();
        if !out.contains(&trigram) {
            out.push(trigram);
        }
    }
    out
}

/// The trigrams a search asks the index for, and what their counts promise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picked {
    /// The [`PICKED`] rarest (all of them when the term has no more).
    pub trigrams: Vec<String>,
    /// At most this many decisions hold the term: the count of its rarest trigram (capped
    /// at [`COUNT_CAP`], past which a trigram is common).
    pub at_most: i64,
}

/// The trigrams of a term to ask the index for, counted on `conn` where this server has
/// not counted them yet.
pub async fn rarest(db: &Db, conn: &mut AnyConnection, term: &str) -> Result<Picked> {
    let mut counted = Vec::new();
    for trigram in of(term) {
        let count = match db.trigram_counts().get(&trigram) {
            Some(count) => count,
            None => {
                let count: i64 = sqlx::query_scalar(&format!(
                    "SELECT COUNT(*) FROM (SELECT 1 FROM decision_search \
                     WHERE decision_search MATCH $1 LIMIT {COUNT_CAP})"
                ))
                .bind(expression(std::slice::from_ref(&trigram)))
                .fetch_one(&mut *conn)
                .await?;
                db.trigram_counts().keep(trigram.clone(), count);
                count
            }
        };
        counted.push((count, trigram));
    }
    // Fewest decisions first; among equals, the term's own order.
    counted.sort_by_key(|(count, _)| *count);
    Ok(Picked {
        at_most: counted.first().map_or(0, |(count, _)| *count),
        trigrams: counted
            .into_iter()
            .take(PICKED)
            .map(|(_, trigram)| trigram)
            .collect(),
    })
}

/// An FTS5 query for the decisions that hold every one of these trigrams, each quoted so
/// that the query syntax in a visitor's input is taken literally.
pub fn expression(trigrams: &[String]) -> String {
    trigrams
        .iter()
        .map(|t| format!("\"{}\"", t.replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(" AND ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_term_is_cut_into_its_distinct_trigrams_by_character() {
        assert_eq!(of("食品"), Vec::<String>::new());
        assert_eq!(of("食品经营"), ["食品经", "品经营"]);
        assert_eq!(of("aaaaa"), ["aaa"]);
        assert_eq!(of("〔2025〕"), ["〔20", "202", "025", "25〕"]);
    }

    #[test]
    fn quotes_in_a_trigram_are_doubled_and_the_trigrams_all_required() {
        assert_eq!(
            expression(&["a\"b".into(), "c d".into()]),
            "\"a\"\"b\" AND \"c d\""
        );
    }
}
