//! Limits on heavy public work: searches (the disclosure listing and statistics) and
//! exports run under a global limit and a per-address limit each, so no stranger and no
//! crowd can take the server down. Over the global limit the answer is 503, over the
//! address's 429, both with `Retry-After`; never a stalled server.
//!
//! Heavy queries also take one of a few database slots while they read (a search for its
//! query, an export for each chunk), fewer than the pool's connections: the rest stay free
//! for light work — verification, sign-in, health — however many heavy requests queue.

use std::{
    collections::HashMap,
    net::IpAddr,
    sync::{Arc, Mutex, PoisonError},
};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::{AppError, Result, auth::client::address_key};
use app::model::Msg;

/// One kind of heavy work and its two limits.
#[derive(Debug)]
pub struct HeavyWork {
    what: &'static str,
    global: Arc<Semaphore>,
    per_address: usize,
    running: Arc<Mutex<HashMap<String, usize>>>,
}

/// Held while the work runs (an export: until its last byte is sent).
#[derive(Debug)]
pub struct Permit {
    _global: OwnedSemaphorePermit,
    address: String,
    running: Arc<Mutex<HashMap<String, usize>>>,
}

impl Drop for Permit {
    fn drop(&mut self) {
        release(&self.address, &self.running);
    }
}

impl HeavyWork {
    pub fn new(what: &'static str, global: usize, per_address: usize) -> Self {
        Self {
            what,
            global: Arc::new(Semaphore::new(global.max(1))),
            per_address: per_address.max(1),
            running: Arc::default(),
        }
    }

    /// A permit for `ip`, at once or not at all.
    pub fn try_start(&self, ip: IpAddr) -> Result<Permit> {
        let address = address_key(ip);
        {
            let mut running = self.running.lock().unwrap_or_else(PoisonError::into_inner);
            let n = running.entry(address.clone()).or_default();
            if *n >= self.per_address {
                tracing::info!(work = self.what, "refused: the address is at its limit");
                return Err(AppError::RateLimited {
                    retry_after_secs: 5,
                    msg: Msg::AddressBusy {
                        running: self.per_address,
                    },
                });
            }
            *n += 1;
        }
        let running = self.running.clone();
        match self.global.clone().try_acquire_owned() {
            Ok(global) => Ok(Permit {
                _global: global,
                address,
                running,
            }),
            Err(_) => {
                // Give the address's place back.
                release(&address, &running);
                tracing::warn!(work = self.what, "refused: the server is at its limit");
                Err(AppError::Busy {
                    retry_after_secs: 5,
                    msg: Msg::ServerBusy,
                })
            }
        }
    }
}

/// Gives one of `address`'s places back.
fn release(address: &str, running: &Mutex<HashMap<String, usize>>) {
    let mut map = running.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(n) = map.get_mut(address) {
        *n -= 1;
        if *n == 0 {
            map.remove(address);
        }
    }
}

/// The limits of one server process.
#[derive(Debug, Clone)]
pub struct Limits {
    pub searches: Arc<HeavyWork>,
    pub exports: Arc<HeavyWork>,
    /// Database connections heavy queries may hold at once.
    db_slots: Arc<Semaphore>,
}

/// How long a heavy query waits for a database slot before the answer is 503.
const SLOT_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

impl Limits {
    pub fn new(config: &crate::config::LimitsConfig) -> Self {
        Self {
            searches: Arc::new(HeavyWork::new(
                "searches",
                config.max_searches,
                config.max_searches_per_address,
            )),
            exports: Arc::new(HeavyWork::new(
                "exports",
                config.max_exports,
                config.max_exports_per_address,
            )),
            db_slots: Arc::new(Semaphore::new(config.heavy_db_slots())),
        }
    }

    /// A database slot for one heavy query; hold it while the query runs.
    pub async fn db_slot(&self) -> Result<OwnedSemaphorePermit> {
        match tokio::time::timeout(SLOT_WAIT, self.db_slots.clone().acquire_owned()).await {
            Ok(Ok(slot)) => Ok(slot),
            _ => Err(AppError::Busy {
                retry_after_secs: 5,
                msg: Msg::SearchBusy,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_address_and_the_whole_server_have_their_limits() {
        let work = HeavyWork::new("exports", 3, 2);
        let a: IpAddr = "198.51.100.1".parse().unwrap();
        let b: IpAddr = "198.51.100.2".parse().unwrap();
        let c: IpAddr = "198.51.100.3".parse().unwrap();
        let a1 = work.try_start(a).unwrap();
        let _a2 = work.try_start(a).unwrap();
        let over = work.try_start(a).unwrap_err();
        assert!(matches!(over, AppError::RateLimited { .. }));
        let _b1 = work.try_start(b).unwrap();
        let full = work.try_start(c).unwrap_err();
        assert!(matches!(full, AppError::Busy { .. }));
        // A refused start takes nothing: c gets in as soon as a place frees.
        drop(a1);
        let _c1 = work.try_start(c).unwrap();
        assert!(work.try_start(a).is_err(), "global limit again");
    }

    #[test]
    fn refusals_say_when_to_come_back() {
        use axum::response::IntoResponse;
        let work = HeavyWork::new("searches", 1, 1);
        let a: IpAddr = "198.51.100.1".parse().unwrap();
        let b: IpAddr = "2001:db8::1".parse().unwrap();
        let _held = work.try_start(a).unwrap();
        for (refusal, status) in [
            (work.try_start(a).unwrap_err(), 429),
            (work.try_start(b).unwrap_err(), 503),
        ] {
            let response = refusal.into_response();
            assert_eq!(response.status().as_u16(), status);
            assert_eq!(response.headers()["retry-after"], "5");
        }
    }
}
