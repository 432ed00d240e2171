//! Signing keys: Ed25519, kept as files outside the database with owner-only
//! permissions, and registered in the database, which is the deployment's one list of
//! them.
//!
//! Each key is one file `<created>-<id>.key` in the keys directory (default
//! `DATA_DIR/keys`, mode 0700): the 32-byte secret as hex on the first line, the creation
//! time on the second. Files readable by group or others are refused.
//!
//! The database's `signing_keys` holds every public key (id, algorithm, public key,
//! created, retired). `/api/v1/keys` and every verification read that registry, so a key
//! stays published when its file is gone. New signatures come from the newest key that is
//! registered, not retired, and held in this server's keys directory. The first server of
//! a deployment creates the first key and registers it; after that only `anma keys
//! rotate` adds one. A server whose keys directory lacks the registry's newest live key
//! refuses to start, naming the fix (copy the keys directory): it never makes a key of
//! its own, so servers sharing a database cannot sign with keys the others do not
//! publish. Running servers re-read the registry every few minutes, and at once when
//! asked to verify a signature by a key they have not seen.
//!
//! Beside the keys, `deployment.secret` holds the deployment's 32-byte secret (hex, mode
//! 0600), generated on first run: it keys the permutation that makes case-code serials
//! unpredictable (`cases::serials`) and the rating tokens of inspection notices. It never
//! enters the database, the repository or the logs; the database keeps only a check value
//! of it, and a server whose secret does not match refuses to start. Servers sharing a
//! database share it like the keys.

use app::model::Timestamp;
use std::{
    fs,
    io::Write,
    path::{Path, PathBuf},
};

use anyhow::{Context, bail};
use app::model::signature::{PublicKey, from_hex, to_hex};
use ed25519_dalek::{Signer, SigningKey};
use rand_core::{OsRng, RngCore};

use app::model::base32;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::{
    cases::serials::SerialKey,
    clock::Clock,
    db::{self, Db, audit::sha256_hex},
};
use std::sync::RwLock;

fn rating_key(secret: &[u8; 32]) -> Hmac<Sha256> {
    let mut derive = <Hmac<Sha256> as Mac>::new_from_slice(secret)
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    derive.update(b"anma rating tokens v1");
    let key = derive.finalize().into_bytes();
    <Hmac<Sha256> as Mac>::new_from_slice(&key)
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"))
}

/// One signing key.
pub struct Key {
    pub id: String,
    pub created_at: Timestamp,
    signing: SigningKey,
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Key")
            .field("id", &self.id)
            .field("created_at", &self.created_at)
            .finish_non_exhaustive()
    }
}

impl Key {
    fn new(secret: [u8; 32], created_at: Timestamp) -> Self {
        let signing = SigningKey::from_bytes(&secret);
        let id = key_id(signing.verifying_key().as_bytes());
        Self {
            id,
            created_at,
            signing,
        }
    }

    pub fn public_key(&self) -> [u8; 32] {
        self.signing.verifying_key().to_bytes()
    }

    /// The key as the registry lists it.
    fn published(&self) -> PublicKey {
        PublicKey {
            id: self.id.clone(),
            algorithm: "Ed25519".into(),
            public_key: to_hex(&self.public_key()),
            created_at: self.created_at,
            current: false,
            retired_at: None,
        }
    }
}

/// A key's id: the first 8 bytes of SHA-256 of its public key, hex.
pub fn key_id(public_key: &[u8]) -> String {
    sha256_hex(public_key)[..16].to_owned()
}

/// This server's private keys and the deployment's registry of public ones.
pub struct KeyRing {
    dir: PathBuf,
    /// The keys held in the keys directory, oldest first.
    keys: Vec<Key>,
    /// The registry as last read, newest first, and when.
    registry: RwLock<(Vec<PublicKey>, std::time::Instant)>,
    /// Keyed by the deployment secret: case-code serials.
    serials: SerialKey,
    /// Keyed by the deployment secret: inspection-code serials.
    inspection_serials: SerialKey,
    /// Keyed by the deployment secret: the rating tokens printed on inspection notices.
    ratings: Hmac<Sha256>,
}

impl std::fmt::Debug for KeyRing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyRing")
            .field("dir", &self.dir)
            .field("keys", &self.keys)
            .finish_non_exhaustive()
    }
}

/// The file of the deployment secret in the keys directory.
pub const SECRET_FILE: &str = "deployment.secret";

