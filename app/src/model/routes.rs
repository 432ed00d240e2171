//! The single-page app's pages and the bundle that renders each, known to the server too:
//! it answers a page's path with its bundle's HTML (200) and any other path with the public
//! page and a 404 status. The app's router (`shell.rs`) declares the same paths.

/// The builds of the app, each with its own HTML page: a visitor downloads the pages of
/// the one bundle the address they open belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bundle {
    /// The first page and the verify page: what a decision's QR code opens.
    Verify,
    /// The inspection notice's page: what an inspection notice's QR code opens.
    Inspection,
    /// The disclosures; also the page of unknown paths.
    Public,
    /// The power lists, departments and officers.
    Powers,
    /// The statistics.
    Stats,
    /// The published spot-check plans and their draws.
    SpotChecks,
    /// The QR scanner.
    Scan,
    /// Sign-in and the staff workspace.
    Workspace,
}

impl Bundle {
    /// The HTML page the server answers with.
    pub fn page(self) -> &'static str {
        match self {
            Bundle::Verify => "verify.html",
            Bundle::Inspection => "inspection.html",
            Bundle::Public => "index.html",
            Bundle::Powers => "powers.html",
            Bundle::Stats => "stats.html",
            Bundle::SpotChecks => "spot-checks.html",
            Bundle::Scan => "scan.html",
            Bundle::Workspace => "workspace.html",
        }
    }
}

/// Every page: its path (`*` matches one non-empty segment, a trailing `**` any rest) and
/// its bundle.
pub const PAGES: &[(&str, Bundle)] = &[
    ("/", Bundle::Verify),
    ("/v/*", Bundle::Verify),
    ("/v/*/*", Bundle::Verify),
    // Verify URLs in QR codes are upper case after the host (QR alphanumeric mode).
    ("/V/*", Bundle::Verify),
    ("/V/*/*", Bundle::Verify),
    // Inspection notices: the code, its signature and the rating token.
    ("/i/*", Bundle::Inspection),
    ("/i/*/*", Bundle::Inspection),
    ("/i/*/*/*", Bundle::Inspection),
    ("/I/*", Bundle::Inspection),
    ("/I/*/*", Bundle::Inspection),
    ("/I/*/*/*", Bundle::Inspection),
    ("/scan", Bundle::Scan),
    ("/disclosures", Bundle::Public),
    ("/disclosures/*", Bundle::Public),
    ("/items", Bundle::Powers),
    ("/items/**", Bundle::Powers),
    ("/stats", Bundle::Stats),
    ("/spot-checks", Bundle::SpotChecks),
    ("/spot-checks/*", Bundle::SpotChecks),
    ("/officers", Bundle::Powers),
    ("/officers/*", Bundle::Powers),
    ("/login", Bundle::Workspace),
    ("/workspace", Bundle::Workspace),
    ("/workspace/**", Bundle::Workspace),
];

/// The bundle whose page `path` is (query string excluded), if the app has one.
pub fn bundle_of(path: &str) -> Option<Bundle> {
    let path = if path.len() > 1 {
        path.trim_end_matches('/')
    } else {
        path
    };
    PAGES
        .iter()
        .find(|(pattern, _)| matches(pattern, path))
        .map(|(_, bundle)| *bundle)
}

/// The HTML page the server answers `path` with: its bundle's, or the public page (with a
/// 404 status) for a path the app does not have.
pub fn page_for(path: &str) -> &'static str {
    bundle_of(path).unwrap_or(Bundle::Public).page()
}

/// Whether the app has a page at `path` (query string excluded).
pub fn is_app_route(path: &str) -> bool {
    bundle_of(path).is_some()
}

fn matches(pattern: &str, path: &str) -> bool {
    let mut pat = pattern.split('/');
    let mut segs = path.split('/');
    loop {
        match (pat.next(), segs.next()) {
            (Some("**"), Some(s)) => return !s.is_empty(),
            (Some("*"), Some(s)) if !s.is_empty() => {}
            (Some(p), Some(s)) if p == s => {}
            (None, None) => return true,
            _ => return false,
        }
    }
}

/// What a scanned QR code holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scanned {
    /// A case or inspection code of this site: the app path to open (`/v/<code>`,
    /// `/v/<code>/<sig>`, `/i/<code>/<sig>/<token>`).
    Official(String),
    /// A web address on another host: not an official case code.
    Foreign(String),
    /// Anything else.
    Unknown,
}

