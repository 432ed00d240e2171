//! Inspections, their code counters, ratings and reports of inspections without a code.

use app::model::{
    Conduct, Date, InspectionCode, InspectionItem, InspectionStatus, Inspector, OfficerStatus,
    Outcome, Rating, RatingInput, Report, SignedInspection, Timestamp, ValidReport,
};
use sqlx::{AnyConnection, Row, any::AnyRow};

use super::Db;
use crate::Result;

/// An officer named on an inspection, with what today's check needs.
#[derive(Debug, Clone)]
pub struct NamedOfficer {
    pub id: i64,
    pub name: String,
    pub certificate_number: String,
    pub status: OfficerStatus,
    pub valid_from: Date,
    pub valid_until: Date,
}

impl NamedOfficer {
    pub fn public(&self) -> Inspector {
        Inspector {
            name: self.name.clone(),
            certificate_number: self.certificate_number.clone(),
        }
    }
}

/// An inspection as stored.
#[derive(Debug, Clone)]
pub struct InspectionRow {
    pub id: i64,
    pub code: InspectionCode,
    pub department_id: i64,
    pub plan_id: Option<i64>,
    pub plan_title: Option<String>,
    /// Whether its plan was ever public (approved).
    pub plan_public: bool,
    pub entity_id: i64,
    pub ground_note: Option<String>,
    pub status: InspectionStatus,
    pub items: Vec<InspectionItem>,
    /// What the signature covers: departments, ground, entity, items, inspectors, window.
    pub signed: SignedInspection,
    pub signature: String,
    pub officers: Vec<NamedOfficer>,
    pub outcome: Option<Outcome>,
    pub result_note: Option<String>,
    pub rectify_by: Option<Date>,
    pub case_code: Option<String>,
    pub result_at: Option<Timestamp>,
    pub rated: bool,
}

const SELECT: &str = "SELECT i.id, i.code, i.department_id, i.plan_id, p.title AS plan_title, \
    p.approved_at AS plan_approved_at, i.entity_id, i.ground_note, i.status, i.items, i.signed, \
    i.signature, i.outcome, i.result_note, i.rectify_by, i.case_code, i.result_at, \
    (SELECT COUNT(*) FROM inspection_ratings ra WHERE ra.inspection_id = i.id) AS rated, \
    COUNT(*) OVER () AS total \
    FROM inspections i LEFT JOIN spot_check_plans p ON p.id = i.plan_id";

