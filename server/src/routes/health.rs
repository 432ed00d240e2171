use axum::extract::State;

use app::model::Health;

use super::extract::Json;
use super::table::Route;
use crate::{Result, state::AppState};

pub fn routes() -> Vec<Route> {
    vec![Route::get("/health", health)]
}

/// Liveness and readiness: answers only once the database does.
async fn health(State(state): State<AppState>) -> Result<Json<Health>> {
    let migration_version = state.db.migration_version().await?;
    Ok(Json(Health {
        status: "ok".to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        database: state.db.backend(),
        migration_version,
    }))
}
