//! A department's claims: claiming, the draft → review → publication workflow,
//! adjustment, withdrawal, history, and the flagged-claims dashboard.

use axum::{extract::State, http::StatusCode, response::Response};
use serde::Deserialize;

use app::model::{
    Claim, ClaimDetail, ClaimItemsRequest, ClaimStatus, ClaimTransition, ListResponse, Msg,
    SaveClaimRequest,
};

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

/// A department's claims: its clerks claim and edit, its reviewers approve or return;
/// everyone of the department and oversight read.
pub fn routes() -> Vec<Route> {
    const D: Scope = Scope::Department;
    vec![
        Route::get("/workspace/departments/{dept}/claims", list).allow(EVERYONE, D),
        Route::post("/workspace/departments/{dept}/claims", claim).allow(CLERK, D),
        Route::get("/workspace/departments/{dept}/claims.csv", export_csv).allow(EVERYONE, D),
        Route::get("/workspace/departments/{dept}/claims.xlsx", export_xlsx).allow(EVERYONE, D),
        Route::get("/workspace/departments/{dept}/claims/{id}", show).allow(EVERYONE, D),
        Route::put("/workspace/departments/{dept}/claims/{id}", save).allow(CLERK, D),
        Route::post("/workspace/departments/{dept}/claims/{id}/submit", submit).allow(CLERK, D),
        Route::post("/workspace/departments/{dept}/claims/{id}/adjust", adjust).allow(CLERK, D),
        Route::post(
            "/workspace/departments/{dept}/claims/{id}/withdraw",
            withdraw,
        )
        .allow(CLERK, D),
        Route::post("/workspace/departments/{dept}/claims/{id}/approve", approve)
            .allow(REVIEWER, D),
        Route::post(
            "/workspace/departments/{dept}/claims/{id}/return",
            send_back,
        )
        .allow(REVIEWER, D),
        Route::get("/workspace/claims/flagged", flagged).allow(OVERSIGHT, Scope::Province),
    ]
}

#[derive(Debug, Deserialize)]
struct ListParams {
    status: Option<String>,
    #[serde(default)]
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
    let step = Step::Save(req.details);
    Ok(Json(
        powers::claims::step(
            &state.db,
            &ctx.actor(),
            dept,
            id,
            req.expected_version,
            step,
        )
        .await?,
    ))
}

async fn transition(
    state: AppState,
    ctx: AuthContext,
    dept: i64,
    id: i64,
    req: ClaimTransition,
    step: Step,
) -> Result<Json<Claim>> {
    Ok(Json(
        powers::claims::step(
            &state.db,
            &ctx.actor(),
            dept,
            id,
            req.expected_version,
            step,
        )
        .await?,
    ))
}

async fn submit(
    State(s): State<AppState>,
    ctx: AuthContext,
    Path((dept, id)): Path<(i64, i64)>,
    Json(r): Json<ClaimTransition>,
) -> Result<Json<Claim>> {
    transition(s, ctx, dept, id, r, Step::Submit).await
}

async fn approve(
    State(s): State<AppState>,
    ctx: AuthContext,
    Path((dept, id)): Path<(i64, i64)>,
    Json(r): Json<ClaimTransition>,
) -> Result<Json<Claim>> {
    transition(s, ctx, dept, id, r, Step::Approve).await
}

async fn send_back(
    State(s): State<AppState>,
    ctx: AuthContext,
    Path((dept, id)): Path<(i64, i64)>,
    Json(r): Json<ClaimTransition>,
) -> Result<Json<Claim>> {
    let comment = r.comment.clone().unwrap_or_default();
    transition(s, ctx, dept, id, r, Step::Return(comment)).await
}

async fn adjust(
    State(s): State<AppState>,
    ctx: AuthContext,
    Path((dept, id)): Path<(i64, i64)>,
    Json(r): Json<ClaimTransition>,
) -> Result<Json<Claim>> {
    transition(s, ctx, dept, id, r, Step::Adjust).await
}

async fn withdraw(
    State(s): State<AppState>,
    ctx: AuthContext,
    Path((dept, id)): Path<(i64, i64)>,
    Json(r): Json<ClaimTransition>,
) -> Result<Json<Claim>> {
    let reason = r.comment.clone().unwrap_or_default();
    transition(s, ctx, dept, id, r, Step::Withdraw(reason)).await
}
