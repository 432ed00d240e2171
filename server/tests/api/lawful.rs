//! The lawful public surface, probed as an outsider would: codes that cannot be computed,
//! typed-in answers that show only what the law makes public, a lookup limit that is no
//! existence oracle, legal dates in China time, a calendar past its built-in years,
//! reasons scrubbed of personal data, statistics that single out no withheld decision.

use reqwest::StatusCode;
use serde_json::{Value, json};

use app::model::{
    CaseCode, Date, Publication, RegionCode, Stats, Verification, case_code::SERIALS_PER_YEAR,
};
use server::config::{LookupConfig, ServeConfig};

use crate::{
    cases::{code_and_sig, verify},
    disclosures::{issue_penalty, publish},
    helpers::{
        Backend, DEMO_PASSWORD, Session, TestApp, assert_error, spawn, spawn_with_config,
        spawn_with_demo,
    },
};

/// The China date the server judges by now.
fn today(app: &TestApp) -> Date {
    app.db.clock().today()
}

async fn decision(s: &Session<'_>, path_tail: &str, d: &Value) -> Value {
    s.get(&format!(
        "/api/v1/workspace/departments/{}/decisions/{}{path_tail}",
        s.department_id(),
        d["id"]
    ))
    .await
    .json()
    .await
    .unwrap()
}

async fn withdraw(s: &Session<'_>, d: &Value, body: Value) -> reqwest::Response {
    let mut body = body;
    body["expected_version"] = d["version"].clone();
    s.post(
        &format!(
            "/api/v1/workspace/departments/{}/decisions/{}/revoke",
            s.department_id(),
            d["id"]
        ),
        body,
    )
    .await
}

async fn codes_cannot_be_computed_and_differ_per_deployment(backend: Backend) {
    let one = spawn_with_demo(backend).await;
    let two = spawn_with_demo(backend).await;
    let codes = |app: &TestApp| {
        let pool = app.db.pool().clone();
        async move {
            let mut codes: Vec<String> = sqlx::query_scalar(
                "SELECT case_code FROM decisions WHERE case_code LIKE '440106-2026-%' ORDER BY id",
            )
            .fetch_all(&pool)
            .await
            .unwrap();
            codes.truncate(3);
            codes
        }
    };
    let (first, second) = (codes(&one).await, codes(&two).await);
    assert_eq!(first.len(), 3);
    assert_ne!(first, second, "two deployments issued the same codes");
    // The formula of the first wave (n × 28,629,151 mod 36⁵) finds nothing.
    let region = RegionCode::parse("440106").unwrap();
    for n in 1..=40u64 {
        let serial = n * 28_629_151 % SERIALS_PER_YEAR;
        let Some(code) = CaseCode::issue(&region, 2026, serial) else {
            continue;
        };
        assert!(
            !first.contains(&code.to_string()),
            "{code} is computable from the public formula"
        );
    }
}

async fn a_typed_in_code_of_a_withheld_decision_shows_only_the_verdict(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    // A simple-procedure warning: the law keeps it off the listing.
    let d = issue_penalty(
        &clerk,
        "穗天市监罚〔2026〕901号",
        json!({"procedure": "simple", "penalty_types": ["warning"], "amount_fen": null,
               "party_name": "广州某某小食店"}),
    )
    .await;
    let (code, sig) = code_and_sig(&d);
    let response = verify(&app, &code, None).await;
    assert_eq!(response.status(), StatusCode::OK);
    let text = response.text().await.unwrap();
    for secret in [
        "广州某某小食店",
        "CF00003000",
        "44010621000101",
        "销售过期食品",
    ] {
        assert!(!text.contains(secret), "{secret} leaked: {text}");
    }
    let v: Verification = serde_json::from_str(&text).unwrap();
    assert_eq!(v.facts.document_number, "穗天市监罚〔2026〕901号");
    assert_eq!(v.facts.decision_date.to_string(), "2026-06-01");
    assert_eq!(v.facts.department_name, "广州市天河区市场监督管理局");
    assert_eq!(v.facts.publication, Publication::NotDisclosed);
    assert!(v.facts.listed.is_none());
    // The document's holder sees the summary.
    let v: Verification = verify(&app, &code, Some(&sig)).await.json().await.unwrap();
    assert_eq!(v.facts.listed.unwrap().party_name, "广州某某小食店");
    assert!(v.signed.is_some());

    // A published decision shows its public details to a typed-in code.
    let (example, _) = server::seed::demo_example(&app.db).await.unwrap().unwrap();
    let v: Verification = verify(&app, example.as_str(), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v.facts.publication, Publication::Published);
    assert!(v.facts.listed.is_some());
}

