//! Workspace accounts: admins create, disable, enable and reset them; everyone sees
//! their own department's colleagues.

use axum::{
    extract::{Path, State},
    http::StatusCode,
};
use serde::Deserialize;
use serde_json::json;

use app::model::{
    LiftLockRequest, ListResponse, Msg, NewUserRequest, ResetPasswordRequest, SignInLock,
    UserAccount,
};

use super::extract::{Json, Query};
use super::openapi::Id;
use super::table::{ADMIN, EVERYONE, OVERSIGHT, Route};
use crate::auth::policy::Scope;
use crate::{
    AppError, Result,
    auth::{
        AuthContext,
        accounts::{self, FirstPassword},
        password, throttle,
    },
    db::{
        self,
        audit::{self, digest_json},
    },
    state::AppState,
};

/// Accounts and sign-in locks: admins manage them, oversight reads them; anyone of a
/// department sees its colleagues.
pub fn routes() -> Vec<Route> {
    const P: Scope = Scope::Province;
    vec![
        Route::get("/workspace/users", list).allow(OVERSIGHT, P),
        Route::post("/workspace/users", create).allow(ADMIN, P),
        Route::post("/workspace/users/{id}/disable", disable)
            .param::<Id>("id")
            .allow(ADMIN, P),
        Route::post("/workspace/users/{id}/enable", enable)
            .param::<Id>("id")
            .allow(ADMIN, P),
        Route::post("/workspace/users/{id}/reset-password", reset_password)
            .param::<Id>("id")
            .allow(ADMIN, P),
        Route::get("/workspace/departments/{dept}/users", department_users)
            .allow(EVERYONE, Scope::Department),
        Route::get("/workspace/sign-in-locks", sign_in_locks).allow(OVERSIGHT, P),
        Route::post("/workspace/sign-in-locks/lift", lift_lock)
            .may_answer(&[404])
            .allow(ADMIN, P),
    ]
}

/// Sign-in locks in force (admins, auditors).
async fn sign_in_locks(State(state): State<AppState>) -> Result<Json<ListResponse<SignInLock>>> {
    let items = throttle::locks(&state.db).await?;
    let total = items.len() as i64;
    Ok(Json(ListResponse { items, total }))
}

/// Lifts a sign-in lock (admins; audited).
async fn lift_lock(
    State(state): State<AppState>,
    ctx: AuthContext,
    Json(req): Json<LiftLockRequest>,
) -> Result<StatusCode> {
    let mut tx = state.db.begin().await?;
    if !db::throttle::lift(&mut tx, &req.key).await? {
        return Err(AppError::not_found(Msg::NoSignInLock));
    }
    let (kind, account, address) = throttle::describe(&req.key);
    audit::append(
        &mut tx,
        &ctx.actor(),
        audit::Event {
            action: "auth.unlock",
            entity: "sign_in",
            entity_id: address.clone().unwrap_or_default(),
            before: None,
            after: None,
            detail: json!({ "kind": kind, "account": account, "address": address }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct ListQuery {
    #[param(schema_with = app::model::schema::query::id)]
    department: Option<i64>,
}

fn list_response(items: Vec<UserAccount>) -> Json<ListResponse<UserAccount>> {
    let total = items.len() as i64;
    Json(ListResponse { items, total })
}

async fn list(
    State(state): State<AppState>,
    Query(q): Query<ListQuery>,
) -> Result<Json<ListResponse<UserAccount>>> {
    Ok(list_response(
        db::users::list(&state.db, q.department).await?,
    ))
}

async fn department_users(
    State(state): State<AppState>,
    Path(dept): Path<i64>,
) -> Result<Json<ListResponse<UserAccount>>> {
    Ok(list_response(db::users::list(&state.db, Some(dept)).await?))
}

fn parse_id(id: &str) -> Result<i64> {
    id.parse()
        .map_err(|_| AppError::validation("id", Msg::NotANumber))
}

async fn create(
    State(state): State<AppState>,
    ctx: AuthContext,
    Json(req): Json<NewUserRequest>,
) -> Result<(StatusCode, Json<UserAccount>)> {
    let account = accounts::create(&state.db, &ctx.actor(), req, FirstPassword::Temporary).await?;
    Ok((StatusCode::CREATED, Json(account)))
}

/// Changes one account in one transaction and records it: `change` writes; the audit
/// entry names `action` with the account before and after.
async fn change_account(
    state: &AppState,
    ctx: &AuthContext,
    id: i64,
    action: &str,
    change: impl AsyncFnOnce(&mut db::Tx) -> Result<()>,
) -> Result<Json<UserAccount>> {
    let mut tx = state.db.begin().await?;
    let before = db::users::find(&mut tx, id)
        .await?
        .ok_or_else(|| AppError::not_found(Msg::NoUser))?;
    change(&mut tx).await?;
    let after = db::users::find(&mut tx, id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("user {id} vanished"))?;
    audit::append(
        &mut tx,
        &ctx.actor(),
        audit::Event {
            action,
            entity: "user",
            entity_id: id.to_string(),
            before: Some(digest_json(&before)),
            after: Some(digest_json(&after)),
            detail: json!({ "username": after.username }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Json(after))
}

async fn set_active(
    state: AppState,
    ctx: AuthContext,
    id: &str,
    active: bool,
) -> Result<Json<UserAccount>> {
    let id = parse_id(id)?;
    if id == ctx.user.id && !active {
        return Err(AppError::validation("id", Msg::DisableSelf));
    }
    let action = if active {
        "user.enable"
    } else {
        "user.disable"
    };
    change_account(&state, &ctx, id, action, async |tx| {
        db::users::set_active(tx, id, active).await?;
        if !active {
            db::sessions::delete_for_user(tx, id, None).await?;
        }
        Ok(())
    })
    .await
}

/// The handlers that disable and enable an account.
macro_rules! set_active_step {
    ($name:ident, $active:literal) => {
        async fn $name(
            State(state): State<AppState>,
            ctx: AuthContext,
            Path(id): Path<String>,
        ) -> Result<Json<UserAccount>> {
            set_active(state, ctx, &id, $active).await
        }
    };
}

set_active_step!(disable, false);
set_active_step!(enable, true);

/// Sets a temporary password the user must change at next sign-in; their sessions end.
async fn reset_password(
    State(state): State<AppState>,
    ctx: AuthContext,
    Path(id): Path<String>,
    Json(req): Json<ResetPasswordRequest>,
) -> Result<Json<UserAccount>> {
    let id = parse_id(&id)?;
    let hash = password::hash(req.new_password.expose().to_owned()).await?;
    change_account(&state, &ctx, id, "user.password_reset", async |tx| {
        db::users::set_password(tx, id, &hash, true).await?;
        db::sessions::delete_for_user(tx, id, None).await?;
        Ok(())
    })
    .await
}
