//! Decisions, their officers, case-code counters and history.

use app::model::{
    CaseCode, Category, Date, DecisionFilter, DecisionList, DecisionOfficer, DecisionRecord,
    DecisionSortKey, DecisionStage, DecisionStatus, DecisionSummary, LegalReview, Listing,
    Timestamp, ValidDecision,
};
use serde::Serialize;
use sqlx::{AnyConnection, Row, any::AnyRow};

use super::Db;
use crate::Result;

pub const MAX_LIST: i64 = 500;

const COLUMNS: &str = "x.id, x.department_id, dp.name AS department_name, x.claim_id, \
    ci.code AS item_code, ci.name AS item_name, x.document_number, x.kind, x.procedure, x.party_kind, \
    x.party_name, x.party_uscc, x.uscc_override_reason, x.party_id_number, x.facts, x.legal_basis, \
    x.result, x.penalty_types, x.amount_fen, x.decision_date, x.major, x.legal_review_by, \
    x.legal_review_at, x.legal_review_opinion, x.review_comment, x.status, x.case_code, \
    x.issued_department, x.issued_item_code, x.issued_item_name, x.issued_officers, x.key_id, \
    x.signature, x.issued_at, x.status_reason, x.status_at, r.case_code AS replaced_by_code, \
    x.minor, x.withheld_reason, x.region_code, x.public_party_name, x.public_facts, \
    x.public_legal_basis, x.public_result, x.publish_by, x.published_at, x.published_until, \
    x.withdrawn_at, x.published_on, x.withdrawn_on, x.ended_on, x.named_persons, x.version, \
    x.updated_at, x.updated_by";
const FROM: &str = "FROM decisions x JOIN departments dp ON dp.id = x.department_id \
    JOIN claims cl ON cl.id = x.claim_id JOIN catalog_items ci ON ci.id = cl.item_id \
    LEFT JOIN decisions r ON r.id = x.replaced_by";

fn bad(what: &str, value: &str) -> crate::AppError {
    anyhow::anyhow!("decisions row holds an invalid {what}: {value}").into()
}

/// A decision as stored: its record and, for an issued one, what was fixed and signed at
/// issuance. The API's view (`app::model::Decision`) is built from it; the rules
/// (`cases`) read it.
#[derive(Debug, Clone, Serialize)]
pub struct DecisionRow {
    pub record: DecisionRecord,
    /// Set from issuance on.
    pub issuance: Option<Issuance>,
}

/// What issuing fixed: the case code, the key and signature, the time, and the snapshot
/// the signature covers.
#[derive(Debug, Clone, Serialize)]
pub struct Issuance {
    pub case_code: CaseCode,
    pub key_id: String,
    /// Base32 (RFC 4648, no padding) of the Ed25519 signature.
    pub signature: String,
    pub issued_at: Timestamp,
    pub snapshot: Issued,
}

impl DecisionRow {
    pub fn case_code(&self) -> Option<&CaseCode> {
        self.issuance.as_ref().map(|i| &i.case_code)
    }
}

/// The signing-time snapshot of a decision: what the record does not hold itself.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Issued {
    pub department_name: String,
    pub region_code: String,
    pub item_code: String,
    pub item_name: String,
    /// Certificate numbers in signing order.
    pub officers: Vec<String>,
    /// The public forms of the text, fixed at issuance.
    pub public: PublicText,
}

/// What public answers show of a decision's text: a person's name masked, personal data
/// scrubbed (`app::model::publicity::scrub`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PublicText {
    pub party_name: String,
    pub facts: String,
    pub legal_basis: String,
    pub result: String,
}

