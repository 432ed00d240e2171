//! The master catalog: public reading and export; maintenance and import by admins.

use axum::{
    body::Bytes,
    extract::{Path, State},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Deserialize;

use app::model::{
    AddItemRequest, AdjustItemRequest, CatalogItem, CatalogItemDetail, CatalogQuery, ImportReport,
    ListResponse, Maintenance, MergeItemsRequest, Msg, RetireItemRequest, SplitItemRequest,
};

use super::extract::{Json, Query};
use super::openapi::{Id, media};
use super::table::{ADMIN, Route};
use crate::auth::policy::Scope;
use crate::{AppError, Result, auth::AuthContext, db, powers, state::AppState};

/// The largest import file accepted.
pub const MAX_IMPORT_BYTES: usize = 10 << 20;

/// The master catalog: public to read, maintained by admins.
pub fn routes() -> Vec<Route> {
    let admin = |route: Route| route.allow(ADMIN, Scope::Province);
    vec![
        Route::get("/catalog", list),
        Route::get("/catalog.csv", export_csv).file(media::CSV),
        Route::get("/catalog.xlsx", export_xlsx).file(media::XLSX),
        Route::get("/catalog/{id}", show).param::<Id>("id"),
        admin(Route::post("/workspace/catalog", add)),
        admin(Route::post("/workspace/catalog/merge", merge)),
        admin(
            Route::post("/workspace/catalog/import", import)
                .upload(media::ANY)
                .answers::<ImportReport>()
                .map(|h| h.layer(axum::extract::DefaultBodyLimit::max(MAX_IMPORT_BYTES))),
        ),
        admin(Route::post("/workspace/catalog/{id}/adjust", adjust).param::<Id>("id")),
        admin(Route::post("/workspace/catalog/{id}/retire", retire).param::<Id>("id")),
        admin(Route::post("/workspace/catalog/{id}/split", split).param::<Id>("id")),
    ]
}

fn parse_id(id: &str) -> Result<i64> {
    id.parse()
        .map_err(|_| AppError::validation("id", Msg::NotANumber))
}

async fn list(
    State(state): State<AppState>,
    Query(q): Query<CatalogQuery>,
) -> Result<Json<ListResponse<CatalogItem>>> {
    if let Some(s) = q.status.as_deref()
        && s != "all"
        && app::model::ItemStatus::parse(s).is_none()
    {
        return Err(AppError::validation(
            "status",
            Msg::unknown(s, ["active", "retired", "split", "merged", "all"]),
        ));
    }
    let (items, total) = db::catalog::list(&state.db, &q).await?;
    Ok(Json(ListResponse { items, total }))
}

async fn show(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<CatalogItemDetail>> {
    let id = parse_id(&id)?;
    let mut conn = state.db.pool().acquire().await?;
    let item = db::catalog::find(&mut conn, id)
        .await?
        .ok_or_else(|| AppError::not_found(Msg::NoCatalogItem))?;
    drop(conn);
    let versions = db::catalog::versions(&state.db, id).await?;
    Ok(Json(CatalogItemDetail { item, versions }))
}

/// CSV download of the whole catalog (UTF-8 with BOM).
async fn export_csv(State(state): State<AppState>) -> Result<Response> {
    let items = db::catalog::all(&state.db).await?;
    Ok(download(
        powers::files::catalog_table(&items).to_csv()?,
        "anma-catalog.csv",
    ))
}

/// XLSX download of the whole catalog.
async fn export_xlsx(State(state): State<AppState>) -> Result<Response> {
    let items = db::catalog::all(&state.db).await?;
    Ok(download(
        powers::files::catalog_table(&items).to_xlsx("通用目录")?,
        "anma-catalog.xlsx",
    ))
}

/// A file download; the type follows the name's extension (csv or xlsx).
pub fn download(bytes: Vec<u8>, filename: &str) -> Response {
    let content_type = if filename.ends_with(".xlsx") {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    } else {
        "text/csv; charset=utf-8"
    };
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

async fn add(
    State(state): State<AppState>,
    ctx: AuthContext,
    Json(req): Json<AddItemRequest>,
) -> Result<(StatusCode, Json<CatalogItem>)> {
    let item = powers::catalog::add(&state.db, &ctx.actor(), &req.fields, &req.maintenance).await?;
    Ok((StatusCode::CREATED, Json(item)))
}

async fn adjust(
    State(state): State<AppState>,
    ctx: AuthContext,
    Path(id): Path<String>,
    Json(req): Json<AdjustItemRequest>,
) -> Result<Json<CatalogItem>> {
    Ok(Json(
        powers::catalog::adjust(&state.db, &ctx.actor(), parse_id(&id)?, &req).await?,
    ))
}

async fn retire(
    State(state): State<AppState>,
    ctx: AuthContext,
    Path(id): Path<String>,
    Json(req): Json<RetireItemRequest>,
) -> Result<Json<CatalogItem>> {
    Ok(Json(
        powers::catalog::retire(&state.db, &ctx.actor(), parse_id(&id)?, &req.maintenance).await?,
    ))
}

async fn split(
    State(state): State<AppState>,
    ctx: AuthContext,
    Path(id): Path<String>,
    Json(req): Json<SplitItemRequest>,
) -> Result<(StatusCode, Json<Vec<CatalogItem>>)> {
    let items = powers::catalog::split(&state.db, &ctx.actor(), parse_id(&id)?, &req).await?;
    Ok((StatusCode::CREATED, Json(items)))
}

async fn merge(
    State(state): State<AppState>,
    ctx: AuthContext,
    Json(req): Json<MergeItemsRequest>,
) -> Result<(StatusCode, Json<CatalogItem>)> {
    let item = powers::catalog::merge(&state.db, &ctx.actor(), &req).await?;
    Ok((StatusCode::CREATED, Json(item)))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct ImportParams {
    #[serde(default)]
    #[param(schema_with = app::model::schema::query::boolean)]
    valid_only: bool,
    #[param(schema_with = app::model::schema::query::text)]
    reason: Option<String>,
    #[serde(default, deserialize_with = "app::model::date::blank_is_none")]
    #[param(schema_with = app::model::schema::query::date_or_blank)]
    effective_date: Option<app::model::Date>,
}

/// `POST /workspace/catalog/import`: the body is the file (CSV or XLSX). 200 with the report when
/// imported; 422 with the same report (and nothing imported) when a row is invalid and
/// `valid_only` was not asked for.
async fn import(
    State(state): State<AppState>,
    ctx: AuthContext,
    Query(p): Query<ImportParams>,
    headers: axum::http::HeaderMap,
    body: Bytes,
) -> Result<Response> {
    if body.is_empty() {
        return Err(AppError::validation("file", Msg::EmptyFile));
    }
    let maintenance = Maintenance {
        reason: p
            .reason
            .filter(|r| !r.trim().is_empty())
            .unwrap_or_else(|| "批量导入".into()),
        effective_date: p.effective_date.unwrap_or_else(|| state.db.clock().today()),
    };
    powers::catalog::validate_maintenance(&maintenance)?;
    let report: ImportReport = powers::files::import(
        &state.db,
        &ctx.actor(),
        &body,
        &maintenance,
        p.valid_only,
        crate::error::request_lang(&headers),
    )
    .await?;
    if report.imported == 0 && !report.errors.is_empty() {
        let error = AppError::validation(
            "file",
            Msg::ImportRowsInvalid {
                invalid: report.errors.len(),
                rows: report.rows,
            },
        );
        return Ok(error.with_report(&report));
    }
    Ok(Json(report).into_response())
}
