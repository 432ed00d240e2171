//! Every way the public listing is read fast (the trigram index, the window scan, the
//! amount index, the date index with filters, the withdrawal notices' index) gives what
//! a plain scan of every decision gives: the same rows in the same order, page by page.

use std::cmp::Reverse;

use app::model::{Disclosure, DisclosurePage, ListResponse, Withdrawal};
use reqwest::StatusCode;
use sqlx::Row;

use crate::helpers::{Backend, TestApp, spawn_with_demo};

/// A decision as the plain scan reads it: every column a filter or an order looks at.
struct Plain {
    id: i64,
    department_id: i64,
    region_code: String,
    decision_date: String,
    penalty_types: String,
    amount_fen: Option<i64>,
    search_text: String,
    listed: bool,
    withdrawn_at: Option<String>,
}

async fn plain_scan(app: &TestApp) -> Vec<Plain> {
    let today = app.db.clock().today().to_string();
    sqlx::query(
        "SELECT id, department_id, region_code, decision_date, penalty_types, amount_fen, \
         search_text, published_at, withdrawn_at, published_until FROM decisions",
    )
    .fetch_all(app.db.pool())
    .await
    .unwrap()
    .iter()
    .map(|r| {
        let published: Option<String> = r.try_get("published_at").unwrap();
        let withdrawn_at: Option<String> = r.try_get("withdrawn_at").unwrap();
        let until: Option<String> = r.try_get("published_until").unwrap();
        Plain {
            id: r.try_get("id").unwrap(),
            department_id: r.try_get("department_id").unwrap(),
            region_code: r
                .try_get::<Option<String>, _>("region_code")
                .unwrap()
                .unwrap_or_default(),
            decision_date: r.try_get("decision_date").unwrap(),
            penalty_types: r
                .try_get::<Option<String>, _>("penalty_types")
                .unwrap()
                .unwrap_or_default(),
            amount_fen: r.try_get("amount_fen").unwrap(),
            search_text: r
                .try_get::<Option<String>, _>("search_text")
                .unwrap()
                .unwrap_or_default(),
            listed: published.is_some()
                && withdrawn_at.is_none()
                && until.is_some_and(|u| u >= today),
            withdrawn_at,
        }
    })
    .collect()
}

/// One listing question, as a query string and as the plain scan's filter and order.
struct Case {
    query: String,
    keep: Box<dyn Fn(&Plain) -> bool>,
    order: Order,
}

#[derive(Clone, Copy)]
enum Order {
    Newest,
    Oldest,
    Amount,
}

fn expected(rows: &[Plain], case: &Case) -> Vec<i64> {
    let mut kept: Vec<&Plain> = rows.iter().filter(|r| r.listed && (case.keep)(r)).collect();
    match case.order {
        Order::Newest => kept.sort_by_key(|r| Reverse((r.decision_date.clone(), r.id))),
        Order::Oldest => kept.sort_by_key(|r| (r.decision_date.clone(), r.id)),
        Order::Amount => kept.sort_by_key(|r| Reverse((r.amount_fen.unwrap_or(0), r.id))),
    }
    kept.iter().map(|r| r.id).collect()
}

/// Every page of the listing for a query, following the `next` cursors.
async fn listed(app: &TestApp, query: &str, limit: i64) -> Vec<i64> {
    let mut ids = Vec::new();
    let mut after = String::new();
    for _ in 0..10_000 {
        let response = app
            .get(&format!(
                "/api/v1/disclosures?{query}&limit={limit}&after={after}"
            ))
            .await;
        assert_eq!(response.status(), StatusCode::OK, "{query}");
        let page: DisclosurePage = response.json().await.unwrap();
        ids.extend(page.items.iter().map(|d: &Disclosure| d.id));
        match page.next {
            Some(next) => after = app::model::encode(&next),
            None => return ids,
        }
    }
    panic!("{query}: the cursors never end");
}

fn contains(term: &'static str) -> impl Fn(&Plain) -> bool {
    move |r: &Plain| r.search_text.to_lowercase().contains(&term.to_lowercase())
}