/// The one mapping of a `COLUMNS` row.
fn from_row(row: &AnyRow) -> Result<DecisionRow> {
    let text = |column: &str| -> Result<String> {
        Ok(row
            .try_get::<Option<String>, _>(column)?
            .unwrap_or_default())
    };
    let case_code = |column: &str| -> Result<Option<CaseCode>> {
        row.try_get::<Option<String>, _>(column)?
            .map(|c| CaseCode::parse(&c).map_err(|_| bad("case code", &c)))
            .transpose()
    };
    let legal_review = match row.try_get::<Option<String>, _>("legal_review_by")? {
        Some(reviewer) => Some(LegalReview {
            reviewer,
            at: row.try_get("legal_review_at")?,
            opinion: text("legal_review_opinion")?,
        }),
        None => None,
    };
    let issuance = match (
        case_code("case_code")?,
        row.try_get::<Option<String>, _>("issued_department")?,
    ) {
        (Some(case_code), Some(department_name)) => Some(Issuance {
            case_code,
            key_id: text("key_id")?,
            signature: text("signature")?,
            issued_at: row
                .try_get::<Option<Timestamp>, _>("issued_at")?
                .ok_or_else(|| bad("issuance", "no issued_at"))?,
            snapshot: Issued {
                department_name,
                region_code: text("region_code")?,
                public: PublicText {
                    party_name: text("public_party_name")?,
                    facts: text("public_facts")?,
                    legal_basis: text("public_legal_basis")?,
                    result: text("public_result")?,
                },
                item_code: text("issued_item_code")?,
                item_name: text("issued_item_name")?,
                officers: match row.try_get::<Option<String>, _>("issued_officers")? {
                    Some(text) => super::list_of("issued_officers", &text)?,
                    None => Vec::new(),
                },
            },
        }),
        (None, None) => None,
        (code, _) => return Err(bad("issuance", &format!("{code:?} without its snapshot"))),
    };
    let record = DecisionRecord {
        id: row.try_get("id")?,
        department_id: row.try_get("department_id")?,
        department_name: row.try_get("department_name")?,
        claim_id: row.try_get("claim_id")?,
        item_code: row.try_get("item_code")?,
        item_name: row.try_get("item_name")?,
        document_number: row.try_get("document_number")?,
        kind: row.try_get("kind")?,
        procedure: row.try_get("procedure")?,
        party_kind: row.try_get("party_kind")?,
        party_name: row.try_get("party_name")?,
        party_uscc: row.try_get("party_uscc")?,
        uscc_override_reason: row.try_get("uscc_override_reason")?,
        party_id_number: row.try_get("party_id_number")?,
        facts: row.try_get("facts")?,
        legal_basis: row.try_get("legal_basis")?,
        result: row.try_get("result")?,
        penalty_types: super::codes_of(
            "penalty_types",
            &row.try_get::<String, _>("penalty_types")?,
        )?,
        amount_fen: row.try_get("amount_fen")?,
        decision_date: row.try_get("decision_date")?,
        major: row.try_get::<i64, _>("major")? == 1,
        minor: row.try_get::<i64, _>("minor")? == 1,
        withheld_reason: row.try_get("withheld_reason")?,
        named_persons: super::list_of(
            "named_persons",
            &row.try_get::<String, _>("named_persons")?,
        )?,
        officers: Vec::new(),
        status: row.try_get("status")?,
        legal_review,
        review_comment: row.try_get("review_comment")?,
        status_reason: row.try_get("status_reason")?,
        status_at: row.try_get("status_at")?,
        replaced_by: case_code("replaced_by_code")?,
        ended_on: row.try_get("ended_on")?,
        listing: Listing {
            publish_by: row.try_get("publish_by")?,
            published_at: row.try_get("published_at")?,
            published_until: row.try_get("published_until")?,
            withdrawn_at: row.try_get("withdrawn_at")?,
            published_on: row.try_get("published_on")?,
            withdrawn_on: row.try_get("withdrawn_on")?,
        },
        version: row.try_get("version")?,
        updated_at: row.try_get("updated_at")?,
        updated_by: row.try_get("updated_by")?,
    };
    Ok(DecisionRow { record, issuance })
}

async fn with_officers(
    conn: &mut AnyConnection,
    row: Option<AnyRow>,
) -> Result<Option<DecisionRow>> {
    let Some(row) = row else { return Ok(None) };
    let mut decision = from_row(&row)?;
    decision.record.officers = officers_of(conn, decision.record.id).await?;
    Ok(Some(decision))
}

/// A decision of the department, or `None` (also when it belongs to another one).
pub async fn find(
    conn: &mut AnyConnection,
    department_id: i64,
    id: i64,
) -> Result<Option<DecisionRow>> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} {FROM} WHERE x.id = $1 AND x.department_id = $2"
    ))
    .bind(id)
    .bind(department_id)
    .fetch_optional(&mut *conn)
    .await?;
    with_officers(conn, row).await
}

