//! Synthetic data at scale for benchmarks: `anma seed --synthetic N` adds departments
//! across Guangdong's counties, their published claims and officers, and N issued,
//! signed and published decisions with Chinese text and masked persons. Rows go in
//! with multi-row INSERTs in large transactions; progress is printed as it goes.

use std::{collections::HashMap, fmt, time::Instant};

use app::model::{
    CaseCode, Category, ClaimDetails, Date, IdNumber, PartyKind, PenaltyType, Procedure,
    RegionCode, SignedDecision, Uscc, base32, public_party_name,
    publicity::{
        Calendar, SMALL_FINE_FEN, publication_deadline, publication_period, published_until, scrub,
    },
};
use sqlx::{AnyConnection, Row};

use crate::{db::Db, keys::KeyRing};

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    pub decisions: u64,
    pub departments: u64,
    pub claims: u64,
}

/// What was generated, and how long it took.
#[derive(Debug, Default)]
pub struct Report {
    pub departments: u64,
    pub claims: u64,
    pub officers: u64,
    pub decisions: u64,
    pub seconds: f64,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "synthetic data: {} departments, {} claims, {} officers and {} decisions added in {:.1} s ({:.0} decisions/s)",
            self.departments,
            self.claims,
            self.officers,
            self.decisions,
            self.seconds,
            self.decisions as f64 / self.seconds.max(0.001)
        )
    }
}

/// A value of a bulk insert.
#[derive(Debug, Clone)]
enum V {
    T(String),
    I(i64),
    /// A null of a text column.
    N,
    /// A null of an integer column (PostgreSQL checks the type of a null).
    NI,
}

