//! Who may do what: every route that needs a session carries its [`Access`] in the route
//! table ([`crate::routes::table`]), and [`guard`] enforces it before a handler runs. A route missing from the list is
//! refused (deny by default), so authorization cannot be forgotten in a handler.

use app::model::Timestamp;
use std::sync::LazyLock;

use app::model::{ErrorCode, Msg};
use axum::{
    extract::{FromRequestParts, MatchedPath, RawPathParams, Request, State},
    http::{HeaderMap, Method, request::Parts},
    middleware::Next,
    response::Response,
};

use app::model::{CurrentUser, Role};

use super::session;
use crate::{
    AppError, Result,
    db::{self, audit::Actor},
    state::AppState,
};

/// Whether a route acts on one department (`{dept}` in its path) or province-wide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Admins and auditors reach every department; clerks and reviewers only their own.
    Department,
    /// No department in the path; the roles list alone decides.
    Province,
}

/// Who may call a route that needs a session.
#[derive(Debug, Clone, Copy)]
pub struct Access {
    pub roles: &'static [Role],
    pub scope: Scope,
    /// Reachable while the user must still change a reset password.
    pub during_password_change: bool,
    /// Also reachable with an API token holding one of these scopes (in its own
    /// department); empty: sessions only.
    pub tokens: &'static [app::model::TokenScope],
}

/// One session route's access rule, from the route table ([`crate::routes::table`]).
#[derive(Debug, Clone)]
pub struct Rule {
    pub method: Method,
    /// The route as axum matches it, e.g. `/api/v1/workspace/departments/{dept}/users`.
    pub path: String,
    pub access: Access,
}

/// Every route that needs a session, with who may use it: read from the route table.
pub fn rules() -> &'static [Rule] {
    static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
        crate::routes::table::table()
            .into_iter()
            .filter_map(|route| {
                Some(Rule {
                    path: route.full_path(),
                    method: route.method,
                    access: route.access?,
                })
            })
            .collect()
    });
    &RULES
}

/// The signed-in user of a request that passed [`guard`]; handlers take it as an
/// extractor.
#[derive(Debug, Clone)]
pub struct AuthContext {
    pub user: CurrentUser,
    pub token_hash: String,
    pub csrf_token: String,
    pub expires_at: Timestamp,
    /// The API token the request came with, instead of a session.
    pub token_id: Option<i64>,
}

