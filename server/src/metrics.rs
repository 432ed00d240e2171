//! Metrics in the Prometheus text format: request counts and latency per route and
//! status, verify verdicts, rejections at the limits, sign-in failures, and, read at each
//! scrape, the database pool, overdue publications and the audit chain's length.
//!
//! They are served on `--metrics-listen` (a private address for the scraper), and to
//! admins at `GET /api/v1/workspace/metrics`.

use std::time::Instant;

use axum::{
    extract::{MatchedPath, Request, State},
    middleware::Next,
    response::Response,
};
use prometheus_client::{
    encoding::{EncodeLabelSet, text::encode},
    metrics::{
        counter::Counter,
        family::Family,
        gauge::Gauge,
        histogram::{Histogram, exponential_buckets},
    },
    registry::Registry,
};

use crate::{db::Db, state::AppState};

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    method: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
    method: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct VerdictLabels {
    /// The decision's status, or `not_found`.
    status: String,
    /// `valid`, `mismatch` or `not_given`.
    signature: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ReasonLabels {
    reason: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PoolLabels {
    state: String,
}

/// The server's metrics; one per process, shared by every request.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram>,
    verdicts: Family<VerdictLabels, Counter>,
    kept_verdicts: Counter,
    rejections: Family<ReasonLabels, Counter>,
    sign_in_failures: Counter,
    pool: Family<PoolLabels, Gauge>,
    overdue: Gauge,
    audit_entries: Gauge,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics").finish_non_exhaustive()
    }
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("anma");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "API requests by route, method and status",
            requests.clone(),
        );
        let latency = Family::<RouteLabels, Histogram>::new_with_constructor(|| {
            // 1 ms to about 16 s.
            Histogram::new(exponential_buckets(0.001, 2.0, 15))
        });
        registry.register(
            "http_request_duration_seconds",
            "API request latency by route and method",
            latency.clone(),
        );
        let verdicts = Family::<VerdictLabels, Counter>::default();
        registry.register(
            "verify_verdicts",
            "Case-code verifications by the decision's status and the signature check",
            verdicts.clone(),
        );
        let kept_verdicts = Counter::default();
        registry.register(
            "verify_kept_verdicts",
            "Signed verifications answered with a kept verdict (the row's revision unchanged)",
            kept_verdicts.clone(),
        );
        let rejections = Family::<ReasonLabels, Counter>::default();
        registry.register(
            "rejections",
            "Requests refused at a limit: rate_limited (429) or busy (503)",
            rejections.clone(),
        );
        let sign_in_failures = Counter::default();
        registry.register(
            "sign_in_failures",
            "Sign-ins refused for wrong credentials",
            sign_in_failures.clone(),
        );
        let pool = Family::<PoolLabels, Gauge>::default();
        registry.register(
            "db_pool_connections",
            "Database pool connections by state (idle, in_use)",
            pool.clone(),
        );
        let overdue = Gauge::default();
        registry.register(
            "publication_overdue",
            "Issued decisions past their publication deadline, unpublished",
            overdue.clone(),
        );
        let audit_entries = Gauge::default();
        registry.register(
            "audit_chain_length",
            "Entries in the audit log's hash chain",
            audit_entries.clone(),
        );
        Self {
            registry,
            requests,
            latency,
            verdicts,
            kept_verdicts,
            rejections,
            sign_in_failures,
            pool,
            overdue,
            audit_entries,
        }
    }
}

impl Metrics {
    /// Counts a verification's outcome.
    pub fn verdict(&self, status: &str, signature: &str) {
        self.verdicts
            .get_or_create(&VerdictLabels {
                status: status.to_owned(),
                signature: signature.to_owned(),
            })
            .inc();
    }

    /// Counts a verification answered with a kept verdict (counted in `verdict` too).
    pub fn kept_verdict(&self) {
        self.kept_verdicts.inc();
    }

    /// The text a scrape gets, with the database's gauges read now.
    pub async fn render(&self, db: &Db) -> crate::Result<String> {
        let pool = db.pool();
        let idle = i64::try_from(pool.num_idle()).unwrap_or(i64::MAX);
        let size = i64::from(pool.size());
        let set = |state: &str, value: i64| {
            self.pool
                .get_or_create(&PoolLabels {
                    state: state.to_owned(),
                })
                .set(value);
        };
        set("idle", idle);
        set("in_use", (size - idle).max(0));
        let (overdue, entries) = crate::db::disclosures::gauges(db).await?;
        self.overdue.set(overdue);
        self.audit_entries.set(entries);
        let mut text = String::new();
        encode(&mut text, &self.registry).map_err(|e| anyhow::anyhow!("metrics: {e}"))?;
        Ok(text)
    }
}

/// Counts and times every API request by its route (the pattern, never the path, so
/// ids do not explode the label set).
pub async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let method = request.method().as_str().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16();
    let metrics = &state.metrics;
    metrics
        .latency
        .get_or_create(&RouteLabels {
            route: route.clone(),
            method: method.clone(),
        })
        .observe(started.elapsed().as_secs_f64());
    let reason = match status {
        429 => Some("rate_limited"),
        503 => Some("busy"),
        _ => None,
    };
    if let Some(reason) = reason {
        metrics
            .rejections
            .get_or_create(&ReasonLabels {
                reason: reason.to_owned(),
            })
            .inc();
    }
    if status == 401 && route.ends_with("/auth/login") {
        metrics.sign_in_failures.inc();
    }
    metrics
        .requests
        .get_or_create(&RequestLabels {
            route,
            method,
            status,
        })
        .inc();
    response
}
