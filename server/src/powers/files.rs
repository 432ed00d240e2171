//! Catalog import and export files, the way spreadsheets save them. In: XLSX (first
//! worksheet) or CSV in UTF-8 (with or without a byte-order mark) or GBK/GB18030. Out: XLSX,
//! or CSV in UTF-8 with a byte-order mark, so Excel opens it with the right characters.

use std::collections::HashSet;

use app::model::{
    CatalogItem, Category, Claim, DepartmentLevel, ImportReport, ItemCode, ItemFields, Lang,
    Maintenance, Msg, RowError,
};

use crate::{
    AppError, Result,
    db::{self, Db, audit},
    powers::catalog::{insert_new, validate_fields},
};

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The columns, with the header names accepted for each (Chinese first).
const COLUMNS: [(&str, &[&str]); 6] = [
    ("code", &["事项编码", "编码", "code"]),
    ("name", &["事项名称", "名称", "name"]),
    ("category", &["事项类别", "类别", "category"]),
    ("legal_basis", &["设定依据", "legal_basis"]),
    ("levels", &["行使层级", "层级", "levels"]),
    ("township", &["乡镇指导目录", "township"]),
];

/// An XLSX file is a zip archive.
fn is_xlsx(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// What an uploaded file may hold, checked before anything is allocated for it.
pub mod bounds {
    /// Entries in an XLSX archive.
    pub const MAX_ZIP_ENTRIES: usize = 1_000;
    /// Uncompressed bytes of an XLSX archive, all entries together (a 10 MB upload that
    /// inflates to gigabytes is refused before it is inflated).
    pub const MAX_UNCOMPRESSED_BYTES: u64 = 64 << 20;
    /// Rows and columns of a sheet or file.
    pub const MAX_ROWS: u32 = 50_000;
    pub const MAX_COLUMNS: u32 = 64;
    /// Characters on one CSV line.
    pub const MAX_LINE_CHARS: usize = 64 * 1024;
}

/// Refuses an archive with too many entries or too many uncompressed bytes, reading only
/// its central directory.
fn check_zip(bytes: &[u8]) -> std::result::Result<(), String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("not a readable XLSX file: {e}"))?;
    if zip.len() > bounds::MAX_ZIP_ENTRIES {
        return Err(format!(
            "the file holds {} parts; an XLSX sheet for import holds far fewer",
            zip.len()
        ));
    }
    let mut total = 0u64;
    for i in 0..zip.len() {
        let entry = zip
            .by_index_raw(i)
            .map_err(|e| format!("not a readable XLSX file: {e}"))?;
        total = total.saturating_add(entry.size());
        if total > bounds::MAX_UNCOMPRESSED_BYTES {
            return Err(format!(
                "the file unpacks to more than {} MB; split it or save it as CSV",
                bounds::MAX_UNCOMPRESSED_BYTES >> 20
            ));
        }
    }
    Ok(())
}

/// The first worksheet of an XLSX file as CSV text, so both formats share one parser and
/// report the same line numbers (sheet row n is line n). Reads cell by cell: a sheet whose
/// stated or real extent passes the bounds (say, one cell in A1 and one in XFD1048576) is
/// refused without allocating its rows × columns.
fn xlsx_to_csv(bytes: &[u8]) -> std::result::Result<String, String> {
    use calamine::{Data, Reader, Xlsx};
    check_zip(bytes)?;
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e| format!("not a readable XLSX file: {e}"))?;
    let first = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or("the workbook has no worksheet")?;
    let mut cells = book
        .worksheet_cells_reader(&first)
        .map_err(|e| format!("cannot read the first worksheet: {e}"))?;
    let too_big = || {
        format!(
            "the sheet reaches past {} rows or {} columns; only the data to import may be in it",
            bounds::MAX_ROWS,
            bounds::MAX_COLUMNS
        )
    };
    let stated = cells.dimensions();
    if stated.end.0 >= bounds::MAX_ROWS || stated.end.1 >= bounds::MAX_COLUMNS {
        return Err(too_big());
    }
    let mut rows: Vec<Vec<String>> = Vec::new();
    while let Some(cell) = cells
        .next_cell()
        .map_err(|e| format!("cannot read the first worksheet: {e}"))?
    {
        let (r, c) = cell.get_position();
        if r >= bounds::MAX_ROWS || c >= bounds::MAX_COLUMNS {
            return Err(too_big());
        }
        let (r, c) = (r as usize, c as usize);
        if rows.len() <= r {
            rows.resize_with(r + 1, Vec::new);
        }
        let row = &mut rows[r];
        if row.len() <= c {
            row.resize(c + 1, String::new());
        }
        row[c] = Data::from(cell.get_value().clone()).to_string();
    }
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut out = csv::Writer::from_writer(Vec::new());
    for mut row in rows {
        row.resize(width, String::new());
        out.write_record(&row).map_err(|e| e.to_string())?;
    }
    let bytes = out.into_inner().map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
}

