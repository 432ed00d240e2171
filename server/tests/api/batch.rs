//! Batch intake: a case system sends up to 1,000 decisions at once; a clerk uploads a
//! file of them and watches it run.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::cases::{decisions, penalty};
use crate::helpers::{Backend, DEMO_PASSWORD, Session, TestApp, spawn_with_demo};
use crate::tokens::{bearer, create};

fn batch_path(s: &Session<'_>) -> String {
    format!("{}/batch", decisions(s))
}

async fn total(app: &TestApp, s: &Session<'_>, secret: &str) -> i64 {
    let listed: Value = bearer(app, Method::GET, &decisions(s), secret)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    listed["total"].as_i64().unwrap()
}

/// `n` penalties of today with document numbers from `first` on.
async fn rows(app: &TestApp, clerk: &Session<'_>, first: u32, n: u32) -> Vec<Value> {
    let year = app.db.clock().today().year();
    let mut template = penalty(clerk, "").await;
    template["decision_date"] = json!(app.db.clock().today());
    (first..first + n)
        .map(|i| {
            let mut row = template.clone();
            row["document_number"] = json!(format!("穗天市监罚〔{year}〕{i}号"));
            row["key"] = json!(format!("TH-{year}-{i}"));
            row
        })
        .collect()
}

async fn send(app: &TestApp, clerk: &Session<'_>, secret: &str, body: &Value) -> reqwest::Response {
    bearer(app, Method::POST, &batch_path(clerk), secret)
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn a_batch_of_a_thousand_reports_its_bad_rows_and_issues_the_rest(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let reviewer = app.login("th.reviewer", DEMO_PASSWORD).await;
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    let token = create(&reviewer, &["decisions:write"]).await;
    let secret = token["secret"].as_str().unwrap().to_owned();
    let before = total(&app, &clerk, &secret).await;

    let mut rows = rows(&app, &clerk, 20_001, 1_000).await;
    // Three wrong rows: an officer of another department, no facts, a date that is none.
    let other = app.login("ns.clerk", DEMO_PASSWORD).await;
    let theirs: Value = other
        .get(&crate::helpers::officers_path(&other))
        .await
        .json()
        .await
        .unwrap();
    rows[9]["officer_ids"][0] = theirs["items"][0]["id"].clone();
    rows[499]["facts"] = json!("");
    rows[998]["decision_date"] = json!("2026-13-01");

    // All or nothing: refused with the report, and nothing kept.
    let body = json!({ "decisions": rows, "all_or_nothing": true });
    let refused = send(&app, &clerk, &secret, &body).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused: Value = refused.json().await.unwrap();
    assert_eq!(refused["report"]["failed"], 3, "{}", refused["error"]);
    assert_eq!(refused["report"]["kept"], 0);
    assert_eq!(total(&app, &clerk, &secret).await, before);

    // By default the valid rows are issued and exactly the wrong ones reported.
    let started = std::time::Instant::now();
    let body = json!({ "decisions": rows });
    let response = send(&app, &clerk, &secret, &body).await;
    assert_eq!(response.status(), StatusCode::OK);
    let report: Value = response.json().await.unwrap();
    eprintln!(
        "a batch of 1,000 took {:?} ({backend:?}, debug build)",
        started.elapsed()
    );
    assert_eq!(report["rows"], 1_000);
    assert_eq!(report["kept"], 997);
    assert_eq!(report["failed"], 3);
    let errors: Vec<(i64, &str)> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["row"].as_i64().unwrap(), e["field"].as_str().unwrap()))
        .collect();
    assert_eq!(
        errors,
        [
            (10, "officer_ids[0]"),
            (500, "facts"),
            (999, "decision_date")
        ]
    );
    assert!(report["errors"][0]["message"].as_str().unwrap().len() > 5);
    let done = report["done"].as_array().unwrap();
    assert!(done.iter().all(|d| {
        d["status"] == "issued"
            && d["verify_url"]
                .as_str()
                .unwrap()
                .contains(d["case_code"].as_str().unwrap())
            && d["repeated"] == json!(false)
    }));
    let codes: std::collections::HashSet<&str> = done
        .iter()
        .map(|d| d["case_code"].as_str().unwrap())
        .collect();
    assert_eq!(codes.len(), 997);
    assert_eq!(done[9]["row"], 11);
    assert_eq!(total(&app, &clerk, &secret).await, before + 997);

    // Sent again (the answer was lost): the same decisions, not a second set; the fixed
    // rows are issued now.
    rows[9]["officer_ids"] = rows[0]["officer_ids"].clone();
    rows[499]["facts"] = rows[0]["facts"].clone();
    rows[998]["decision_date"] = rows[0]["decision_date"].clone();
    let again: Value = send(&app, &clerk, &secret, &json!({ "decisions": rows }))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again["kept"], 1_000);
    assert_eq!(again["failed"], 0);
    let repeated = again["done"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["repeated"] == json!(true))
        .count();
    assert_eq!(repeated, 997);
    assert_eq!(again["done"][0]["case_code"], done[0]["case_code"]);
    assert_eq!(total(&app, &clerk, &secret).await, before + 1_000);

    // The batch itself must be sound.
    for (body, field) in [
        (json!({ "decisions": [] }), "decisions"),
        (json!({ "decisions": {} }), "decisions"),
        (json!({ "decisions": [{}], "issue": "yes" }), "issue"),
        (json!({ "decisions": vec![json!({}); 1_001] }), "decisions"),
    ] {
        let response = send(&app, &clerk, &secret, &body).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let e: Value = response.json().await.unwrap();
        assert_eq!(e["error"]["field"], field);
    }
    // Another department's token reaches no batch of ours.
    let their_reviewer = app.login("ns.reviewer", DEMO_PASSWORD).await;
    let theirs = create(&their_reviewer, &["decisions:write"]).await;
    let response = send(
        &app,
        &clerk,
        theirs["secret"].as_str().unwrap(),
        &json!({ "decisions": rows[..1] }),
    )
    .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}

