//! Browsing and verifying the audit log (admins and auditors).

use axum::{Router, extract::State, routing::get};

use app::model::{AuditEntry, AuditQuery, AuditVerification, ListResponse};

use super::extract::{Json, Query};
use crate::{AppError, Result, db, state::AppState};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/workspace/audit", get(list))
        .route("/workspace/audit/verify", get(verify))
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
            return Err(AppError::validation(field, "a date is written YYYY-MM-DD"));
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
            format!("limit must be between 1 and {}", db::audit::MAX_PAGE),
        ));
    }
    let items = db::audit::list(&state.db, &q).await?;
    let total = items.len() as i64;
    Ok(Json(ListResponse { items, total }))
}

/// Recomputes the hash chain, as `anma audit verify` does.
async fn verify(State(state): State<AppState>) -> Result<Json<AuditVerification>> {
    Ok(Json(db::audit::verify(&state.db).await?))
}
