//! Creating accounts: the one path, with one set of rules, for the workspace
//! (`POST /workspace/users`) and the command line (`anma user add`).

use serde_json::json;

use app::model::{Msg, NewUserRequest, UserAccount};

use crate::{
    AppError, Result,
    auth::password,
    db::{
        self, Db,
        audit::{self, Actor, digest_json},
    },
};

/// The longest display name.
pub const MAX_DISPLAY_NAME: usize = 50;

/// Who is to choose the account's password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FirstPassword {
    /// An admin set a temporary password: the user must change it at first sign-in.
    Temporary,
    /// The operator set up their own account on the command line.
    Own,
}

/// Creates the account `req` describes, audited under `actor`.
pub async fn create(
    db: &Db,
    actor: &Actor,
    req: NewUserRequest,
    first: FirstPassword,
) -> Result<UserAccount> {
    let display_name = req.display_name.trim().to_owned();
    if display_name.is_empty() || display_name.chars().count() > MAX_DISPLAY_NAME {
        return Err(AppError::validation(
            "display_name",
            Msg::LengthBetween {
                min: 1,
                max: MAX_DISPLAY_NAME,
            },
        ));
    }
    if db::departments::find(db, req.department_id)
        .await?
        .is_none()
    {
        return Err(AppError::validation("department_id", Msg::NoDepartment));
    }
    if db::users::exists_by_username(db, &req.username).await? {
        return Err(AppError::conflict("username", Msg::UsernameTaken));
    }
    let password_hash = password::hash(req.password.expose().to_owned()).await?;
    let mut tx = db.begin().await?;
    let id = db::users::insert(
        &mut tx,
        &db::users::NewUser {
            username: req.username,
            display_name,
            department_id: req.department_id,
            role: req.role,
            password_hash,
            must_change_password: first == FirstPassword::Temporary,
        },
    )
    .await?;
    let account = db::users::find(&mut tx, id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("user {id} vanished"))?;
    audit::append(&mut tx, actor, audit::Event {
        action: "user.create",
        entity: "user",
        entity_id: id.to_string(),
        before: None,
        after: Some(digest_json(&account)),
        detail: json!({ "username": account.username, "role": account.role, "department_id": account.department_id }),
    })
    .await?;
    tx.commit().await?;
    Ok(account)
}
