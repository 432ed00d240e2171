//! Batch intake: many decisions registered (and issued) in one transaction, each row in a
//! savepoint of it, checked with exactly the rules of a single decision. A wrong row is
//! rolled back to its savepoint and reported by row and field; with `all_or_nothing`
//! any wrong row rolls back the whole batch.

use app::model::{BatchDecision, Lang, Msg, RegisterDecision, RowError};
use sqlx::Executor;

use super::decisions::{Retry, Setting, register_in_tx};
use crate::{
    AppError, Result,
    db::{Db, audit::Actor, decisions::DecisionRow},
    keys::KeyRing,
};

/// A row as read: the decision, or why it could not be read.
pub struct Row {
    /// Its place in the request from 1, or its line in a file.
    pub row: usize,
    pub parsed: std::result::Result<BatchDecision, AppError>,
}

/// What a batch kept and found.
pub struct Outcome {
    /// Each kept row, and whether an earlier batch made it (same key and content).
    pub done: Vec<(usize, DecisionRow, bool)>,
    pub errors: Vec<RowError>,
    /// Whether the rows kept were written (false when `all_or_nothing` met a problem).
    pub committed: bool,
}

/// How a batch runs.
pub struct Batch<'a> {
    pub actor: &'a Actor,
    /// `token:<id>` or `user:<id>`: row keys are each caller's own, as `Idempotency-Key`s.
    pub caller: &'a str,
    pub department_id: i64,
    pub issue: bool,
    pub all_or_nothing: bool,
    pub lang: Lang,
}

/// Runs the rows; `progress` hears how many are done every few rows and at the end.
pub async fn run(
    db: &Db,
    keys: &KeyRing,
    batch: &Batch<'_>,
    rows: Vec<Row>,
    progress: &mut (dyn FnMut(usize) + Send),
) -> Result<Outcome> {
    let setting = Setting::load(db, batch.department_id).await?;
    let mut done = Vec::new();
    let mut errors = Vec::new();
    let total = rows.len();
    let mut tx = db.begin().await?;
    for (n, row) in rows.into_iter().enumerate() {
        let problem = |e: AppError| -> Result<RowError> {
            if let AppError::Internal(e) = e {
                return Err(AppError::Internal(e));
            }
            let (msg, field) = e.msg();
            Ok(RowError::new(
                row.row,
                field.unwrap_or("row"),
                &msg,
                batch.lang,
            ))
        };
        match row.parsed {
            Err(e) => errors.push(problem(e)?),
            Ok(input) => {
                let key = match input.key.as_deref().map(str::trim) {
                    None => None,
                    Some(k)
                        if !k.is_empty()
                            && k.len() <= 100
                            && k.bytes().all(|b| b.is_ascii_graphic()) =>
                    {
                        Some(k.to_owned())
                    }
                    Some(_) => {
                        errors.push(problem(AppError::validation(
                            "key",
                            Msg::IdempotencyKeyShape,
                        ))?);
                        continue;
                    }
                };
                let body = RegisterDecision {
                    decision: input.decision,
                    issue: batch.issue,
                };
                let hash = crate::db::audit::sha256_hex(
                    &serde_json::to_vec(&body).map_err(anyhow::Error::from)?,
                );
                let retry = key.as_deref().map(|key| Retry {
                    caller: batch.caller,
                    key,
                    body_hash: &hash,
                });
                (&mut *tx).execute("SAVEPOINT batch_row").await?;
                let made = register_in_tx(
                    db,
                    &mut tx,
                    keys,
                    batch.actor,
                    &setting,
                    &body.decision,
                    batch.issue,
                    retry.as_ref(),
                )
                .await;
                match made {
                    Ok((d, new)) => {
                        (&mut *tx).execute("RELEASE SAVEPOINT batch_row").await?;
                        done.push((row.row, d, !new));
                    }
                    Err(e) => {
                        (&mut *tx)
                            .execute("ROLLBACK TO SAVEPOINT batch_row")
                            .await?;
                        (&mut *tx).execute("RELEASE SAVEPOINT batch_row").await?;
                        errors.push(problem(e)?);
                    }
                }
            }
        }
        if (n + 1) % 25 == 0 {
            progress(n + 1);
        }
    }
    progress(total);
    let committed = !batch.all_or_nothing || errors.is_empty();
    if committed {
        tx.commit().await?;
    } else {
        drop(tx);
        done.clear();
    }
    Ok(Outcome {
        done,
        errors,
        committed,
    })
}