/// Refuses CSV text with a line longer than the bounds or too many lines.
fn check_csv(text: &str) -> std::result::Result<(), String> {
    for (i, line) in text.lines().enumerate() {
        if i as u32 >= bounds::MAX_ROWS {
            return Err(format!("the file has more than {} lines", bounds::MAX_ROWS));
        }
        if line.len() > bounds::MAX_LINE_CHARS * 4 || line.chars().count() > bounds::MAX_LINE_CHARS
        {
            return Err(format!(
                "line {} is longer than {} characters",
                i + 1,
                bounds::MAX_LINE_CHARS
            ));
        }
    }
    Ok(())
}

/// Reads an uploaded file — XLSX (its first worksheet) or CSV (UTF-8 or GB18030) — as
/// CSV text and its encoding, within the bounds. Blocking: call it on the blocking pool.
pub fn read_upload(bytes: &[u8]) -> std::result::Result<(String, &'static str), String> {
    let (text, encoding) = if is_xlsx(bytes) {
        (xlsx_to_csv(bytes)?, "xlsx")
    } else {
        decode(bytes)
    };
    check_csv(&text)?;
    Ok((text, encoding))
}

/// Decodes a file as UTF-8 if it is valid UTF-8, else as GB18030 (a superset of GBK).
pub fn decode(bytes: &[u8]) -> (String, &'static str) {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_owned(), "utf-8"),
        Err(_) => {
            let (text, _, _) = encoding_rs::GB18030.decode(bytes);
            (text.into_owned(), "gb18030")
        }
    }
}

fn parse_level(s: &str) -> Option<DepartmentLevel> {
    match s.trim() {
        "省" | "省级" | "province" => Some(DepartmentLevel::Province),
        "市" | "市级" | "city" => Some(DepartmentLevel::City),
        "县" | "县级" | "区县" | "county" => Some(DepartmentLevel::County),
        "乡镇" | "乡镇（街道）" | "乡镇(街道)" | "镇街" | "township" => {
            Some(DepartmentLevel::Township)
        }
        _ => None,
    }
}

fn level_name(l: DepartmentLevel) -> &'static str {
    match l {
        DepartmentLevel::Province => "省级",
        DepartmentLevel::City => "市级",
        DepartmentLevel::County => "县级",
        DepartmentLevel::Township => "乡镇",
    }
}

fn parse_bool(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "是" | "y" | "yes" | "true" | "1" => Some(true),
        "否" | "n" | "no" | "false" | "0" | "" => Some(false),
        _ => None,
    }
}

/// The valid rows (with their line numbers) and the problems found.
pub type ParsedRows = (Vec<(usize, ItemFields)>, Vec<RowError>);

