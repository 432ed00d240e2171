//! The power list: master catalog, claiming rules, the review workflow, publication.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Backend, DEMO_PASSWORD, Session, TestApp, assert_error, spawn_with_demo};

async fn item_id(app: &TestApp, code: &str) -> i64 {
    let body = app
        .get_json(
            &format!("/api/v1/catalog?q={code}&status=all"),
            StatusCode::OK,
        )
        .await;
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == code)
        .unwrap()["id"]
        .as_i64()
        .unwrap()
}

fn claims_path(s: &Session<'_>) -> String {
    format!("/api/v1/workspace/departments/{}/claims", s.department_id())
}

/// Claims one item and returns the claim JSON.
async fn claim(s: &Session<'_>, item: i64) -> Value {
    let r = s.post(&claims_path(s), json!({"item_ids": [item]})).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let body: Value = r.json().await.unwrap();
    body["items"][0].clone()
}

fn details(body: &str) -> Value {
    json!({"implementing_body": body, "responsibility_steps": "立案\n调查取证\n决定", "accountability": "依法追责"})
}

async fn act(
    s: &Session<'_>,
    claim: &Value,
    action: &str,
    comment: Option<&str>,
) -> reqwest::Response {
    let path = format!("{}/{}/{action}", claims_path(s), claim["id"]);
    s.post(
        &path,
        json!({"expected_version": claim["version"], "comment": comment}),
    )
    .await
}

async fn save(s: &Session<'_>, claim: &Value, d: Value) -> reqwest::Response {
    s.put(
        &format!("{}/{}", claims_path(s), claim["id"]),
        json!({"details": d, "expected_version": claim["version"]}),
    )
    .await
}

