//! Backups that restore: `anma backup --to DIR` writes a consistent copy of the database
//! while servers run (SQLite's `VACUUM INTO`; on PostgreSQL `pg_dump` in custom format),
//! the keys directory (signing keys and the deployment secret) and a manifest with each
//! file's SHA-256 and the migration version. `anma restore --from DIR` checks the
//! manifest, then restores into an empty data directory or database, keys included.

use std::{
    fs,
    path::{Path, PathBuf},
    process::Command,
};

use anyhow::{Context, bail, ensure};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use app::model::{DatabaseBackend, Timestamp};

use crate::{config::DatabaseConfig, db::Db};

/// The manifest's file name in a backup directory.
pub const MANIFEST: &str = "manifest.json";
/// The database copy's name, by backend.
const SQLITE_FILE: &str = "anma.db";
const POSTGRES_FILE: &str = "anma.pgdump";
/// Where the keys go in a backup.
const KEYS: &str = "keys";

/// What a backup holds, written last: a directory without it is no backup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// This layout's version.
    pub format: u32,
    pub anma_version: String,
    pub created_at: Timestamp,
    pub backend: DatabaseBackend,
    /// The newest migration the database had.
    pub migration_version: i64,
    /// Every file but the manifest, with its size and SHA-256 (hex).
    pub files: Vec<FileEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    /// Relative to the backup directory, `/`-separated.
    pub path: String,
    pub bytes: u64,
    pub sha256: String,
}

fn sha256_of(path: &Path) -> anyhow::Result<(u64, String)> {
    let mut file =
        fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut hasher = Sha256::new();
    let bytes = std::io::copy(&mut file, &mut hasher)?;
    let hex = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok((bytes, hex))
}

/// Creates `dir` owner-only; refuses one that exists and is not empty.
fn empty_private_dir(dir: &Path) -> anyhow::Result<()> {
    if dir.exists() {
        ensure!(
            fs::read_dir(dir)?.next().is_none(),
            "{} is not empty: back up into a new directory",
            dir.display()
        );
    } else {
        fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

/// Copies the key files and the deployment secret, owner-only.
fn copy_keys(from: &Path, to: &Path) -> anyhow::Result<Vec<PathBuf>> {
    fs::create_dir_all(to)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(to, fs::Permissions::from_mode(0o700))?;
    }
    let mut copied = Vec::new();
    let mut names: Vec<PathBuf> = fs::read_dir(from)
        .with_context(|| format!("cannot read the keys directory {}", from.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|x| x == "key")
                || p.file_name().is_some_and(|n| n == crate::keys::SECRET_FILE)
        })
        .collect();
    names.sort();
    for path in names {
        let target = to.join(path.file_name().context("a key file without a name")?);
        let mut options = fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut out = options
            .open(&target)
            .with_context(|| format!("cannot create {}", target.display()))?;
        std::io::copy(&mut fs::File::open(&path)?, &mut out)?;
        out.sync_all()?;
        copied.push(target);
    }
    Ok(copied)
}

/// Writes a backup of the database and the keys into `to` (new or empty).
pub async fn backup(db: &Db, config: &DatabaseConfig, to: &Path) -> anyhow::Result<Manifest> {
    empty_private_dir(to)?;
    let migration_version = db.migration_version().await?;
    let mut written = Vec::new();
    match db.backend() {
        DatabaseBackend::Sqlite => {
            let file = to.join(SQLITE_FILE);
            // A transactionally consistent copy, while other connections write.
            sqlx::query("VACUUM INTO $1")
                .bind(file.to_string_lossy().into_owned())
                .execute(db.pool())
                .await
                .context("VACUUM INTO failed")?;
            written.push(file);
        }
        DatabaseBackend::Postgres => {
            let file = to.join(POSTGRES_FILE);
            let url = config.url();
            let run = Command::new("pg_dump")
                .args(["--format=custom", "--no-owner", "--file"])
                .arg(&file)
                .arg(&url)
                .output();
            match run {
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => bail!(
                    "pg_dump is not installed here. Install the PostgreSQL client (Debian: \
                     apt-get install postgresql-client), or run on a machine that has it: \
                     pg_dump --format=custom --file={} 'DATABASE_URL', and copy the keys \
                     directory beside it",
                    file.display()
                ),
                Err(e) => return Err(e).context("cannot run pg_dump"),
                Ok(out) if !out.status.success() => bail!(
                    "pg_dump failed: {}",
                    String::from_utf8_lossy(&out.stderr).trim()
                ),
                Ok(_) => written.push(file),
            }
        }
    }
    written.extend(copy_keys(&config.keys_dir(), &to.join(KEYS))?);
    let mut files = Vec::new();
    for path in &written {
        let (bytes, sha256) = sha256_of(path)?;
        let relative = path
            .strip_prefix(to)?
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        files.push(FileEntry {
            path: relative,
            bytes,
            sha256,
        });
    }
    let manifest = Manifest {
        format: 1,
        anma_version: env!("CARGO_PKG_VERSION").to_owned(),
        created_at: db.clock().now(),
        backend: db.backend(),
        migration_version,
        files,
    };
    let text = serde_json::to_vec_pretty(&manifest)?;
    fs::write(to.join(MANIFEST), text)?;
    Ok(manifest)
}

