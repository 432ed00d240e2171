//! The public listing of decisions, its search, statistics and the publication duties.
//! Every query here reads only the public forms of a decision's text.

use app::model::{
    CaseCode, Category, DatabaseBackend, Date, DecisionStatus, Disclosure, DisclosureQuery,
    DueDecision, Duty, MIN_WITHHELD_SHOWN, Msg, OnTime, PartyKind, PenaltyType, StatRow, Stats,
    StatsQuery, Withdrawal,
};
use sqlx::{AnyConnection, Row, any::AnyRow};

use super::Db;
use crate::{AppError, Result};

pub const MAX_PAGE: i64 = 100;

/// The decision's own columns of [`COLUMNS`].
macro_rules! row_columns {
    () => {
        "x.id, x.case_code, x.document_number, x.department_id, \
        x.region_code, x.decision_date, x.kind, x.issued_item_code, x.issued_item_name, x.party_kind, \
        x.public_party_name, x.party_uscc, x.public_facts, x.public_legal_basis, x.public_result, \
        x.penalty_types, x.amount_fen, x.published_on, x.published_until"
    };
}

/// What the listing, its detail and its exports select.
/// The department's name is read per row, not joined: the planner then only ever
/// chooses among the decisions' own indexes, and never walks departments first and sorts.
const COLUMNS: &str = concat!(
    row_columns!(),
    ", (SELECT dp.name FROM departments dp WHERE dp.id = x.department_id) AS department_name"
);
const FROM: &str = "FROM decisions x";
/// In the listing: published, not withdrawn, within its period.
const LISTED: &str =
    "x.published_at IS NOT NULL AND x.withdrawn_at IS NULL AND x.published_until >= $1";

fn bad(what: &str, value: &str) -> AppError {
    anyhow::anyhow!("decisions row holds an invalid {what}: {value}").into()
}

fn text(row: &AnyRow, column: &str) -> Result<String> {
    Ok(row
        .try_get::<Option<String>, _>(column)?
        .unwrap_or_default())
}

pub fn from_row(row: &AnyRow) -> Result<Disclosure> {
    let code = text(row, "case_code")?;
    let kind = text(row, "kind")?;
    let party_kind = text(row, "party_kind")?;
    let penalties = text(row, "penalty_types")?;
    Ok(Disclosure {
        id: row.try_get("id")?,
        case_code: CaseCode::parse(&code).map_err(|_| bad("case code", &code))?,
        document_number: row.try_get("document_number")?,
        department_id: row.try_get("department_id")?,
        department_name: row.try_get("department_name")?,
        region_code: text(row, "region_code")?,
        decision_date: row.try_get("decision_date")?,
        kind: Category::parse(&kind).ok_or_else(|| bad("kind", &kind))?,
        item_code: text(row, "issued_item_code")?,
        item_name: text(row, "issued_item_name")?,
        party_kind: if party_kind == "person" {
            PartyKind::Person
        } else {
            PartyKind::Organisation
        },
        party_name: text(row, "public_party_name")?,
        party_uscc: row.try_get("party_uscc")?,
        facts: text(row, "public_facts")?,
        legal_basis: text(row, "public_legal_basis")?,
        result: text(row, "public_result")?,
        penalty_types: super::codes_of("penalty_types", &penalties)?,
        amount_fen: row.try_get("amount_fen")?,
        published_on: row.try_get("published_on")?,
        published_until: row.try_get("published_until")?,
    })
}

/// The sort orders of the listing, each with its keyset column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    Newest,
    Oldest,
    Amount,
}

impl Sort {
    pub fn parse(s: Option<&str>) -> Result<Self> {
        match s.unwrap_or("newest") {
            "" | "newest" => Ok(Self::Newest),
            "oldest" => Ok(Self::Oldest),
            "amount" => Ok(Self::Amount),
            other => Err(AppError::validation(
                "sort",
                Msg::unknown(other, ["newest", "oldest", "amount"]),
            )),
        }
    }
}

/// A validated listing query, ready for SQL.
#[derive(Debug, Clone)]
pub struct Filter {
    pub q: Option<String>,
    pub department: Option<i64>,
    pub region_pattern: Option<String>,
    pub category: Option<Category>,
    pub penalty: Option<PenaltyType>,
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub min_fen: Option<i64>,
    pub max_fen: Option<i64>,
    pub sort: Sort,
    /// The keyset position after which the page starts: (sort key, id).
    pub after: Option<(String, i64)>,
    pub limit: i64,
}