/// An issued (or since revoked or changed) decision by its case code, in one query:
/// its officers are those of the snapshot fixed at issuance (`Issued::officers`), which
/// is what verification shows and checks; the record's `officers` stay empty.
/// With it, the row's revision as read in the same query.
pub async fn find_by_code(db: &Db, code: &CaseCode) -> Result<Option<(DecisionRow, i64)>> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS}, x.revision {FROM} WHERE x.case_code = $1"
    ))
    .bind(code.as_str())
    .fetch_optional(db.pool())
    .await?;
    row.as_ref()
        .map(|r| Ok((from_row(r)?, r.try_get("revision")?)))
        .transpose()
}

/// The body hash and decision of an earlier request with this idempotency key.
pub async fn idempotent(
    conn: &mut AnyConnection,
    caller: &str,
    key: &str,
) -> Result<Option<(String, i64)>> {
    let row = sqlx::query(
        "SELECT request_hash, decision_id FROM idempotency_keys WHERE caller = $1 AND key = $2",
    )
    .bind(caller)
    .bind(key)
    .fetch_optional(&mut *conn)
    .await?;
    row.map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).transpose()
}

/// Keeps what a request with an idempotency key made.
pub async fn remember(
    tx: &mut super::Tx,
    caller: &str,
    key: &str,
    hash: &str,
    decision_id: i64,
) -> Result<()> {
    let now = tx.clock().now();
    let conn: &mut AnyConnection = tx;
    sqlx::query(
        "INSERT INTO idempotency_keys (caller, key, request_hash, decision_id, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(caller)
    .bind(key)
    .bind(hash)
    .bind(decision_id)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn id_by_code(
    conn: &mut AnyConnection,
    code: &CaseCode,
) -> Result<Option<(i64, i64, DecisionStatus)>> {
    let row = sqlx::query("SELECT id, department_id, status FROM decisions WHERE case_code = $1")
        .bind(code.as_str())
        .fetch_optional(&mut *conn)
        .await?;
    row.map(|r| {
        Ok((
            r.try_get("id")?,
            r.try_get("department_id")?,
            r.try_get("status")?,
        ))
    })
    .transpose()
}

pub async fn officers_of(
    conn: &mut AnyConnection,
    decision_id: i64,
) -> Result<Vec<DecisionOfficer>> {
    let rows = sqlx::query(
        "SELECT o.id, o.name, o.certificate_number FROM decision_officers x \
         JOIN officers o ON o.id = x.officer_id WHERE x.decision_id = $1 ORDER BY x.position",
    )
    .bind(decision_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(DecisionOfficer {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                certificate_number: r.try_get("certificate_number")?,
            })
        })
        .collect()
}

/// The condition each stage of the work stands for, on `decisions`: the list's filter
/// and the overview's counts read the same text.
pub fn stage_condition(stage: DecisionStage) -> &'static str {
    match stage {
        DecisionStage::AwaitingReview => {
            "status = 'draft' AND major = 1 AND legal_review_by IS NULL AND review_comment IS NULL"
        }
        DecisionStage::Returned => {
            "status = 'draft' AND legal_review_by IS NULL AND review_comment IS NOT NULL"
        }
        DecisionStage::Ready => "status = 'draft' AND (major = 0 OR legal_review_by IS NOT NULL)",
        DecisionStage::Unpublished => {
            "status = 'issued' AND published_at IS NULL AND publish_by IS NOT NULL"
        }
    }
}

/// The column a sort order reads, as SQL and as the cursor's text of a row.
fn sort_column(key: DecisionSortKey) -> &'static str {
    match key {
        DecisionSortKey::Registered => "id",
        DecisionSortKey::DecisionDate => "decision_date",
        DecisionSortKey::DocumentNumber => "document_number",
        DecisionSortKey::Party => "party_name",
        DecisionSortKey::Updated => "updated_at",
    }
}

