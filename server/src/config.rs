use std::{net::SocketAddr, path::PathBuf, time::Duration};

use clap::Args;

use app::model::publicity::SMALL_FINE_FEN;

use crate::{auth::client::TrustedProxies, net::Networks};

/// Where the data lives. Applies to every subcommand.
#[derive(Debug, Clone, Args)]
pub struct DatabaseConfig {
    /// Directory for the SQLite database and the signing keys. Created if missing.
    #[arg(long, env = "ANMA_DATA_DIR", default_value = "./data", global = true)]
    pub data_dir: PathBuf,

    /// Database URL: `sqlite://PATH` or `postgres://USER@HOST/DB`. Default: the SQLite
    /// file `anma.db` in the data directory.
    #[arg(long, env = "ANMA_DATABASE_URL", global = true)]
    pub database_url: Option<String>,

    /// Directory of the signing keys (owner-only). Default: `keys` in the data directory.
    #[arg(long, env = "ANMA_KEYS_DIR", global = true)]
    pub keys_dir: Option<PathBuf>,
}

impl DatabaseConfig {
    pub fn keys_dir(&self) -> PathBuf {
        self.keys_dir
            .clone()
            .unwrap_or_else(|| self.data_dir.join("keys"))
    }

    /// The URL to connect to; the default SQLite file is created on first use.
    pub fn url(&self) -> String {
        match &self.database_url {
            Some(url) => url.clone(),
            None => format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("anma.db").display()
            ),
        }
    }
}

/// How `anma serve` listens and what it serves, its flags grouped by concern.
#[derive(Debug, Clone, Args)]
pub struct ServeConfig {
    /// Address to listen on. Port 0 picks a free port; the real address is logged.
    #[arg(long, env = "ANMA_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// Directory of the built single-page app (`make site` writes `./site`).
    #[arg(long, env = "ANMA_SITE_DIR", default_value = "./site")]
    pub site_dir: PathBuf,

    /// Serve `GET /metrics` (Prometheus text format) on this address too, e.g. a
    /// private `10.0.0.11:9464` for the scraper; admins read the same at
    /// `/api/v1/workspace/metrics`.
    #[arg(long, env = "ANMA_METRICS_LISTEN")]
    pub metrics_listen: Option<SocketAddr>,

    #[command(flatten)]
    pub network: NetworkConfig,

    #[command(flatten)]
    pub sessions: SessionConfig,

    #[command(flatten)]
    pub lookups: LookupConfig,

    #[command(flatten)]
    pub publication: PublicationConfig,

    #[command(flatten)]
    pub limits: LimitsConfig,

    #[command(flatten)]
    pub spot_checks: SpotCheckConfig,

    #[command(flatten)]
    pub webhooks: WebhookConfig,
}

impl Default for ServeConfig {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            site_dir: PathBuf::from("./site"),
            metrics_listen: None,
            network: NetworkConfig::default(),
            sessions: SessionConfig::default(),
            lookups: LookupConfig::default(),
            publication: PublicationConfig::default(),
            limits: LimitsConfig::default(),
            spot_checks: SpotCheckConfig::default(),
            webhooks: WebhookConfig::default(),
        }
    }
}

/// Where Anma is reached and who stands in front of it.
#[derive(Debug, Clone, Default, Args)]
pub struct NetworkConfig {
    /// The address people use to reach Anma, e.g. `https://anma.example.gov.cn`: QR codes
    /// carry it; over https session cookies are `Secure` and browsers are told to keep to
    /// https (HSTS).
    #[arg(long, env = "ANMA_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// The reverse proxies in front of Anma (`10.0.0.0/8,192.168.1.7`): requests from them
    /// are read through `X-Forwarded-For`, right to left, skipping these addresses, for
    /// every per-address limit. Without it the peer address is the client.
    #[arg(long, env = "ANMA_TRUSTED_PROXIES", default_value = "")]
    pub trusted_proxies: TrustedProxies,
}

impl NetworkConfig {
    /// Whether Anma is reached over https.
    pub fn https(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://"))
    }
}

