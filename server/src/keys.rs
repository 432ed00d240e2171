//! Signing keys: Ed25519, generated on first run, kept as files outside the database with
//! owner-only permissions. `anma keys rotate` adds a key that signs from then on; every key
//! stays published at `/api/v1/keys` so older signatures still verify.
//!
//! Each key is one file `<created>-<id>.key` in the keys directory (default
//! `DATA_DIR/keys`, mode 0700): the 32-byte secret as hex on the first line, the creation
//! time on the second. Files readable by group or others are refused. Several servers on
//! one PostgreSQL database need the same keys directory contents; a server reads it at
//! start, so restart servers after a rotation.
//!
//! Beside the keys, `deployment.secret` holds the deployment's 32-byte secret (hex, mode
//! 0600), generated on first run: it keys the permutation that makes case-code serials
//! unpredictable (`cases::serials`). It never enters the database, the repository or the
//! logs; servers sharing a database share it like the keys. Losing it does not invalidate
//! any code already issued (codes are stored), but a new secret starts a new permutation.

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

use crate::{cases::serials::SerialKey, clock::Clock, db::audit::sha256_hex};

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
}

/// A key's id: the first 8 bytes of SHA-256 of its public key, hex.
pub fn key_id(public_key: &[u8]) -> String {
    sha256_hex(public_key)[..16].to_owned()
}

/// Every key, oldest first; the newest signs.
#[derive(Debug)]
pub struct KeyRing {
    dir: PathBuf,
    keys: Vec<Key>,
    /// Keyed by the deployment secret: case-code serials.
    serials: SerialKey,
    /// Keyed by the deployment secret: inspection-code serials.
    inspection_serials: SerialKey,
    /// Keyed by the deployment secret: the rating tokens printed on inspection notices.
    ratings: Hmac<Sha256>,
}

/// The file of the deployment secret in the keys directory.
pub const SECRET_FILE: &str = "deployment.secret";

impl KeyRing {
    /// Loads the keys in `dir`, creating the directory and a first key when there are none.
    pub fn open(dir: &Path) -> anyhow::Result<Self> {
        create_private_dir(dir)?;
        let secret = deployment_secret(dir)?;
        let mut ring = Self {
            dir: dir.to_path_buf(),
            keys: load(dir)?,
            serials: SerialKey::from_secret(&secret),
            inspection_serials: SerialKey::for_inspections(&secret),
            ratings: rating_key(&secret),
        };
        if ring.keys.is_empty() {
            let key = ring.rotate()?;
            tracing::info!(key = %key.id, dir = %dir.display(), "created the first signing key");
        }
        Ok(ring)
    }

