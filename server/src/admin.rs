//! What `anma user add` and `anma department add` do: the same validation and audit as
//! the workspace, for the operator setting up a deployment.

use anyhow::Context;
use serde_json::json;

use app::model::{
    Department, DepartmentKind, DepartmentLevel, NewPassword, NewUserRequest, RegionCode, Role,
    Uscc, UserAccount, Username,
};

use crate::{
    auth::accounts::{self, FirstPassword},
    db::{
        self, Db,
        audit::{self, Actor},
        departments::NewDepartment,
    },
};

/// The audit log's actor for command-line changes.
pub fn operator() -> Actor {
    let who = std::env::var("USER").unwrap_or_else(|_| "unknown".into());
    Actor {
        user_id: None,
        username: format!("cli:{who}"),
        department_id: None,
    }
}

/// A department named on the command line by its id or its credit code.
pub async fn department_id(db: &Db, department: &str) -> anyhow::Result<i64> {
    Ok(match department.parse::<i64>() {
        Ok(id) => id,
        Err(_) => {
            let uscc = Uscc::parse(department)
                .context("--department is neither an id nor a credit code")?;
            let mut conn = db.pool().acquire().await?;
            db::departments::find_by_uscc(&mut conn, &uscc)
                .await?
                .context("no department has this credit code")?
        }
    })
}

/// `anma user add`: the workspace's rules, through the same path.
pub async fn add_user(
    db: &Db,
    username: &str,
    display_name: &str,
    department: &str,
    role: Role,
    password: &str,
) -> anyhow::Result<UserAccount> {
    let department_id = department_id(db, department).await?;
    let req = NewUserRequest {
        username: Username::parse(username)?,
        display_name: display_name.to_owned(),
        department_id,
        role,
        password: NewPassword::parse(password)?,
    };
    Ok(accounts::create(db, &operator(), req, FirstPassword::Own).await?)
}

pub async fn add_department(
    db: &Db,
    name: &str,
    uscc: &str,
    region: &str,
    level: &str,
    kind: &str,
) -> anyhow::Result<Department> {
    let new = NewDepartment {
        name: name.trim().to_owned(),
        uscc: Uscc::parse(uscc)?,
        region_code: RegionCode::parse(region)?,
        level: DepartmentLevel::parse(level)
            .context("--level is province, city, county or township")?,
        kind: DepartmentKind::parse(kind).context("unknown --kind")?,
        parent_id: None,
    };
    anyhow::ensure!(!new.name.is_empty(), "the name is empty");
    anyhow::ensure!(
        db::regions::find(db, &new.region_code).await?.is_some(),
        "unknown region {}",
        new.region_code
    );
    let mut tx = db.begin().await?;
    let id = db::departments::insert(&mut tx, &new)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    audit::append(
        &mut tx,
        &operator(),
        audit::Event {
            action: "department.create",
            entity: "department",
            entity_id: id.to_string(),
            before: None,
            after: None,
            detail: json!({ "name": new.name, "uscc": new.uscc.as_str() }),
        },
    )
    .await?;
    tx.commit().await?;
    db::departments::find(db, id)
        .await?
        .context("the new department vanished")
}
