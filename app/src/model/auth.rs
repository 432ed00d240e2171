//! Workspace identity: roles, users, sign-in and the audit log's public shape.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::codes::text_codes;
use super::{Date, Timestamp};

/// What a workspace user may do. Admin rights are province-wide; clerks and reviewers act
/// within their own department; auditors read everything and change nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// 经办: claims items, registers decisions.
    Clerk,
    /// 审核: approves claims, legal review of major decisions.
    Reviewer,
    /// The justice department: master catalog, departments, users, oversight of all.
    Admin,
    /// Read-only oversight.
    Auditor,
}

text_codes!(Role {
    Clerk => "clerk",
    Reviewer => "reviewer",
    Admin => "admin",
    Auditor => "auditor",
});

/// A sign-in name: 3-32 characters from `a-z 0-9 . _ -`, starting with a letter or digit.
/// Input is trimmed and lower-cased.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Username(String);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UsernameError {
    Length,
    Chars,
}

impl Username {
    pub fn parse(input: &str) -> Result<Self, UsernameError> {
        let s = input.trim().to_ascii_lowercase();
        if !(3..=32).contains(&s.chars().count()) {
            return Err(UsernameError::Length);
        }
        let ok_char =
            |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-');
        let first_ok = s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
        if !first_ok || !s.chars().all(ok_char) {
            return Err(UsernameError::Chars);
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Username {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Username {
    type Error = UsernameError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<Username> for String {
    fn from(u: Username) -> Self {
        u.0
    }
}

/// A new password that meets the policy: 10 to 128 characters, with at least three of
/// lower case, upper case, digits and other characters. Never serialised.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub struct NewPassword(String);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasswordError {
    Length,
    TooSimple,
}

impl NewPassword {
    pub fn parse(input: &str) -> Result<Self, PasswordError> {
        let n = input.chars().count();
        if !(10..=128).contains(&n) {
            return Err(PasswordError::Length);
        }
        let classes = [
            input.chars().any(|c| c.is_lowercase()),
            input.chars().any(|c| c.is_uppercase()),
            input.chars().any(|c| c.is_ascii_digit()),
            input.chars().any(|c| !c.is_alphanumeric()),
        ];
        if classes.iter().filter(|&&b| b).count() < 3 {
            return Err(PasswordError::TooSimple);
        }
        Ok(Self(input.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

impl TryFrom<String> for NewPassword {
    type Error = PasswordError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

/// `POST /api/v1/auth/login`
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
}

/// The signed-in user as the workspace sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CurrentUser {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub department_id: i64,
    pub department_name: String,
    /// Set after an admin reset: only changing the password is allowed until it is done.
    pub must_change_password: bool,
}

/// `GET /api/v1/auth/session` and the answer to a successful login. Send `csrf_token` in
/// the `X-CSRF-Token` header of every state-changing request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionInfo {
    pub user: CurrentUser,
    pub csrf_token: String,
    /// When the session ends at the latest (ISO 8601 UTC), idle or not.
    pub expires_at: Timestamp,
    /// Minutes of inactivity after which the session ends.
    pub idle_timeout_minutes: i64,
}

/// `POST /api/v1/auth/password`
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangePasswordRequest {
    pub current_password: String,
    pub new_password: NewPassword,
}

/// A workspace account as admins manage it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserAccount {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub department_id: i64,
    pub department_name: String,
    pub active: bool,
    pub must_change_password: bool,
    pub created_at: Timestamp,
}

impl From<UserAccount> for CurrentUser {
    fn from(a: UserAccount) -> Self {
        CurrentUser {
            id: a.id,
            username: a.username,
            display_name: a.display_name,
            role: a.role,
            department_id: a.department_id,
            department_name: a.department_name,
            must_change_password: a.must_change_password,
        }
    }
}

/// `POST /api/v1/workspace/users`: the password is temporary; the user must change it at
/// first sign-in.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewUserRequest {
    pub username: Username,
    pub display_name: String,
    pub department_id: i64,
    pub role: Role,
    pub password: NewPassword,
}

/// `POST /api/v1/workspace/users/{id}/reset-password`
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResetPasswordRequest {
    pub new_password: NewPassword,
}

/// One entry of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub seq: i64,
    pub at: Timestamp,
    pub user_id: Option<i64>,
    pub username: String,
    pub department_id: Option<i64>,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub before_digest: Option<String>,
    pub after_digest: Option<String>,
    pub detail: String,
    pub hash: String,
}

/// Filters of `GET /api/v1/workspace/audit`. Dates are `YYYY-MM-DD`, inclusive.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct AuditQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::text))]
    pub user: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::id))]
    pub department: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::text))]
    pub action: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::date::blank_is_none"
    )]
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::date_or_blank))]
    pub from: Option<Date>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::date::blank_is_none"
    )]
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::date_or_blank))]
    pub to: Option<Date>,
    /// Entries with `seq` below this: the next page, newest first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::id))]
    pub before: Option<i64>,
    /// Entries with `seq` above this: the next page, oldest first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::id))]
    pub after: Option<i64>,
    /// `newest` (default) or `oldest` first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::audit_order))]
    pub order: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(schema_with = crate::model::schema::query::id))]
    pub limit: Option<i64>,
}

