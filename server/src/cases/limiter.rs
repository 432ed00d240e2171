//! The limit on case-code lookups without a valid signature (typed-in codes, misses,
//! malformed codes, wrong signatures alike), per client address, so the register cannot
//! be enumerated and a miss is no cheaper than a hit. Counted in the database per minute
//! (`db::lookups`), so it holds across every server on one database; addresses are keyed
//! as every limit keys them (`auth::client::address_key`).

use std::net::IpAddr;

use crate::{Result, auth::client::address_key, db::Db};

/// Counts one lookup from `ip`: `Ok(None)` within `per_minute`, `Ok(Some(seconds))` to
/// wait when over it.
pub async fn count(db: &Db, ip: IpAddr, per_minute: u32) -> Result<Option<u64>> {
    counted(db, address_key(ip), per_minute).await
}

/// Counts one request of another kind (`what`, e.g. `report`) from `ip`, in a count of
/// its own.
pub async fn count_as(db: &Db, what: &str, ip: IpAddr, per_minute: u32) -> Result<Option<u64>> {
    counted(db, format!("{what} {}", address_key(ip)), per_minute).await
}

async fn counted(db: &Db, key: String, per_minute: u32) -> Result<Option<u64>> {
    let now = db.clock().now().micros();
    let window = now.div_euclid(60_000_000);
    let hits = crate::db::lookups::count(db, &key, window).await?;
    if hits > i64::from(per_minute) {
        let left = 60 - now.div_euclid(1_000_000).rem_euclid(60);
        return Ok(Some(left.max(1) as u64));
    }
    Ok(None)
}