/// A page of a department's decisions by a checked filter: the rows after the cursor in
/// the filter's order, the number of all matches, and the next page's cursor.
pub async fn list(db: &Db, department_id: i64, f: &DecisionFilter) -> Result<DecisionList> {
    use super::disclosures::Param;
    let mut sql = String::from("WHERE department_id = $1");
    let mut params: Vec<Param> = Vec::new();
    let mut add = |sql: &mut String, cond: &str, p: Param| {
        params.push(p);
        sql.push_str(&cond.replace("$?", &format!("${}", params.len() + 1)));
    };
    if let Some(q) = &f.q {
        let like = match db.backend() {
            app::model::DatabaseBackend::Postgres => "ILIKE",
            app::model::DatabaseBackend::Sqlite => "LIKE",
        };
        add(
            &mut sql,
            &format!(
                " AND (document_number {like} $? ESCAPE '\\' OR party_name {like} $? ESCAPE '\\' \
                 OR case_code LIKE upper($?) ESCAPE '\\')"
            ),
            Param::Text(super::departments::contains_pattern(q)),
        );
    }
    if let Some(status) = f.status {
        add(
            &mut sql,
            " AND status = $?",
            Param::Text(status.as_str().into()),
        );
    }
    if let Some(stage) = f.stage {
        sql.push_str(&format!(" AND {}", stage_condition(stage)));
    }
    if let Some(kind) = f.kind {
        add(
            &mut sql,
            " AND kind = $?",
            Param::Text(kind.as_str().into()),
        );
    }
    if let Some(from) = f.from {
        add(
            &mut sql,
            " AND decision_date >= $?",
            Param::Text(from.to_string()),
        );
    }
    if let Some(to) = f.to {
        add(
            &mut sql,
            " AND decision_date <= $?",
            Param::Text(to.to_string()),
        );
    }
    let count_sql = format!("SELECT COUNT(*) AS total FROM decisions {sql}");
    let column = sort_column(f.sort.key);
    let (op, direction) = if f.sort.descending {
        ("<", "DESC")
    } else {
        (">", "ASC")
    };
    let mut page_params = params.clone();
    if let Some((key, id)) = &f.after {
        let key = match f.sort.key {
            DecisionSortKey::Registered => Param::Int(key.parse().unwrap_or(*id)),
            _ => Param::Text(key.clone()),
        };
        page_params.push(key);
        let k = page_params.len() + 1;
        page_params.push(Param::Int(*id));
        let i = page_params.len() + 1;
        sql.push_str(&format!(
            " AND ({column} {op} ${k} OR ({column} = ${k} AND id {op} ${i}))"
        ));
    }
    let page_sql = format!(
        "SELECT id, document_number, party_name, kind, decision_date, status, major, procedure, \
         penalty_types, minor, withheld_reason, legal_review_by, review_comment, case_code, \
         publish_by, published_at, published_until, withdrawn_at, version, updated_at \
         FROM decisions {sql} ORDER BY {column} {direction}, id {direction} LIMIT {}",
        f.limit + 1
    );
    let total: i64 = super::disclosures::bind(sqlx::query(&count_sql), department_id, &params)
        .fetch_one(db.pool())
        .await?
        .try_get("total")?;
    let rows = super::disclosures::bind(sqlx::query(&page_sql), department_id, &page_params)
        .fetch_all(db.pool())
        .await?;
    let today = db.clock().today();
    let mut items = rows
        .iter()
        .map(|r| summary_of(r, today))
        .collect::<Result<Vec<_>>>()?;
    let next = if items.len() as i64 > f.limit {
        items.truncate(f.limit as usize);
        items.last().map(|d| {
            let key = match f.sort.key {
                DecisionSortKey::Registered => d.id.to_string(),
                DecisionSortKey::DecisionDate => d.decision_date.to_string(),
                DecisionSortKey::DocumentNumber => d.document_number.clone(),
                DecisionSortKey::Party => d.party_name.clone(),
                DecisionSortKey::Updated => d.updated_at.to_string(),
            };
            format!("{key}~{}", d.id)
        })
    } else {
        None
    };
    Ok(DecisionList { items, total, next })
}

