//! A department's claims: claiming, the draft → review → publication workflow,
//! adjustment, withdrawal, history, and the flagged-claims dashboard.

use axum::{extract::State, http::StatusCode, response::Response};
use serde::Deserialize;

use app::model::{
    Claim, ClaimDetail, ClaimItemsRequest, ClaimStatus, ClaimTransition, ListResponse, Msg,
    SaveClaimRequest,
};

use super::openapi::media;
use super::table::{CLERK, EVERYONE, OVERSIGHT, REVIEWER, Route};
use super::{
    catalog::download,
    extract::{Json, Path, Query},
};
use crate::auth::policy::Scope;
use crate::{
    AppError, Result,
    auth::AuthContext,
    db,
    powers::{self, claims::Step},
    state::AppState,
};

/// A path under `/workspace/departments/{dept}/claims`.
macro_rules! at {
    ($rest:literal) => {
        concat!("/workspace/departments/{dept}/claims", $rest)
    };
}

/// A department's claims: its clerks claim and edit, its reviewers approve or return;
/// everyone of the department and oversight read.
pub fn routes() -> Vec<Route> {
    const D: Scope = Scope::Department;
    vec![
        Route::get(at!(""), list).allow(EVERYONE, D),
        Route::post(at!(""), claim).allow(CLERK, D),
        Route::get(at!(".csv"), export_csv)
            .file(media::CSV)
            .allow(EVERYONE, D),
        Route::get(at!(".xlsx"), export_xlsx)
            .file(media::XLSX)
            .allow(EVERYONE, D),
        Route::get(at!("/{id}"), show).allow(EVERYONE, D),
        Route::put(at!("/{id}"), save).allow(CLERK, D),
        Route::post(at!("/{id}/submit"), submit).allow(CLERK, D),
        Route::post(at!("/{id}/adjust"), adjust).allow(CLERK, D),
        Route::post(at!("/{id}/withdraw"), withdraw).allow(CLERK, D),
        Route::post(at!("/{id}/approve"), approve).allow(REVIEWER, D),
        Route::post(at!("/{id}/return"), send_back).allow(REVIEWER, D),
        Route::get("/workspace/claims/flagged", flagged).allow(OVERSIGHT, Scope::Province),
    ]
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct ListParams {
    #[param(schema_with = app::model::schema::query::code_or_blank::<app::model::ClaimStatus>)]
    status: Option<String>,
    #[serde(default)]
    #[param(schema_with = app::model::schema::query::boolean)]
    flagged: bool,
}

fn list_response((items, total): (Vec<Claim>, i64)) -> Json<ListResponse<Claim>> {
    Json(ListResponse { items, total })
}

async fn list(
    State(state): State<AppState>,
    Path(dept): Path<i64>,
    Query(p): Query<ListParams>,
) -> Result<Json<ListResponse<Claim>>> {
    let status = match p.status.as_deref() {
        None | Some("") => None,
        Some(s) => Some(ClaimStatus::parse(s).ok_or_else(|| {
            AppError::validation(
                "status",
                Msg::unknown(s, ClaimStatus::ALL.iter().map(|s| s.as_str())),
            )
        })?),
    };
    Ok(list_response(
        db::claims::list(
            &state.db,
            Some(dept),
            status,
            p.flagged,
            Some(db::claims::MAX_LIST),
        )
        .await?,
    ))
}

/// Every claim flagged by a catalog change, province-wide.
async fn flagged(State(state): State<AppState>) -> Result<Json<ListResponse<Claim>>> {
    Ok(list_response(
        db::claims::list(&state.db, None, None, true, Some(db::claims::MAX_LIST)).await?,
    ))
}

async fn export_csv(State(state): State<AppState>, Path(dept): Path<i64>) -> Result<Response> {
    let (claims, _) = db::claims::list(&state.db, Some(dept), None, false, None).await?;
    let table = powers::files::claims_table(&claims);
    Ok(download(
        table.to_csv()?,
        &format!("anma-claims-{dept}.csv"),
    ))
}

async fn export_xlsx(State(state): State<AppState>, Path(dept): Path<i64>) -> Result<Response> {
    let (claims, _) = db::claims::list(&state.db, Some(dept), None, false, None).await?;
    let table = powers::files::claims_table(&claims);
    Ok(download(
        table.to_xlsx("权责清单")?,
        &format!("anma-claims-{dept}.xlsx"),
    ))
}

async fn claim(
    State(state): State<AppState>,
    ctx: AuthContext,
    Path(dept): Path<i64>,
    Json(req): Json<ClaimItemsRequest>,
) -> Result<(StatusCode, Json<ListResponse<Claim>>)> {
    let claims = powers::claims::claim_items(&state.db, &ctx.actor(), dept, &req.item_ids).await?;
    let total = claims.len() as i64;
    Ok((StatusCode::CREATED, list_response((claims, total))))
}

async fn show(
    State(state): State<AppState>,
    Path((dept, id)): Path<(i64, i64)>,
) -> Result<Json<ClaimDetail>> {
    let mut conn = state.db.pool().acquire().await?;
    let claim = db::claims::find(&mut conn, dept, id)
        .await?
        .ok_or_else(|| AppError::not_found(Msg::NoClaim))?;
    drop(conn);
    let history = db::claims::events(&state.db, id).await?;
    Ok(Json(ClaimDetail { claim, history }))
}

async fn save(
    State(state): State<AppState>,
    ctx: AuthContext,
    Path((dept, id)): Path<(i64, i64)>,
    Json(req): Json<SaveClaimRequest>,
) -> Result<Json<Claim>> {
    transition(
        state,
        ctx,
        dept,
        id,
        req.expected_version,
        Step::Save(req.details),
    )
    .await
}

/// Takes the claim a step on, if it is still at `expected_version`.
async fn transition(
    state: AppState,
    ctx: AuthContext,
    dept: i64,
    id: i64,
    expected_version: i64,
    step: Step,
) -> Result<Json<Claim>> {
    Ok(Json(
        powers::claims::step(&state.db, &ctx.actor(), dept, id, expected_version, step).await?,
    ))
}

/// A workflow step's handler: `POST …/claims/{id}/<step>` with the version the user saw
/// (and, to return or withdraw, the comment).
macro_rules! step_handler {
    ($name:ident, |$req:ident| $step:expr) => {
        async fn $name(
            State(state): State<AppState>,
            ctx: AuthContext,
            Path((dept, id)): Path<(i64, i64)>,
            Json($req): Json<ClaimTransition>,
        ) -> Result<Json<Claim>> {
            let step = $step;
            transition(state, ctx, dept, id, $req.expected_version, step).await
        }
    };
}

step_handler!(submit, |req| Step::Submit);
step_handler!(approve, |req| Step::Approve);
step_handler!(send_back, |req| Step::Return(
    req.comment.clone().unwrap_or_default()
));
step_handler!(adjust, |req| Step::Adjust);
step_handler!(withdraw, |req| Step::Withdraw(
    req.comment.clone().unwrap_or_default()
));