async fn a_clerk_uploads_a_file_of_decisions_and_sees_progress(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    let year = app.db.clock().today().year();
    let today = app.db.clock().today();
    let mut csv = String::from(
        "案件编号,决定书文号,事项编码,决定类别,程序,当事人类型,当事人,身份证号码,违法事实,法律依据,处理结果,处罚种类,罚款金额（元）,决定日期,执法证号\n",
    );
    for i in 0..60 {
        csv.push_str(&format!(
            "TH-F-{i},穗天市监罚〔{year}〕{n}号,CF00003000,行政处罚,普通程序,自然人,赵小龙,11010519491231002X,\
             当事人销售超过保质期的食品。,《中华人民共和国食品安全法》第一百二十四条,罚款人民币1000元。,罚款,\"1,000.50\",{today},44010621000101、44010621000102\n",
            n = 30_000 + i
        ));
    }
    // One row names an officer the department does not have.
    csv.push_str(&format!(
        "TH-F-X,穗天市监罚〔{year}〕30999号,CF00003000,行政处罚,普通程序,自然人,赵小龙,11010519491231002X,\
         事实。,依据。,结果。,罚款,100,{today},44010621999999、44010621000102\n"
    ));
    let response = clerk
        .post_bytes(&format!("{}/import", decisions(&clerk)), &csv)
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/x-ndjson");
    let text = response.text().await.unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let progress: Vec<i64> = lines
        .iter()
        .filter_map(|l| l["progress"]["done"].as_i64())
        .collect();
    assert!(progress.len() >= 2, "{text}");
    assert!(progress.windows(2).all(|w| w[0] <= w[1]));
    assert_eq!(*progress.last().unwrap(), 61);
    let report = &lines.last().unwrap()["report"];
    assert_eq!(report["kept"], 60, "{text}");
    assert_eq!(report["errors"][0]["row"], 62);
    assert_eq!(report["errors"][0]["field"], "officer_ids[0]");
    let first = &report["done"][0];
    assert_eq!(first["status"], "issued");
    let decision: Value = clerk
        .get(&format!("{}/{}", decisions(&clerk), first["id"]))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(decision["amount_fen"], 100_050);
    assert_eq!(decision["penalty_types"], json!(["fine"]));

    // A file without the columns it needs is refused before anything runs.
    let response = clerk
        .post_bytes(
            &format!("{}/import", decisions(&clerk)),
            "name,amount\nx,1\n",
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let e: Value = response.json().await.unwrap();
    assert_eq!(e["report"]["errors"][0]["row"], 1);
}

crate::on_both_backends!(
    a_batch_of_a_thousand_reports_its_bad_rows_and_issues_the_rest,
    a_clerk_uploads_a_file_of_decisions_and_sees_progress,
);