impl Filter {
    /// Checks every filter of a query; bad input names its field.
    pub fn parse(q: &DisclosureQuery) -> Result<Self> {
        let region_pattern = match q.region.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(r) => Some(super::departments::region_pattern(
                &app::model::RegionCode::parse(r).map_err(|e| AppError::validation("region", e))?,
            )),
        };
        let category = match q.category.as_deref() {
            None | Some("") => None,
            Some(c) => Some(Category::read(c).ok_or_else(|| {
                AppError::validation(
                    "category",
                    Msg::unknown(c, Category::ALL.iter().map(|c| c.as_str())),
                )
            })?),
        };
        let penalty = match q.penalty.as_deref() {
            None | Some("") => None,
            Some(p) => Some(PenaltyType::parse(p).ok_or_else(|| {
                AppError::validation(
                    "penalty",
                    Msg::unknown(p, PenaltyType::ALL.iter().map(|p| p.as_str())),
                )
            })?),
        };
        let fen = |field: &str, v: Option<i64>| -> Result<Option<i64>> {
            match v {
                None => Ok(None),
                Some(y) if (0..=app::model::MAX_AMOUNT_FEN / 100).contains(&y) => Ok(Some(y * 100)),
                Some(_) => Err(AppError::validation(field, Msg::AmountRange)),
            }
        };
        let after = match q.after.as_deref() {
            None | Some("") => None,
            Some(cursor) => Some(
                cursor
                    .rsplit_once('~')
                    .and_then(|(key, id)| Some((key.to_owned(), id.parse().ok()?)))
                    .ok_or_else(|| AppError::validation("after", Msg::BadCursor))?,
            ),
        };
        let limit = q.limit.unwrap_or(20);
        if !(1..=MAX_PAGE).contains(&limit) {
            return Err(AppError::validation(
                "limit",
                Msg::LimitRange { max: MAX_PAGE },
            ));
        }
        let search = q.q.as_deref().map(str::trim).filter(|s| !s.is_empty());
        if search.is_some_and(|s| s.chars().count() > 100) {
            return Err(AppError::validation("q", Msg::TooLong { max: 100 }));
        }
        Ok(Self {
            q: search.map(str::to_owned),
            department: q.department,
            region_pattern,
            category,
            penalty,
            from: q.from,
            to: q.to,
            min_fen: fen("min_yuan", q.min_yuan)?,
            max_fen: fen("max_yuan", q.max_yuan)?,
            sort: Sort::parse(q.sort.as_deref())?,
            after,
            limit,
        })
    }
}

/// Decision ids below this fit in a listing key beside the date.
const KEY_ID_SPAN: i64 = 1 << 32;

/// A decision's key in SQLite's trigram index (migration 0023): its decision date (days
/// since 1970) and then its id, in one integer that sorts as the listing does. The index
/// hands its matches out in key order, so a search listed newest or oldest first stops
/// after its page instead of collecting and sorting every match.
pub fn search_key(decision_date: Date, id: i64) -> i64 {
    decision_date.days() * KEY_ID_SPAN + id
}

/// The search condition for `q` on this backend: a substring match of `column`, as SQL with
/// the parameter `$?`, and that parameter. On PostgreSQL the pg_trgm index serves it; on
/// SQLite, for a term of three characters or more, the trigram index drives the query and
/// this checks each row it finds ([`listing_sql`]).
///
/// SQLite compiles a statement again whenever a value is bound to the right of `LIKE` (the
/// pattern might let an index serve it), so a listing's search would be parsed and planned
/// on every request, a tenth of a loaded server's time. `instr` finds the same rows: `LIKE`
/// ignores the case of ASCII letters only, as `lower` folds only them.
fn search_condition(backend: DatabaseBackend, column: &str, q: &str) -> (String, Param) {
    match backend {
        DatabaseBackend::Sqlite if q.chars().any(|c| c.is_ascii_alphabetic()) => (
            format!("instr(lower({column}), $?) > 0"),
            Param::Text(q.to_ascii_lowercase()),
        ),
        DatabaseBackend::Sqlite => (
            format!("instr({column}, $?) > 0"),
            Param::Text(q.to_owned()),
        ),
        DatabaseBackend::Postgres => (
            format!("{column} {} $? ESCAPE '\\'", pg_like(q)),
            Param::Text(super::departments::contains_pattern(q)),
        ),
    }
}

/// PostgreSQL's operator for a substring match of `q`: `ILIKE` lowers every row it
/// compares (slow in a multibyte encoding), which a term without a letter that has case
/// (Chinese, digits, punctuation) does not need, so `LIKE` matches it the same, byte for byte.
fn pg_like(q: &str) -> &'static str {
    if q.chars().any(|c| c.is_lowercase() || c.is_uppercase()) {
        "ILIKE"
    } else {
        "LIKE"
    }
}