/// The officers of each of these inspections, in signing order: one query for a page
/// of inspections (a plan of thousands is read in chunks), not one per inspection.
async fn officers_of(
    conn: &mut AnyConnection,
    ids: &[i64],
) -> Result<std::collections::HashMap<i64, Vec<NamedOfficer>>> {
    let mut out: std::collections::HashMap<i64, Vec<NamedOfficer>> = Default::default();
    for chunk in ids.chunks(500) {
        let list = (1..=chunk.len())
            .map(|n| format!("${n}"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT io.inspection_id, o.id, o.name, o.certificate_number, o.status, o.valid_from, \
             o.valid_until FROM inspection_officers io JOIN officers o ON o.id = io.officer_id \
             WHERE io.inspection_id IN ({list}) ORDER BY io.inspection_id, io.position"
        );
        let mut query = sqlx::query(&sql);
        for id in chunk {
            query = query.bind(*id);
        }
        for r in query.fetch_all(&mut *conn).await? {
            out.entry(r.try_get(0)?).or_default().push(NamedOfficer {
                id: r.try_get(1)?,
                name: r.try_get(2)?,
                certificate_number: r.try_get(3)?,
                status: r.try_get(4)?,
                valid_from: r.try_get(5)?,
                valid_until: r.try_get(6)?,
            });
        }
    }
    Ok(out)
}

fn from_row(row: &AnyRow, officers: Vec<NamedOfficer>) -> Result<InspectionRow> {
    let bad = |what: &str| anyhow::anyhow!("inspections row holds an invalid {what}");
    let id: i64 = row.try_get("id")?;
    let code: String = row.try_get("code")?;
    let items: String = row.try_get("items")?;
    let signed: String = row.try_get("signed")?;
    let approved: Option<Timestamp> = row.try_get("plan_approved_at")?;
    let rated: i64 = row.try_get("rated")?;
    Ok(InspectionRow {
        id,
        code: InspectionCode::parse(&code).map_err(|_| bad("code"))?,
        department_id: row.try_get("department_id")?,
        plan_id: row.try_get("plan_id")?,
        plan_title: row.try_get("plan_title")?,
        plan_public: approved.is_some(),
        entity_id: row.try_get("entity_id")?,
        ground_note: row.try_get("ground_note")?,
        status: row.try_get("status")?,
        items: serde_json::from_str(&items).map_err(|_| bad("items"))?,
        signed: serde_json::from_str(&signed).map_err(|_| bad("signed summary"))?,
        signature: row.try_get("signature")?,
        officers,
        outcome: row.try_get("outcome")?,
        result_note: row.try_get("result_note")?,
        rectify_by: row.try_get("rectify_by")?,
        case_code: row.try_get("case_code")?,
        result_at: row.try_get("result_at")?,
        rated: rated > 0,
    })
}

async fn rows(conn: &mut AnyConnection, rows: &[AnyRow]) -> Result<Vec<InspectionRow>> {
    let ids = rows
        .iter()
        .map(|r| r.try_get::<i64, _>("id"))
        .collect::<std::result::Result<Vec<_>, _>>()?;
    let mut officers = officers_of(conn, &ids).await?;
    rows.iter()
        .zip(&ids)
        .map(|(row, id)| from_row(row, officers.remove(id).unwrap_or_default()))
        .collect()
}

/// The next serial of inspection codes in a region and year.
pub async fn next_serial(conn: &mut AnyConnection, region: &str, year: u32) -> Result<u64> {
    let n: i64 = sqlx::query_scalar(
        "INSERT INTO inspection_code_counters (region_code, year, last) VALUES ($1, $2, 1) \
         ON CONFLICT (region_code, year) DO UPDATE SET last = inspection_code_counters.last + 1 RETURNING last",
    )
    .bind(region)
    .bind(i64::from(year))
    .fetch_one(&mut *conn)
    .await?;
    Ok(n as u64)
}

pub async fn code_taken(conn: &mut AnyConnection, code: &InspectionCode) -> Result<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM inspections WHERE code = $1")
        .bind(code.as_str())
        .fetch_one(&mut *conn)
        .await?;
    Ok(n > 0)
}

/// What issuing an inspection writes.
pub struct NewInspection<'a> {
    pub department_ids: &'a [i64],
    pub plan_id: Option<i64>,
    pub entity_id: i64,
    pub ground_note: Option<&'a str>,
    pub items: &'a [InspectionItem],
    pub signed: &'a SignedInspection,
    pub signature: &'a str,
    pub officer_ids: &'a [i64],
    pub by: &'a str,
}

pub async fn insert(tx: &mut super::Tx, new: &NewInspection<'_>) -> Result<i64> {
    let now = tx.clock().now();
    let conn: &mut AnyConnection = tx;
    let s = new.signed;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO inspections (code, department_id, plan_id, entity_id, ground, ground_note, window_from, \
         window_until, status, items, signed, key_id, signature, issued_at, issued_by, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'scheduled', $9, $10, $11, $12, $13, $14, $15) RETURNING id",
    )
    .bind(s.code.as_str())
    .bind(new.department_ids[0])
    .bind(new.plan_id)
    .bind(new.entity_id)
    .bind(s.ground)
    .bind(new.ground_note)
    .bind(s.window_from)
    .bind(s.window_until)
    .bind(serde_json::to_string(new.items).map_err(anyhow::Error::from)?)
    .bind(serde_json::to_string(s).map_err(anyhow::Error::from)?)
    .bind(&s.key_id)
    .bind(new.signature)
    .bind(s.issued_at)
    .bind(new.by)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    for dept in new.department_ids {
        sqlx::query(
            "INSERT INTO inspection_departments (inspection_id, department_id) VALUES ($1, $2)",
        )
        .bind(id)
        .bind(dept)
        .execute(&mut *conn)
        .await?;
    }
    for (position, officer) in new.officer_ids.iter().enumerate() {
        sqlx::query("INSERT INTO inspection_officers (inspection_id, officer_id, position) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(officer)
            .bind(position as i64)
            .execute(&mut *conn)
            .await?;
    }
    Ok(id)
}

pub async fn find_by_code(db: &Db, code: &InspectionCode) -> Result<Option<InspectionRow>> {
    let mut conn = db.pool().acquire().await?;
    let row = sqlx::query(&format!("{SELECT} WHERE i.code = $1"))
        .bind(code.as_str())
        .fetch_optional(&mut *conn)
        .await?;
    match row {
        Some(row) => Ok(rows(&mut conn, std::slice::from_ref(&row)).await?.pop()),
        None => Ok(None),
    }
}

