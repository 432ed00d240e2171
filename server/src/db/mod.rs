//! Storage. This module and its children are the only place that writes SQL.
//!
//! One code path serves both backends: queries go through sqlx's `Any` driver, and the
//! schema keeps to types both engines share (`BIGINT`/`INTEGER`, `TEXT`; dates and times
//! as ISO 8601 text, booleans as 0/1, money as whole fen). Only the migrations differ per
//! backend, in `migrations/sqlite` and `migrations/postgres`.

pub mod audit;
pub mod batched;
pub mod calendar;
pub mod catalog;
pub mod claims;
pub mod decisions;
pub mod departments;
pub mod disclosures;
pub mod entities;
pub mod events;
pub mod generations;
pub mod inspections;
pub mod keys;
pub mod lookups;
pub mod officers;
pub mod plans;
pub mod regions;
pub mod revisions;
pub mod sessions;
pub mod throttle;
pub mod tokens;
pub mod trigrams;
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

use crate::{clock::Clock, config::DatabaseConfig};

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

/// The connection pool and the backend it talks to. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Db {
    pool: AnyPool,
    backend: DatabaseBackend,
    /// The one clock: every timestamp written and every legal date judged.
    clock: Clock,
    /// SQLite allows one writer at a time; writers queue here instead of failing with
    /// `SQLITE_BUSY` when a read transaction upgrades. Unused on PostgreSQL.
    write_lock: Arc<Mutex<()>>,
    /// How common each searched trigram is, for SQLite's trigram index ([`trigrams`]).
    trigram_counts: Arc<trigrams::TrigramCounts>,
}

/// A write transaction: [`Db::begin`]. Derefs to the connection, so statements run with
/// `.execute(&mut *tx)`. Dropped without [`Tx::commit`], it rolls back.
pub struct Tx {
    inner: Transaction<'static, Any>,
    clock: Clock,
    _writer: Option<OwnedMutexGuard<()>>,
}

