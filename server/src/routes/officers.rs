//! The officer registry (workspace) and the public certificate lookup.

use axum::{extract::State, http::StatusCode};

use app::model::{ListResponse, Msg, Officer, OfficerInput, PublicOfficer, normalise_certificate};

use super::extract::{Json, Path};
use super::table::{EVERYONE, OFFICER_KEEPERS, Route};
use crate::auth::policy::Scope;
use crate::{AppError, Result, auth::AuthContext, cases, db, state::AppState};

/// A department's officer registry (clerks keep their own, admins any), and the public
/// certificate lookup.
pub fn routes() -> Vec<Route> {
    const D: Scope = Scope::Department;
    vec![
        Route::get("/workspace/departments/{dept}/officers", list)
            .allow(EVERYONE, D)
            .token(super::table::READ_OFFICERS),
        Route::post("/workspace/departments/{dept}/officers", add)
            .allow(OFFICER_KEEPERS, D)
            .token(super::table::WRITE_OFFICERS),
        Route::put("/workspace/departments/{dept}/officers/{id}", update)
            .allow(OFFICER_KEEPERS, D)
            .token(super::table::WRITE_OFFICERS),
        Route::get("/officers/{certificate}", lookup)
            .param::<super::openapi::Certificate>("certificate"),
    ]
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
    db::officers::public(&state.db, &number, state.db.clock().today())
        .await?
        .map(Json)
        .ok_or_else(|| AppError::not_found(Msg::NoCertificate { number }))
}