async fn every_lookup_without_a_valid_signature_counts(backend: Backend) {
    let config = ServeConfig {
        lookups: LookupConfig {
            lookups_per_minute: 30,
            ..LookupConfig::default()
        },
        ..ServeConfig::default()
    };
    let app = spawn_with_config(backend, config).await;
    server::seed::demo(&app.db, &app.keys().await)
        .await
        .unwrap();
    let (real, sig) = server::seed::demo_example(&app.db).await.unwrap().unwrap();
    // The 80 lookups below (a few seconds) all fall in one minute.
    app.start_a_minute();
    // 80 made-up codes with a made-up signature from one address.
    let region = RegionCode::parse("440106").unwrap();
    let mut statuses = Vec::new();
    for n in 0..80u64 {
        let Some(code) = CaseCode::issue(&region, 2025, n * 7_919) else {
            continue;
        };
        statuses.push(verify(&app, code.as_str(), Some("AAAA")).await.status());
    }
    let limited = statuses
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert!(
        statuses[..30].iter().all(|s| *s == StatusCode::NOT_FOUND),
        "{statuses:?}"
    );
    assert_eq!(limited, statuses.len() - 30, "{statuses:?}");
    // Over the limit a real code answers as a missing one does: 429.
    let hit = verify(&app, real.as_str(), None).await;
    assert!(hit.headers().contains_key("retry-after"));
    assert_error(hit, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    assert_error(
        verify(&app, "440106-2026-00001-0", None).await,
        StatusCode::TOO_MANY_REQUESTS,
        "rate_limited",
    )
    .await;
    // The holder of the document is never limited.
    let holder = verify(&app, real.as_str(), Some(&sig)).await;
    assert_eq!(holder.status(), StatusCode::OK);

    // The count lives in the database: a second server on it refuses too.
    let other = crate::scale::second_server(&app).await;
    let response = app
        .client
        .get(format!("http://{other}/api/v1/verify/{real}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
}

async fn publication_and_withdrawal_take_the_china_date(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let day = today(&app);
    let next = day.plus_days(1).to_string();
    // 17:30 UTC is 01:30 the next morning in China. (Signed in after each move of the
    // clock: a jump of hours ends an idle session.)
    app.db.clock().set_utc(&format!("{day}T17:30:00Z")).unwrap();
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    let d = issue_penalty(&clerk, "穗天市监罚〔2026〕902号", json!({})).await;
    let published: Value = publish(&clerk, &d).await.json().await.unwrap();
    assert_eq!(published["published_on"], next.as_str());
    assert!(
        published["published_at"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{day}T17:30")),
        "the instant stays UTC: {published}"
    );
    // 16:30 UTC is 00:30 in China: withdrawal on the China date too.
    app.db.clock().set_utc(&format!("{day}T16:30:00Z")).unwrap();
    let revoked: Value = withdraw(
        &clerk,
        &published,
        json!({"reason": "经复核依法撤销该决定。"}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(revoked["withdrawn_on"], next.as_str());
    assert_eq!(revoked["ended_on"], next.as_str());
    let notices = app
        .get_json("/api/v1/disclosures/withdrawn", StatusCode::OK)
        .await;
    let notice = notices["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["document_number"] == "穗天市监罚〔2026〕902号")
        .unwrap()
        .clone();
    assert_eq!(notice["withdrawn_on"], next.as_str());

    // At 23:30 UTC (07:30 in China) a publication is dated that China day.
    app.db.clock().set_utc(&format!("{day}T23:30:00Z")).unwrap();
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    let d = issue_penalty(&clerk, "穗天市监罚〔2026〕903号", json!({})).await;
    let published: Value = publish(&clerk, &d).await.json().await.unwrap();
    assert_eq!(published["published_on"], next.as_str());
    let listed = decision(&clerk, "", &published).await;
    assert_eq!(listed["published_on"], next.as_str());
}

async fn a_late_withdrawal_is_shown_in_the_duties(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    let d = issue_penalty(&clerk, "穗天市监罚〔2026〕904号", json!({})).await;
    let published: Value = publish(&clerk, &d).await.json().await.unwrap();
    let act_date = today(&app).plus_days(-10).to_string();
    // The act that ended it cannot be in the future or before the decision.
    for bad in [today(&app).plus_days(1).to_string(), "2026-05-01".into()] {
        let body = assert_error(
            withdraw(
                &clerk,
                &published,
                json!({"reason": "经复核依法撤销。", "ended_on": bad}),
            )
            .await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
        )
        .await;
        assert_eq!(body["error"]["field"], "ended_on");
    }
    let revoked: Value = withdraw(
        &clerk,
        &published,
        json!({"reason": "经行政复议依法撤销。", "ended_on": act_date}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(revoked["ended_on"], act_date.as_str());
    let due = clerk
        .get(&format!(
            "/api/v1/workspace/departments/{}/disclosures/due",
            clerk.department_id()
        ))
        .await
        .json::<Value>()
        .await
        .unwrap();
    let late = due["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == d["id"])
        .expect("the late withdrawal is listed")
        .clone();
    assert_eq!(late["duty"], "withdraw");
    assert_eq!(late["overdue"], true);
    assert_eq!(late["days_left"], -7, "10 days after the act, 3 allowed");
}

async fn decisions_confirmed_unlawful_or_void_are_withdrawn_with_the_ruling(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    let mut codes = Vec::new();
    for (n, status) in [(906, "unlawful"), (907, "void")] {
        let d = issue_penalty(&clerk, &format!("穗天市监罚〔2026〕{n}号"), json!({})).await;
        let published: Value = publish(&clerk, &d).await.json().await.unwrap();
        let path = format!(
            "/api/v1/workspace/departments/{}/decisions/{}/confirm",
            clerk.department_id(),
            d["id"]
        );
        let confirm = |body: Value| {
            let mut body = body;
            body["expected_version"] = published["version"].clone();
            clerk.post(&path, body)
        };
        // Only unlawful or void can be confirmed here.
        assert_error(
            confirm(json!({"status": "revoked", "reason": "经法院判决确认。"})).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
        )
        .await;
        let ended: Value = confirm(json!({"status": status, "reason": "经行政复议决定确认。"}))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(ended["status"], status);
        assert_eq!(ended["publication"], "withdrawn");
        let (code, _) = code_and_sig(&d);
        let v: Verification = verify(&app, &code, None).await.json().await.unwrap();
        assert_eq!(v.status.as_str(), status);
        assert_eq!(
            v.status_change.unwrap().reason.as_deref(),
            Some("经行政复议决定确认。")
        );
        codes.push(code);
    }
    let notices = app
        .get_json("/api/v1/disclosures/withdrawn", StatusCode::OK)
        .await;
    let statuses: Vec<&str> = notices["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| codes.iter().any(|c| n["case_code"] == c.as_str()))
        .map(|n| n["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses.len(), 2);
    assert!(statuses.contains(&"unlawful") && statuses.contains(&"void"));
}

async fn an_identity_number_in_a_reason_appears_nowhere_public(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    let d = issue_penalty(
        &clerk,
        "穗天市监罚〔2026〕905号",
        json!({"party_kind": "person", "party_name": "钱多多", "party_uscc": null,
               "party_id_number": "11010519491231002X", "named_persons": ["孙小美"]}),
    )
    .await;
    let published: Value = publish(&clerk, &d).await.json().await.unwrap();
    let (code, _) = code_and_sig(&d);
    withdraw(
        &clerk,
        &published,
        json!({"reason": "当事人钱多多（身份证号11010519491231002X）之妻孙小美申请复核，家住天河路1号，经复核撤销。"}),
    )
    .await;
    let mut public = String::new();
    for path in [
        format!("/api/v1/verify/{code}"),
        "/api/v1/disclosures/withdrawn".to_owned(),
        "/api/v1/disclosures.json".to_owned(),
    ] {
        public.push_str(&app.get(&path).await.text().await.unwrap());
    }
    for secret in ["11010519491231002X", "钱多多", "孙小美", "天河路1号"] {
        assert!(!public.contains(secret), "{secret} is public: {public}");
    }
    assert!(
        public.contains("经复核撤销"),
        "the reason is public: {public}"
    );
}

async fn statistics_single_out_no_withheld_decision(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    let stats = |query: String| {
        let app = &app;
        async move {
            app.get(&format!("/api/v1/stats?{query}"))
                .await
                .json::<Stats>()
                .await
                .unwrap()
        }
    };
    let dept = clerk.department_id();
    let before = stats(format!("year=2026&department={dept}")).await;
    let province = stats("year=2026".into()).await;
    // Withheld decisions move no public figure.
    for (i, patch) in [
        json!({"minor": true}),
        json!({"withheld_reason": "涉及商业秘密，经负责人批准不予公开"}),
        json!({"procedure": "simple", "amount_fen": 5_000}),
    ]
    .into_iter()
    .enumerate()
    {
        issue_penalty(&clerk, &format!("穗天市监罚〔2026〕{}号", 910 + i), patch).await;
    }
    let after = stats(format!("year=2026&department={dept}")).await;
    assert_eq!(after.total, before.total);
    assert_eq!(after.amount_fen, before.amount_fen);
    assert_eq!(after.by_month, before.by_month);
    assert_eq!(stats("year=2026".into()).await.total, province.total);
    // The department's year states how many it withholds, from three on.
    let withheld: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM decisions WHERE department_id = $1 AND status <> 'draft' \
         AND publish_by IS NULL AND decision_date LIKE '2026-%'",
    )
    .bind(dept)
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    assert!(withheld >= 3);
    assert_eq!(after.withheld, Some(withheld));
    assert_eq!(province.withheld, None, "only a department's year");
    let earlier = stats(format!("year=2024&department={dept}")).await;
    assert_eq!(earlier.withheld, None, "fewer than three are not counted");
}

async fn the_calendar_warns_until_a_year_is_loaded(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    app.db.clock().set_utc("2026-12-28T02:00:00Z").unwrap();
    let admin = app.login("admin", DEMO_PASSWORD).await;
    let coverage: Value = admin
        .get("/api/v1/workspace/calendar/years")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(coverage["missing"], json!([2027]));
    // A decision of Thursday 24 December: its 7 working days run into 2027, whose
    // calendar is missing: counted on weekdays (1 January included), provisional.
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    let d = issue_penalty(
        &clerk,
        "穗天市监罚〔2026〕920号",
        json!({"decision_date": "2026-12-24"}),
    )
    .await;
    let due_path = format!(
        "/api/v1/workspace/departments/{}/disclosures/due",
        clerk.department_id()
    );
    let entry = |due: Value| {
        due["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["id"] == d["id"])
            .unwrap()
            .clone()
    };
    let before = entry(clerk.get(&due_path).await.json().await.unwrap());
    assert_eq!(before["provisional"], true);
    assert_eq!(before["publish_by"], "2027-01-04");

    // A file with a problem loads nothing and says where.
    let bad = "日期,是否上班,说明\n2027-01-01,否,元旦\n2027-02-30,否,春节\n";
    let response = admin
        .post_bytes("/api/v1/workspace/calendar/import", bad)
        .await;
    let body = assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "validation").await;
    let problem = &body["report"]["problems"][0];
    assert_eq!(problem["line"], 3);
    // In the request's language (Chinese unless it asks for English), with its rule.
    assert_eq!(problem["rule"], "field.date_format");
    assert_eq!(problem["message"], "日期应为 YYYY-MM-DD 格式的日期");
    assert_eq!(body["error"]["message"], "1 行有误，未导入任何内容");
    let english: Value = admin
        .post_bytes_in("/api/v1/workspace/calendar/import", bad, "en")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        english["report"]["problems"][0]["message"],
        "The date: a date in YYYY-MM-DD form"
    );
    assert_eq!(
        english["error"]["message"],
        "lines with problems: 1; nothing was imported"
    );
    // Clerks cannot load a calendar.
    let response = clerk
        .post_bytes("/api/v1/workspace/calendar/import", "date,working,note\n")
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);

    let file = "date,working,note\n2026-12-28,否,测试假日\n2027-01-01,否,元旦\n";
    let response = admin
        .post_bytes("/api/v1/workspace/calendar/import", file)
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let report: Value = response.json().await.unwrap();
    assert_eq!(report["years"], json!([2026, 2027]));
    let coverage: Value = admin
        .get("/api/v1/workspace/calendar/years")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(coverage["missing"], json!([]));
    let after = entry(clerk.get(&due_path).await.json().await.unwrap());
    assert_eq!(after["provisional"], false);
    assert_eq!(
        after["publish_by"], "2027-01-06",
        "the loaded days off count"
    );
    // The stored deadline is recounted too: the decision's own page says the same.
    let detail: Value = clerk
        .get(&format!(
            "/api/v1/workspace/departments/{}/decisions/{}",
            clerk.department_id(),
            d["id"]
        ))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(detail["publish_by"], "2027-01-06");
}

async fn compulsion_needs_two_officers_and_birth_dates_are_real(backend: Backend) {
    let app = spawn(backend).await;
    server::seed::demo(&app.db, &app.keys().await)
        .await
        .unwrap();
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    let base = crate::cases::decisions(&clerk);
    let compulsion = crate::helpers::claim_on(&clerk, "QZ00001000").await;
    let one = crate::helpers::officer(&clerk, "44010621000101").await;
    let body = json!({
        "document_number": "穗天市监强〔2026〕1号", "claim_id": compulsion, "kind": "compulsion",
        "procedure": "ordinary", "party_kind": "organisation", "party_name": "广州某食品有限公司",
        "party_uscc": "91350100M000100Y43", "facts": "查封涉案食品。", "legal_basis": "《行政强制法》第十八条",
        "result": "查封。", "decision_date": "2026-06-01", "officer_ids": [one],
    });
    let problem = assert_error(
        clerk.post(&base, body.clone()).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    )
    .await;
    assert_eq!(problem["error"]["field"], "officer_ids");
    // With a second officer holding a valid certificate it is registered.
    let mut two = body.clone();
    two["officer_ids"] = json!([one, crate::helpers::officer(&clerk, "44010621000102").await]);
    let registered = clerk.post(&base, two).await;
    assert_eq!(registered.status(), StatusCode::CREATED);
    let registered: serde_json::Value = registered.json().await.unwrap();
    assert_eq!(registered["kind"], "compulsion");
    assert_eq!(registered["officers"].as_array().unwrap().len(), 2);
    let mut person = crate::cases::penalty(&clerk, "穗天市监罚〔2026〕930号").await;
    person["party_id_number"] = json!("11010520300101001X");
    let problem = assert_error(
        clerk.post(&base, person).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    )
    .await;
    assert_eq!(problem["error"]["field"], "party_id_number");
}

crate::on_both_backends!(
    codes_cannot_be_computed_and_differ_per_deployment,
    a_typed_in_code_of_a_withheld_decision_shows_only_the_verdict,
    every_lookup_without_a_valid_signature_counts,
    publication_and_withdrawal_take_the_china_date,
    a_late_withdrawal_is_shown_in_the_duties,
    an_identity_number_in_a_reason_appears_nowhere_public,
    decisions_confirmed_unlawful_or_void_are_withdrawn_with_the_ruling,
    statistics_single_out_no_withheld_decision,
    the_calendar_warns_until_a_year_is_loaded,
    compulsion_needs_two_officers_and_birth_dates_are_real,
);
