//! Batch intake: a case system (or a clerk's file) registers and issues many decisions
//! at once, each row checked with exactly the rules of one, and reported by row and
//! field.

use serde::{Deserialize, Serialize};

use super::{CaseCode, DecisionInput, DecisionStatus, RowError};

/// The most decisions one batch takes.
pub const BATCH_MAX: usize = 1_000;

/// `POST …/decisions/batch`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecisionBatch {
    /// 1 to 1,000 decisions, each as `POST …/decisions` takes one, with an optional `key`.
    pub decisions: Vec<BatchDecision>,
    /// Issue each valid row (the default), or register them as drafts.
    #[serde(default = "yes")]
    pub issue: bool,
    /// Keep nothing when any row is wrong (answered 422 with the report); by default the
    /// valid rows are kept and the wrong ones reported.
    #[serde(default)]
    pub all_or_nothing: bool,
}

fn yes() -> bool {
    true
}

/// One row of a batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BatchDecision {
    #[serde(flatten)]
    pub decision: DecisionInput,
    /// The case system's own reference for the row (its case number), 1 to 100 visible
    /// ASCII characters: a batch sent again returns the decision a row with this key and
    /// the same content made, instead of a second one; the same key with other content is
    /// that row's 409.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub key: Option<String>,
}

/// A row that was registered (and issued).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BatchDone {
    /// The row: its place in `decisions` from 1, or its line in a file (header = 1).
    pub row: usize,
    pub id: i64,
    pub document_number: String,
    pub status: DecisionStatus,
    pub case_code: Option<CaseCode>,
    /// The text of the QR code to print.
    pub verify_url: Option<String>,
    pub signature: Option<String>,
    /// Made by an earlier batch with the same `key` and content.
    pub repeated: bool,
}

/// What a batch did: the rows kept, and the problems by row and field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BatchReport {
    pub rows: usize,
    /// Rows kept (registered, and issued when the batch issues).
    pub kept: usize,
    /// Rows with a problem: nothing of them was kept.
    pub failed: usize,
    pub all_or_nothing: bool,
    pub done: Vec<BatchDone>,
    pub errors: Vec<RowError>,
}

/// A line of the workspace's file upload as it runs (`application/x-ndjson`): progress
/// lines, then one line with the report, or with the error that stopped it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BatchProgress {
    /// Rows checked so far, of all.
    Progress { done: usize, rows: usize },
    /// The batch is over: what it kept and found.
    Report(BatchReport),
    /// It stopped without keeping anything.
    Error(super::FieldProblemText),
}
