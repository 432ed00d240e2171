//! Registering and issuing decisions.
//!
//! A clerk registers a decision as a draft under one of the department's published
//! claims. A decision marked major needs a reviewer's legal review (法制审核) first.
//! Issuing takes the next serial of the department's region and year, forms the case
//! code, signs the decision's key fields with the current key, and writes all of it in
//! one transaction. An issued decision can be revoked or changed (replaced by another
//! issued decision of the department), each with a public reason.

use serde_json::json;
use sqlx::AnyConnection;

use app::model::Msg;
use app::model::{
    CaseCode, Category, ChangeRequest, ClaimStatus, ConfirmRequest, Date, DecisionInput,
    DecisionStatus, LegalReviewRequest, Officer, RegionCode, RevokeRequest, SignedDecision,
    ValidDecision, base32,
    publicity::{eligibility, publication_deadline, scrub},
};

use super::verify::{persons_named, public_text, signed_fields};
use crate::{
    AppError, Result,
    cases::serials::SerialKey,
    db::{
        self, Db,
        audit::{self, Actor, digest_json},
        decisions::{DecisionRow, Issue, Issued},
    },
    keys::KeyRing,
};

async fn load(conn: &mut AnyConnection, department_id: i64, id: i64) -> Result<DecisionRow> {
    db::decisions::find(conn, department_id, id)
        .await?
        .ok_or(AppError::NotFound(Msg::NoDecision))
}

fn stale(current: &DecisionRow) -> AppError {
    AppError::conflict(
        "expected_version",
        Msg::DecisionChanged {
            by: current.record.updated_by.clone(),
            at: current.record.updated_at.china_minute(),
        },
    )
}

/// The rules that need the database: the claim is the department's own and published,
/// of the decision's kind; every officer is the department's and holds a certificate
/// valid on the decision date; a penalty names at least two of them. Returns the
/// claim's item (code, name).
async fn check_against_records(
    conn: &mut AnyConnection,
    department_id: i64,
    d: &ValidDecision,
) -> Result<(String, String, Vec<Officer>)> {
    let claim = db::claims::find(conn, department_id, d.claim_id)
        .await?
        .filter(|c| c.published.is_some() && c.status != ClaimStatus::Withdrawn)
        .ok_or_else(|| AppError::validation("claim_id", Msg::ChooseOwnClaim))?;
    if claim.item.category != d.kind {
        return Err(AppError::validation(
            "kind",
            Msg::KindMismatch {
                item: claim.item.code.to_string(),
            },
        ));
    }
    let mut officers = Vec::with_capacity(d.officer_ids.len());
    for (i, &officer_id) in d.officer_ids.iter().enumerate() {
        let officer = db::officers::find(conn, department_id, officer_id)
            .await?
            .ok_or_else(|| AppError::validation(format!("officer_ids[{i}]"), Msg::NotOwnOfficer))?;
        if !officer.valid_on(d.decision_date) {
            return Err(AppError::validation(
                format!("officer_ids[{i}]"),
                Msg::CertificateInvalidOn {
                    name: officer.name.clone(),
                    certificate: officer.certificate_number.clone(),
                    date: d.decision_date,
                },
            ));
        }
        officers.push(officer);
    }
    // Administrative Penalty Law art. 42 and Administrative Compulsion Law art. 18: at
    // least two officers with valid certificates.
    if matches!(d.kind, Category::Penalty | Category::Compulsion) && officers.len() < 2 {
        return Err(AppError::validation("officer_ids", Msg::TwoOfficersNeeded));
    }
    Ok((
        claim.item.code.as_str().to_owned(),
        claim.item.name,
        officers,
    ))
}

fn validated(db: &Db, input: &DecisionInput) -> Result<ValidDecision> {
    input
        .validate(db.clock().today())
        .map_err(|p| AppError::validation(p.field, p.msg))
}