impl AuditQuery {
    /// The orders the log can be read in.
    pub const ORDERS: [&'static str; 2] = ["newest", "oldest"];

    pub fn oldest_first(&self) -> bool {
        self.order.as_deref() == Some("oldest")
    }
}

/// The result of recomputing the audit chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditVerification {
    pub ok: bool,
    pub entries: i64,
    /// Signed checkpoints the chain was checked against.
    #[serde(default)]
    pub checkpoints: i64,
    /// The first entry that does not match, and why.
    pub first_bad_seq: Option<i64>,
    pub problem: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_normalised_and_checked() {
        assert_eq!(
            Username::parse(" Zhang.San ").unwrap().as_str(),
            "zhang.san"
        );
        assert_eq!(Username::parse("ab"), Err(UsernameError::Length));
        assert_eq!(Username::parse("-abc"), Err(UsernameError::Chars));
        assert_eq!(Username::parse("张三abc"), Err(UsernameError::Chars));
    }

    #[test]
    fn passwords_need_length_and_variety() {
        assert!(NewPassword::parse("Anma-demo-2026").is_ok());
        assert_eq!(
            NewPassword::parse("Short1!").err(),
            Some(PasswordError::Length)
        );
        assert_eq!(
            NewPassword::parse("alllowercaseletters").err(),
            Some(PasswordError::TooSimple)
        );
        assert!(NewPassword::parse("lowercase-and-digits-123").is_ok());
    }

    #[test]
    fn a_password_never_shows_in_debug_output() {
        let p = NewPassword::parse("Secret-Value-99").unwrap();
        assert!(!format!("{p:?}").contains("Secret"));
    }

    #[test]
    fn roles_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
    }
}

/// A signed checkpoint of the audit chain: its head at a time. The signature (Ed25519,
/// base32) covers [`AuditCheckpoint::signed_bytes`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditCheckpoint {
    pub seq: i64,
    /// The hash of entry `seq`.
    pub hash: String,
    pub at: Timestamp,
    pub key_id: String,
    pub signature: String,
}

impl AuditCheckpoint {
    /// What is signed: the context, sequence number, hash and time, each as its length
    /// in bytes (4, big-endian) followed by its UTF-8 bytes.
    pub fn signed_bytes(seq: i64, hash: &str, at: &str) -> Vec<u8> {
        let mut out = Vec::new();
        for part in ["anma.audit.checkpoint.v1", &seq.to_string(), hash, at] {
            out.extend_from_slice(&(part.len() as u32).to_be_bytes());
            out.extend_from_slice(part.as_bytes());
        }
        out
    }
}

/// What a sign-in lock holds back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInLockKind {
    /// One account from one address (5 failures).
    AccountFromAddress,
    /// One address, whatever the account (20 failures).
    Address,
    /// One account from addresses that never signed in to it: slowed down, while the
    /// owner's known addresses still get in.
    AccountFromStrangers,
}

text_codes!(SignInLockKind {
    AccountFromAddress => "account_from_address",
    Address => "address",
    AccountFromStrangers => "account_from_strangers",
});

/// A sign-in lock in force, as administrators see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignInLock {
    /// What lifting it names.
    pub key: String,
    pub kind: SignInLockKind,
    pub account: Option<String>,
    /// An IPv4 address or an IPv6 /64.
    pub address: Option<String>,
    pub locked_until: Timestamp,
    pub failures: i64,
}

/// Lifting a sign-in lock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LiftLockRequest {
    pub key: String,
}
