use std::sync::Arc;

use crate::{config::SessionConfig, db::Db, keys::KeyRing, limits::Limits};

/// What every request handler can reach.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The connection pool; the only way to the database.
    pub db: Db,
    /// Session lifetimes, cookie security and client-address trust.
    pub sessions: SessionConfig,
    /// The signing keys and the deployment secret (read at start).
    pub keys: Arc<KeyRing>,
    /// Limits on heavy public work, and how long a stalled export may wait.
    pub limits: Limits,
    pub export_stall: std::time::Duration,
}
