//! One case, one code: officers, registering and issuing decisions, case codes,
//! signatures, QR codes, verification, status changes and the lookup limit.

use reqwest::StatusCode;
use serde_json::{Value, json};

use app::model::{
    CaseCode, PenaltyType, SignedDecision, Verification, base32, case_code::SERIALS_PER_YEAR,
    signature,
};
use server::config::{LookupConfig, ServeConfig};

use crate::helpers::{
    Backend, DEMO_PASSWORD, Session, TestApp, assert_error, claim_on, officer, spawn_with_config,
    spawn_with_demo,
};

pub async fn penalty(s: &Session<'_>, document_number: &str) -> Value {
    json!({
        "document_number": document_number,
        "claim_id": claim_on(s, "CF00003000").await,
        "kind": "penalty",
        "procedure": "ordinary",
        "party_kind": "person",
        "party_name": "赵小龙",
        "party_id_number": "11010519491231002X",
        "facts": "当事人销售超过保质期的食品，住址广州市天河区某路1号，电话13800138000。",
        "legal_basis": "《中华人民共和国食品安全法》第一百二十四条",
        "result": "罚款人民币10,000元。",
        "penalty_types": ["fine"],
        "amount_fen": 1_000_000,
        "decision_date": "2026-03-02",
        "major": false,
        "officer_ids": [officer(s, "44010621000101").await, officer(s, "44010621000102").await],
    })
}

pub fn decisions(s: &Session<'_>) -> String {
    format!(
        "/api/v1/workspace/departments/{}/decisions",
        s.department_id()
    )
}

pub async fn register(s: &Session<'_>, body: &Value) -> Value {
    let response = s.post(&decisions(s), body.clone()).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    response.json().await.unwrap()
}

pub async fn act(s: &Session<'_>, d: &Value, action: &str, body: Value) -> reqwest::Response {
    let mut body = body;
    body["expected_version"] = d["version"].clone();
    s.post(&format!("{}/{}/{action}", decisions(s), d["id"]), body)
        .await
}