/// Reads the text of a scanned QR code. `own_host` is this site's host (and port); the
/// scheme and host compare case-insensitively, since the QR writes them in capitals.
pub fn read_scanned(text: &str, own_host: &str) -> Scanned {
    let text = text.trim();
    if let Ok(code) = super::CaseCode::parse(text) {
        return Scanned::Official(format!("/v/{code}"));
    }
    if let Ok(code) = super::InspectionCode::parse(text) {
        return Scanned::Official(format!("/i/{code}"));
    }
    let Some((scheme, rest)) = text.split_once("://") else {
        return Scanned::Unknown;
    };
    if !scheme.eq_ignore_ascii_case("https") && !scheme.eq_ignore_ascii_case("http") {
        return Scanned::Unknown;
    }
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    if !host.eq_ignore_ascii_case(own_host) {
        return Scanned::Foreign(text.to_owned());
    }
    let parts: Vec<&str> = path
        .trim_start_matches('/')
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    match parts.as_slice() {
        [v, code, rest @ ..] if v.eq_ignore_ascii_case("v") && rest.len() <= 1 => {
            match super::CaseCode::parse(code) {
                Ok(code) => Scanned::Official(
                    std::iter::once(format!("/v/{code}"))
                        .chain(rest.iter().map(|s| (*s).to_owned()))
                        .collect::<Vec<_>>()
                        .join("/"),
                ),
                Err(_) => Scanned::Unknown,
            }
        }
        [i, code, rest @ ..] if i.eq_ignore_ascii_case("i") && rest.len() <= 2 => {
            match super::InspectionCode::parse(code) {
                Ok(code) => Scanned::Official(
                    std::iter::once(format!("/i/{code}"))
                        .chain(rest.iter().map(|s| (*s).to_owned()))
                        .collect::<Vec<_>>()
                        .join("/"),
                ),
                Err(_) => Scanned::Unknown,
            }
        }
        _ => Scanned::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_bundle_has_its_pages() {
        assert_eq!(page_for("/v/440106-2025-00001-I"), "verify.html");
        assert_eq!(page_for("/V/440106-2025-00001-I/ABC"), "verify.html");
        assert_eq!(page_for("/v/a/b/c"), "index.html");
        assert_eq!(page_for("/scan"), "scan.html");
        assert_eq!(
            page_for("/I/J440106-2026-00001-X/SIG/TOKEN"),
            "inspection.html"
        );
        assert_eq!(page_for("/i/J440106-2026-00001-X"), "inspection.html");
        assert_eq!(page_for("/spot-checks/3"), "spot-checks.html");
        assert_eq!(page_for("/stats"), "stats.html");
        assert_eq!(page_for("/"), "verify.html");
        assert_eq!(page_for("/items/departments"), "powers.html");
        assert_eq!(page_for("/officers/44010020260001"), "powers.html");
        assert_eq!(page_for("/disclosures/12"), "index.html");
        assert_eq!(page_for("/nope"), "index.html");
        assert_eq!(page_for("/workspace/decisions"), "workspace.html");
        assert_eq!(page_for("/login"), "workspace.html");
    }

    #[test]
    fn scanned_codes_are_read_and_other_hosts_flagged() {
        let host = "anma.example:8443";
        assert_eq!(
            read_scanned("HTTPS://ANMA.EXAMPLE:8443/V/440106-2025-00001-I/ABC", host),
            Scanned::Official("/v/440106-2025-00001-I/ABC".into())
        );
        assert_eq!(
            read_scanned("440106 2025 00001 i", host),
            Scanned::Official("/v/440106-2025-00001-I".into())
        );
        assert_eq!(
            read_scanned("HTTPS://ANMA.EVIL.EXAMPLE/V/440106-2025-00001-I/ABC", host),
            Scanned::Foreign("HTTPS://ANMA.EVIL.EXAMPLE/V/440106-2025-00001-I/ABC".into())
        );
        assert_eq!(
            read_scanned("https://anma.example:8443/items", host),
            Scanned::Unknown
        );
        assert_eq!(
            read_scanned("HTTPS://ANMA.EXAMPLE:8443/V/440106-2025-00001-J/ABC", host),
            Scanned::Unknown
        );
        assert_eq!(read_scanned("WIFI:S:cafe;;", host), Scanned::Unknown);
        let inspection = (0..)
            .find_map(|n| {
                crate::model::InspectionCode::issue(
                    &crate::model::RegionCode::parse("440106").unwrap(),
                    2026,
                    n,
                )
            })
            .unwrap();
        assert_eq!(
            read_scanned(
                &format!("HTTPS://ANMA.EXAMPLE:8443/I/{inspection}/SIG/TOKEN"),
                host
            ),
            Scanned::Official(format!("/i/{inspection}/SIG/TOKEN"))
        );
        assert_eq!(
            read_scanned(&inspection.as_str().to_lowercase(), host),
            Scanned::Official(format!("/i/{inspection}"))
        );
        assert_eq!(
            read_scanned(
                &format!("HTTPS://ANMA.EXAMPLE:8443/I/{inspection}/A/B/C"),
                host
            ),
            Scanned::Unknown
        );
    }

    #[test]
    fn client_routes_are_known() {
        for path in [
            "/",
            "/v/44-2024-ABC",
            "/disclosures",
            "/disclosures/12",
            "/items",
            "/items/dept/3",
            "/workspace",
            "/workspace/claims/7",
            "/login",
            "/workspace/",
        ] {
            assert!(is_app_route(path), "{path}");
        }
    }

    #[test]
    fn the_workspace_bundle_serves_sign_in_and_the_workspace() {
        for path in ["/login", "/workspace", "/workspace/claims/3/9"] {
            assert_eq!(bundle_of(path), Some(Bundle::Workspace), "{path}");
        }
        for path in ["/", "/items", "/workspaces", "/v/440106-2025-00001-I"] {
            assert_ne!(bundle_of(path), Some(Bundle::Workspace), "{path}");
        }
    }

    #[test]
    fn other_paths_are_not() {
        for path in [
            "/nope",
            "/v",
            "/v/",
            "/v/a/b/c",
            "/disclosuresx",
            "/api/v1/health",
            "//",
        ] {
            assert!(!is_app_route(path), "{path}");
        }
    }
}