/// The WHERE clause of a filter and its parameters (`$1` is today, then in order).
fn where_clause(backend: DatabaseBackend, f: &Filter, with_cursor: bool) -> (String, Vec<Param>) {
    let mut sql = format!("WHERE {LISTED}");
    let mut params = Vec::new();
    let mut add = |cond: String, p: Param, params: &mut Vec<Param>| {
        params.push(p);
        sql.push_str(&cond.replace("$?", &format!("${}", params.len() + 1)));
    };
    if let Some(q) = &f.q {
        let (cond, value) = search_condition(backend, "x.search_text", q);
        add(format!(" AND {cond}"), value, &mut params);
    }
    if let Some(d) = f.department {
        add(
            " AND x.department_id = $?".into(),
            Param::Int(d),
            &mut params,
        );
    }
    if let Some(p) = &f.region_pattern {
        // On PostgreSQL a range rather than `LIKE`, which its B-tree cannot use: the
        // listing's date index, which holds the region, then judges it without reading the
        // row. SQLite judges the code's prefix in that index already (not with `LIKE`,
        // which would compile the statement again on every request: see
        // `search_condition`), and given a range it would rather read the region's own
        // index and sort every row of the region.
        match (backend, p.strip_suffix('%')) {
            (DatabaseBackend::Postgres, Some(prefix)) => {
                add(
                    " AND x.region_code >= $?".into(),
                    Param::Text(prefix.to_owned()),
                    &mut params,
                );
                // Region codes are digits, and ':' is the character after '9'.
                add(
                    " AND x.region_code < $?".into(),
                    Param::Text(format!("{prefix}:")),
                    &mut params,
                );
            }
            (DatabaseBackend::Postgres, None) => add(
                " AND x.region_code = $?".into(),
                Param::Text(p.clone()),
                &mut params,
            ),
            (DatabaseBackend::Sqlite, prefix) => {
                let prefix = prefix.unwrap_or(p);
                add(
                    format!(" AND substr(x.region_code, 1, {}) = $?", prefix.len()),
                    Param::Text(prefix.to_owned()),
                    &mut params,
                );
            }
        }
    }
    if let Some(c) = f.category {
        add(
            " AND x.kind = $?".into(),
            Param::Text(c.as_str().into()),
            &mut params,
        );
    }
    if let Some(d) = &f.from {
        add(
            " AND x.decision_date >= $?".into(),
            Param::Text(d.to_string()),
            &mut params,
        );
    }
    if let Some(d) = &f.to {
        add(
            " AND x.decision_date <= $?".into(),
            Param::Text(d.to_string()),
            &mut params,
        );
    }
    // Listed by amount, a range is a stretch of the amount index's own key.
    let amount = if f.sort == Sort::Amount {
        "x.amount_fen IS NOT NULL AND COALESCE(x.amount_fen, 0)"
    } else {
        "x.amount_fen"
    };
    if let Some(a) = f.min_fen {
        add(format!(" AND {amount} >= $?"), Param::Int(a), &mut params);
    }
    if let Some(a) = f.max_fen {
        add(format!(" AND {amount} <= $?"), Param::Int(a), &mut params);
    }
    if let Some(p) = f.penalty {
        // A literal, as its partial indexes (migrations 0020 and 0025) name it, so the
        // planner can read them; the code is one of the type's fixed names, never client text.
        sql.push_str(&format!(" AND {}", penalty_condition("x.penalty_types", p)));
    }
    if with_cursor && let Some((key, id)) = &f.after {
        let (column, op) = sort_column(f.sort);
        // (key, id) strictly after the cursor in the listing's order.
        let key_param = match f.sort {
            Sort::Amount => Param::Int(key.parse().unwrap_or(0)),
            _ => Param::Text(key.clone()),
        };
        params.push(key_param);
        let k = params.len() + 1;
        params.push(Param::Int(*id));
        let i = params.len() + 1;
        sql.push_str(&format!(
            " AND ({column} {op} ${k} OR ({column} = ${k} AND x.id {op} ${i}))"
        ));
    }
    (sql, params)
}

/// `penalty_types` (the expression `column`) holds `p`, in the form of its listing index's
/// condition.
fn penalty_condition(column: &str, p: PenaltyType) -> String {
    format!("{column} LIKE '%\"{}\"%'", p.as_str())
}

/// The sort key column and the comparison that moves forward in the listing.
fn sort_column(sort: Sort) -> (&'static str, &'static str) {
    match sort {
        Sort::Newest => ("x.decision_date", "<"),
        Sort::Oldest => ("x.decision_date", ">"),
        Sort::Amount => ("COALESCE(x.amount_fen, 0)", "<"),
    }
}

/// A bound parameter.
#[derive(Debug, Clone)]
pub enum Param {
    Text(String),
    Int(i64),
}

/// The term SQLite's trigram index drives a search with: three characters or more (a
/// trigram cannot match a shorter one). `None` on PostgreSQL, whose `pg_trgm` index serves
/// the substring match itself.
fn indexed_term(backend: DatabaseBackend, f: &Filter) -> Option<&str> {
    f.q.as_deref()
        .filter(|q| backend == DatabaseBackend::Sqlite && q.chars().count() >= 3)
}

/// Builds the listing's query: the rows of one page (limit + 1 to know if there is more),
/// or all rows when `limit` is `None` (exports). `trigrams`: those of the [`indexed_term`]
/// that SQLite's index is asked for ([`super::trigrams::rarest`]); without them the search
/// is a substring match on the plain listing.
pub fn listing_sql(
    backend: DatabaseBackend,
    f: &Filter,
    limit: Option<i64>,
    trigrams: Option<&[String]>,
) -> (String, Vec<Param>) {
    let (column, op) = sort_column(f.sort);
    let direction = if op == "<" { "DESC" } else { "ASC" };
    match indexed_term(backend, f).and(trigrams) {
        // The trigram index drives: CROSS JOIN keeps SQLite from walking the whole listing
        // in date order and probing each row against the matches. Listed by date, the
        // matches come in the listing's order (their keys) and the page ends the walk.
        // The index finds the rows holding the chosen trigrams; the substring match in the
        // WHERE clause keeps those that hold the term.
        Some(trigrams) => {
            let (where_sql, mut params) = where_clause(backend, f, limit.is_some());
            params.push(Param::Text(super::trigrams::expression(trigrams)));
            let matched = format!(
                "SELECT rowid AS k FROM decision_search WHERE decision_search MATCH ${}",
                params.len() + 1
            );
            let join = format!("CROSS JOIN decisions x ON x.id = m.k % {KEY_ID_SPAN}");
            let sql = if f.sort == Sort::Amount {
                format!(
                    "SELECT {COLUMNS} FROM ({matched}) m {join} \
                     {where_sql} ORDER BY {column} {direction}, x.id {direction}"
                )
            } else {
                // After the cursor, the index starts past its key.
                let from_cursor = match (&f.after, limit) {
                    (Some((key, id)), Some(_)) => Date::parse(key).map(|d| {
                        let k = search_key(d, *id);
                        format!(" AND rowid {op} {k}")
                    }),
                    _ => None,
                }
                .unwrap_or_default();
                format!(
                    "SELECT {COLUMNS} FROM ({matched}{from_cursor} ORDER BY rowid {direction}) m {join} \
                     {where_sql} ORDER BY m.k {direction}"
                )
            };
            finish(sql, limit, params)
        }
        None => {
            // A penalty type listed by amount walks its type's own amount index
            // (migration 0025), which the literal type condition names.
            let (where_sql, params) = where_clause(backend, f, limit.is_some());
            let sql = format!(
                "SELECT {COLUMNS} {FROM} {where_sql} ORDER BY {column} {direction}, x.id {direction}"
            );
            finish(sql, limit, params)
        }
    }
}

