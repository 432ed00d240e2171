//! API tokens for departments' case-handling systems. A token is bound to one
//! department, holds scopes and an expiry, and is stored only as its SHA-256: the secret
//! is shown once, at creation. A request with `Authorization: Bearer <token>` needs no
//! session and no CSRF token (a browser never sends it by itself); [`super::policy::guard`]
//! lets it reach only the routes its scopes name, in its own department.

use app::model::{
    ApiToken, CreatedToken, CurrentUser, Msg, NewToken, Role, TOKEN_PREFIX, TokenScope,
    WebhookInput, WebhookSet,
};
use axum::http::{HeaderMap, header};
use rand_core::{OsRng, RngCore};
use serde_json::json;

use crate::{
    AppError, Result,
    db::{
        self, Db,
        audit::{self, Actor, sha256_hex},
    },
    net::WebhookReach,
};

/// A new secret: the prefix and 32 random bytes as hex.
fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{TOKEN_PREFIX}{hex}")
}

/// What the database keeps of a token.
pub fn token_hash(secret: &str) -> String {
    sha256_hex(secret.as_bytes())
}

/// The bearer token of a request, if it sends one of Anma's.
pub fn bearer_from(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer")
        && token.len() == TOKEN_PREFIX.len() + 64
        && token.starts_with(TOKEN_PREFIX)
        && token[TOKEN_PREFIX.len()..]
            .bytes()
            .all(|b| b.is_ascii_hexdigit()))
    .then(|| token.to_owned())
}

/// The system behind a token, as requests and the audit log see it.
#[derive(Debug, Clone)]
pub struct TokenHolder {
    pub id: i64,
    pub scopes: Vec<TokenScope>,
}

/// Who a token acts as: the department's system, named `token:<name>`, with a clerk's
/// reach within its scopes.
pub fn user_of(token: &ApiToken) -> CurrentUser {
    CurrentUser {
        id: 0,
        username: format!("token:{}", token.name),
        display_name: token.name.clone(),
        role: Role::Clerk,
        department_id: token.department_id,
        department_name: token.department_name.clone(),
        must_change_password: false,
    }
}

fn refused() -> AppError {
    AppError::Unauthorized {
        code: app::model::ErrorCode::Unauthenticated,
        msg: Msg::TokenInvalid,
    }
}

/// The live token a request's bearer secret names: not revoked, not past its last day.
pub async fn authenticate(db: &Db, secret: &str) -> Result<ApiToken> {
    let token = db::tokens::find_by_hash(db, &token_hash(secret))
        .await?
        .ok_or_else(refused)?;
    if token.revoked_at.is_some() || token.expires_on < db.clock().today() {
        return Err(refused());
    }
    // The last use is kept to the minute: a busy system does not write on every call.
    let now = db.clock().now();
    if token.last_used_at.is_none_or(|at| at < now.plus_secs(-60)) {
        db::tokens::touch(db, token.id, now).await?;
    }
    Ok(token)
}

