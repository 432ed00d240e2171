//! The officer registry.

use app::model::{Date, Officer, OfficerInput, OfficerStatus, PublicOfficer, certificate_valid_on};
use sqlx::{AnyConnection, Row, any::AnyRow};

use super::Db;
use crate::Result;

const SELECT: &str = "SELECT o.id, o.department_id, d.name AS department_name, o.name, o.certificate_number, \
    o.field, o.valid_from, o.valid_until, o.status, o.updated_at \
    FROM officers o JOIN departments d ON d.id = o.department_id";

fn from_row(row: &AnyRow) -> Result<Officer> {
    let status: String = row.try_get("status")?;
    Ok(Officer {
        id: row.try_get("id")?,
        department_id: row.try_get("department_id")?,
        department_name: row.try_get("department_name")?,
        name: row.try_get("name")?,
        certificate_number: row.try_get("certificate_number")?,
        field: row.try_get("field")?,
        valid_from: row.try_get("valid_from")?,
        valid_until: row.try_get("valid_until")?,
        status: OfficerStatus::parse(&status)
            .ok_or_else(|| anyhow::anyhow!("officers row holds an invalid status: {status}"))?,
        updated_at: row.try_get("updated_at")?,
    })
}

/// A department's officers, by name.
pub async fn list(db: &Db, department_id: i64) -> Result<Vec<Officer>> {
    let rows = sqlx::query(&format!(
        "{SELECT} WHERE o.department_id = $1 ORDER BY o.name, o.id"
    ))
    .bind(department_id)
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(from_row).collect()
}

/// An officer of the department, or `None` (also when in another department).
pub async fn find(
    conn: &mut AnyConnection,
    department_id: i64,
    id: i64,
) -> Result<Option<Officer>> {
    let row = sqlx::query(&format!(
        "{SELECT} WHERE o.id = $1 AND o.department_id = $2"
    ))
    .bind(id)
    .bind(department_id)
    .fetch_optional(&mut *conn)
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// An officer of any department.
pub async fn find_any(conn: &mut AnyConnection, id: i64) -> Result<Option<Officer>> {
    let row = sqlx::query(&format!("{SELECT} WHERE o.id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// An officer by certificate number, as the public sees them; `today` decides validity.
pub async fn public(
    db: &Db,
    certificate_number: &str,
    today: Date,
) -> Result<Option<PublicOfficer>> {
    let row = sqlx::query(&format!("{SELECT} WHERE o.certificate_number = $1"))
        .bind(certificate_number)
        .fetch_optional(db.pool())
        .await?;
    let Some(o) = row.as_ref().map(from_row).transpose()? else {
        return Ok(None);
    };
    Ok(Some(PublicOfficer {
        valid_today: certificate_valid_on(o.status, o.valid_from, o.valid_until, today),
        certificate_number: o.certificate_number,
        name: o.name,
        department_name: o.department_name,
        field: o.field,
        valid_from: o.valid_from,
        valid_until: o.valid_until,
        status: o.status,
    }))
}

/// Registers an officer (input already validated); 409 on a certificate number in use.
pub async fn insert(tx: &mut super::Tx, department_id: i64, o: &OfficerInput) -> Result<i64> {
    let clock = tx.clock().clone();
    let conn: &mut AnyConnection = tx;
    let now = clock.now();
    Ok(sqlx::query_scalar(
        "INSERT INTO officers (department_id, name, certificate_number, field, valid_from, valid_until, \
         status, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
    )
    .bind(department_id)
    .bind(&o.name)
    .bind(&o.certificate_number)
    .bind(&o.field)
    .bind(o.valid_from)
    .bind(o.valid_until)
    .bind(o.status.unwrap_or(OfficerStatus::Active).as_str())
    .bind(now)
    .fetch_one(&mut *conn)
    .await?)
}

/// Updates an officer of the department; false when there is none.
pub async fn update(
    tx: &mut super::Tx,
    department_id: i64,
    id: i64,
    o: &OfficerInput,
) -> Result<bool> {
    let clock = tx.clock().clone();
    let conn: &mut AnyConnection = tx;
    let done = sqlx::query(
        "UPDATE officers SET name = $1, certificate_number = $2, field = $3, valid_from = $4, \
         valid_until = $5, status = $6, updated_at = $7 WHERE id = $8 AND department_id = $9",
    )
    .bind(&o.name)
    .bind(&o.certificate_number)
    .bind(&o.field)
    .bind(o.valid_from)
    .bind(o.valid_until)
    .bind(o.status.unwrap_or(OfficerStatus::Active).as_str())
    .bind(clock.now())
    .bind(id)
    .bind(department_id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Active officers (of one department or all) whose certificates end between `from` and
/// `to`, both included.
pub async fn expiring(db: &Db, department_id: Option<i64>, from: Date, to: Date) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM officers WHERE status = 'active' AND valid_until >= $2 \
         AND valid_until <= $3 AND ($1 IS NULL OR department_id = $1)",
    )
    .bind(department_id)
    .bind(from)
    .bind(to)
    .fetch_one(db.pool())
    .await?)
}