fn finish(mut sql: String, limit: Option<i64>, params: Vec<Param>) -> (String, Vec<Param>) {
    if let Some(limit) = limit {
        sql.push_str(&format!(" LIMIT {}", limit + 1));
    }
    (sql, params)
}

pub fn bind<'q, T>(
    mut query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    first: T,
    params: &'q [Param],
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>
where
    T: 'q + Send + sqlx::Encode<'q, sqlx::Any> + sqlx::Type<sqlx::Any>,
{
    query = query.bind(first);
    for p in params {
        query = match p {
            Param::Text(t) => query.bind(t.as_str()),
            Param::Int(i) => query.bind(*i),
        };
    }
    query
}

/// Listed rows a filtered page looks through in the listing's own order: a short window
/// first (a filter most rows pass fills its page there, for the price of a few hundred
/// rows), then, if the short one found some, a long one. Each is read in order and stops
/// when its page is full, so the long one costs what the page needs unless the matches
/// are too rare to fill it.
pub const WINDOWS: [i64; 2] = [200, 5_000];

/// A page as a scan of the next `window` listed rows in the listing's order, keeping those
/// that pass the filters no index in that order can serve: the search words and, listed by
/// date, the amount range (a penalty type, when a search comes with it). When that finds a
/// full page, the page is exact: every later match comes after every row in the window.
/// Common words and wide ranges are answered this way without collecting all their matches
/// (or, for a range, without the planner sorting every row in it); `None` when the query
/// has none of these filters.
fn window_sql(backend: DatabaseBackend, f: &Filter, window: i64) -> Option<(String, Vec<Param>)> {
    // Listed by amount, the amount index serves the range itself; a penalty type's own
    // indexes serve the type in either order (migrations 0020 and 0025).
    let amount_outside = f.sort != Sort::Amount && (f.min_fen.is_some() || f.max_fen.is_some());
    if f.q.is_none() && !amount_outside {
        return None;
    }
    // Listed by date, SQLite's trigram index gives its matches in the listing's order.
    if f.sort != Sort::Amount && indexed_term(backend, f).is_some() {
        return None;
    }
    let inner = Filter {
        q: None,
        min_fen: f.min_fen.filter(|_| !amount_outside),
        max_fen: f.max_fen.filter(|_| !amount_outside),
        penalty: None,
        ..f.clone()
    };
    let (where_sql, mut params) = where_clause(backend, &inner, true);
    // On SQLite, listed by date, the window is a bound on the listing's key (below);
    // otherwise a subquery `w` of the window's rows.
    let bounded = backend == DatabaseBackend::Sqlite && f.sort != Sort::Amount;
    // The filters the window keeps, on the row `alias`.
    let alias = if bounded { "x" } else { "w" };
    let mut kept = Vec::new();
    let mut keep = |cond: &str, p: Param, params: &mut Vec<Param>| {
        params.push(p);
        kept.push(cond.replace("$?", &format!("${}", params.len() + 1)));
    };
    if let Some(q) = &f.q {
        let (cond, value) = search_condition(backend, &format!("{alias}.search_text"), q);
        keep(&cond, value, &mut params);
    }
    // Written so that no index serves them (`+ 0`, `|| ''`): one would lead the planner
    // away from the listing's order.
    if let Some(a) = f.min_fen.filter(|_| amount_outside) {
        keep(
            &format!("{alias}.amount_fen + 0 >= $?"),
            Param::Int(a),
            &mut params,
        );
    }
    if let Some(a) = f.max_fen.filter(|_| amount_outside) {
        keep(
            &format!("{alias}.amount_fen + 0 <= $?"),
            Param::Int(a),
            &mut params,
        );
    }
    if let Some(p) = f.penalty {
        kept.push(penalty_condition(
            &format!("({alias}.penalty_types || '')"),
            p,
        ));
    }
    let kept = kept.join(" AND ");
    let (column, op) = sort_column(f.sort);
    let (direction, within) = if op == "<" {
        ("DESC", ">=")
    } else {
        ("ASC", "<=")
    };
    let page = f.limit + 1;
    let sql = if !bounded {
        // The window's rows, read in the listing's order, then the page among them.
        let outer = column.replace("x.", "w.");
        format!(
            "SELECT w.*, (SELECT dp.name FROM departments dp WHERE dp.id = w.department_id) \
             AS department_name FROM (SELECT {}, x.search_text AS search_text {FROM} {where_sql} \
             ORDER BY {column} {direction}, x.id {direction} LIMIT {window}) w \
             WHERE {kept} ORDER BY {outer} {direction}, w.id {direction} LIMIT {page}",
            row_columns!(),
        )
    } else {
        // The window is bounded by the key of its last row, found in the listing's index
        // alone, and the page is read in the listing's order within that bound: the walk
        // stops at the page's last row instead of reading every row of the window and
        // sorting them (at 1,000,000 decisions a two-character term's page from the long
        // window costs 0.9 ms instead of 28). With fewer listed rows than the window, the
        // bound is NULL and the page empty, so the indexes find the matches as for a
        // window without any. SQLite does not walk the amount index (an index on an
        // expression) within such a bound, and PostgreSQL's planner, given it, leaves the
        // listing's order for the search index and sorts (a term in one city: 42 ms
        // instead of the window's 10), so both keep the window's rows there.
        format!(
            "SELECT {COLUMNS} {FROM} {where_sql} AND ({column}, x.id) {within} \
             (SELECT {column}, x.id {FROM} {where_sql} \
             ORDER BY {column} {direction}, x.id {direction} LIMIT 1 OFFSET {}) \
             AND {kept} ORDER BY {column} {direction}, x.id {direction} LIMIT {page}",
            window - 1
        )
    };
    Some((sql, params))
}