/// Parses and checks every row; returns the valid items and the problems by line.
pub fn parse(text: &str, lang: Lang) -> std::result::Result<ParsedRows, RowError> {
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
    let mut index = [0usize; 6];
    for (i, (name, aliases)) in COLUMNS.iter().enumerate() {
        index[i] = headers
            .iter()
            .position(|h| aliases.contains(&h.trim()))
            .ok_or_else(|| {
                let column = aliases[0].to_owned();
                RowError::new(1, name, &Msg::HeaderLacks { column }, lang)
            })?;
    }
    let mut items = Vec::new();
    let mut errors = Vec::new();
    let mut seen = HashSet::new();
    for (n, record) in reader.records().enumerate() {
        let row = n + 2;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let detail = e.to_string();
                errors.push(RowError::new(
                    row,
                    "row",
                    &Msg::RowUnreadable { detail },
                    lang,
                ));
                continue;
            }
        };
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let get = |i: usize| record.get(index[i]).unwrap_or_default().trim();
        let mut err = |field: &str, msg: Msg| errors.push(RowError::new(row, field, &msg, lang));
        let code = match ItemCode::parse(get(0)) {
            Ok(c) => c,
            Err(e) => {
                err("code", e.into());
                continue;
            }
        };
        if !seen.insert(code.clone()) {
            err(
                "code",
                Msg::CodeTwice {
                    code: code.to_string(),
                },
            );
            continue;
        }
        let Some(category) = Category::read(get(2)) else {
            err(
                "category",
                Msg::UnknownCategoryText {
                    value: get(2).to_owned(),
                },
            );
            continue;
        };
        let mut levels = Vec::new();
        let mut bad_level = None;
        for part in get(4)
            .split([',', '，', '、', ';', '；', '/'])
            .filter(|p| !p.trim().is_empty())
        {
            match parse_level(part) {
                Some(l) => levels.push(l),
                None => bad_level = Some(part.trim().to_owned()),
            }
        }
        if let Some(bad) = bad_level {
            err("levels", Msg::UnknownLevelText { value: bad });
            continue;
        }
        let Some(township) = parse_bool(get(5)) else {
            err(
                "township",
                Msg::YesOrNo {
                    value: get(5).to_owned(),
                },
            );
            continue;
        };
        let fields = ItemFields {
            code,
            name: get(1).to_owned(),
            category,
            legal_basis: get(3).to_owned(),
            levels,
            township,
        };
        match validate_fields(&fields, "") {
            Ok(()) => items.push((row, fields)),
            Err(AppError::Validation { field, msg }) => err(field.as_deref().unwrap_or("row"), msg),
            Err(e) => err("row", e.msg().0),
        }
    }
    Ok((items, errors))
}

/// Imports catalog items from a CSV file in one transaction. With any invalid row nothing
/// is imported, unless `valid_only` says to import the valid rows and skip the rest.
pub async fn import(
    db: &Db,
    actor: &audit::Actor,
    bytes: &[u8],
    maintenance: &Maintenance,
    valid_only: bool,
    lang: Lang,
) -> Result<ImportReport> {
    // Parsing a spreadsheet is CPU work: off the async runtime.
    let owned = bytes.to_vec();
    let (text, encoding) = tokio::task::spawn_blocking(move || read_upload(&owned))
        .await
        .map_err(anyhow::Error::from)?
        .map_err(|detail| AppError::validation("file", Msg::FileUnreadable { detail }))?;
    let (items, mut errors) = parse(&text, lang).map_err(|e| {
        AppError::validation(
            "file",
            Msg::FileLine {
                line: e.row,
                detail: e.problem.message,
            },
        )
    })?;
    let mut tx = db.begin().await?;
    let mut fresh = Vec::new();
    for (row, fields) in items {
        if db::catalog::id_by_code(&mut tx, &fields.code)
            .await?
            .is_some()
        {
            let code = fields.code.to_string();
            errors.push(RowError::new(
                row,
                "code",
                &Msg::ItemInCatalog { code },
                lang,
            ));
        } else {
            fresh.push(fields);
        }
    }
    errors.sort_by_key(|e| e.row);
    let rows = fresh.len() + errors.iter().map(|e| e.row).collect::<HashSet<_>>().len();
    let mut report = ImportReport {
        rows,
        valid_rows: fresh.len(),
        imported: 0,
        encoding: encoding.to_owned(),
        errors,
    };
    if !report.errors.is_empty() && !valid_only {
        return Ok(report);
    }
    for fields in &fresh {
        insert_new(&mut tx, fields, maintenance, &actor.username, &[], "").await?;
    }
    report.imported = fresh.len();
    audit::append(&mut tx, actor, audit::Event {
        action: "catalog.import",
        entity: "catalog",
        entity_id: "import".into(),
        before: None,
        after: None,
        detail: serde_json::json!({
            "imported": report.imported, "skipped_rows": report.errors.len(), "reason": maintenance.reason,
        }),
    })
    .await?;
    tx.commit().await?;
    Ok(report)
}

