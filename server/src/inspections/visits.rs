//! Inspections themselves: their codes and signatures, inspections outside a plan,
//! results, what a code tells whoever scans it, ratings and reports.

use app::model::{
    AdHocInput, CaseCode, Date, DepartmentName, Entity, Ground, Inspection, InspectionCode,
    InspectionItem, InspectionStatus, InspectionVerification, InspectorOnDuty, Msg, Outcome,
    PublicResult, RatingInput, RegionCode, Report, ReportInput, ResultInput, SignatureCheck,
    SignedInspection, base32, certificate_valid_on, inspection_url, public_entity_name,
    publicity::scrub, signature,
};
use serde_json::json;

use crate::{
    AppError, Result,
    db::{
        self, Db, Tx,
        audit::{self, Actor},
        inspections::{InspectionRow, NewInspection},
    },
    keys::KeyRing,
};

/// What issuing an inspection needs.
pub struct Issue<'a> {
    /// The region of the lead department: the code's region.
    pub lead_region: &'a RegionCode,
    pub departments: &'a [DepartmentName],
    pub department_ids: &'a [i64],
    pub plan_id: Option<i64>,
    pub ground: Ground,
    pub ground_note: Option<&'a str>,
    pub entity: &'a Entity,
    pub items: &'a [InspectionItem],
    /// (officer id, as the notice names them), in order.
    pub officers: &'a [(i64, app::model::Inspector)],
    pub window: (Date, Date),
    pub by: &'a str,
}

async fn allocate(
    tx: &mut Tx,
    keys: &KeyRing,
    region: &RegionCode,
    year: u32,
) -> Result<InspectionCode> {
    for _ in 0..1_000 {
        let n = db::inspections::next_serial(tx, region.as_str(), year).await?;
        let Some(serial) = keys.inspection_serials().serial(region.as_str(), year, n) else {
            return Err(anyhow::anyhow!(
                "region {region} has used every inspection code of {year}"
            )
            .into());
        };
        if let Some(code) = InspectionCode::issue(region, year, serial)
            && !db::inspections::code_taken(tx, &code).await?
        {
            return Ok(code);
        }
    }
    Err(
        anyhow::anyhow!("no issuable inspection code for {region} in {year} after 1,000 serials")
            .into(),
    )
}

/// Issues an inspection its code and signature, in the caller's transaction.
pub async fn issue(tx: &mut Tx, keys: &KeyRing, i: &Issue<'_>) -> Result<i64> {
    let year = u32::try_from(i.window.0.year())
        .map_err(|_| anyhow::anyhow!("window {} has no year", i.window.0))?;
    let code = allocate(tx, keys, i.lead_region, year).await?;
    let signed = SignedInspection {
        key_id: keys.current()?.id.clone(),
        code,
        departments: i.departments.iter().map(|d| d.name.clone()).collect(),
        ground: i.ground,
        plan_id: i.plan_id,
        entity_uscc: i.entity.uscc.to_string(),
        entity_name: i.entity.name.clone(),
        items: i.items.iter().map(|it| it.code.clone()).collect(),
        inspectors: i
            .officers
            .iter()
            .map(|(_, o)| o.certificate_number.clone())
            .collect(),
        window_from: i.window.0,
        window_until: i.window.1,
        issued_at: tx.clock().now(),
    };
    let (_, sig) = keys.sign(&signed.canonical_bytes())?;
    let officer_ids: Vec<i64> = i.officers.iter().map(|(id, _)| *id).collect();
    db::inspections::insert(
        tx,
        &NewInspection {
            department_ids: i.department_ids,
            plan_id: i.plan_id,
            entity_id: i.entity.id,
            ground_note: i.ground_note,
            items: i.items,
            signed: &signed,
            signature: &base32::encode(&sig),
            officer_ids: &officer_ids,
            by: i.by,
        },
    )
    .await
}

fn not_found() -> AppError {
    AppError::not_found(Msg::NoInspection)
}