pub async fn issue(s: &Session<'_>, d: &Value) -> Value {
    let response = act(s, d, "issue", json!({})).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

/// The code and signature from a decision's verify URL.
pub fn code_and_sig(d: &Value) -> (String, String) {
    let url = d["verify_url"].as_str().unwrap();
    let mut parts = url.rsplit('/');
    let sig = parts.next().unwrap().to_owned();
    let code = parts.next().unwrap().to_owned();
    (code, sig)
}

pub async fn verify(app: &TestApp, code: &str, sig: Option<&str>) -> reqwest::Response {
    let path = match sig {
        Some(sig) => format!("/api/v1/verify/{code}?sig={sig}"),
        None => format!("/api/v1/verify/{code}"),
    };
    app.get(&path).await
}

async fn a_clerk_registers_and_issues_and_the_signature_verifies(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    let d = register(&clerk, &penalty(&clerk, "穗天市监罚[2026]101号").await).await;
    assert_eq!(d["status"], "draft");
    assert_eq!(d["document_number"], "穗天市监罚〔2026〕101号");
    assert!(d["case_code"].is_null());
    // A draft has no QR code.
    assert_error(
        clerk
            .get(&format!("{}/{}/qr.png", decisions(&clerk), d["id"]))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    )
    .await;

    let d = issue(&clerk, &d).await;
    assert_eq!(d["status"], "issued");
    let code = CaseCode::parse(d["case_code"].as_str().unwrap()).unwrap();
    assert_eq!(code.region().as_str(), "440106");
    assert_eq!(code.year(), 2026);
    assert!(code.catches_every_swap());
    let url = d["verify_url"].as_str().unwrap();
    assert!(url.starts_with(&format!("HTTP://{}/V/{code}/", app.addr).to_uppercase()[..20]));
    let (_, sig) = code_and_sig(&d);
    assert_eq!(sig.len(), 103);

    // The QR code: SVG and PNG, version 6 or less.
    for ext in ["svg", "png"] {
        let response = clerk
            .get(&format!("{}/{}/qr.{ext}", decisions(&clerk), d["id"]))
            .await;
        assert_eq!(response.status(), StatusCode::OK);
        let version: i32 = response.headers()["x-qr-version"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=6).contains(&version), "QR version {version}");
        let bytes = response.bytes().await.unwrap();
        match ext {
            "svg" => assert!(bytes.starts_with(b"<svg")),
            _ => assert!(bytes.starts_with(b"\x89PNG")),
        }
    }

    // The document's holder: the signature matches, the full summary is shown.
    let response = verify(&app, code.as_str(), Some(&sig)).await;
    assert_eq!(response.status(), StatusCode::OK);
    let text = response.text().await.unwrap();
    assert!(
        !text.contains("11010519491231002X"),
        "identity number leaked: {text}"
    );
    assert!(!text.contains("赵小龙"), "unmasked name leaked: {text}");
    let v: Verification = serde_json::from_str(&text).unwrap();
    assert_eq!(v.status, app::model::DecisionStatus::Issued);
    assert_eq!(v.signature, app::model::SignatureCheck::Valid);
    let listed = v.facts.listed.clone().expect("the holder sees the details");
    assert_eq!(listed.party_name, "赵**");
    assert_eq!(listed.officers, ["44010621000101", "44010621000102"]);
    let signed: SignedDecision = v.signed.clone().unwrap();
    assert_eq!(signed.penalty_types, [PenaltyType::Fine]);
    assert_eq!(signed.amount_fen, Some(1_000_000));

    // As the browser does it: the signed bytes checked against /api/v1/keys.
    let keys = app.get_json("/api/v1/keys", StatusCode::OK).await;
    let key = keys["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["id"] == signed.key_id.as_str())
        .unwrap();
    let public = signature::from_hex(key["public_key"].as_str().unwrap()).unwrap();
    let raw = base32::decode(&sig).unwrap();
    assert!(signature::verify(&public, &signed.canonical_bytes(), &raw));

    // A typed-in code: public facts only.
    let v: Verification = verify(&app, code.as_str(), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v.signature, app::model::SignatureCheck::NotGiven);
    assert!(v.signed.is_none());

    // Someone changes the record in the database: the signature no longer matches.
    sqlx::query("UPDATE decisions SET amount_fen = 100 WHERE case_code = $1")
        .bind(code.as_str())
        .execute(app.db.pool())
        .await
        .unwrap();
    let v: Verification = verify(&app, code.as_str(), Some(&sig))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v.signature, app::model::SignatureCheck::Mismatch);
    assert!(v.signed.is_none(), "no summary without a valid signature");
    // A forged signature is a mismatch too.
    let forged = base32::encode(&[7u8; 64]);
    let v: Verification = verify(&app, code.as_str(), Some(&forged))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v.signature, app::model::SignatureCheck::Mismatch);
}

