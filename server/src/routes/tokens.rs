//! API tokens for departments' systems: created and revoked by the department's reviewer
//! or an admin, listed without their secrets.

use axum::{extract::State, http::StatusCode};

use app::model::{ApiToken, CreatedToken, ListResponse, NewToken};

use super::extract::{Json, Path};
use super::table::{Route, TOKEN_KEEPERS, TOKEN_READERS};
use crate::auth::policy::Scope;
use crate::{Result, auth::AuthContext, auth::tokens, db, state::AppState};

pub fn routes() -> Vec<Route> {
    const D: Scope = Scope::Department;
    vec![
        Route::get("/workspace/departments/{dept}/tokens", list).allow(TOKEN_READERS, D),
        Route::post("/workspace/departments/{dept}/tokens", create).allow(TOKEN_KEEPERS, D),
        Route::post("/workspace/departments/{dept}/tokens/{id}/revoke", revoke)
            .allow(TOKEN_KEEPERS, D)
            .may_answer(&[404]),
    ]
}

async fn list(
    State(state): State<AppState>,
    Path(dept): Path<i64>,
) -> Result<Json<ListResponse<ApiToken>>> {
    let items = db::tokens::list(&state.db, Some(dept)).await?;
    let total = items.len() as i64;
    Ok(Json(ListResponse { items, total }))
}

async fn create(
    State(state): State<AppState>,
    ctx: AuthContext,
    Path(dept): Path<i64>,
    Json(input): Json<NewToken>,
) -> Result<(StatusCode, Json<CreatedToken>)> {
    let created = tokens::create(&state.db, &ctx.actor(), dept, &input).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

async fn revoke(
    State(state): State<AppState>,
    ctx: AuthContext,
    Path((dept, id)): Path<(i64, i64)>,
) -> Result<Json<ApiToken>> {
    Ok(Json(
        tokens::revoke(&state.db, &ctx.actor(), Some(dept), id).await?,
    ))
}