/// An inspection the department is one of the inspecting departments of.
pub async fn find(
    conn: &mut AnyConnection,
    department_id: i64,
    id: i64,
) -> Result<Option<InspectionRow>> {
    let row = sqlx::query(&format!(
        "{SELECT} WHERE i.id = $1 AND i.id IN (SELECT inspection_id FROM inspection_departments WHERE department_id = $2)"
    ))
    .bind(id)
    .bind(department_id)
    .fetch_optional(&mut *conn)
    .await?;
    match row {
        Some(row) => Ok(rows(conn, std::slice::from_ref(&row)).await?.pop()),
        None => Ok(None),
    }
}

/// The first scheduled task of any plan (the seed's example).
pub async fn first_scheduled_on_plan(db: &Db) -> Result<Option<InspectionCode>> {
    let code: Option<String> = sqlx::query_scalar(
        "SELECT code FROM inspections WHERE status = 'scheduled' AND plan_id IS NOT NULL ORDER BY id LIMIT 1",
    )
    .fetch_optional(db.pool())
    .await?;
    Ok(code.and_then(|c| InspectionCode::parse(&c).ok()))
}

/// A department's inspections (of one plan, or all), newest first, with the total.
pub async fn list(
    db: &Db,
    department_id: i64,
    plan_id: Option<i64>,
    limit: i64,
    offset: i64,
) -> Result<(Vec<InspectionRow>, i64)> {
    let mut conn = db.pool().acquire().await?;
    let found = sqlx::query(&format!(
        "{SELECT} WHERE i.id IN (SELECT inspection_id FROM inspection_departments WHERE department_id = $1) \
         AND ($2 IS NULL OR i.plan_id = $2) ORDER BY i.id DESC LIMIT $3 OFFSET $4"
    ))
    .bind(department_id)
    .bind(plan_id)
    .bind(limit)
    .bind(offset)
    .fetch_all(&mut *conn)
    .await?;
    let total = super::total_of(&found)?;
    Ok((rows(&mut conn, &found).await?, total))
}

/// A plan's tasks in the order drawn.
pub async fn of_plan(conn: &mut AnyConnection, plan_id: i64) -> Result<Vec<InspectionRow>> {
    let found = sqlx::query(&format!("{SELECT} WHERE i.plan_id = $1 ORDER BY i.id"))
        .bind(plan_id)
        .fetch_all(&mut *conn)
        .await?;
    rows(conn, &found).await
}