/// Creates a token for the department; the answer holds the secret, this once.
pub async fn create(
    db: &Db,
    actor: &Actor,
    department_id: i64,
    input: &NewToken,
) -> Result<CreatedToken> {
    let (name, scopes) = input
        .validate(db.clock().today())
        .map_err(|(field, msg)| AppError::validation(field, msg))?;
    db::departments::find(db, department_id)
        .await?
        .ok_or_else(|| AppError::not_found(Msg::NoDepartment))?;
    let secret = new_secret();
    let mut tx = db.begin().await?;
    let id = db::tokens::insert(
        &mut tx,
        department_id,
        &name,
        &token_hash(&secret),
        &scopes,
        input.expires_on,
        &actor.username,
    )
    .await?;
    let token = db::tokens::find(&mut tx, Some(department_id), id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("token {id} vanished"))?;
    audit::append(
        &mut tx,
        actor,
        audit::Event {
            action: "token.create",
            entity: "api_token",
            entity_id: id.to_string(),
            before: None,
            after: None,
            detail: json!({
                "department_id": department_id,
                "name": name,
                "scopes": scopes.iter().map(TokenScope::as_str).collect::<Vec<_>>(),
                "expires_on": input.expires_on,
            }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(CreatedToken { token, secret })
}

/// Revokes a token (of the department, when given); it stops working at once.
pub async fn revoke(
    db: &Db,
    actor: &Actor,
    department_id: Option<i64>,
    id: i64,
) -> Result<ApiToken> {
    let mut tx = db.begin().await?;
    let token = db::tokens::find(&mut tx, department_id, id)
        .await?
        .ok_or_else(|| AppError::not_found(Msg::NoToken))?;
    if !db::tokens::revoke(&mut tx, id).await? {
        return Err(AppError::conflict("id", Msg::TokenRevoked));
    }
    audit::append(
        &mut tx,
        actor,
        audit::Event {
            action: "token.revoke",
            entity: "api_token",
            entity_id: id.to_string(),
            before: None,
            after: None,
            detail: json!({ "department_id": token.department_id, "name": token.name }),
        },
    )
    .await?;
    let after = db::tokens::find(&mut tx, None, id)
        .await?
        .ok_or_else(|| AppError::not_found(Msg::NoToken))?;
    tx.commit().await?;
    Ok(after)
}

/// Sets or removes the webhook of a live token (of the department, when given): its
/// department's decision events are then pushed there, signed with a new secret that the
/// answer shows this once. A URL whose host is an address `reach` refuses is refused.
pub async fn set_webhook(
    db: &Db,
    reach: &WebhookReach,
    actor: &Actor,
    department_id: Option<i64>,
    id: i64,
    input: &WebhookInput,
) -> Result<WebhookSet> {
    let url = input
        .validate()
        .map_err(|msg| AppError::validation("url", msg))?;
    if let Some(url) = &url {
        reach
            .check_url(url)
            .map_err(|_| AppError::validation("url", Msg::WebhookPrivate))?;
    }
    let mut tx = db.begin().await?;
    let token = db::tokens::find(&mut tx, department_id, id)
        .await?
        .ok_or_else(|| AppError::not_found(Msg::NoToken))?;
    if token.revoked_at.is_some() {
        return Err(AppError::conflict("id", Msg::TokenRevoked));
    }
    if url.is_some() && !db::events::reads_events(&token.scopes) {
        return Err(AppError::validation("url", Msg::WebhookNeedsReadScope));
    }
    let secret = url.as_ref().map(|_| {
        let mut bytes = [0u8; 32];
        OsRng.fill_bytes(&mut bytes);
        bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
    });
    db::events::set_webhook(&mut tx, id, url.as_deref(), secret.as_deref()).await?;
    audit::append(
        &mut tx,
        actor,
        audit::Event {
            action: "token.webhook",
            entity: "api_token",
            entity_id: id.to_string(),
            before: None,
            after: None,
            detail: json!({ "department_id": token.department_id, "name": token.name, "url": url }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(WebhookSet { url, secret })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_well_formed_bearer_tokens_are_read() {
        let secret = new_secret();
        let mut headers = HeaderMap::new();
        headers.insert(
            header::AUTHORIZATION,
            format!("Bearer {secret}").parse().unwrap(),
        );
        assert_eq!(bearer_from(&headers), Some(secret.clone()));
        headers.insert(
            header::AUTHORIZATION,
            format!("bearer  {secret}").parse().unwrap(),
        );
        assert_eq!(bearer_from(&headers), Some(secret.clone()));
        for bad in [
            format!("Basic {secret}"),
            "Bearer anma_xyz".into(),
            format!("Bearer {}", &secret[5..]),
        ] {
            headers.insert(header::AUTHORIZATION, bad.parse().unwrap());
            assert_eq!(bearer_from(&headers), None, "{bad}");
        }
        assert_ne!(new_secret(), secret);
        assert_eq!(token_hash(&secret).len(), 64);
    }
}