/// Text a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, carriage return
/// first) gets a leading apostrophe, so a crafted field cannot execute when an exported
/// CSV is opened.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// The most characters an XLSX cell holds.
const XLSX_CELL_MAX: usize = 32_767;

/// A table to export: a header row and data rows.
pub struct Table {
    pub header: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// CSV in UTF-8 with a byte-order mark.
    pub fn to_csv(&self) -> Result<Vec<u8>> {
        let mut w = csv::Writer::from_writer(BOM.to_vec());
        w.write_record(&self.header).map_err(anyhow::Error::from)?;
        for row in &self.rows {
            w.write_record(row.iter().map(|cell| neutralise(cell).into_owned()))
                .map_err(anyhow::Error::from)?;
        }
        w.into_inner()
            .map_err(|e| anyhow::anyhow!("csv: {e}").into())
    }

    /// An XLSX workbook with one worksheet, the header in bold and frozen.
    pub fn to_xlsx(&self, sheet: &str) -> Result<Vec<u8>> {
        use rust_xlsxwriter::{Format, Workbook};
        let xlsx =
            |e: rust_xlsxwriter::XlsxError| crate::AppError::from(anyhow::anyhow!("xlsx: {e}"));
        let mut book = Workbook::new();
        let ws = book.add_worksheet();
        ws.set_name(sheet).map_err(xlsx)?;
        let bold = Format::new().set_bold();
        for (c, h) in self.header.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &bold)
                .map_err(xlsx)?;
        }
        for (r, row) in self.rows.iter().enumerate() {
            for (c, value) in row.iter().enumerate() {
                // XLSX cells are plain strings (never formulas); overlong text is cut.
                let value: String = value.chars().take(XLSX_CELL_MAX).collect();
                ws.write_string(r as u32 + 1, c as u16, value)
                    .map_err(xlsx)?;
            }
        }
        ws.set_freeze_panes(1, 0).map_err(xlsx)?;
        book.save_to_buffer().map_err(xlsx)
    }
}

/// The catalog in the import format plus status, version and effective date.
pub fn catalog_table(items: &[CatalogItem]) -> Table {
    let header = vec![
        "事项编码",
        "事项名称",
        "事项类别",
        "设定依据",
        "行使层级",
        "乡镇指导目录",
        "状态",
        "版本",
        "生效日期",
    ];
    let rows = items
        .iter()
        .map(|i| {
            let levels: Vec<&str> = i.fields.levels.iter().map(|l| level_name(*l)).collect();
            vec![
                i.fields.code.to_string(),
                i.fields.name.clone(),
                i.fields.category.name_zh().to_owned(),
                i.fields.legal_basis.clone(),
                levels.join("、"),
                if i.fields.township { "是" } else { "否" }.to_owned(),
                i.status.as_str().to_owned(),
                i.version.to_string(),
                i.effective_date.to_string(),
            ]
        })
        .collect();
    Table { header, rows }
}

