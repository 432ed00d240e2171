//! Workspace users.

use app::model::{Role, UserAccount, Username};
use sqlx::{AnyConnection, Row, any::AnyRow};

use super::Db;
use crate::Result;

/// What sign-in needs of a user.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub id: i64,
    pub password_hash: String,
    pub active: bool,
}

const ACCOUNT: &str = "SELECT u.id, u.username, u.display_name, u.role, u.department_id, \
    d.name AS department_name, u.active, u.must_change_password, u.created_at \
    FROM users u JOIN departments d ON d.id = u.department_id";

fn role_of(row: &AnyRow) -> Result<Role> {
    let role: String = row.try_get("role")?;
    Role::parse(&role)
        .ok_or_else(|| anyhow::anyhow!("users row holds an unknown role {role}").into())
}

fn account_from_row(row: &AnyRow) -> Result<UserAccount> {
    Ok(UserAccount {
        id: row.try_get("id")?,
        username: row.try_get("username")?,
        display_name: row.try_get("display_name")?,
        role: role_of(row)?,
        department_id: row.try_get("department_id")?,
        department_name: row.try_get("department_name")?,
        active: row.try_get::<i64, _>("active")? == 1,
        must_change_password: row.try_get::<i64, _>("must_change_password")? == 1,
        created_at: row.try_get("created_at")?,
    })
}

pub async fn credentials(db: &Db, username: &str) -> Result<Option<Credentials>> {
    let row = sqlx::query("SELECT id, password_hash, active FROM users WHERE username = $1")
        .bind(username)
        .fetch_optional(db.pool())
        .await?;
    row.map(|row| {
        Ok(Credentials {
            id: row.try_get("id")?,
            password_hash: row.try_get("password_hash")?,
            active: row.try_get::<i64, _>("active")? == 1,
        })
    })
    .transpose()
}

pub async fn password_hash(conn: &mut AnyConnection, id: i64) -> Result<Option<String>> {
    Ok(
        sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?,
    )
}

pub async fn find(conn: &mut AnyConnection, id: i64) -> Result<Option<UserAccount>> {
    let row = sqlx::query(&format!("{ACCOUNT} WHERE u.id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(account_from_row).transpose()
}

/// Accounts, optionally of one department, ordered by department then username.
pub async fn list(db: &Db, department_id: Option<i64>) -> Result<Vec<UserAccount>> {
    let rows = sqlx::query(&format!(
        "{ACCOUNT} WHERE ($1 IS NULL OR u.department_id = $1) ORDER BY d.name, u.username"
    ))
    .bind(department_id)
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(account_from_row).collect()
}

/// A user to insert; `password_hash` is already an Argon2id PHC string.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: Username,
    pub display_name: String,
    pub department_id: i64,
    pub role: Role,
    pub password_hash: String,
    pub must_change_password: bool,
}

pub async fn insert(tx: &mut super::Tx, new: &NewUser) -> Result<i64> {
    let clock = tx.clock().clone();
    let conn: &mut AnyConnection = tx;
    let now = clock.now();
    let id = sqlx::query_scalar(
        "INSERT INTO users (username, display_name, password_hash, department_id, role, active, \
         must_change_password, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 1, $6, $7, $7) \
         RETURNING id",
    )
    .bind(new.username.as_str())
    .bind(&new.display_name)
    .bind(&new.password_hash)
    .bind(new.department_id)
    .bind(new.role.as_str())
    .bind(i64::from(new.must_change_password))
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

pub async fn set_password(
    tx: &mut super::Tx,
    id: i64,
    hash: &str,
    must_change: bool,
) -> Result<()> {
    let clock = tx.clock().clone();
    let conn: &mut AnyConnection = tx;
    sqlx::query("UPDATE users SET password_hash = $1, must_change_password = $2, updated_at = $3 WHERE id = $4")
        .bind(hash)
        .bind(i64::from(must_change))
        .bind(clock.now())
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn set_active(tx: &mut super::Tx, id: i64, active: bool) -> Result<()> {
    let clock = tx.clock().clone();
    let conn: &mut AnyConnection = tx;
    sqlx::query("UPDATE users SET active = $1, updated_at = $2 WHERE id = $3")
        .bind(i64::from(active))
        .bind(clock.now())
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn exists_by_username(db: &Db, username: &Username) -> Result<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE username = $1")
        .bind(username.as_str())
        .fetch_one(db.pool())
        .await?;
    Ok(n > 0)
}

pub async fn id_by_username(conn: &mut AnyConnection, username: &Username) -> Result<Option<i64>> {
    Ok(
        sqlx::query_scalar("SELECT id FROM users WHERE username = $1")
            .bind(username.as_str())
            .fetch_optional(&mut *conn)
            .await?,
    )
}
