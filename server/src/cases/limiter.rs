//! The limit on case-code lookups without a valid signature (typed-in codes, misses,
//! malformed codes, wrong signatures alike), per client address, so the register cannot
//! be enumerated and a miss is no cheaper than a hit. Counted in the database per minute
//! (`db::lookups`), so it holds across every server on one database. IPv6 clients are
//! grouped by /64, the block one subscriber usually holds.

use std::net::IpAddr;

use crate::{Result, db::Db};

/// The key an address is counted under: IPv4 as is, IPv6 by its /64.
pub fn address_key(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

/// Counts one lookup from `ip`: `Ok(None)` within `per_minute`, `Ok(Some(seconds))` to
/// wait when over it.
pub async fn count(db: &Db, ip: IpAddr, per_minute: u32) -> Result<Option<u64>> {
    let now = db.clock().now_micros();
    let window = now.div_euclid(60_000_000);
    let hits = crate::db::lookups::count(db, &address_key(ip), window).await?;
    if hits > i64::from(per_minute) {
        let left = 60 - now.div_euclid(1_000_000).rem_euclid(60);
        return Ok(Some(left.max(1) as u64));
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_clients_are_grouped_by_their_64() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::2".parse().unwrap();
        let c: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(address_key(a), address_key(b));
        assert_ne!(address_key(a), address_key(c));
        assert_eq!(address_key("10.0.0.1".parse().unwrap()), "10.0.0.1");
        assert_eq!(address_key("::ffff:10.0.0.1".parse().unwrap()), "10.0.0.1");
    }
}