/// A listing's statement. PostgreSQL plans a prepared statement for its parameters' values
/// the first five times, then may keep one plan for any values; for the listing that plan
/// was its worst (a city's search read all the city's decisions and sorted them: 470 ms
/// where the plan for its values takes 13). Unprepared, a statement is planned for its
/// values every time, and only the listings pay for that planning, not verification's
/// lookups. SQLite's plans do not depend on the values, and it keeps its statements.
fn listing_query(
    backend: DatabaseBackend,
    sql: &str,
) -> sqlx::query::Query<'_, sqlx::Any, sqlx::any::AnyArguments<'_>> {
    sqlx::query(sql).persistent(backend == DatabaseBackend::Sqlite)
}

/// One page of the listing and the cursor of the next.
pub async fn page(db: &Db, f: &Filter, today: Date) -> Result<(Vec<Disclosure>, Option<String>)> {
    // One connection for the page's two or three queries: each acquire from the pool is a
    // hand-off of its own, and a search holds its heavy slot meanwhile.
    let mut conn = db.pool().acquire().await?;
    // The trigrams SQLite's index is asked for, and at most how many decisions hold the term.
    let picked = match indexed_term(db.backend(), f) {
        Some(q) => Some(super::trigrams::rarest(db, &mut conn, q).await?),
        None => None,
    };
    // Fewer matches than the long window holds: the index reads them all sooner than the
    // windows would read past them (a document number listed by amount).
    let few = picked.as_ref().is_some_and(|p| p.at_most <= WINDOWS[1]);
    let mut rows = Vec::new();
    for window in WINDOWS.into_iter().filter(|_| !few) {
        let Some((sql, params)) = window_sql(db.backend(), f, window) else {
            break;
        };
        rows = bind(listing_query(db.backend(), &sql), today, &params)
            .fetch_all(&mut *conn)
            .await?;
        // None in the short window: the matches are rare, and the indexes find them
        // sooner than the long window would read past them.
        if rows.len() as i64 > f.limit || rows.is_empty() {
            break;
        }
    }
    // No such filter, or too few matches in the window: the indexes find them all.
    if (rows.len() as i64) <= f.limit {
        let trigrams = picked.as_ref().map(|p| p.trigrams.as_slice());
        let (sql, params) = listing_sql(db.backend(), f, Some(f.limit), trigrams);
        rows = bind(listing_query(db.backend(), &sql), today, &params)
            .fetch_all(&mut *conn)
            .await?;
    }
    let mut items: Vec<Disclosure> = rows.iter().map(from_row).collect::<Result<_>>()?;
    let next = if items.len() as i64 > f.limit {
        items.truncate(f.limit as usize);
        items.last().map(|d| {
            let key = match f.sort {
                Sort::Amount => d.amount_fen.unwrap_or(0).to_string(),
                _ => d.decision_date.to_string(),
            };
            format!("{key}~{}", d.id)
        })
    } else {
        None
    };
    Ok((items, next))
}

/// One listed decision.
pub async fn find(db: &Db, id: i64, today: Date) -> Result<Option<Disclosure>> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} {FROM} WHERE {LISTED} AND x.id = $2"
    ))
    .bind(today)
    .bind(id)
    .fetch_optional(db.pool())
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// Withdrawal notices (art. 48), newest first.
pub async fn withdrawals(db: &Db, limit: i64) -> Result<Vec<Withdrawal>> {
    let rows = sqlx::query(
        "SELECT x.case_code, x.document_number, dp.name AS department_name, x.decision_date, x.status, \
         x.withdrawn_on, x.status_reason, r.case_code AS new_code FROM decisions x \
         JOIN departments dp ON dp.id = x.department_id LEFT JOIN decisions r ON r.id = x.replaced_by \
         WHERE x.withdrawn_at IS NOT NULL ORDER BY x.withdrawn_at DESC, x.id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            let code = text(r, "case_code")?;
            let status = text(r, "status")?;
            let new_code: Option<String> = r.try_get("new_code")?;
            Ok(Withdrawal {
                case_code: CaseCode::parse(&code).map_err(|_| bad("case code", &code))?,
                document_number: r.try_get("document_number")?,
                department_name: r.try_get("department_name")?,
                decision_date: r.try_get("decision_date")?,
                status: DecisionStatus::parse(&status).ok_or_else(|| bad("status", &status))?,
                withdrawn_on: r.try_get("withdrawn_on")?,
                reason: text(r, "status_reason")?,
                new_case_code: new_code
                    .map(|c| CaseCode::parse(&c).map_err(|_| bad("case code", &c)))
                    .transpose()?,
            })
        })
        .collect()
}