fn summary_of(r: &AnyRow, today: Date) -> Result<DecisionSummary> {
    let code: Option<String> = r.try_get("case_code")?;
    let status: DecisionStatus = r.try_get("status")?;
    let penalties: String = r.try_get("penalty_types")?;
    let penalty_types = super::codes_of("penalty_types", &penalties)?;
    let by_law = app::model::publicity::eligibility(
        r.try_get("procedure")?,
        &penalty_types,
        r.try_get::<i64, _>("minor")? == 1,
        r.try_get::<Option<String>, _>("withheld_reason")?
            .as_deref(),
    )
    .is_ok();
    let listing = Listing {
        publish_by: r.try_get("publish_by")?,
        published_at: r.try_get("published_at")?,
        published_until: r.try_get("published_until")?,
        withdrawn_at: r.try_get("withdrawn_at")?,
        published_on: None,
        withdrawn_on: None,
    };
    let publication = app::model::publicity::publication(status, by_law, &listing, today);
    Ok(DecisionSummary {
        id: r.try_get("id")?,
        document_number: r.try_get("document_number")?,
        party_name: r.try_get("party_name")?,
        kind: r.try_get("kind")?,
        decision_date: r.try_get("decision_date")?,
        status,
        major: r.try_get::<i64, _>("major")? == 1,
        reviewed: r.try_get::<Option<String>, _>("legal_review_by")?.is_some(),
        returned: status == DecisionStatus::Draft
            && r.try_get::<Option<String>, _>("legal_review_by")?.is_none()
            && r.try_get::<Option<String>, _>("review_comment")?.is_some(),
        case_code: code
            .map(|c| CaseCode::parse(&c).map_err(|_| bad("case code", &c)))
            .transpose()?,
        publish_by: listing
            .publish_by
            .filter(|_| publication == Some(app::model::Publication::Pending)),
        publication,
        version: r.try_get("version")?,
        updated_at: r.try_get("updated_at")?,
    })
}

/// The columns a draft's input fills, in the order [`bind_draft`] binds them.
const DRAFT_COLUMNS: [&str; 19] = [
    "claim_id",
    "document_number",
    "kind",
    "procedure",
    "party_kind",
    "party_name",
    "party_uscc",
    "uscc_override_reason",
    "party_id_number",
    "facts",
    "legal_basis",
    "result",
    "penalty_types",
    "amount_fen",
    "decision_date",
    "major",
    "minor",
    "withheld_reason",
    "named_persons",
];

type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

/// Binds a draft's input to the next placeholders, in the order of [`DRAFT_COLUMNS`].
fn bind_draft<'q>(query: AnyQuery<'q>, d: &'q ValidDecision) -> AnyQuery<'q> {
    query
        .bind(d.claim_id)
        .bind(d.document_number.as_str())
        .bind(d.kind)
        .bind(d.procedure)
        .bind(d.party.kind())
        .bind(d.party.name())
        .bind(d.party.uscc())
        .bind(d.party.uscc_override_reason())
        .bind(d.party.id_number().map(|id| id.as_str()))
        .bind(&d.facts)
        .bind(&d.legal_basis)
        .bind(&d.result)
        .bind(super::list_text(d.penalty_types.iter().map(|p| p.as_str())))
        .bind(d.amount_fen)
        .bind(d.decision_date)
        .bind(i64::from(d.major))
        .bind(i64::from(d.minor))
        .bind(&d.withheld_reason)
        .bind(super::list_text(&d.named_persons))
}

