use app::model::{Department, DepartmentQuery, ListResponse, Msg};
use axum::extract::{Path, State};

use super::extract::{Json, Query};
use super::table::Route;
use crate::{AppError, Result, db, state::AppState};

pub fn routes() -> Vec<Route> {
    vec![
        Route::get("/departments", list),
        Route::get("/departments/{id}", show).param::<super::openapi::Id>("id"),
    ]
}

/// Departments, filtered by region (and below), level, kind and a name or code fragment.
async fn list(
    State(state): State<AppState>,
    Query(query): Query<DepartmentQuery>,
) -> Result<Json<ListResponse<Department>>> {
    let limit = query.limit.unwrap_or(db::departments::MAX_LIST);
    if !(1..=db::departments::MAX_LIST).contains(&limit) {
        return Err(AppError::validation(
            "limit",
            Msg::LimitRange {
                max: db::departments::MAX_LIST,
            },
        ));
    }
    let (items, total) = db::departments::list(&state.db, &query, limit).await?;
    Ok(Json(ListResponse { items, total }))
}

async fn show(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<Department>> {
    let id: i64 = id
        .parse()
        .map_err(|_| AppError::validation("id", Msg::NotANumber))?;
    db::departments::find(&state.db, id)
        .await?
        .map(Json)
        .ok_or_else(|| AppError::not_found(Msg::NoDepartment))
}
