//! Argon2id password hashing, off the async runtime, at most one hash per core at a
//! time (each takes 19 MiB and a core's worth of work): further sign-ins wait briefly,
//! then get a 503, so a flood of sign-in attempts cannot exhaust memory or the blocking
//! pool.

use std::{sync::OnceLock, time::Duration};

use tokio::sync::{Semaphore, SemaphorePermit};

use argon2::{
    Argon2, PasswordHash, PasswordHasher, PasswordVerifier,
    password_hash::{SaltString, rand_core::OsRng},
};

use crate::{AppError, Result};
use app::model::Msg;

/// How long a password check waits for a free core before the answer is 503.
const WAIT: Duration = Duration::from_secs(5);

/// One permit per core.
fn permits() -> &'static Semaphore {
    static PERMITS: OnceLock<Semaphore> = OnceLock::new();
    PERMITS
        .get_or_init(|| Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get())))
}

async fn core() -> Result<SemaphorePermit<'static>> {
    match tokio::time::timeout(WAIT, permits().acquire()).await {
        Ok(Ok(permit)) => Ok(permit),
        _ => Err(AppError::Busy {
            retry_after_secs: 2,
            msg: Msg::SignInBusy,
        }),
    }
}

/// Hashes a password as an Argon2id PHC string (the crate's default parameters:
/// 19 MiB, 2 passes, 1 lane — OWASP's minimum recommendation).
pub async fn hash(password: String) -> Result<String> {
    let _core = core().await?;
    tokio::task::spawn_blocking(move || hash_blocking(&password))
        .await
        .map_err(anyhow::Error::from)?
}

fn hash_blocking(password: &str) -> Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    let hash = Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map_err(|e| anyhow::anyhow!("argon2: {e}"))?;
    Ok(hash.to_string())
}

/// A hash no password matches, verified against when the account does not exist so
/// that an unknown user and a wrong password take the same time.
fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| hash_blocking("decoy: never a real password").unwrap_or_default())
}

/// Checks `password` against `stored`, or against the decoy when there is no account.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool> {
    let _core = core().await?;
    tokio::task::spawn_blocking(move || {
        let real = stored.is_some();
        let phc = stored.unwrap_or_else(|| decoy_hash().to_owned());
        let matches = PasswordHash::new(&phc)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false);
        real && matches
    })
    .await
    .map_err(|e| anyhow::Error::from(e).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let h = hash("Correct-Horse-9".into()).await.unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(
            verify("Correct-Horse-9".into(), Some(h.clone()))
                .await
                .unwrap()
        );
        assert!(!verify("correct-horse-9".into(), Some(h)).await.unwrap());
    }

    #[tokio::test]
    async fn no_account_never_verifies() {
        assert!(
            !verify("decoy: never a real password".into(), None)
                .await
                .unwrap()
        );
    }
}
