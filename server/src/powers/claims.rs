//! Claiming (认领): a clerk claims catalog items for the department, fills in the local
//! details, saves and submits; a reviewer approves (which publishes) or returns with a
//! comment. An adjustment starts a new draft from the published version, which stays
//! public until the new one is approved. Withdrawing needs a reason.

use app::model::Timestamp;
use serde_json::json;

use app::model::{Claim, ClaimDetails, ClaimStatus, DepartmentLevel, FieldChange, ItemStatus, Msg};
use sqlx::AnyConnection;

use crate::{
    AppError, Result,
    db::{
        self, Db,
        audit::{self, Actor, digest_json},
    },
};

/// One step of the workflow.
#[derive(Debug, Clone)]
pub enum Step {
    Save(ClaimDetails),
    Submit,
    Approve,
    Return(String),
    Adjust,
    Withdraw(String),
}

impl Step {
    fn action(&self) -> &'static str {
        match self {
            Step::Save(_) => "save",
            Step::Submit => "submit",
            Step::Approve => "approve",
            Step::Return(_) => "return",
            Step::Adjust => "adjust",
            Step::Withdraw(_) => "withdraw",
        }
    }
}

/// The longest text a claim field may hold (well under a spreadsheet cell's 32,767).
pub const MAX_FIELD_CHARS: usize = 10_000;

fn state_conflict(msg: Msg) -> AppError {
    AppError::conflict("status", msg)
}

/// The claim after `step`, and the fields the step changed. Pure: the rules of the
/// workflow, testable without a database.
pub fn apply(claim: &Claim, step: &Step, now: Timestamp) -> Result<(Claim, Vec<FieldChange>)> {
    use ClaimStatus::*;
    if claim.status == Withdrawn {
        return Err(state_conflict(Msg::ClaimWithdrawn));
    }
    let item_active = claim.item.status == ItemStatus::Active;
    let mut next = claim.clone();
    let mut changes = Vec::new();
    match step {
        Step::Save(details) => {
            for (field, value) in details.fields() {
                if value.chars().count() > MAX_FIELD_CHARS {
                    return Err(AppError::validation(
                        format!("details.{field}"),
                        Msg::TooLong {
                            max: MAX_FIELD_CHARS,
                        },
                    ));
                }
            }
            match claim.status {
                Draft | Returned => {}
                Submitted => {
                    return Err(state_conflict(Msg::ClaimWithReviewer));
                }
                Published => {
                    return Err(state_conflict(Msg::ClaimPublishedAdjust));
                }
                Withdrawn => unreachable!("handled above"),
            }
            let before = claim.working.clone().unwrap_or_default();
            changes = before.diff(details);
            next.working = Some(details.clone());
            next.status = Draft;
        }
        Step::Submit => {
            if !matches!(claim.status, Draft | Returned) {
                return Err(state_conflict(Msg::ClaimSubmitOnlyDraft));
            }
            if !item_active {
                return Err(state_conflict(Msg::ClaimItemInactive));
            }
            let working = claim.working.clone().unwrap_or_default();
            if working.implementing_body.trim().is_empty() {
                return Err(AppError::validation(
                    "details.implementing_body",
                    Msg::NameImplementingBody,
                ));
            }
            if working.responsibility_steps.trim().is_empty() {
                return Err(AppError::validation(
                    "details.responsibility_steps",
                    Msg::ListResponsibilitySteps,
                ));
            }
            next.status = Submitted;
        }
        Step::Approve => {
            if claim.status != Submitted {
                return Err(state_conflict(Msg::ClaimApproveOnlySubmitted));
            }
            if !item_active {
                return Err(state_conflict(Msg::ClaimItemInactiveReview));
            }
            let working = claim.working.clone().unwrap_or_default();
            changes = claim.published.clone().unwrap_or_default().diff(&working);
            next.published = Some(working);
            next.working = None;
            next.published_at = Some(now.to_owned());
            next.review_comment = None;
            next.status = Published;
        }
        Step::Return(comment) => {
            if claim.status != Submitted {
                return Err(state_conflict(Msg::ClaimReturnOnlySubmitted));
            }
            if comment.trim().is_empty() {
                return Err(AppError::validation("comment", Msg::SayWhatToChange));
            }
            next.review_comment = Some(comment.trim().to_owned());
            next.status = Returned;
        }
        Step::Adjust => {
            if claim.status != Published || claim.working.is_some() {
                return Err(state_conflict(Msg::ClaimAdjustOnlyPublished));
            }
            if !item_active {
                return Err(state_conflict(Msg::ClaimItemInactive));
            }
            next.working = claim.published.clone();
            next.status = Draft;
        }
        Step::Withdraw(reason) => {
            if reason.trim().is_empty() {
                return Err(AppError::validation("comment", Msg::WithdrawReason));
            }
            next.working = None;
            next.withdrawn_reason = Some(reason.trim().to_owned());
            next.status = Withdrawn;
        }
    }
    Ok((next, changes))
}