async fn record(
    conn: &mut db::Tx,
    actor: &Actor,
    before: Option<&DecisionRow>,
    after: &DecisionRow,
    action: &str,
    note: Option<&str>,
) -> Result<()> {
    db::decisions::add_event(conn, after.record.id, &actor.username, action, note).await?;
    audit::append(
        conn,
        actor,
        audit::Event {
            action: &format!("decision.{action}"),
            entity: "decision",
            entity_id: after.record.id.to_string(),
            before: before.map(digest_json),
            after: Some(digest_json(after)),
            detail: json!({
                "department_id": after.record.department_id,
                "document_number": after.record.document_number,
                "status": after.record.status,
                "case_code": after.case_code(),
                "note": note,
            }),
        },
    )
    .await?;
    Ok(())
}

/// Registers a draft.
pub async fn register(
    db: &Db,
    actor: &Actor,
    department_id: i64,
    input: &DecisionInput,
) -> Result<DecisionRow> {
    let mut tx = db.begin().await?;
    let after = register_in(db, &mut tx, actor, department_id, input).await?;
    tx.commit().await?;
    Ok(after)
}

async fn register_in(
    db: &Db,
    tx: &mut db::Tx,
    actor: &Actor,
    department_id: i64,
    input: &DecisionInput,
) -> Result<DecisionRow> {
    let input = validated(db, input)?;
    check_against_records(tx, department_id, &input).await?;
    let id = db::decisions::insert(tx, department_id, &input, &actor.username).await?;
    let after = load(tx, department_id, id).await?;
    record(tx, actor, None, &after, "register", None).await?;
    Ok(after)
}

/// A retried request: who sent it (a token or a user), its `Idempotency-Key` and a hash
/// of its body.
pub struct Retry<'a> {
    pub caller: &'a str,
    pub key: &'a str,
    pub body_hash: &'a str,
}

/// Registers a decision and, with `issue`, issues it in the same transaction: a case
/// system gets the case code in one call. With `retry`, a request seen before returns
/// the decision it made (same key and body) or is refused (same key, other body: 409).
/// A major decision without its legal review is refused with 409 and nothing is kept.
/// Returns the decision and whether it was made now.
pub async fn register_with(
    db: &Db,
    keys: &KeyRing,
    actor: &Actor,
    department_id: i64,
    input: &DecisionInput,
    issue: bool,
    retry: Option<&Retry<'_>>,
) -> Result<(DecisionRow, bool)> {
    let setting = Setting::load(db, department_id).await?;
    let mut tx = db.begin().await?;
    let done = register_in_tx(db, &mut tx, keys, actor, &setting, input, issue, retry).await?;
    tx.commit().await?;
    Ok(done)
}

/// What registering and issuing in a department needs besides the decision: the
/// department and the working calendar, loaded once for a whole batch.
pub struct Setting {
    department: app::model::Department,
    calendar: app::model::publicity::Calendar,
}

impl Setting {
    pub async fn load(db: &Db, department_id: i64) -> Result<Self> {
        let department = db::departments::find(db, department_id)
            .await?
            .ok_or_else(|| AppError::not_found(Msg::NoDepartment))?;
        let calendar = db::calendar::load(db).await?;
        Ok(Self {
            department,
            calendar,
        })
    }
}

/// [`register_with`] inside the caller's transaction (a batch runs each row in one
/// savepoint of its transaction).
#[allow(clippy::too_many_arguments)]
pub async fn register_in_tx(
    db: &Db,
    tx: &mut db::Tx,
    keys: &KeyRing,
    actor: &Actor,
    setting: &Setting,
    input: &DecisionInput,
    issue: bool,
    retry: Option<&Retry<'_>>,
) -> Result<(DecisionRow, bool)> {
    let department_id = setting.department.id;
    if let Some(r) = retry {
        match db::decisions::idempotent(tx, r.caller, r.key).await? {
            Some((hash, id)) if hash == r.body_hash => {
                let earlier = load(tx, department_id, id).await?;
                return Ok((earlier, false));
            }
            Some(_) => {
                return Err(AppError::conflict(
                    "Idempotency-Key",
                    Msg::IdempotencyKeyReused,
                ));
            }
            None => {}
        }
    }
    let draft = register_in(db, tx, actor, department_id, input).await?;
    let after = if issue {
        issue_in(
            db,
            tx,
            keys,
            actor,
            &setting.department,
            &setting.calendar,
            draft.record.id,
            draft.record.version,
        )
        .await
        .map_err(|e| match e {
            AppError::Validation {
                msg: Msg::MajorNeedsReview,
                field,
            } => AppError::Conflict {
                msg: Msg::MajorNeedsReview,
                field,
            },
            other => other,
        })?
    } else {
        draft
    };
    if let Some(r) = retry {
        db::decisions::remember(tx, r.caller, r.key, r.body_hash, after.record.id).await?;
    }
    Ok((after, true))
}

