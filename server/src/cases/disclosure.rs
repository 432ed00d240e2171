//! Publishing decisions (公示): the department publishes each eligible decision within
//! its deadline; the listing keeps it for its period; a revocation or change withdraws
//! it at once (the reason is published). Administrators extend the working calendar.

use serde_json::json;

use app::model::{
    CalendarCoverage, CalendarDay, CalendarImportReport, CalendarRowProblem, Date, DecisionStatus,
    DueDecision, Lang, Msg,
    publicity::{
        BUILT_IN_YEARS, Calendar, publication_deadline, publication_period, published_until,
        withdrawal_deadline,
    },
};

use crate::{
    AppError, Result,
    db::{
        self, Db,
        audit::{self, Actor, digest_json},
        decisions::DecisionRow,
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
) -> Result<DecisionRow> {
    let mut tx = db.begin().await?;
    let not_found = || AppError::not_found(Msg::NoDecision);
    let before = db::decisions::find(&mut tx, department_id, id)
        .await?
        .ok_or_else(not_found)?;
    if before.record.status != DecisionStatus::Issued {
        return Err(AppError::validation("status", Msg::OnlyInForcePublished));
    }
    if !before.record.published_by_law() {
        return Err(AppError::validation("publication", Msg::NotPublishedByLaw));
    }
    if before.record.listing.published_at.is_some() {
        return Err(AppError::validation("publication", Msg::AlreadyPublished));
    }
    if before.record.version != expected {
        return Err(AppError::conflict(
            "expected_version",
            Msg::DecisionChanged {
                by: before.record.updated_by.clone(),
                at: before.record.updated_at.china_minute(),
            },
        ));
    }
    let today = tx.clock().today();
    let period = publication_period(
        &before.record.penalty_types,
        before.record.amount_fen,
        small_fine_fen,
    );
    let until = published_until(today, period);
    if !db::decisions::publish(&mut tx, id, expected, until, &actor.username).await? {
        return Err(AppError::conflict(
            "expected_version",
            Msg::DecisionChangedReload,
        ));
    }
    db::decisions::add_event(
        &mut tx,
        id,
        &actor.username,
        "publish",
        Some(&until.to_string()),
    )
    .await?;
    let after = db::decisions::find(&mut tx, department_id, id)
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

/// What is still to be published, with working days left by the working calendar
/// (deadlines in a year whose notice is not loaded are provisional), and the
/// withdrawals of the last year that came later than art. 48's 3 days.
pub async fn due(db: &Db, department: Option<i64>) -> Result<Vec<DueDecision>> {
    let calendar = db::calendar::load(db).await?;
    let today = db.clock().today();
    let mut items = db::disclosures::due(db, department).await?;
    for item in &mut items {
        let (decided, stored) = (item.decision_date, item.publish_by);
        // The deadline by today's calendar: a year loaded since issuing counts.
        let by = publication_deadline(item.kind, decided, &calendar);
        if by != stored {
            item.publish_by = by;
        }
        item.provisional = calendar.is_provisional(decided, by);
        item.overdue = by < today;
        item.days_left = calendar.working_days_between(today, by);
    }
    let since = today.plus_days(-366);
    for (mut item, withdrawn_on) in db::disclosures::late_withdrawals(db, department, since).await?
    {
        let (ended, withdrawn) = (item.publish_by, withdrawn_on);
        let by = withdrawal_deadline(ended);
        if withdrawn > by {
            item.publish_by = by;
            item.overdue = true;
            item.days_left = -by.days_until(withdrawn);
            items.push(item);
        }
    }
    Ok(items)
}

/// Reads a calendar file: `date,working,note` (or `日期,是否上班,说明`), one line per
/// holiday or adjusted working day of the State Council's notice. Working: 是/否, 上班/休息,
/// 1/0, true/false, working/off.
pub fn parse_calendar(bytes: &[u8], lang: Lang) -> (Vec<CalendarDay>, Vec<CalendarRowProblem>) {
    let text = String::from_utf8_lossy(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes));
    let mut days: Vec<CalendarDay> = Vec::new();
    let mut problems = Vec::new();
    let mut problem = |line: usize, field: &str, msg: Msg| {
        problems.push(CalendarRowProblem::new(line, field, &msg, lang));
    };
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l.trim()));
    match lines.next() {
        Some((_, header))
            if matches!(
                header.replace(' ', "").to_lowercase().as_str(),
                "date,working,note" | "日期,是否上班,说明" | "日期,上班,说明"
            ) => {}
        _ => problem(1, "header", Msg::CalendarHeader),
    }
    for (line, text) in lines.filter(|(_, l)| !l.is_empty()) {
        if line > 1_001 {
            problem(line, "file", Msg::TooManyDays { max: 1_000 });
            break;
        }
        let cells: Vec<&str> = text.splitn(3, ',').map(str::trim).collect();
        let [date, working, note] = cells[..] else {
            problem(line, "line", Msg::CalendarColumns);
            continue;
        };
        let Some(date) = Date::parse(date) else {
            problem(line, "date", Msg::DateFormat);
            continue;
        };
        let working = match working.to_lowercase().as_str() {
            "是" | "上班" | "1" | "true" | "working" | "yes" => true,
            "否" | "休息" | "0" | "false" | "off" | "no" => false,
            _ => {
                problem(line, "working", Msg::WorkingOrOff);
                continue;
            }
        };
        let note = note.trim_matches('"');
        if note.is_empty() || note.chars().count() > 200 {
            problem(line, "note", Msg::HolidayNote);
            continue;
        }
        if days.iter().any(|d| d.date == date) {
            problem(line, "date", Msg::DateTwice);
            continue;
        }
        days.push(CalendarDay {
            date,
            working,
            note: note.to_owned(),
        });
    }
    if days.is_empty() {
        problem(2, "file", Msg::NoDays);
    }
    (days, problems)
}

