use std::net::SocketAddr;

use anyhow::Context;
use axum::{
    Router,
    extract::{DefaultBodyLimit, Request},
    http::{HeaderName, HeaderValue, header},
};
use tokio::net::TcpListener;
use tower::ServiceBuilder;
use tower_http::{
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    set_header::SetResponseHeaderLayer,
    trace::{DefaultOnResponse, TraceLayer},
};

use crate::{config::ServeConfig, db::Db, keys::KeyRing, routes, site, state::AppState};

/// The largest request body the API accepts.
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// Content Security Policy: the app's own scripts and WebAssembly, no inline script or
/// style, no framing.
const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
    img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; \
    base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// A bound, ready-to-run server.
pub struct Application {
    listener: TcpListener,
    router: Router,
    addr: SocketAddr,
    db: Db,
    keys: std::sync::Arc<KeyRing>,
    /// Sessions idle this long are over.
    idle: std::time::Duration,
    webhooks: crate::config::WebhookConfig,
    /// The metrics listener (`--metrics-listen`) and the state it reads.
    metrics: Option<(TcpListener, AppState)>,
}

/// How often housekeeping runs.
const HOUSEKEEPING_EVERY: std::time::Duration = std::time::Duration::from_secs(300);

/// Deletes what has expired — sessions past their end or idle timeout, sign-in throttle
/// windows and lookup counts nobody can hit any more — and signs an audit checkpoint when
/// the newest is a day old. Safe on several servers at once.
async fn housekeeping(db: Db, keys: std::sync::Arc<KeyRing>, idle: std::time::Duration) {
    let mut tick = tokio::time::interval(HOUSEKEEPING_EVERY);
    loop {
        tick.tick().await;
        match crate::db::purge_expired(&db, idle).await {
            Ok(n) if n > 0 => tracing::info!(rows = n, "housekeeping: expired rows deleted"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "housekeeping failed"),
        }
        if let Err(e) = db.optimize().await {
            tracing::warn!(error = %e, "housekeeping: cannot refresh the planner's statistics");
        }
        if let Err(e) = keys.refresh(&db).await {
            tracing::warn!(error = %e, "housekeeping: cannot read the key registry");
        }
        let day_ago = db.clock().now_plus(-24 * 3600);
        let due = match crate::db::audit::last_checkpoint_at(&db).await {
            Ok(last) => last.is_none_or(|at| at < day_ago),
            Err(e) => {
                tracing::warn!(error = %e, "housekeeping: cannot read checkpoints");
                false
            }
        };
        if due {
            match crate::db::audit::checkpoint(&db, &keys).await {
                Ok(Some(c)) => tracing::info!(seq = c.seq, "audit checkpoint signed"),
                Ok(None) => {}
                Err(e) => tracing::warn!(error = %e, "audit checkpoint failed"),
            }
        }
    }
}

