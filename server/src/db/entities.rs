//! The market-entity registry and inspectors' recorded conflicts.

use app::model::{Entity, EntityInput, RegionCode, RiskGrade, Uscc};
use sqlx::{AnyConnection, Row, any::AnyRow};

use super::Db;
use crate::Result;

const SELECT: &str = "SELECT e.id, e.uscc, e.name, e.region_code, e.industry, e.risk_grade, \
    e.contact, e.updated_at, COUNT(*) OVER () AS total FROM entities e";

fn from_row(row: &AnyRow) -> Result<Entity> {
    let bad = |what: &str| anyhow::anyhow!("entities row holds an invalid {what}");
    let uscc: String = row.try_get("uscc")?;
    let region: String = row.try_get("region_code")?;
    Ok(Entity {
        id: row.try_get("id")?,
        uscc: Uscc::parse(&uscc).map_err(|_| bad("credit code"))?,
        name: row.try_get("name")?,
        region_code: RegionCode::parse(&region).map_err(|_| bad("region"))?,
        industry: row.try_get("industry")?,
        risk_grade: row.try_get::<RiskGrade, _>("risk_grade")?,
        contact: row.try_get("contact")?,
        updated_at: row.try_get("updated_at")?,
    })
}

/// A page of the registry matching `q` (name or credit code) and the region, with the
/// total; by credit code.
pub async fn list(
    db: &Db,
    q: Option<&str>,
    region: Option<&RegionCode>,
    limit: i64,
    offset: i64,
) -> Result<(Vec<Entity>, i64)> {
    let rows = sqlx::query(&format!(
        "{SELECT} WHERE ($1 IS NULL OR e.name LIKE $1 OR e.uscc LIKE $1) \
         AND ($2 IS NULL OR e.region_code LIKE $2) ORDER BY e.uscc LIMIT $3 OFFSET $4"
    ))
    .bind(q.map(super::departments::contains_pattern))
    .bind(region.map(super::departments::region_pattern))
    .bind(limit)
    .bind(offset)
    .fetch_all(db.pool())
    .await?;
    let total = super::total_of(&rows)?;
    Ok((rows.iter().map(from_row).collect::<Result<_>>()?, total))
}

pub async fn find_by_uscc(conn: &mut AnyConnection, uscc: &str) -> Result<Option<Entity>> {
    let row = sqlx::query(&format!("{SELECT} WHERE e.uscc = $1"))
        .bind(uscc)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Adds or updates entities by credit code, a hundred to a statement; returns how many
/// were added and how many updated.
pub async fn upsert_many(tx: &mut super::Tx, entities: &[EntityInput]) -> Result<(usize, usize)> {
    let now = tx.clock().now();
    let conn: &mut AnyConnection = tx;
    let (mut added, mut updated) = (0, 0);
    for chunk in entities.chunks(100) {
        let marks = |width: usize, base: usize| {
            (0..chunk.len())
                .map(|i| {
                    let row: Vec<String> = (1..=width)
                        .map(|k| format!("${}", base + i * width + k))
                        .collect();
                    format!("({})", row.join(", "))
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        let list: Vec<String> = (1..=chunk.len()).map(|k| format!("${k}")).collect();
        let count_sql = format!(
            "SELECT COUNT(*) FROM entities WHERE uscc IN ({})",
            list.join(", ")
        );
        let mut existing = sqlx::query_scalar::<_, i64>(&count_sql);
        for e in chunk {
            existing = existing.bind(e.uscc.as_str());
        }
        let present = existing.fetch_one(&mut *conn).await? as usize;
        updated += present;
        added += chunk.len() - present;
        let insert_sql = format!(
            "INSERT INTO entities (uscc, name, region_code, industry, risk_grade, contact, created_at, updated_at) \
             VALUES {} ON CONFLICT (uscc) DO UPDATE SET name = excluded.name, region_code = excluded.region_code, \
             industry = excluded.industry, risk_grade = excluded.risk_grade, contact = excluded.contact, \
             updated_at = excluded.updated_at",
            marks(8, 0)
        );
        let mut insert = sqlx::query(&insert_sql);
        for e in chunk {
            insert = insert
                .bind(e.uscc.as_str())
                .bind(&e.name)
                .bind(e.region_code.as_str())
                .bind(&e.industry)
                .bind(e.risk_grade)
                .bind(e.contact.as_deref())
                .bind(now)
                .bind(now);
        }
        insert.execute(&mut *conn).await?;
    }
    Ok((added, updated))
}

/// The population of a plan: (id, credit code) of the entities in `region` (or below),
/// of `industry` (any when `None`) and of one of `grades` (any when empty), by credit code.
pub async fn population(
    conn: &mut AnyConnection,
    region: &RegionCode,
    industry: Option<&str>,
    grades: &[RiskGrade],
) -> Result<Vec<(i64, String)>> {
    let grades: Vec<&str> = grades.iter().map(RiskGrade::as_str).collect();
    let rows = sqlx::query(
        "SELECT id, uscc FROM entities WHERE region_code LIKE $1 AND ($2 IS NULL OR industry = $2) \
         AND ($3 = '' OR $3 LIKE '%' || risk_grade || '%') ORDER BY uscc",
    )
    .bind(super::departments::region_pattern(region))
    .bind(industry)
    .bind(grades.join(","))
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("uscc")?)))
        .collect()
}

/// Records that an officer must not inspect an entity; false when already recorded.
pub async fn add_conflict(
    tx: &mut super::Tx,
    officer_id: i64,
    entity_id: i64,
    note: &str,
) -> Result<bool> {
    let now = tx.clock().now();
    let conn: &mut AnyConnection = tx;
    let done = sqlx::query(
        "INSERT INTO inspector_conflicts (officer_id, entity_id, note, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (officer_id, entity_id) DO NOTHING",
    )
    .bind(officer_id)
    .bind(entity_id)
    .bind(note)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The conflicts of a plan's inspector pool: (certificate number, credit code).
pub async fn plan_conflicts(
    conn: &mut AnyConnection,
    plan_id: i64,
) -> Result<Vec<(String, String)>> {
    let rows = sqlx::query(
        "SELECT o.certificate_number, e.uscc FROM inspector_conflicts c \
         JOIN officers o ON o.id = c.officer_id JOIN entities e ON e.id = c.entity_id \
         WHERE c.officer_id IN (SELECT officer_id FROM spot_check_plan_inspectors WHERE plan_id = $1)",
    )
    .bind(plan_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .collect()
}

/// Whether the officer has a recorded conflict with the entity.
pub async fn in_conflict(
    conn: &mut AnyConnection,
    officer_id: i64,
    entity_id: i64,
) -> Result<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM inspector_conflicts WHERE officer_id = $1 AND entity_id = $2",
    )
    .bind(officer_id)
    .bind(entity_id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(n > 0)
}

/// How many entities the registry holds.
pub async fn count(db: &Db) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM entities")
        .fetch_one(db.pool())
        .await?)
}
