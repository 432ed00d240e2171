//! The market-entity registry: import from CSV or XLSX, all or nothing, with a report by
//! row; and inspectors' recorded conflicts.

use std::collections::{HashMap, HashSet};

use app::model::{
    EntityImportReport, EntityInput, Lang, Msg, RegionCode, RiskGrade, RowError, Uscc,
};
use serde_json::json;

use crate::{
    AppError, Result,
    db::{
        self, Db,
        audit::{self, Actor},
    },
    powers::files::read_upload,
};

/// The columns of an import file, each with the header names it may go by. The contact
/// column may be left out.
const COLUMNS: [(&str, &[&str]); 6] = [
    ("uscc", &["统一社会信用代码", "信用代码", "uscc"]),
    ("name", &["名称", "主体名称", "企业名称", "name"]),
    ("region_code", &["行政区划代码", "区划代码", "region_code"]),
    ("industry", &["行业", "所属行业", "industry"]),
    ("risk_grade", &["风险等级", "信用风险分类", "risk_grade"]),
    ("contact", &["联系方式", "联系人", "contact"]),
];

/// The most entities one file may hold.
pub const MAX_ROWS: usize = 50_000;

fn risk_grade(s: &str) -> Option<RiskGrade> {
    match s.trim() {
        "A" | "a" | "A类" | "低风险" => Some(RiskGrade::A),
        "B" | "b" | "B类" | "一般风险" => Some(RiskGrade::B),
        "C" | "c" | "C类" | "较高风险" => Some(RiskGrade::C),
        "D" | "d" | "D类" | "高风险" => Some(RiskGrade::D),
        _ => None,
    }
}

/// The valid entities with their lines, and the problems by line.
pub type ParsedEntities = (Vec<(usize, EntityInput)>, Vec<RowError>);

/// Reads and checks every row: the valid entities with their lines, and the problems.
/// `regions` are the known region codes.
pub fn parse(
    text: &str,
    regions: &HashSet<String>,
    lang: Lang,
) -> std::result::Result<ParsedEntities, RowError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| {
            let detail = e.to_string();
            RowError::new(1, "header", &Msg::RowUnreadable { detail }, lang)
        })?
        .clone();
    let mut index: [Option<usize>; 6] = [None; 6];
    for (i, (name, aliases)) in COLUMNS.iter().enumerate() {
        index[i] = headers.iter().position(|h| aliases.contains(&h.trim()));
        if index[i].is_none() && *name != "contact" {
            let column = aliases[0].to_owned();
            return Err(RowError::new(1, name, &Msg::HeaderLacks { column }, lang));
        }
    }
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut seen = HashSet::new();
    for (n, record) in reader.records().enumerate() {
        let row = n + 2;
        let mut err = |field: &str, msg: Msg| errors.push(RowError::new(row, field, &msg, lang));
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                err(
                    "row",
                    Msg::RowUnreadable {
                        detail: e.to_string(),
                    },
                );
                continue;
            }
        };
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if rows.len() >= MAX_ROWS {
            err("row", Msg::TooManyRows { max: MAX_ROWS });
            break;
        }
        let get = |i: usize| {
            index[i]
                .and_then(|at| record.get(at))
                .unwrap_or_default()
                .trim()
        };
        let uscc = match Uscc::parse(get(0)) {
            Ok(u) => u,
            Err(e) => {
                err("uscc", e.into());
                continue;
            }
        };
        if !seen.insert(uscc.as_str().to_owned()) {
            err(
                "uscc",
                Msg::CodeTwice {
                    code: uscc.to_string(),
                },
            );
            continue;
        }
        let name = get(1);
        if name.chars().count() < 2 || name.chars().count() > 100 {
            err("name", Msg::LengthBetween { min: 2, max: 100 });
            continue;
        }
        let region_code = match RegionCode::parse(get(2)) {
            Ok(r) if regions.contains(r.as_str()) => r,
            Ok(r) => {
                err(
                    "region_code",
                    Msg::NoRegion {
                        code: r.to_string(),
                    },
                );
                continue;
            }
            Err(e) => {
                err("region_code", e.into());
                continue;
            }
        };
        let industry = get(3);
        if industry.is_empty() || industry.chars().count() > 50 {
            err("industry", Msg::LengthBetween { min: 1, max: 50 });
            continue;
        }
        let Some(grade) = risk_grade(get(4)) else {
            err(
                "risk_grade",
                Msg::unknown(get(4), RiskGrade::ALL.iter().map(|g| g.as_str())),
            );
            continue;
        };
        let contact = get(5);
        if contact.chars().count() > 100 {
            err("contact", Msg::TooLong { max: 100 });
            continue;
        }
        if [name, industry, contact]
            .iter()
            .any(|s| s.chars().any(char::is_control))
        {
            err("row", Msg::ControlCharacter);
            continue;
        }
        rows.push((
            row,
            EntityInput {
                uscc,
                name: name.to_owned(),
                region_code,
                industry: industry.to_owned(),
                risk_grade: grade,
                contact: (!contact.is_empty()).then(|| contact.to_owned()),
            },
        ));
    }
    Ok((rows, errors))
}

