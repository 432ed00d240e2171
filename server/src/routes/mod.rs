//! The JSON API, mounted under `/api/v1`. Each resource module has its own `router()`.

pub mod extract;

mod departments;
mod health;
mod regions;

use axum::{Router, http::Uri};

use crate::{AppError, state::AppState};

/// Every route under `/api`; unknown paths get a 404 JSON error, not the SPA.
pub fn router() -> Router<AppState> {
    let v1 = Router::new()
        .merge(health::router())
        .merge(regions::router())
        .merge(departments::router());
    Router::new().nest("/v1", v1).fallback(api_not_found)
}

async fn api_not_found(uri: Uri) -> AppError {
    AppError::not_found(format!("no API route at {}", uri.path()))
}
