//! Sign-in, sign-out, the current session and changing one's own password.

use std::net::SocketAddr;

use axum::{
    extract::{ConnectInfo, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde_json::json;

use app::model::{ChangePasswordRequest, CurrentUser, LoginRequest, SessionInfo};
use app::model::{ErrorCode, Msg, Timestamp};

use super::extract::Json;
use super::table::Route;
use crate::{
    AppError, Result,
    auth::{AuthContext, password, session, throttle},
    db::{self, audit},
    state::AppState,
};

/// Signing in, and the signed-in user's own session and password.
pub fn routes() -> Vec<Route> {
    vec![
        Route::post("/auth/login", login).answers::<SessionInfo>(),
        Route::get("/auth/session", current).own_account(),
        Route::post("/auth/logout", logout)
            .no_content()
            .own_account(),
        Route::post("/auth/password", change_password)
            .no_content()
            .own_account(),
    ]
}

fn invalid_credentials() -> AppError {
    AppError::Unauthorized {
        code: ErrorCode::InvalidCredentials,
        msg: Msg::InvalidCredentials,
    }
}

fn info(
    state: &AppState,
    user: CurrentUser,
    csrf_token: String,
    expires_at: Timestamp,
) -> SessionInfo {
    SessionInfo {
        user,
        csrf_token,
        expires_at,
        idle_timeout_minutes: (state.sessions.session_idle.as_secs() / 60) as i64,
    }
}

/// Checks the password (same work and the same answer for an unknown user, a disabled
/// one and a wrong password), enforces the sign-in limits, and opens a session.
async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Json(req): Json<LoginRequest>,
) -> Result<Response> {
    let username = req.username.trim().to_lowercase();
    if username.is_empty() || req.password.is_empty() {
        return Err(AppError::validation(
            if username.is_empty() {
                "username"
            } else {
                "password"
            },
            Msg::Required,
        ));
    }
    if username.len() > 64 || req.password.len() > 1024 {
        return Err(invalid_credentials());
    }
    let ip = crate::auth::client::client_ip(&headers, Some(peer), &state.network.trusted_proxies);
    let known = throttle::is_known(&state.db, &username, ip).await?;
    throttle::check(&state.db, &username, ip, known).await?;
    let attempt = throttle::reserve(&state.db, &username, ip, known).await?;

    let creds = db::users::credentials(&state.db, &username).await?;
    let stored = creds.as_ref().map(|c| c.password_hash.clone());
    let password_ok = password::verify(req.password, stored).await?;
    let account_id = creds.as_ref().map(|c| c.id);
    let Some(creds) = creds.filter(|c| password_ok && c.active) else {
        let locks = throttle::failed(&state.db, attempt).await?;
        if let Some(lock) = locks.last() {
            // The audit names the address and, when it exists, the account's id — never
            // a username a stranger typed.
            let mut tx = state.db.begin().await?;
            let actor = audit::Actor {
                user_id: None,
                username: "sign-in".into(),
                department_id: None,
            };
            audit::append(
                &mut tx,
                &actor,
                audit::Event {
                    action: "auth.lockout",
                    entity: "sign_in",
                    entity_id: crate::auth::client::address_key(ip),
                    before: None,
                    after: None,
                    detail: json!({
                        "address": crate::auth::client::address_key(ip),
                        "account_id": account_id,
                        "kind": lock.kind,
                        "locked_until": lock.until,
                    }),
                },
            )
            .await?;
            tx.commit().await?;
            return Err(throttle::locked_error(state.db.clock(), lock.until));
        }
        return Err(invalid_credentials());
    };
    throttle::succeeded(&state.db, &username, ip).await?;

    let token = session::new_token();
    let csrf = session::new_token();
    let expires_at = state
        .db
        .clock()
        .now_plus(state.sessions.session_max.as_secs() as i64);
    let mut tx = state.db.begin().await?;
    db::sessions::insert(
        &mut tx,
        &session::token_hash(&token),
        creds.id,
        &csrf,
        expires_at,
    )
    .await?;
    let account = db::users::find(&mut tx, creds.id)
        .await?
        .ok_or_else(invalid_credentials)?;
    let user: CurrentUser = account.into();
    let actor = audit::Actor {
        user_id: Some(user.id),
        username: user.username.clone(),
        department_id: Some(user.department_id),
    };
    audit::append(
        &mut tx,
        &actor,
        audit::Event {
            action: "auth.login",
            entity: "user",
            entity_id: user.id.to_string(),
            before: None,
            after: None,
            detail: json!({ "address": ip.to_string() }),
        },
    )
    .await?;
    tx.commit().await?;
    tracing::info!(user = %user.username, "signed in");
    let body = info(&state, user, csrf, expires_at);
    Ok((
        [(
            header::SET_COOKIE,
            session::set_cookie(&token, &state.sessions, state.network.https()),
        )],
        Json(body),
    )
        .into_response())
}

async fn current(State(state): State<AppState>, ctx: AuthContext) -> Json<SessionInfo> {
    Json(info(&state, ctx.user, ctx.csrf_token, ctx.expires_at))
}

async fn logout(State(state): State<AppState>, ctx: AuthContext) -> Result<Response> {
    let mut tx = state.db.begin().await?;
    audit::append(
        &mut tx,
        &ctx.actor(),
        audit::Event {
            action: "auth.logout",
            entity: "user",
            entity_id: ctx.user.id.to_string(),
            before: None,
            after: None,
            detail: json!({}),
        },
    )
    .await?;
    tx.commit().await?;
    db::sessions::delete(&state.db, &ctx.token_hash).await?;
    Ok((
        StatusCode::NO_CONTENT,
        [(
            header::SET_COOKIE,
            session::clear_cookie(state.network.https()),
        )],
    )
        .into_response())
}

/// Changes one's own password; other sessions of the user end.
async fn change_password(
    State(state): State<AppState>,
    ctx: AuthContext,
    Json(req): Json<ChangePasswordRequest>,
) -> Result<Response> {
    let mut conn = state.db.pool().acquire().await?;
    let stored = db::users::password_hash(&mut conn, ctx.user.id).await?;
    drop(conn);
    if !password::verify(req.current_password, stored).await? {
        return Err(AppError::validation(
            "current_password",
            Msg::CurrentPasswordWrong,
        ));
    }
    if req
        .new_password
        .expose()
        .to_lowercase()
        .contains(&ctx.user.username)
    {
        return Err(AppError::validation(
            "new_password",
            Msg::PasswordHasUsername,
        ));
    }
    let hash = password::hash(req.new_password.expose().to_owned()).await?;
    let mut tx = state.db.begin().await?;
    db::users::set_password(&mut tx, ctx.user.id, &hash, false).await?;
    // Every session of the user ends, this one too: it goes on under a new token and
    // CSRF token, so a token seen before the change is worth nothing after it.
    db::sessions::delete_for_user(&mut tx, ctx.user.id, None).await?;
    let token = session::new_token();
    db::sessions::insert(
        &mut tx,
        &session::token_hash(&token),
        ctx.user.id,
        &session::new_token(),
        ctx.expires_at,
    )
    .await?;
    audit::append(
        &mut tx,
        &ctx.actor(),
        audit::Event {
            action: "user.password_change",
            entity: "user",
            entity_id: ctx.user.id.to_string(),
            before: None,
            after: None,
            detail: json!({ "was_forced": ctx.user.must_change_password }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok((
        StatusCode::NO_CONTENT,
        [(
            header::SET_COOKIE,
            session::set_cookie(&token, &state.sessions, state.network.https()),
        )],
    )
        .into_response())
}
