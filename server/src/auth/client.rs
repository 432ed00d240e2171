//! The client's address, as every per-address limit sees it.
//!
//! Without trusted proxies the socket peer is the client. Behind a reverse proxy
//! (`--trusted-proxies CIDR[,CIDR…]`), a request from a trusted peer is read through its
//! `X-Forwarded-For`: every header line, in order, read right to left; addresses of trusted
//! proxies are skipped; the first untrusted one is the client. Anything further left was
//! written by the client itself and is never believed. A request from an untrusted peer
//! keeps its peer address whatever it claims.
//!
//! Limits group IPv6 clients by /64, the block one subscriber is usually given, so rotating
//! through one's own addresses buys nothing.

use std::net::{IpAddr, SocketAddr};

use crate::net::{Networks, canonical};
use axum::http::HeaderMap;

/// The networks of the reverse proxies whose `X-Forwarded-For` is believed.
pub type TrustedProxies = Networks;

/// The client's address of a request from `peer`.
pub fn client_ip(
    headers: &HeaderMap,
    peer: Option<SocketAddr>,
    trusted: &TrustedProxies,
) -> IpAddr {
    let peer = canonical(peer.map_or(IpAddr::from([0, 0, 0, 0]), |p| p.ip()));
    if !trusted.contains(peer) {
        return peer;
    }
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    for hop in hops.iter().rev() {
        let Ok(ip) = hop.parse::<IpAddr>().map(canonical) else {
            // An unreadable hop: nothing left of it can be trusted either.
            return peer;
        };
        if !trusted.contains(ip) {
            return ip;
        }
    }
    peer
}

/// The key an address is counted under by every limit: IPv4 as is, IPv6 by its /64.
pub fn address_key(ip: IpAddr) -> String {
    match canonical(ip) {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(lines: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for line in lines {
            h.append("x-forwarded-for", line.parse().unwrap());
        }
        h
    }

    fn peer(ip: &str) -> Option<SocketAddr> {
        Some(SocketAddr::new(ip.parse().unwrap(), 40_000))
    }

    #[test]
    fn without_trusted_proxies_the_peer_is_the_client() {
        let h = headers(&["6.6.6.6"]);
        assert_eq!(
            client_ip(&h, peer("203.0.113.9"), &TrustedProxies::none()).to_string(),
            "203.0.113.9"
        );
    }

    #[test]
    fn a_forged_left_most_address_does_not_count() {
        let trusted: TrustedProxies = "10.0.0.0/8".parse().unwrap();
        // The client wrote 6.6.6.6; the proxy appended the address it saw.
        let h = headers(&["6.6.6.6, 198.51.100.4"]);
        assert_eq!(
            client_ip(&h, peer("10.0.0.7"), &trusted).to_string(),
            "198.51.100.4"
        );
    }

    #[test]
    fn every_header_line_is_read_and_chained_proxies_skipped() {
        let trusted: TrustedProxies = "10.0.0.0/8, 192.168.1.7".parse().unwrap();
        let h = headers(&["6.6.6.6", "198.51.100.4, 192.168.1.7", "10.1.2.3"]);
        assert_eq!(
            client_ip(&h, peer("10.0.0.7"), &trusted).to_string(),
            "198.51.100.4"
        );
    }

    #[test]
    fn an_untrusted_peer_cannot_claim_an_address() {
        let trusted: TrustedProxies = "10.0.0.0/8".parse().unwrap();
        let h = headers(&["198.51.100.4"]);
        assert_eq!(
            client_ip(&h, peer("203.0.113.9"), &trusted).to_string(),
            "203.0.113.9"
        );
        // Junk in the chain stops the walk at the proxy.
        let h = headers(&["198.51.100.4, junk"]);
        assert_eq!(
            client_ip(&h, peer("10.0.0.7"), &trusted).to_string(),
            "10.0.0.7"
        );
    }

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
