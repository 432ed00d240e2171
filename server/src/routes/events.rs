//! Events out: a department's decision events as a feed with a cursor, and the webhooks
//! that push them to case systems, with each token's delivery log.

use axum::extract::State;

use app::model::{Delivery, EventPage, EventQuery, ListResponse, WebhookInput, WebhookSet};

use super::extract::{Json, Path, Query};
use super::table::{EVERYONE, READ_DECISIONS, Route, TOKEN_KEEPERS, TOKEN_READERS};
use crate::auth::policy::Scope;
use crate::{Result, auth::AuthContext, auth::tokens, cases, db, state::AppState};

pub fn routes() -> Vec<Route> {
    const D: Scope = Scope::Department;
    vec![
        Route::get("/workspace/departments/{dept}/events", feed)
            .allow(EVERYONE, D)
            .token(READ_DECISIONS),
        Route::put(
            "/workspace/departments/{dept}/tokens/{id}/webhook",
            set_webhook,
        )
        .allow(TOKEN_KEEPERS, D)
        .may_answer(&[404]),
        Route::get(
            "/workspace/departments/{dept}/tokens/{id}/deliveries",
            deliveries,
        )
        .allow(TOKEN_READERS, D)
        .may_answer(&[404]),
    ]
}

/// The department's decision events after the cursor, oldest first.
async fn feed(
    State(state): State<AppState>,
    Path(dept): Path<i64>,
    Query(q): Query<EventQuery>,
) -> Result<Json<EventPage>> {
    Ok(Json(
        cases::events::page(&state.db, dept, q.after.unwrap_or(0), q.limit).await?,
    ))
}

async fn set_webhook(
    State(state): State<AppState>,
    ctx: AuthContext,
    Path((dept, id)): Path<(i64, i64)>,
    Json(input): Json<WebhookInput>,
) -> Result<Json<WebhookSet>> {
    Ok(Json(
        tokens::set_webhook(
            &state.db,
            &state.webhook_reach,
            &ctx.actor(),
            Some(dept),
            id,
            &input,
        )
        .await?,
    ))
}

/// The token's newest 200 deliveries.
async fn deliveries(
    State(state): State<AppState>,
    Path((dept, id)): Path<(i64, i64)>,
) -> Result<Json<ListResponse<Delivery>>> {
    let mut conn = state.db.pool().acquire().await?;
    db::tokens::find(&mut conn, Some(dept), id)
        .await?
        .ok_or_else(|| crate::AppError::not_found(app::model::Msg::NoToken))?;
    drop(conn);
    let items = db::events::deliveries(&state.db, id, 200).await?;
    let total = items.len() as i64;
    Ok(Json(ListResponse { items, total }))
}