/// Imports entities (added, or updated by credit code) in one transaction; with any
/// invalid row nothing is written and the report lists the problems.
pub async fn import(
    db: &Db,
    actor: &Actor,
    bytes: &[u8],
    lang: Lang,
) -> Result<EntityImportReport> {
    let owned = bytes.to_vec();
    let (text, encoding) = tokio::task::spawn_blocking(move || read_upload(&owned))
        .await
        .map_err(anyhow::Error::from)?
        .map_err(|detail| AppError::validation("file", Msg::FileUnreadable { detail }))?;
    let regions: HashSet<String> = db::regions::list(db)
        .await?
        .into_iter()
        .map(|r| r.code.to_string())
        .collect();
    let (rows, errors) = parse(&text, &regions, lang).map_err(|e| {
        AppError::validation(
            "file",
            Msg::FileLine {
                line: e.row,
                detail: e.problem.message,
            },
        )
    })?;
    let problem_rows: HashSet<usize> = errors.iter().map(|e| e.row).collect();
    let mut report = EntityImportReport {
        rows: rows.len() + problem_rows.len(),
        added: 0,
        updated: 0,
        encoding: encoding.to_owned(),
        errors,
    };
    if !report.errors.is_empty() {
        return Ok(report);
    }
    if rows.is_empty() {
        return Err(AppError::validation("file", Msg::EmptyFile));
    }
    let mut tx = db.begin().await?;
    let entities: Vec<EntityInput> = rows.into_iter().map(|(_, e)| e).collect();
    (report.added, report.updated) = db::entities::upsert_many(&mut tx, &entities).await?;
    audit::append(
        &mut tx,
        actor,
        audit::Event {
            action: "entities.import",
            entity: "entity",
            entity_id: "import".into(),
            before: None,
            after: None,
            detail: json!({ "added": report.added, "updated": report.updated }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(report)
}

/// Records that one of the department's officers must not inspect an entity.
pub async fn add_conflict(
    db: &Db,
    actor: &Actor,
    department_id: i64,
    officer_id: i64,
    uscc: &str,
    note: &str,
) -> Result<()> {
    let note = note.trim();
    if note.chars().count() < 2 || note.chars().count() > 200 {
        return Err(AppError::validation(
            "note",
            Msg::LengthBetween { min: 2, max: 200 },
        ));
    }
    let uscc = Uscc::parse(uscc).map_err(|e| AppError::validation("entity_uscc", e))?;
    let mut tx = db.begin().await?;
    let officer = db::officers::find(&mut tx, department_id, officer_id)
        .await?
        .ok_or_else(|| AppError::not_found(Msg::NoOfficer))?;
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
    if db::entities::add_conflict(&mut tx, officer.id, entity.id, note).await? {
        audit::append(
            &mut tx,
            actor,
            audit::Event {
                action: "officer.conflict",
                entity: "officer",
                entity_id: officer.id.to_string(),
                before: None,
                after: None,
                detail: json!({ "department_id": department_id, "entity_uscc": uscc.as_str() }),
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Credit codes of `entities` by id, for the draw.
pub fn by_uscc(population: &[(i64, String)]) -> HashMap<&str, i64> {
    population.iter().map(|(id, u)| (u.as_str(), *id)).collect()
}