/// Loads one or more years of the State Council's holiday notice (administrators;
/// audited): every listed day is set, each year it covers is marked official, and the
/// deadlines of unpublished decisions are counted again. Nothing is written while any
/// line has a problem.
pub async fn import_calendar(
    db: &Db,
    actor: &Actor,
    bytes: &[u8],
    lang: Lang,
) -> Result<CalendarImportReport> {
    let (days, problems) = parse_calendar(bytes, lang);
    let mut years: Vec<i64> = days.iter().map(|d| d.date.year()).collect();
    years.sort_unstable();
    years.dedup();
    let mut report = CalendarImportReport {
        rows: days.len() + problems.len(),
        years: years.clone(),
        problems,
        imported: false,
    };
    if !report.problems.is_empty() {
        return Ok(report);
    }
    let mut calendar = db::calendar::load(db).await?;
    let mut tx = db.begin().await?;
    for day in &days {
        db::calendar::set(&mut tx, day, &actor.username).await?;
        calendar.set(day.date, day.working);
    }
    for &year in &years {
        let count = days.iter().filter(|d| d.date.year() == year).count();
        db::calendar::mark_loaded(&mut tx, year, count as i64, &actor.username).await?;
        calendar.mark_official(year);
    }
    if let Some(first) = days.iter().map(|d| d.date).min() {
        recount_deadlines(&mut tx, &calendar, first).await?;
    }
    audit::append(
        &mut tx,
        actor,
        audit::Event {
            action: "calendar.import",
            entity: "calendar",
            entity_id: years
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(","),
            before: None,
            after: Some(digest_json(&days)),
            detail: json!({ "years": years, "days": days.len() }),
        },
    )
    .await?;
    tx.commit().await?;
    report.imported = true;
    Ok(report)
}

/// Which years the calendar covers, and which of this year and the next it lacks.
pub async fn coverage(db: &Db) -> Result<CalendarCoverage> {
    let loaded = db::calendar::years(db).await?;
    let this_year = db.clock().today().year();
    let missing = [this_year, this_year + 1]
        .into_iter()
        .filter(|y| !BUILT_IN_YEARS.contains(y) && !loaded.iter().any(|l| l.year == *y))
        .collect();
    Ok(CalendarCoverage {
        built_in: BUILT_IN_YEARS.collect(),
        loaded,
        missing,
    })
}

/// Recounts on `calendar` the stored publication deadline of every decision a change from
/// `from` on can move, so that the decision's page and the on-time statistics follow a
/// year loaded (or a day set) after the decision was issued, as the duties list does.
async fn recount_deadlines(tx: &mut db::Tx, calendar: &Calendar, from: Date) -> Result<()> {
    let today = tx.clock().today();
    for (id, kind, decided, stored) in db::decisions::deadlines_from(tx, from).await? {
        let by = publication_deadline(kind, decided, calendar);
        if by != stored {
            db::decisions::set_publish_by(tx, id, by, today).await?;
        }
    }
    Ok(())
}

/// Sets a day of the working calendar (administrators; audited).
pub async fn set_calendar_day(db: &Db, actor: &Actor, day: &CalendarDay) -> Result<()> {
    let note = day.note.trim();
    if note.is_empty() || note.chars().count() > 200 {
        return Err(AppError::validation("note", Msg::HolidayNote));
    }
    let day = CalendarDay {
        note: note.to_owned(),
        ..day.clone()
    };
    let mut calendar = db::calendar::load(db).await?;
    calendar.set(day.date, day.working);
    let mut tx = db.begin().await?;
    db::calendar::set(&mut tx, &day, &actor.username).await?;
    recount_deadlines(&mut tx, &calendar, day.date).await?;
    audit::append(
        &mut tx,
        actor,
        audit::Event {
            action: "calendar.set",
            entity: "calendar",
            entity_id: day.date.to_string(),
            before: None,
            after: Some(digest_json(&day)),
            detail: json!({ "working": day.working, "note": day.note }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_calendar_file_is_read_with_its_problems_by_line() {
        let file = "\u{feff}日期,是否上班,说明\n2027-01-01,否,元旦\n2027-02-07,是,春节调休\n\
                    2027-02-30,否,春节\n2027-02-08,也许,春节\n2027-02-09,否,\n2027-01-01,否,元旦\n";
        let (days, problems) = parse_calendar(file.as_bytes(), Lang::En);
        assert_eq!(days.len(), 2);
        assert!(!days[0].working && days[1].working);
        let lines: Vec<(usize, &str)> = problems
            .iter()
            .map(|p| (p.line, p.problem.field.as_str()))
            .collect();
        assert_eq!(
            lines,
            [(4, "date"), (5, "working"), (6, "note"), (7, "date")]
        );
        let (_, problems) = parse_calendar(b"day;off\n2027-01-01;yes", Lang::En);
        assert_eq!(problems[0].problem.field, "header");
    }
}