/// The limit on case-code lookups without the document's signature.
#[derive(Debug, Clone, Args)]
pub struct LookupConfig {
    /// Case-code lookups an address may make per minute without the document's
    /// signature (typed-in codes), so the register cannot be enumerated.
    #[arg(long, env = "ANMA_LOOKUPS_PER_MINUTE", default_value_t = 30)]
    pub lookups_per_minute: u32,

    /// Reports of inspections without a code an address may send per minute.
    #[arg(long, env = "ANMA_REPORTS_PER_MINUTE", default_value_t = 3)]
    pub reports_per_minute: u32,

    /// Verdicts of signed lookups (QR scans) kept in memory, about 2 KB each; one is given
    /// again only while its decision's row is unchanged. 0 keeps none.
    #[arg(long, env = "ANMA_VERDICT_CACHE", default_value_t = 20_000)]
    pub verdict_cache: usize,

    /// Megabytes of public statistics, item lists and disclosure-listing pages kept in
    /// memory per route, each given again only while the data behind it is unchanged (one
    /// read of a generation number). 0 keeps none.
    #[arg(long, env = "ANMA_ANSWER_CACHE_MB", default_value_t = 32)]
    pub answer_cache_mb: u64,
}

impl Default for LookupConfig {
    fn default() -> Self {
        Self {
            lookups_per_minute: 30,
            reports_per_minute: 3,
            verdict_cache: 20_000,
            answer_cache_mb: 32,
        }
    }
}

/// The deployment's choices within the publication rules.
#[derive(Debug, Clone, Args)]
pub struct PublicationConfig {
    /// Fines up to this many yuan (with no heavier penalty) are published for 3 months
    /// rather than 3 years.
    #[arg(long, env = "ANMA_SMALL_FINE_YUAN", default_value_t = SMALL_FINE_FEN / 100)]
    pub small_fine_yuan: i64,
}

impl Default for PublicationConfig {
    fn default() -> Self {
        Self {
            small_fine_yuan: SMALL_FINE_FEN / 100,
        }
    }
}

impl PublicationConfig {
    /// The small-fine threshold in fen.
    pub fn small_fine_fen(&self) -> i64 {
        self.small_fine_yuan.saturating_mul(100)
    }
}

/// The deployment's rules for spot-check draws (双随机), against repeated inspections.
#[derive(Debug, Clone, Copy, Args)]
pub struct SpotCheckConfig {
    /// Inspections an entity may have in a year, across all plans and departments: an
    /// entity at the limit is not drawn, and supervision flags those above it.
    #[arg(long, env = "ANMA_INSPECTIONS_PER_YEAR", default_value_t = 2)]
    pub inspections_per_year: i64,

    /// An entity any of a plan's departments inspected within this many months before
    /// the plan starts is not drawn.
    #[arg(long, env = "ANMA_REINSPECTION_MONTHS", default_value_t = 6)]
    pub reinspection_months: u32,
}

impl Default for SpotCheckConfig {
    fn default() -> Self {
        Self {
            inspections_per_year: 2,
            reinspection_months: 6,
        }
    }
}

/// How decision events are pushed to case systems' webhooks.
#[derive(Debug, Clone, Args)]
pub struct WebhookConfig {
    /// How often due webhook deliveries are looked for.
    #[arg(long, env = "ANMA_WEBHOOK_POLL", default_value = "2s", value_parser = parse_duration)]
    pub webhook_poll: Duration,

    /// The wait after a delivery's first failed attempt; it doubles after each further
    /// failure, up to an hour, for 12 attempts in all.
    #[arg(long, env = "ANMA_WEBHOOK_RETRY", default_value = "30s", value_parser = parse_duration)]
    pub webhook_retry_base: Duration,

    /// Networks that webhooks may reach although they are not public
    /// (`10.0.0.0/8,fd00::/8`: a case system on the government extranet, say). Without
    /// it a webhook reaches public addresses only, never this host or its neighbours.
    #[arg(long, env = "ANMA_WEBHOOK_ALLOW", default_value = "")]
    pub webhook_allow: Networks,
}