/// Opens an inspection outside a plan, on a complaint or a referral: the department's
/// own inspection items, two or more of its officers valid for the whole window and free
/// of conflict with the entity.
pub async fn open(
    db: &Db,
    keys: &KeyRing,
    actor: &Actor,
    department_id: i64,
    input: &AdHocInput,
) -> Result<InspectionRow> {
    let (uscc, note) = input
        .validate(db.clock().today())
        .map_err(|(field, msg)| AppError::validation(field, msg))?;
    let department = db::departments::find(db, department_id)
        .await?
        .ok_or_else(|| AppError::not_found(Msg::NoDepartment))?;
    let mut tx = db.begin().await?;
    let entity = db::entities::find_by_uscc(&mut tx, uscc.as_str())
        .await?
        .ok_or_else(|| {
            AppError::validation(
                "entity_uscc",
                Msg::NoEntity {
                    uscc: uscc.to_string(),
                },
            )
        })?;
    let items = super::inspection_items(&mut tx, department_id, &input.claim_ids).await?;
    let mut officers = Vec::new();
    let mut ids: Vec<i64> = Vec::new();
    for (i, &id) in input.officer_ids.iter().enumerate() {
        if ids.contains(&id) {
            continue;
        }
        ids.push(id);
        let field = format!("officer_ids[{i}]");
        let o = db::officers::find(&mut tx, department_id, id)
            .await?
            .ok_or_else(|| AppError::validation(&field, Msg::NotOwnOfficer))?;
        if !super::valid_throughout(&o, input.window_from, input.window_until) {
            return Err(AppError::validation(
                field,
                Msg::InspectorCertificateInvalid {
                    name: o.name,
                    certificate: o.certificate_number,
                },
            ));
        }
        if db::entities::in_conflict(&mut tx, o.id, entity.id).await? {
            return Err(AppError::validation(
                field,
                Msg::InspectorConflict { name: o.name },
            ));
        }
        officers.push((
            o.id,
            app::model::Inspector {
                name: o.name,
                certificate_number: o.certificate_number,
            },
        ));
    }
    let departments = [DepartmentName {
        id: department.id,
        name: department.name.clone(),
    }];
    let id = issue(
        &mut tx,
        keys,
        &Issue {
            lead_region: &department.region_code,
            departments: &departments,
            department_ids: &[department.id],
            plan_id: None,
            ground: input.ground,
            ground_note: Some(&note),
            entity: &entity,
            items: &items,
            officers: &officers,
            window: (input.window_from, input.window_until),
            by: &actor.username,
        },
    )
    .await?;
    let row = db::inspections::find(&mut tx, department_id, id)
        .await?
        .ok_or_else(not_found)?;
    audit::append(&mut tx, actor, audit::Event {
        action: "inspection.open",
        entity: "inspection",
        entity_id: id.to_string(),
        before: None,
        after: None,
        detail: json!({ "department_id": department_id, "code": row.code.as_str(), "ground": input.ground }),
    })
    .await?;
    tx.commit().await?;
    Ok(row)
}

/// The public form of a recorded result: the note scrubbed of personal data.
pub fn public_result(row: &InspectionRow) -> Option<PublicResult> {
    Some(PublicResult {
        outcome: row.outcome?,
        note: scrub(row.result_note.as_deref().unwrap_or_default(), &[]),
        rectify_by: row.rectify_by,
        case_code: row
            .case_code
            .as_deref()
            .and_then(|c| CaseCode::parse(c).ok()),
        recorded_on: row.result_at?.china_date(),
    })
}

/// An inspection as the workspace shows it, with the text of its notice's QR code.
pub fn view(row: &InspectionRow, keys: &KeyRing, public_base: &str) -> Inspection {
    let token = keys.rating_token(row.code.as_str());
    Inspection {
        id: row.id,
        code: row.code.clone(),
        department_id: row.department_id,
        departments: row.signed.departments.clone(),
        plan_id: row.plan_id,
        ground: row.signed.ground,
        ground_note: row.ground_note.clone(),
        entity_uscc: row.signed.entity_uscc.clone(),
        entity_name: row.signed.entity_name.clone(),
        items: row.items.clone(),
        inspectors: row.officers.iter().map(|o| o.public()).collect(),
        window_from: row.signed.window_from,
        window_until: row.signed.window_until,
        status: row.status,
        result: public_result(row),
        issued_at: row.signed.issued_at,
        qr_text: inspection_url(public_base, &row.code, &row.signature, &token),
    }
}