    /// Adds a new key, which signs from now on.
    pub fn rotate(&mut self) -> anyhow::Result<PublicKey> {
        let mut secret = [0u8; 32];
        OsRng.fill_bytes(&mut secret);
        let key = Key::new(secret, Clock::system().now());
        let stamp: String = key
            .created_at
            .to_string()
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        let path = self.dir.join(format!("{stamp}-{}.key", key.id));
        let mut options = fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options
            .open(&path)
            .with_context(|| format!("cannot create {}", path.display()))?;
        writeln!(file, "{}\n{}", to_hex(&secret), key.created_at)?;
        file.sync_all()?;
        self.keys.push(key);
        // Newest first: the key just added.
        Ok(self
            .public_keys()
            .into_iter()
            .next()
            .unwrap_or_else(|| unreachable!("a key was just added")))
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

    /// The key that signs new decisions.
    pub fn current(&self) -> &Key {
        self.keys
            .last()
            .unwrap_or_else(|| unreachable!("a key ring always holds a key"))
    }

    /// Signs with the current key: (key id, 64-byte signature).
    pub fn sign(&self, message: &[u8]) -> (String, [u8; 64]) {
        let key = self.current();
        (key.id.clone(), key.signing.sign(message).to_bytes())
    }

    /// The public key with this id, if the ring holds it.
    pub fn public_key_of(&self, id: &str) -> Option<[u8; 32]> {
        self.keys.iter().find(|k| k.id == id).map(Key::public_key)
    }

    /// Every key, newest first, as `/api/v1/keys` publishes them.
    pub fn public_keys(&self) -> Vec<PublicKey> {
        let current = self.current().id.clone();
        self.keys
            .iter()
            .rev()
            .map(|k| PublicKey {
                id: k.id.clone(),
                algorithm: "Ed25519".into(),
                public_key: to_hex(&k.public_key()),
                created_at: k.created_at,
                current: k.id == current,
            })
            .collect()
    }
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

/// Reads the deployment secret, creating it (owner-only) on first run.
fn deployment_secret(dir: &Path) -> anyhow::Result<[u8; 32]> {
    let path = dir.join(SECRET_FILE);
    if !path.exists() {
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
            }
            // Another process created it first: read theirs.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => {
                return Err(e).with_context(|| format!("cannot create {}", path.display()));
            }
        }
    }
    check_private(&path)?;
    fs::read_to_string(&path)?
        .lines()
        .next()
        .and_then(from_hex)
        .and_then(|b| <[u8; 32]>::try_from(b).ok())
        .with_context(|| format!("{} does not hold a 32-byte hex secret", path.display()))
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

    #[test]
    fn the_first_key_is_created_private_and_signs() {
        let dir = tempfile::tempdir().unwrap();
        let keys_dir = dir.path().join("keys");
        let ring = KeyRing::open(&keys_dir).unwrap();
        let published = ring.public_keys();
        assert_eq!(published.len(), 1);
        assert!(published[0].current);
        assert_eq!(
            published[0].id,
            key_id(&from_hex(&published[0].public_key).unwrap())
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                fs::metadata(&keys_dir).unwrap().permissions().mode() & 0o777,
                0o700
            );
            let file = fs::read_dir(&keys_dir)
                .unwrap()
                .next()
                .unwrap()
                .unwrap()
                .path();
            assert_eq!(
                fs::metadata(file).unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
        let (id, signature) = ring.sign(b"decision");
        assert_eq!(id, published[0].id);
        let public = from_hex(&published[0].public_key).unwrap();
        assert!(app::model::signature::verify(
            &public,
            b"decision",
            &signature
        ));
    }

    #[test]
    fn the_deployment_secret_is_kept_private_and_differs_per_deployment() {
        let (one, two) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let first = |ring: &KeyRing| ring.serials().serial("440106", 2026, 1);
        let a = KeyRing::open(&one.path().join("keys")).unwrap();
        let again = KeyRing::open(&one.path().join("keys")).unwrap();
        let b = KeyRing::open(&two.path().join("keys")).unwrap();
        assert_eq!(first(&a), first(&again));
        assert_ne!(first(&a), first(&b));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(one.path().join("keys").join(SECRET_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_keys_directory_others_can_enter_is_refused_at_start() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let keys = dir.path().join("keys");
        KeyRing::open(&keys).unwrap();
        fs::set_permissions(&keys, fs::Permissions::from_mode(0o755)).unwrap();
        let err = KeyRing::open(&keys).unwrap_err().to_string();
        assert!(err.contains("chmod 700"), "{err}");
    }

    #[test]
    fn rotation_adds_a_current_key_and_keeps_the_old_one() {
        let dir = tempfile::tempdir().unwrap();
        let dir = dir.path().join("keys");
        let mut ring = KeyRing::open(&dir).unwrap();
        let first = ring.current().id.clone();
        let second = ring.rotate().unwrap();
        assert_ne!(first, second.id);
        let reopened = KeyRing::open(&dir).unwrap();
        let ids: Vec<_> = reopened
            .public_keys()
            .into_iter()
            .map(|k| (k.id, k.current))
            .collect();
        assert_eq!(ids, [(second.id, true), (first, false)]);
    }

    #[cfg(unix)]
    #[test]
    fn a_key_file_others_can_read_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let dir = dir.path().join("keys");
        KeyRing::open(&dir).unwrap();
        let file = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|x| x == "key"))
            .unwrap();
        fs::set_permissions(&file, fs::Permissions::from_mode(0o644)).unwrap();
        let err = KeyRing::open(&dir).unwrap_err().to_string();
        assert!(err.contains("chmod 600"), "{err}");
    }
}