/// A department's claims: the published version where there is one, else the draft.
pub fn claims_table(claims: &[Claim]) -> Table {
    let header = vec![
        "部门",
        "事项编码",
        "事项名称",
        "事项类别",
        "状态",
        "实施主体",
        "地方设定依据",
        "责任事项",
        "追责情形",
        "裁量基准",
        "办理与投诉",
        "公布时间",
    ];
    let rows = claims
        .iter()
        .map(|c| {
            let d = c
                .published
                .clone()
                .or_else(|| c.working.clone())
                .unwrap_or_default();
            vec![
                c.department_name.clone(),
                c.item.code.to_string(),
                c.item.name.clone(),
                c.item.category.name_zh().to_owned(),
                c.status.as_str().to_owned(),
                d.implementing_body,
                d.local_legal_basis,
                d.responsibility_steps,
                d.accountability,
                d.discretion_benchmark,
                d.service_info,
                c.published_at.map(|at| at.to_string()).unwrap_or_default(),
            ]
        })
        .collect();
    Table { header, rows }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "事项编码,事项名称,事项类别,设定依据,行使层级,乡镇指导目录\n\
        CF00001000,对未取得许可从事食品生产经营的处罚,行政处罚,《食品安全法》第一百二十二条,市级、县级,否\n\
        XK00002000,食品经营许可,行政许可,《食品安全法》第三十五条,县级,否\n";

    #[test]
    fn a_clean_file_parses() {
        let (items, errors) = parse(SAMPLE, Lang::En).unwrap();
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(items.len(), 2);
        assert_eq!(
            items[0].1.levels,
            vec![DepartmentLevel::City, DepartmentLevel::County]
        );
    }

    #[test]
    fn bad_rows_are_reported_by_line_and_field() {
        let text = format!(
            "{SAMPLE}XX1,坏编码,行政处罚,某法,县级,否\nCF00003000,,行政处罚,某法,县级,否\nCF00004000,x,行政许可,某法,县级,否\nCF00001000,重复,行政处罚,某法,县级,否\n"
        );
        let (items, errors) = parse(&text, Lang::En).unwrap();
        assert_eq!(items.len(), 2);
        let got: Vec<(usize, &str)> = errors
            .iter()
            .map(|e| (e.row, e.problem.field.as_str()))
            .collect();
        assert_eq!(got, [(4, "code"), (5, "name"), (6, "code"), (7, "code")]);
    }

    #[test]
    fn gbk_files_from_excel_are_read() {
        let (gbk, _, _) = encoding_rs::GBK.encode(SAMPLE);
        let (text, encoding) = decode(&gbk);
        assert_eq!(encoding, "gb18030");
        assert_eq!(text, SAMPLE);
        let mut with_bom = BOM.to_vec();
        with_bom.extend_from_slice(SAMPLE.as_bytes());
        assert_eq!(decode(&with_bom), (SAMPLE.to_owned(), "utf-8"));
    }

    #[test]
    fn formulas_are_defused_in_csv() {
        let table = Table {
            header: vec!["a"],
            rows: vec![vec!["=HYPERLINK(\"http://x\")".into()], vec!["正常".into()]],
        };
        let (text, _) = decode(&table.to_csv().unwrap());
        assert!(text.contains("'=HYPERLINK"), "{text}");
        assert!(text.contains("\n正常\n"));
    }

    #[test]
    fn a_missing_column_is_named() {
        let err = parse("事项编码,事项名称\nCF00001000,x\n", Lang::En).unwrap_err();
        assert_eq!(err.problem.field, "category");
    }

    #[test]
    fn exports_start_with_a_bom_and_round_trip() {
        let (items, _) = parse(SAMPLE, Lang::En).unwrap();
        let catalog: Vec<CatalogItem> = items
            .into_iter()
            .enumerate()
            .map(|(i, (_, fields))| CatalogItem {
                id: i as i64,
                fields,
                status: app::model::ItemStatus::Active,
                version: 1,
                effective_date: app::model::Date::parse("2025-01-01").unwrap(),
                updated_at: app::model::Timestamp::from_micros(0),
            })
            .collect();
        let table = catalog_table(&catalog);
        let bytes = table.to_csv().unwrap();
        assert!(bytes.starts_with(BOM));
        let (text, _) = decode(&bytes);
        let (again, errors) = parse(&text, Lang::En).unwrap();
        assert!(errors.is_empty());
        assert_eq!(again.len(), 2);

        // XLSX out, and back in through the same parser.
        let xlsx = table.to_xlsx("目录").unwrap();
        assert!(is_xlsx(&xlsx));
        let text = xlsx_to_csv(&xlsx).unwrap();
        let (again, errors) = parse(&text, Lang::En).unwrap();
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(again[1].1.name, "食品经营许可");
    }
}
