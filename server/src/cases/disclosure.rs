//! Publishing decisions (公示): the department publishes each eligible decision within
//! its deadline; the listing keeps it for its period; a revocation or change withdraws
//! it at once (the reason is published). Administrators extend the working calendar.

use serde_json::json;

use app::model::{
    CalendarDay, Decision, DecisionStatus, DueDecision,
    publicity::{Date, eligibility, publication_period, published_until},
};

use crate::{
    AppError, Result,
    db::{
        self, Db,
        audit::{self, Actor, digest_json},
    },
};

/// Publishes an issued decision that the law says is published, today, for its period.
pub async fn publish(
    db: &Db,
    actor: &Actor,
    department_id: i64,
    id: i64,
    expected: i64,
    small_fine_fen: i64,
) -> Result<Decision> {
    let mut tx = db.begin().await?;
    let not_found = || AppError::not_found(format!("no decision {id} in this department"));
    let (before, _) = db::decisions::find(&mut tx, department_id, id)
        .await?
        .ok_or_else(not_found)?;
    if before.status != DecisionStatus::Issued {
        return Err(AppError::validation(
            "status",
            "only a decision in force is published",
        ));
    }
    if let Err(ground) = eligibility(
        before.procedure,
        &before.penalty_types,
        before.minor,
        before.withheld_reason.as_deref(),
    ) {
        return Err(AppError::validation(
            "publication",
            format!("this decision is not published by law ({ground:?})"),
        ));
    }
    if before.published_at.is_some() {
        return Err(AppError::validation(
            "publication",
            "this decision is already published",
        ));
    }
    if before.version != expected {
        return Err(AppError::conflict(
            "expected_version",
            format!(
                "this decision was changed by {} at {}; reload it",
                before.updated_by, before.updated_at
            ),
        ));
    }
    let today =
        Date::parse(&db::today_in_china()).ok_or_else(|| anyhow::anyhow!("no date today"))?;
    let period = publication_period(&before.penalty_types, before.amount_fen, small_fine_fen);
    let until = published_until(today, period).to_string();
    if !db::decisions::publish(&mut tx, id, expected, &until, &actor.username).await? {
        return Err(AppError::conflict(
            "expected_version",
            "this decision changed; reload it",
        ));
    }
    db::decisions::add_event(&mut tx, id, &actor.username, "publish", Some(&until)).await?;
    let (after, _) = db::decisions::find(&mut tx, department_id, id)
        .await?
        .ok_or_else(not_found)?;
    audit::append(&mut tx, actor, audit::Event {
        action: "decision.publish",
        entity: "decision",
        entity_id: id.to_string(),
        before: Some(digest_json(&before)),
        after: Some(digest_json(&after)),
        detail: json!({ "department_id": department_id, "published_until": until, "period": period }),
    })
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// What is still to be published, with working days left by the official calendar.
pub async fn due(db: &Db, department: Option<i64>) -> Result<Vec<DueDecision>> {
    let calendar = db::calendar::load(db).await?;
    let today =
        Date::parse(&db::today_in_china()).ok_or_else(|| anyhow::anyhow!("no date today"))?;
    let mut items = db::disclosures::due(db, department).await?;
    for item in &mut items {
        let Some(by) = Date::parse(&item.publish_by) else {
            continue;
        };
        item.overdue = by < today;
        item.days_left = if item.overdue {
            -today.days_until(by).abs()
        } else {
            (1..=today.days_until(by))
                .filter(|k| calendar.is_working_day(today.plus_days(*k)))
                .count() as i64
        };
    }
    Ok(items)
}

/// Sets a day of the working calendar (administrators; audited).
pub async fn set_calendar_day(db: &Db, actor: &Actor, day: &CalendarDay) -> Result<()> {
    if Date::parse(&day.date).is_none() {
        return Err(AppError::validation("date", "a date in YYYY-MM-DD form"));
    }
    let note = day.note.trim();
    if note.is_empty() || note.chars().count() > 200 {
        return Err(AppError::validation(
            "note",
            "say why (up to 200 characters), e.g. 2027年春节",
        ));
    }
    let day = CalendarDay {
        note: note.to_owned(),
        ..day.clone()
    };
    let mut tx = db.begin().await?;
    db::calendar::set(&mut tx, &day, &actor.username).await?;
    audit::append(
        &mut tx,
        actor,
        audit::Event {
            action: "calendar.set",
            entity: "calendar",
            entity_id: day.date.clone(),
            before: None,
            after: Some(digest_json(&day)),
            detail: json!({ "working": day.working, "note": day.note }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