/// A registry read no sooner than this after the last one, when a signature names a key
/// this server has not seen.
const REREAD_AFTER: std::time::Duration = std::time::Duration::from_secs(5);

impl KeyRing {
    /// Opens the keys directory against the database's registry. On a deployment's first
    /// start it creates the deployment secret and the first key and registers them; later
    /// it refuses a keys directory that lacks the registry's signing key or holds another
    /// deployment secret, explaining how to copy the right one.
    pub async fn open(dir: &Path, db: &Db) -> anyhow::Result<Self> {
        create_private_dir(dir)?;
        let check = db::keys::secret_check(db).await?;
        let secret = match read_secret(dir)? {
            Some(secret) => secret,
            None if check.is_some() => bail!(
                "the keys directory {} has no {SECRET_FILE}, but this database belongs to a \
                 deployment that has one. Copy the keys directory (its *.key files and \
                 {SECRET_FILE}) from a server of this deployment, or restore it from a backup \
                 (anma restore); see docs/deployment.md",
                dir.display()
            ),
            None => create_secret(dir)?,
        };
        let ours = secret_check_of(&secret);
        // On a deployment's first start the secret's check value is set; two first
        // servers racing both read back the one that holds.
        let held = match check {
            None => db::keys::set_secret_check(db, &ours).await?,
            Some(theirs) => theirs,
        };
        if held != ours {
            bail!(
                "{} in {} is not the deployment secret this database was set up with. Copy \
                 the keys directory of a server of this deployment (or restore it from a \
                 backup) instead; see docs/deployment.md",
                SECRET_FILE,
                dir.display()
            );
        }
        let mut keys = load(dir)?;
        let mut registered = db::keys::list(db).await?;
        if registered.is_empty() {
            if keys.is_empty() {
                let key = create_key(dir)?;
                tracing::info!(key = %key.id, dir = %dir.display(), "created the first signing key");
                keys.push(key);
            }
            for key in &keys {
                db::keys::register(db, &key.published()).await?;
            }
            registered = db::keys::list(db).await?;
        }
        let ring = Self {
            dir: dir.to_path_buf(),
            keys,
            registry: RwLock::new((registered, std::time::Instant::now())),
            serials: SerialKey::from_secret(&secret),
            inspection_serials: SerialKey::for_inspections(&secret),
            ratings: rating_key(&secret),
        };
        let newest = ring.with_registry(|r| r.iter().find(|k| k.retired_at.is_none()).cloned());
        match newest {
            Some(k) if !ring.holds(&k.id) => bail!(
                "the keys directory {} lacks key {}, the signing key of this database (created \
                 {}). A server never makes a key of its own for a database that has one: copy \
                 the keys directory (its *.key files and {SECRET_FILE}) from a server of this \
                 deployment, or restore it from a backup (anma restore); see docs/deployment.md",
                dir.display(),
                k.id,
                k.created_at
            ),
            Some(_) => {}
            None => bail!(
                "every signing key of this database is retired; add one with anma keys rotate"
            ),
        }
        for key in &ring.keys {
            if ring.with_registry(|r| !r.iter().any(|k| k.id == key.id)) {
                tracing::warn!(key = %key.id, "a key file that this database does not know is ignored");
            }
        }
        Ok(ring)
    }

