//! The working-day calendar: the built-in official one with the days administrators set.

use app::model::{
    CalendarDay,
    publicity::{Calendar, Date},
};
use sqlx::{AnyConnection, Row};

use super::Db;
use crate::Result;

/// The official calendar with every day an administrator set.
pub async fn load(db: &Db) -> Result<Calendar> {
    let mut calendar = Calendar::official();
    for day in list(db).await? {
        if let Some(date) = Date::parse(&day.date) {
            calendar.set(date, day.working);
        }
    }
    Ok(calendar)
}

/// The days administrators set, by date.
pub async fn list(db: &Db) -> Result<Vec<CalendarDay>> {
    let rows = sqlx::query("SELECT day, working, note FROM calendar_days ORDER BY day")
        .fetch_all(db.pool())
        .await?;
    rows.iter()
        .map(|r| {
            Ok(CalendarDay {
                date: r.try_get("day")?,
                working: r.try_get::<i64, _>("working")? == 1,
                note: r.try_get("note")?,
            })
        })
        .collect()
}

/// Sets a day as working or not (replacing an earlier setting).
pub async fn set(conn: &mut AnyConnection, day: &CalendarDay, by: &str) -> Result<()> {
    sqlx::query(
        "INSERT INTO calendar_days (day, working, note, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (day) DO UPDATE SET working = $2, note = $3, updated_by = $4, updated_at = $5",
    )
    .bind(&day.date)
    .bind(i64::from(day.working))
    .bind(&day.note)
    .bind(by)
    .bind(super::now_text())
    .execute(&mut *conn)
    .await?;
    Ok(())
}
