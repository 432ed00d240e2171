use axum::{
    extract::State,
    http::header,
    response::{IntoResponse, Response},
};

use app::model::{Health, Msg, Readiness};

use super::extract::Json;
use super::table::{ADMIN, Route};
use crate::{AppError, Result, auth::policy::Scope, state::AppState};

/// The media type of the metrics text.
pub const METRICS_TEXT: &str = "text/plain; version=0.0.4; charset=utf-8";

pub fn routes() -> Vec<Route> {
    vec![
        Route::get("/health", health),
        Route::get("/ready", ready).may_answer(&[503]),
        Route::get("/workspace/metrics", metrics)
            .file("text/plain")
            .allow(ADMIN, Scope::Province),
    ]
}

/// Liveness: the process answers, with its version and the database's migration.
async fn health(State(state): State<AppState>) -> Result<Json<Health>> {
    let migration_version = state.db.migration_version().await?;
    Ok(Json(Health {
        status: "ok".to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        database: state.db.backend(),
        migration_version,
    }))
}

/// Readiness for a load balancer: 503 while the database cannot be reached (within two
/// seconds) or a migration of this binary is pending.
async fn ready(State(state): State<AppState>) -> Result<Json<Readiness>> {
    let unreachable = || AppError::Busy {
        retry_after_secs: 5,
        msg: Msg::DatabaseUnreachable,
    };
    let check = async {
        let pending = state.db.pending_migrations().await?;
        let version = state.db.migration_version().await?;
        Ok::<_, AppError>((pending, version))
    };
    let (pending, migration_version) =
        match tokio::time::timeout(std::time::Duration::from_secs(2), check).await {
            Ok(Ok(found)) => found,
            Ok(Err(_)) | Err(_) => return Err(unreachable()),
        };
    if pending > 0 {
        return Err(AppError::Busy {
            retry_after_secs: 5,
            msg: Msg::MigrationsPending { pending },
        });
    }
    Ok(Json(Readiness {
        status: "ready".to_owned(),
        database: state.db.backend(),
        migration_version,
    }))
}

/// The metrics, for admins (the scraper's own address is `--metrics-listen`).
async fn metrics(State(state): State<AppState>) -> Result<Response> {
    metrics_text(&state).await
}

/// The metrics text, as `/metrics` serves it.
pub async fn metrics_text(state: &AppState) -> Result<Response> {
    let text = state.metrics.render(&state.db).await?;
    Ok(([(header::CONTENT_TYPE, METRICS_TEXT)], text).into_response())
}
