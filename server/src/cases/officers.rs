//! The officer registry: registering and updating a department's officers.

use serde_json::json;

use app::model::{Msg, Officer, OfficerInput};

use crate::{
    AppError, Result,
    db::{
        self, Db,
        audit::{self, Actor, digest_json},
    },
};

fn validated(input: &OfficerInput) -> Result<OfficerInput> {
    input
        .validate()
        .map_err(|(field, message)| AppError::validation(field, message))
}

/// Registers an officer in the department.
pub async fn add(
    db: &Db,
    actor: &Actor,
    department_id: i64,
    input: &OfficerInput,
) -> Result<Officer> {
    let input = validated(input)?;
    db::departments::find(db, department_id)
        .await?
        .ok_or_else(|| AppError::not_found(Msg::NoDepartment))?;
    let mut tx = db.begin().await?;
    let id = db::officers::insert(&mut tx, department_id, &input).await?;
    let officer = db::officers::find(&mut tx, department_id, id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("officer {id} vanished"))?;
    audit::append(&mut tx, actor, audit::Event {
        action: "officer.add",
        entity: "officer",
        entity_id: id.to_string(),
        before: None,
        after: Some(digest_json(&officer)),
        detail: json!({ "department_id": department_id, "certificate_number": officer.certificate_number }),
    })
    .await?;
    tx.commit().await?;
    Ok(officer)
}

/// Updates an officer (name, certificate, field, period, status).
pub async fn update(
    db: &Db,
    actor: &Actor,
    department_id: i64,
    id: i64,
    input: &OfficerInput,
) -> Result<Officer> {
    let input = validated(input)?;
    let mut tx = db.begin().await?;
    let not_found = || AppError::not_found(Msg::NoOfficer);
    let before = db::officers::find(&mut tx, department_id, id)
        .await?
        .ok_or_else(not_found)?;
    if !db::officers::update(&mut tx, department_id, id, &input).await? {
        return Err(not_found());
    }
    let after = db::officers::find(&mut tx, department_id, id)
        .await?
        .ok_or_else(not_found)?;
    audit::append(
        &mut tx,
        actor,
        audit::Event {
            action: "officer.update",
            entity: "officer",
            entity_id: id.to_string(),
            before: Some(digest_json(&before)),
            after: Some(digest_json(&after)),
            detail: json!({
                "department_id": department_id,
                "certificate_number": after.certificate_number,
                "status": after.status,
            }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}
