//! The officer registry (workspace) and the public certificate lookup.

use app::model::Msg;
use axum::{
    Router,
    extract::State,
    http::StatusCode,
    routing::{get, put},
};

use app::model::{ListResponse, Officer, OfficerInput, PublicOfficer, normalise_certificate};

use super::extract::{Json, Path};
use crate::{AppError, Result, auth::AuthContext, cases, db, state::AppState};

pub fn workspace_router() -> Router<AppState> {
    let base = "/workspace/departments/{dept}/officers";
    Router::new()
        .route(base, get(list).post(add))
        .route(&format!("{base}/{{id}}"), put(update))
}

pub fn public_router() -> Router<AppState> {
    Router::new().route("/officers/{certificate}", get(lookup))
}

async fn list(
    State(state): State<AppState>,
    Path(dept): Path<i64>,
) -> Result<Json<ListResponse<Officer>>> {
    let items = db::officers::list(&state.db, dept).await?;
    let total = items.len() as i64;
    Ok(Json(ListResponse { items, total }))
}

async fn add(
    State(state): State<AppState>,
    ctx: AuthContext,
    Path(dept): Path<i64>,
    Json(input): Json<OfficerInput>,
) -> Result<(StatusCode, Json<Officer>)> {
    let officer = cases::officers::add(&state.db, &ctx.actor(), dept, &input).await?;
    Ok((StatusCode::CREATED, Json(officer)))
}

async fn update(
    State(state): State<AppState>,
    ctx: AuthContext,
    Path((dept, id)): Path<(i64, i64)>,
    Json(input): Json<OfficerInput>,
) -> Result<Json<Officer>> {
    Ok(Json(
        cases::officers::update(&state.db, &ctx.actor(), dept, id, &input).await?,
    ))
}

/// Enforcement personnel publicity: name, department and whether the certificate is
/// valid today.
async fn lookup(
    State(state): State<AppState>,
    Path(certificate): Path<String>,
) -> Result<Json<PublicOfficer>> {
    let number = normalise_certificate(&certificate)
        .ok_or_else(|| AppError::validation("certificate", Msg::CertificateShape))?;
    db::officers::public(&state.db, &number, &state.db.clock().today_text())
        .await?
        .map(Json)
        .ok_or_else(|| AppError::not_found(Msg::NoCertificate { number }))
}