/// Issued decisions still to be published, by deadline; one department or all.
pub async fn due(db: &Db, department: Option<i64>) -> Result<Vec<DueDecision>> {
    let rows = sqlx::query(
        "SELECT x.id, x.department_id, dp.name AS department_name, x.document_number, \
         x.public_party_name, x.kind, x.decision_date, x.publish_by FROM decisions x \
         JOIN departments dp ON dp.id = x.department_id \
         WHERE x.status = 'issued' AND x.published_at IS NULL AND x.publish_by IS NOT NULL \
         AND ($1 IS NULL OR x.department_id = $1) ORDER BY x.publish_by, x.id LIMIT 1000",
    )
    .bind(department)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| due_row(r, Duty::Publish, "publish_by"))
        .collect()
}

/// Published decisions whose withdrawal came after `ended_on + 3 days` or, still
/// pending, is past it: the withdrawals art. 48 says were late, newest first.
pub async fn late_withdrawals(
    db: &Db,
    department: Option<i64>,
    rows_since: Date,
) -> Result<Vec<(DueDecision, Date)>> {
    let rows = sqlx::query(
        "SELECT x.id, x.department_id, dp.name AS department_name, x.document_number, \
         x.public_party_name, x.kind, x.decision_date, x.ended_on, x.withdrawn_on FROM decisions x \
         JOIN departments dp ON dp.id = x.department_id \
         WHERE x.withdrawn_on IS NOT NULL AND x.ended_on IS NOT NULL AND x.ended_on >= $2 \
         AND ($1 IS NULL OR x.department_id = $1) ORDER BY x.ended_on DESC, x.id DESC LIMIT 1000",
    )
    .bind(department)
    .bind(rows_since)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok((
                due_row(r, Duty::Withdraw, "ended_on")?,
                r.try_get("withdrawn_on")?,
            ))
        })
        .collect()
}

fn due_row(r: &AnyRow, duty: Duty, deadline: &str) -> Result<DueDecision> {
    let kind = text(r, "kind")?;
    Ok(DueDecision {
        id: r.try_get("id")?,
        department_id: r.try_get("department_id")?,
        department_name: r.try_get("department_name")?,
        document_number: r.try_get("document_number")?,
        party_name: text(r, "public_party_name")?,
        kind: Category::parse(&kind).ok_or_else(|| bad("kind", &kind))?,
        decision_date: r.try_get("decision_date")?,
        duty,
        publish_by: r.try_get(deadline)?,
        days_left: 0,
        overdue: false,
        provisional: false,
    })
}

/// Public statistics count only decisions that entered the public listing (published,
/// whether still listed, expired or withdrawn since): a withheld decision never moves a
/// public figure.
const IN_PUBLIC: &str = "x.published_on IS NOT NULL";
/// The on-time record covers every decision the law requires to be published.
const MUST_PUBLISH: &str = "x.status <> 'draft' AND x.publish_by IS NOT NULL";
/// Issued decisions the law keeps off the listing.
const WITHHELD: &str = "x.status <> 'draft' AND x.publish_by IS NULL";

/// The stats filter as SQL over `base` (`$1` year prefix or `%`).
fn stats_where(base: &str, q: &StatsQuery) -> Result<(String, Vec<Param>)> {
    filtered(&format!("{base} AND x.decision_date LIKE $1"), "x", q)
}

/// `WHERE first` and the department and region of `q` on the table aliased `alias`
/// (decisions or their sums), with the parameters after `$1`.
fn filtered(first: &str, alias: &str, q: &StatsQuery) -> Result<(String, Vec<Param>)> {
    let mut sql = format!("WHERE {first}");
    let mut params = Vec::new();
    if let Some(d) = q.department {
        params.push(Param::Int(d));
        sql.push_str(&format!(
            " AND {alias}.department_id = ${}",
            params.len() + 1
        ));
    }
    if let Some(r) = q.region.as_deref().filter(|r| !r.is_empty()) {
        let code =
            app::model::RegionCode::parse(r).map_err(|e| AppError::validation("region", e))?;
        params.push(Param::Text(super::departments::region_pattern(&code)));
        sql.push_str(&format!(
            " AND {alias}.region_code LIKE ${}",
            params.len() + 1
        ));
    }
    Ok((sql, params))
}

/// The decisions a statistics query covers: its WHERE clause, the year pattern (`$1`)
/// and the other parameters.
struct Scope {
    where_sql: String,
    year: String,
    params: Vec<Param>,
}

/// Counts and amounts grouped by `key` (shown as `label`, from tables `join` adds).
async fn grouped(
    conn: &mut AnyConnection,
    scope: &Scope,
    (key_sql, label_sql, join): (&str, &str, &str),
    limit: i64,
) -> Result<Vec<StatRow>> {
    let where_sql = &scope.where_sql;
    let sql = format!(
        "SELECT {key_sql} AS k, {label_sql} AS label, COUNT(*) AS n, CAST(COALESCE(SUM(x.amount_fen), 0) AS BIGINT) AS amount \
         FROM decisions x {join} {where_sql} GROUP BY {key_sql}, {label_sql} ORDER BY n DESC, k LIMIT {limit}"
    );
    let rows = bind(sqlx::query(&sql), &scope.year, &scope.params)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(stat_row).collect()
}

