//! `GET /api/v1/verify/{code}`: is this decision genuine and in force?

use std::net::SocketAddr;

use axum::{
    Router,
    extract::{ConnectInfo, State},
    http::{HeaderMap, header},
    response::{IntoResponse, Response},
    routing::get,
};
use serde::Deserialize;

use app::model::{CaseCode, SignatureCheck};

use super::extract::{Json, Path, Query};
use crate::{
    AppError, Result,
    auth::session::client_ip,
    cases::verify::{self, Lookup},
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new().route("/verify/{code}", get(lookup))
}

#[derive(Debug, Deserialize)]
struct Params {
    /// The signature from the QR code (base32).
    sig: Option<String>,
}

fn limited(state: &AppState, headers: &HeaderMap, peer: SocketAddr) -> Result<()> {
    let ip = client_ip(headers, Some(peer), &state.sessions);
    state.lookups.check(ip).map_err(|wait| AppError::RateLimited {
        retry_after_secs: wait,
        message: "too many case-code lookups from this address; wait a minute, or scan the QR code on the document".into(),
    })
}

async fn lookup(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(code): Path<String>,
    Query(p): Query<Params>,
) -> Result<Response> {
    let sig = p.sig.as_deref().map(str::trim).filter(|s| !s.is_empty());
    // A typed-in code counts against the address's limit before anything is read.
    if sig.is_none() {
        limited(&state, &headers, peer)?;
    }
    let code = CaseCode::parse(&code).map_err(|e| AppError::validation("code", e.to_string()))?;
    match verify::lookup(&state.db, &state.keys, &code, sig).await? {
        Lookup::NotFound => Err(AppError::not_found(format!(
            "no decision has the case code {code}"
        ))),
        Lookup::Found(v) => {
            // A wrong signature counts too, so adding one does not lift the limit.
            if v.signature == SignatureCheck::Mismatch {
                limited(&state, &headers, peer)?;
            }
            Ok(([(header::CACHE_CONTROL, "no-store")], Json(*v)).into_response())
        }
    }
}