/// The columns of a decisions file: the JSON field names of a decision, each also under
/// its Chinese header. `item_code` may stand for `claim_id` (the department's published
/// claim of that item), `officer_certificates` for `officer_ids`, and `amount_yuan` for
/// `amount_fen`.
const FILE_COLUMNS: [(&str, &[&str]); 22] = [
    ("key", &["案件编号", "key"]),
    (
        "document_number",
        &["决定书文号", "文书号", "document_number"],
    ),
    ("claim_id", &["claim_id"]),
    ("item_code", &["事项编码", "item_code"]),
    ("kind", &["决定类别", "kind"]),
    ("procedure", &["程序", "procedure"]),
    ("party_kind", &["当事人类型", "party_kind"]),
    ("party_name", &["当事人", "当事人名称", "party_name"]),
    ("party_uscc", &["统一社会信用代码", "party_uscc"]),
    (
        "uscc_override_reason",
        &["信用代码说明", "uscc_override_reason"],
    ),
    ("party_id_number", &["身份证号码", "party_id_number"]),
    ("facts", &["违法事实", "facts"]),
    ("legal_basis", &["法律依据", "legal_basis"]),
    ("result", &["处理结果", "result"]),
    ("penalty_types", &["处罚种类", "penalty_types"]),
    (
        "amount_yuan",
        &["罚款金额（元）", "罚款金额(元)", "amount_yuan"],
    ),
    ("decision_date", &["决定日期", "decision_date"]),
    ("major", &["重大执法决定", "major"]),
    (
        "officer_certificates",
        &["执法证号", "officer_certificates"],
    ),
    ("minor", &["未成年人案件", "minor"]),
    ("withheld_reason", &["不予公示理由", "withheld_reason"]),
    ("named_persons", &["其他自然人", "named_persons"]),
];

/// Words a file may use for a code.
const ALIASES: &[(&str, &str, &str)] = &[
    ("procedure", "简易程序", "simple"),
    ("procedure", "普通程序", "ordinary"),
    ("party_kind", "法人或其他组织", "organisation"),
    ("party_kind", "法人", "organisation"),
    ("party_kind", "自然人", "person"),
    ("penalty_types", "警告", "warning"),
    ("penalty_types", "通报批评", "criticism"),
    ("penalty_types", "罚款", "fine"),
    ("penalty_types", "没收违法所得", "confiscate_gains"),
    ("penalty_types", "没收非法财物", "confiscate_property"),
    ("penalty_types", "暂扣许可证件", "suspend_licence"),
    ("penalty_types", "降低资质等级", "lower_qualification"),
    ("penalty_types", "吊销许可证件", "revoke_licence"),
    (
        "penalty_types",
        "限制开展生产经营活动",
        "restrict_activities",
    ),
    ("penalty_types", "责令停产停业", "suspend_business"),
    ("penalty_types", "责令关闭", "close"),
    ("penalty_types", "限制从业", "restrict_practice"),
    ("penalty_types", "行政拘留", "detention"),
    ("penalty_types", "其他行政处罚", "other"),
];

fn code_of(column: &str, text: &str) -> String {
    ALIASES
        .iter()
        .find(|(c, word, _)| *c == column && *word == text)
        .map_or_else(|| text.to_owned(), |(_, _, code)| (*code).to_owned())
}

/// What a file's rows are resolved against: the department's published claims by item
/// code and its officers by certificate number.
pub struct Directory {
    pub claims: std::collections::HashMap<String, i64>,
    pub officers: std::collections::HashMap<String, i64>,
}

fn list_items(text: &str) -> impl Iterator<Item = &str> {
    text.split(['、', ',', '，', ';', '；', '|'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

fn yes_no(text: &str) -> Option<bool> {
    match text.trim() {
        "" | "否" | "0" | "false" | "FALSE" | "no" => Some(false),
        "是" | "1" | "true" | "TRUE" | "yes" => Some(true),
        _ => None,
    }
}

/// An amount in yuan with at most two decimals, in fen.
fn fen_of(text: &str) -> Option<i64> {
    let text = text.trim().replace(',', "");
    let (whole, cents) = text.split_once('.').unwrap_or((&text, ""));
    if whole.is_empty()
        || cents.len() > 2
        || !whole
            .bytes()
            .chain(cents.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    let cents: i64 = format!("{cents:0<2}").parse().ok()?;
    whole.checked_mul(100)?.checked_add(cents)
}

/// Reads a decisions file (CSV text, as [`crate::powers::files::read_upload`] gives it)
/// into rows numbered by line, each parsed as a JSON row would be. Fails only when the
/// header is unusable or the file holds more than [`app::model::BATCH_MAX`] rows.
pub fn rows_of_file(
    text: &str,
    dir: &Directory,
    lang: Lang,
) -> std::result::Result<Vec<Row>, RowError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| {
            RowError::new(
                1,
                "header",
                &Msg::RowUnreadable {
                    detail: e.to_string(),
                },
                lang,
            )
        })?
        .clone();
    let index: Vec<Option<usize>> = FILE_COLUMNS
        .iter()
        .map(|(_, aliases)| headers.iter().position(|h| aliases.contains(&h.trim())))
        .collect();
    let at = |name: &str| {
        FILE_COLUMNS
            .iter()
            .position(|(n, _)| *n == name)
            .and_then(|i| index[i])
    };
    for (needed, either) in [
        ("document_number", None),
        ("claim_id", Some("item_code")),
        ("decision_date", None),
    ] {
        if at(needed).is_none() && either.is_none_or(|e| at(e).is_none()) {
            let column = FILE_COLUMNS
                .iter()
                .find(|(n, _)| *n == needed)
                .map_or(needed, |(_, a)| a[0])
                .to_owned();
            return Err(RowError::new(1, needed, &Msg::HeaderLacks { column }, lang));
        }
    }
    let mut rows = Vec::new();
    for (n, record) in reader.records().enumerate() {
        let line = n + 2;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let detail = e.to_string();
                rows.push(Row {
                    row: line,
                    parsed: Err(AppError::validation("row", Msg::RowUnreadable { detail })),
                });
                continue;
            }
        };
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if rows.len() >= app::model::BATCH_MAX {
            return Err(RowError::new(
                line,
                "row",
                &Msg::TooManyRows {
                    max: app::model::BATCH_MAX,
                },
                lang,
            ));
        }
        rows.push(Row {
            row: line,
            parsed: row_of(&record, &at, dir),
        });
    }
    Ok(rows)
}

