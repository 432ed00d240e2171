//! The JSON API, mounted under `/api/v1`. Each resource module declares its routes, with
//! who may call them, in `routes()`; [`table`] gathers them into the one route table.

pub mod extract;

mod audit;
mod auth;
mod catalog;
mod claims;
mod decisions;
mod departments;
mod disclosures;
mod docs;
mod entities;
mod events;
pub mod health;
mod inspections;
mod items;
mod keys;
mod officers;
pub mod openapi;
mod overview;
mod regions;
mod spot_checks;
pub mod table;
mod tokens;
mod users;
mod verify;

use axum::{Router, http::Uri, middleware};

use crate::{AppError, auth::policy, state::AppState};
use app::model::Msg;

/// Every route under `/api`; unknown paths get a 404 JSON error, not the SPA.
pub fn router(state: AppState) -> Router<AppState> {
    let mut public = Router::new();
    let mut guarded = Router::new();
    for route in table::table() {
        if route.access.is_some() {
            guarded = guarded.route(route.path, route.handler);
        } else {
            public = public.route(route.path, route.handler);
        }
    }
    // Routes that need a session: `auth::policy::guard` checks the session, the CSRF
    // token and the route's access before any handler runs.
    let guarded = guarded
        .route_layer(middleware::from_fn_with_state(state.clone(), policy::guard))
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            crate::metrics::track,
        ));
    let public = public.route_layer(middleware::from_fn_with_state(state, crate::metrics::track));
    Router::new()
        .nest("/v1", public.merge(guarded))
        .merge(docs::page_router())
        .fallback(api_not_found)
        .layer(middleware::from_fn(policy::same_origin_writes))
}

async fn api_not_found(uri: Uri) -> AppError {
    AppError::not_found(Msg::NoRoute {
        path: uri.path().to_owned(),
    })
}
