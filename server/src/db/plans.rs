//! Spot-check plans: their departments, items and inspector pools, and their draws.

use app::model::{
    Date, DepartmentName, DrawInputRecord, InspectionItem, Inspector, Plan, PlanDetail, PlanStatus,
    RegionCode, RiskGrade, Timestamp, ValidPlan,
};
use sqlx::{AnyConnection, Row, any::AnyRow};

use super::Db;
use crate::Result;

/// A plan as stored, with what it names.
#[derive(Debug, Clone)]
pub struct PlanRow {
    pub id: i64,
    /// The lead department (first of `departments`).
    pub department_id: i64,
    pub departments: Vec<DepartmentName>,
    pub title: String,
    pub claim_ids: Vec<i64>,
    pub items: Vec<InspectionItem>,
    pub region_code: RegionCode,
    pub region_name: String,
    pub industry: Option<String>,
    pub risk_grades: Vec<RiskGrade>,
    pub target_count: Option<u32>,
    pub target_share: Option<u32>,
    pub starts_on: Date,
    pub ends_on: Date,
    /// Officer id and how the public sees the officer.
    pub inspectors: Vec<(i64, Inspector)>,
    pub status: PlanStatus,
    /// Secret until the draw.
    pub seed: Option<String>,
    pub draw_input: Option<DrawInputRecord>,
    pub commitment: Option<String>,
    pub approved_by: Option<String>,
    pub approved_at: Option<Timestamp>,
    pub drawn_at: Option<Timestamp>,
    pub cancel_reason: Option<String>,
    pub cancelled_at: Option<Timestamp>,
    pub created_by: String,
    pub created_at: Timestamp,
    pub version: i64,
    pub tasks: i64,
    pub tasks_done: i64,
}

impl PlanRow {
    /// The view the public sees (once approved) and the workspace shows.
    pub fn plan(&self) -> Plan {
        Plan {
            id: self.id,
            departments: self.departments.clone(),
            title: self.title.clone(),
            items: self.items.clone(),
            region_code: self.region_code,
            region_name: self.region_name.clone(),
            industry: self.industry.clone(),
            risk_grades: self.risk_grades.clone(),
            target_count: self.target_count,
            target_share: self.target_share,
            starts_on: self.starts_on,
            ends_on: self.ends_on,
            inspectors: self.inspectors.iter().map(|(_, i)| i.clone()).collect(),
            status: self.status,
            commitment: self.commitment.clone(),
            approved_at: self.approved_at,
            drawn_at: self.drawn_at,
            cancelled_at: self.cancelled_at,
            cancel_reason: self.cancel_reason.clone(),
            tasks: self.tasks,
            tasks_done: self.tasks_done,
        }
    }

    pub fn detail(&self) -> PlanDetail {
        PlanDetail {
            plan: self.plan(),
            claim_ids: self.claim_ids.clone(),
            inspector_ids: self.inspectors.iter().map(|(id, _)| *id).collect(),
            created_by: self.created_by.clone(),
            created_at: self.created_at,
            approved_by: self.approved_by.clone(),
            version: self.version,
        }
    }

    /// Whether the public may see it: approved at some point.
    pub fn is_public(&self) -> bool {
        self.approved_at.is_some()
    }
}

const SELECT: &str = "SELECT p.id, p.department_id, p.title, p.region_code, r.name AS region_name, \
    p.industry, p.risk_grades, p.target_count, p.target_share, p.starts_on, p.ends_on, p.status, \
    p.seed, p.draw_input, p.commitment, p.approved_by, p.approved_at, p.drawn_at, p.cancel_reason, \
    p.cancelled_at, p.created_by, p.created_at, p.version, \
    (SELECT COUNT(*) FROM inspections i WHERE i.plan_id = p.id) AS tasks, \
    (SELECT COUNT(*) FROM inspections i WHERE i.plan_id = p.id AND i.status = 'done') AS tasks_done, \
    COUNT(*) OVER () AS total \
    FROM spot_check_plans p JOIN regions r ON r.code = p.region_code";

