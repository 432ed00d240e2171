use crate::{config::SessionConfig, db::Db};

/// What every request handler can reach.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The connection pool; the only way to the database.
    pub db: Db,
    /// Session lifetimes, cookie security and client-address trust.
    pub sessions: SessionConfig,
}
