//! Spot-check plans (双随机): drafted by a department (or several jointly), approved by
//! its reviewer, which fixes the draw's inputs and publishes the commitment, then drawn,
//! which reveals the seed and issues each task its inspection code. An approved plan is
//! never changed, only cancelled with a public reason.

use std::collections::HashSet;

use app::model::{
    DrawInputRecord, Msg, PlanInput, PlanStatus, Targets,
    signature::{from_hex, to_hex},
    spot_check::{self, DrawError, DrawInput},
};
use rand_core::{OsRng, RngCore};
use serde_json::json;

use super::valid_throughout;
use crate::{
    AppError, Result,
    config::SpotCheckConfig,
    db::{
        self, Db, Tx,
        audit::{self, Actor},
        plans::PlanRow,
    },
    keys::KeyRing,
};

fn not_found() -> AppError {
    AppError::not_found(Msg::NoPlan)
}

fn stale() -> AppError {
    AppError::conflict("version", Msg::PlanStale)
}

/// Checks the officers of the pool: each of one of the plan's departments, with a
/// certificate valid for the whole period.
async fn check_pool(
    tx: &mut Tx,
    departments: &HashSet<i64>,
    officer_ids: &[i64],
    from: app::model::Date,
    until: app::model::Date,
) -> Result<()> {
    for (i, &id) in officer_ids.iter().enumerate() {
        let field = format!("inspector_ids[{i}]");
        let officer = db::officers::find_any(tx, id)
            .await?
            .filter(|o| departments.contains(&o.department_id))
            .ok_or_else(|| {
                AppError::validation(
                    &field,
                    Msg::PlanInspectorNotOwn {
                        name: id.to_string(),
                    },
                )
            })?;
        if !valid_throughout(&officer, from, until) {
            return Err(AppError::validation(
                field,
                Msg::PlanInspectorLapses {
                    name: officer.name,
                    certificate: officer.certificate_number,
                },
            ));
        }
    }
    Ok(())
}