async fn from_row(conn: &mut AnyConnection, row: &AnyRow) -> Result<PlanRow> {
    let bad = |what: &str| anyhow::anyhow!("spot_check_plans row holds an invalid {what}");
    let id: i64 = row.try_get("id")?;
    let region: String = row.try_get("region_code")?;
    let grades: String = row.try_get("risk_grades")?;
    let draw_input: Option<String> = row.try_get("draw_input")?;
    let count = |name: &str| -> Result<Option<u32>> {
        let n: Option<i64> = row.try_get(name)?;
        n.map(|n| u32::try_from(n).map_err(|_| bad(name).into()))
            .transpose()
    };
    let departments = sqlx::query(
        "SELECT d.id, d.name FROM spot_check_plan_departments pd JOIN departments d ON d.id = pd.department_id \
         WHERE pd.plan_id = $1 ORDER BY pd.position",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok(DepartmentName {
            id: r.try_get(0)?,
            name: r.try_get(1)?,
        })
    })
    .collect::<Result<Vec<_>>>()?;
    let item_rows = sqlx::query(
        "SELECT c.id, ci.code, ci.name, ci.legal_basis FROM spot_check_plan_items pi \
         JOIN claims c ON c.id = pi.claim_id JOIN catalog_items ci ON ci.id = c.item_id \
         WHERE pi.plan_id = $1 ORDER BY pi.position",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let mut claim_ids = Vec::with_capacity(item_rows.len());
    let mut items = Vec::with_capacity(item_rows.len());
    for r in &item_rows {
        claim_ids.push(r.try_get(0)?);
        items.push(InspectionItem {
            code: r.try_get(1)?,
            name: r.try_get(2)?,
            legal_basis: r.try_get(3)?,
        });
    }
    let inspectors = sqlx::query(
        "SELECT o.id, o.name, o.certificate_number FROM spot_check_plan_inspectors pi \
         JOIN officers o ON o.id = pi.officer_id WHERE pi.plan_id = $1 ORDER BY o.certificate_number",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok((
            r.try_get(0)?,
            Inspector {
                name: r.try_get(1)?,
                certificate_number: r.try_get(2)?,
            },
        ))
    })
    .collect::<Result<Vec<_>>>()?;
    Ok(PlanRow {
        id,
        department_id: row.try_get("department_id")?,
        departments,
        title: row.try_get("title")?,
        claim_ids,
        items,
        region_code: RegionCode::parse(&region).map_err(|_| bad("region"))?,
        region_name: row.try_get("region_name")?,
        industry: row.try_get("industry")?,
        risk_grades: grades
            .split(',')
            .filter(|g| !g.is_empty())
            .map(|g| RiskGrade::parse(g).ok_or_else(|| bad("risk grade").into()))
            .collect::<Result<_>>()?,
        target_count: count("target_count")?,
        target_share: count("target_share")?,
        starts_on: row.try_get("starts_on")?,
        ends_on: row.try_get("ends_on")?,
        inspectors,
        status: row.try_get("status")?,
        seed: row.try_get("seed")?,
        draw_input: draw_input
            .map(|j| serde_json::from_str(&j).map_err(|_| bad("draw input")))
            .transpose()?,
        commitment: row.try_get("commitment")?,
        approved_by: row.try_get("approved_by")?,
        approved_at: row.try_get("approved_at")?,
        drawn_at: row.try_get("drawn_at")?,
        cancel_reason: row.try_get("cancel_reason")?,
        cancelled_at: row.try_get("cancelled_at")?,
        created_by: row.try_get("created_by")?,
        created_at: row.try_get("created_at")?,
        version: row.try_get("version")?,
        tasks: row.try_get("tasks")?,
        tasks_done: row.try_get("tasks_done")?,
    })
}

