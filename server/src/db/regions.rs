//! GB/T 2260 regions: Guangdong's province, 21 prefecture-level cities and their
//! county-level divisions, from `data/regions-guangdong.csv` (see `data/README.md`).

use anyhow::Context;
use app::model::{Region, RegionCode, RegionLevel};
use sqlx::Row;

use super::Db;
use crate::Result;

const REGIONS_CSV: &str = include_str!("../../data/regions-guangdong.csv");

/// Inserts the regions the committed CSV lists and the table lacks, and renames changed
/// ones. Codes are never deleted: GB/T 2260 never reuses a retired code, and decisions keep
/// pointing at the code they were made under.
pub async fn sync_reference(db: &Db) -> anyhow::Result<()> {
    let rows = parse_csv(REGIONS_CSV)?;
    let present: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM regions")
        .fetch_one(db.pool())
        .await?;
    if present as usize >= rows.len() {
        return Ok(());
    }
    let mut tx = db.begin().await?;
    for r in &rows {
        sqlx::query(
            "INSERT INTO regions (code, name, level, parent_code) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (code) DO UPDATE SET name = excluded.name",
        )
        .bind(r.code.as_str())
        .bind(&r.name)
        .bind(r.level.as_str())
        .bind(r.parent_code.as_ref().map(RegionCode::as_str))
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    tracing::info!(regions = rows.len(), "loaded region reference data");
    Ok(())
}

fn parse_csv(text: &str) -> anyhow::Result<Vec<Region>> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut out = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record?;
        let line = i + 2;
        let field = |n: usize| record.get(n).unwrap_or_default();
        let code =
            RegionCode::parse(field(0)).with_context(|| format!("regions CSV line {line}"))?;
        let level = match field(2) {
            "province" => RegionLevel::Province,
            "city" => RegionLevel::City,
            "county" => RegionLevel::County,
            other => anyhow::bail!("regions CSV line {line}: unknown level {other}"),
        };
        let parent_code = match field(3) {
            "" => None,
            p => Some(RegionCode::parse(p).with_context(|| format!("regions CSV line {line}"))?),
        };
        out.push(Region {
            code,
            name: field(1).to_owned(),
            level,
            parent_code,
        });
    }
    Ok(out)
}

fn from_row(row: &sqlx::any::AnyRow) -> Result<Region> {
    let code: String = row.try_get("code")?;
    let level: String = row.try_get("level")?;
    let parent: Option<String> = row.try_get("parent_code")?;
    Ok(Region {
        code: RegionCode::parse(&code).map_err(anyhow::Error::from)?,
        name: row.try_get("name")?,
        level: match level.as_str() {
            "province" => RegionLevel::Province,
            "city" => RegionLevel::City,
            _ => RegionLevel::County,
        },
        parent_code: parent
            .as_deref()
            .map(RegionCode::parse)
            .transpose()
            .map_err(anyhow::Error::from)?,
    })
}

/// Every region, parents before children, each tier in code order.
pub async fn list(db: &Db) -> Result<Vec<Region>> {
    let rows = sqlx::query(
        "SELECT code, name, level, parent_code FROM regions \
         ORDER BY CASE level WHEN 'province' THEN 0 WHEN 'city' THEN 1 ELSE 2 END, code",
    )
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(from_row).collect()
}

pub async fn find(db: &Db, code: &RegionCode) -> Result<Option<Region>> {
    let row = sqlx::query("SELECT code, name, level, parent_code FROM regions WHERE code = $1")
        .bind(code.as_str())
        .fetch_optional(db.pool())
        .await?;
    row.as_ref().map(from_row).transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_csv_has_guangdong_and_its_21_cities() {
        let rows = parse_csv(REGIONS_CSV).unwrap();
        let cities = rows.iter().filter(|r| r.level == RegionLevel::City).count();
        assert_eq!(cities, 21);
        assert_eq!(rows[0].code.as_str(), "440000");
        assert!(rows.iter().all(|r| r.code.as_str().starts_with("44")));
        for r in &rows {
            assert_eq!(
                r.parent_code,
                r.code.parent(),
                "{} has the wrong parent",
                r.code
            );
        }
    }
}