/// Inserts `rows` into `table` with multi-row statements. SQLite gets anonymous `?`
/// parameters: looking up a numbered parameter's name is linear in the statement's
/// parameter count, which makes large numbered statements quadratic.
async fn bulk(
    conn: &mut AnyConnection,
    sqlite: bool,
    table: &str,
    columns: &[&str],
    rows: &[Vec<V>],
) -> anyhow::Result<()> {
    let per = (30_000 / columns.len()).clamp(1, 1000);
    for chunk in rows.chunks(per) {
        let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
        let mut n = 0;
        for (r, _) in chunk.iter().enumerate() {
            if r > 0 {
                sql.push_str(", ");
            }
            sql.push('(');
            for c in 0..columns.len() {
                if c > 0 {
                    sql.push_str(", ");
                }
                n += 1;
                if sqlite {
                    sql.push('?');
                } else {
                    sql.push_str(&format!("${n}"));
                }
            }
            sql.push(')');
        }
        let mut q = sqlx::query(&sql);
        for row in chunk {
            for v in row {
                q = match v {
                    V::T(t) => q.bind(t.as_str()),
                    V::I(i) => q.bind(*i),
                    V::N => q.bind(None::<String>),
                    V::NI => q.bind(None::<i64>),
                };
            }
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

async fn next_id(conn: &mut AnyConnection, table: &str) -> anyhow::Result<i64> {
    let max: Option<i64> = sqlx::query_scalar(&format!("SELECT MAX(id) FROM {table}"))
        .fetch_one(&mut *conn)
        .await?;
    Ok(max.unwrap_or(0) + 1)
}

/// PostgreSQL's identity columns continue after explicitly given ids.
async fn bump_sequence(db: &Db, conn: &mut AnyConnection, table: &str) -> anyhow::Result<()> {
    if db.backend() == app::model::DatabaseBackend::Postgres {
        sqlx::query(&format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
        ))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// A small deterministic generator (SplitMix64), so runs are repeatable.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

const SURNAMES: [&str; 20] = [
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "罗", "梁",
];
const GIVEN: [&str; 20] = [
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀英", "华", "平",
];
const WORDS: [&str; 16] = [
    "鲜味", "恒通", "嘉禾", "顺达", "美厨", "华信", "优品", "金穗", "南粤", "新创", "百佳", "福满",
    "粤海", "汇丰", "宏图", "盛世",
];
const TRADES: [&str; 8] = [
    "餐饮管理",
    "食品贸易",
    "商贸",
    "科技",
    "建筑工程",
    "环保科技",
    "物流",
    "医药连锁",
];
const KINDS: [&str; 6] = [
    "市场监督管理局",
    "城市管理和综合执法局",
    "生态环境局",
    "交通运输局",
    "应急管理局",
    "卫生健康局",
];

/// Generates and inserts the data of `plan`.
pub async fn run(db: &Db, keys: &KeyRing, plan: Plan) -> anyhow::Result<Report> {
    let started = Instant::now();
    let mut rng = Rng(0x616E_6D61);
    let mut report = Report::default();
    let now = db.clock().now().to_string();
    let today = db.clock().today();
    let calendar = Calendar::official();
    let mut conn = db.pool().acquire().await?;
    let sqlite = db.backend() == app::model::DatabaseBackend::Sqlite;

    // Penalty items of the catalog (the synthetic decisions are penalties).
    let items: Vec<(i64, String, String, String)> = sqlx::query(
        "SELECT id, code, name, legal_basis FROM catalog_items WHERE status = 'active' AND category = 'penalty' ORDER BY id",
    )
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| Ok((r.try_get("id")?, r.try_get("code")?, r.try_get("name")?, r.try_get("legal_basis")?)))
    .collect::<Result<_, sqlx::Error>>()?;
    anyhow::ensure!(
        !items.is_empty(),
        "the catalog has no penalty items: run `anma seed --demo` first"
    );
    let counties: Vec<(String, String)> =
        sqlx::query("SELECT code, name FROM regions WHERE level = 'county' ORDER BY code")
            .fetch_all(&mut *conn)
            .await?
            .iter()
            .map(|r| Ok((r.try_get("code")?, r.try_get("name")?)))
            .collect::<Result<_, sqlx::Error>>()?;

    // Departments.
    let first_dept = next_id(&mut conn, "departments").await?;
    let mut departments = Vec::new();
    let mut rows = Vec::new();
    for n in 0..plan.departments {
        let (region, region_name) = &counties[(n as usize) % counties.len()];
        let kind = KINDS[(n as usize / counties.len()) % KINDS.len()];
        let id = first_dept + n as i64;
        let name = format!("{region_name}{kind}（合成{n}）");
        let uscc = Uscc::from_body(&format!("11{region}{:09}", 800_000_000 + n))?;
        rows.push(vec![
            V::I(id),
            V::T(name.clone()),
            V::T(uscc.as_str().to_owned()),
            V::T(region.clone()),
            V::T("county".into()),
            V::T("market_regulation".into()),
            V::NI,
            V::T(now.clone()),
        ]);
        departments.push((id, name, region.clone()));
    }
    let mut tx = db.begin().await?;
    bulk(
        &mut tx,
        sqlite,
        "departments",
        &[
            "id",
            "name",
            "uscc",
            "region_code",
            "level",
            "kind",
            "parent_id",
            "created_at",
        ],
        &rows,
    )
    .await?;
    tx.commit().await?;
    bump_sequence(db, &mut conn, "departments").await?;
    report.departments = plan.departments;
    eprintln!("departments: {}", plan.departments);

    // Claims: each department publishes a share of the penalty items.
    let per_department =
        (plan.claims / plan.departments.max(1)).clamp(1, items.len() as u64) as usize;
    let details = serde_json::to_string(&ClaimDetails {
        implementing_body: "本部门".into(),
        local_legal_basis: "《广东省行政执法责任制条例》".into(),
        responsibility_steps: "立案、调查取证、审理、告知、决定、送达、执行".into(),
        accountability: "依法追究责任".into(),
        discretion_benchmark: "依照本部门裁量基准执行".into(),
        service_info: "12345 政务服务便民热线".into(),
    })?;
    let first_claim = next_id(&mut conn, "claims").await?;
    let mut claims: Vec<Vec<(i64, usize)>> = Vec::with_capacity(departments.len());
    let mut rows = Vec::new();
    let mut claim_id = first_claim;
    for (d, (dept_id, _, _)) in departments.iter().enumerate() {
        let mut own = Vec::with_capacity(per_department);
        for k in 0..per_department {
            let item = (d * 7 + k) % items.len();
            rows.push(vec![
                V::I(claim_id),
                V::I(*dept_id),
                V::I(items[item].0),
                V::T("published".into()),
                V::T(details.clone()),
                V::T(now.clone()),
                V::I(1),
                V::T(now.clone()),
                V::T(now.clone()),
                V::T("synthetic".into()),
            ]);
            own.push((claim_id, item));
            claim_id += 1;
        }
        claims.push(own);
    }
    let mut tx = db.begin().await?;
    bulk(
        &mut tx,
        sqlite,
        "claims",
        &[
            "id",
            "department_id",
            "item_id",
            "status",
            "published",
            "published_at",
            "version",
            "created_at",
            "updated_at",
            "updated_by",
        ],
        &rows,
    )
    .await?;
    tx.commit().await?;
    bump_sequence(db, &mut conn, "claims").await?;
    report.claims = rows.len() as u64;
    eprintln!("claims: {}", report.claims);

    // Two officers per department.
    let first_officer = next_id(&mut conn, "officers").await?;
    let mut rows = Vec::new();
    for (d, (dept_id, _, region)) in departments.iter().enumerate() {
        for k in 0..2 {
            let id = first_officer + (d * 2 + k) as i64;
            rows.push(vec![
                V::I(id),
                V::I(*dept_id),
                V::T(format!(
                    "{}{}",
                    SURNAMES[(d + k) % 20],
                    GIVEN[(d * 3 + k) % 20]
                )),
                V::T(format!("{region}9{:07}", d * 2 + k)),
                V::T("市场监管".into()),
                V::T("2020-01-01".into()),
                V::T("2030-12-31".into()),
                V::T("active".into()),
                V::T(now.clone()),
                V::T(now.clone()),
            ]);
        }
    }
    let mut tx = db.begin().await?;
    bulk(
        &mut tx,
        sqlite,
        "officers",
        &[
            "id",
            "department_id",
            "name",
            "certificate_number",
            "field",
            "valid_from",
            "valid_until",
            "status",
            "created_at",
            "updated_at",
        ],
        &rows,
    )
    .await?;
    tx.commit().await?;
    bump_sequence(db, &mut conn, "officers").await?;
    report.officers = rows.len() as u64;
    eprintln!("officers: {}", report.officers);

    // Decisions.
    let mut counters: HashMap<(String, u32), u64> = HashMap::new();
    for row in sqlx::query("SELECT region_code, year, last FROM case_code_counters")
        .fetch_all(&mut *conn)
        .await?
    {
        let year: i64 = row.try_get("year")?;
        counters.insert(
            (row.try_get("region_code")?, year as u32),
            row.try_get::<i64, _>("last")? as u64,
        );
    }
    let first_decision = next_id(&mut conn, "decisions").await?;
    let start = Date::from_ymd(2024, 1, 2);
    let span = start.days_until(today).max(1) as u64;
    let key_id = keys.current()?.id.clone();
    const BATCH: u64 = 10_000;
    let columns = [
        "id",
        "department_id",
        "claim_id",
        "document_number",
        "kind",
        "procedure",
        "party_kind",
        "party_name",
        "party_uscc",
        "party_id_number",
        "facts",
        "legal_basis",
        "result",
        "penalty_types",
        "amount_fen",
        "decision_date",
        "major",
        "status",
        "case_code",
        "issued_department",
        "issued_item_code",
        "issued_item_name",
        "issued_officers",
        "key_id",
        "signature",
        "issued_at",
        "issued_by",
        "version",
        "created_at",
        "updated_at",
        "updated_by",
        "region_code",
        "public_party_name",
        "public_facts",
        "public_legal_basis",
        "public_result",
        "search_text",
        "publish_by",
        "published_at",
        "published_until",
        "status_reason",
        "status_at",
        "withdrawn_at",
        "published_on",
        "ended_on",
        "withdrawn_on",
    ];
    let mut done = 0u64;
    let mut last_report = Instant::now();
    while done < plan.decisions {
        let count = BATCH.min(plan.decisions - done);
        let mut rows = Vec::with_capacity(count as usize);
        let mut officer_rows = Vec::with_capacity(count as usize * 2);
        let mut search_rows = Vec::new();
        for k in 0..count {
            let n = done + k;
            let id = first_decision + n as i64;
            let d = rng.below(departments.len() as u64) as usize;
            let (dept_id, dept_name, region) = &departments[d];
            let (claim_id, item) = *rng.pick(&claims[d]);
            let (_, item_code, item_name, legal_basis) = &items[item];
            let mut date = start.plus_days(rng.below(span) as i64);
            while date.weekday() > 5 {
                date = date.plus_days(1);
            }
            let date = date.min(today);
            let (year, _, _) = date.ymd();
            let person = rng.below(10) < 3;
            let (party_name, uscc, id_number) = if person {
                let name = format!("{}{}", rng.pick(&SURNAMES), rng.pick(&GIVEN));
                let body = format!(
                    "{region}19{:02}{:02}{:02}{:03}",
                    60 + rng.below(40),
                    1 + rng.below(12),
                    1 + rng.below(28),
                    rng.below(1000)
                );
                let id = IdNumber::from_body(&body)?.as_str().to_owned();
                (name, None, Some(id))
            } else {
                let body = format!("91{region}MA{:07}", (n * 7919) % 10_000_000);
                let code = Uscc::from_body(&body)?.as_str().to_owned();
                let (word, trade) = (rng.pick(&WORDS), rng.pick(&TRADES));
                // One company in fifty has Latin letters in its name, as some do.
                let trade = if n % 50 == 7 { "KTV娱乐" } else { trade };
                (
                    format!("{}{word}{trade}有限公司", &region_name_prefix(dept_name)),
                    Some(code),
                    None,
                )
            };
            let yuan =
                [2_000i64, 5_000, 8_000, 20_000, 50_000, 100_000, 300_000][rng.below(7) as usize];
            // One in a hundred is a warning alone (no fine): a rare type for the listing.
            let roll = rng.below(100);
            let penalties = match roll {
                0 => vec![PenaltyType::Warning],
                1..20 => vec![PenaltyType::Fine, PenaltyType::ConfiscateGains],
                _ => vec![PenaltyType::Fine],
            };
            let amount = (roll != 0).then_some(yuan * 100);
            let conduct = item_name
                .trim_start_matches('对')
                .trim_end_matches("的行政处罚")
                .trim_end_matches('等');
            let facts = format!(
                "经查，当事人{party_name}{conduct}，涉及货值人民币{}元，执法人员依法调查取证，违法事实清楚，证据确凿。",
                yuan / 5 + rng.below(900) as i64
            );
            let result = match amount {
                Some(_) => format!("罚款人民币{yuan}元。"),
                None => "警告。".to_owned(),
            };
            let names: Vec<&str> = if person {
                vec![party_name.as_str()]
            } else {
                vec![]
            };
            let public_party = public_party_name(
                if person {
                    PartyKind::Person
                } else {
                    PartyKind::Organisation
                },
                &party_name,
            );
            let public_facts = scrub(&facts, &names);
            let public_basis = scrub(legal_basis, &names);
            let public_result = scrub(&result, &names);
            let region_code = RegionCode::parse(region)?;
            let counter = counters.entry((region.clone(), year as u32)).or_insert(0);
            let code = (0..1_000)
                .find_map(|_| {
                    *counter += 1;
                    let serial = keys.serials().serial(region, year as u32, *counter)?;
                    CaseCode::issue(&region_code, year as u32, serial)
                })
                .ok_or_else(|| anyhow::anyhow!("no case code left for {region} in {year}"))?;
            let document_number = format!("粤执{dept_id}罚〔{year}〕{}号", *counter);
            let officers = [
                format!("{region}9{:07}", d * 2),
                format!("{region}9{:07}", d * 2 + 1),
            ];
            // 16:00 China time on the decision date.
            let issued_at = date.china_start().plus_secs(16 * 3600);
            let signed = SignedDecision {
                key_id: key_id.clone(),
                case_code: code.to_string(),
                document_number: document_number.clone(),
                department_name: dept_name.clone(),
                decision_date: date,
                kind: Category::Penalty,
                procedure: Procedure::Ordinary,
                item_code: item_code.clone(),
                item_name: item_name.clone(),
                party_kind: if person {
                    PartyKind::Person
                } else {
                    PartyKind::Organisation
                },
                party_name: public_party.clone(),
                party_uscc: uscc.clone(),
                facts: public_facts.clone(),
                legal_basis: public_basis.clone(),
                result: public_result.clone(),
                penalty_types: penalties.clone(),
                amount_fen: amount,
                officers: officers.to_vec(),
                issued_at,
            };
            let (_, signature) = keys.sign(&signed.canonical_bytes())?;
            let deadline = publication_deadline(Category::Penalty, date, &calendar);
            let published = date.plus_days(1 + rng.below(12) as i64).min(today);
            let until = published_until(
                published,
                publication_period(&penalties, amount, SMALL_FINE_FEN),
            );
            let revoked = rng.below(100) < 2;
            let search_text = format!("{public_party} {document_number} {public_facts}");
            let penalty_text = crate::db::list_text(penalties.iter().map(|p| p.as_str()));
            rows.push(vec![
                V::I(id),
                V::I(*dept_id),
                V::I(claim_id),
                V::T(document_number),
                V::T("penalty".into()),
                V::T("ordinary".into()),
                V::T(if person { "person" } else { "organisation" }.into()),
                V::T(party_name),
                uscc.map_or(V::N, V::T),
                id_number.map_or(V::N, V::T),
                V::T(facts),
                V::T(legal_basis.clone()),
                V::T(result),
                V::T(penalty_text),
                amount.map_or(V::NI, V::I),
                V::T(date.to_string()),
                V::I(0),
                V::T(if revoked { "revoked" } else { "issued" }.into()),
                V::T(code.to_string()),
                V::T(dept_name.clone()),
                V::T(item_code.clone()),
                V::T(item_name.clone()),
                V::T(crate::db::list_text(&officers)),
                V::T(key_id.clone()),
                V::T(base32::encode(&signature)),
                V::T(issued_at.to_string()),
                V::T("synthetic".into()),
                V::I(1),
                V::T(issued_at.to_string()),
                V::T(issued_at.to_string()),
                V::T("synthetic".into()),
                V::T(region.clone()),
                V::T(public_party),
                V::T(public_facts),
                V::T(public_basis),
                V::T(public_result),
                V::T(search_text.clone()),
                V::T(deadline.to_string()),
                V::T(format!("{published}T02:00:00.000000Z")),
                V::T(until.to_string()),
                if revoked {
                    V::T("经复核依法撤销。".into())
                } else {
                    V::N
                },
                if revoked {
                    V::T(format!("{published}T03:00:00.000000Z"))
                } else {
                    V::N
                },
                if revoked {
                    V::T(format!("{published}T03:00:00.000000Z"))
                } else {
                    V::N
                },
                // 02:00 and 03:00 UTC fall on the same China date.
                V::T(published.to_string()),
                if revoked {
                    V::T(published.to_string())
                } else {
                    V::N
                },
                if revoked {
                    V::T(published.to_string())
                } else {
                    V::N
                },
            ]);
            for (position, o) in [d * 2, d * 2 + 1].into_iter().enumerate() {
                officer_rows.push(vec![
                    V::I(id),
                    V::I(first_officer + o as i64),
                    V::I(position as i64),
                ]);
            }
            if sqlite {
                search_rows.push(vec![
                    V::I(crate::db::disclosures::search_key(date, id)),
                    V::T(search_text),
                ]);
            }
        }
        let mut tx = db.begin().await?;
        bulk(&mut tx, sqlite, "decisions", &columns, &rows).await?;
        bulk(
            &mut tx,
            sqlite,
            "decision_officers",
            &["decision_id", "officer_id", "position"],
            &officer_rows,
        )
        .await?;
        if sqlite {
            bulk(
                &mut tx,
                sqlite,
                "decision_search",
                &["rowid", "body"],
                &search_rows,
            )
            .await?;
        }
        tx.commit().await?;
        done += count;
        if last_report.elapsed().as_secs() >= 5 || done == plan.decisions {
            let rate = done as f64 / started.elapsed().as_secs_f64();
            eprintln!("decisions: {done} / {} ({rate:.0}/s)", plan.decisions);
            last_report = Instant::now();
        }
    }
    bump_sequence(db, &mut conn, "decisions").await?;
    let mut tx = db.begin().await?;
    for ((region, year), last) in &counters {
        sqlx::query(
            "INSERT INTO case_code_counters (region_code, year, last) VALUES ($1, $2, $3) \
             ON CONFLICT (region_code, year) DO UPDATE SET last = $3",
        )
        .bind(region)
        .bind(i64::from(*year))
        .bind(*last as i64)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    sqlx::query("ANALYZE").execute(&mut *conn).await?;
    drop(conn);
    // As an operator does after a bulk import (`anma optimize`).
    db.compact_search_index().await?;
    report.decisions = plan.decisions;
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

/// The county part of a synthetic department's name, for company names.
fn region_name_prefix(department: &str) -> String {
    department.chars().take(2).collect()
}