/// `$first, $first+1, …` for the draft's columns.
fn draft_placeholders(first: usize) -> String {
    (first..first + DRAFT_COLUMNS.len())
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A new draft (input validated); 409 on a document number in use.
pub async fn insert(
    tx: &mut super::Tx,
    department_id: i64,
    d: &ValidDecision,
    by: &str,
) -> Result<i64> {
    let clock = tx.clock().clone();
    let conn: &mut AnyConnection = tx;
    let n = DRAFT_COLUMNS.len();
    let sql = format!(
        "INSERT INTO decisions (department_id, {}, status, version, created_at, updated_at, updated_by) \
         VALUES ($1, {}, 'draft', 1, ${now}, ${now}, ${by}) RETURNING id",
        DRAFT_COLUMNS.join(", "),
        draft_placeholders(2),
        now = n + 2,
        by = n + 3,
    );
    let row = bind_draft(sqlx::query(&sql).bind(department_id), d)
        .bind(clock.now())
        .bind(by)
        .fetch_one(&mut *conn)
        .await?;
    let id: i64 = row.try_get("id")?;
    set_officers(conn, id, &d.officer_ids).await?;
    Ok(id)
}

async fn set_officers(conn: &mut AnyConnection, id: i64, officer_ids: &[i64]) -> Result<()> {
    sqlx::query("DELETE FROM decision_officers WHERE decision_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for (position, officer) in officer_ids.iter().enumerate() {
        sqlx::query(
            "INSERT INTO decision_officers (decision_id, officer_id, position) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(officer)
        .bind(position as i64)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Saves a draft at `expected` version; a save clears an earlier legal review, since
/// the reviewed text changed. False when the draft moved on (or is not a draft).
pub async fn update_draft(
    tx: &mut super::Tx,
    id: i64,
    d: &ValidDecision,
    expected: i64,
    by: &str,
) -> Result<bool> {
    let clock = tx.clock().clone();
    let conn: &mut AnyConnection = tx;
    let n = DRAFT_COLUMNS.len();
    let set: Vec<String> = DRAFT_COLUMNS
        .iter()
        .enumerate()
        .map(|(i, column)| format!("{column} = ${}", i + 1))
        .collect();
    let sql = format!(
        "UPDATE decisions SET {}, legal_review_by = NULL, legal_review_at = NULL, \
         legal_review_opinion = NULL, version = version + 1, updated_at = ${}, updated_by = ${} \
         WHERE id = ${} AND version = ${} AND status = 'draft'",
        set.join(", "),
        n + 1,
        n + 2,
        n + 3,
        n + 4,
    );
    let done = bind_draft(sqlx::query(&sql), d)
        .bind(clock.now())
        .bind(by)
        .bind(id)
        .bind(expected)
        .execute(&mut *conn)
        .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    set_officers(conn, id, &d.officer_ids).await?;
    Ok(true)
}

/// Records a legal review: approved (reviewer, time, opinion) or not (the opinion is
/// the comment). False when the draft moved on.
pub async fn review(
    tx: &mut super::Tx,
    id: i64,
    expected: i64,
    approve: bool,
    opinion: &str,
    by: &str,
) -> Result<bool> {
    let clock = tx.clock().clone();
    let conn: &mut AnyConnection = tx;
    let now = clock.now();
    let sql = if approve {
        "UPDATE decisions SET legal_review_by = $1, legal_review_at = $2, legal_review_opinion = $3, \
         review_comment = NULL, version = version + 1, updated_at = $2, updated_by = $1 \
         WHERE id = $4 AND version = $5 AND status = 'draft'"
    } else {
        "UPDATE decisions SET legal_review_by = NULL, legal_review_at = NULL, legal_review_opinion = NULL, \
         review_comment = $3, version = version + 1, updated_at = $2, updated_by = $1 \
         WHERE id = $4 AND version = $5 AND status = 'draft'"
    };
    let done = sqlx::query(sql)
        .bind(by)
        .bind(now)
        .bind(opinion)
        .bind(id)
        .bind(expected)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// The case code and signature of the issued decision with this document number.
pub async fn code_by_document_number(
    db: &Db,
    document_number: &str,
) -> Result<Option<(CaseCode, String)>> {
    let row: Option<(Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT case_code, signature FROM decisions WHERE document_number = $1 AND status = 'issued'",
    )
    .bind(document_number)
    .fetch_optional(db.pool())
    .await?;
    Ok(match row {
        Some((Some(code), Some(signature))) => Some((
            CaseCode::parse(&code).map_err(|_| bad("case code", &code))?,
            signature,
        )),
        _ => None,
    })
}

/// Takes the next counter value of `region` and `year`. The row stays locked until the
/// transaction ends, so concurrent issuers queue, and a rollback returns the number.
pub async fn next_serial(conn: &mut AnyConnection, region: &str, year: u32) -> Result<u64> {
    let n: i64 = sqlx::query_scalar(
        "INSERT INTO case_code_counters (region_code, year, last) VALUES ($1, $2, 1) \
         ON CONFLICT (region_code, year) DO UPDATE SET last = case_code_counters.last + 1 RETURNING last",
    )
    .bind(region)
    .bind(i64::from(year))
    .fetch_one(&mut *conn)
    .await?;
    Ok(n as u64)
}

/// What issuing writes.
pub struct Issue<'a> {
    pub case_code: &'a CaseCode,
    pub issued: &'a Issued,
    pub key_id: &'a str,
    pub signature: &'a str,
    pub issued_at: Timestamp,
    /// The publication deadline, for a decision that is published at all.
    pub publish_by: Option<Date>,
    pub search_text: &'a str,
}

/// Marks a draft issued; false when it moved on.
pub async fn issue(
    conn: &mut AnyConnection,
    id: i64,
    expected: i64,
    i: &Issue<'_>,
    by: &str,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE decisions SET status = 'issued', case_code = $1, issued_department = $2, \
         issued_item_code = $3, issued_item_name = $4, issued_officers = $5, key_id = $6, signature = $7, \
         issued_at = $8, issued_by = $9, version = version + 1, updated_at = $8, updated_by = $9, \
         region_code = $12, public_party_name = $13, public_facts = $14, public_legal_basis = $15, \
         public_result = $16, publish_by = $17, search_text = $18 \
         WHERE id = $10 AND version = $11 AND status = 'draft'",
    )
    .bind(i.case_code.as_str())
    .bind(&i.issued.department_name)
    .bind(&i.issued.item_code)
    .bind(&i.issued.item_name)
    .bind(super::list_text(&i.issued.officers))
    .bind(i.key_id)
    .bind(i.signature)
    .bind(i.issued_at)
    .bind(by)
    .bind(id)
    .bind(expected)
    .bind(&i.issued.region_code)
    .bind(&i.issued.public.party_name)
    .bind(&i.issued.public.facts)
    .bind(&i.issued.public.legal_basis)
    .bind(&i.issued.public.result)
    .bind(i.publish_by)
    .bind(i.search_text)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Adds an issued decision to SQLite's trigram index under its listing key
/// ([`super::disclosures::search_key`]); PostgreSQL indexes `search_text` itself.
pub async fn index_for_search(conn: &mut AnyConnection, key: i64, text: &str) -> Result<()> {
    sqlx::query("INSERT INTO decision_search (rowid, body) VALUES ($1, $2)")
        .bind(key)
        .bind(text)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Publishes an issued decision; false when it moved on or is already published.
pub async fn publish(
    tx: &mut super::Tx,
    id: i64,
    expected: i64,
    until: Date,
    by: &str,
) -> Result<bool> {
    let clock = tx.clock().clone();
    let conn: &mut AnyConnection = tx;
    let now = clock.now();
    let done = sqlx::query(
        "UPDATE decisions SET published_at = $1, published_on = $6, published_until = $2, \
         version = version + 1, updated_at = $1, updated_by = $3 \
         WHERE id = $4 AND version = $5 AND status = 'issued' AND published_at IS NULL",
    )
    .bind(now)
    .bind(until)
    .bind(by)
    .bind(id)
    .bind(expected)
    .bind(clock.today())
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Sets when a decision was published and until when it is listed (demo data, whose
/// history lies in the past).
pub async fn set_publication_dates(
    conn: &mut AnyConnection,
    id: i64,
    published_at: Timestamp,
    until: Date,
) -> Result<()> {
    let published_on = published_at.china_date();
    sqlx::query(
        "UPDATE decisions SET published_at = $1, published_on = $4, published_until = $2 WHERE id = $3",
    )
    .bind(published_at)
    .bind(until)
    .bind(id)
    .bind(published_on)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// How an issued decision ended: its new status, the public reason, the date of the act
/// that ended it, and for a change the decision that replaces it.
pub struct Ending<'a> {
    pub status: DecisionStatus,
    pub reason: &'a str,
    pub ended_on: Date,
    pub replaced_by: Option<i64>,
}

/// Ends an issued decision (revoked, changed, confirmed unlawful or void) and withdraws
/// its publication today (China date); false when it is no longer issued at `expected`
/// version.
pub async fn end(
    tx: &mut super::Tx,
    id: i64,
    expected: i64,
    ending: &Ending<'_>,
    by: &str,
) -> Result<bool> {
    let clock = tx.clock().clone();
    let conn: &mut AnyConnection = tx;
    let now = clock.now();
    let done = sqlx::query(
        "UPDATE decisions SET status = $1, status_reason = $2, status_at = $3, replaced_by = $4, \
         withdrawn_at = CASE WHEN published_at IS NULL THEN NULL ELSE $3 END, \
         withdrawn_on = CASE WHEN published_at IS NULL THEN NULL ELSE $8 END, ended_on = $9, \
         version = version + 1, updated_at = $3, updated_by = $5 \
         WHERE id = $6 AND version = $7 AND status = 'issued'",
    )
    .bind(ending.status)
    .bind(ending.reason)
    .bind(now)
    .bind(ending.replaced_by)
    .bind(by)
    .bind(id)
    .bind(expected)
    .bind(clock.today())
    .bind(ending.ended_on)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn add_event(
    tx: &mut super::Tx,
    decision_id: i64,
    username: &str,
    action: &str,
    note: Option<&str>,
) -> Result<()> {
    let clock = tx.clock().clone();
    let conn: &mut AnyConnection = tx;
    sqlx::query(
        "INSERT INTO decision_events (decision_id, at, username, action, note) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(decision_id)
    .bind(clock.now())
    .bind(username)
    .bind(action)
    .bind(note)
    .execute(&mut *conn)
    .await?;
    // The steps a case system hears of go to the events feed in the same transaction; an
    // ending step of a published decision also withdrew its publication.
    if let Some(kind) = app::model::EventKind::of_step(action) {
        super::events::emit(tx, decision_id, kind).await?;
        if kind.ends() {
            let conn: &mut AnyConnection = tx;
            let withdrawn: Option<String> =
                sqlx::query_scalar("SELECT withdrawn_at FROM decisions WHERE id = $1")
                    .bind(decision_id)
                    .fetch_one(&mut *conn)
                    .await?;
            if withdrawn.is_some() {
                super::events::emit(tx, decision_id, app::model::EventKind::Withdrawn).await?;
            }
        }
    }
    Ok(())
}

/// Issued decisions whose publication deadline falls on or after `from`, the only ones a
/// calendar change from `from` on can move: (id, kind, decision date, deadline).
pub async fn deadlines_from(
    conn: &mut AnyConnection,
    from: Date,
) -> Result<Vec<(i64, Category, Date, Date)>> {
    let rows = sqlx::query(
        "SELECT id, kind, decision_date, publish_by FROM decisions \
         WHERE publish_by IS NOT NULL AND publish_by >= $1 ORDER BY id",
    )
    .bind(from)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("id")?,
                r.try_get("kind")?,
                r.try_get("decision_date")?,
                r.try_get("publish_by")?,
            ))
        })
        .collect()
}

/// Sets a decision's publication deadline (recounted on a changed calendar).
pub async fn set_publish_by(
    conn: &mut AnyConnection,
    id: i64,
    by: Date,
    today: Date,
) -> Result<()> {
    // A deadline moved past today is no longer overdue: its overdue event, if one was
    // written, no longer stands, and a later lapse of the new deadline gets its own.
    sqlx::query(
        "UPDATE decisions SET publish_by = $1, \
         overdue_noted_at = CASE WHEN $1 >= $3 THEN NULL ELSE overdue_noted_at END WHERE id = $2",
    )
    .bind(by)
    .bind(id)
    .bind(today)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Draft counts for the overview: (drafts, awaiting review, returned, ready to issue), of
/// one department or all.
pub async fn draft_counts(db: &Db, department_id: Option<i64>) -> Result<[i64; 4]> {
    let count = |stage| {
        format!(
            "COALESCE(SUM(CASE WHEN {} THEN 1 ELSE 0 END), 0)",
            stage_condition(stage)
        )
    };
    let row = sqlx::query(&format!(
        "SELECT COUNT(*) AS drafts, {} AS awaiting, {} AS returned, {} AS ready \
         FROM decisions WHERE status = 'draft' AND ($1 IS NULL OR department_id = $1)",
        count(DecisionStage::AwaitingReview),
        count(DecisionStage::Returned),
        count(DecisionStage::Ready),
    ))
    .bind(department_id)
    .fetch_one(db.pool())
    .await?;
    Ok([
        row.try_get("drafts")?,
        row.try_get("awaiting")?,
        row.try_get("returned")?,
        row.try_get("ready")?,
    ])
}