/// What a scanned or typed inspection code tells. Anyone learns whether it is genuine,
/// who inspects on what ground, the items, the inspectors with their certificates'
/// standing today, and the window; the entity and the result only the notice's holder
/// (a valid signature) or anyone for a task of a published plan.
pub async fn lookup(
    db: &Db,
    keys: &KeyRing,
    code: &InspectionCode,
    signature_text: Option<&str>,
) -> Result<Option<InspectionVerification>> {
    let Some(row) = db::inspections::find_by_code(db, code).await? else {
        return Ok(None);
    };
    let check = match signature_text {
        None => SignatureCheck::NotGiven,
        Some(text) => {
            let key = keys.public_key(db, &row.signed.key_id).await?;
            let sig = base32::decode(text);
            let valid = matches!((key, sig), (Some(key), Some(sig))
                if signature::verify(&key, &row.signed.canonical_bytes(), &sig)
                    && base32::encode(&sig) == row.signature);
            if valid {
                SignatureCheck::Valid
            } else {
                SignatureCheck::Mismatch
            }
        }
    };
    let holder = check == SignatureCheck::Valid;
    let published = row.plan_public && row.signed.ground == Ground::Plan;
    let today = db.clock().today();
    let s = &row.signed;
    Ok(Some(InspectionVerification {
        code: row.code.clone(),
        status: row.status,
        signature: check,
        departments: s.departments.clone(),
        ground: s.ground,
        plan_id: row.plan_id.filter(|_| published || holder),
        plan_title: row.plan_title.clone().filter(|_| published || holder),
        items: row.items.clone(),
        inspectors: row
            .officers
            .iter()
            .map(|o| InspectorOnDuty {
                name: o.name.clone(),
                certificate_number: o.certificate_number.clone(),
                valid_today: certificate_valid_on(o.status, o.valid_from, o.valid_until, today),
                valid_until: o.valid_until,
            })
            .collect(),
        window_from: s.window_from,
        window_until: s.window_until,
        in_window: s.window_from <= today && today <= s.window_until,
        entity_name: if holder {
            Some(s.entity_name.clone())
        } else if published {
            Some(public_entity_name(&s.entity_uscc, &s.entity_name))
        } else {
            None
        },
        result: public_result(&row).filter(|_| holder || published),
        rated: holder.then_some(row.rated),
        signed: holder.then(|| s.clone()),
    }))
}

/// Records a scheduled inspection's result. A case code, when given, must be a decision
/// the department issued.
pub async fn record_result(
    db: &Db,
    actor: &Actor,
    department_id: i64,
    id: i64,
    input: &ResultInput,
) -> Result<InspectionRow> {
    let result = input
        .validate(db.clock().today())
        .map_err(|(field, msg)| AppError::validation(field, msg))?;
    let mut tx = db.begin().await?;
    let row = db::inspections::find(&mut tx, department_id, id)
        .await?
        .ok_or_else(not_found)?;
    match row.status {
        InspectionStatus::Done => return Err(AppError::conflict("outcome", Msg::ResultRecorded)),
        InspectionStatus::Cancelled => {
            return Err(AppError::conflict("outcome", Msg::InspectionCancelled));
        }
        InspectionStatus::Scheduled => {}
    }
    if let Some(code) = &result.case_code {
        own_decision(&mut tx, department_id, code).await?;
    }
    let case_code = result.case_code.as_ref().map(|c| c.to_string());
    if !db::inspections::record_result(
        &mut tx,
        id,
        result.outcome,
        &result.note,
        result.rectify_by,
        case_code.as_deref(),
        &actor.username,
    )
    .await?
    {
        return Err(AppError::conflict("outcome", Msg::ResultRecorded));
    }
    let after = db::inspections::find(&mut tx, department_id, id)
        .await?
        .ok_or_else(not_found)?;
    audit::append(&mut tx, actor, audit::Event {
        action: "inspection.result",
        entity: "inspection",
        entity_id: id.to_string(),
        before: None,
        after: None,
        detail: json!({ "department_id": department_id, "code": row.code.as_str(), "outcome": result.outcome }),
    })
    .await?;
    tx.commit().await?;
    Ok(after)
}

