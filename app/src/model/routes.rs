//! The single-page app's routes, known to the server too: it answers them with the app's
//! `index.html` (200) and any other path with the same page and a 404 status.

/// Paths the app renders. `*` matches one non-empty segment; a trailing `**` any rest.
const APP_ROUTES: &[&str] = &[
    "/",
    "/v/*",
    "/v/*/*",
    // Verify URLs in QR codes are upper case after the host (QR alphanumeric mode).
    "/V/*",
    "/V/*/*",
    "/scan",
    "/disclosures",
    "/disclosures/*",
    "/items",
    "/items/**",
    "/stats",
    "/officers",
    "/officers/*",
    "/login",
    "/workspace",
    "/workspace/**",
];

/// Whether `path` belongs to the staff workspace bundle (`workspace.html`) rather than
/// the public one (`index.html`).
pub fn is_workspace_route(path: &str) -> bool {
    path == "/login" || path == "/login/" || path == "/workspace" || path.starts_with("/workspace/")
}

/// Whether the app has a page at `path` (query string excluded).
pub fn is_app_route(path: &str) -> bool {
    let path = if path.len() > 1 {
        path.trim_end_matches('/')
    } else {
        path
    };
    APP_ROUTES.iter().any(|pattern| matches(pattern, path))
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

#[cfg(test)]
mod tests {
    use super::*;

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
            assert!(is_workspace_route(path), "{path}");
        }
        for path in ["/", "/items", "/workspaces", "/v/440106-2025-00001-I"] {
            assert!(!is_workspace_route(path), "{path}");
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