    fn with_registry<T>(&self, f: impl FnOnce(&[PublicKey]) -> T) -> T {
        let guard = self
            .registry
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&guard.0)
    }

    fn holds(&self, id: &str) -> bool {
        self.keys.iter().any(|k| k.id == id)
    }

    /// Reads the registry again (another server may have rotated or retired a key).
    pub async fn refresh(&self, db: &Db) -> crate::Result<()> {
        let registered = db::keys::list(db).await?;
        let mut guard = self
            .registry
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *guard = (registered, std::time::Instant::now());
        Ok(())
    }

    /// Adds a new key, registered and signing from now on; the key file is written first,
    /// so a registered key always has its file somewhere.
    pub async fn rotate(&mut self, db: &Db) -> anyhow::Result<PublicKey> {
        let key = create_key(&self.dir)?;
        let published = key.published();
        db::keys::register(db, &published).await?;
        self.keys.push(key);
        self.refresh(db).await?;
        Ok(self
            .public_keys()
            .into_iter()
            .find(|k| k.id == published.id)
            .unwrap_or(published))
    }

    /// Retires a key: it no longer signs, and stays published for the signatures it made.
    /// The newest live key cannot be retired while no other live key is held here.
    pub async fn retire(&self, db: &Db, id: &str) -> anyhow::Result<()> {
        self.refresh(db).await?;
        let (known, others_live) = self.with_registry(|r| {
            (
                r.iter().find(|k| k.id == id).cloned(),
                r.iter()
                    .any(|k| k.id != id && k.retired_at.is_none() && self.holds(&k.id)),
            )
        });
        let Some(key) = known else {
            bail!("no key {id} in this database (anma keys list shows them)");
        };
        if key.retired_at.is_some() {
            bail!("key {id} is already retired");
        }
        if !others_live {
            bail!("key {id} is the last live key held here: add one with anma keys rotate first");
        }
        db::keys::retire(db, id).await?;
        self.refresh(db).await?;
        Ok(())
    }

    /// The permutation of case-code serials, keyed by the deployment secret.
    pub fn serials(&self) -> &SerialKey {
        &self.serials
    }

    /// The permutation of inspection-code serials.
    pub fn inspection_serials(&self) -> &SerialKey {
        &self.inspection_serials
    }

    /// The rating token of an inspection: 16 base32 characters (80 bits) derived from
    /// its code under the deployment secret, so a notice can be reprinted and nothing
    /// about the token is stored; each inspection takes one rating.
    pub fn rating_token(&self, code: &str) -> String {
        let mut mac = self.ratings.clone();
        mac.update(code.as_bytes());
        base32::encode(&mac.finalize().into_bytes()[..10])
    }

    /// Whether `token` (either case) is the rating token of `code`, compared in constant
    /// time.
    pub fn rating_token_matches(&self, code: &str, token: &str) -> bool {
        let expected = self.rating_token(code);
        let given = token.trim().to_ascii_uppercase();
        expected.len() == given.len()
            && expected
                .bytes()
                .zip(given.bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0
    }

    /// The key that signs now: the newest registered, live key held here.
    pub fn current(&self) -> anyhow::Result<&Key> {
        let id = self.with_registry(|r| {
            r.iter()
                .find(|k| k.retired_at.is_none() && self.holds(&k.id))
                .map(|k| k.id.clone())
        });
        id.and_then(|id| self.keys.iter().find(|k| k.id == id))
            .context("no live signing key is held in the keys directory: copy the newest key file from a server of this deployment, or add one with anma keys rotate")
    }

    /// Signs with the current key: (key id, 64-byte signature).
    pub fn sign(&self, message: &[u8]) -> anyhow::Result<(String, [u8; 64])> {
        let key = self.current()?;
        Ok((key.id.clone(), key.signing.sign(message).to_bytes()))
    }

    /// The registered public key with this id, reading the registry again when it is not
    /// there (at most every few seconds).
    pub async fn public_key(&self, db: &Db, id: &str) -> crate::Result<Option<[u8; 32]>> {
        let find = |r: &[PublicKey]| {
            r.iter()
                .find(|k| k.id == id)
                .and_then(|k| from_hex(&k.public_key))
                .and_then(|b| <[u8; 32]>::try_from(b).ok())
        };
        if let Some(key) = self.with_registry(find) {
            return Ok(Some(key));
        }
        let stale = self
            .registry
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .1
            .elapsed()
            >= REREAD_AFTER;
        if stale {
            self.refresh(db).await?;
            return Ok(self.with_registry(find));
        }
        Ok(None)
    }

    /// Every registered key, newest first, as `/api/v1/keys` publishes them: `current`
    /// marks the one this server signs with.
    pub fn public_keys(&self) -> Vec<PublicKey> {
        let current = self.current().ok().map(|k| k.id.clone());
        self.with_registry(|r| {
            r.iter()
                .map(|k| PublicKey {
                    current: Some(&k.id) == current.as_ref(),
                    ..k.clone()
                })
                .collect()
        })
    }

    /// Whether this server holds the private key of `id` (for `anma keys list`).
    pub fn holds_key(&self, id: &str) -> bool {
        self.holds(id)
    }
}

/// A check value of the deployment secret, for the database: HMAC of a fixed label.
fn secret_check_of(secret: &[u8; 32]) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret)
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(b"anma deployment secret check v1");
    to_hex(&mac.finalize().into_bytes())
}