/// Reads a backup's manifest and checks every file against it.
pub fn check(from: &Path) -> anyhow::Result<Manifest> {
    let text = fs::read(from.join(MANIFEST)).with_context(|| {
        format!(
            "{} has no {MANIFEST}: it is not a complete backup",
            from.display()
        )
    })?;
    let manifest: Manifest = serde_json::from_slice(&text)
        .with_context(|| format!("{MANIFEST} in {} cannot be read", from.display()))?;
    ensure!(
        manifest.format == 1,
        "backup format {} is not known to this anma",
        manifest.format
    );
    for f in &manifest.files {
        ensure!(
            !f.path.contains("..") && !f.path.starts_with('/'),
            "{MANIFEST} names a file outside the backup: {}",
            f.path
        );
        let (bytes, sha256) = sha256_of(&from.join(&f.path))?;
        ensure!(
            bytes == f.bytes && sha256 == f.sha256,
            "{} does not match its checksum in {MANIFEST}: the backup is damaged; nothing was restored",
            f.path
        );
    }
    Ok(manifest)
}

/// The SQLite file a database URL names.
fn sqlite_path(url: &str) -> anyhow::Result<PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .context("not a SQLite URL")?;
    Ok(PathBuf::from(rest.split('?').next().unwrap_or(rest)))
}

/// Restores a checked backup into an empty data directory or database.
pub async fn restore(config: &DatabaseConfig, from: &Path) -> anyhow::Result<Manifest> {
    let manifest = check(from)?;
    let url = config.url();
    let target = if url.starts_with("sqlite:") {
        DatabaseBackend::Sqlite
    } else {
        DatabaseBackend::Postgres
    };
    ensure!(
        target == manifest.backend,
        "this backup is of a {:?} database; restore it into one of the same kind",
        manifest.backend
    );
    let keys_dir = config.keys_dir();
    if keys_dir.exists() {
        ensure!(
            fs::read_dir(&keys_dir)?.next().is_none(),
            "the keys directory {} is not empty: restore into a fresh data directory",
            keys_dir.display()
        );
    }
    match target {
        DatabaseBackend::Sqlite => {
            let path = sqlite_path(&url)?;
            ensure!(
                !path.exists(),
                "{} exists: restore into a fresh data directory (or move it away first)",
                path.display()
            );
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::copy(from.join(SQLITE_FILE), &path)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        DatabaseBackend::Postgres => {
            let db = Db::connect(&url).await?;
            let tables: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'",
            )
            .fetch_one(db.pool())
            .await?;
            ensure!(
                tables == 0,
                "the database holds {tables} tables: restore into an empty database (createdb)"
            );
            db.pool().close().await;
            let out = Command::new("pg_restore")
                .args(["--no-owner", "--exit-on-error", "--dbname"])
                .arg(&url)
                .arg(from.join(POSTGRES_FILE))
                .output()
                .context("cannot run pg_restore (install the PostgreSQL client)")?;
            ensure!(
                out.status.success(),
                "pg_restore failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            );
        }
    }
    copy_keys(&from.join(KEYS), &keys_dir)?;
    Ok(manifest)
}
