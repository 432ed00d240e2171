//! Browsing and verifying the audit log (admins and auditors).

use axum::extract::State;

use app::model::{AuditCheckpoint, AuditEntry, AuditQuery, AuditVerification, ListResponse, Msg};

use super::extract::{Json, Query};
use super::table::{OVERSIGHT, Route};
use crate::auth::policy::Scope;
use crate::{AppError, Result, db, state::AppState};

/// The audit log: oversight reads and verifies it; anyone reads its signed checkpoints.
pub fn routes() -> Vec<Route> {
    vec![
        Route::get("/workspace/audit", list).allow(OVERSIGHT, Scope::Province),
        Route::get("/workspace/audit/verify", verify).allow(OVERSIGHT, Scope::Province),
        Route::get("/audit/checkpoints", checkpoints),
    ]
}

async fn checkpoints(State(state): State<AppState>) -> Result<Json<ListResponse<AuditCheckpoint>>> {
    let items = db::audit::checkpoints(&state.db, 10_000).await?;
    let total = items.len() as i64;
    Ok(Json(ListResponse { items, total }))
}

/// Entries newest first, filtered by user, department, action and date range.
async fn list(
    State(state): State<AppState>,
    Query(q): Query<AuditQuery>,
) -> Result<Json<ListResponse<AuditEntry>>> {
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
    if let Some(order) = q.order.as_deref().filter(|o| !o.is_empty())
        && !AuditQuery::ORDERS.contains(&order)
    {
        return Err(AppError::validation(
            "order",
            Msg::unknown(order, AuditQuery::ORDERS),
        ));
    }
    let (items, total) = db::audit::list(&state.db, &q).await?;
    Ok(Json(ListResponse { items, total }))
}

/// Recomputes the hash chain, as `anma audit verify` does.
async fn verify(State(state): State<AppState>) -> Result<Json<AuditVerification>> {
    Ok(Json(db::audit::verify(&state.db, &state.keys, &[]).await?))
}