/// Saves a new draft plan; the officers and claims are already checked.
pub async fn insert(
    tx: &mut super::Tx,
    department_id: i64,
    p: &ValidPlan,
    by: &str,
) -> Result<i64> {
    let now = tx.clock().now();
    let conn: &mut AnyConnection = tx;
    let grades: Vec<&str> = p.risk_grades.iter().map(RiskGrade::as_str).collect();
    let (count, share) = match p.targets {
        app::model::Targets::Count(n) => (Some(i64::from(n)), None),
        app::model::Targets::Share(s) => (None, Some(i64::from(s))),
    };
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO spot_check_plans (department_id, title, region_code, industry, risk_grades, \
         target_count, target_share, starts_on, ends_on, status, created_by, created_at, updated_at, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'draft', $10, $11, $11, 1) RETURNING id",
    )
    .bind(department_id)
    .bind(&p.title)
    .bind(p.region.as_str())
    .bind(p.industry.as_deref())
    .bind(grades.join(","))
    .bind(count)
    .bind(share)
    .bind(p.starts_on)
    .bind(p.ends_on)
    .bind(by)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    let departments =
        std::iter::once(department_id).chain(p.partner_department_ids.iter().copied());
    for (position, dept) in departments.enumerate() {
        sqlx::query("INSERT INTO spot_check_plan_departments (plan_id, department_id, position) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(dept)
            .bind(position as i64)
            .execute(&mut *conn)
            .await?;
    }
    for (position, claim) in p.claim_ids.iter().enumerate() {
        sqlx::query(
            "INSERT INTO spot_check_plan_items (plan_id, claim_id, position) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(claim)
        .bind(position as i64)
        .execute(&mut *conn)
        .await?;
    }
    for officer in &p.inspector_ids {
        sqlx::query("INSERT INTO spot_check_plan_inspectors (plan_id, officer_id) VALUES ($1, $2)")
            .bind(id)
            .bind(officer)
            .execute(&mut *conn)
            .await?;
    }
    Ok(id)
}

pub async fn find(conn: &mut AnyConnection, id: i64) -> Result<Option<PlanRow>> {
    let row = sqlx::query(&format!("{SELECT} WHERE p.id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    match row {
        Some(row) => Ok(Some(from_row(conn, &row).await?)),
        None => Ok(None),
    }
}

/// Which plans a listing shows.
#[derive(Debug, Default)]
pub struct PlanFilter<'a> {
    /// Plans this department leads or joins.
    pub department_id: Option<i64>,
    /// Only plans the public may see.
    pub public: bool,
    /// In the title or a department's name.
    pub q: Option<&'a str>,
    /// Plans whose population lies in this region.
    pub region: Option<&'a RegionCode>,
    /// Plans starting in this year.
    pub year: Option<i64>,
}

/// Plans matching `f`, newest first, with the total.
pub async fn list(
    db: &Db,
    f: &PlanFilter<'_>,
    limit: i64,
    offset: i64,
) -> Result<(Vec<PlanRow>, i64)> {
    let mut conn = db.pool().acquire().await?;
    let rows = sqlx::query(&format!(
        "{SELECT} WHERE ($1 IS NULL OR p.id IN (SELECT plan_id FROM spot_check_plan_departments WHERE department_id = $1)) \
         AND ($2 = 0 OR p.approved_at IS NOT NULL) \
         AND ($3 IS NULL OR p.title LIKE $3 OR p.id IN (SELECT pd.plan_id FROM spot_check_plan_departments pd \
              JOIN departments d ON d.id = pd.department_id WHERE d.name LIKE $3)) \
         AND ($4 IS NULL OR p.region_code LIKE $4) \
         AND ($5 IS NULL OR p.starts_on LIKE $5) \
         ORDER BY p.id DESC LIMIT $6 OFFSET $7"
    ))
    .bind(f.department_id)
    .bind(i64::from(f.public))
    .bind(f.q.map(super::departments::contains_pattern))
    .bind(f.region.map(super::departments::region_pattern))
    .bind(f.year.map(|y| format!("{y}-%")))
    .bind(limit)
    .bind(offset)
    .fetch_all(&mut *conn)
    .await?;
    let total = super::total_of(&rows)?;
    let mut plans = Vec::with_capacity(rows.len());
    for row in &rows {
        plans.push(from_row(&mut conn, row).await?);
    }
    Ok((plans, total))
}

/// Approves a draft: fixes the seed, the inputs and the commitment. False when the plan
/// moved on.
pub async fn approve(
    tx: &mut super::Tx,
    id: i64,
    version: i64,
    seed: &str,
    input: &DrawInputRecord,
    commitment: &str,
    by: &str,
) -> Result<bool> {
    let now = tx.clock().now();
    let conn: &mut AnyConnection = tx;
    let input = serde_json::to_string(input).map_err(anyhow::Error::from)?;
    let done = sqlx::query(
        "UPDATE spot_check_plans SET status = 'approved', seed = $1, draw_input = $2, commitment = $3, \
         approved_by = $4, approved_at = $5, updated_at = $5, version = version + 1 \
         WHERE id = $6 AND version = $7 AND status = 'draft'",
    )
    .bind(seed)
    .bind(input)
    .bind(commitment)
    .bind(by)
    .bind(now)
    .bind(id)
    .bind(version)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Marks an approved plan drawn (its seed becomes public). False when it moved on.
pub async fn drawn(tx: &mut super::Tx, id: i64, version: i64) -> Result<bool> {
    let now = tx.clock().now();
    let conn: &mut AnyConnection = tx;
    let done = sqlx::query(
        "UPDATE spot_check_plans SET status = 'drawn', drawn_at = $1, updated_at = $1, version = version + 1 \
         WHERE id = $2 AND version = $3 AND status = 'approved'",
    )
    .bind(now)
    .bind(id)
    .bind(version)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Cancels a plan with its reason. False when it moved on.
pub async fn cancel(tx: &mut super::Tx, id: i64, version: i64, reason: &str) -> Result<bool> {
    let now = tx.clock().now();
    let conn: &mut AnyConnection = tx;
    let done = sqlx::query(
        "UPDATE spot_check_plans SET status = 'cancelled', cancel_reason = $1, cancelled_at = $2, \
         updated_at = $2, version = version + 1 WHERE id = $3 AND version = $4 AND status <> 'cancelled'",
    )
    .bind(reason)
    .bind(now)
    .bind(id)
    .bind(version)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