/// Counts and amounts of issued decisions by category, month, city and department, and
/// the on-time publication record; `today` decides which deadlines have passed.
/// The statistics from the sums the triggers keep (`decision_stats`): a few hundred rows
/// for one department or city, a few thousand for the province, whatever the number of
/// decisions. Only the on-time record's decisions past their deadline and still
/// unpublished, which depend on today, are counted from the decisions themselves (few,
/// and found through the index of unpublished ones).
pub async fn stats(db: &Db, q: &StatsQuery, today: Date) -> Result<Stats> {
    let year = year_pattern(q)?;
    let (sql, params) = filtered("s.month LIKE $1", "s", q)?;
    let scope = Scope {
        where_sql: sql,
        year: year.clone(),
        params,
    };
    let mut conn = db.pool().acquire().await?;
    let where_sql = &scope.where_sql;
    let totals = bind(
        sqlx::query(&format!(
            "SELECT CAST(COALESCE(SUM(s.listed), 0) AS BIGINT) AS n, \
             CAST(COALESCE(SUM(s.listed_amount), 0) AS BIGINT) AS amount, \
             CAST(COALESCE(SUM(s.revoked), 0) AS BIGINT) AS revoked, \
             CAST(COALESCE(SUM(s.changed), 0) AS BIGINT) AS changed, \
             CAST(COALESCE(SUM(s.due_published), 0) AS BIGINT) AS due_published, \
             CAST(COALESCE(SUM(s.on_time), 0) AS BIGINT) AS on_time, \
             CAST(COALESCE(SUM(s.withheld), 0) AS BIGINT) AS withheld \
             FROM decision_stats s {where_sql}"
        )),
        &year,
        &scope.params,
    )
    .fetch_one(&mut *conn)
    .await?;
    // Due and unpublished past the deadline: the unpublished index holds them.
    let (late_where, late_params) = stats_where(MUST_PUBLISH, q)?;
    let late: i64 = bind(
        sqlx::query(&format!(
            "SELECT COUNT(*) AS n FROM decisions x {late_where} \
             AND x.published_at IS NULL AND x.published_on IS NULL AND x.publish_by < '{today}'"
        )),
        &year,
        &late_params,
    )
    .fetch_one(&mut *conn)
    .await?
    .try_get("n")?;
    let withheld: i64 = totals.try_get("withheld")?;
    let city = "substr(s.region_code, 1, 4) || '00'";
    let mut by_month = summed(&mut conn, &scope, ("s.month", "s.month", ""), 240).await?;
    by_month.sort_by(|a, b| a.key.cmp(&b.key));
    Ok(Stats {
        total: totals.try_get("n")?,
        amount_fen: totals.try_get("amount")?,
        revoked: totals.try_get("revoked")?,
        changed: totals.try_get("changed")?,
        on_time: OnTime {
            due: totals.try_get::<i64, _>("due_published")? + late,
            on_time: totals.try_get("on_time")?,
        },
        // Withheld decisions: one department's year, and only from a few on.
        withheld: (q.department.is_some() && q.year.is_some() && withheld >= MIN_WITHHELD_SHOWN)
            .then_some(withheld),
        by_category: summed(&mut conn, &scope, ("s.kind", "s.kind", ""), 20).await?,
        by_month,
        by_region: summed(
            &mut conn,
            &scope,
            (
                city,
                "rg.name",
                &format!("LEFT JOIN regions rg ON rg.code = {city}"),
            ),
            30,
        )
        .await?,
        by_department: summed(
            &mut conn,
            &scope,
            (
                "CAST(s.department_id AS TEXT)",
                "dp.name",
                "JOIN departments dp ON dp.id = s.department_id",
            ),
            20,
        )
        .await?,
    })
}

/// The years that have decisions in the sums.
pub async fn years(db: &Db) -> Result<Vec<i32>> {
    let rows =
        sqlx::query("SELECT DISTINCT substr(month, 1, 4) AS y FROM decision_stats ORDER BY y")
            .fetch_all(db.pool())
            .await?;
    Ok(rows
        .iter()
        .filter_map(|r| r.try_get::<String, _>("y").ok()?.parse().ok())
        .collect())
}

/// Recomputes every sum from the decisions, in one transaction; the number of sums.
pub async fn rebuild_sums(db: &Db) -> Result<u64> {
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM decision_stats")
        .execute(&mut *tx)
        .await?;
    let listed = "CASE WHEN published_on IS NOT NULL";
    let done = sqlx::query(&format!(
        "INSERT INTO decision_stats (department_id, region_code, kind, month, listed, listed_amount, \
         revoked, changed, due_published, on_time, withheld) \
         SELECT department_id, COALESCE(region_code, ''), kind, substr(decision_date, 1, 7), \
         SUM({listed} THEN 1 ELSE 0 END), \
         SUM({listed} THEN COALESCE(amount_fen, 0) ELSE 0 END), \
         SUM({listed} AND status = 'revoked' THEN 1 ELSE 0 END), \
         SUM({listed} AND status = 'changed' THEN 1 ELSE 0 END), \
         SUM({listed} AND publish_by IS NOT NULL THEN 1 ELSE 0 END), \
         SUM({listed} AND publish_by IS NOT NULL AND published_on <= publish_by THEN 1 ELSE 0 END), \
         SUM(CASE WHEN publish_by IS NULL THEN 1 ELSE 0 END) \
         FROM decisions WHERE status <> 'draft' \
         GROUP BY department_id, COALESCE(region_code, ''), kind, substr(decision_date, 1, 7)"
    ))
    .execute(&mut *tx)
    .await?
    .rows_affected();
    tx.commit().await?;
    Ok(done)
}

/// `YYYY-%` for a year's months (or decision dates), `%` for all.
fn year_pattern(q: &StatsQuery) -> Result<String> {
    match q.year {
        Some(y) if (2000..=2099).contains(&y) => Ok(format!("{y}-%")),
        Some(_) => Err(AppError::validation("year", Msg::YearRange)),
        None => Ok("%".into()),
    }
}

