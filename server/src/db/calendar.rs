//! The working-day calendar: the built-in official one with the days administrators set.

use app::model::{CalendarDay, CalendarYear, publicity::Calendar};
use sqlx::{AnyConnection, Row};

use super::Db;
use crate::Result;

/// The official calendar with every day an administrator set and every year loaded.
pub async fn load(db: &Db) -> Result<Calendar> {
    let mut calendar = Calendar::official();
    for day in list(db).await? {
        calendar.set(day.date, day.working);
    }
    for year in years(db).await? {
        calendar.mark_official(year.year);
    }
    Ok(calendar)
}

/// The years an administrator loaded from the State Council's notice.
pub async fn years(db: &Db) -> Result<Vec<CalendarYear>> {
    let rows =
        sqlx::query("SELECT year, days, loaded_by, loaded_at FROM calendar_years ORDER BY year")
            .fetch_all(db.pool())
            .await?;
    rows.iter()
        .map(|r| {
            Ok(CalendarYear {
                year: r.try_get("year")?,
                days: r.try_get("days")?,
                loaded_by: r.try_get("loaded_by")?,
                loaded_at: r.try_get("loaded_at")?,
            })
        })
        .collect()
}

/// Records that `year`'s notice was loaded with `days` holidays and adjusted working days.
pub async fn mark_loaded(tx: &mut super::Tx, year: i64, days: i64, by: &str) -> Result<()> {
    let clock = tx.clock().clone();
    let conn: &mut AnyConnection = tx;
    sqlx::query(
        "INSERT INTO calendar_years (year, days, loaded_by, loaded_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (year) DO UPDATE SET days = $2, loaded_by = $3, loaded_at = $4",
    )
    .bind(year)
    .bind(days)
    .bind(by)
    .bind(clock.now())
    .execute(&mut *conn)
    .await?;
    Ok(())
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
pub async fn set(tx: &mut super::Tx, day: &CalendarDay, by: &str) -> Result<()> {
    let clock = tx.clock().clone();
    let conn: &mut AnyConnection = tx;
    sqlx::query(
        "INSERT INTO calendar_days (day, working, note, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (day) DO UPDATE SET working = $2, note = $3, updated_by = $4, updated_at = $5",
    )
    .bind(day.date)
    .bind(i64::from(day.working))
    .bind(&day.note)
    .bind(by)
    .bind(clock.now())
    .execute(&mut *conn)
    .await?;
    Ok(())
}