async fn own_decision(tx: &mut Tx, department_id: i64, code: &CaseCode) -> Result<()> {
    let own = db::decisions::id_by_code(tx, code)
        .await?
        .map(|(_, dept, _)| dept == department_id)
        .unwrap_or(false);
    if own {
        Ok(())
    } else {
        Err(AppError::validation(
            "case_code",
            Msg::CaseCodeNotOwn {
                code: code.to_string(),
            },
        ))
    }
}

/// Links the decision of the case an inspection opened.
pub async fn link_case(
    db: &Db,
    actor: &Actor,
    department_id: i64,
    id: i64,
    code: &str,
) -> Result<InspectionRow> {
    let code = CaseCode::parse(code).map_err(|e| AppError::validation("case_code", e))?;
    let mut tx = db.begin().await?;
    let row = db::inspections::find(&mut tx, department_id, id)
        .await?
        .ok_or_else(not_found)?;
    if row.outcome != Some(Outcome::CaseOpened) {
        return Err(AppError::conflict("case_code", Msg::CaseLinkNeedsCase));
    }
    own_decision(&mut tx, department_id, &code).await?;
    if !db::inspections::link_case(&mut tx, id, code.as_str()).await? {
        return Err(AppError::conflict("case_code", Msg::CaseLinkNeedsCase));
    }
    let after = db::inspections::find(&mut tx, department_id, id)
        .await?
        .ok_or_else(not_found)?;
    audit::append(&mut tx, actor, audit::Event {
        action: "inspection.case",
        entity: "inspection",
        entity_id: id.to_string(),
        before: None,
        after: None,
        detail: json!({ "department_id": department_id, "code": row.code.as_str(), "case_code": code.as_str() }),
    })
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// Why a rating was refused.
pub enum Refused {
    /// No such code, or the token is not the code's: counts against the lookup limit.
    Token,
    Other(AppError),
}

/// The inspected company rates an inspection, once, with the token from its notice.
pub async fn rate(
    db: &Db,
    keys: &KeyRing,
    code: &InspectionCode,
    input: &RatingInput,
) -> std::result::Result<(), Refused> {
    let comment = input
        .validate()
        .map_err(|(field, msg)| Refused::Other(AppError::validation(field, msg)))?;
    if !keys.rating_token_matches(code.as_str(), &input.token) {
        return Err(Refused::Token);
    }
    let row = db::inspections::find_by_code(db, code)
        .await
        .map_err(Refused::Other)?
        .ok_or(Refused::Token)?;
    if row.status == InspectionStatus::Cancelled {
        return Err(Refused::Other(AppError::conflict(
            "token",
            Msg::InspectionCancelled,
        )));
    }
    if db.clock().today() < row.signed.window_from {
        return Err(Refused::Other(AppError::conflict(
            "token",
            Msg::RatingTooEarly,
        )));
    }
    let comment = scrub(&comment, &[]);
    let mut tx = db.begin().await.map_err(Refused::Other)?;
    if !db::inspections::rate(&mut tx, row.id, input, &comment)
        .await
        .map_err(Refused::Other)?
    {
        return Err(Refused::Other(AppError::conflict(
            "token",
            Msg::RatedAlready,
        )));
    }
    tx.commit().await.map_err(Refused::Other)?;
    Ok(())
}

/// Records a report of an inspection without a valid code, for the supervisors.
pub async fn report(db: &Db, input: &ReportInput) -> Result<Report> {
    let report = input
        .validate(db.clock().today())
        .map_err(|(field, msg)| AppError::validation(field, msg))?;
    let department_name = match report.department_id {
        Some(id) => {
            db::departments::find(db, id)
                .await?
                .ok_or_else(|| AppError::validation("department_id", Msg::NoDepartment))?
                .name
        }
        None => report.department_text.clone(),
    };
    let mut tx = db.begin().await?;
    let reported_at = tx.clock().now();
    let id = db::inspections::add_report(&mut tx, &report, reported_at).await?;
    tx.commit().await?;
    Ok(Report {
        id,
        department_id: report.department_id,
        department_name,
        code: report.code,
        entity_name: report.entity_name,
        happened_on: report.happened_on,
        description: report.description,
        contact: report.contact,
        reported_at,
    })
}