/// Saves a draft plan of the department.
pub async fn create(
    db: &Db,
    actor: &Actor,
    department_id: i64,
    input: &PlanInput,
) -> Result<PlanRow> {
    let plan = input
        .validate(db.clock().today())
        .map_err(|(field, msg)| AppError::validation(field, msg))?;
    let mut tx = db.begin().await?;
    let mut departments = HashSet::from([department_id]);
    for (i, &partner) in plan.partner_department_ids.iter().enumerate() {
        let field = format!("partner_department_ids[{i}]");
        if partner == department_id {
            return Err(AppError::validation(field, Msg::PlanPartnerSelf));
        }
        db::departments::find(db, partner)
            .await?
            .ok_or_else(|| AppError::validation(&field, Msg::NoDepartment))?;
        departments.insert(partner);
    }
    super::inspection_items(&mut tx, department_id, &plan.claim_ids).await?;
    check_pool(
        &mut tx,
        &departments,
        &plan.inspector_ids,
        plan.starts_on,
        plan.ends_on,
    )
    .await?;
    let id = db::plans::insert(&mut tx, department_id, &plan, &actor.username).await?;
    let row = db::plans::find(&mut tx, id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("plan {id} vanished"))?;
    audit::append(
        &mut tx,
        actor,
        audit::Event {
            action: "plan.create",
            entity: "spot_check_plan",
            entity_id: id.to_string(),
            before: None,
            after: Some(audit::digest_json(&row.detail())),
            detail: json!({ "department_id": department_id, "title": row.title }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(row)
}

/// A plan the department leads (`lead`) or takes part in.
pub async fn find(db: &Db, department_id: i64, id: i64, lead: bool) -> Result<PlanRow> {
    let mut conn = db.pool().acquire().await?;
    db::plans::find(&mut conn, id)
        .await?
        .filter(|p| {
            if lead {
                p.department_id == department_id
            } else {
                p.departments.iter().any(|d| d.id == department_id)
            }
        })
        .ok_or_else(not_found)
}

async fn load_lead(tx: &mut Tx, department_id: i64, id: i64, version: i64) -> Result<PlanRow> {
    let plan = db::plans::find(tx, id)
        .await?
        .filter(|p| p.department_id == department_id)
        .ok_or_else(not_found)?;
    if plan.version != version {
        return Err(stale());
    }
    Ok(plan)
}

fn draw_error(e: DrawError) -> AppError {
    match e {
        DrawError::TooFewEntities { asked, eligible } => {
            AppError::validation("target_count", Msg::DrawTooFewEntities { asked, eligible })
        }
        DrawError::TooFewInspectors { entity } => {
            AppError::validation("inspector_ids", Msg::DrawTooFewInspectors { entity })
        }
    }
}

/// The draw's inputs as they stand: the plan's population less the entities at their
/// yearly limit and those its departments inspected recently, its pool, their conflicts.
async fn draw_input(tx: &mut Tx, plan: &PlanRow, rules: &SpotCheckConfig) -> Result<DrawInput> {
    let population = db::entities::population(
        tx,
        &plan.region_code,
        plan.industry.as_deref(),
        &plan.risk_grades,
    )
    .await?;
    let at_limit: HashSet<i64> =
        db::inspections::at_yearly_limit(tx, plan.starts_on.year(), rules.inspections_per_year)
            .await?
            .into_iter()
            .collect();
    let since = plan.starts_on.minus_months(rules.reinspection_months);
    let recent: HashSet<i64> = db::inspections::inspected_since(tx, plan.id, since)
        .await?
        .into_iter()
        .collect();
    let entities: Vec<String> = population
        .into_iter()
        .filter(|(id, _)| !at_limit.contains(id) && !recent.contains(id))
        .map(|(_, uscc)| uscc)
        .collect();
    if entities.is_empty() {
        return Err(AppError::validation("region_code", Msg::DrawNoEntities));
    }
    let targets = match (plan.target_count, plan.target_share) {
        (Some(n), _) => Targets::Count(n),
        (None, Some(p)) => Targets::Share(p),
        (None, None) => return Err(anyhow::anyhow!("plan {} has no targets", plan.id).into()),
    }
    .of(entities.len());
    let eligible: HashSet<&str> = entities.iter().map(String::as_str).collect();
    let conflicts = db::entities::plan_conflicts(tx, plan.id)
        .await?
        .into_iter()
        .filter(|(_, uscc)| eligible.contains(uscc.as_str()))
        .collect();
    let inspectors = plan
        .inspectors
        .iter()
        .map(|(_, i)| i.certificate_number.clone())
        .collect();
    Ok(DrawInput::new(
        plan.id, entities, targets, inspectors, conflicts,
    ))
}

/// Approves a draft: checks the pool again, fixes the inputs and a secret seed, and
/// publishes the commitment. Fails, changing nothing, when the draw could not be made:
/// too few entities, or an entity with fewer than two inspectors free of conflict.
pub async fn approve(
    db: &Db,
    actor: &Actor,
    rules: &SpotCheckConfig,
    department_id: i64,
    id: i64,
    version: i64,
) -> Result<PlanRow> {
    let mut tx = db.begin().await?;
    let plan = load_lead(&mut tx, department_id, id, version).await?;
    if plan.status != PlanStatus::Draft {
        return Err(AppError::conflict("status", Msg::PlanNotDraft));
    }
    let departments: HashSet<i64> = plan.departments.iter().map(|d| d.id).collect();
    let pool: Vec<i64> = plan.inspectors.iter().map(|(id, _)| *id).collect();
    check_pool(&mut tx, &departments, &pool, plan.starts_on, plan.ends_on).await?;
    let input = draw_input(&mut tx, &plan, rules).await?;
    if input.targets > input.entities.len() {
        return Err(draw_error(DrawError::TooFewEntities {
            asked: input.targets,
            eligible: input.entities.len(),
        }));
    }
    // Every entity that may be drawn has two inspectors free of conflict, so the draw
    // cannot fail whatever the seed.
    for entity in &input.entities {
        let free = input
            .inspectors
            .iter()
            .filter(|i| !input.conflicts.iter().any(|(c, e)| c == *i && e == entity))
            .count();
        if free < 2 {
            return Err(draw_error(DrawError::TooFewInspectors {
                entity: entity.clone(),
            }));
        }
    }
    let mut seed = [0u8; 32];
    OsRng.fill_bytes(&mut seed);
    let commitment = to_hex(&input.commitment(&seed));
    let record = DrawInputRecord::from(&input);
    if !db::plans::approve(
        &mut tx,
        id,
        version,
        &to_hex(&seed),
        &record,
        &commitment,
        &actor.username,
    )
    .await?
    {
        return Err(stale());
    }
    let row = db::plans::find(&mut tx, id).await?.ok_or_else(not_found)?;
    audit::append(
        &mut tx,
        actor,
        audit::Event {
            action: "plan.approve",
            entity: "spot_check_plan",
            entity_id: id.to_string(),
            before: Some(audit::digest_json(&plan.detail())),
            after: Some(audit::digest_json(&row.detail())),
            detail: json!({
                "department_id": department_id,
                "commitment": commitment,
                "entities": record.entities.len(),
                "targets": record.targets,
            }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(row)
}

/// Draws an approved plan: the tasks from the revealed seed and the fixed inputs, each
/// issued its inspection code in the same transaction.
pub async fn draw(
    db: &Db,
    keys: &KeyRing,
    actor: &Actor,
    department_id: i64,
    id: i64,
    version: i64,
) -> Result<PlanRow> {
    let lead = db::departments::find(db, department_id)
        .await?
        .ok_or_else(|| AppError::not_found(Msg::NoDepartment))?;
    let mut tx = db.begin().await?;
    let plan = load_lead(&mut tx, department_id, id, version).await?;
    if plan.status != PlanStatus::Approved {
        return Err(AppError::conflict("status", Msg::PlanNotApproved));
    }
    let (Some(record), Some(seed)) = (&plan.draw_input, &plan.seed) else {
        return Err(anyhow::anyhow!("approved plan {id} lacks its draw inputs").into());
    };
    let seed: [u8; 32] = from_hex(seed)
        .and_then(|s| s.try_into().ok())
        .ok_or_else(|| anyhow::anyhow!("plan {id} holds a malformed seed"))?;
    let tasks = spot_check::draw(&record.to_input(), &seed).map_err(draw_error)?;
    let department_ids: Vec<i64> = plan.departments.iter().map(|d| d.id).collect();
    for task in &tasks {
        let entity = db::entities::find_by_uscc(&mut tx, &task.entity)
            .await?
            .ok_or_else(|| anyhow::anyhow!("drawn entity {} left the registry", task.entity))?;
        let officers: Vec<(i64, app::model::Inspector)> = task
            .inspectors
            .iter()
            .map(|cert| {
                plan.inspectors
                    .iter()
                    .find(|(_, i)| &i.certificate_number == cert)
                    .cloned()
                    .ok_or_else(|| anyhow::anyhow!("drawn inspector {cert} is not in the pool"))
            })
            .collect::<std::result::Result<_, _>>()?;
        super::visits::issue(
            &mut tx,
            keys,
            &super::visits::Issue {
                lead_region: &lead.region_code,
                departments: &plan.departments,
                department_ids: &department_ids,
                plan_id: Some(plan.id),
                ground: app::model::Ground::Plan,
                ground_note: None,
                entity: &entity,
                items: &plan.items,
                officers: &officers,
                window: (plan.starts_on, plan.ends_on),
                by: &actor.username,
            },
        )
        .await?;
    }
    if !db::plans::drawn(&mut tx, id, version).await? {
        return Err(stale());
    }
    let row = db::plans::find(&mut tx, id).await?.ok_or_else(not_found)?;
    audit::append(
        &mut tx,
        actor,
        audit::Event {
            action: "plan.draw",
            entity: "spot_check_plan",
            entity_id: id.to_string(),
            before: Some(audit::digest_json(&plan.detail())),
            after: Some(audit::digest_json(&row.detail())),
            detail: json!({ "department_id": department_id, "tasks": tasks.len() }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(row)
}

/// Cancels a plan (and its tasks not yet done) with a reason, public once it was approved.
pub async fn cancel(
    db: &Db,
    actor: &Actor,
    department_id: i64,
    id: i64,
    version: i64,
    reason: Option<&str>,
) -> Result<PlanRow> {
    let reason = reason.map(str::trim).unwrap_or_default();
    if reason.chars().count() < 4
        || reason.chars().count() > 500
        || reason.chars().any(char::is_control)
    {
        return Err(AppError::validation("reason", Msg::PlanCancelReason));
    }
    let reason = app::model::publicity::scrub(reason, &[]);
    let mut tx = db.begin().await?;
    let plan = load_lead(&mut tx, department_id, id, version).await?;
    if plan.status == PlanStatus::Cancelled {
        return Err(AppError::conflict("status", Msg::PlanAlreadyCancelled));
    }
    let cancelled = db::inspections::cancel_for_plan(&mut tx, id).await?;
    if !db::plans::cancel(&mut tx, id, version, &reason).await? {
        return Err(stale());
    }
    let row = db::plans::find(&mut tx, id).await?.ok_or_else(not_found)?;
    audit::append(&mut tx, actor, audit::Event {
        action: "plan.cancel",
        entity: "spot_check_plan",
        entity_id: id.to_string(),
        before: Some(audit::digest_json(&plan.detail())),
        after: Some(audit::digest_json(&row.detail())),
        detail: json!({ "department_id": department_id, "reason": reason, "tasks_cancelled": cancelled }),
    })
    .await?;
    tx.commit().await?;
    Ok(row)
}
