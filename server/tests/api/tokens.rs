//! API tokens for departments' case systems: created by the department's reviewer, sent
//! as a bearer token without session or CSRF token, held to their scopes and department.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::cases::{decisions, penalty};
use crate::helpers::{
    Backend, DEMO_PASSWORD, Finish, Session, TestApp, assert_error, officers_path, spawn_with_demo,
};

pub fn tokens_path(s: &Session<'_>) -> String {
    format!("/api/v1/workspace/departments/{}/tokens", s.department_id())
}

pub async fn create(s: &Session<'_>, scopes: &[&str]) -> Value {
    let expires = s.app.db.clock().today().plus_days(365);
    let response = s
        .post(
            &tokens_path(s),
            json!({ "name": "天河区执法办案系统", "scopes": scopes, "expires_on": expires }),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    response.json().await.unwrap()
}

pub fn bearer(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    secret: &str,
) -> reqwest::RequestBuilder {
    app.client
        .request(method, app.url(path))
        .header("authorization", format!("Bearer {secret}"))
}

async fn a_token_acts_for_its_department_within_its_scopes(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let reviewer = app.login("th.reviewer", DEMO_PASSWORD).await;
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    // Clerks do not make tokens; another department's reviewer cannot make ours.
    let other = app.login("ns.reviewer", DEMO_PASSWORD).await;
    let expires = app.db.clock().today().plus_days(30);
    let body = json!({ "name": "某系统", "scopes": ["decisions:read"], "expires_on": expires });
    assert_eq!(
        clerk
            .post(&tokens_path(&clerk), body.clone())
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        other
            .post(&tokens_path(&reviewer), body.clone())
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let mut late = body.clone();
    late["expires_on"] = json!(app.db.clock().today().plus_days(1000));
    let e = assert_error(
        reviewer.post(&tokens_path(&reviewer), late).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    )
    .await;
    assert_eq!(e["error"]["field"], "expires_on");

    let created = create(&reviewer, &["decisions:read", "decisions:write"]).await;
    let secret = created["secret"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("anma_") && secret.len() == 69);
    // Listed without its secret.
    let list: Value = reviewer
        .get(&tokens_path(&reviewer))
        .await
        .json()
        .await
        .unwrap();
    assert!(!list.to_string().contains(&secret[5..]));
    assert_eq!(
        list["items"][0]["scopes"],
        json!(["decisions:read", "decisions:write"])
    );

    // With the bearer token alone, no cookie and no CSRF token: the department's decisions.
    let path = decisions(&clerk);
    let listed = bearer(&app, reqwest::Method::GET, &path, &secret)
        .send()
        .await
        .unwrap();
    assert_eq!(listed.status(), StatusCode::OK);
    let year = app.db.clock().today().year();
    let draft = penalty(&clerk, &format!("穗天市监罚〔{year}〕9301号")).await;
    let registered = bearer(&app, reqwest::Method::POST, &path, &secret)
        .json(&draft)
        .send()
        .await
        .unwrap();
    assert_eq!(registered.status(), StatusCode::CREATED);
    let registered: Value = registered.json().await.unwrap();
    // Audited under the token's name.
    let admin = app.login("admin", DEMO_PASSWORD).await;
    let audit: Value = admin
        .get("/api/v1/workspace/audit?action=decision.register&limit=5")
        .await
        .json()
        .await
        .unwrap();
    let entry = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["entity_id"] == json!(registered["id"].to_string()))
        .unwrap();
    assert_eq!(entry["username"], "token:天河区执法办案系统");
    let last_used: Value = reviewer
        .get(&tokens_path(&reviewer))
        .await
        .json()
        .await
        .unwrap();
    assert!(last_used["items"][0]["last_used_at"].is_string());

    // Never another department's data, never a route outside its scopes.
    let theirs = format!(
        "/api/v1/workspace/departments/{}/decisions",
        other.department_id()
    );
    let e = assert_error(
        bearer(&app, reqwest::Method::GET, &theirs, &secret)
            .send()
            .await
            .unwrap(),
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_eq!(e["error"]["rule"], "auth.own_department");
    // The officers are readable (a decision names them by id), not writable.
    let officers = bearer(&app, reqwest::Method::GET, &officers_path(&clerk), &secret)
        .send()
        .await
        .unwrap();
    assert_eq!(officers.status(), StatusCode::OK);
    let add = bearer(&app, reqwest::Method::POST, &officers_path(&clerk), &secret)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    let e = assert_error(add, StatusCode::FORBIDDEN, "forbidden").await;
    assert_eq!(e["error"]["rule"], "auth.token_scope");
    for path in [
        "/api/v1/workspace/overview".to_owned(),
        format!(
            "/api/v1/workspace/departments/{}/claims",
            clerk.department_id()
        ),
        tokens_path(&clerk),
    ] {
        let response = bearer(&app, reqwest::Method::GET, &path, &secret)
            .send()
            .await
            .unwrap();
        let e = assert_error(response, StatusCode::FORBIDDEN, "forbidden").await;
        assert_eq!(e["error"]["rule"], "auth.token_scope", "{path}");
    }
    // A read-only token cannot write.
    let reader = create(&reviewer, &["decisions:read"]).await;
    let mut another = draft.clone();
    another["document_number"] = json!(format!("穗天市监罚〔{year}〕9302号"));
    let refused = bearer(
        &app,
        reqwest::Method::POST,
        &path,
        reader["secret"].as_str().unwrap(),
    )
    .json(&another)
    .send()
    .await
    .unwrap();
    assert_error(refused, StatusCode::FORBIDDEN, "forbidden").await;

    // Revoked, it stops at once; unknown and malformed tokens are 401 alike.
    let revoke = format!("{}/{}/revoke", tokens_path(&reviewer), created["id"]);
    assert_eq!(
        reviewer.post(&revoke, json!({})).await.status(),
        StatusCode::OK
    );
    assert_error(
        reviewer.post(&revoke, json!({})).await,
        StatusCode::CONFLICT,
        "conflict",
    )
    .await;
    for secret in [
        secret.clone(),
        format!("anma_{}", "0".repeat(64)),
        "anma_short".into(),
    ] {
        let response = bearer(&app, reqwest::Method::GET, &path, &secret)
            .send()
            .await
            .unwrap();
        assert_error(response, StatusCode::UNAUTHORIZED, "unauthenticated").await;
    }
    // Past its last day (China time) it is refused too.
    let reader_secret = reader["secret"].as_str().unwrap().to_owned();
    let ok = bearer(&app, reqwest::Method::GET, &path, &reader_secret)
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    let after = reader["expires_on"].as_str().unwrap();
    let next_day = app::model::Date::parse(after).unwrap().plus_days(1);
    app.db
        .clock()
        .set_utc(&format!("{next_day}T01:00:00Z"))
        .unwrap();
    let expired = bearer(&app, reqwest::Method::GET, &path, &reader_secret)
        .send()
        .await
        .unwrap();
    assert_error(expired, StatusCode::UNAUTHORIZED, "unauthenticated").await;
}

async fn the_command_line_makes_lists_and_revokes_tokens(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    let config = app.database_config();
    let out = crate::helpers::anma(&config)
        .args([
            "token",
            "add",
            "--department",
            &clerk.department_id().to_string(),
        ])
        .args([
            "--name",
            "办案系统",
            "--scopes",
            "decisions:read,officers:write",
        ])
        .finish()
        .await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let secret = stdout.trim_end_matches('\n');
    assert!(
        secret.starts_with("anma_") && !secret.contains(char::is_whitespace),
        "{stdout:?}"
    );
    let response = bearer(&app, reqwest::Method::GET, &officers_path(&clerk), secret)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let listed = crate::helpers::anma(&config)
        .args(["token", "list"])
        .finish()
        .await;
    let listed = String::from_utf8(listed.stdout).unwrap();
    assert!(listed.contains("办案系统") && listed.contains("decisions:read,officers:write"));
    assert!(!listed.contains(&secret[5..]));
    let id = listed.split_whitespace().next().unwrap();
    let bad = crate::helpers::anma(&config)
        .args([
            "token",
            "add",
            "--department",
            "1",
            "--name",
            "x",
            "--scopes",
            "everything",
        ])
        .finish()
        .await;
    assert!(!bad.status.success());
    let revoked = crate::helpers::anma(&config)
        .args(["token", "revoke", id])
        .finish()
        .await;
    assert!(revoked.status.success());
    let response = bearer(&app, reqwest::Method::GET, &officers_path(&clerk), secret)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

async fn a_case_system_registers_and_issues_in_one_retryable_call(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let reviewer = app.login("th.reviewer", DEMO_PASSWORD).await;
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    let created = create(&reviewer, &["decisions:write"]).await;
    let secret = created["secret"].as_str().unwrap().to_owned();
    let path = decisions(&clerk);
    let year = app.db.clock().today().year();
    let mut body = penalty(&clerk, &format!("穗天市监罚〔{year}〕9401号")).await;
    body["decision_date"] = json!(app.db.clock().today());
    body["issue"] = json!(true);
    let send = |body: &Value, key: &str| {
        bearer(&app, reqwest::Method::POST, &path, &secret)
            .header("idempotency-key", key)
            .json(body)
            .send()
    };
    let first = send(&body, "case-2026-0001").await.unwrap();
    assert_eq!(first.status(), StatusCode::CREATED);
    let first: Value = first.json().await.unwrap();
    assert_eq!(first["status"], "issued");
    let code = first["case_code"].as_str().unwrap().to_owned();
    assert!(first["verify_url"].as_str().unwrap().contains(&code));
    assert!(first["signature"].is_string());
    // A retry (the answer was lost) gets the same decision and code, not a second one.
    let again = send(&body, "case-2026-0001").await.unwrap();
    assert_eq!(again.status(), StatusCode::CREATED);
    let again: Value = again.json().await.unwrap();
    assert_eq!(again["id"], first["id"]);
    assert_eq!(again["case_code"], json!(code));
    let listed: Value = bearer(&app, reqwest::Method::GET, &path, &secret)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let same: Vec<&Value> = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["document_number"] == body["document_number"])
        .collect();
    assert_eq!(same.len(), 1);
    // The same key with another body is a mistake, refused.
    let mut other = body.clone();
    other["facts"] = json!("另一项违法事实，与第一次请求不同。");
    let e = assert_error(
        send(&other, "case-2026-0001").await.unwrap(),
        StatusCode::CONFLICT,
        "conflict",
    )
    .await;
    assert_eq!(e["error"]["field"], "Idempotency-Key");
    let e = assert_error(
        send(&other, "").await.unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    )
    .await;
    assert_eq!(e["error"]["field"], "Idempotency-Key");
    // A major decision without its legal review is not issued, and nothing is kept.
    let mut major = penalty(&clerk, &format!("穗天市监罚〔{year}〕9402号")).await;
    major["decision_date"] = json!(app.db.clock().today());
    major["major"] = json!(true);
    major["issue"] = json!(true);
    let e = assert_error(
        send(&major, "case-2026-0002").await.unwrap(),
        StatusCode::CONFLICT,
        "conflict",
    )
    .await;
    assert_eq!(e["error"]["field"], "legal_review");
    let listed: Value = clerk.get(&path).await.json().await.unwrap();
    assert!(
        !listed["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["document_number"] == major["document_number"])
    );
    // Without `issue` it is a draft, as in the workspace.
    major["issue"] = json!(false);
    let draft = send(&major, "case-2026-0002").await.unwrap();
    assert_eq!(draft.status(), StatusCode::CREATED);
    let draft: Value = draft.json().await.unwrap();
    assert_eq!(draft["status"], "draft");
}

/// Every route a token may reach, from the route table: another department's token, with
/// every scope, is refused on each (403, before any handler runs), and so is a token whose
/// scopes the route does not name; routes for sessions only refuse every token.
async fn a_token_never_reaches_another_department_on_any_route(backend: Backend) {
    use server::auth::policy::{Scope, rules};
    let app = spawn_with_demo(backend).await;
    let ours = app.login("th.reviewer", DEMO_PASSWORD).await;
    let theirs = app.login("ns.reviewer", DEMO_PASSWORD).await;
    let every = create(
        &theirs,
        &["decisions:read", "decisions:write", "officers:write"],
    )
    .await;
    let every = every["secret"].as_str().unwrap().to_owned();
    let officers_only = create(&ours, &["officers:write"]).await;
    let officers_only = officers_only["secret"].as_str().unwrap().to_owned();
    let mut checked = 0;
    for rule in rules() {
        let path = rule
            .path
            .replace("{dept}", &ours.department_id().to_string())
            .replace("{id}", "1");
        let method = reqwest::Method::from_bytes(rule.method.as_str().as_bytes()).unwrap();
        let send = |secret: &str| {
            bearer(&app, method.clone(), &path, secret)
                .header("content-type", "application/json")
                .body("{}")
                .send()
        };
        let answer = send(&every).await.unwrap();
        assert_eq!(
            answer.status(),
            StatusCode::FORBIDDEN,
            "{} {path}",
            rule.method
        );
        let e: Value = answer.json().await.unwrap();
        let expected = if rule.access.tokens.is_empty() {
            "auth.token_scope"
        } else {
            assert_eq!(rule.access.scope, Scope::Department, "{path}");
            "auth.own_department"
        };
        assert_eq!(e["error"]["rule"], expected, "{} {path}", rule.method);
        let reaches = rule
            .access
            .tokens
            .contains(&app::model::TokenScope::OfficersWrite);
        if !reaches {
            let answer = send(&officers_only).await.unwrap();
            assert_eq!(
                answer.status(),
                StatusCode::FORBIDDEN,
                "{} {path}",
                rule.method
            );
        }
        checked += 1;
    }
    assert!(checked > 50, "only {checked} routes");
}

crate::on_both_backends!(
    a_token_never_reaches_another_department_on_any_route,
    a_case_system_registers_and_issues_in_one_retryable_call,
    a_token_acts_for_its_department_within_its_scopes,
    the_command_line_makes_lists_and_revokes_tokens,
);