impl Tx {
    /// The clock of the database this transaction runs on.
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

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
            // A pool pings a connection before lending it, to find one the server at the
            // other end has dropped. A SQLite file has no other end: the ping would only be
            // one more hand-off to the connection's thread and back, on every query.
            .test_before_acquire(backend == DatabaseBackend::Postgres)
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    // This server's own writers queue on `write_lock`; the busy timeout
                    // is for another process's (a CLI command, a backup, a seeder), which
                    // may hold the write lock for seconds on a loaded machine.
                    // Reads map the file instead of copying each page into the
                    // connection's cache with a system call of its own: a search that
                    // looks at a few hundred decisions spent half its time so. SQLite
                    // maps at most its compiled limit (2 GB) and reads the rest as before.
                    if backend == DatabaseBackend::Sqlite {
                        conn.execute(
                            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                             PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 30000; \
                             PRAGMA mmap_size = 4294967296;",
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
            clock: Clock::system(),
            write_lock: Arc::new(Mutex::new(())),
            trigram_counts: Arc::default(),
        })
    }

    /// Begins a write transaction. Every multi-step write runs in one. On SQLite it takes
    /// the database's write lock at once (`BEGIN IMMEDIATE`, waiting up to the busy
    /// timeout): a transaction that read first and wrote later would fail outright if
    /// another connection (housekeeping, a second server) had written in between.
    pub async fn begin(&self) -> crate::Result<Tx> {
        let (writer, inner) = match self.backend {
            DatabaseBackend::Sqlite => (
                Some(self.write_lock.clone().lock_owned().await),
                self.pool.begin_with("BEGIN IMMEDIATE").await?,
            ),
            DatabaseBackend::Postgres => (None, self.pool.begin().await?),
        };
        Ok(Tx {
            inner,
            clock: self.clock.clone(),
            _writer: writer,
        })
    }

    /// Applies pending migrations. On SQLite they run with foreign keys off (a migration
    /// that rebuilds a table needs it) and every foreign key is checked afterwards.
    pub async fn migrate(&self) -> anyhow::Result<()> {
        match self.backend {
            DatabaseBackend::Postgres => POSTGRES_MIGRATIONS
                .run(&self.pool)
                .await
                .context("migrations failed"),
            DatabaseBackend::Sqlite => {
                // Nothing to apply: no foreign key check (seconds at a million decisions).
                if self.pending_migrations().await? == 0 {
                    return Ok(());
                }
                let mut conn = self.pool.acquire().await?;
                conn.execute("PRAGMA foreign_keys = OFF").await?;
                let ran = SQLITE_MIGRATIONS.run(&mut *conn).await;
                let broken = sqlx::query("PRAGMA foreign_key_check")
                    .fetch_optional(&mut *conn)
                    .await?
                    .is_some();
                conn.execute("PRAGMA foreign_keys = ON").await?;
                ran.context("migrations failed")?;
                anyhow::ensure!(!broken, "migrations left rows whose foreign key fails");
                drop(conn);
                // New indexes get the statistics the planner chooses them by.
                self.optimize().await?;
                Ok(())
            }
        }
    }

    /// Lets SQLite refresh the planner's statistics where they have aged (bounded work;
    /// PostgreSQL's autovacuum does this itself).
    pub async fn optimize(&self) -> crate::Result<()> {
        if self.backend == DatabaseBackend::Sqlite {
            let mut conn = self.pool.acquire().await?;
            conn.execute("PRAGMA analysis_limit = 1000; PRAGMA optimize")
                .await?;
        }
        Ok(())
    }

    /// Merges SQLite's trigram search index into one segment. FTS5 merges as it goes,
    /// but leaves a large index in many segments, each of which a search reads for every
    /// trigram of its term; compacted, a common term's page costs about half as much.
    /// PostgreSQL's GIN index needs no such step.
    pub async fn compact_search_index(&self) -> crate::Result<()> {
        if self.backend == DatabaseBackend::Sqlite {
            sqlx::query("INSERT INTO decision_search (decision_search) VALUES ('optimize')")
                .execute(&self.pool)
                .await?;
        }
        Ok(())
    }

    /// How many of this binary's migrations the database has not applied.
    pub async fn pending_migrations(&self) -> crate::Result<i64> {
        let migrator = match self.backend {
            DatabaseBackend::Postgres => &POSTGRES_MIGRATIONS,
            DatabaseBackend::Sqlite => &SQLITE_MIGRATIONS,
        };
        let applied: Vec<i64> =
            sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success = TRUE")
                .fetch_all(&self.pool)
                .await
                .unwrap_or_default();
        Ok(migrator
            .iter()
            .filter(|m| !applied.contains(&m.version))
            .count() as i64)
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

    /// The one clock (tests set it through here).
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// This database with `clock` (a clone shares its setting): several servers of one
    /// deployment in a test read one clock.
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    pub fn backend(&self) -> DatabaseBackend {
        self.backend
    }

    pub fn trigram_counts(&self) -> &trigrams::TrigramCounts {
        &self.trigram_counts
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Deletes expired sessions (past their end, or idle longer than `idle`), sign-in
/// throttle rows whose window and lock are over, and lookup counts of past minutes;
/// returns how many rows went.
pub async fn purge_expired(db: &Db, idle: Duration) -> crate::Result<u64> {
    let clock = db.clock();
    let mut deleted =
        sessions::delete_expired(db, clock.now_plus(-(idle.as_secs() as i64))).await?;
    deleted += throttle::purge(db, clock.now_plus(-24 * 3600), clock.now()).await?;
    deleted += lookups::purge(db, clock.now().micros().div_euclid(60_000_000) - 1).await?;
    Ok(deleted)
}

/// A list as stored: a JSON array of text (penalty types, certificate numbers, names).
pub fn list_text<T: AsRef<str>>(items: impl IntoIterator<Item = T>) -> String {
    serde_json::Value::from(
        items
            .into_iter()
            .map(|item| item.as_ref().to_owned())
            .collect::<Vec<_>>(),
    )
    .to_string()
}

/// The items of a stored list; `column` names it in the error for a malformed one.
pub fn list_of(column: &str, text: &str) -> crate::Result<Vec<String>> {
    serde_json::from_str(text)
        .map_err(|_| anyhow::anyhow!("{column} holds {text:?}, not a JSON array of text").into())
}

/// The codes of a stored list, each read as `T`.
pub fn codes_of<T: app::model::codes::TextEnum>(column: &str, text: &str) -> crate::Result<Vec<T>> {
    list_of(column, text)?
        .iter()
        .map(|code| {
            T::from_code(code)
                .ok_or_else(|| anyhow::anyhow!("{column} holds the unknown code {code:?}").into())
        })
        .collect()
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
        ("entities_uscc", "uscc"),
        ("entities.uscc", "uscc"),
        ("decisions.document_number", "document_number"),
    ]
    .into_iter()
    .find(|(needle, _)| haystack.contains(needle))
    .map(|(_, field)| field)
}
