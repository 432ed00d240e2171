//! Browsing and verifying the audit log (admins and auditors).

use app::model::Msg;
use axum::{Router, extract::State, routing::get};

use app::model::{AuditCheckpoint, AuditEntry, AuditQuery, AuditVerification, ListResponse};

use super::extract::{Json, Query};
use crate::{AppError, Result, db, state::AppState};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/workspace/audit", get(list))
        .route("/workspace/audit/verify", get(verify))
}

/// `GET /api/v1/audit/checkpoints`: the signed checkpoints of the audit chain, public, so
/// that anyone can keep a copy and hold the deployment to them.
pub fn public_router() -> Router<AppState> {
    Router::new().route("/audit/checkpoints", get(checkpoints))
}

async fn checkpoints(State(state): State<AppState>) -> Result<Json<ListResponse<AuditCheckpoint>>> {
    let items = db::audit::checkpoints(&state.db, 10_000).await?;
    let total = items.len() as i64;
    Ok(Json(ListResponse { items, total }))
}

fn check_date(field: &str, value: &Option<String>) -> Result<()> {
    if let Some(v) = value {
        let b = v.as_bytes();
        let ok = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !ok {
            return Err(AppError::validation(field, Msg::DateFormat));
        }
    }
    Ok(())
}

/// Entries newest first, filtered by user, department, action and date range.
async fn list(
    State(state): State<AppState>,
    Query(q): Query<AuditQuery>,
) -> Result<Json<ListResponse<AuditEntry>>> {
    check_date("from", &q.from)?;
    check_date("to", &q.to)?;
    if let Some(limit) = q.limit
        && !(1..=db::audit::MAX_PAGE).contains(&limit)
    {
        return Err(AppError::validation(
            "limit",
            Msg::LimitRange {
                max: db::audit::MAX_PAGE,
            },
        ));
    }
    let items = db::audit::list(&state.db, &q).await?;
    let total = items.len() as i64;
    Ok(Json(ListResponse { items, total }))
}

/// Recomputes the hash chain, as `anma audit verify` does.
async fn verify(State(state): State<AppState>) -> Result<Json<AuditVerification>> {
    Ok(Json(db::audit::verify(&state.db, &state.keys).await?))
}
