//! The OpenAPI 3.1 document of the API (`/api/v1/openapi.json`, generated from the route
//! table by [`super::openapi`]) and an interactive page for it at `/api/docs`, served from
//! the binary: nothing loads from outside the server.

use std::sync::{Arc, LazyLock};

use axum::{
    Router,
    extract::Path,
    http::{StatusCode, header},
    response::{IntoResponse, Redirect, Response},
    routing::get,
};

use super::table::Route;
use crate::state::AppState;

static CONFIG: LazyLock<Arc<utoipa_swagger_ui::Config<'static>>> = LazyLock::new(|| {
    Arc::new(utoipa_swagger_ui::Config::new(["/api/v1/openapi.json"]).try_it_out_enabled(true))
});

pub fn routes() -> Vec<Route> {
    vec![Route::get("/openapi.json", document).any_object()]
}

/// `/docs` and its assets, mounted under `/api`.
pub fn page_router() -> Router<AppState> {
    Router::new()
        .route("/docs", get(|| async { Redirect::permanent("/api/docs/") }))
        .route("/docs/", get(|| asset(Path(String::new()))))
        .route("/docs/{*file}", get(asset))
}

async fn document() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        super::openapi::json(),
    )
        .into_response()
}

async fn asset(Path(file): Path<String>) -> Response {
    match utoipa_swagger_ui::serve(&file, CONFIG.clone()) {
        Ok(Some(found)) => (
            [(header::CONTENT_TYPE, found.content_type)],
            found.bytes.into_owned(),
        )
            .into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "cannot serve the API page");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
