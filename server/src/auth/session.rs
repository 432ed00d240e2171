//! Session cookies and tokens.

use axum::http::{HeaderMap, HeaderValue, header};
use rand_core::{OsRng, RngCore};

use crate::{config::SessionConfig, db::audit::sha256_hex};

/// The session cookie. HttpOnly and SameSite=Strict always; Secure when served over https.
pub const COOKIE: &str = "anma_session";

/// A fresh random token: 32 bytes from the operating system, hex-encoded.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What the database keeps of a token: its SHA-256, so a leaked table opens no session.
pub fn token_hash(token: &str) -> String {
    sha256_hex(token.as_bytes())
}

/// The session token the request carries, if any.
pub fn token_from(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.to_owned())
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// `Set-Cookie` for a new session; `Secure` when Anma is reached over https.
pub fn set_cookie(token: &str, config: &SessionConfig, https: bool) -> HeaderValue {
    let secure = if https { "; Secure" } else { "" };
    let value = format!(
        "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{secure}",
        config.session_max.as_secs()
    );
    HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// `Set-Cookie` that removes the session cookie.
pub fn clear_cookie(https: bool) -> HeaderValue {
    let secure = if https { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{secure}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_hex() {
        let a = new_token();
        assert_eq!(a.len(), 64);
        assert_ne!(a, new_token());
        assert_eq!(token_hash(&a).len(), 64);
    }

    #[test]
    fn the_cookie_is_found_among_others_and_junk_is_ignored() {
        let token = new_token();
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            format!("a=1; {COOKIE}={token}; b=2").parse().unwrap(),
        );
        assert_eq!(token_from(&headers), Some(token));
        headers.insert(
            header::COOKIE,
            format!("{COOKIE}=../../etc").parse().unwrap(),
        );
        assert_eq!(token_from(&headers), None);
    }

    #[test]
    fn cookies_are_strict_and_secure_over_https() {
        let config = SessionConfig::default();
        let plain = set_cookie("ab", &config, false);
        assert!(
            plain
                .to_str()
                .unwrap()
                .contains("HttpOnly; SameSite=Strict")
        );
        assert!(!plain.to_str().unwrap().contains("Secure"));
        assert!(
            set_cookie("ab", &config, true)
                .to_str()
                .unwrap()
                .ends_with("; Secure")
        );
    }
}