async fn every_fast_path_lists_what_a_plain_scan_lists(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    server::seed::synthetic::run(
        &app.db,
        &app.keys().await,
        server::seed::synthetic::Plan {
            decisions: 3_000,
            departments: 4,
            claims: 6,
        },
    )
    .await
    .unwrap();
    let rows = plain_scan(&app).await;
    let listed_rows = rows.iter().filter(|r| r.listed).count();
    assert!(
        listed_rows > 1_000,
        "the generated data fills the listing: {listed_rows}"
    );
    let first_day: &'static str = {
        let day = rows
            .iter()
            .filter(|r| r.listed && r.search_text.contains("罚〔20"))
            .map(|r| r.decision_date.clone())
            .min()
            .unwrap();
        Box::leak(day.into_boxed_str())
    };
    assert!(
        rows.iter()
            .any(|r| r.listed && r.search_text.contains("KTV娱")),
        "some listed names have Latin letters"
    );
    // A rare term: one decision's own document number, as its search text holds it.
    let rare: &'static str = {
        let r = rows.iter().filter(|r| r.listed).nth(777).unwrap();
        let number = r.search_text.split(' ').nth(1).unwrap().to_owned();
        Box::leak(number.into_boxed_str())
    };
    let department = rows.iter().find(|r| r.listed).unwrap().department_id;
    let city = "4403";
    let county: &'static str = {
        let r = rows.iter().filter(|r| r.listed).nth(333).unwrap();
        Box::leak(r.region_code.clone().into_boxed_str())
    };

    let mut cases: Vec<Case> = Vec::new();
    for (sort, order) in [
        ("newest", Order::Newest),
        ("oldest", Order::Oldest),
        ("amount", Order::Amount),
    ] {
        let case = |query: String, keep: Box<dyn Fn(&Plain) -> bool>| Case {
            query: format!("sort={sort}&{query}"),
            keep,
            order,
        };
        cases.extend([
            case(String::new(), Box::new(|_| true)),
            // Common, rare and two-character terms: the trigram index, the window scan
            // and the substring match.
            case("q=食品贸易".into(), Box::new(contains("食品贸易"))),
            case(
                format!("q={}", app::model::encode(rare)),
                Box::new(contains(rare)),
            ),
            case("q=食品".into(), Box::new(contains("食品"))),
            // A term every decision holds (`罚〔20` of its document number): a page in
            // the index's first matches; with a rare penalty type or only its first day,
            // the whole walk.
            case("q=罚〔20".into(), Box::new(contains("罚〔20"))),
            case(
                format!("q=罚〔20&to={first_day}"),
                Box::new(move |r| contains("罚〔20")(r) && r.decision_date.as_str() <= first_day),
            ),
            case(
                "q=罚〔20&penalty=detention".into(),
                Box::new(|r| contains("罚〔20")(r) && r.penalty_types.contains("\"detention\"")),
            ),
            // Letters match whatever their case.
            case("q=ktv".into(), Box::new(contains("ktv"))),
            case("q=Ktv娱".into(), Box::new(contains("ktv娱"))),
            case("q=罚款人民币".into(), Box::new(contains("罚款人民币"))),
            // `LIKE`'s wildcards are characters like any other.
            case("q=%25".into(), Box::new(contains("%"))),
            case("q=_".into(), Box::new(contains("_"))),
            case("q=元_".into(), Box::new(contains("元_"))),
            case(
                format!("q=科技&region={city}00&category=penalty"),
                Box::new(move |r| contains("科技")(r) && r.region_code.starts_with(city)),
            ),
            // A region as a range of codes: a city, a county, the province.
            case(
                format!("region={city}00"),
                Box::new(move |r| r.region_code.starts_with(city)),
            ),
            case(
                format!("region={county}"),
                Box::new(move |r| r.region_code == county),
            ),
            case(
                "region=440000".into(),
                Box::new(|r| r.region_code.starts_with("44")),
            ),
            case(
                "min_yuan=100000".into(),
                Box::new(|r| r.amount_fen.is_some_and(|a| a >= 10_000_000)),
            ),
            case(
                "min_yuan=500&max_yuan=2000".into(),
                Box::new(|r| {
                    r.amount_fen
                        .is_some_and(|a| (50_000..=200_000).contains(&a))
                }),
            ),
            case(
                "penalty=fine".into(),
                Box::new(|r| r.penalty_types.contains("\"fine\"")),
            ),
            case(
                "penalty=warning".into(),
                Box::new(|r| r.penalty_types.contains("\"warning\"")),
            ),
            // Rarer types: read from their own partial indexes.
            case(
                "penalty=confiscate_gains".into(),
                Box::new(|r| r.penalty_types.contains("\"confiscate_gains\"")),
            ),
            case(
                "penalty=detention".into(),
                Box::new(|r| r.penalty_types.contains("\"detention\"")),
            ),
            case(
                format!("penalty=warning&department={department}&min_yuan=1"),
                Box::new(move |r| {
                    r.penalty_types.contains("\"warning\"")
                        && r.department_id == department
                        && r.amount_fen.is_some_and(|a| a >= 100)
                }),
            ),
            case(
                format!("department={department}&from=2025-01-01&to=2025-12-31"),
                Box::new(move |r| {
                    r.department_id == department
                        && ("2025-01-01".."2026-01-01").contains(&r.decision_date.as_str())
                }),
            ),
        ]);
    }
    for case in &cases {
        let want = expected(&rows, case);
        for limit in [7, 100] {
            let got = listed(&app, &case.query, limit).await;
            assert_eq!(
                got.len(),
                want.len(),
                "{} (pages of {limit}): how many",
                case.query
            );
            assert!(
                got == want,
                "{} (pages of {limit}): another order or other rows",
                case.query
            );
        }
    }

    // The withdrawal notices, newest first.
    let mut withdrawn: Vec<&Plain> = rows.iter().filter(|r| r.withdrawn_at.is_some()).collect();
    assert!(
        !withdrawn.is_empty(),
        "the generated data withdraws some decisions"
    );
    withdrawn.sort_by_key(|r| Reverse((r.withdrawn_at.clone(), r.id)));
    let response = app.get("/api/v1/disclosures/withdrawn?limit=500").await;
    assert_eq!(response.status(), StatusCode::OK);
    let list: ListResponse<Withdrawal> = response.json().await.unwrap();
    let numbers: Vec<i64> = withdrawn.iter().take(500).map(|r| r.id).collect();
    assert_eq!(list.items.len(), numbers.len());
    // A notice names its decision by case code: compare in that currency.
    let codes: Vec<String> = {
        let mut codes = Vec::new();
        for id in numbers {
            codes.push(
                sqlx::query_scalar::<_, String>("SELECT case_code FROM decisions WHERE id = $1")
                    .bind(id)
                    .fetch_one(app.db.pool())
                    .await
                    .unwrap(),
            );
        }
        codes
    };
    let listed_codes: Vec<String> = list.items.iter().map(|w| w.case_code.to_string()).collect();
    assert_eq!(listed_codes, codes);
}

crate::on_both_backends!(every_fast_path_lists_what_a_plain_scan_lists);