async fn load(conn: &mut AnyConnection, department_id: i64, id: i64) -> Result<Claim> {
    db::claims::find(conn, department_id, id)
        .await?
        .ok_or_else(|| AppError::not_found(Msg::NoClaim))
}

fn stale(claim: &Claim) -> AppError {
    AppError::conflict(
        "expected_version",
        Msg::ClaimChanged {
            by: claim.updated_by.clone(),
            at: claim.updated_at.china_minute(),
        },
    )
}

/// Applies a step to a claim of `department_id`, if it is still at `expected_version`.
pub async fn step(
    db: &Db,
    actor: &Actor,
    department_id: i64,
    id: i64,
    expected_version: i64,
    step: Step,
) -> Result<Claim> {
    let mut tx = db.begin().await?;
    let claim = load(&mut tx, department_id, id).await?;
    if claim.version != expected_version {
        return Err(stale(&claim));
    }
    let (next, changes) = apply(&claim, &step, db.clock().now())?;
    if !db::claims::update(&mut tx, &next, expected_version, &actor.username).await? {
        let current = load(&mut tx, department_id, id).await?;
        return Err(stale(&current));
    }
    let comment = match &step {
        Step::Return(c) | Step::Withdraw(c) => Some(c.trim()),
        _ => None,
    };
    db::claims::add_event(
        &mut tx,
        id,
        &actor.username,
        step.action(),
        comment,
        &changes,
    )
    .await?;
    let after = load(&mut tx, department_id, id).await?;
    audit::append(&mut tx, actor, audit::Event {
        action: &format!("claim.{}", step.action()),
        entity: "claim",
        entity_id: id.to_string(),
        before: Some(digest_json(&claim)),
        after: Some(digest_json(&after)),
        detail: json!({ "department_id": department_id, "item": after.item.code, "status": after.status }),
    })
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// Claims catalog items for a department, all or none. Each item must be active and
/// exercisable at the department's tier; a township department may claim only items of
/// the township guidance catalog; one live claim per item and department.
pub async fn claim_items(
    db: &Db,
    actor: &Actor,
    department_id: i64,
    item_ids: &[i64],
) -> Result<Vec<Claim>> {
    if item_ids.is_empty() || item_ids.len() > 200 {
        return Err(AppError::validation("item_ids", Msg::ClaimCount));
    }
    let department = db::departments::find(db, department_id)
        .await?
        .ok_or_else(|| AppError::not_found(Msg::NoDepartment))?;
    let mut tx = db.begin().await?;
    let mut claims = Vec::new();
    for (i, &item_id) in item_ids.iter().enumerate() {
        let field = format!("item_ids[{i}]");
        let item = db::catalog::find(&mut tx, item_id)
            .await?
            .ok_or_else(|| AppError::validation(&field, Msg::NoSuchItem))?;
        let code = &item.fields.code;
        if item.status != ItemStatus::Active || !db::catalog::lock_active(&mut tx, item_id).await? {
            return Err(AppError::validation(
                &field,
                Msg::ItemNotClaimable {
                    code: code.to_string(),
                    status: item.status.as_str().to_owned(),
                },
            ));
        }
        if department.level == DepartmentLevel::Township && !item.fields.township {
            return Err(AppError::validation(
                &field,
                Msg::NotTownshipItem {
                    code: code.to_string(),
                },
            ));
        }
        if !item.fields.levels.contains(&department.level) {
            let levels: Vec<&str> = item.fields.levels.iter().map(|l| l.as_str()).collect();
            return Err(AppError::validation(
                &field,
                Msg::WrongLevel {
                    code: code.to_string(),
                    levels: levels.join("/"),
                    level: department.level.as_str().to_owned(),
                },
            ));
        }
        let id = match db::claims::insert(&mut tx, department_id, item_id, &actor.username).await {
            Ok(id) => id,
            Err(AppError::Conflict { .. }) => {
                return Err(AppError::conflict(
                    &field,
                    Msg::AlreadyClaimed {
                        code: code.to_string(),
                    },
                ));
            }
            Err(e) => return Err(e),
        };
        db::claims::add_event(&mut tx, id, &actor.username, "create", None, &[]).await?;
        let claim = load(&mut tx, department_id, id).await?;
        audit::append(
            &mut tx,
            actor,
            audit::Event {
                action: "claim.create",
                entity: "claim",
                entity_id: id.to_string(),
                before: None,
                after: Some(digest_json(&claim)),
                detail: json!({ "department_id": department_id, "item": code }),
            },
        )
        .await?;
        claims.push(claim);
    }
    tx.commit().await?;
    Ok(claims)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> Timestamp {
        Timestamp::parse("2026-01-01T00:00:00Z").unwrap()
    }
    use app::model::{Category, ItemCode, ItemSummary};

    fn claim(status: ClaimStatus) -> Claim {
        Claim {
            id: 1,
            department_id: 1,
            department_name: "甲局".into(),
            item: ItemSummary {
                id: 1,
                code: ItemCode::parse("CF00001000").unwrap(),
                name: "某处罚".into(),
                category: Category::Penalty,
                legal_basis: "某法".into(),
                status: ItemStatus::Active,
            },
            status,
            flag: None,
            working: Some(ClaimDetails::default()),
            published: None,
            published_at: None,
            review_comment: None,
            withdrawn_reason: None,
            version: 1,
            updated_at: now(),
            updated_by: "a".into(),
        }
    }

    fn filled() -> ClaimDetails {
        ClaimDetails {
            implementing_body: "甲局".into(),
            responsibility_steps: "立案\n调查取证".into(),
            ..Default::default()
        }
    }

    #[test]
    fn the_happy_path_publishes() {
        let (c, changes) = apply(&claim(ClaimStatus::Draft), &Step::Save(filled()), now()).unwrap();
        assert_eq!(changes.len(), 2);
        let (c, _) = apply(&c, &Step::Submit, now()).unwrap();
        assert_eq!(c.status, ClaimStatus::Submitted);
        let (c, _) = apply(&c, &Step::Approve, now()).unwrap();
        assert_eq!(c.status, ClaimStatus::Published);
        assert_eq!(c.published, Some(filled()));
        assert_eq!(c.working, None);
    }

    #[test]
    fn an_adjustment_keeps_the_published_version_until_approved() {
        let mut c = claim(ClaimStatus::Published);
        c.published = Some(filled());
        c.working = None;
        let (c, _) = apply(&c, &Step::Adjust, now()).unwrap();
        let changed = ClaimDetails {
            accountability: "新增".into(),
            ..filled()
        };
        let (c, _) = apply(&c, &Step::Save(changed.clone()), now()).unwrap();
        assert_eq!(c.published, Some(filled()));
        let (c, _) = apply(&c, &Step::Submit, now()).unwrap();
        let (c, changes) = apply(&c, &Step::Approve, now()).unwrap();
        assert_eq!(c.published, Some(changed));
        assert_eq!(changes.len(), 1);
    }

    #[test]
    fn incomplete_claims_cannot_be_submitted() {
        let err = apply(&claim(ClaimStatus::Draft), &Step::Submit, now()).unwrap_err();
        assert!(
            matches!(err, AppError::Validation { field: Some(f), .. } if f == "details.implementing_body")
        );
    }

    #[test]
    fn out_of_order_steps_are_conflicts() {
        assert!(matches!(
            apply(&claim(ClaimStatus::Draft), &Step::Approve, now()),
            Err(AppError::Conflict { .. })
        ));
        assert!(matches!(
            apply(&claim(ClaimStatus::Submitted), &Step::Save(filled()), now()),
            Err(AppError::Conflict { .. })
        ));
        assert!(matches!(
            apply(&claim(ClaimStatus::Withdrawn), &Step::Adjust, now()),
            Err(AppError::Conflict { .. })
        ));
    }

    #[test]
    fn returning_and_withdrawing_need_words() {
        assert!(
            apply(
                &claim(ClaimStatus::Submitted),
                &Step::Return(" ".into()),
                now()
            )
            .is_err()
        );
        assert!(
            apply(
                &claim(ClaimStatus::Draft),
                &Step::Withdraw("".into()),
                now()
            )
            .is_err()
        );
        let (c, _) = apply(
            &claim(ClaimStatus::Submitted),
            &Step::Return("补充裁量基准".into()),
            now(),
        )
        .unwrap();
        assert_eq!(c.status, ClaimStatus::Returned);
        assert_eq!(c.review_comment.as_deref(), Some("补充裁量基准"));
    }

    #[test]
    fn claims_on_retired_items_cannot_move_forward() {
        let mut c = claim(ClaimStatus::Draft);
        c.working = Some(filled());
        c.item.status = ItemStatus::Retired;
        assert!(apply(&c, &Step::Submit, now()).is_err());
        assert!(apply(&c, &Step::Withdraw("事项已取消".into()), now()).is_ok());
    }
}
