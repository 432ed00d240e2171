//! Ed25519 signatures over decisions, as the browser checks them.
//!
//! The server signs each decision at issuance with its current key; every key it ever
//! used stays published at `/api/v1/keys`, so a decision signed before a rotation still
//! verifies. A key is named by its id: the first 8 bytes of SHA-256 of the public key,
//! hex — derived, so a forged key list cannot reuse an id with another key unnoticed.

use ed25519_dalek::{Signature, VerifyingKey};
use serde::{Deserialize, Serialize};

use super::Timestamp;

/// A published verification key, `GET /api/v1/keys`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicKey {
    /// 16 hex characters.
    pub id: String,
    /// Always `Ed25519`.
    pub algorithm: String,
    /// The 32-byte public key, 64 lower-case hex characters.
    pub public_key: String,
    /// When the key was created (ISO 8601 UTC).
    pub created_at: Timestamp,
    /// Whether the server signs new decisions with it.
    pub current: bool,
    /// When it was retired: it signs nothing new, and still verifies what it signed.
    #[serde(default)]
    pub retired_at: Option<Timestamp>,
}

/// Signed and committed byte layouts: each text as its UTF-8 length (4 bytes big-endian)
/// followed by its bytes, each list as its count (4 bytes big-endian) then its texts.
#[derive(Debug, Default)]
pub struct Canonical(Vec<u8>);

impl Canonical {
    pub fn text(&mut self, s: &str) {
        self.0.extend_from_slice(&(s.len() as u32).to_be_bytes());
        self.0.extend_from_slice(s.as_bytes());
    }

    pub fn count(&mut self, n: usize) {
        self.0.extend_from_slice(&(n as u32).to_be_bytes());
    }

    pub fn list<S: AsRef<str>>(&mut self, items: &[S]) {
        self.count(items.len());
        for item in items {
            self.text(item.as_ref());
        }
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.0
    }
}

/// Lower-case hex of `bytes`.
pub fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Bytes from hex (either case); `None` for anything else.
pub fn from_hex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

/// Whether `signature` (64 bytes) is a valid Ed25519 signature of `message` under
/// `public_key` (32 bytes). Strict verification: malleable or small-order forms fail.
pub fn verify(public_key: &[u8], message: &[u8], signature: &[u8]) -> bool {
    let (Ok(key), Ok(sig)) = (
        <[u8; 32]>::try_from(public_key),
        <[u8; 64]>::try_from(signature),
    ) else {
        return false;
    };
    let Ok(key) = VerifyingKey::from_bytes(&key) else {
        return false;
    };
    key.verify_strict(message, &Signature::from_bytes(&sig))
        .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 8032 §7.1, test 2: a one-byte message.
    const PUBLIC: &str = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c";
    const SIGNATURE: &str = "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da\
                             085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00";

    #[test]
    fn an_rfc_8032_vector_verifies() {
        let key = from_hex(PUBLIC).unwrap();
        let sig = from_hex(SIGNATURE).unwrap();
        assert!(verify(&key, &[0x72], &sig));
    }

    #[test]
    fn a_changed_message_or_signature_fails() {
        let key = from_hex(PUBLIC).unwrap();
        let mut sig = from_hex(SIGNATURE).unwrap();
        assert!(!verify(&key, &[0x73], &sig));
        sig[0] ^= 1;
        assert!(!verify(&key, &[0x72], &sig));
        assert!(!verify(&key[..31], &[0x72], &sig));
    }

    #[test]
    fn hex_round_trips() {
        assert_eq!(to_hex(&from_hex("00ff7A").unwrap()), "00ff7a");
        assert_eq!(from_hex("abc"), None);
        assert_eq!(from_hex("zz"), None);
    }
}