impl Application {
    /// Binds the listen address (port 0 picks a free port) and assembles the app.
    pub async fn build(config: &ServeConfig, db: Db, keys: KeyRing) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(config.listen)
            .await
            .with_context(|| format!("cannot listen on {}", config.listen))?;
        let addr = listener.local_addr()?;
        tracing::info!(%addr, backend = ?db.backend(), "listening");
        let idle = config.sessions.session_idle;
        let keys = std::sync::Arc::new(keys);
        let state = AppState {
            db: db.clone(),
            network: config.network.clone(),
            sessions: config.sessions.clone(),
            lookups: config.lookups.clone(),
            publication: config.publication.clone(),
            keys: keys.clone(),
            limits: crate::limits::Limits::new(&config.limits),
            export_stall: config.limits.export_stall,
            spot_checks: config.spot_checks,
            webhook_reach: crate::net::WebhookReach::new(config.webhooks.webhook_allow.clone()),
            verdicts: std::sync::Arc::new(crate::cases::verify::VerdictCache::new(
                config.lookups.verdict_cache,
                &db,
            )),
            kept: std::sync::Arc::new(crate::kept::KeptAnswers::new(
                config.lookups.answer_cache_mb * 1024 * 1024,
                &db,
            )),
            metrics: std::sync::Arc::default(),
        };
        let metrics = match config.metrics_listen {
            Some(at) => Some(
                TcpListener::bind(at)
                    .await
                    .with_context(|| format!("cannot listen for metrics on {at}"))?,
            ),
            None => None,
        };
        if let Some(l) = &metrics {
            tracing::info!(addr = %l.local_addr()?, "metrics at /metrics");
        }
        let metrics = metrics.map(|l| (l, state.clone()));
        let router = router(state, &config.site_dir);
        Ok(Self {
            metrics,
            listener,
            router,
            addr,
            db,
            keys,
            idle,
            webhooks: config.webhooks.clone(),
        })
    }

    /// The metrics listener's address, with `--metrics-listen`.
    pub fn metrics_addr(&self) -> Option<SocketAddr> {
        self.metrics.as_ref().and_then(|(l, _)| l.local_addr().ok())
    }

    /// The address actually bound.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Serves until SIGTERM or Ctrl-C, then finishes the requests in flight. Meanwhile,
    /// every few minutes, expired sessions and old rate-limit rows are deleted, and
    /// decision events are pushed to webhooks.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let housekeeping =
            tokio::spawn(housekeeping(self.db.clone(), self.keys.clone(), self.idle));
        let events = tokio::spawn(crate::cases::events::run(self.db.clone(), self.webhooks));
        let metrics = self.metrics.map(|(listener, state)| {
            let router = Router::new().route(
                "/metrics",
                axum::routing::get(
                    |axum::extract::State(state): axum::extract::State<AppState>| async move {
                        crate::routes::health::metrics_text(&state).await
                    },
                ),
            );
            tokio::spawn(async move {
                if let Err(e) = axum::serve(listener, router.with_state(state)).await {
                    tracing::error!(error = %e, "the metrics listener stopped");
                }
            })
        });
        axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown_signal())
        .await?;
        housekeeping.abort();
        events.abort();
        if let Some(m) = metrics {
            m.abort();
        }
        tracing::info!("stopped");
        Ok(())
    }
}

/// The whole HTTP surface: the API under `/api`, the app everywhere else.
pub fn router(state: AppState, site_dir: &std::path::Path) -> Router {
    let request_id = HeaderName::from_static("x-request-id");
    // Served over https (the public URL says so): browsers keep to https for a year.
    let hsts = state.network.https();
    let verify_page = crate::verdict_page::router(state.clone(), site_dir);
    let api = routes::router(state.clone())
        .with_state(state)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(axum::middleware::from_fn(crate::error::localize));
    let headers = [
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (
            HeaderName::from_static("permissions-policy"),
            "camera=(self), microphone=(), geolocation=()",
        ),
    ];
    let mut app = Router::new()
        .nest("/api", api)
        .merge(verify_page)
        .merge(crate::first_screen::router(site_dir))
        .merge(site::router(site_dir));
    for (name, value) in headers {
        app = app.layer(SetResponseHeaderLayer::if_not_present(
            name,
            HeaderValue::from_static(value),
        ));
    }
    if hsts {
        app = app.layer(SetResponseHeaderLayer::if_not_present(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        ));
    }
    app.layer(
        ServiceBuilder::new()
            .layer(SetRequestIdLayer::new(request_id.clone(), MakeRequestUuid))
            .layer(
                TraceLayer::new_for_http()
                    .make_span_with(|req: &Request| {
                        let id = req
                            .headers()
                            .get("x-request-id")
                            .and_then(|v| v.to_str().ok())
                            .unwrap_or("-");
                        tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
                    })
                    .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
            )
            .layer(PropagateRequestIdLayer::new(request_id)),
    )
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