/// Listed counts and amounts from the sums, grouped by `key` (shown as `label`, from the
/// tables `join` adds).
async fn summed(
    conn: &mut AnyConnection,
    scope: &Scope,
    (key_sql, label_sql, join): (&str, &str, &str),
    limit: i64,
) -> Result<Vec<StatRow>> {
    let where_sql = &scope.where_sql;
    let sql = format!(
        "SELECT {key_sql} AS k, {label_sql} AS label, CAST(SUM(s.listed) AS BIGINT) AS n, \
         CAST(COALESCE(SUM(s.listed_amount), 0) AS BIGINT) AS amount \
         FROM decision_stats s {join} {where_sql} GROUP BY {key_sql}, {label_sql} \
         HAVING SUM(s.listed) > 0 ORDER BY n DESC, k LIMIT {limit}"
    );
    let rows = bind(sqlx::query(&sql), &scope.year, &scope.params)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(stat_row).collect()
}

fn stat_row(r: &AnyRow) -> Result<StatRow> {
    Ok(StatRow {
        key: r.try_get::<Option<String>, _>("k")?.unwrap_or_default(),
        label: r.try_get::<Option<String>, _>("label")?.unwrap_or_default(),
        count: r.try_get("n")?,
        amount_fen: r.try_get("amount")?,
    })
}

/// The same statistics counted from the decisions themselves, as they were before the
/// sums: what `anma stats check` and the tests compare the sums with.
pub async fn recount(db: &Db, q: &StatsQuery, today: Date) -> Result<Stats> {
    let (where_sql, params) = stats_where(IN_PUBLIC, q)?;
    let year = year_pattern(q)?;
    let scope = Scope {
        where_sql: where_sql.clone(),
        year: year.clone(),
        params: params.clone(),
    };
    let mut conn = db.pool().acquire().await?;
    let totals = bind(
        sqlx::query(&format!(
            "SELECT COUNT(*) AS n, CAST(COALESCE(SUM(x.amount_fen), 0) AS BIGINT) AS amount, \
             COALESCE(SUM(CASE WHEN x.status = 'revoked' THEN 1 ELSE 0 END), 0) AS revoked, \
             COALESCE(SUM(CASE WHEN x.status = 'changed' THEN 1 ELSE 0 END), 0) AS changed \
             FROM decisions x {where_sql}"
        )),
        &year,
        &params,
    )
    .fetch_one(&mut *conn)
    .await?;
    let (must_where, must_params) = stats_where(MUST_PUBLISH, q)?;
    let on_time = bind(
        sqlx::query(&format!(
            "SELECT COALESCE(SUM(CASE WHEN x.published_on IS NOT NULL OR x.publish_by < '{today}' THEN 1 ELSE 0 END), 0) AS due, \
             COALESCE(SUM(CASE WHEN x.published_on IS NOT NULL AND x.published_on <= x.publish_by THEN 1 ELSE 0 END), 0) AS on_time \
             FROM decisions x {must_where}"
        )),
        &year,
        &must_params,
    )
    .fetch_one(&mut *conn)
    .await?;
    // Withheld decisions: one department's year, and only from a few on.
    let withheld = match (q.department, q.year) {
        (Some(_), Some(_)) => {
            let (withheld_where, withheld_params) = stats_where(WITHHELD, q)?;
            let n: i64 = bind(
                sqlx::query(&format!(
                    "SELECT COUNT(*) AS n FROM decisions x {withheld_where}"
                )),
                &year,
                &withheld_params,
            )
            .fetch_one(&mut *conn)
            .await?
            .try_get("n")?;
            (n >= MIN_WITHHELD_SHOWN).then_some(n)
        }
        _ => None,
    };
    let city = "substr(x.region_code, 1, 4) || '00'";
    Ok(Stats {
        total: totals.try_get("n")?,
        amount_fen: totals.try_get("amount")?,
        revoked: totals.try_get("revoked")?,
        changed: totals.try_get("changed")?,
        on_time: OnTime {
            due: on_time.try_get("due")?,
            on_time: on_time.try_get("on_time")?,
        },
        withheld,
        by_category: grouped(&mut conn, &scope, ("x.kind", "x.kind", ""), 20).await?,
        by_month: {
            let mut rows = grouped(
                &mut conn,
                &scope,
                (
                    "substr(x.decision_date, 1, 7)",
                    "substr(x.decision_date, 1, 7)",
                    "",
                ),
                240,
            )
            .await?;
            rows.sort_by(|a, b| a.key.cmp(&b.key));
            rows
        },
        by_region: grouped(
            &mut conn,
            &scope,
            (
                city,
                "rg.name",
                &format!("LEFT JOIN regions rg ON rg.code = {city}"),
            ),
            30,
        )
        .await?,
        by_department: grouped(
            &mut conn,
            &scope,
            (
                "CAST(x.department_id AS TEXT)",
                "dp.name",
                "JOIN departments dp ON dp.id = x.department_id",
            ),
            20,
        )
        .await?,
    })
}

/// For the metrics: issued decisions past their publication deadline and unpublished,
/// and the audit chain's length.
pub async fn gauges(db: &Db) -> Result<(i64, i64)> {
    let today = db.clock().today();
    let overdue: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM decisions WHERE status = 'issued' AND published_at IS NULL \
         AND publish_by IS NOT NULL AND publish_by < $1",
    )
    .bind(today)
    .fetch_one(db.pool())
    .await?;
    let entries: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) FROM audit_log")
        .fetch_one(db.pool())
        .await?;
    Ok((overdue, entries))
}
