//! Inspections: the public verdict on an inspection code (扫码入企), ratings by the
//! inspected and reports of inspections without a code; the department's inspections
//! and their results; the supervision figures.

use std::net::SocketAddr;

use axum::{
    extract::{ConnectInfo, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Deserialize;

use app::model::{
    AdHocInput, Inspection, InspectionCode, InspectionFeedback, InspectionVerification,
    ListResponse, Msg, PageQuery, RatingInput, Report, ReportInput, ResultInput, SignatureCheck,
    Supervision,
};

use super::extract::{Json, Path, Query};
use super::table::{DECIDERS, EVERYONE, OVERSIGHT, REVIEWER, Route};
use super::{decisions::public_base, openapi::media, verify::limited};
use crate::auth::policy::Scope;
use crate::{
    AppError, Result,
    auth::{AuthContext, client::client_ip},
    cases::{limiter, qr},
    db,
    inspections::{entities, public, visits},
    state::AppState,
};

pub fn routes() -> Vec<Route> {
    const D: Scope = Scope::Department;
    const P: Scope = Scope::Province;
    macro_rules! at {
        ($rest:literal) => {
            concat!("/workspace/departments/{dept}/inspections", $rest)
        };
    }
    vec![
        Route::get("/inspections/{code}", verify)
            .param::<InspectionCode>("code")
            .answers::<InspectionVerification>()
            .about("Whether an inspection code is genuine, who inspects, on what ground, when"),
        Route::post("/inspections/{code}/rating", rate)
            .param::<InspectionCode>("code")
            .no_content()
            .may_answer(&[404, 409])
            .about("The inspected company rates the inspection, once, with its notice's token"),
        Route::post("/inspection-reports", report)
            .about("Report an inspection without a valid code (无码检查)"),
        Route::get(at!(""), list).allow(EVERYONE, D),
        Route::post(at!(""), open).allow(DECIDERS, D),
        Route::get(at!("/{id}"), show).allow(EVERYONE, D),
        Route::get(at!("/{id}/qr.svg"), qr_svg)
            .file(media::SVG)
            .allow(EVERYONE, D),
        Route::post(at!("/{id}/result"), result).allow(DECIDERS, D),
        Route::put(at!("/{id}/case"), link_case).allow(DECIDERS, D),
        Route::post(
            "/workspace/departments/{dept}/officers/{id}/conflicts",
            add_conflict,
        )
        .allow(super::table::OFFICER_KEEPERS, D)
        .no_content(),
        Route::get(
            "/workspace/departments/{dept}/inspection-feedback",
            feedback,
        )
        .allow(REVIEWER, D),
        Route::get("/workspace/supervision/inspections", supervision).allow(OVERSIGHT, P),
        Route::get("/workspace/supervision/feedback", all_feedback).allow(OVERSIGHT, P),
    ]
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct VerifyParams {
    /// The signature from the notice's QR code (base32).
    #[param(schema_with = app::model::schema::query::text)]
    sig: Option<String>,
}

fn code_error(e: app::model::CaseCodeError) -> AppError {
    match e {
        app::model::CaseCodeError::Shape => AppError::validation("code", Msg::InspectionCodeShape),
        other => AppError::validation("code", other),
    }
}

/// Like case codes: a valid signature (the notice's holder) is never limited; every
/// other lookup counts against the address's limit before it is answered.
async fn verify(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(code): Path<String>,
    Query(p): Query<VerifyParams>,
) -> Result<Response> {
    let sig = p.sig.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let code = InspectionCode::parse(&code);
    let first = match (&code, sig) {
        (Ok(code), Some(_)) => visits::lookup(&state.db, &state.keys, code, sig).await?,
        _ => None,
    };
    if let Some(v) = &first
        && v.signature == SignatureCheck::Valid
    {
        return Ok(no_store(v));
    }
    limited(&state, &headers, peer).await?;
    let code = code.map_err(code_error)?;
    let found = match first {
        Some(found) => Some(found),
        None => visits::lookup(&state.db, &state.keys, &code, None).await?,
    };
    match found {
        None => Err(AppError::not_found(Msg::NoInspectionCode {
            code: code.to_string(),
        })),
        Some(v) => Ok(no_store(&v)),
    }
}

fn no_store(v: &InspectionVerification) -> Response {
    ([(header::CACHE_CONTROL, "no-store")], Json(v)).into_response()
}

/// A wrong token counts against the lookup limit, so tokens cannot be guessed.
async fn rate(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(code): Path<String>,
    Json(input): Json<RatingInput>,
) -> Result<Response> {
    let code = InspectionCode::parse(&code).map_err(code_error)?;
    match visits::rate(&state.db, &state.keys, &code, &input).await {
        Ok(()) => Ok(StatusCode::NO_CONTENT.into_response()),
        Err(visits::Refused::Other(e)) => Err(e),
        Err(visits::Refused::Token) => {
            limited(&state, &headers, peer).await?;
            Err(AppError::validation("token", Msg::RatingToken))
        }
    }
}

async fn report(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Json(input): Json<ReportInput>,
) -> Result<(StatusCode, Json<Report>)> {
    let ip = client_ip(&headers, Some(peer), &state.network.trusted_proxies);
    if let Some(wait) =
        limiter::count_as(&state.db, "report", ip, state.lookups.reports_per_minute).await?
    {
        return Err(AppError::RateLimited {
            retry_after_secs: wait,
            msg: Msg::ReportsLimited,
        });
    }
    let report = visits::report(&state.db, &input).await?;
    Ok((StatusCode::CREATED, Json(report)))
}

async fn list(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(dept): Path<i64>,
    Query(q): Query<PageQuery>,
) -> Result<Json<ListResponse<Inspection>>> {
    let p = q
        .validate()
        .map_err(|(field, msg)| AppError::validation(field, msg))?;
    let (rows, total) = db::inspections::list(&state.db, dept, p.plan, p.limit, p.offset).await?;
    let base = public_base(&state, &headers);
    Ok(Json(ListResponse {
        items: rows
            .iter()
            .map(|r| visits::view(r, &state.keys, &base))
            .collect(),
        total,
    }))
}

async fn open(
    State(state): State<AppState>,
    ctx: AuthContext,
    headers: HeaderMap,
    Path(dept): Path<i64>,
    Json(input): Json<AdHocInput>,
) -> Result<(StatusCode, Json<Inspection>)> {
    let row = visits::open(&state.db, &state.keys, &ctx.actor(), dept, &input).await?;
    let base = public_base(&state, &headers);
    Ok((
        StatusCode::CREATED,
        Json(visits::view(&row, &state.keys, &base)),
    ))
}

async fn find(state: &AppState, dept: i64, id: i64) -> Result<db::inspections::InspectionRow> {
    let mut conn = state.db.pool().acquire().await?;
    db::inspections::find(&mut conn, dept, id)
        .await?
        .ok_or_else(|| AppError::not_found(Msg::NoInspection))
}

async fn show(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((dept, id)): Path<(i64, i64)>,
) -> Result<Json<Inspection>> {
    let row = find(&state, dept, id).await?;
    Ok(Json(visits::view(
        &row,
        &state.keys,
        &public_base(&state, &headers),
    )))
}

/// The notice's QR code: the verify address with the signature and the rating token.
async fn qr_svg(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((dept, id)): Path<(i64, i64)>,
) -> Result<Response> {
    let row = find(&state, dept, id).await?;
    let view = visits::view(&row, &state.keys, &public_base(&state, &headers));
    let symbol = qr::Symbol::encode(&view.qr_text)?;
    Ok((
        [
            (header::CONTENT_TYPE, media::SVG.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"anma-{}.svg\"", row.code),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        symbol.svg(),
    )
        .into_response())
}

async fn result(
    State(state): State<AppState>,
    ctx: AuthContext,
    headers: HeaderMap,
    Path((dept, id)): Path<(i64, i64)>,
    Json(input): Json<ResultInput>,
) -> Result<Json<Inspection>> {
    let row = visits::record_result(&state.db, &ctx.actor(), dept, id, &input).await?;
    Ok(Json(visits::view(
        &row,
        &state.keys,
        &public_base(&state, &headers),
    )))
}

/// `{"case_code": …}`: the decision of the case an inspection opened.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
struct CaseLink {
    case_code: String,
}

async fn link_case(
    State(state): State<AppState>,
    ctx: AuthContext,
    headers: HeaderMap,
    Path((dept, id)): Path<(i64, i64)>,
    Json(link): Json<CaseLink>,
) -> Result<Json<Inspection>> {
    let row = visits::link_case(&state.db, &ctx.actor(), dept, id, &link.case_code).await?;
    Ok(Json(visits::view(
        &row,
        &state.keys,
        &public_base(&state, &headers),
    )))
}

/// `{"entity_uscc": …, "note": …}`: an entity the officer must not inspect.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
struct Conflict {
    entity_uscc: String,
    note: String,
}

async fn add_conflict(
    State(state): State<AppState>,
    ctx: AuthContext,
    Path((dept, id)): Path<(i64, i64)>,
    Json(c): Json<Conflict>,
) -> Result<Response> {
    entities::add_conflict(&state.db, &ctx.actor(), dept, id, &c.entity_uscc, &c.note).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

const FEEDBACK_ROWS: i64 = 200;

async fn feedback(
    State(state): State<AppState>,
    Path(dept): Path<i64>,
) -> Result<Json<InspectionFeedback>> {
    Ok(Json(InspectionFeedback {
        ratings: db::inspections::ratings(&state.db, Some(dept), FEEDBACK_ROWS).await?,
        reports: db::inspections::reports(&state.db, Some(dept), FEEDBACK_ROWS).await?,
    }))
}

async fn all_feedback(State(state): State<AppState>) -> Result<Json<InspectionFeedback>> {
    Ok(Json(InspectionFeedback {
        ratings: db::inspections::ratings(&state.db, None, FEEDBACK_ROWS).await?,
        reports: db::inspections::reports(&state.db, None, FEEDBACK_ROWS).await?,
    }))
}

async fn supervision(
    State(state): State<AppState>,
    Query(q): Query<PageQuery>,
) -> Result<Json<Supervision>> {
    let p = q
        .validate()
        .map_err(|(field, msg)| AppError::validation(field, msg))?;
    let year = p.year.unwrap_or_else(|| state.db.clock().today().year());
    Ok(Json(
        public::supervision(
            &state.db,
            year,
            state.spot_checks.inspections_per_year,
            p.region.as_ref(),
        )
        .await?,
    ))
}
