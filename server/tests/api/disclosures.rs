//! Public disclosure: the listing and its search, filters and keyset pages, masking,
//! publication duties, periods and withdrawals, exports and statistics.

use std::collections::HashSet;

use reqwest::StatusCode;
use serde_json::{Value, json};

use app::model::{Disclosure, DisclosurePage, Stats, publicity::Calendar};

use crate::helpers::{
    Backend, DEMO_PASSWORD, Session, TestApp, assert_error, claim_on, officer, spawn_with_demo,
};

async fn page(app: &TestApp, query: &str) -> DisclosurePage {
    let response = app.get(&format!("/api/v1/disclosures?{query}")).await;
    assert_eq!(response.status(), StatusCode::OK, "{query}");
    response.json().await.unwrap()
}

/// Every listed decision for a query, following the `next` cursors.
async fn all_pages(app: &TestApp, query: &str, limit: i64) -> Vec<Disclosure> {
    let mut items = Vec::new();
    let mut after = String::new();
    loop {
        let p = page(app, &format!("{query}&limit={limit}&after={after}")).await;
        items.extend(p.items);
        match p.next {
            Some(next) => after = app::model::encode(&next),
            None => return items,
        }
    }
}

async fn the_demo_listing_searches_filters_and_pages(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let everything = all_pages(&app, "", 7).await;
    assert!(everything.len() >= 20, "{} listed", everything.len());
    let ids: HashSet<i64> = everything.iter().map(|d| d.id).collect();
    assert_eq!(ids.len(), everything.len(), "a decision on two pages");
    // Newest first, by decision date.
    assert!(
        everything
            .windows(2)
            .all(|w| w[0].decision_date >= w[1].decision_date)
    );
    // Several departments and cities.
    let cities: HashSet<&str> = everything.iter().map(|d| &d.region_code[..4]).collect();
    assert!(cities.len() >= 3, "{cities:?}");

    // Two characters (under the trigram length) and longer terms both search.
    for term in ["食品", "食品经营", "穗天市监罚"] {
        let found = all_pages(&app, &format!("q={}", app::model::encode(term)), 50).await;
        assert!(!found.is_empty(), "{term}");
        assert!(
            found.iter().all(|d| d.facts.contains(term)
                || d.party_name.contains(term)
                || d.document_number.contains(term)),
            "{term}"
        );
        if term == "食品" {
            let food = found.len();
            // A filter narrows the search: Shenzhen only.
            let shenzhen = all_pages(&app, "q=%E9%A3%9F%E5%93%81&region=440300", 50).await;
            assert!(!shenzhen.is_empty() && shenzhen.len() < food);
            assert!(shenzhen.iter().all(|d| d.region_code.starts_with("4403")));
        }
    }
    // The search matches masked names only: a person's real name finds nothing.
    assert!(
        page(&app, "q=%E9%99%88%E5%BF%97%E5%BC%BA")
            .await
            .items
            .is_empty(),
        "陈志强"
    );

    // Amount range, category, date range and sort by amount.
    let range = all_pages(&app, "min_yuan=10000&max_yuan=60000", 50).await;
    assert!(!range.is_empty());
    assert!(
        range
            .iter()
            .all(|d| (1_000_000..=6_000_000).contains(&d.amount_fen.unwrap_or(-1)))
    );
    let by_amount = all_pages(&app, "sort=amount", 4).await;
    assert_eq!(by_amount.len(), everything.len());
    assert!(
        by_amount
            .windows(2)
            .all(|w| w[0].amount_fen.unwrap_or(0) >= w[1].amount_fen.unwrap_or(0))
    );
    let licences = page(&app, "category=licence").await;
    assert!(
        licences
            .items
            .iter()
            .all(|d| d.kind == app::model::Category::Licence)
    );
    let year = all_pages(&app, "from=2025-01-01&to=2025-12-31", 50).await;
    assert!(year.iter().all(|d| d.decision_date.year() == 2025));

    // Bad filters are named.
    for (query, field) in [
        ("from=2025-13-01", "from"),
        ("region=99", "region"),
        ("sort=random", "sort"),
        ("limit=1000", "limit"),
        ("after=garbage", "after"),
        ("category=nothing", "category"),
    ] {
        let e = assert_error(
            app.get(&format!("/api/v1/disclosures?{query}")).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
        )
        .await;
        assert_eq!(e["error"]["field"], field, "{query}");
    }

    // The detail of one listed decision; unlisted ids are 404.
    let first = &everything[0];
    let detail = app
        .get_json(&format!("/api/v1/disclosures/{}", first.id), StatusCode::OK)
        .await;
    assert_eq!(detail["case_code"], first.case_code.as_str());
    assert_error(
        app.get("/api/v1/disclosures/999999").await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}

async fn personal_data_never_reaches_the_public(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    // Decisions about people with their data written into the free text, as clerks do.
    let cases = [
        (
            "赵小龙",
            "11010519491231002X",
            "13800138000",
            "6222020012345678901",
            "天河路123号",
        ),
        (
            "欧阳娜娜",
            "44010619900307001X",
            "13912345678",
            "6217001234567890",
            "中山大道西8号",
        ),
        (
            "李四",
            "440106199001010013",
            "020-38886666",
            "622588001122334455",
            "体育东路9号",
        ),
    ];
    let mut codes = Vec::new();
    for (i, (name, id, phone, account, street)) in cases.iter().enumerate() {
        let d = issue_penalty(
            &clerk,
            &format!("穗天市监罚〔2026〕{}号", 700 + i),
            json!({
                "party_kind": "person", "party_name": name, "party_id_number": id,
                "facts": format!("当事人{name}，身份证号{id}，住址广州市天河区{street}，电话{phone}，收款账号{account}，销售过期食品。"),
                "result": format!("对{name}罚款人民币10,000元。"),
            }),
        )
        .await;
        publish(&clerk, &d).await;
        codes.push(d["case_code"].as_str().unwrap().to_owned());
    }
    let mut public = String::new();
    public.push_str(
        &app.get("/api/v1/disclosures?limit=100")
            .await
            .text()
            .await
            .unwrap(),
    );
    public.push_str(
        &app.get("/api/v1/disclosures.json")
            .await
            .text()
            .await
            .unwrap(),
    );
    public.push_str(
        &app.get("/api/v1/disclosures.csv")
            .await
            .text()
            .await
            .unwrap(),
    );
    for code in &codes {
        public.push_str(
            &app.get(&format!("/api/v1/verify/{code}"))
                .await
                .text()
                .await
                .unwrap(),
        );
    }
    for (name, id, phone, account, street) in cases {
        for secret in [name, id, phone, account, street, &phone[phone.len() - 8..]] {
            assert!(!public.contains(secret), "{secret} is public");
        }
    }
    assert!(public.contains("赵**") && public.contains("欧***"));
}

/// Registers and issues a penalty of the session's department with these fields changed.
pub async fn issue_penalty(s: &Session<'_>, document_number: &str, patch: Value) -> Value {
    let claim = claim_on(s, "CF00003000").await;
    // Two officers with certificates valid all through 2026.
    let ids = [
        officer(s, "44010621000101").await,
        officer(s, "44010621000102").await,
    ];
    let mut body = json!({
        "document_number": document_number, "claim_id": claim, "kind": "penalty",
        "procedure": "ordinary", "party_kind": "organisation", "party_name": "广州某食品有限公司",
        "party_uscc": "91350100M000100Y43", "facts": "销售过期食品。", "legal_basis": "《食品安全法》第一百二十四条",
        "result": "罚款人民币10,000元。", "penalty_types": ["fine"], "amount_fen": 1_000_000,
        "decision_date": "2026-06-01", "officer_ids": ids,
    });
    for (k, v) in patch.as_object().unwrap() {
        body[k] = v.clone();
    }
    let base = format!(
        "/api/v1/workspace/departments/{}/decisions",
        s.department_id()
    );
    let response = s.post(&base, body).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let d: Value = response.json().await.unwrap();
    let response = s
        .post(
            &format!("{base}/{}/issue", d["id"]),
            json!({"expected_version": d["version"]}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

pub async fn publish(s: &Session<'_>, d: &Value) -> reqwest::Response {
    s.post(
        &format!(
            "/api/v1/workspace/departments/{}/decisions/{}/publish",
            s.department_id(),
            d["id"]
        ),
        json!({"expected_version": d["version"]}),
    )
    .await
}

async fn publication_duties_periods_and_withdrawal(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    let due_path = format!(
        "/api/v1/workspace/departments/{}/disclosures/due",
        clerk.department_id()
    );
    let d = issue_penalty(&clerk, "穗天市监罚〔2026〕801号", json!({})).await;
    assert_eq!(d["publication"], "pending");
    // Due within 7 working days of 2026-06-01 on the official calendar: 2026-06-10.
    let calendar = Calendar::official();
    let expected = app::model::publicity::publication_deadline(
        app::model::Category::Penalty,
        app::model::Date::parse("2026-06-01").unwrap(),
        &calendar,
    );
    assert_eq!(expected.to_string(), "2026-06-10");
    assert_eq!(d["publish_by"], "2026-06-10");
    let due: Value = clerk.get(&due_path).await.json().await.unwrap();
    let entry = due["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == d["id"])
        .expect("listed as due")
        .clone();
    assert_eq!(entry["overdue"], true, "the deadline has passed");

    let published: Value = publish(&clerk, &d).await.json().await.unwrap();
    assert_eq!(published["publication"], "published");
    // 3 months for a small fine.
    let today = app.db.clock().today().to_string();
    let until = app::model::Date::parse(&today).unwrap().plus_months(3);
    assert_eq!(published["published_until"], until.to_string());
    assert_error(
        publish(&clerk, &published).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    )
    .await;
    let listed = page(
        &app,
        "q=%E7%A9%97%E5%A4%A9%E5%B8%82%E7%9B%91%E7%BD%9A%E3%80%942026%E3%80%95801",
    )
    .await;
    assert_eq!(listed.items.len(), 1);
    let due: Value = clerk.get(&due_path).await.json().await.unwrap();
    assert!(
        due["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["id"] != d["id"])
    );

    // Not published by law: the simple procedure, a warning only, a minor, secrets.
    for (i, patch) in [
        json!({"procedure": "simple", "amount_fen": 5_000}),
        json!({"penalty_types": ["warning"], "amount_fen": null}),
        json!({"minor": true}),
        json!({"withheld_reason": "涉及商业秘密，经负责人批准不予公开"}),
    ]
    .into_iter()
    .enumerate()
    {
        let d = issue_penalty(&clerk, &format!("穗天市监罚〔2026〕{}号", 810 + i), patch).await;
        assert_eq!(d["publication"], "not_disclosed", "{d}");
        assert!(d["publish_by"].is_null());
        assert_error(
            publish(&clerk, &d).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
        )
        .await;
    }

    // Revoking takes it out of the listing at once, and the notice says why.
    let revoked = clerk
        .post(
            &format!(
                "/api/v1/workspace/departments/{}/decisions/{}/revoke",
                clerk.department_id(),
                published["id"]
            ),
            json!({"expected_version": published["version"], "reason": "经复核依法撤销。"}),
        )
        .await;
    assert_eq!(revoked.status(), StatusCode::OK);
    let listed = page(
        &app,
        "q=%E7%A9%97%E5%A4%A9%E5%B8%82%E7%9B%91%E7%BD%9A%E3%80%942026%E3%80%95801",
    )
    .await;
    assert!(listed.items.is_empty());
    let notices = app
        .get_json("/api/v1/disclosures/withdrawn", StatusCode::OK)
        .await;
    let notice = notices["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["case_code"] == published["case_code"])
        .expect("a withdrawal notice");
    assert_eq!(notice["reason"], "经复核依法撤销。");
    assert_eq!(notice["withdrawn_on"], today);
}

async fn expired_decisions_leave_the_listing_but_still_verify(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let today = app.db.clock().today().to_string();
    let expired: Vec<String> = sqlx::query_scalar(
        "SELECT case_code FROM decisions WHERE published_at IS NOT NULL AND withdrawn_at IS NULL AND published_until < $1",
    )
    .bind(&today)
    .fetch_all(app.db.pool())
    .await
    .unwrap();
    assert!(!expired.is_empty(), "the demo has expired publications");
    let listed: HashSet<String> = all_pages(&app, "", 100)
        .await
        .into_iter()
        .map(|d| d.case_code.to_string())
        .collect();
    for code in expired {
        assert!(!listed.contains(&code));
        let v = app
            .get_json(&format!("/api/v1/verify/{code}"), StatusCode::OK)
            .await;
        assert_eq!(v["facts"]["publication"], "expired");
    }
}

async fn exports_stream_every_match_with_the_listing_columns(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let everything = all_pages(&app, "q=%E9%A3%9F%E5%93%81", 100).await;
    let csv = app
        .get("/api/v1/disclosures.csv?q=%E9%A3%9F%E5%93%81")
        .await;
    assert_eq!(csv.status(), StatusCode::OK);
    assert!(
        csv.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let bytes = csv.bytes().await.unwrap();
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "UTF-8 with BOM");
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let headers: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(headers[0], "案码");
    assert_eq!(headers[1], "决定书文号");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), everything.len());
    assert_eq!(&rows[0][0], everything[0].case_code.as_str());
    let json: Vec<Disclosure> = app
        .get("/api/v1/disclosures.json?q=%E9%A3%9F%E5%93%81")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(json, everything);
}

async fn statistics_count_and_sum_issued_decisions(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let stats: Stats = app.get("/api/v1/stats").await.json().await.unwrap();
    // Only decisions that entered the public listing are counted.
    let issued: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM decisions WHERE published_on IS NOT NULL")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(stats.total, issued);
    assert_eq!(
        stats.by_category.iter().map(|r| r.count).sum::<i64>(),
        issued
    );
    assert_eq!(stats.by_month.iter().map(|r| r.count).sum::<i64>(), issued);
    assert!(stats.by_month.windows(2).all(|w| w[0].key < w[1].key));
    assert!(
        stats.by_region.iter().any(|r| r.label == "广州市"),
        "{:?}",
        stats.by_region
    );
    assert!(
        stats.on_time.due > 0 && stats.on_time.on_time < stats.on_time.due,
        "{:?}",
        stats.on_time
    );
    assert!(stats.revoked >= 1 && stats.changed >= 1);
    // One department's year.
    let th: Stats = app
        .get("/api/v1/stats?year=2026&region=440106")
        .await
        .json()
        .await
        .unwrap();
    assert!(th.total > 0 && th.total < stats.total);
    assert!(th.by_month.iter().all(|r| r.key.starts_with("2026")));
    assert_error(
        app.get("/api/v1/stats?year=1800").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    )
    .await;
}

async fn admins_extend_the_working_calendar(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let admin = app.login("admin", DEMO_PASSWORD).await;
    // 2026-06-02 becomes a day off: the deadline of a 2026-06-01 decision moves a day.
    let response = admin
        .post(
            "/api/v1/workspace/calendar",
            json!({"date": "2026-06-02", "working": false, "note": "测试调整"}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_error(
        admin
            .post(
                "/api/v1/workspace/calendar",
                json!({"date": "2026-02-30", "working": false, "note": "x"}),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    )
    .await;
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    let d = issue_penalty(&clerk, "穗天市监罚〔2026〕901号", json!({})).await;
    assert_eq!(d["publish_by"], "2026-06-11");
    let days = admin
        .get("/api/v1/workspace/calendar")
        .await
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(days["items"][0]["date"], "2026-06-02");
}

crate::on_both_backends!(
    the_demo_listing_searches_filters_and_pages,
    personal_data_never_reaches_the_public,
    publication_duties_periods_and_withdrawal,
    expired_decisions_leave_the_listing_but_still_verify,
    exports_stream_every_match_with_the_listing_columns,
    statistics_count_and_sum_issued_decisions,
    admins_extend_the_working_calendar,
);