fn row_of(
    record: &csv::StringRecord,
    at: &dyn Fn(&str) -> Option<usize>,
    dir: &Directory,
) -> std::result::Result<BatchDecision, AppError> {
    use serde_json::{Value, json};
    let get = |name: &str| {
        at(name)
            .and_then(|i| record.get(i))
            .map(str::trim)
            .unwrap_or_default()
    };
    let mut row = serde_json::Map::new();
    let text = |row: &mut serde_json::Map<String, Value>, name: &str| {
        let v = get(name);
        if !v.is_empty() {
            row.insert(name.to_owned(), json!(v));
        }
    };
    for name in [
        "key",
        "document_number",
        "party_name",
        "party_uscc",
        "uscc_override_reason",
        "party_id_number",
        "facts",
        "legal_basis",
        "result",
        "decision_date",
        "withheld_reason",
    ] {
        text(&mut row, name);
    }
    for name in ["kind", "procedure", "party_kind"] {
        let v = get(name);
        if !v.is_empty() {
            let code = match name {
                "kind" => app::model::Category::read(v)
                    .map_or_else(|| v.to_owned(), |c| c.as_str().to_owned()),
                _ => code_of(name, v),
            };
            row.insert(name.to_owned(), json!(code));
        }
    }
    let claim = get("claim_id");
    if !claim.is_empty() {
        let id: i64 = claim
            .parse()
            .map_err(|_| AppError::validation("claim_id", Msg::NotANumber))?;
        row.insert("claim_id".into(), json!(id));
    } else {
        let item = get("item_code");
        let id = dir
            .claims
            .get(item)
            .ok_or_else(|| AppError::validation("item_code", Msg::ChooseOwnClaim))?;
        row.insert("claim_id".into(), json!(id));
    }
    let types: Vec<String> = list_items(get("penalty_types"))
        .map(|t| code_of("penalty_types", t))
        .collect();
    row.insert("penalty_types".into(), json!(types));
    let yuan = get("amount_yuan");
    if !yuan.is_empty() {
        let fen =
            fen_of(yuan).ok_or_else(|| AppError::validation("amount_yuan", Msg::AmountRange))?;
        row.insert("amount_fen".into(), json!(fen));
    }
    for name in ["major", "minor"] {
        let v = yes_no(get(name))
            .ok_or_else(|| AppError::validation(name, Msg::unknown(get(name), ["是", "否"])))?;
        row.insert(name.into(), json!(v));
    }
    let mut officers = Vec::new();
    for (i, certificate) in list_items(get("officer_certificates")).enumerate() {
        let id = dir
            .officers
            .get(certificate)
            .ok_or_else(|| AppError::validation(format!("officer_ids[{i}]"), Msg::NotOwnOfficer))?;
        officers.push(*id);
    }
    row.insert("officer_ids".into(), json!(officers));
    let named: Vec<&str> = list_items(get("named_persons")).collect();
    row.insert("named_persons".into(), json!(named));
    parse_row(Value::Object(row))
}

/// A row of a JSON batch or a file: its `key`, and the decision read as `POST
/// …/decisions` reads one (in two steps, so that a problem names the decision's field as
/// it would for a single one; serde's flattening would lose the field's path).
pub fn parse_row(mut value: serde_json::Value) -> std::result::Result<BatchDecision, AppError> {
    use serde_json::Value;
    let Some(object) = value.as_object_mut() else {
        return Err(AppError::validation(
            "row",
            Msg::JsonShape {
                detail: "expected a decision (a JSON object)".into(),
            },
        ));
    };
    let key = match object.remove("key") {
        None | Some(Value::Null) => None,
        Some(Value::String(k)) => Some(k),
        Some(_) => return Err(AppError::validation("key", Msg::IdempotencyKeyShape)),
    };
    let bytes = serde_json::to_vec(&value).map_err(anyhow::Error::from)?;
    let axum::Json(decision) = axum::Json::<app::model::DecisionInput>::from_bytes(&bytes)?;
    Ok(BatchDecision { decision, key })
}
