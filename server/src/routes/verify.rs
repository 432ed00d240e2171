//! `GET /api/v1/verify/{code}`: is this decision genuine and in force?

use std::net::SocketAddr;

use axum::{
    extract::{ConnectInfo, State},
    http::{HeaderMap, header},
    response::{IntoResponse, Response},
};
use serde::Deserialize;

use app::model::{CaseCode, Msg, SignatureCheck, Verification};

use super::extract::{Json, Path, Query};
use super::table::Route;
use crate::{
    AppError, Result,
    auth::client::client_ip,
    cases::{
        limiter,
        verify::{self, KeptVerdict, Lookup},
    },
    state::AppState,
};

pub fn routes() -> Vec<Route> {
    vec![
        Route::get("/verify/{code}", lookup)
            .param::<CaseCode>("code")
            .answers::<Verification>(),
    ]
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct Params {
    /// The signature from the QR code (base32).
    #[param(schema_with = app::model::schema::query::text)]
    sig: Option<String>,
}

/// Counts a lookup without a valid signature; over the address's limit it is a 429,
/// whether or not the code exists.
pub(super) async fn limited(state: &AppState, headers: &HeaderMap, peer: SocketAddr) -> Result<()> {
    let ip = client_ip(headers, Some(peer), &state.network.trusted_proxies);
    match limiter::count(&state.db, ip, state.lookups.lookups_per_minute).await? {
        None => Ok(()),
        Some(wait) => Err(AppError::RateLimited {
            retry_after_secs: wait,
            msg: Msg::LookupsLimited,
        }),
    }
}

async fn lookup(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(code): Path<String>,
    Query(p): Query<Params>,
) -> Result<Response> {
    let sig = p.sig.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let code = CaseCode::parse(&code);
    // The document's holder (a valid signature from the QR code) is never limited.
    let first = match (&code, sig) {
        (Ok(code), Some(sig)) => {
            if let Some(kept) = state.verdicts.get(&state.db, code, sig).await? {
                state.metrics.kept_verdict();
                return Ok(send(&state, &kept));
            }
            Some(verify::lookup(&state.db, &state.keys, code, Some(sig)).await?)
        }
        _ => None,
    };
    if let (Some(Lookup::Found(v, revision)), Some(sig)) = (&first, sig)
        && v.signature == SignatureCheck::Valid
    {
        let kept = state.verdicts.keep(&state.db, sig, v, *revision)?;
        return Ok(send(&state, &kept));
    }
    // Everything else counts before its answer is given: typed-in codes, misses,
    // malformed codes and wrong signatures alike, so over the limit a hit and a miss look
    // the same.
    limited(&state, &headers, peer).await?;
    let code = code.map_err(|e| AppError::validation("code", e))?;
    let found = match first {
        Some(found) => found,
        None => verify::lookup(&state.db, &state.keys, &code, None).await?,
    };
    match found {
        Lookup::NotFound => {
            let given = if sig.is_some() {
                "mismatch"
            } else {
                "not_given"
            };
            state.metrics.verdict("not_found", given);
            Err(AppError::not_found(Msg::NoCaseCode {
                code: code.to_string(),
            }))
        }
        Lookup::Found(v, _) => Ok(answer(&state, &v)),
    }
}

/// A verdict with a valid signature, kept or just kept.
fn send(state: &AppState, kept: &KeptVerdict) -> Response {
    state.metrics.verdict(kept.status.as_str(), "valid");
    (
        [
            (header::CACHE_CONTROL, "no-store"),
            (header::CONTENT_TYPE, "application/json"),
        ],
        kept.body.clone(),
    )
        .into_response()
}

fn answer(state: &AppState, v: &Verification) -> Response {
    state
        .metrics
        .verdict(v.status.as_str(), v.signature.as_str());
    ([(header::CACHE_CONTROL, "no-store")], Json(v)).into_response()
}
