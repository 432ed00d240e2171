//! The workspace's decision table: search, filters, every sort order with keyset pages
//! (checked against a plain sort of the whole list), and the batch steps on selected
//! decisions with a result per decision.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::cases::{decisions, penalty};
use crate::helpers::{Backend, DEMO_PASSWORD, Session, assert_error, spawn_with_demo};

const PARTIES: [&str; 5] = [
    "广州天河Alpha食品有限公司",
    "广州某餐饮管理有限公司",
    "天河区某超市",
    "Beta Trading 广州有限公司",
    "广州某药房",
];

/// `n` drafts with varied parties and dates, registered in one batch.
async fn drafts(s: &Session<'_>, n: usize) {
    let mut template = penalty(s, "").await;
    template["party_kind"] = json!("organisation");
    template["party_uscc"] = json!("91350100M000100Y43");
    template.as_object_mut().unwrap().remove("party_id_number");
    let rows: Vec<Value> = (0..n)
        .map(|i| {
            let mut row = template.clone();
            row["document_number"] = json!(format!("穗天市监罚〔2026〕{}号", 500 + i));
            row["party_name"] = json!(PARTIES[i % PARTIES.len()]);
            row["decision_date"] = json!(format!("2026-0{}-{:02}", 1 + i % 9, 1 + (i * 7) % 28));
            row
        })
        .collect();
    let response = s
        .post(
            &format!("{}/batch", decisions(s)),
            json!({ "decisions": rows, "issue": false }),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let report: Value = response.json().await.unwrap();
    assert_eq!(report["kept"], n, "{report}");
}

async fn page(s: &Session<'_>, query: &str) -> Value {
    let response = s.get(&format!("{}?{query}", decisions(s))).await;
    assert_eq!(response.status(), StatusCode::OK, "{query}");
    response.json().await.unwrap()
}

/// Every row of a query, page by page through `next`.
async fn all_pages(s: &Session<'_>, query: &str, limit: usize) -> (Vec<Value>, usize) {
    let mut rows = Vec::new();
    let mut after = String::new();
    let mut pages = 0;
    loop {
        let p = page(s, &format!("{query}&limit={limit}&after={after}")).await;
        let items = p["items"].as_array().unwrap();
        assert!(items.len() <= limit);
        rows.extend(items.iter().cloned());
        pages += 1;
        match p["next"].as_str() {
            Some(next) => after = urlencode(next),
            None => break,
        }
    }
    (rows, pages)
}

fn urlencode(s: &str) -> String {
    app::model::encode(s)
}

fn ids(rows: &[Value]) -> Vec<i64> {
    rows.iter().map(|r| r["id"].as_i64().unwrap()).collect()
}

async fn the_table_searches_filters_sorts_and_pages(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    drafts(&clerk, 23).await;
    let everything = page(&clerk, "limit=500").await;
    let all = everything["items"].as_array().unwrap().clone();
    let total = everything["total"].as_i64().unwrap();
    assert_eq!(all.len() as i64, total);
    assert!(total >= 23);
    assert!(everything.get("next").is_none());
    // The default: the last registered first.
    let mut newest = ids(&all);
    newest.sort_by(|a, b| b.cmp(a));
    assert_eq!(ids(&all), newest);

    // Each order, paged 4 at a time, is the whole list sorted by that column then id.
    type Key = fn(&Value) -> String;
    let orders: [(&str, Key); 5] = [
        ("registered", |r| {
            format!("{:020}", r["id"].as_i64().unwrap())
        }),
        ("date", |r| r["decision_date"].as_str().unwrap().to_owned()),
        ("number", |r| {
            r["document_number"].as_str().unwrap().to_owned()
        }),
        ("party", |r| r["party_name"].as_str().unwrap().to_owned()),
        ("updated", |r| r["updated_at"].as_str().unwrap().to_owned()),
    ];
    for (sort, key) in orders {
        for descending in [false, true] {
            let sort = if descending {
                format!("-{sort}")
            } else {
                sort.to_owned()
            };
            // Keyset pages of 4 give exactly the rows of one plain query, in its order.
            let (rows, pages) = all_pages(&clerk, &format!("sort={sort}"), 4).await;
            assert_eq!(pages, all.len().div_ceil(4), "{sort}");
            let single = page(&clerk, &format!("sort={sort}&limit=500")).await;
            assert_eq!(
                ids(&rows),
                ids(single["items"].as_array().unwrap()),
                "{sort}"
            );
            // Dates, times and ids sort the same everywhere; names follow the database's
            // collation, so for them the order is checked by the plain query above.
            if !sort.contains("party") && !sort.contains("number") {
                let mut expected = all.clone();
                expected.sort_by(|a, b| {
                    let order = key(a)
                        .cmp(&key(b))
                        .then(a["id"].as_i64().cmp(&b["id"].as_i64()));
                    if descending { order.reverse() } else { order }
                });
                assert_eq!(ids(&rows), ids(&expected), "{sort}");
            }
        }
    }

    // Search: a document number's digits, a party's words in either case, a filter each.
    let found = page(&clerk, "q=〔2026〕512号").await;
    assert_eq!(found["total"], 1);
    assert_eq!(
        found["items"][0]["document_number"],
        "穗天市监罚〔2026〕512号"
    );
    let alpha = page(&clerk, "q=alpha").await;
    let expected = all
        .iter()
        .filter(|r| r["party_name"].as_str().unwrap().contains("Alpha"))
        .count();
    assert_eq!(alpha["total"], expected as i64);
    assert!(expected >= 4);
    let dated = page(&clerk, "from=2026-03-01&to=2026-04-30&status=draft").await;
    let expected = all
        .iter()
        .filter(|r| {
            let d = r["decision_date"].as_str().unwrap();
            ("2026-03-01"..="2026-04-30").contains(&d) && r["status"] == "draft"
        })
        .count();
    assert_eq!(dated["total"], expected as i64);
    assert!(expected > 0);
    // The total counts every match on every page.
    let paged = page(&clerk, "q=alpha&limit=1").await;
    assert_eq!(paged["total"], alpha["total"]);
    assert!(paged["next"].is_string());
    let second = page(
        &clerk,
        &format!(
            "q=alpha&limit=1&after={}",
            urlencode(paged["next"].as_str().unwrap())
        ),
    )
    .await;
    assert_eq!(second["total"], alpha["total"]);
    assert_ne!(second["items"][0]["id"], paged["items"][0]["id"]);

    // Ready drafts are the drafts that are not major or reviewed; the overview agrees.
    let ready = page(&clerk, "stage=ready&limit=500").await;
    let overview = clerk.get("/api/v1/workspace/overview").await;
    let overview: Value = overview.json().await.unwrap();
    assert_eq!(ready["total"], overview["ready_to_issue"]);
    assert!(
        ready["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["status"] == "draft")
    );

    // Bad parameters name their field and change nothing.
    for (query, field) in [
        ("sort=amount", "sort"),
        ("status=done", "status"),
        ("stage=someday", "stage"),
        ("kind=nothing", "kind"),
        ("limit=0", "limit"),
        ("limit=501", "limit"),
        ("after=nocursor", "after"),
        ("from=2026-13-01", "from"),
    ] {
        let response = clerk.get(&format!("{}?{query}", decisions(&clerk))).await;
        let body = assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "validation").await;
        assert_eq!(body["error"]["field"], field, "{query}");
    }
}

async fn selected_decisions_are_issued_and_published_each_on_its_own(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    drafts(&clerk, 4).await;
    let listed = page(&clerk, "stage=ready&sort=-registered&limit=4").await;
    let chosen: Vec<Value> = listed["items"].as_array().unwrap().clone();
    assert_eq!(chosen.len(), 4);
    // One of them changes after the clerk saw it: its version moves on.
    let stale = &chosen[2];
    let mut edit = penalty(&clerk, "穗天市监罚〔2026〕9001号").await;
    edit["party_kind"] = json!("person");
    let response = clerk
        .put(
            &format!("{}/{}", decisions(&clerk), stale["id"]),
            json!({ "decision": edit, "expected_version": stale["version"] }),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);

    let items: Vec<Value> = chosen
        .iter()
        .map(|d| json!({ "id": d["id"], "expected_version": d["version"] }))
        .collect();
    let issue = format!("{}/issue", decisions(&clerk));
    let response = clerk.post(&issue, json!({ "items": items })).await;
    assert_eq!(response.status(), StatusCode::OK);
    let report: Value = response.json().await.unwrap();
    assert_eq!(report["done"], 3, "{report}");
    assert_eq!(report["failed"], 1);
    let results = report["results"].as_array().unwrap();
    assert_eq!(ids(results), ids(&chosen), "in the order given");
    for (r, d) in results.iter().zip(&chosen) {
        if d["id"] == stale["id"] {
            assert_eq!(r["ok"], false);
            assert_eq!(r["error"]["code"], "conflict");
            assert_eq!(r["error"]["field"], "expected_version");
            // Chinese by default.
            assert!(
                r["error"]["message"]
                    .as_str()
                    .unwrap()
                    .chars()
                    .any(|c| c > '\u{2e80}')
            );
        } else {
            assert_eq!(r["ok"], true, "{r}");
            assert_eq!(r["status"], "issued");
            assert!(app::model::CaseCode::parse(r["case_code"].as_str().unwrap()).is_ok());
        }
    }
    // The stale one is still a draft, untouched by the batch.
    let left: Value = clerk
        .get(&format!("{}/{}", decisions(&clerk), stale["id"]))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(left["status"], "draft");
    assert_eq!(left["version"], stale["version"].as_i64().unwrap() + 1);

    // The issued three await publication; publishing them and one draft: three published.
    let unpublished = page(&clerk, "stage=unpublished&limit=500").await;
    let to_publish: Vec<Value> = unpublished["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| {
            results
                .iter()
                .any(|r| r["id"] == d["id"] && r["ok"] == true)
        })
        .map(|d| json!({ "id": d["id"], "expected_version": d["version"] }))
        .chain([json!({ "id": stale["id"], "expected_version": left["version"] })])
        .collect();
    assert_eq!(to_publish.len(), 4);
    let reviewer = app.login("th.reviewer", DEMO_PASSWORD).await;
    let publish = format!("{}/publish", decisions(&reviewer));
    let response = reviewer
        .post(&publish, json!({ "items": to_publish }))
        .await;
    let report: Value = response.json().await.unwrap();
    assert_eq!(report["done"], 3, "{report}");
    assert_eq!(report["results"][3]["ok"], false);
    assert_eq!(report["results"][3]["error"]["field"], "status");
    for r in &report["results"].as_array().unwrap()[..3] {
        let d: Value = clerk
            .get(&format!("{}/{}", decisions(&clerk), r["id"]))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(d["publication"], "published");
    }

    // The list itself is checked before anything is done.
    let one = json!({ "id": stale["id"], "expected_version": left["version"] });
    for (body, field) in [
        (json!({ "items": [] }), "items"),
        (json!({ "items": vec![one.clone(); 101] }), "items"),
        (
            json!({ "items": [one.clone(), one.clone()] }),
            "items[1].id",
        ),
    ] {
        let response = clerk.post(&issue, body).await;
        let body = assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "validation").await;
        assert_eq!(body["error"]["field"], field);
    }
    // Reviewers do not issue; another department's clerk reaches nothing here.
    assert_error(
        reviewer
            .post(&issue, json!({ "items": [one.clone()] }))
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let other = app.login("ns.clerk", DEMO_PASSWORD).await;
    assert_error(
        other.post(&issue, json!({ "items": [one] })).await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let still: Value = clerk
        .get(&format!("{}/{}", decisions(&clerk), stale["id"]))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(still["status"], "draft");
}

crate::on_both_backends!(
    the_table_searches_filters_sorts_and_pages,
    selected_decisions_are_issued_and_published_each_on_its_own,
);
