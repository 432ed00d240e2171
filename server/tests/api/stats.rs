//! The public statistics come from sums the database keeps as decisions change; after
//! random sequences of issuing, publishing, revoking and changing (through the API, the
//! bulk seeder and a calendar change) they equal a full recount, for every filter.

use app::model::StatsQuery;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::cases::{act, decisions, penalty};
use crate::helpers::{Backend, DEMO_PASSWORD, TestApp, spawn_with_demo};

/// A small deterministic generator (the test must not depend on luck to fail).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

/// Every filter the statistics page offers, against the recount.
async fn assert_sums_match(app: &TestApp, when: &str) {
    let today = app.db.clock().today();
    let year = today.year() as i32;
    let th: i64 = sqlx::query_scalar(
        "SELECT id FROM departments WHERE name LIKE '%天河%' ORDER BY id LIMIT 1",
    )
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    let queries = [
        StatsQuery::default(),
        StatsQuery {
            year: Some(year),
            ..Default::default()
        },
        StatsQuery {
            year: Some(year - 1),
            ..Default::default()
        },
        StatsQuery {
            department: Some(th),
            ..Default::default()
        },
        StatsQuery {
            department: Some(th),
            year: Some(year),
            ..Default::default()
        },
        StatsQuery {
            region: Some("440100".into()),
            ..Default::default()
        },
        StatsQuery {
            region: Some("440106".into()),
            year: Some(year),
            ..Default::default()
        },
        StatsQuery {
            region: Some("440000".into()),
            ..Default::default()
        },
    ];
    for q in &queries {
        let summed = server::db::disclosures::stats(&app.db, q, today)
            .await
            .unwrap();
        let counted = server::db::disclosures::recount(&app.db, q, today)
            .await
            .unwrap();
        assert_eq!(summed, counted, "{when}: {q:?}");
    }
}

async fn the_sums_equal_a_recount_after_random_changes(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    assert_sums_match(&app, "demo data").await;
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    let year = app.db.clock().today().year();
    let mut rng = Lcg(0x5EED);

    // Forty decisions issued in one batch, of varied amounts, dates and penalties; some
    // the law does not publish (a warning alone).
    let template = penalty(&clerk, "").await;
    let rows: Vec<Value> = (0..40)
        .map(|i| {
            let mut row = template.clone();
            row["document_number"] = json!(format!("穗天市监罚〔{year}〕{}号", 6000 + i));
            row["decision_date"] = json!(format!(
                "{year}-{:02}-{:02}",
                1 + rng.below(10),
                1 + rng.below(28)
            ));
            match rng.below(4) {
                0 => {
                    row["penalty_types"] = json!(["warning"]);
                    row["amount_fen"] = Value::Null;
                }
                _ => row["amount_fen"] = json!(100 * (1 + rng.below(90_000))),
            }
            row
        })
        .collect();
    let response = clerk
        .post(
            &format!("{}/batch", decisions(&clerk)),
            json!({ "decisions": rows }),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let report: Value = response.json().await.unwrap();
    assert_eq!(report["kept"], 40, "{report}");
    assert_sums_match(&app, "issued").await;

    // Random steps on them: publish, revoke, change (to another issued one).
    let ids: Vec<i64> = report["done"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_i64().unwrap())
        .collect();
    for round in 0..60 {
        let id = ids[rng.below(ids.len() as u64) as usize];
        let d: Value = clerk
            .get(&format!("{}/{id}", decisions(&clerk)))
            .await
            .json()
            .await
            .unwrap();
        let step = match rng.below(5) {
            0..=2 => act(&clerk, &d, "publish", json!({})).await,
            3 => {
                act(
                    &clerk,
                    &d,
                    "revoke",
                    json!({ "reason": "经复核依法撤销。" }),
                )
                .await
            }
            _ => {
                let other = ids[rng.below(ids.len() as u64) as usize];
                let o: Value = clerk
                    .get(&format!("{}/{other}", decisions(&clerk)))
                    .await
                    .json()
                    .await
                    .unwrap();
                act(
                    &clerk,
                    &d,
                    "change",
                    json!({ "reason": "依法变更。", "new_case_code": o["case_code"] }),
                )
                .await
            }
        };
        // Many steps are refused (published twice, revoked then published): the sums
        // must not move then either.
        assert!(
            step.status().is_success() || step.status().is_client_error(),
            "{}",
            step.status()
        );
        if round % 15 == 14 {
            assert_sums_match(&app, &format!("after round {round}")).await;
        }
    }
    assert_sums_match(&app, "after the steps").await;

    // A deadline moved by a calendar change, written straight to the table.
    sqlx::query("UPDATE decisions SET publish_by = '2000-01-03' WHERE id = $1")
        .bind(ids[0])
        .execute(app.db.pool())
        .await
        .unwrap();
    assert_sums_match(&app, "a deadline moved").await;

    // The bulk seeder's own inserts.
    server::seed::synthetic::run(
        &app.db,
        &app.keys().await,
        server::seed::synthetic::Plan {
            decisions: 300,
            departments: 3,
            claims: 6,
        },
    )
    .await
    .unwrap();
    assert_sums_match(&app, "synthetic decisions").await;

    // Days pass: decisions past their deadline unpublished count as due on time's record.
    let later = app.db.clock().today().plus_days(40);
    app.db
        .clock()
        .set_utc(&format!("{later}T04:00:00Z"))
        .unwrap();
    assert_sums_match(&app, "forty days later").await;

    // Rebuilt from the decisions, the sums are the same.
    let sums = server::db::disclosures::rebuild_sums(&app.db)
        .await
        .unwrap();
    assert!(sums > 0);
    assert_sums_match(&app, "rebuilt").await;
}

crate::on_both_backends!(the_sums_equal_a_recount_after_random_changes);
