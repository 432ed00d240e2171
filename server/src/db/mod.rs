//! Storage. This module and its children are the only place that writes SQL.
//!
//! One code path serves both backends: queries go through sqlx's `Any` driver, and the
//! schema keeps to types both engines share (`BIGINT`/`INTEGER`, `TEXT`; dates and times
//! as ISO 8601 text, booleans as 0/1, money as whole fen). Only the migrations differ per
//! backend, in `migrations/sqlite` and `migrations/postgres`.

pub mod audit;
pub mod calendar;
pub mod catalog;
pub mod claims;
pub mod decisions;
pub mod departments;
pub mod disclosures;
pub mod officers;
pub mod regions;
pub mod sessions;
pub mod throttle;
pub mod users;

use std::{
    ops::{Deref, DerefMut},
    sync::Arc,
    time::Duration,
};

use anyhow::Context;
use app::model::DatabaseBackend;
use sqlx::{
    Any, AnyConnection, AnyPool, Executor, Transaction, any::AnyPoolOptions, migrate::Migrator,
};
use tokio::sync::{Mutex, OwnedMutexGuard};

use crate::config::DatabaseConfig;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

/// The connection pool and the backend it talks to. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Db {
    pool: AnyPool,
    backend: DatabaseBackend,
    /// SQLite allows one writer at a time; writers queue here instead of failing with
    /// `SQLITE_BUSY` when a read transaction upgrades. Unused on PostgreSQL.
    write_lock: Arc<Mutex<()>>,
}

/// A write transaction: [`Db::begin`]. Derefs to the connection, so statements run with
/// `.execute(&mut *tx)`. Dropped without [`Tx::commit`], it rolls back.
pub struct Tx {
    inner: Transaction<'static, Any>,
    _writer: Option<OwnedMutexGuard<()>>,
}

impl Tx {
    pub async fn commit(self) -> crate::Result<()> {
        self.inner.commit().await?;
        Ok(())
    }
}

impl Deref for Tx {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        &self.inner
    }
}

impl DerefMut for Tx {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.inner
    }
}

impl Db {
    /// Connects, applies pending migrations and loads the reference data.
    pub async fn open(config: &DatabaseConfig) -> anyhow::Result<Self> {
        if config.database_url.is_none() {
            std::fs::create_dir_all(&config.data_dir).with_context(|| {
                format!(
                    "cannot create the data directory {}",
                    config.data_dir.display()
                )
            })?;
        }
        let db = Self::connect(&config.url()).await?;
        db.migrate().await?;
        regions::sync_reference(&db).await?;
        Ok(db)
    }

    /// Connects without migrating.
    pub async fn connect(url: &str) -> anyhow::Result<Self> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            DatabaseBackend::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            DatabaseBackend::Postgres
        } else {
            anyhow::bail!("unsupported database URL (expected sqlite:// or postgres://)");
        };
        let options = AnyPoolOptions::new()
            .max_connections(match backend {
                DatabaseBackend::Sqlite => 8,
                DatabaseBackend::Postgres => 16,
            })
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == DatabaseBackend::Sqlite {
                        conn.execute(
                            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                             PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;",
                        )
                        .await?;
                    }
                    Ok(())
                })
            });
        let pool = options
            .connect(url)
            .await
            .with_context(|| format!("cannot connect to the {backend:?} database"))?;
        Ok(Self {
            pool,
            backend,
            write_lock: Arc::new(Mutex::new(())),
        })
    }

    /// Begins a write transaction. Every multi-step write runs in one.
    pub async fn begin(&self) -> crate::Result<Tx> {
        let writer = match self.backend {
            DatabaseBackend::Sqlite => Some(self.write_lock.clone().lock_owned().await),
            DatabaseBackend::Postgres => None,
        };
        let inner = self.pool.begin().await?;
        Ok(Tx {
            inner,
            _writer: writer,
        })
    }

    pub async fn migrate(&self) -> anyhow::Result<()> {
        let migrator = match self.backend {
            DatabaseBackend::Sqlite => &SQLITE_MIGRATIONS,
            DatabaseBackend::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator
            .run(&self.pool)
            .await
            .context("migrations failed")?;
        Ok(())
    }

    /// The version of the newest applied migration.
    pub async fn migration_version(&self) -> crate::Result<i64> {
        let version: Option<i64> =
            sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success = TRUE")
                .fetch_one(&self.pool)
                .await?;
        Ok(version.unwrap_or(0))
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub fn backend(&self) -> DatabaseBackend {
        self.backend
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// The `total` column of a list query (`COUNT(*) OVER ()`), 0 when nothing matched.
pub fn total_of(rows: &[sqlx::any::AnyRow]) -> crate::Result<i64> {
    use sqlx::Row;
    Ok(match rows.first() {
        Some(row) => row.try_get("total")?,
        None => 0,
    })
}

/// The request field a unique constraint protects, for a 409 naming the field. Constraint
/// and index names are the same on both backends (see the migrations); SQLite reports the
/// column list instead, so both forms are matched.
pub fn constraint_field(err: &dyn sqlx::error::DatabaseError) -> Option<&'static str> {
    let haystack = err
        .constraint()
        .map(str::to_owned)
        .unwrap_or_else(|| err.message().to_owned());
    [
        ("catalog_items_code", "code"),
        ("catalog_items.code", "code"),
        ("claims_live", "item_id"),
        ("claims.department_id", "item_id"),
        ("users_username", "username"),
        ("users.username", "username"),
        ("departments_uscc", "uscc"),
        ("departments.uscc", "uscc"),
        ("departments_name", "name"),
        ("departments.name", "name"),
        ("officers_certificate", "certificate_number"),
        ("officers.certificate_number", "certificate_number"),
        ("decisions_document_number", "document_number"),
        ("decisions.document_number", "document_number"),
    ]
    .into_iter()
    .find(|(needle, _)| haystack.contains(needle))
    .map(|(_, field)| field)
}

/// The current time as ISO 8601 UTC text with microseconds, the form every timestamp
/// column holds; it sorts correctly as text.
pub fn now_text() -> String {
    time_text(std::time::SystemTime::now())
}

/// Today's date in China (UTC+8), `YYYY-MM-DD`: the date decisions and certificates
/// are judged by.
pub fn today_in_china() -> String {
    let mut text = time_text(std::time::SystemTime::now() + Duration::from_secs(8 * 3600));
    text.truncate(10);
    text
}

/// The time `offset` from now, as [`now_text`] writes it (negative: in the past).
pub fn now_plus(offset_secs: i64) -> String {
    let now = std::time::SystemTime::now();
    let at = if offset_secs >= 0 {
        now + Duration::from_secs(offset_secs as u64)
    } else {
        now - Duration::from_secs(offset_secs.unsigned_abs())
    };
    time_text(at)
}

/// `at` as ISO 8601 UTC text with microseconds.
pub fn time_text(at: std::time::SystemTime) -> String {
    let now = at.duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    let secs = now.as_secs() as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:06}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60,
        now.subsec_micros()
    )
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_match_known_days() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        assert_eq!(civil_from_days(20_419), (2025, 11, 27));
    }

    #[test]
    fn now_is_iso_8601_utc() {
        let now = now_text();
        assert_eq!(now.len(), 27);
        assert!(now.ends_with('Z'));
        assert_eq!(&now[10..11], "T");
    }
}