async fn revoking_and_changing_show_at_once_and_are_audited(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    let reviewer = app.login("th.reviewer", DEMO_PASSWORD).await;
    let first = issue(
        &clerk,
        &register(&clerk, &penalty(&clerk, "穗天市监罚〔2026〕201号").await).await,
    )
    .await;
    let second = issue(
        &clerk,
        &register(&clerk, &penalty(&clerk, "穗天市监罚〔2026〕202号").await).await,
    )
    .await;
    let third = issue(
        &clerk,
        &register(&clerk, &penalty(&clerk, "穗天市监罚〔2026〕203号").await).await,
    )
    .await;

    // A reason is required.
    assert_error(
        act(&clerk, &first, "revoke", json!({"reason": " "})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    )
    .await;
    let revoked: Value = act(
        &reviewer,
        &first,
        "revoke",
        json!({"reason": "认定事实的证据不足，依法撤销。"}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(revoked["status"], "revoked");
    let v: Verification = verify(&app, first["case_code"].as_str().unwrap(), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v.status, app::model::DecisionStatus::Revoked);
    let change = v.status_change.unwrap();
    // It was never published, so no withdrawal notice makes its reason public: a typed-in
    // code learns the verdict and the date only.
    assert_eq!(change.reason, None);
    assert!(change.at <= app.db.clock().now());
    // The signature of a revoked decision still matches: it is genuine, and revoked.
    let (code, sig) = code_and_sig(&first);
    let v: Verification = verify(&app, &code, Some(&sig)).await.json().await.unwrap();
    assert_eq!(v.signature, app::model::SignatureCheck::Valid);
    assert_eq!(
        v.status_change.unwrap().reason.as_deref(),
        Some("认定事实的证据不足，依法撤销。"),
        "the document's holder reads the reason"
    );
    assert_eq!(v.status, app::model::DecisionStatus::Revoked);
    // Revoked once is final.
    assert_error(
        act(
            &clerk,
            &revoked,
            "revoke",
            json!({"reason": "再次撤销试试"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    )
    .await;

    // A change must name another issued decision of the department.
    for bad in [
        second["case_code"].clone(),
        json!("440106-2026-00001-Q"),
        json!("nonsense"),
    ] {
        let response = act(
            &clerk,
            &second,
            "change",
            json!({"reason": "复议变更罚款数额", "new_case_code": bad}),
        )
        .await;
        assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "validation").await;
    }
    let changed: Value = act(
        &clerk,
        &second,
        "change",
        json!({"reason": "复议变更罚款数额", "new_case_code": third["case_code"]}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(changed["status"], "changed");
    let v: Verification = verify(&app, second["case_code"].as_str().unwrap(), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v.status, app::model::DecisionStatus::Changed);
    assert_eq!(
        v.status_change.unwrap().new_case_code.unwrap().as_str(),
        third["case_code"].as_str().unwrap()
    );

    let admin = app.login("admin", DEMO_PASSWORD).await;
    let audit: Value = admin
        .get("/api/v1/workspace/audit?entity=decision")
        .await
        .json()
        .await
        .unwrap();
    let actions: Vec<&str> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    for action in [
        "decision.register",
        "decision.issue",
        "decision.revoked",
        "decision.changed",
    ] {
        assert!(
            actions.contains(&action),
            "{action} not audited: {actions:?}"
        );
    }
}

async fn every_rule_of_registration_is_enforced(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    let ns = app.login("ns.clerk", DEMO_PASSWORD).await;
    let good = penalty(&clerk, "穗天市监罚〔2026〕301号").await;
    let expired = officer(&clerk, "44010621000104").await; // valid until 2025-12-31
    let suspended = officer(&clerk, "44010621000105").await;
    let nanshan_claim = claim_on(&ns, "CF00003000").await;
    let nanshan_officer = officer(&ns, "44030521000201").await;
    let first = good["officer_ids"][0].clone();
    let cases: Vec<(Value, &str)> = vec![
        (json!({"document_number": "天河2026-1"}), "document_number"),
        (
            json!({"document_number": "穗天市监罚〔2026〕0301号"}),
            "document_number",
        ),
        (
            json!({"document_number": "穗天市监罚〔2025〕301号"}),
            "document_number",
        ),
        (json!({"decision_date": "2999-01-01"}), "decision_date"),
        (
            json!({"party_id_number": "110105194912310021"}),
            "party_id_number",
        ),
        (
            json!({"party_kind": "organisation", "party_uscc": "91350100M000100Y44"}),
            "party_uscc",
        ),
        (json!({"officer_ids": [first]}), "officer_ids"),
        (json!({"officer_ids": [first, expired]}), "officer_ids[1]"),
        (json!({"officer_ids": [first, suspended]}), "officer_ids[1]"),
        (
            json!({"officer_ids": [first, nanshan_officer]}),
            "officer_ids[1]",
        ),
        (json!({"claim_id": nanshan_claim}), "claim_id"),
        (
            json!({"kind": "licence", "penalty_types": [], "amount_fen": null}),
            "kind",
        ),
        (json!({"amount_fen": null}), "amount_fen"),
        (json!({"procedure": "simple"}), "procedure"),
        (json!({"facts": ""}), "facts"),
    ];
    for (patch, field) in cases {
        let mut body = good.clone();
        for (k, v) in patch.as_object().unwrap() {
            body[k] = v.clone();
        }
        let response = clerk.post(&decisions(&clerk), body).await;
        let error = assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "validation").await;
        assert_eq!(error["error"]["field"], field, "{patch}: {error}");
    }
    // A pilot credit code that fails the check is accepted only with a recorded reason.
    let mut body = good.clone();
    body["party_kind"] = json!("organisation");
    body["party_name"] = json!("某试点企业");
    body["party_uscc"] = json!("91350100M000100Y44");
    body["uscc_override_reason"] = json!("早期试点代码，经登记机关书面核实");
    let d = register(&clerk, &body).await;
    assert_eq!(
        d["uscc_override_reason"],
        "早期试点代码，经登记机关书面核实"
    );
    // One document number, once.
    let response = clerk.post(&decisions(&clerk), body).await;
    assert_error(response, StatusCode::CONFLICT, "conflict").await;
    // Nothing else was written.
    let list: Value = clerk.get(&decisions(&clerk)).await.json().await.unwrap();
    assert_eq!(
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["document_number"].as_str().unwrap().contains("301号"))
            .count(),
        1
    );
}

async fn a_major_decision_is_issued_only_after_legal_review(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    let reviewer = app.login("th.reviewer", DEMO_PASSWORD).await;
    let mut body = penalty(&clerk, "穗天市监罚〔2026〕401号").await;
    body["major"] = json!(true);
    let d = register(&clerk, &body).await;
    let e = assert_error(
        act(&clerk, &d, "issue", json!({})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    )
    .await;
    assert_eq!(e["error"]["field"], "legal_review");
    // Clerks do not review.
    assert_eq!(
        act(
            &clerk,
            &d,
            "review",
            json!({"approve": true, "opinion": "同意"})
        )
        .await
        .status(),
        StatusCode::FORBIDDEN
    );
    let returned: Value = act(
        &reviewer,
        &d,
        "review",
        json!({"approve": false, "opinion": "请补充听证告知材料。"}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(returned["review_comment"], "请补充听证告知材料。");
    assert_error(
        act(&clerk, &d, "issue", json!({})).await,
        StatusCode::CONFLICT,
        "conflict",
    )
    .await;
    assert!(returned["legal_review"].is_null());
    let reviewed: Value = act(
        &reviewer,
        &returned,
        "review",
        json!({"approve": true, "opinion": "事实清楚，程序合法。"}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(reviewed["legal_review"]["reviewer"], "th.reviewer");
    // Editing after the review voids it.
    let mut edited = body.clone();
    edited["facts"] = json!("修改后的事实。");
    let saved: Value = clerk
        .put(
            &format!("{}/{}", decisions(&clerk), reviewed["id"]),
            json!({"decision": edited, "expected_version": reviewed["version"]}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert!(saved["legal_review"].is_null(), "{saved}");
    let reviewed: Value = act(
        &reviewer,
        &saved,
        "review",
        json!({"approve": true, "opinion": "同意。"}),
    )
    .await
    .json()
    .await
    .unwrap();
    let issued = issue(&clerk, &reviewed).await;
    assert_eq!(issued["status"], "issued");
    // Issued once is final; a stale version is a conflict.
    assert_error(
        act(&clerk, &reviewed, "issue", json!({})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    )
    .await;
}

async fn concurrent_issues_get_distinct_codes_without_gaps(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    let mut drafts = Vec::new();
    for n in 0..12 {
        drafts.push(
            register(
                &clerk,
                &penalty(&clerk, &format!("穗天市监罚〔2026〕{}号", 500 + n)).await,
            )
            .await,
        );
    }
    let issued =
        futures_util::future::join_all(drafts.iter().map(|d| act(&clerk, d, "issue", json!({}))))
            .await;
    let mut codes = Vec::new();
    for response in issued {
        assert_eq!(response.status(), StatusCode::OK);
        let d: Value = response.json().await.unwrap();
        codes.push(d["case_code"].as_str().unwrap().to_owned());
    }
    let mut distinct = codes.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), codes.len(), "duplicate codes: {codes:?}");
    // No gaps: the codes are exactly the region's next serials of 2026 after the demo's,
    // through this deployment's keyed permutation.
    let region = app::model::RegionCode::parse("440106").unwrap();
    let last: i64 = sqlx::query_scalar(
        "SELECT last FROM case_code_counters WHERE region_code = '440106' AND year = 2026",
    )
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    let all: Vec<String> =
        sqlx::query_scalar("SELECT case_code FROM decisions WHERE case_code LIKE '440106-2026-%'")
            .fetch_all(app.db.pool())
            .await
            .unwrap();
    let keys = app.keys().await;
    let expected: Vec<String> = (1..=last as u64)
        .filter_map(|n| keys.serials().serial("440106", 2026, n))
        .filter_map(|serial| CaseCode::issue(&region, 2026, serial).map(|c| c.to_string()))
        .collect();
    let mut all = all;
    all.sort();
    let mut expected = expected;
    expected.sort();
    assert_eq!(all, expected);
    assert!((last as u64) < SERIALS_PER_YEAR);
}

async fn typed_lookups_are_limited_per_address(backend: Backend) {
    let config = ServeConfig {
        lookups: LookupConfig {
            lookups_per_minute: 3,
            ..LookupConfig::default()
        },
        ..ServeConfig::default()
    };
    let app = spawn_with_config(backend, config).await;
    server::seed::demo(&app.db, &app.keys().await)
        .await
        .unwrap();
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    let d = issue(
        &clerk,
        &register(&clerk, &penalty(&clerk, "穗天市监罚〔2026〕601号").await).await,
    )
    .await;
    let (code, sig) = code_and_sig(&d);
    app.start_a_minute();
    // A typo is a 422 and still counts.
    assert_error(
        verify(&app, "440106-2026-00001-0", None).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    )
    .await;
    assert_error(
        verify(&app, "440106-2026-00002-Q", None).await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_eq!(verify(&app, &code, None).await.status(), StatusCode::OK);
    let limited = verify(&app, &code, None).await;
    assert!(limited.headers().contains_key("retry-after"));
    assert_error(limited, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    // The document's holder is not limited; a made-up signature is.
    assert_eq!(
        verify(&app, &code, Some(&sig)).await.status(),
        StatusCode::OK
    );
    let forged = base32::encode(&[1u8; 64]);
    assert_eq!(
        verify(&app, &code, Some(&forged)).await.status(),
        StatusCode::TOO_MANY_REQUESTS
    );
}

async fn officers_are_kept_by_their_department_and_looked_up_by_anyone(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    let path = crate::helpers::officers_path(&clerk);
    let body = json!({
        "name": "刘洋", "certificate_number": "4401 0621 000199", "field": "市场监管",
        "valid_from": "2026-01-01", "valid_until": "2030-12-31"
    });
    let response = clerk.post(&path, body.clone()).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let o: Value = response.json().await.unwrap();
    assert_eq!(o["certificate_number"], "44010621000199");
    assert_eq!(o["status"], "active");
    assert_error(
        clerk.post(&path, body.clone()).await,
        StatusCode::CONFLICT,
        "conflict",
    )
    .await;
    let mut bad = body.clone();
    bad["valid_until"] = json!("2025-01-01");
    let e = assert_error(
        clerk.post(&path, bad).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    )
    .await;
    assert_eq!(e["error"]["field"], "valid_until");

    let public = app
        .get_json("/api/v1/officers/44010621000199", StatusCode::OK)
        .await;
    assert_eq!(public["name"], "刘洋");
    assert_eq!(public["department_name"], "广州市天河区市场监督管理局");
    assert_eq!(public["valid_today"], true);
    // Suspending shows at once.
    let mut suspended = body.clone();
    suspended["status"] = json!("suspended");
    let response = clerk.put(&format!("{path}/{}", o["id"]), suspended).await;
    assert_eq!(response.status(), StatusCode::OK);
    let public = app
        .get_json("/api/v1/officers/44010621000199", StatusCode::OK)
        .await;
    assert_eq!(public["valid_today"], false);
    assert_error(
        app.get("/api/v1/officers/99999999").await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_error(
        app.get("/api/v1/officers/x").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    )
    .await;
    // Another department's clerk cannot edit it.
    let ns = app.login("ns.clerk", DEMO_PASSWORD).await;
    assert_eq!(
        ns.put(&format!("{path}/{}", o["id"]), body).await.status(),
        StatusCode::FORBIDDEN
    );
}

async fn the_demo_holds_decisions_in_every_state(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    let list: Value = clerk.get(&decisions(&clerk)).await.json().await.unwrap();
    let items = list["items"].as_array().unwrap();
    for status in ["draft", "issued", "revoked", "changed"] {
        assert!(
            items.iter().any(|d| d["status"] == status),
            "no {status} decision"
        );
    }
    // The example `anma seed --demo` offers to try.
    let (first, _) = server::seed::demo_example(&app.db).await.unwrap().unwrap();
    let v: Verification = verify(&app, first.as_str(), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v.status, app::model::DecisionStatus::Issued);
    assert_eq!(v.facts.document_number, "穗天市监罚〔2026〕15号");
    // Persons are masked everywhere in public answers.
    for d in items.iter().filter(|d| !d["case_code"].is_null()) {
        let text = verify(&app, d["case_code"].as_str().unwrap(), None)
            .await
            .text()
            .await
            .unwrap();
        for secret in ["张三丰", "440106198503120015", "欧阳娜娜", "李四"] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
    }
}

async fn lists_stored_as_text_before_0009_read_the_same_after_it(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    let mut body = penalty(&clerk, "穗天市监罚〔2026〕960号").await;
    body["penalty_types"] = json!(["fine", "warning"]);
    let d = issue(&clerk, &register(&clerk, &body).await).await;
    let (code, sig) = code_and_sig(&d);
    // The row as migrations 0004-0008 wrote it: comma-joined text.
    sqlx::query(
        "UPDATE decisions SET penalty_types = 'warning,fine', \
         issued_officers = '44010621000101,44010621000102' WHERE id = $1",
    )
    .bind(d["id"].as_i64().unwrap())
    .execute(app.db.pool())
    .await
    .unwrap();
    let migration = match backend {
        Backend::Sqlite => include_str!("../../migrations/sqlite/0009_json_lists.sql"),
        Backend::Postgres => include_str!("../../migrations/postgres/0009_json_lists.sql"),
    };
    sqlx::raw_sql(migration)
        .execute(app.db.pool())
        .await
        .unwrap();
    let stored: (String, String) =
        sqlx::query_as("SELECT penalty_types, issued_officers FROM decisions WHERE id = $1")
            .bind(d["id"].as_i64().unwrap())
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(stored.0, r#"["warning","fine"]"#);
    assert_eq!(stored.1, r#"["44010621000101","44010621000102"]"#);
    // The signature still matches what was signed, and the workspace reads the row.
    let v: Verification = verify(&app, &code, Some(&sig)).await.json().await.unwrap();
    assert_eq!(v.signature, app::model::SignatureCheck::Valid);
    let again: Value = clerk
        .get(&format!("{}/{}", decisions(&clerk), d["id"]))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again["penalty_types"], json!(["warning", "fine"]));
}

crate::on_both_backends!(
    a_clerk_registers_and_issues_and_the_signature_verifies,
    revoking_and_changing_show_at_once_and_are_audited,
    every_rule_of_registration_is_enforced,
    a_major_decision_is_issued_only_after_legal_review,
    concurrent_issues_get_distinct_codes_without_gaps,
    typed_lookups_are_limited_per_address,
    officers_are_kept_by_their_department_and_looked_up_by_anyone,
    the_demo_holds_decisions_in_every_state,
    lists_stored_as_text_before_0009_read_the_same_after_it,
);