impl AuthContext {
    /// The user as the audit log records them.
    pub fn actor(&self) -> Actor {
        Actor {
            user_id: self.token_id.is_none().then_some(self.user.id),
            username: self.user.username.clone(),
            department_id: Some(self.user.department_id),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for AuthContext {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self> {
        parts
            .extensions
            .get::<AuthContext>()
            .cloned()
            .ok_or_else(|| anyhow::anyhow!("AuthContext used on a route without the guard").into())
    }
}

fn unauthenticated() -> AppError {
    AppError::Unauthorized {
        code: ErrorCode::Unauthenticated,
        msg: Msg::SignInRequired,
    }
}

fn expired() -> AppError {
    AppError::Unauthorized {
        code: ErrorCode::SessionExpired,
        msg: Msg::SessionEnded,
    }
}

/// Loads and checks the session the request's cookie names, refreshing its idle timer.
pub async fn authenticate(state: &AppState, headers: &HeaderMap) -> Result<AuthContext> {
    let token = session::token_from(headers).ok_or_else(unauthenticated)?;
    let token_hash = session::token_hash(&token);
    let stored = db::sessions::find(&state.db, &token_hash)
        .await?
        .ok_or_else(unauthenticated)?;
    let config = &state.sessions;
    let now = state.db.clock().now();
    let idle_cutoff = state
        .db
        .clock()
        .now_plus(-(config.session_idle.as_secs() as i64));
    if stored.expires_at <= now || stored.last_seen_at < idle_cutoff {
        db::sessions::delete(&state.db, &token_hash).await?;
        return Err(expired());
    }
    let mut conn = state.db.pool().acquire().await?;
    let account = db::users::find(&mut conn, stored.user_id).await?;
    drop(conn);
    let Some(account) = account.filter(|a| a.active) else {
        db::sessions::delete(&state.db, &token_hash).await?;
        return Err(expired());
    };
    // Refresh the idle timer at most every few seconds, not on every request.
    let refresh_after = (config.session_idle.as_secs() as i64 / 4).clamp(1, 60);
    if stored.last_seen_at < state.db.clock().now_plus(-refresh_after) {
        db::sessions::touch(&state.db, &token_hash).await?;
    }
    Ok(AuthContext {
        user: account.into(),
        token_hash,
        csrf_token: stored.csrf_token,
        expires_at: stored.expires_at,
        token_id: None,
    })
}

/// Constant-time equality for secrets.
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Every state-changing request with a session must echo the session's CSRF token in
/// `X-CSRF-Token`; a cross-site page cannot read it.
fn check_csrf(ctx: &AuthContext, headers: &HeaderMap) -> Result<()> {
    let sent = headers
        .get("x-csrf-token")
        .map(|v| v.as_bytes())
        .unwrap_or_default();
    if same_secret(sent, ctx.csrf_token.as_bytes()) {
        Ok(())
    } else {
        Err(AppError::Forbidden {
            code: ErrorCode::CsrfFailed,
            msg: Msg::CsrfMissing,
        })
    }
}

/// Whether `role` acting on department `dept` satisfies `access`, for a user of
/// `own_dept`. Pure, so the table can be tested exhaustively.
pub fn allows(access: &Access, role: Role, own_dept: i64, dept: Option<i64>) -> bool {
    if !access.roles.contains(&role) {
        return false;
    }
    match access.scope {
        Scope::Province => true,
        Scope::Department => match role {
            Role::Admin | Role::Auditor => true,
            Role::Clerk | Role::Reviewer => dept == Some(own_dept),
        },
    }
}

/// The middleware on every session route: session (401), CSRF (403), the rule for the
/// matched route (403), then the handler with [`AuthContext`].
pub async fn guard(
    State(state): State<AppState>,
    matched: Option<MatchedPath>,
    params: std::result::Result<RawPathParams, axum::extract::rejection::RawPathParamsRejection>,
    mut req: Request,
    next: Next,
) -> Result<Response> {
    let method = req.method().clone();
    let path = matched
        .as_ref()
        .map(MatchedPath::as_str)
        .unwrap_or_default();
    let rule = &rules()
        .iter()
        .find(|r| r.method == method && r.path == path)
        .ok_or_else(|| AppError::forbidden(Msg::NoRule))?
        .access;
    let dept_of = || -> Result<Option<i64>> {
        Ok(match &params {
            Ok(params) => match params.iter().find(|(k, _)| *k == "dept") {
                Some((_, v)) => Some(
                    v.parse::<i64>()
                        .map_err(|_| AppError::validation("dept", Msg::NotANumber))?,
                ),
                None => None,
            },
            Err(_) => None,
        })
    };
    // A system's API token: no session and no CSRF token (a browser never sends one by
    // itself), only the routes its scopes name, only its own department.
    if let Some(secret) = super::tokens::bearer_from(req.headers()) {
        let token = super::tokens::authenticate(&state.db, &secret).await?;
        if !rule.tokens.iter().any(|s| token.scopes.contains(s)) {
            return Err(AppError::forbidden(Msg::TokenScopeMissing));
        }
        if dept_of()? != Some(token.department_id) {
            return Err(AppError::forbidden(Msg::OwnDepartmentOnly));
        }
        req.extensions_mut().insert(AuthContext {
            user: super::tokens::user_of(&token),
            token_hash: String::new(),
            csrf_token: String::new(),
            expires_at: Timestamp::from_micros(i64::MAX),
            token_id: Some(token.id),
        });
        return Ok(next.run(req).await);
    }
    let ctx = authenticate(&state, req.headers()).await?;
    if !(method == Method::GET || method == Method::HEAD) {
        check_csrf(&ctx, req.headers())?;
    }
    if ctx.user.must_change_password && !rule.during_password_change {
        return Err(AppError::Forbidden {
            code: ErrorCode::PasswordChangeRequired,
            msg: Msg::PasswordChangeRequired,
        });
    }
    let dept = dept_of()?;
    if !allows(rule, ctx.user.role, ctx.user.department_id, dept) {
        return Err(AppError::forbidden(match rule.scope {
            Scope::Department if rule.roles.contains(&ctx.user.role) => Msg::OwnDepartmentOnly,
            _ => Msg::RoleNotAllowed,
        }));
    }
    req.extensions_mut().insert(ctx);
    Ok(next.run(req).await)
}

/// On every API request that changes state: refuse cross-site requests outright
/// (`Sec-Fetch-Site: cross-site`, or an `Origin` naming another host). Sessions add the
/// CSRF token check on top.
pub async fn same_origin_writes(req: Request, next: Next) -> Result<Response> {
    let method = req.method();
    if !(method == Method::GET || method == Method::HEAD || method == Method::OPTIONS) {
        let headers = req.headers();
        let cross_site = headers
            .get("sec-fetch-site")
            .is_some_and(|v| v == "cross-site");
        let host = headers
            .get(axum::http::header::HOST)
            .and_then(|v| v.to_str().ok());
        let foreign_origin = headers
            .get(axum::http::header::ORIGIN)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|origin| {
                let origin_host = origin.split_once("://").map_or(origin, |(_, h)| h);
                Some(origin_host) != host
            });
        if cross_site || foreign_origin {
            return Err(AppError::Forbidden {
                code: ErrorCode::CsrfFailed,
                msg: Msg::CrossSite,
            });
        }
    }
    Ok(next.run(req).await)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clerks_and_reviewers_stay_in_their_department() {
        let rule = rules()
            .iter()
            .find(|r| r.access.scope == Scope::Department)
            .unwrap();
        for role in [Role::Clerk, Role::Reviewer] {
            assert!(allows(&rule.access, role, 7, Some(7)));
            assert!(!allows(&rule.access, role, 7, Some(8)));
        }
        assert!(allows(&rule.access, Role::Admin, 7, Some(8)));
        assert!(allows(&rule.access, Role::Auditor, 7, Some(8)));
    }
}
