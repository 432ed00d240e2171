use std::{net::SocketAddr, path::PathBuf};

use clap::Args;

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
}

impl DatabaseConfig {
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

/// How `anma serve` listens and what it serves.
#[derive(Debug, Clone, Args)]
pub struct ServeConfig {
    /// Address to listen on. Port 0 picks a free port; the real address is logged.
    #[arg(long, env = "ANMA_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// Directory of the built single-page app (`make site` writes `./site`).
    #[arg(long, env = "ANMA_SITE_DIR", default_value = "./site")]
    pub site_dir: PathBuf,
}
