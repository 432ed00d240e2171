//! The JSON API, mounted under `/api/v1`. Each resource module has its own `router()`.

pub mod extract;

mod audit;
mod auth;
mod catalog;
mod claims;
mod decisions;
mod departments;
mod disclosures;
mod docs;
mod health;
mod items;
mod keys;
mod officers;
mod regions;
mod users;
mod verify;

use app::model::Msg;
use axum::{Router, http::Uri, middleware};

use crate::{AppError, auth::policy, state::AppState};

/// Every route under `/api`; unknown paths get a 404 JSON error, not the SPA.
pub fn router(state: AppState) -> Router<AppState> {
    // Routes that need a session: `auth::policy::guard` checks the session, the CSRF
    // token and the route's rule before any handler runs.
    let guarded = Router::new()
        .merge(auth::session_router())
        .merge(users::router())
        .merge(audit::router())
        .merge(catalog::workspace_router())
        .merge(claims::router())
        .merge(officers::workspace_router())
        .merge(decisions::router())
        .merge(disclosures::workspace_router())
        .route_layer(middleware::from_fn_with_state(state, policy::guard));
    let v1 = Router::new()
        .merge(health::router())
        .merge(regions::router())
        .merge(departments::router())
        .merge(auth::public_router())
        .merge(catalog::public_router())
        .merge(items::router())
        .merge(keys::router())
        .merge(officers::public_router())
        .merge(verify::router())
        .merge(audit::public_router())
        .merge(disclosures::public_router())
        .merge(docs::document_router())
        .merge(guarded);
    Router::new()
        .nest("/v1", v1)
        .merge(docs::page_router())
        .fallback(api_not_found)
        .layer(middleware::from_fn(policy::same_origin_writes))
}

async fn api_not_found(uri: Uri) -> AppError {
    AppError::not_found(Msg::NoRoute {
        path: uri.path().to_owned(),
    })
}
