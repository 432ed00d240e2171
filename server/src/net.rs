//! Addresses: lists of networks given on the command line, which addresses are public,
//! and a DNS resolver that answers only with addresses a webhook may reach.
//!
//! A webhook is a URL that a department's reviewer types in and Anma then posts to from
//! inside its own network. Left open, that reviewer could make Anma call its database,
//! the cloud's metadata service or anything else behind the firewall (server-side request
//! forgery). So a webhook reaches public addresses only, and the networks the operator
//! names with `--webhook-allow` (a case system on the government extranet, say). The rule
//! holds where the address is decided: a literal address is checked when the URL is set
//! and again before each delivery, and a host name is checked on every lookup, after
//! resolution, so a name that later resolves somewhere private is refused too.

use std::{
    fmt,
    net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr},
    str::FromStr,
    sync::Arc,
};

use ipnet::IpNet;

/// A list of networks (`10.0.0.0/8,192.168.1.7,fd00::/8`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Networks(Arc<[IpNet]>);

impl Networks {
    pub fn none() -> Self {
        Self::default()
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.0.iter().any(|net| net.contains(&ip))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl FromStr for Networks {
    type Err = String;

    /// Networks or single addresses, comma-separated; an empty text is no network.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| {
                p.parse::<IpNet>()
                    .or_else(|_| p.parse::<IpAddr>().map(IpNet::from))
                    .map(|net| net.trunc())
                    .map_err(|_| format!("{p:?} is not an address or a network like 10.0.0.0/8"))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(|nets| Self(nets.into()))
    }
}

impl fmt::Display for Networks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list: Vec<String> = self.0.iter().map(IpNet::to_string).collect();
        f.write_str(&list.join(","))
    }
}

/// An IPv4-mapped IPv6 address is the IPv4 address it maps.
pub fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// Whether `ip` is on the public internet: not this host, not a private, shared,
/// link-local, documentation, benchmarking, multicast or reserved range, nor an IPv6
/// form of one (mapped, NAT64 or 6to4).
pub fn is_public(ip: IpAddr) -> bool {
    match canonical(ip) {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(a == 0                                  // "this network"
        || a == 10                            // private
        || a == 127                           // loopback
        || (a == 100 && (64..128).contains(&b)) // shared (carrier-grade NAT)
        || (a == 169 && b == 254)             // link-local, the cloud metadata service
        || (a == 172 && (16..32).contains(&b)) // private
        || (a == 192 && b == 0 && c == 0)     // protocol assignments
        || (a == 192 && b == 0 && c == 2)     // documentation
        || (a == 192 && b == 88 && c == 99)   // 6to4 relays
        || (a == 192 && b == 168)             // private
        || (a == 198 && (18..20).contains(&b)) // benchmarking
        || (a == 198 && b == 51 && c == 100)  // documentation
        || (a == 203 && b == 0 && c == 113)   // documentation
        || a >= 224) // multicast, reserved, broadcast
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let s = ip.segments();
    let embedded =
        |hi: u16, lo: u16| Ipv4Addr::new((hi >> 8) as u8, hi as u8, (lo >> 8) as u8, lo as u8);
    if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        return is_public_v4(embedded(s[6], s[7])); // NAT64
    }
    if s[0] == 0x2002 {
        return is_public_v4(embedded(s[1], s[2])); // 6to4
    }
    // Global unicast is 2000::/3; within it, documentation and the ORCHID and benchmarking
    // blocks are not reachable hosts.
    (s[0] & 0xe000) == 0x2000
        && s[0..2] != [0x2001, 0x0db8]
        && !(s[0] == 0x2001 && (s[1] & 0xfff0) == 0x0010)
        && !(s[0] == 0x2001 && (s[1] & 0xfff0) == 0x0020)
        && s[0..3] != [0x2001, 0x0002, 0]
        && !(s[0] == 0x3fff && s[1] < 0x1000)
}

/// Where webhooks may be sent: public addresses and the operator's own networks.
#[derive(Debug, Clone, Default)]
pub struct WebhookReach {
    allowed: Networks,
}

/// Why a webhook's address is refused.
#[derive(Debug, thiserror::Error)]
#[error("{0} is not a public address; an operator may allow its network with --webhook-allow")]
pub struct Unreachable(pub IpAddr);

impl WebhookReach {
    pub fn new(allowed: Networks) -> Self {
        Self { allowed }
    }

    pub fn permits(&self, ip: IpAddr) -> bool {
        is_public(ip) || self.allowed.contains(ip)
    }

    /// Checks the host of `url` where it can be checked without a lookup: a literal
    /// address, or a name that always means this machine.
    pub fn check_url(&self, url: &str) -> Result<(), Unreachable> {
        let Ok(url) = reqwest::Url::parse(url) else {
            return Ok(());
        };
        let ip = match url.host() {
            Some(url::Host::Ipv4(v4)) => IpAddr::V4(v4),
            Some(url::Host::Ipv6(v6)) => IpAddr::V6(v6),
            Some(url::Host::Domain(name)) if is_local_name(name) => IpAddr::V4(Ipv4Addr::LOCALHOST),
            _ => return Ok(()),
        };
        if self.permits(ip) {
            Ok(())
        } else {
            Err(Unreachable(ip))
        }
    }
}