async fn the_demo_holds_a_real_catalog_and_claims_in_every_state(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let catalog = app
        .get_json("/api/v1/catalog?limit=500", StatusCode::OK)
        .await;
    assert!(
        catalog["total"].as_i64().unwrap() >= 300,
        "{}",
        catalog["total"]
    );
    let items = catalog["items"].as_array().unwrap();
    for category in [
        "licence",
        "penalty",
        "compulsion",
        "levy",
        "benefit",
        "inspection",
        "confirmation",
        "reward",
        "adjudication",
        "other",
    ] {
        assert!(
            items.iter().any(|i| i["category"] == category),
            "no {category} item"
        );
    }
    assert!(
        items
            .iter()
            .any(|i| i["legal_basis"].as_str().unwrap().contains("食品安全法"))
    );
    let reviewer = app.login("th.reviewer", DEMO_PASSWORD).await;
    let claims: Value = reviewer
        .get(&claims_path(&reviewer))
        .await
        .json()
        .await
        .unwrap();
    let statuses: Vec<&str> = claims["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["status"].as_str().unwrap())
        .collect();
    for status in ["published", "submitted", "returned", "draft"] {
        assert!(
            statuses.contains(&status),
            "no {status} claim: {statuses:?}"
        );
    }
    let public = app
        .get_json("/api/v1/items?limit=500", StatusCode::OK)
        .await;
    assert!(public["total"].as_i64().unwrap() >= 20);
}

async fn a_clerk_claims_and_submits_a_reviewer_approves_and_the_public_sees_it(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    let reviewer = app.login("th.reviewer", DEMO_PASSWORD).await;
    let item = item_id(&app, "CF00010000").await; // 拒绝、阻挠、干涉食品安全监督检查
    let c = claim(&clerk, item).await;
    assert_eq!(c["status"], "draft");
    // Submitting an empty draft names the missing field.
    let body = assert_error(
        act(&clerk, &c, "submit", None).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    )
    .await;
    assert_eq!(body["error"]["field"], "details.implementing_body");
    let c: Value = save(&clerk, &c, details("广州市天河区市场监督管理局"))
        .await
        .json()
        .await
        .unwrap();
    let c: Value = act(&clerk, &c, "submit", None).await.json().await.unwrap();
    assert_eq!(c["status"], "submitted");

    let before = app
        .get_json(
            &format!(
                "/api/v1/items?q=CF00010000&department={}",
                clerk.department_id()
            ),
            StatusCode::OK,
        )
        .await;
    assert_eq!(before["total"], 0);
    let approved = act(&reviewer, &c, "approve", None).await;
    assert_eq!(approved.status(), StatusCode::OK);
    let c: Value = approved.json().await.unwrap();
    assert_eq!(c["status"], "published");

    let after = app
        .get_json(
            &format!(
                "/api/v1/items?q=CF00010000&department={}",
                clerk.department_id()
            ),
            StatusCode::OK,
        )
        .await;
    assert_eq!(after["total"], 1);
    let public = &after["items"][0];
    assert_eq!(
        public["details"]["implementing_body"],
        "广州市天河区市场监督管理局"
    );
    assert_eq!(
        public["item"]["legal_basis"],
        "《中华人民共和国食品安全法》第一百三十三条"
    );
    let one = app
        .get_json(
            &format!("/api/v1/items/{}", public["claim_id"]),
            StatusCode::OK,
        )
        .await;
    assert_eq!(one["department_name"], "广州市天河区市场监督管理局");
    // By city: Tianhe is in Guangzhou.
    let gz = app
        .get_json("/api/v1/items?region=440100&q=CF00010000", StatusCode::OK)
        .await;
    assert_eq!(gz["total"], 1);
    let sz = app
        .get_json("/api/v1/items?region=440300&q=CF00010000", StatusCode::OK)
        .await;
    assert_eq!(sz["total"], 0);

    let detail: Value = clerk
        .get(&format!("{}/{}", claims_path(&clerk), c["id"]))
        .await
        .json()
        .await
        .unwrap();
    let actions: Vec<&str> = detail["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["approve", "submit", "save", "create"]);
    assert_eq!(detail["history"][2]["changes"].as_array().unwrap().len(), 3);
}

async fn a_returned_claim_carries_the_reviewers_comment(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    let reviewer = app.login("th.reviewer", DEMO_PASSWORD).await;
    let c = claim(&clerk, item_id(&app, "CF00009000").await).await;
    let c: Value = save(&clerk, &c, details("天河区市场监管局"))
        .await
        .json()
        .await
        .unwrap();
    let c: Value = act(&clerk, &c, "submit", None).await.json().await.unwrap();
    assert_error(
        act(&reviewer, &c, "return", Some(" ")).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    )
    .await;
    let c: Value = act(&reviewer, &c, "return", Some("实施主体请写全称"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(c["status"], "returned");
    assert_eq!(c["review_comment"], "实施主体请写全称");
    // A returned claim is edited and resubmitted.
    let c: Value = save(&clerk, &c, details("广州市天河区市场监督管理局"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        act(&clerk, &c, "submit", None).await.status(),
        StatusCode::OK
    );
}

async fn departments_claim_only_items_of_their_tier(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await; // a county-level department
    let province_only = item_id(&app, "XK00005000").await; // 特种设备作业人员资格认定: 省级、市级
    let r = clerk
        .post(&claims_path(&clerk), json!({"item_ids": [province_only]}))
        .await;
    let body = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "validation").await;
    assert_eq!(body["error"]["field"], "item_ids[0]");
    assert_eq!(body["error"]["rule"], "claim.level", "{body}");
    assert_eq!(body["error"]["params"]["level"], "county", "{body}");
}

async fn township_departments_claim_only_township_catalog_items(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let admin = app.login("admin", DEMO_PASSWORD).await;
    let q = app
        .get_json("/api/v1/departments?q=%E8%99%8E%E9%97%A8", StatusCode::OK)
        .await; // 虎门
    let humen = q["items"][0]["id"].as_i64().unwrap();
    // A clerk for the town office.
    let r = admin
        .post(
            "/api/v1/workspace/users",
            json!({"username": "hm.clerk", "display_name": "虎门经办",
        "department_id": humen, "role": "clerk", "password": "Temp-pass-2026"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let first = app.login("hm.clerk", "Temp-pass-2026").await;
    first
        .post(
            "/api/v1/auth/password",
            json!({"current_password": "Temp-pass-2026", "new_password": "Town-pass-2026"}),
        )
        .await;
    let clerk = app.login("hm.clerk", "Town-pass-2026").await;

    let not_township = item_id(&app, "CF00001000").await;
    let r = clerk
        .post(&claims_path(&clerk), json!({"item_ids": [not_township]}))
        .await;
    let body = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "validation").await;
    assert_eq!(body["error"]["rule"], "claim.township", "{body}");
    // In bulk, one bad item stops the whole request: nothing is claimed.
    let township_item = item_id(&app, "CF00004000").await;
    let before: Value = clerk.get(&claims_path(&clerk)).await.json().await.unwrap();
    let r = clerk
        .post(
            &claims_path(&clerk),
            json!({"item_ids": [township_item, not_township]}),
        )
        .await;
    let body = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "validation").await;
    assert_eq!(body["error"]["field"], "item_ids[1]");
    let after: Value = clerk.get(&claims_path(&clerk)).await.json().await.unwrap();
    assert_eq!(before["total"], after["total"]);
    assert_eq!(
        clerk
            .post(&claims_path(&clerk), json!({"item_ids": [township_item]}))
            .await
            .status(),
        StatusCode::CREATED
    );
}

async fn one_live_claim_per_item_and_department(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    let item = item_id(&app, "CF00013000").await;
    let c = claim(&clerk, item).await;
    let body = assert_error(
        clerk
            .post(&claims_path(&clerk), json!({"item_ids": [item]}))
            .await,
        StatusCode::CONFLICT,
        "conflict",
    )
    .await;
    assert_eq!(body["error"]["field"], "item_ids[0]");
    // Withdrawn, it can be claimed again.
    assert_error(
        act(&clerk, &c, "withdraw", None).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    )
    .await;
    assert_eq!(
        act(&clerk, &c, "withdraw", Some("不再行使")).await.status(),
        StatusCode::OK
    );
    claim(&clerk, item).await;
}

async fn a_second_save_of_the_same_version_is_a_conflict(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    let colleague = app.login("th.clerk", DEMO_PASSWORD).await;
    let c = claim(&clerk, item_id(&app, "CF00015000").await).await;
    assert_eq!(
        save(&clerk, &c, details("第一个人")).await.status(),
        StatusCode::OK
    );
    let r = save(&colleague, &c, details("第二个人")).await;
    let body = assert_error(r, StatusCode::CONFLICT, "conflict").await;
    assert_eq!(body["error"]["field"], "expected_version");
    assert_eq!(body["error"]["rule"], "claim.stale", "{body}");
    assert_eq!(body["error"]["params"]["by"], "th.clerk", "{body}");
    let now: Value = clerk
        .get(&format!("{}/{}", claims_path(&clerk), c["id"]))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(now["claim"]["working"]["implementing_body"], "第一个人");
}

async fn an_adjustment_goes_live_only_when_published(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    let reviewer = app.login("th.reviewer", DEMO_PASSWORD).await;
    let c = claim(&clerk, item_id(&app, "CF00017000").await).await;
    let c: Value = save(&clerk, &c, details("旧主体"))
        .await
        .json()
        .await
        .unwrap();
    let c: Value = act(&clerk, &c, "submit", None).await.json().await.unwrap();
    let c: Value = act(&reviewer, &c, "approve", None)
        .await
        .json()
        .await
        .unwrap();
    let public_path = format!("/api/v1/items/{}", c["id"]);

    let c: Value = act(&clerk, &c, "adjust", None).await.json().await.unwrap();
    assert_eq!(c["status"], "draft");
    let c: Value = save(&clerk, &c, details("新主体"))
        .await
        .json()
        .await
        .unwrap();
    let c: Value = act(&clerk, &c, "submit", None).await.json().await.unwrap();
    let live = app.get_json(&public_path, StatusCode::OK).await;
    assert_eq!(live["details"]["implementing_body"], "旧主体");

    act(&reviewer, &c, "approve", None).await;
    let live = app.get_json(&public_path, StatusCode::OK).await;
    assert_eq!(live["details"]["implementing_body"], "新主体");
    let detail: Value = clerk
        .get(&format!("{}/{}", claims_path(&clerk), c["id"]))
        .await
        .json()
        .await
        .unwrap();
    let approve = &detail["history"][0];
    assert_eq!(approve["action"], "approve");
    assert_eq!(
        approve["changes"],
        json!([{"field": "implementing_body", "before": "旧主体", "after": "新主体"}])
    );
}

async fn retiring_an_item_flags_its_claims(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let admin = app.login("admin", DEMO_PASSWORD).await;
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    let item = item_id(&app, "CF00001000").await; // claimed by Tianhe and Nanshan in the demo
    let r = admin
        .post(
            &format!("/api/v1/workspace/catalog/{item}/retire"),
            json!({"reason": "法律修订，事项取消", "effective_date": "2026-12-01"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let retired: Value = r.json().await.unwrap();
    assert_eq!(retired["status"], "retired");
    assert_eq!(retired["version"], 2);

    let flagged: Value = admin
        .get("/api/v1/workspace/claims/flagged")
        .await
        .json()
        .await
        .unwrap();
    let on_item: Vec<&Value> = flagged["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["item"]["code"] == "CF00001000")
        .collect();
    assert_eq!(on_item.len(), 2);
    assert!(on_item.iter().all(|c| c["flag"] == "item_retired"));
    let own: Value = clerk
        .get(&format!("{}?flagged=true", claims_path(&clerk)))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(own["total"], 1);
    // A retired item cannot be claimed, and retiring twice is refused.
    let nanshan = app.login("ns.clerk", DEMO_PASSWORD).await;
    let r = nanshan
        .post(&claims_path(&nanshan), json!({"item_ids": [item]}))
        .await;
    assert!(r.status().is_client_error());
    let again = admin
        .post(
            &format!("/api/v1/workspace/catalog/{item}/retire"),
            json!({"reason": "x", "effective_date": "2026-12-01"}),
        )
        .await;
    assert_error(again, StatusCode::UNPROCESSABLE_ENTITY, "validation").await;
    let history = app
        .get_json(&format!("/api/v1/catalog/{item}"), StatusCode::OK)
        .await;
    let ops: Vec<&str> = history["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["operation"].as_str().unwrap())
        .collect();
    assert_eq!(ops, ["retire", "add"]);
}

async fn catalog_maintenance_keeps_every_version(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let admin = app.login("admin", DEMO_PASSWORD).await;
    let m = |r: &str| json!({"reason": r, "effective_date": "2026-12-01"});
    let fields = |code: &str, name: &str| {
        json!({"code": code, "name": name, "category": "penalty",
        "legal_basis": "《中华人民共和国食品安全法》第一百二十六条", "levels": ["city", "county"], "township": false})
    };

    let body = json!({"fields": fields("CF09001000", "对某违法行为的行政处罚"), "reason": "新增事项", "effective_date": "2026-12-01"});
    let r = admin.post("/api/v1/workspace/catalog", body.clone()).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let item: Value = r.json().await.unwrap();
    let dup = assert_error(
        admin.post("/api/v1/workspace/catalog", body).await,
        StatusCode::CONFLICT,
        "conflict",
    )
    .await;
    assert_eq!(dup["error"]["field"], "fields.code");
    let wrong = json!({"fields": fields("XK09001000", "错配"), "reason": "x", "effective_date": "2026-12-01"});
    let wrong = assert_error(
        admin.post("/api/v1/workspace/catalog", wrong).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    )
    .await;
    assert_eq!(wrong["error"]["field"], "fields.code");

    let mut adjust = m("条款调整");
    adjust["name"] = json!("对某违法行为的行政处罚（调整）");
    adjust["legal_basis"] = json!("《中华人民共和国食品安全法》第一百二十六条第一款");
    adjust["levels"] = json!(["province", "city", "county"]);
    adjust["township"] = json!(false);
    adjust["expected_version"] = json!(1);
    let path = format!("/api/v1/workspace/catalog/{}/adjust", item["id"]);
    let adjusted: Value = admin
        .post(&path, adjust.clone())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(adjusted["version"], 2);
    assert_error(
        admin.post(&path, adjust).await,
        StatusCode::CONFLICT,
        "conflict",
    )
    .await;

    let split = json!({"into": [fields("CF09002000", "拆分甲"), fields("CF09003000", "拆分乙")], "reason": "细化事项", "effective_date": "2026-12-01"});
    let r = admin
        .post(
            &format!("/api/v1/workspace/catalog/{}/split", item["id"]),
            split,
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let parts: Vec<Value> = r.json().await.unwrap();
    let merge = json!({"sources": [parts[0]["id"], parts[1]["id"]], "into": fields("CF09004000", "合并后"), "reason": "合并同类", "effective_date": "2026-12-01"});
    let merged = admin.post("/api/v1/workspace/catalog/merge", merge).await;
    assert_eq!(merged.status(), StatusCode::CREATED);

    let history = app
        .get_json(&format!("/api/v1/catalog/{}", item["id"]), StatusCode::OK)
        .await;
    assert_eq!(history["item"]["status"], "split");
    let versions = history["versions"].as_array().unwrap();
    let ops: Vec<&str> = versions
        .iter()
        .map(|v| v["operation"].as_str().unwrap())
        .collect();
    assert_eq!(ops, ["split", "adjust", "add"]);
    assert_eq!(
        versions[1]["fields"]["name"],
        "对某违法行为的行政处罚（调整）"
    );
    assert_eq!(versions[2]["fields"]["name"], "对某违法行为的行政处罚");
    assert_eq!(versions[0]["related"].as_array().unwrap().len(), 2);
    let part = app
        .get_json(
            &format!("/api/v1/catalog/{}", parts[0]["id"]),
            StatusCode::OK,
        )
        .await;
    assert_eq!(part["item"]["status"], "merged");
}

const CSV_HEADER: &str = "事项编码,事项名称,事项类别,设定依据,行使层级,乡镇指导目录\n";

async fn import(admin: &Session<'_>, bytes: Vec<u8>, valid_only: bool) -> reqwest::Response {
    admin
        .app
        .client
        .post(admin.app.url(&format!(
            "/api/v1/workspace/catalog/import?valid_only={valid_only}&reason=%E5%AF%BC%E5%85%A5"
        )))
        .header("cookie", &admin.cookie)
        .header("x-csrf-token", &admin.csrf)
        .header("content-type", "text/csv")
        .body(bytes)
        .send()
        .await
        .unwrap()
}

async fn an_import_with_bad_rows_reports_them_and_imports_nothing(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let admin = app.login("admin", DEMO_PASSWORD).await;
    let before = app
        .get_json("/api/v1/catalog?limit=1&status=all", StatusCode::OK)
        .await["total"]
        .as_i64()
        .unwrap();
    let text = format!(
        "{CSV_HEADER}QT08001000,导入事项甲,其他,《某条例》第一条,市级,否\n\
         QT0800X000,坏编码,其他,《某条例》第二条,市级,否\n\
         QT08002000,导入事项乙,其他,,市级,否\n\
         CF00001000,已存在,行政处罚,《食品安全法》,县级,否\n"
    );
    let r = import(&admin, text.clone().into_bytes(), false).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "validation");
    let rows: Vec<(i64, &str)> = body["report"]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["row"].as_i64().unwrap(), e["field"].as_str().unwrap()))
        .collect();
    assert_eq!(rows, [(3, "code"), (4, "legal_basis"), (5, "code")]);
    let after = app
        .get_json("/api/v1/catalog?limit=1&status=all", StatusCode::OK)
        .await["total"]
        .as_i64()
        .unwrap();
    assert_eq!(before, after);

    // Asked explicitly, the valid row goes in; a GBK file as Excel saves it is read too.
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    let r = import(&admin, gbk.into_owned(), true).await;
    assert_eq!(r.status(), StatusCode::OK);
    let report: Value = r.json().await.unwrap();
    assert_eq!(report["imported"], 1);
    assert_eq!(report["encoding"], "gb18030");
    let found = app
        .get_json("/api/v1/catalog?q=QT08001000", StatusCode::OK)
        .await;
    assert_eq!(found["items"][0]["name"], "导入事项甲");
}

async fn exports_are_csv_with_a_bom(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let r = app.get("/api/v1/catalog.csv").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("anma-catalog.csv")
    );
    let bytes = r.bytes().await.unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(text.starts_with("事项编码,事项名称,事项类别,设定依据,行使层级,乡镇指导目录,状态"));
    assert!(text.lines().count() > 300);

    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    let r = clerk.get(&format!("{}.csv", claims_path(&clerk))).await;
    let text = String::from_utf8(r.bytes().await.unwrap()[3..].to_vec()).unwrap();
    assert!(text.starts_with("部门,事项编码"));
    assert!(text.contains("广州市天河区市场监督管理局,CF00001000"));
}

async fn bad_claim_requests_are_clear(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    let base = claims_path(&clerk);
    assert_error(
        clerk.post(&base, json!({"item_ids": []})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    )
    .await;
    assert_error(
        clerk.post(&base, json!({"item_ids": [999999]})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    )
    .await;
    assert_error(
        clerk.get(&format!("{base}/999999")).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_error(
        clerk.get(&format!("{base}/abc")).await,
        StatusCode::BAD_REQUEST,
        "bad_request",
    )
    .await;
    assert_error(
        clerk.get(&format!("{base}?status=odd")).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    )
    .await;
    assert_error(
        app.get("/api/v1/items?limit=0").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    )
    .await;
    assert_error(
        app.get("/api/v1/catalog?status=odd").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    )
    .await;
    assert_error(
        app.get("/api/v1/items/999999").await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    // Another department's claim is not found through one's own department.
    let ns = app.login("ns.clerk", DEMO_PASSWORD).await;
    let theirs: Value = ns.get(&claims_path(&ns)).await.json().await.unwrap();
    let id = theirs["items"][0]["id"].as_i64().unwrap();
    assert_error(
        clerk.get(&format!("{base}/{id}")).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}

async fn xlsx_goes_out_and_comes_back_in(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let r = app.get("/api/v1/catalog.xlsx").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(r.bytes().await.unwrap().starts_with(b"PK\x03\x04"));

    // A workbook as an office clerk would make it.
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let rows = [
        [
            "事项编码",
            "事项名称",
            "事项类别",
            "设定依据",
            "行使层级",
            "乡镇指导目录",
        ],
        [
            "QT06001000",
            "表格导入事项",
            "其他",
            "《某条例》第三条",
            "市级、县级",
            "否",
        ],
        ["QT06002000", "", "其他", "《某条例》第四条", "市级", "否"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *value).unwrap();
        }
    }
    let bytes = book.save_to_buffer().unwrap();
    let admin = app.login("admin", DEMO_PASSWORD).await;
    let r = import(&admin, bytes.clone(), false).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["report"]["errors"][0]["row"], 3);
    assert_eq!(body["report"]["encoding"], "xlsx");
    let r = import(&admin, bytes, true).await;
    let report: Value = r.json().await.unwrap();
    assert_eq!(report["imported"], 1);
    let found = app
        .get_json("/api/v1/catalog?q=QT06001000", StatusCode::OK)
        .await;
    assert_eq!(found["items"][0]["levels"], json!(["city", "county"]));

    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    let r = clerk.get(&format!("{}.xlsx", claims_path(&clerk))).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .ends_with(".xlsx\"")
    );
}

async fn narrowing_an_items_tiers_flags_the_claims_that_no_longer_fit(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let admin = app.login("admin", DEMO_PASSWORD).await;
    let item = item_id(&app, "CF00002000").await; // claimed by Tianhe (county) in the demo
    let detail = app
        .get_json(&format!("/api/v1/catalog/{item}"), StatusCode::OK)
        .await;
    let body = json!({
        "name": detail["item"]["name"], "legal_basis": detail["item"]["legal_basis"],
        "levels": ["province", "city"], "township": false,
        "expected_version": detail["item"]["version"], "reason": "上收至市级", "effective_date": "2027-01-01"
    });
    let r = admin
        .post(&format!("/api/v1/workspace/catalog/{item}/adjust"), body)
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let flagged: Value = admin
        .get("/api/v1/workspace/claims/flagged")
        .await
        .json()
        .await
        .unwrap();
    let on_item: Vec<&Value> = flagged["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["item"]["code"] == "CF00002000")
        .collect();
    assert_eq!(on_item.len(), 1);
    assert_eq!(on_item[0]["flag"], "item_adjusted");
}

async fn overlong_fields_and_formula_text_are_handled(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    let c = claim(&clerk, item_id(&app, "CF00019000").await).await;
    let long = "步".repeat(10_001);
    let r = save(
        &clerk,
        &c,
        json!({"implementing_body": "x", "accountability": long}),
    )
    .await;
    let body = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "validation").await;
    assert_eq!(body["error"]["field"], "details.accountability");
    let ok = save(
        &clerk,
        &c,
        json!({"implementing_body": "=HYPERLINK(\"http://x\")"}),
    )
    .await;
    assert_eq!(ok.status(), StatusCode::OK);
    let csv = clerk
        .get(&format!("{}.csv", claims_path(&clerk)))
        .await
        .bytes()
        .await
        .unwrap();
    let text = String::from_utf8(csv[3..].to_vec()).unwrap();
    assert!(text.contains("'=HYPERLINK"));
    assert_eq!(
        clerk
            .get(&format!("{}.xlsx", claims_path(&clerk)))
            .await
            .status(),
        StatusCode::OK
    );
}

crate::on_both_backends!(
    narrowing_an_items_tiers_flags_the_claims_that_no_longer_fit,
    overlong_fields_and_formula_text_are_handled,
    xlsx_goes_out_and_comes_back_in,
    the_demo_holds_a_real_catalog_and_claims_in_every_state,
    a_clerk_claims_and_submits_a_reviewer_approves_and_the_public_sees_it,
    a_returned_claim_carries_the_reviewers_comment,
    departments_claim_only_items_of_their_tier,
    township_departments_claim_only_township_catalog_items,
    one_live_claim_per_item_and_department,
    a_second_save_of_the_same_version_is_a_conflict,
    an_adjustment_goes_live_only_when_published,
    retiring_an_item_flags_its_claims,
    catalog_maintenance_keeps_every_version,
    an_import_with_bad_rows_reports_them_and_imports_nothing,
    exports_are_csv_with_a_bom,
    bad_claim_requests_are_clear,
);