impl Default for WebhookConfig {
    fn default() -> Self {
        Self {
            webhook_poll: Duration::from_secs(2),
            webhook_retry_base: Duration::from_secs(30),
            webhook_allow: Networks::none(),
        }
    }
}

/// Limits on heavy public work. Part of `anma serve`'s flags.
#[derive(Debug, Clone, Args)]
pub struct LimitsConfig {
    /// Disclosure searches and statistics running at once, server-wide; more get 503.
    #[arg(long, env = "ANMA_MAX_SEARCHES", default_value_t = 32)]
    pub max_searches: usize,

    /// Searches one client address may run at once; more get 429.
    #[arg(long, env = "ANMA_MAX_SEARCHES_PER_ADDRESS", default_value_t = 4)]
    pub max_searches_per_address: usize,

    /// CSV/JSON exports running at once, server-wide; more get 503.
    #[arg(long, env = "ANMA_MAX_EXPORTS", default_value_t = 8)]
    pub max_exports: usize,

    /// Exports one client address may run at once; more get 429.
    #[arg(long, env = "ANMA_MAX_EXPORTS_PER_ADDRESS", default_value_t = 2)]
    pub max_exports_per_address: usize,

    /// Searches and export chunks that may read from the database at once (default: one
    /// fewer than the cores, at least one). Each holds a connection and a runtime thread
    /// while it reads; the rest stay free for verification and sign-in.
    #[arg(long, env = "ANMA_HEAVY_DB_SLOTS")]
    pub heavy_db_slots: Option<usize>,

    /// An export whose client reads nothing for this long is dropped (`30s`, `2m`).
    #[arg(long, env = "ANMA_EXPORT_STALL", default_value = "30s", value_parser = parse_duration)]
    pub export_stall: Duration,
}

impl LimitsConfig {
    /// Heavy reads at once: as configured, else one fewer than the cores.
    pub fn heavy_db_slots(&self) -> usize {
        self.heavy_db_slots
            .unwrap_or_else(|| {
                std::thread::available_parallelism().map_or(1, |n| n.get().saturating_sub(1))
            })
            .max(1)
    }
}

impl Default for LimitsConfig {
    fn default() -> Self {
        Self {
            max_searches: 32,
            max_searches_per_address: 4,
            max_exports: 8,
            max_exports_per_address: 2,
            heavy_db_slots: None,
            export_stall: Duration::from_secs(30),
        }
    }
}

/// How sign-in sessions behave. Part of `anma serve`'s flags.
#[derive(Debug, Clone, Args)]
pub struct SessionConfig {
    /// A session ends after this long without a request (e.g. `30m`, `1h`).
    #[arg(long, env = "ANMA_SESSION_IDLE", default_value = "30m", value_parser = parse_duration)]
    pub session_idle: Duration,

    /// A session ends this long after sign-in, active or not.
    #[arg(long, env = "ANMA_SESSION_MAX", default_value = "12h", value_parser = parse_duration)]
    pub session_max: Duration,
}

impl Default for SessionConfig {
    fn default() -> Self {
        Self {
            session_idle: Duration::from_secs(30 * 60),
            session_max: Duration::from_secs(12 * 3600),
        }
    }
}

/// Parses `90s`, `30m`, `12h` or `7d` (a bare number is seconds).
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let (number, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len()));
    let n: u64 = number
        .parse()
        .map_err(|_| format!("{s:?} is not a duration like 30m or 12h"))?;
    let secs = match unit {
        "" | "s" => n,
        "m" => n * 60,
        "h" => n * 3600,
        "d" => n * 86_400,
        _ => return Err(format!("unknown unit in {s:?}: use s, m, h or d")),
    };
    if secs == 0 {
        return Err("a duration must be positive".into());
    }
    Ok(Duration::from_secs(secs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_with_units() {
        assert_eq!(parse_duration("90").unwrap(), Duration::from_secs(90));
        assert_eq!(parse_duration("30m").unwrap(), Duration::from_secs(1800));
        assert_eq!(parse_duration("12h").unwrap(), Duration::from_secs(43_200));
        assert!(parse_duration("0s").is_err());
        assert!(parse_duration("10w").is_err());
        assert!(parse_duration("m").is_err());
    }
}