/// `localhost` and its subdomains resolve to this machine whatever DNS says.
fn is_local_name(name: &str) -> bool {
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost" || name.ends_with(".localhost")
}

impl reqwest::dns::Resolve for WebhookReach {
    /// The system's lookup, less every address a webhook may not reach; none left is an
    /// error that names the first refused one.
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let reach = self.clone();
        Box::pin(async move {
            let host = name.as_str();
            let found: Vec<SocketAddr> = if is_local_name(host) {
                vec![SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 0)]
            } else {
                tokio::net::lookup_host((host, 0)).await?.collect()
            };
            let kept: Vec<SocketAddr> = found
                .iter()
                .copied()
                .filter(|a| reach.permits(a.ip()))
                .collect();
            match (kept.is_empty(), found.first()) {
                (false, _) => Ok(Box::new(kept.into_iter()) as reqwest::dns::Addrs),
                (true, Some(refused)) => Err(Box::new(Unreachable(refused.ip())) as _),
                (true, None) => Err(format!("{host} has no address").into()),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn private_and_special_addresses_are_not_public() {
        for s in [
            "0.0.0.0",
            "10.1.2.3",
            "127.0.0.1",
            "100.64.0.1",
            "169.254.169.254",
            "172.16.0.1",
            "172.31.255.255",
            "192.0.2.1",
            "192.168.1.1",
            "198.18.0.1",
            "198.51.100.7",
            "203.0.113.9",
            "224.0.0.1",
            "255.255.255.255",
            "::",
            "::1",
            "fe80::1",
            "fc00::1",
            "fd12::1",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "64:ff9b::a9fe:a9fe",
            "2002:c0a8:0101::1",
            "2001:db8::1",
            "100::1",
        ] {
            assert!(!is_public(ip(s)), "{s} counted as public");
        }
        for s in [
            "1.1.1.1",
            "114.114.114.114",
            "172.32.0.1",
            "100.128.0.1",
            "223.5.5.5",
            "240e::1",
            "2400:3200::1",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
            "2002:0808:0808::1",
        ] {
            assert!(is_public(ip(s)), "{s} counted as not public");
        }
    }

    #[test]
    fn network_lists_parse_or_say_what_is_wrong() {
        let t: Networks = "10.0.0.0/8,192.168.1.7, fd00::/8".parse().unwrap();
        assert!(t.contains(ip("192.168.1.7")));
        assert!(t.contains(ip("fd12::1")));
        assert!(t.contains(ip("::ffff:10.9.9.9")));
        assert!(!t.contains(ip("192.168.1.8")));
        assert_eq!(t.to_string(), "10.0.0.0/8,192.168.1.7/32,fd00::/8");
        assert!("".parse::<Networks>().unwrap().is_empty());
        assert!("10.0.0.0/33".parse::<Networks>().is_err());
        assert!("proxy".parse::<Networks>().is_err());
    }

    #[test]
    fn literal_hosts_are_checked_before_any_lookup() {
        let reach = WebhookReach::default();
        for url in [
            "http://127.0.0.1:9/hook",
            "http://10.0.0.8/hook",
            "http://169.254.169.254/latest/meta-data/",
            "http://[::1]:8080/",
            "http://[::ffff:7f00:1]/",
            "http://localhost:3000/",
            "http://LOCALHOST./",
            "http://api.localhost/",
            "http://2130706433/",
            "http://0x7f.1/",
        ] {
            assert!(reach.check_url(url).is_err(), "{url} passed");
        }
        assert!(reach.check_url("https://case.example.gov.cn/hook").is_ok());
        assert!(reach.check_url("https://114.114.114.114/hook").is_ok());
        let extranet = WebhookReach::new("10.0.0.0/8".parse().unwrap());
        assert!(extranet.check_url("http://10.0.0.8/hook").is_ok());
        assert!(extranet.check_url("http://127.0.0.1/hook").is_err());
    }

    #[tokio::test]
    async fn lookups_keep_only_reachable_addresses() {
        use reqwest::dns::Resolve;
        let name = |s: &str| reqwest::dns::Name::from_str(s).unwrap();
        let refused = WebhookReach::default().resolve(name("localhost")).await;
        let e = refused.err().expect("localhost resolved for a webhook");
        assert!(e.to_string().contains("127.0.0.1"), "{e}");
        let allowed = WebhookReach::new("127.0.0.0/8".parse().unwrap())
            .resolve(name("localhost"))
            .await
            .unwrap();
        assert!(allowed.map(|a| a.ip()).all(|ip| ip.is_loopback()));
    }
}
