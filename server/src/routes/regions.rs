use axum::extract::{Path, State};

use app::model::{ListResponse, Msg, Region, RegionCode};

use super::extract::Json;
use super::table::Route;
use crate::{AppError, Result, db, state::AppState};

pub fn routes() -> Vec<Route> {
    vec![
        Route::get("/regions", list),
        Route::get("/regions/{code}", show).param::<RegionCode>("code"),
    ]
}

/// All regions, parents first.
async fn list(State(state): State<AppState>) -> Result<Json<ListResponse<Region>>> {
    let items = db::regions::list(&state.db).await?;
    let total = items.len() as i64;
    Ok(Json(ListResponse { items, total }))
}

async fn show(State(state): State<AppState>, Path(code): Path<String>) -> Result<Json<Region>> {
    let code = RegionCode::parse(&code).map_err(|e| AppError::validation("code", e))?;
    db::regions::find(&state.db, &code)
        .await?
        .map(Json)
        .ok_or_else(|| {
            AppError::not_found(Msg::NoRegion {
                code: code.to_string(),
            })
        })
}