/// Records a scheduled inspection's result; false when it is not scheduled.
pub async fn record_result(
    tx: &mut super::Tx,
    id: i64,
    outcome: Outcome,
    note: &str,
    rectify_by: Option<Date>,
    case_code: Option<&str>,
    by: &str,
) -> Result<bool> {
    let now = tx.clock().now();
    let conn: &mut AnyConnection = tx;
    let done = sqlx::query(
        "UPDATE inspections SET status = 'done', outcome = $1, result_note = $2, rectify_by = $3, case_code = $4, \
         result_at = $5, result_by = $6, updated_at = $5 WHERE id = $7 AND status = 'scheduled'",
    )
    .bind(outcome)
    .bind(note)
    .bind(rectify_by)
    .bind(case_code)
    .bind(now)
    .bind(by)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Links the decision of the case an inspection opened; false when it opened none.
pub async fn link_case(tx: &mut super::Tx, id: i64, case_code: &str) -> Result<bool> {
    let now = tx.clock().now();
    let conn: &mut AnyConnection = tx;
    let done = sqlx::query(
        "UPDATE inspections SET case_code = $1, updated_at = $2 WHERE id = $3 AND outcome = 'case_opened'",
    )
    .bind(case_code)
    .bind(now)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Cancels a plan's scheduled tasks; returns how many.
pub async fn cancel_for_plan(tx: &mut super::Tx, plan_id: i64) -> Result<u64> {
    let now = tx.clock().now();
    let conn: &mut AnyConnection = tx;
    let done = sqlx::query(
        "UPDATE inspections SET status = 'cancelled', updated_at = $1 WHERE plan_id = $2 AND status = 'scheduled'",
    )
    .bind(now)
    .bind(plan_id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected())
}

/// Entities with at least `limit` inspections (not cancelled) whose window starts in
/// `year`.
pub async fn at_yearly_limit(conn: &mut AnyConnection, year: i64, limit: i64) -> Result<Vec<i64>> {
    let rows = sqlx::query(
        "SELECT entity_id FROM inspections WHERE status <> 'cancelled' AND window_from LIKE $1 \
         GROUP BY entity_id HAVING COUNT(*) >= $2",
    )
    .bind(format!("{year}-%"))
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(|r| Ok(r.try_get(0)?)).collect()
}

/// Entities any of a plan's departments inspected (not cancelled) with a window from
/// `since` on.
pub async fn inspected_since(
    conn: &mut AnyConnection,
    plan_id: i64,
    since: Date,
) -> Result<Vec<i64>> {
    let rows = sqlx::query(
        "SELECT DISTINCT i.entity_id FROM inspections i JOIN inspection_departments d ON d.inspection_id = i.id \
         WHERE i.status <> 'cancelled' AND i.window_from >= $1 \
         AND d.department_id IN (SELECT department_id FROM spot_check_plan_departments WHERE plan_id = $2)",
    )
    .bind(since)
    .bind(plan_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(|r| Ok(r.try_get(0)?)).collect()
}

/// Saves the inspected company's rating; false when it already rated.
pub async fn rate(tx: &mut super::Tx, id: i64, r: &RatingInput, comment: &str) -> Result<bool> {
    let now = tx.clock().now();
    let conn: &mut AnyConnection = tx;
    let done = sqlx::query(
        "INSERT INTO inspection_ratings (inspection_id, score, conduct, showed_certificates, comment, rated_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (inspection_id) DO NOTHING",
    )
    .bind(id)
    .bind(i64::from(r.score))
    .bind(r.conduct)
    .bind(i64::from(r.showed_certificates))
    .bind(comment)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Ratings of the department's inspections (or every department's), newest first.
pub async fn ratings(db: &Db, department_id: Option<i64>, limit: i64) -> Result<Vec<Rating>> {
    let rows = sqlx::query(
        "SELECT i.id, i.code, d.name AS department_name, e.name AS entity_name, r.score, r.conduct, \
         r.showed_certificates, r.comment, r.rated_at FROM inspection_ratings r \
         JOIN inspections i ON i.id = r.inspection_id JOIN departments d ON d.id = i.department_id \
         JOIN entities e ON e.id = i.entity_id \
         WHERE ($1 IS NULL OR i.id IN (SELECT inspection_id FROM inspection_departments WHERE department_id = $1)) \
         ORDER BY r.rated_at DESC, i.id DESC LIMIT $2",
    )
    .bind(department_id)
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            let code: String = r.try_get(1)?;
            let score: i64 = r.try_get(4)?;
            let showed: i64 = r.try_get(6)?;
            Ok(Rating {
                inspection_id: r.try_get(0)?,
                code: InspectionCode::parse(&code)
                    .map_err(|_| anyhow::anyhow!("inspections row holds an invalid code"))?,
                department_name: r.try_get(2)?,
                entity_name: r.try_get(3)?,
                score: u8::try_from(score).unwrap_or_default(),
                conduct: r.try_get::<Conduct, _>(5)?,
                showed_certificates: showed != 0,
                comment: r.try_get(7)?,
                rated_at: r.try_get(8)?,
            })
        })
        .collect()
}

/// Saves a report made at `now`.
pub async fn add_report(tx: &mut super::Tx, r: &ValidReport, now: Timestamp) -> Result<i64> {
    let conn: &mut AnyConnection = tx;
    Ok(sqlx::query_scalar(
        "INSERT INTO inspection_reports (department_id, department_text, code, entity_name, happened_on, \
         description, contact, reported_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(r.department_id)
    .bind(&r.department_text)
    .bind(r.code.as_deref())
    .bind(&r.entity_name)
    .bind(r.happened_on)
    .bind(&r.description)
    .bind(r.contact.as_deref())
    .bind(now)
    .fetch_one(&mut *conn)
    .await?)
}

/// Reports naming the department (or all), newest first.
pub async fn reports(db: &Db, department_id: Option<i64>, limit: i64) -> Result<Vec<Report>> {
    let rows = sqlx::query(
        "SELECT r.id, r.department_id, COALESCE(d.name, r.department_text) AS department_name, r.code, \
         r.entity_name, r.happened_on, r.description, r.contact, r.reported_at \
         FROM inspection_reports r LEFT JOIN departments d ON d.id = r.department_id \
         WHERE ($1 IS NULL OR r.department_id = $1) ORDER BY r.id DESC LIMIT $2",
    )
    .bind(department_id)
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Report {
                id: r.try_get(0)?,
                department_id: r.try_get(1)?,
                department_name: r.try_get(2)?,
                code: r.try_get(3)?,
                entity_name: r.try_get(4)?,
                happened_on: r.try_get(5)?,
                description: r.try_get(6)?,
                contact: r.try_get(7)?,
                reported_at: r.try_get(8)?,
            })
        })
        .collect()
}

