//! Inspections of businesses: the entity registry, spot-check plans and their draws,
//! inspection codes on a phone, results, ratings, reports and supervision.

use reqwest::StatusCode;
use serde_json::{Value, json};

use app::model::{
    DrawInputRecord, Uscc,
    signature::{from_hex, to_hex},
    spot_check,
};

use crate::helpers::{
    Backend, DEMO_PASSWORD, Session, TestApp, assert_error, claim_on, officer, spawn_with_demo,
};

fn plans_path(s: &Session<'_>) -> String {
    format!(
        "/api/v1/workspace/departments/{}/spot-checks",
        s.department_id()
    )
}

fn inspections_path(s: &Session<'_>) -> String {
    format!(
        "/api/v1/workspace/departments/{}/inspections",
        s.department_id()
    )
}

async fn json_of(response: reqwest::Response, status: StatusCode) -> Value {
    let got = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(got, status, "{body}");
    body
}

/// A credit code of a test entity.
fn uscc(n: usize) -> String {
    Uscc::from_body(&format!("91440111MA{:07}", 9_000_000 + n))
        .unwrap()
        .to_string()
}

/// Imports `count` entities of a fresh industry in 白云区, the last `individuals` of
/// them individual businesses under their owner's name.
async fn import_entities(s: &Session<'_>, industry: &str, count: usize) -> Vec<String> {
    let mut csv = String::from("统一社会信用代码,名称,行政区划代码,行业,风险等级,联系方式\n");
    let codes: Vec<String> = (0..count).map(uscc).collect();
    for (i, code) in codes.iter().enumerate() {
        csv.push_str(&format!(
            "{code},广州白云测试{i}号有限公司,440111,{industry},{},13800138{i:03}\n",
            ["A", "B", "C", "D"][i % 4]
        ));
    }
    let report = json_of(
        s.post_bytes("/api/v1/workspace/entities/import", &csv)
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(report["added"], json!(count), "{report}");
    codes
}

fn plan_body(claim: i64, industry: &str, inspectors: &[i64], today: &str, count: u32) -> Value {
    json!({
        "title": "白云区测试行业双随机抽查",
        "claim_ids": [claim],
        "region_code": "440111",
        "industry": industry,
        "target_count": count,
        "starts_on": today,
        "ends_on": today,
        "inspector_ids": inspectors,
    })
}

async fn pool(s: &Session<'_>) -> Vec<i64> {
    let mut ids = Vec::new();
    for cert in ["44010621000101", "44010621000102", "44010621000103"] {
        ids.push(officer(s, cert).await);
    }
    ids
}

fn today(app: &TestApp) -> String {
    app.db.clock().today().to_string()
}

/// Re-runs a published draw from its record alone, as docs/spot-check.md says anyone can.
fn rerun(record: &Value) -> Vec<(String, [String; 2])> {
    let input: DrawInputRecord = serde_json::from_value(record["input"].clone()).unwrap();
    let seed: [u8; 32] = from_hex(record["seed"].as_str().unwrap())
        .unwrap()
        .try_into()
        .unwrap();
    let input = input.to_input();
    assert_eq!(
        to_hex(&input.commitment(&seed)),
        record["commitment"].as_str().unwrap(),
        "the seed and inputs match the commitment published at approval"
    );
    spot_check::draw(&input, &seed)
        .unwrap()
        .into_iter()
        .map(|t| (t.entity, t.inspectors))
        .collect()
}

async fn the_demo_draw_reruns_from_the_public_record(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let list = app.get_json("/api/v1/spot-checks", StatusCode::OK).await;
    let plans = list["items"].as_array().unwrap();
    // The two approved plans are public; the draft is not.
    assert_eq!(list["total"], json!(2), "{list}");
    assert!(plans.iter().all(|p| p["status"] != "draft"));
    let drawn = plans.iter().find(|p| p["status"] == "drawn").unwrap();
    let id = drawn["id"].as_i64().unwrap();
    let record = app
        .get_json(&format!("/api/v1/spot-checks/{id}/draw"), StatusCode::OK)
        .await;
    let tasks: Vec<(String, [String; 2])> = record["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["entity"].as_str().unwrap().to_owned(),
                [
                    t["inspectors"][0].as_str().unwrap().to_owned(),
                    t["inspectors"][1].as_str().unwrap().to_owned(),
                ],
            )
        })
        .collect();
    assert_eq!(tasks.len(), 8);
    assert_eq!(
        rerun(&record),
        tasks,
        "the re-run gives the published tasks"
    );
    // The conflicted officer never goes to the restaurant he worked for.
    for (cert, entity) in record["input"]["conflicts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c[0].as_str().unwrap(), c[1].as_str().unwrap()))
    {
        assert!(
            !tasks
                .iter()
                .any(|(e, i)| e == entity && i.contains(&cert.to_owned()))
        );
    }

    // The published plan lists each task's code and result, and nothing of contacts.
    let detail = app
        .get_json(&format!("/api/v1/spot-checks/{id}"), StatusCode::OK)
        .await;
    let text = detail.to_string();
    assert!(!text.contains("020-8"), "contacts stay inside: {text}");
    assert!(!text.contains("created_by") && !text.contains("seed"));
    let task_list = detail["task_list"].as_array().unwrap();
    assert_eq!(task_list.len(), 8);
    assert_eq!(
        task_list.iter().filter(|t| t["status"] == "done").count(),
        4
    );
    for (t, r) in task_list.iter().zip(record["tasks"].as_array().unwrap()) {
        assert_eq!(t["code"], r["code"]);
    }
    // The cancelled plan says why; its tasks are cancelled.
    let cancelled = plans.iter().find(|p| p["status"] == "cancelled").unwrap();
    assert!(
        cancelled["cancel_reason"]
            .as_str()
            .unwrap()
            .contains("避免重复检查")
    );
    let cancelled = app
        .get_json(
            &format!("/api/v1/spot-checks/{}", cancelled["id"]),
            StatusCode::OK,
        )
        .await;
    assert!(
        cancelled["task_list"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["status"] == "cancelled")
    );
    // A draft is not found publicly.
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    let mine = json_of(clerk.get(&plans_path(&clerk)).await, StatusCode::OK).await;
    let draft = mine["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["status"] == "draft")
        .unwrap();
    assert_error(
        app.get(&format!("/api/v1/spot-checks/{}", draft["id"]))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_error(
        app.get(&format!("/api/v1/spot-checks/{}/draw", draft["id"]))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}

async fn a_plan_is_drafted_approved_drawn_and_never_changed(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    let reviewer = app.login("th.reviewer", DEMO_PASSWORD).await;
    let codes = import_entities(&clerk, "测试行业", 6).await;
    let claim = claim_on(&clerk, "JC00001000").await;
    let pool = pool(&clerk).await;
    let today = today(&app);

    // Bad plans change nothing and say which field is wrong.
    let penalty = claim_on(&clerk, "CF00001000").await;
    let mut bad = plan_body(penalty, "测试行业", &pool, &today, 3);
    let e = assert_error(
        clerk.post(&plans_path(&clerk), bad.clone()).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    )
    .await;
    assert_eq!(e["error"]["field"], "claim_ids");
    bad["claim_ids"] = json!([claim]);
    bad["starts_on"] = json!("2020-01-01");
    let e = assert_error(
        clerk.post(&plans_path(&clerk), bad).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    )
    .await;
    assert_eq!(e["error"]["field"], "starts_on");
    let other = app.login("ns.clerk", DEMO_PASSWORD).await;
    let foreign = officer(&other, "44030521000201").await;
    let e = assert_error(
        clerk
            .post(
                &plans_path(&clerk),
                plan_body(claim, "测试行业", &[pool[0], foreign], &today, 3),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    )
    .await;
    assert_eq!(e["error"]["field"], "inspector_ids[1]");

    let plan = json_of(
        clerk
            .post(
                &plans_path(&clerk),
                plan_body(claim, "测试行业", &pool, &today, 3),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    let id = plan["id"].as_i64().unwrap();
    assert_eq!(plan["status"], "draft");
    assert!(plan["commitment"].is_null());
    // Not public yet.
    assert_eq!(
        app.get(&format!("/api/v1/spot-checks/{id}")).await.status(),
        StatusCode::NOT_FOUND
    );
    // Clerks do not approve; reviewers do, with the version they saw.
    let at = |path: &str| format!("{}/{id}/{path}", plans_path(&clerk));
    assert_eq!(
        clerk
            .post(&at("approve"), json!({ "version": plan["version"] }))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_error(
        reviewer
            .post(&at("approve"), json!({ "version": 99 }))
            .await,
        StatusCode::CONFLICT,
        "conflict",
    )
    .await;
    let approved = json_of(
        reviewer
            .post(&at("approve"), json!({ "version": plan["version"] }))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(approved["status"], "approved");
    let commitment = approved["commitment"].as_str().unwrap().to_owned();
    assert_eq!(commitment.len(), 64);
    // The record is public from approval: inputs and commitment, no seed yet.
    let before = app
        .get_json(&format!("/api/v1/spot-checks/{id}/draw"), StatusCode::OK)
        .await;
    assert_eq!(before["commitment"], json!(commitment));
    assert!(before["seed"].is_null());
    let mut entities: Vec<String> = before["input"]["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_str().unwrap().to_owned())
        .collect();
    entities.sort();
    let mut expected = codes.clone();
    expected.sort();
    assert_eq!(entities, expected);
    // An approved plan cannot be approved again.
    assert_error(
        reviewer
            .post(&at("approve"), json!({ "version": approved["version"] }))
            .await,
        StatusCode::CONFLICT,
        "conflict",
    )
    .await;

    let drawn = json_of(
        clerk
            .post(&at("draw"), json!({ "version": approved["version"] }))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(drawn["status"], "drawn");
    assert_eq!(drawn["tasks"], json!(3));
    let record = app
        .get_json(&format!("/api/v1/spot-checks/{id}/draw"), StatusCode::OK)
        .await;
    assert_eq!(record["commitment"], json!(commitment));
    let published: Vec<String> = record["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["entity"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        rerun(&record)
            .into_iter()
            .map(|(e, _)| e)
            .collect::<Vec<_>>(),
        published
    );
    // Drawn twice? No.
    assert_error(
        clerk
            .post(&at("draw"), json!({ "version": drawn["version"] }))
            .await,
        StatusCode::CONFLICT,
        "conflict",
    )
    .await;

    // A second plan on the same population skips the entities just inspected.
    let second = json_of(
        clerk
            .post(
                &plans_path(&clerk),
                plan_body(claim, "测试行业", &pool, &today, 3),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    let second_path = format!("{}/{}", plans_path(&clerk), second["id"]);
    let second_at = |path: &str| format!("{second_path}/{path}");
    let approved = json_of(
        reviewer
            .post(
                &second_at("approve"),
                json!({ "version": second["version"] }),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    let record = app
        .get_json(
            &format!("/api/v1/spot-checks/{}/draw", approved["id"]),
            StatusCode::OK,
        )
        .await;
    let eligible: Vec<&str> = record["input"]["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_str().unwrap())
        .collect();
    assert_eq!(eligible.len(), 3);
    assert!(published.iter().all(|p| !eligible.contains(&p.as_str())));
    // A third finds nobody left.
    let third = json_of(
        clerk
            .post(
                &plans_path(&clerk),
                plan_body(claim, "测试行业", &pool, &today, 1),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    json_of(
        clerk
            .post(
                &second_at("draw"),
                json!({ "version": approved["version"] }),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    let e = assert_error(
        reviewer
            .post(
                &format!("{}/{}/approve", plans_path(&clerk), third["id"]),
                json!({ "version": third["version"] }),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    )
    .await;
    assert_eq!(e["error"]["rule"], "plan.no_entities");

    // Cancelling needs a reason, which is public; the open tasks are cancelled with it.
    let current = json_of(clerk.get(&second_path).await, StatusCode::OK).await;
    let e = assert_error(
        reviewer
            .post(
                &second_at("cancel"),
                json!({ "version": current["version"] }),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    )
    .await;
    assert_eq!(e["error"]["field"], "reason");
    let cancelled = json_of(
        reviewer
            .post(
                &second_at("cancel"),
                json!({ "version": current["version"], "reason": "检查力量调整，改期进行" }),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(cancelled["status"], "cancelled");
    let public = app
        .get_json(
            &format!("/api/v1/spot-checks/{}", cancelled["id"]),
            StatusCode::OK,
        )
        .await;
    assert_eq!(public["cancel_reason"], "检查力量调整，改期进行");
    assert!(
        public["task_list"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["status"] == "cancelled")
    );
}

async fn conflicts_keep_inspectors_away(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    let reviewer = app.login("th.reviewer", DEMO_PASSWORD).await;
    let codes = import_entities(&clerk, "回避测试", 1).await;
    let claim = claim_on(&clerk, "JC00001000").await;
    let pool = pool(&clerk).await;
    let today = today(&app);
    // Two inspectors, one of them conflicted with the only entity: the draw cannot be made.
    let conflicts = format!(
        "/api/v1/workspace/departments/{}/officers/{}/conflicts",
        clerk.department_id(),
        pool[0]
    );
    assert_eq!(
        clerk
            .post(
                &conflicts,
                json!({ "entity_uscc": codes[0], "note": "其配偶为该公司股东" })
            )
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    let plan = json_of(
        clerk
            .post(
                &plans_path(&clerk),
                plan_body(claim, "回避测试", &pool[..2], &today, 1),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    let e = assert_error(
        reviewer
            .post(
                &format!("{}/{}/approve", plans_path(&clerk), plan["id"]),
                json!({ "version": plan["version"] }),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    )
    .await;
    assert_eq!(e["error"]["rule"], "plan.too_few_inspectors");
    // With a third inspector the conflicted one is never drawn for it.
    let plan = json_of(
        clerk
            .post(
                &plans_path(&clerk),
                plan_body(claim, "回避测试", &pool, &today, 1),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    let at = |path: &str| format!("{}/{}/{path}", plans_path(&clerk), plan["id"]);
    let approved = json_of(
        reviewer
            .post(&at("approve"), json!({ "version": plan["version"] }))
            .await,
        StatusCode::OK,
    )
    .await;
    json_of(
        reviewer
            .post(&at("draw"), json!({ "version": approved["version"] }))
            .await,
        StatusCode::OK,
    )
    .await;
    let record = app
        .get_json(
            &format!("/api/v1/spot-checks/{}/draw", plan["id"]),
            StatusCode::OK,
        )
        .await;
    assert_eq!(record["input"]["conflicts"].as_array().unwrap().len(), 1);
    let conflicted = record["input"]["conflicts"][0][0].as_str().unwrap();
    let inspectors = record["tasks"][0]["inspectors"].as_array().unwrap();
    assert!(!inspectors.iter().any(|i| i == conflicted));
    // And an inspection on a complaint refuses him outright.
    let e = assert_error(
        clerk
            .post(
                &inspections_path(&clerk),
                json!({
                    "entity_uscc": codes[0],
                    "ground": "complaint",
                    "ground_note": "12345 热线转来投诉",
                    "claim_ids": [claim],
                    "officer_ids": [pool[1], pool[0]],
                    "window_from": today,
                    "window_until": today,
                }),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    )
    .await;
    assert_eq!(e["error"]["field"], "officer_ids[1]");
    assert_eq!(e["error"]["rule"], "inspection.conflict");
}

/// The scheduled task of the demo plan and its notice's parts: code, signature, token.
async fn a_notice(s: &Session<'_>, ground: &str) -> (Value, String, String, String) {
    let list = json_of(s.get(&inspections_path(s)).await, StatusCode::OK).await;
    let task = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["status"] == "scheduled" && t["ground"] == ground)
        .unwrap()
        .clone();
    let qr = task["qr_text"].as_str().unwrap().to_owned();
    let parts: Vec<&str> = qr.rsplitn(4, '/').collect();
    let (token, sig, code) = (parts[0], parts[1], parts[2]);
    assert_eq!(code, task["code"].as_str().unwrap());
    assert!(qr.contains("/I/"));
    (
        task.clone(),
        code.to_owned(),
        sig.to_owned(),
        token.to_owned(),
    )
}

async fn a_company_checks_the_code_and_rates_the_visit_once(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    let (task, code, sig, token) = a_notice(&clerk, "plan").await;

    // The notice's holder sees everything signed, and that the certificates hold today.
    let v = app
        .get_json(
            &format!("/api/v1/inspections/{code}?sig={sig}"),
            StatusCode::OK,
        )
        .await;
    assert_eq!(v["signature"], "valid");
    assert_eq!(v["status"], "scheduled");
    assert_eq!(v["entity_name"], task["entity_name"]);
    assert_eq!(v["inspectors"].as_array().unwrap().len(), 2);
    assert!(
        v["inspectors"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["valid_today"] == true)
    );
    assert_eq!(v["in_window"], true);
    assert_eq!(v["rated"], false);
    assert_eq!(v["items"][0]["code"], "JC00001000");
    assert!(v["signed"].is_object());
    // Lower case and spaces are forgiven; a wrong signature is a mismatch.
    let sloppy = code.to_lowercase().replace('-', " ");
    let v = app
        .get_json(
            &format!("/api/v1/inspections/{sloppy}?sig=AAAA"),
            StatusCode::OK,
        )
        .await;
    assert_eq!(v["signature"], "mismatch");
    assert!(v["signed"].is_null());
    // A plan's task is public; an inspection on a complaint names nobody without the notice.
    let (complaint, ccode, csig, _) = a_notice(&clerk, "complaint").await;
    let typed = app
        .get_json(&format!("/api/v1/inspections/{ccode}"), StatusCode::OK)
        .await;
    assert_eq!(typed["signature"], "not_given");
    assert!(typed["entity_name"].is_null(), "{typed}");
    assert!(
        !typed.to_string().contains("12315"),
        "the complaint stays inside"
    );
    let held = app
        .get_json(
            &format!("/api/v1/inspections/{ccode}?sig={csig}"),
            StatusCode::OK,
        )
        .await;
    assert_eq!(held["entity_name"], complaint["entity_name"]);
    // Malformed and unknown codes say so.
    let e = assert_error(
        app.get("/api/v1/inspections/J440106-2026").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    )
    .await;
    assert_eq!(e["error"]["rule"], "inspection_code.shape");
    let unknown = (0..)
        .find_map(|n| {
            app::model::InspectionCode::issue(
                &app::model::RegionCode::parse("440106").unwrap(),
                2031,
                n,
            )
        })
        .unwrap();
    assert_error(
        app.get(&format!("/api/v1/inspections/{unknown}")).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;

    // Rating: the notice's token, once.
    let rating = |token: &str| {
        json!({
            "token": token,
            "score": 2,
            "conduct": "improper",
            "showed_certificates": false,
            "comment": "未出示执法证，联系电话 13800138000",
        })
    };
    let rate = format!("/api/v1/inspections/{code}/rating");
    let post = |body: Value| app.client.post(app.url(&rate)).json(&body).send();
    let e = assert_error(
        post(rating("AAAAAAAAAAAAAAAA")).await.unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    )
    .await;
    assert_eq!(e["error"]["field"], "token");
    let mut bad = rating(&token);
    bad["score"] = json!(9);
    assert_eq!(
        post(bad).await.unwrap().status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        post(rating(&token.to_lowercase())).await.unwrap().status(),
        StatusCode::NO_CONTENT
    );
    assert_error(
        post(rating(&token)).await.unwrap(),
        StatusCode::CONFLICT,
        "conflict",
    )
    .await;
    let v = app
        .get_json(
            &format!("/api/v1/inspections/{code}?sig={sig}"),
            StatusCode::OK,
        )
        .await;
    assert_eq!(v["rated"], true);

    // The department's reviewer and the oversight see it, the phone number scrubbed.
    let reviewer = app.login("th.reviewer", DEMO_PASSWORD).await;
    let feedback = json_of(
        reviewer
            .get(&format!(
                "/api/v1/workspace/departments/{}/inspection-feedback",
                reviewer.department_id()
            ))
            .await,
        StatusCode::OK,
    )
    .await;
    let mine = feedback["ratings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == json!(code))
        .unwrap();
    assert_eq!(mine["score"], 2);
    assert!(!mine["comment"].as_str().unwrap().contains("13800138000"));
    assert_eq!(
        clerk
            .get(&format!(
                "/api/v1/workspace/departments/{}/inspection-feedback",
                clerk.department_id()
            ))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let auditor = app.login("auditor", DEMO_PASSWORD).await;
    let all = json_of(
        auditor.get("/api/v1/workspace/supervision/feedback").await,
        StatusCode::OK,
    )
    .await;
    assert!(
        all["ratings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["code"] == json!(code))
    );
}

async fn results_are_recorded_once_and_published(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    let (task, code, _, _) = a_notice(&clerk, "plan").await;
    let result = format!("{}/{}/result", inspections_path(&clerk), task["id"]);
    let e = assert_error(
        clerk
            .post(
                &result,
                json!({ "outcome": "rectify", "note": "未公示食品经营许可证" }),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    )
    .await;
    assert_eq!(e["error"]["field"], "rectify_by");
    let e = assert_error(
        clerk
            .post(
                &result,
                json!({ "outcome": "case_opened", "note": "发现过期食品", "case_code": "440106-2099-00000-0" }),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    )
    .await;
    assert_eq!(e["error"]["field"], "case_code");
    let done = json_of(
        clerk
            .post(
                &result,
                json!({ "outcome": "case_opened", "note": "发现过期食品，店主手机 13912345678" }),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(done["status"], "done");
    assert_error(
        clerk
            .post(
                &result,
                json!({ "outcome": "no_problem", "note": "再次登记" }),
            )
            .await,
        StatusCode::CONFLICT,
        "conflict",
    )
    .await;
    // Published at once with the plan, the phone number scrubbed.
    let public = app
        .get_json(
            &format!("/api/v1/spot-checks/{}", task["plan_id"]),
            StatusCode::OK,
        )
        .await;
    let row = public["task_list"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["code"] == json!(code))
        .unwrap();
    assert_eq!(row["result"]["outcome"], "case_opened");
    assert!(
        !row["result"]["note"]
            .as_str()
            .unwrap()
            .contains("13912345678")
    );
    assert_eq!(row["result"]["recorded_on"], json!(today(&app)));
    // Another department's clerk cannot reach it.
    let other = app.login("ns.clerk", DEMO_PASSWORD).await;
    assert_eq!(
        other
            .get(&format!("{}/{}", inspections_path(&other), task["id"]))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}

async fn reports_reach_supervisors_and_supervision_counts(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    app.start_a_minute();
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    let report = |description: &str| {
        json!({
            "department_id": clerk.department_id(),
            "entity_name": "广州天河某某餐饮有限公司",
            "happened_on": today(&app),
            "description": description,
            "contact": "13700000000",
        })
    };
    let send = |body: Value| {
        app.client
            .post(app.url("/api/v1/inspection-reports"))
            .json(&body)
            .send()
    };
    let e = assert_error(
        send(report("太短")).await.unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    )
    .await;
    assert_eq!(e["error"]["field"], "description");
    let created = send(report("三名自称执法人员的人进店检查，没有出示检查码"))
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    // Every report counts against the address's limit, the malformed one too.
    let again = send(report("又有人未出示检查码即进店检查，要求查看账本"))
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::CREATED);
    assert_error(
        send(report("第四次举报，同一地址一分钟内")).await.unwrap(),
        StatusCode::TOO_MANY_REQUESTS,
        "rate_limited",
    )
    .await;

    let auditor = app.login("auditor", DEMO_PASSWORD).await;
    let year = app.db.clock().today().year();
    let s = json_of(
        auditor
            .get(&format!(
                "/api/v1/workspace/supervision/inspections?year={year}"
            ))
            .await,
        StatusCode::OK,
    )
    .await;
    let th = s["departments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["department_id"] == json!(clerk.department_id()))
        .unwrap();
    // 8 + 2 drawn (2 cancelled, not counted) + 1 on a complaint.
    assert_eq!(th["inspections"], json!(9), "{th}");
    assert_eq!(th["on_plan"], json!(8));
    assert_eq!(th["reports"], json!(3), "the demo's and two more");
    assert_eq!(th["ratings"], json!(2));
    assert_eq!(th["average_score"], json!(4.5));
    assert_eq!(th["coded_share"], json!(75.0));
    assert_eq!(
        s["departments"][0]["department_id"], th["department_id"],
        "reports first"
    );
    assert_eq!(
        clerk
            .get("/api/v1/workspace/supervision/inspections")
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let feedback = json_of(
        auditor.get("/api/v1/workspace/supervision/feedback").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(feedback["reports"].as_array().unwrap().len(), 3);
    assert_eq!(feedback["reports"][0]["contact"], "13700000000");
}

async fn entity_imports_report_by_row_and_change_nothing_on_error(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    let before = json_of(
        clerk.get("/api/v1/workspace/entities?limit=1").await,
        StatusCode::OK,
    )
    .await;
    let good = uscc(3);
    let wrong = if good.ends_with('1') { '2' } else { '1' };
    let bad = format!("{}{wrong}", &good[..17]);
    let csv = format!(
        "统一社会信用代码,名称,行政区划代码,行业,风险等级\n{},好公司,440111,零售,B\n{bad},坏代码,440111,零售,B\n{},另一家,999999,零售,E\n",
        uscc(1),
        uscc(2)
    );
    let response = clerk
        .post_bytes_in("/api/v1/workspace/entities/import", &csv, "en")
        .await;
    let body = assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "validation").await;
    let errors = body["report"]["errors"].as_array().unwrap();
    assert_eq!(errors[0]["row"], 3);
    assert_eq!(errors[0]["field"], "uscc");
    assert_eq!(errors[1]["row"], 4);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("invalid")
    );
    let after = json_of(
        clerk.get("/api/v1/workspace/entities?limit=1").await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(before["total"], after["total"], "nothing imported");
    // Auditors read but do not import.
    let auditor = app.login("auditor", DEMO_PASSWORD).await;
    assert_eq!(
        auditor
            .post_bytes("/api/v1/workspace/entities/import", &csv)
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let found = json_of(
        auditor
            .get("/api/v1/workspace/entities?q=%E5%A4%A9%E6%B2%B3&region=440106&limit=5")
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(found["items"].as_array().unwrap().len(), 5);
    assert!(
        found["items"][0]["contact"].is_string(),
        "staff see contacts"
    );
}

async fn a_joint_plan_visits_each_entity_once_for_all_its_departments(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    let reviewer = app.login("th.reviewer", DEMO_PASSWORD).await;
    let partner = app.login("ns.clerk", DEMO_PASSWORD).await;
    let codes = import_entities(&clerk, "联合测试", 3).await;
    let claim = claim_on(&clerk, "JC00001000").await;
    let mut pool = pool(&clerk).await;
    pool.push(officer(&partner, "44030521000201").await);
    let today = today(&app);
    let mut body = plan_body(claim, "联合测试", &pool, &today, 2);
    body["partner_department_ids"] = json!([clerk.department_id()]);
    let e = assert_error(
        clerk.post(&plans_path(&clerk), body.clone()).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    )
    .await;
    assert_eq!(e["error"]["field"], "partner_department_ids[0]");
    body["partner_department_ids"] = json!([partner.department_id()]);
    let plan = json_of(
        clerk.post(&plans_path(&clerk), body).await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(plan["departments"].as_array().unwrap().len(), 2);
    let id = plan["id"].as_i64().unwrap();
    // The partner sees the plan but does not approve it: the lead department does.
    let theirs = format!("{}/{id}", plans_path(&partner));
    json_of(partner.get(&theirs).await, StatusCode::OK).await;
    let partner_reviewer = app.login("ns.reviewer", DEMO_PASSWORD).await;
    assert_error(
        partner_reviewer
            .post(
                &format!("{theirs}/approve"),
                json!({ "version": plan["version"] }),
            )
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    let at = |path: &str| format!("{}/{id}/{path}", plans_path(&clerk));
    let approved = json_of(
        reviewer
            .post(&at("approve"), json!({ "version": plan["version"] }))
            .await,
        StatusCode::OK,
    )
    .await;
    json_of(
        reviewer
            .post(&at("draw"), json!({ "version": approved["version"] }))
            .await,
        StatusCode::OK,
    )
    .await;
    // One visit per entity, for both departments, in both departments' lists.
    let tasks = json_of(
        partner
            .get(&format!("{}?plan={id}", inspections_path(&partner)))
            .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(tasks["total"], json!(2));
    for t in tasks["items"].as_array().unwrap() {
        assert_eq!(t["departments"].as_array().unwrap().len(), 2);
    }
    // The partner's own plan on the same entities skips those just visited.
    let partner_claim = claim_on(&partner, "JC00001000").await;
    let partner_pool = vec![
        officer(&partner, "44030521000201").await,
        officer(&partner, "44030521000202").await,
    ];
    let own = json_of(
        partner
            .post(
                &plans_path(&partner),
                plan_body(partner_claim, "联合测试", &partner_pool, &today, 1),
            )
            .await,
        StatusCode::CREATED,
    )
    .await;
    let approved = json_of(
        partner_reviewer
            .post(
                &format!("{}/{}/approve", plans_path(&partner), own["id"]),
                json!({ "version": own["version"] }),
            )
            .await,
        StatusCode::OK,
    )
    .await;
    let record = app
        .get_json(
            &format!("/api/v1/spot-checks/{}/draw", approved["id"]),
            StatusCode::OK,
        )
        .await;
    let eligible = record["input"]["entities"].as_array().unwrap();
    assert_eq!(eligible.len(), 1);
    assert!(codes.contains(&eligible[0].as_str().unwrap().to_owned()));
}

crate::on_both_backends!(
    a_joint_plan_visits_each_entity_once_for_all_its_departments,
    the_demo_draw_reruns_from_the_public_record,
    a_plan_is_drafted_approved_drawn_and_never_changed,
    conflicts_keep_inspectors_away,
    a_company_checks_the_code_and_rates_the_visit_once,
    results_are_recorded_once_and_published,
    reports_reach_supervisors_and_supervision_counts,
    entity_imports_report_by_row_and_change_nothing_on_error,
);