/// Saves a draft at `expected` version.
pub async fn save(
    db: &Db,
    actor: &Actor,
    department_id: i64,
    id: i64,
    expected: i64,
    input: &DecisionInput,
) -> Result<DecisionRow> {
    let input = validated(db, input)?;
    let mut tx = db.begin().await?;
    let before = load(&mut tx, department_id, id).await?;
    if before.record.status != DecisionStatus::Draft {
        return Err(AppError::validation("status", Msg::OnlyDraftEdited));
    }
    if before.record.version != expected {
        return Err(stale(&before));
    }
    check_against_records(&mut tx, department_id, &input).await?;
    if !db::decisions::update_draft(&mut tx, id, &input, expected, &actor.username).await? {
        let current = load(&mut tx, department_id, id).await?;
        return Err(stale(&current));
    }
    let after = load(&mut tx, department_id, id).await?;
    record(&mut tx, actor, Some(&before), &after, "save", None).await?;
    tx.commit().await?;
    Ok(after)
}

/// A reviewer's legal review of a major draft.
pub async fn review(
    db: &Db,
    actor: &Actor,
    department_id: i64,
    id: i64,
    expected: i64,
    req: &LegalReviewRequest,
) -> Result<DecisionRow> {
    let opinion = req.opinion.trim();
    if opinion.is_empty() || opinion.chars().count() > 2_000 {
        return Err(AppError::validation("opinion", Msg::ReviewOpinion));
    }
    let mut tx = db.begin().await?;
    let before = load(&mut tx, department_id, id).await?;
    if before.record.status != DecisionStatus::Draft {
        return Err(AppError::validation("status", Msg::OnlyDraftReviewed));
    }
    if !before.record.major {
        return Err(AppError::validation("major", Msg::OnlyMajorReviewed));
    }
    if before.record.version != expected {
        return Err(stale(&before));
    }
    if !db::decisions::review(&mut tx, id, expected, req.approve, opinion, &actor.username).await? {
        let current = load(&mut tx, department_id, id).await?;
        return Err(stale(&current));
    }
    let after = load(&mut tx, department_id, id).await?;
    let action = if req.approve {
        "review"
    } else {
        "review_return"
    };
    record(&mut tx, actor, Some(&before), &after, action, Some(opinion)).await?;
    tx.commit().await?;
    Ok(after)
}

