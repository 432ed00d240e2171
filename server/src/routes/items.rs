//! Public item lists (事前公示): what each department has published.

use axum::extract::{Path, State};

use app::model::{ListResponse, Msg, PublicItem, PublicItemQuery};

use super::extract::{Json, Query};
use super::table::Route;
use crate::{AppError, Result, db, state::AppState};

pub fn routes() -> Vec<Route> {
    vec![
        Route::get("/items", list).answers::<ListResponse<PublicItem>>(),
        Route::get("/items/{id}", show).param::<super::openapi::Id>("id"),
    ]
}

/// Published items filtered by department, region (and below), category, and a name or
/// code fragment; paged with `limit` (1-500, default 50) and `offset`.
async fn list(
    State(state): State<AppState>,
    Query(q): Query<PublicItemQuery>,
) -> Result<axum::response::Response> {
    if let Some(limit) = q.limit
        && !(1..=db::claims::MAX_LIST).contains(&limit)
    {
        return Err(AppError::validation(
            "limit",
            Msg::LimitRange {
                max: db::claims::MAX_LIST,
            },
        ));
    }
    if q.sort.as_deref().is_some_and(|s| s != "newest") {
        return Err(AppError::validation(
            "sort",
            Msg::unknown(q.sort.as_deref().unwrap_or_default(), ["newest"]),
        ));
    }
    let body = state
        .kept
        .items
        .answer(&state.db, &q, async {
            let (items, total) = db::claims::list_public(&state.db, &q).await?;
            Ok(ListResponse { items, total })
        })
        .await?;
    Ok(crate::kept::json(body))
}

async fn show(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<PublicItem>> {
    let id: i64 = id
        .parse()
        .map_err(|_| AppError::validation("id", Msg::NotANumber))?;
    db::claims::find_public(&state.db, id)
        .await?
        .map(Json)
        .ok_or_else(|| AppError::not_found(Msg::NoPublishedItem))
}
