//! API tokens for departments' case-handling systems: bound to one department, with
//! scopes and an expiry, sent as `Authorization: Bearer <token>` instead of a session.

use serde::{Deserialize, Serialize};

use super::codes::text_codes;
use super::{Date, Msg, Timestamp};

/// What a token may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TokenScope {
    /// Read the department's decisions and their QR codes.
    DecisionsRead,
    /// Register, issue, publish, revoke and change the department's decisions.
    DecisionsWrite,
    /// Register and update the department's officers.
    OfficersWrite,
}

text_codes!(TokenScope {
    DecisionsRead => "decisions:read",
    DecisionsWrite => "decisions:write",
    OfficersWrite => "officers:write",
});

/// The text every token starts with, so a leaked one is recognised (and scanners can
/// find it).
pub const TOKEN_PREFIX: &str = "anma_";

/// A token as the workspace lists it; the secret itself is shown once, at creation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiToken {
    pub id: i64,
    pub department_id: i64,
    pub department_name: String,
    /// The system it is for, e.g. 天河区执法办案系统; writes are audited under it.
    pub name: String,
    pub scopes: Vec<TokenScope>,
    pub created_by: String,
    pub created_at: Timestamp,
    /// The last day it works (China time).
    pub expires_on: Date,
    pub last_used_at: Option<Timestamp>,
    pub revoked_at: Option<Timestamp>,
    /// Where its department's decision events are pushed, if anywhere.
    pub webhook_url: Option<String>,
}

/// Creating a token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewToken {
    /// 2 to 60 characters.
    pub name: String,
    /// At least one.
    pub scopes: Vec<TokenScope>,
    /// The last day it works: from today to two years ahead.
    pub expires_on: Date,
}

/// The longest a token may live, in days.
pub const TOKEN_MAX_DAYS: i64 = 732;

impl NewToken {
    /// The name trimmed and the scopes sorted, or the field at fault.
    pub fn validate(&self, today: Date) -> Result<(String, Vec<TokenScope>), (&'static str, Msg)> {
        let name = self.name.trim();
        let n = name.chars().count();
        if !(2..=60).contains(&n) {
            return Err(("name", Msg::LengthBetween { min: 2, max: 60 }));
        }
        if name.chars().any(char::is_control) {
            return Err(("name", Msg::ControlCharacter));
        }
        let mut scopes = self.scopes.clone();
        scopes.sort();
        scopes.dedup();
        if scopes.is_empty() {
            return Err(("scopes", Msg::Required));
        }
        if self.expires_on < today || today.days_until(self.expires_on) > TOKEN_MAX_DAYS {
            return Err((
                "expires_on",
                Msg::TokenExpiry {
                    max: TOKEN_MAX_DAYS,
                },
            ));
        }
        Ok((name.to_owned(), scopes))
    }
}

/// `POST …/tokens`: the token, and its secret, shown this once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedToken {
    #[serde(flatten)]
    pub token: ApiToken,
    /// Send as `Authorization: Bearer <secret>`. Anma keeps only its hash.
    pub secret: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_need_a_name_a_scope_and_a_near_expiry() {
        let today = Date::from_ymd(2026, 12, 2);
        let t = NewToken {
            name: " 天河区执法办案系统 ".into(),
            scopes: vec![
                TokenScope::DecisionsWrite,
                TokenScope::DecisionsRead,
                TokenScope::DecisionsWrite,
            ],
            expires_on: Date::from_ymd(2027, 12, 31),
        };
        let (name, scopes) = t.validate(today).unwrap();
        assert_eq!(name, "天河区执法办案系统");
        assert_eq!(
            scopes,
            vec![TokenScope::DecisionsRead, TokenScope::DecisionsWrite]
        );
        let none = NewToken {
            scopes: vec![],
            ..t.clone()
        };
        assert_eq!(none.validate(today).unwrap_err().0, "scopes");
        let late = NewToken {
            expires_on: Date::from_ymd(2030, 1, 1),
            ..t.clone()
        };
        assert_eq!(late.validate(today).unwrap_err().0, "expires_on");
        let past = NewToken {
            expires_on: Date::from_ymd(2026, 12, 1),
            ..t
        };
        assert_eq!(past.validate(today).unwrap_err().0, "expires_on");
    }
}