/// One department's figures for a year, before shares are computed.
#[derive(Debug, Clone)]
pub struct DepartmentFigures {
    pub department_id: i64,
    pub department_name: String,
    pub region_code: String,
    pub inspections: i64,
    pub on_plan: i64,
    pub reports: i64,
    pub overdue_results: i64,
    pub ratings: i64,
    pub score_sum: i64,
}

/// Per department (within `region`, when given): inspections whose window starts in
/// `year`, reports made in it, results overdue on `today`, ratings.
pub async fn figures(
    db: &Db,
    year: i64,
    today: Date,
    region: Option<&str>,
) -> Result<Vec<DepartmentFigures>> {
    let rows = sqlx::query(
        "SELECT d.id, d.name, d.region_code, \
         (SELECT COUNT(*) FROM inspections i JOIN inspection_departments x ON x.inspection_id = i.id \
            WHERE x.department_id = d.id AND i.status <> 'cancelled' AND i.window_from LIKE $1) AS inspections, \
         (SELECT COUNT(*) FROM inspections i JOIN inspection_departments x ON x.inspection_id = i.id \
            WHERE x.department_id = d.id AND i.status <> 'cancelled' AND i.plan_id IS NOT NULL AND i.window_from LIKE $1) AS on_plan, \
         (SELECT COUNT(*) FROM inspection_reports r WHERE r.department_id = d.id AND r.happened_on LIKE $1) AS reports, \
         (SELECT COUNT(*) FROM inspections i JOIN inspection_departments x ON x.inspection_id = i.id \
            WHERE x.department_id = d.id AND i.status = 'scheduled' AND i.window_until < $2 AND i.window_from LIKE $1) AS overdue, \
         (SELECT COUNT(*) FROM inspection_ratings ra JOIN inspections i ON i.id = ra.inspection_id \
            WHERE i.department_id = d.id AND i.window_from LIKE $1) AS ratings, \
         (SELECT CAST(COALESCE(SUM(ra.score), 0) AS BIGINT) FROM inspection_ratings ra JOIN inspections i ON i.id = ra.inspection_id \
            WHERE i.department_id = d.id AND i.window_from LIKE $1) AS score_sum \
         FROM departments d WHERE ($3 IS NULL OR d.region_code LIKE $3) ORDER BY d.id",
    )
    .bind(format!("{year}-%"))
    .bind(today)
    .bind(region)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(DepartmentFigures {
                department_id: r.try_get(0)?,
                department_name: r.try_get(1)?,
                region_code: r.try_get(2)?,
                inspections: r.try_get(3)?,
                on_plan: r.try_get(4)?,
                reports: r.try_get(5)?,
                overdue_results: r.try_get(6)?,
                ratings: r.try_get(7)?,
                score_sum: r.try_get(8)?,
            })
        })
        .filter(|f: &Result<DepartmentFigures>| {
            f.as_ref()
                .map_or(true, |f| f.inspections > 0 || f.reports > 0)
        })
        .collect()
}

/// Entities inspected more than `limit` times in `year` (within `region`), most first.
pub async fn over_inspected(
    db: &Db,
    year: i64,
    limit: i64,
    region: Option<&str>,
) -> Result<Vec<(String, String, i64)>> {
    let rows = sqlx::query(
        "SELECT e.uscc, e.name, COUNT(*) AS n FROM inspections i JOIN entities e ON e.id = i.entity_id \
         WHERE i.status <> 'cancelled' AND i.window_from LIKE $1 AND ($3 IS NULL OR e.region_code LIKE $3) \
         GROUP BY e.uscc, e.name HAVING COUNT(*) > $2 ORDER BY n DESC, e.uscc LIMIT 200",
    )
    .bind(format!("{year}-%"))
    .bind(limit)
    .bind(region)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
        .collect()
}