/// Writes a new key file.
fn create_key(dir: &Path) -> anyhow::Result<Key> {
    let mut secret = [0u8; 32];
    OsRng.fill_bytes(&mut secret);
    let key = Key::new(secret, Clock::system().now());
    let stamp: String = key
        .created_at
        .to_string()
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let path = dir.join(format!("{stamp}-{}.key", key.id));
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(&path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    writeln!(file, "{}\n{}", to_hex(&secret), key.created_at)?;
    file.sync_all()?;
    Ok(key)
}

/// Creates the keys directory owner-only, or checks at every start that it still is.
fn create_private_dir(dir: &Path) -> anyhow::Result<()> {
    if !dir.exists() {
        fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the keys directory {}", dir.display()))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?;
        }
    }
    owner_only(dir, "the keys directory", "chmod 700")
}

/// Refuses a file that group or others may read.
fn check_private(path: &Path) -> anyhow::Result<()> {
    owner_only(path, "the key file", "chmod 600")
}

/// Refuses `path` when group or others have any access to it, naming the fix.
fn owner_only(path: &Path, what: &str, fix: &str) -> anyhow::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(path)?.permissions().mode();
        if mode & 0o077 != 0 {
            bail!(
                "{what} {} is open to others (mode {:o}); run {fix} on it",
                path.display(),
                mode & 0o777
            );
        }
    }
    #[cfg(not(unix))]
    let _ = (path, what, fix);
    Ok(())
}

/// Reads the deployment secret, if the keys directory has one.
fn read_secret(dir: &Path) -> anyhow::Result<Option<[u8; 32]>> {
    let path = dir.join(SECRET_FILE);
    if !path.exists() {
        return Ok(None);
    }
    check_private(&path)?;
    fs::read_to_string(&path)?
        .lines()
        .next()
        .and_then(from_hex)
        .and_then(|b| <[u8; 32]>::try_from(b).ok())
        .with_context(|| format!("{} does not hold a 32-byte hex secret", path.display()))
        .map(Some)
}

/// Creates the deployment secret (owner-only), on a deployment's first start.
fn create_secret(dir: &Path) -> anyhow::Result<[u8; 32]> {
    let path = dir.join(SECRET_FILE);
    let mut secret = [0u8; 32];
    OsRng.fill_bytes(&mut secret);
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(&path) {
        Ok(mut file) => {
            writeln!(file, "{}", to_hex(&secret))?;
            file.sync_all()?;
            tracing::info!(dir = %dir.display(), "created the deployment secret");
            Ok(secret)
        }
        // Another process created it first: read theirs.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            read_secret(dir)?.with_context(|| format!("{} vanished", path.display()))
        }
        Err(e) => Err(e).with_context(|| format!("cannot create {}", path.display())),
    }
}

