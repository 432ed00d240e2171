use std::sync::Arc;

use crate::{
    config::{LookupConfig, NetworkConfig, PublicationConfig, SessionConfig, SpotCheckConfig},
    db::Db,
    keys::KeyRing,
    limits::Limits,
};

/// What every request handler can reach.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The connection pool; the only way to the database.
    pub db: Db,
    /// The public address and the proxies trusted for client addresses.
    pub network: NetworkConfig,
    /// Session lifetimes.
    pub sessions: SessionConfig,
    /// The limit on typed-in case-code lookups.
    pub lookups: LookupConfig,
    /// The deployment's publication settings.
    pub publication: PublicationConfig,
    /// The signing keys and the deployment secret (read at start).
    pub keys: Arc<KeyRing>,
    /// Limits on heavy public work, and how long a stalled export may wait.
    pub limits: Limits,
    pub export_stall: std::time::Duration,
    /// Where webhooks may be sent.
    pub webhook_reach: crate::net::WebhookReach,
    /// The rules of spot-check draws.
    pub spot_checks: SpotCheckConfig,
    /// Verdicts of signed lookups, reused while their record is unchanged.
    pub verdicts: Arc<crate::cases::verify::VerdictCache>,
    /// Statistics and item lists, reused while the data behind them is unchanged.
    pub kept: Arc<crate::kept::KeptAnswers>,
    /// Counters and histograms for `/metrics`.
    pub metrics: Arc<crate::metrics::Metrics>,
}
