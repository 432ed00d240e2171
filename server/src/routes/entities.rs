//! The market-entity registry: browsed by staff, imported by admins and clerks. Its
//! contacts never leave the workspace.

use axum::{
    body::Bytes,
    extract::State,
    http::HeaderMap,
    response::{IntoResponse, Response},
};

use app::model::{Entity, EntityImportReport, ListResponse, Msg, PageQuery};

use super::catalog::MAX_IMPORT_BYTES;
use super::extract::{Json, Query};
use super::openapi::media;
use super::table::{ENTITY_KEEPERS, EVERYONE, Route};
use crate::auth::policy::Scope;
use crate::{AppError, Result, auth::AuthContext, db, inspections::entities, state::AppState};

pub fn routes() -> Vec<Route> {
    vec![
        Route::get("/workspace/entities", list).allow(EVERYONE, Scope::Province),
        Route::post("/workspace/entities/import", import)
            .upload(media::ANY)
            .answers::<EntityImportReport>()
            .map(|h| h.layer(axum::extract::DefaultBodyLimit::max(MAX_IMPORT_BYTES)))
            .allow(ENTITY_KEEPERS, Scope::Province),
    ]
}

async fn list(
    State(state): State<AppState>,
    Query(q): Query<PageQuery>,
) -> Result<Json<ListResponse<Entity>>> {
    let p = q
        .validate()
        .map_err(|(field, msg)| AppError::validation(field, msg))?;
    let (items, total) = db::entities::list(
        &state.db,
        p.q.as_deref(),
        p.region.as_ref(),
        p.limit,
        p.offset,
    )
    .await?;
    Ok(Json(ListResponse { items, total }))
}

/// The body is the file (CSV or XLSX): 200 with the report when imported, 422 with the
/// same report and nothing imported when a row is invalid.
async fn import(
    State(state): State<AppState>,
    ctx: AuthContext,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response> {
    if body.is_empty() {
        return Err(AppError::validation("file", Msg::EmptyFile));
    }
    let report = entities::import(
        &state.db,
        &ctx.actor(),
        &body,
        crate::error::request_lang(&headers),
    )
    .await?;
    if !report.errors.is_empty() {
        let invalid = report
            .errors
            .iter()
            .map(|e| e.row)
            .collect::<std::collections::HashSet<_>>()
            .len();
        let error = AppError::validation(
            "file",
            Msg::ImportRowsInvalid {
                invalid,
                rows: report.rows,
            },
        );
        return Ok(error.with_report(&report));
    }
    Ok(Json(report).into_response())
}