fn load(dir: &Path) -> anyhow::Result<Vec<Key>> {
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "key"))
        .collect();
    paths.sort();
    let mut keys = Vec::new();
    for path in paths {
        check_private(&path)?;
        let text = fs::read_to_string(&path)?;
        let mut lines = text.lines();
        let secret = lines
            .next()
            .and_then(from_hex)
            .and_then(|b| <[u8; 32]>::try_from(b).ok())
            .with_context(|| format!("{} does not hold a 32-byte hex key", path.display()))?;
        let created_at = lines.next().and_then(Timestamp::parse).with_context(|| {
            format!("{} has no creation time on its second line", path.display())
        })?;
        keys.push(Key::new(secret, created_at));
    }
    // Oldest first, by creation time.
    keys.sort_by_key(|k| k.created_at);
    Ok(keys)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh SQLite database in `dir`.
    async fn database(dir: &Path) -> Db {
        Db::open(&crate::config::DatabaseConfig {
            data_dir: dir.to_path_buf(),
            database_url: None,
            keys_dir: None,
        })
        .await
        .unwrap()
    }

    #[tokio::test]
    async fn the_first_key_is_created_private_registered_and_signs() {
        let dir = tempfile::tempdir().unwrap();
        let db = database(dir.path()).await;
        let keys_dir = dir.path().join("keys");
        let ring = KeyRing::open(&keys_dir, &db).await.unwrap();
        let published = ring.public_keys();
        assert_eq!(published.len(), 1);
        assert!(published[0].current);
        assert_eq!(
            published[0].id,
            key_id(&from_hex(&published[0].public_key).unwrap())
        );
        assert_eq!(db::keys::list(&db).await.unwrap()[0].id, published[0].id);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                fs::metadata(&keys_dir).unwrap().permissions().mode() & 0o777,
                0o700
            );
            for file in fs::read_dir(&keys_dir).unwrap() {
                let mode = fs::metadata(file.unwrap().path())
                    .unwrap()
                    .permissions()
                    .mode();
                assert_eq!(mode & 0o777, 0o600);
            }
        }
        let (id, signature) = ring.sign(b"decision").unwrap();
        assert_eq!(id, published[0].id);
        let public = from_hex(&published[0].public_key).unwrap();
        assert!(app::model::signature::verify(
            &public,
            b"decision",
            &signature
        ));
    }

    #[tokio::test]
    async fn a_server_never_makes_its_own_key_or_secret_for_a_database_that_has_them() {
        let dir = tempfile::tempdir().unwrap();
        let db = database(dir.path()).await;
        let first = KeyRing::open(&dir.path().join("keys"), &db).await.unwrap();
        let again = KeyRing::open(&dir.path().join("keys"), &db).await.unwrap();
        let serial = |ring: &KeyRing| ring.serials().serial("440106", 2026, 1);
        assert_eq!(serial(&first), serial(&again));
        // A second server with an empty keys directory: refused, and nothing is created.
        let empty = dir.path().join("elsewhere");
        let err = KeyRing::open(&empty, &db).await.unwrap_err().to_string();
        assert!(err.contains("Copy the keys directory"), "{err}");
        assert_eq!(fs::read_dir(&empty).unwrap().count(), 0);
        // With the secret but without the signing key: refused, naming the key.
        fs::copy(
            dir.path().join("keys").join(SECRET_FILE),
            empty.join(SECRET_FILE),
        )
        .unwrap();
        let err = KeyRing::open(&empty, &db).await.unwrap_err().to_string();
        assert!(err.contains(&first.current().unwrap().id), "{err}");
        assert!(
            !fs::read_dir(&empty).unwrap().any(|e| e
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "key"))
        );
        // Another deployment's secret: refused.
        let other = tempfile::tempdir().unwrap();
        let other_db = database(other.path()).await;
        KeyRing::open(&other.path().join("keys"), &other_db)
            .await
            .unwrap();
        let err = KeyRing::open(&other.path().join("keys"), &db)
            .await
            .unwrap_err()
            .to_string();
        assert!(err.contains("is not the deployment secret"), "{err}");
    }

    #[cfg(unix)]
    #[tokio::test]
    async fn a_keys_directory_or_key_file_others_can_read_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let db = database(dir.path()).await;
        let keys = dir.path().join("keys");
        KeyRing::open(&keys, &db).await.unwrap();
        fs::set_permissions(&keys, fs::Permissions::from_mode(0o755)).unwrap();
        let err = KeyRing::open(&keys, &db).await.unwrap_err().to_string();
        assert!(err.contains("chmod 700"), "{err}");
        fs::set_permissions(&keys, fs::Permissions::from_mode(0o700)).unwrap();
        let file = fs::read_dir(&keys)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|x| x == "key"))
            .unwrap();
        fs::set_permissions(&file, fs::Permissions::from_mode(0o644)).unwrap();
        let err = KeyRing::open(&keys, &db).await.unwrap_err().to_string();
        assert!(err.contains("chmod 600"), "{err}");
    }

    #[tokio::test]
    async fn rotation_adds_a_signing_key_and_retired_keys_stay_published() {
        let dir = tempfile::tempdir().unwrap();
        let db = database(dir.path()).await;
        let keys = dir.path().join("keys");
        let mut ring = KeyRing::open(&keys, &db).await.unwrap();
        let first = ring.current().unwrap().id.clone();
        let second = ring.rotate(&db).await.unwrap();
        assert_ne!(first, second.id);
        let reopened = KeyRing::open(&keys, &db).await.unwrap();
        let ids: Vec<_> = reopened
            .public_keys()
            .into_iter()
            .map(|k| (k.id, k.current))
            .collect();
        assert_eq!(ids, [(second.id.clone(), true), (first.clone(), false)]);
        // The last live key cannot be retired; the older one can, and still verifies.
        assert!(reopened.retire(&db, &second.id).await.is_ok());
        assert_eq!(reopened.current().unwrap().id, first);
        let err = reopened.retire(&db, &first).await.unwrap_err().to_string();
        assert!(err.contains("last live key"), "{err}");
        assert!(
            reopened
                .public_key(&db, &second.id)
                .await
                .unwrap()
                .is_some()
        );
        let listed = reopened.public_keys();
        assert!(
            listed
                .iter()
                .any(|k| k.id == second.id && k.retired_at.is_some())
        );
    }
}