/// Issues a draft: case code, signature, all in one transaction.
pub async fn issue(
    db: &Db,
    keys: &KeyRing,
    actor: &Actor,
    department_id: i64,
    id: i64,
    expected: i64,
) -> Result<DecisionRow> {
    let department = db::departments::find(db, department_id)
        .await?
        .ok_or_else(|| AppError::not_found(Msg::NoDepartment))?;
    let calendar = db::calendar::load(db).await?;
    let mut tx = db.begin().await?;
    let after = issue_in(
        db,
        &mut tx,
        keys,
        actor,
        &department,
        &calendar,
        id,
        expected,
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

#[allow(clippy::too_many_arguments)]
async fn issue_in(
    db: &Db,
    tx: &mut db::Tx,
    keys: &KeyRing,
    actor: &Actor,
    department: &app::model::Department,
    calendar: &app::model::publicity::Calendar,
    id: i64,
    expected: i64,
) -> Result<DecisionRow> {
    let department_id = department.id;
    let before = load(&mut *tx, department_id, id).await?;
    if before.record.status != DecisionStatus::Draft {
        return Err(AppError::validation("status", Msg::AlreadyIssued));
    }
    if before.record.version != expected {
        return Err(stale(&before));
    }
    if before.record.major && before.record.legal_review.is_none() {
        return Err(AppError::validation("legal_review", Msg::MajorNeedsReview));
    }
    // The rules are checked again: a certificate may have lapsed since the draft.
    let input = validated(db, &before.record.input())?;
    let (item_code, item_name, officers) =
        check_against_records(&mut *tx, department_id, &input).await?;

    let code = allocate(
        &mut *tx,
        keys.serials(),
        &department.region_code,
        before.record.decision_date,
    )
    .await?;
    let issued = Issued {
        department_name: department.name.clone(),
        region_code: department.region_code.to_string(),
        item_code,
        item_name,
        officers: officers.into_iter().map(|o| o.certificate_number).collect(),
        public: public_text(&before),
    };
    let publish_by = eligibility(
        before.record.procedure,
        &before.record.penalty_types,
        before.record.minor,
        before.record.withheld_reason.as_deref(),
    )
    .ok()
    .map(|()| publication_deadline(before.record.kind, before.record.decision_date, calendar));
    let search_text = format!(
        "{} {} {}",
        issued.public.party_name, before.record.document_number, issued.public.facts
    );
    let issued_at = tx.clock().now();
    let key_id = keys.current()?.id.clone();
    let signed = signed_fields(&before, &issued, code.as_str(), &key_id, issued_at);
    let (signing_key, signature) = keys.sign(&signed.canonical_bytes())?;
    debug_assert_eq!(signing_key, key_id);
    let signature = base32::encode(&signature);
    let written = db::decisions::issue(
        &mut *tx,
        id,
        expected,
        &Issue {
            case_code: &code,
            issued: &issued,
            key_id: &key_id,
            signature: &signature,
            issued_at,
            publish_by,
            search_text: &search_text,
        },
        &actor.username,
    )
    .await?;
    if !written {
        let current = load(&mut *tx, department_id, id).await?;
        return Err(stale(&current));
    }
    if db.backend() == app::model::DatabaseBackend::Sqlite {
        let key = db::disclosures::search_key(before.record.decision_date, id);
        db::decisions::index_for_search(&mut *tx, key, &search_text).await?;
    }
    let after = load(&mut *tx, department_id, id).await?;
    record(
        &mut *tx,
        actor,
        Some(&before),
        &after,
        "issue",
        Some(code.as_str()),
    )
    .await?;
    Ok(after)
}

/// The next case code of the region and the decision's year: the next counter value,
/// through the deployment's keyed permutation (unpredictable serials), skipping the few
/// serials whose code would let a neighbour swap pass the check and any code already
/// taken (codes issued before the permutation was keyed stay valid and are never reused).
async fn allocate(
    conn: &mut AnyConnection,
    serials: &SerialKey,
    region: &RegionCode,
    decision_date: Date,
) -> Result<CaseCode> {
    let year = u32::try_from(decision_date.year())
        .map_err(|_| anyhow::anyhow!("decision date {decision_date} has no year"))?;
    // A few percent of serials are skipped; a long run of them would mean a bug.
    for _ in 0..1_000 {
        let n = db::decisions::next_serial(conn, region.as_str(), year).await?;
        let Some(serial) = serials.serial(region.as_str(), year, n) else {
            return Err(
                anyhow::anyhow!("region {region} has used every case code of {year}").into(),
            );
        };
        if let Some(code) = CaseCode::issue(region, year, serial)
            && db::decisions::id_by_code(conn, &code).await?.is_none()
        {
            return Ok(code);
        }
    }
    Err(anyhow::anyhow!("no issuable case code for {region} in {year} after 1,000 serials").into())
}

/// The public reason of a revocation or change, scrubbed like the facts: the persons
/// the decision names and any personal data typed into it are masked before it is stored.
fn public_reason(d: &DecisionRow, reason: &str) -> Result<String> {
    let reason = reason.trim();
    if reason.chars().count() < 4 || reason.chars().count() > 1_000 {
        return Err(AppError::validation("reason", Msg::PublicReason));
    }
    Ok(scrub(reason, &persons_named(d)))
}

/// The date of the act that ended a decision: given (not before the decision, not in
/// the future) or today.
fn ended_on(db: &Db, d: &DecisionRow, given: Option<Date>) -> Result<Date> {
    let today = db.clock().today();
    match given {
        None => Ok(today),
        Some(date) if date > today => Err(AppError::validation("ended_on", Msg::EndedInFuture)),
        Some(date) if date < d.record.decision_date => {
            Err(AppError::validation("ended_on", Msg::EndedBeforeDecision))
        }
        Some(date) => Ok(date),
    }
}

/// Revokes an issued decision (撤销); the reason is public.
pub async fn revoke(
    db: &Db,
    actor: &Actor,
    department_id: i64,
    id: i64,
    expected: i64,
    req: &RevokeRequest,
) -> Result<DecisionRow> {
    end(
        db,
        actor,
        department_id,
        id,
        expected,
        DecisionStatus::Revoked,
        &req.reason,
        req.ended_on,
        None,
    )
    .await
}

/// Records that an issued decision was confirmed unlawful (确认违法) or void (确认无效);
/// the reason is public and the publication is withdrawn (art. 48).
pub async fn confirm(
    db: &Db,
    actor: &Actor,
    department_id: i64,
    id: i64,
    expected: i64,
    req: &ConfirmRequest,
) -> Result<DecisionRow> {
    if !matches!(req.status, DecisionStatus::Unlawful | DecisionStatus::Void) {
        return Err(AppError::validation("status", Msg::RulingStatus));
    }
    end(
        db,
        actor,
        department_id,
        id,
        expected,
        req.status,
        &req.reason,
        req.ended_on,
        None,
    )
    .await
}

/// Changes an issued decision (变更): a later issued decision of the department
/// replaces it; the reason is public.
pub async fn change(
    db: &Db,
    actor: &Actor,
    department_id: i64,
    id: i64,
    expected: i64,
    req: &ChangeRequest,
) -> Result<DecisionRow> {
    let code = CaseCode::parse(&req.new_case_code)
        .map_err(|e| AppError::validation("new_case_code", e))?;
    let mut conn = db.pool().acquire().await?;
    let new = db::decisions::id_by_code(&mut conn, &code).await?;
    drop(conn);
    let new_id = match new {
        Some((new_id, dept, status))
            if dept == department_id && status == DecisionStatus::Issued && new_id != id =>
        {
            new_id
        }
        _ => {
            return Err(AppError::validation(
                "new_case_code",
                Msg::NewDecisionOwnIssued,
            ));
        }
    };
    end(
        db,
        actor,
        department_id,
        id,
        expected,
        DecisionStatus::Changed,
        &req.reason,
        req.ended_on,
        Some(new_id),
    )
    .await
}

#[allow(clippy::too_many_arguments)]
async fn end(
    db: &Db,
    actor: &Actor,
    department_id: i64,
    id: i64,
    expected: i64,
    status: DecisionStatus,
    reason: &str,
    ended_on_given: Option<Date>,
    replaced_by: Option<i64>,
) -> Result<DecisionRow> {
    let mut tx = db.begin().await?;
    let before = load(&mut tx, department_id, id).await?;
    if before.record.status != DecisionStatus::Issued {
        return Err(AppError::validation("status", Msg::OnlyInForceEnded));
    }
    if before.record.version != expected {
        return Err(stale(&before));
    }
    let reason = public_reason(&before, reason)?;
    let ended_on = ended_on(db, &before, ended_on_given)?;
    let ending = db::decisions::Ending {
        status,
        reason: &reason,
        ended_on,
        replaced_by,
    };
    if !db::decisions::end(&mut tx, id, expected, &ending, &actor.username).await? {
        let current = load(&mut tx, department_id, id).await?;
        return Err(stale(&current));
    }
    let after = load(&mut tx, department_id, id).await?;
    record(
        &mut tx,
        actor,
        Some(&before),
        &after,
        status.as_str(),
        Some(&reason),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// Rebuilds the signed fields of an issued decision.
pub fn signed_of(d: &DecisionRow) -> Option<SignedDecision> {
    let i = d.issuance.as_ref()?;
    Some(signed_fields(
        d,
        &i.snapshot,
        i.case_code.as_str(),
        &i.key_id,
        i.issued_at,
    ))
}
