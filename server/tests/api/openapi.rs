//! The OpenAPI document (generated from the route table): it is a well-formed 3.1
//! document whose references resolve and whose schemas compile, every public path it
//! lists answers, the workspace is documented under the session scheme, and the
//! responses the server really sends match the schemas it declares. The property-based
//! check against the live server is `make conformance` (schemathesis).

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, spawn_with_demo};

/// Every `$ref` in `value`.
fn refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                if k == "$ref" {
                    out.push(v.as_str().unwrap_or_default().to_owned());
                }
                refs(v, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

/// Compiles `schema`, which may refer to `#/components/…`, as JSON Schema 2020-12.
fn validator(doc: &Value, schema: &Value, context: &str) -> jsonschema::Validator {
    let mut root = schema.clone();
    let root_obj = root.as_object_mut().unwrap();
    root_obj.insert(
        "$schema".into(),
        json!("https://json-schema.org/draft/2020-12/schema"),
    );
    root_obj.insert("components".into(), doc["components"].clone());
    jsonschema::validator_for(&root).unwrap_or_else(|e| panic!("{context}: {e}"))
}

/// Validates `instance` against `schema`.
fn check(doc: &Value, schema: &Value, instance: &Value, context: &str) {
    let validator = validator(doc, schema, context);
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{context}: {errors:?}\n{instance}");
}

/// A concrete URL for a documented path, with real ids from the demo.
async fn concrete(app: &TestApp, path: &str) -> String {
    let first_id = |list: Value, key: &str| list["items"][0][key].clone();
    let path = path.to_owned();
    let mut out = path.clone();
    if path.contains("{code}") && path.starts_with("/regions") {
        out = out.replace("{code}", "440106");
    }
    if path.contains("{code}") && path.starts_with("/verify") {
        let (code, _) = server::seed::demo_example(&app.db).await.unwrap().unwrap();
        out = out.replace("{code}", code.as_str());
    }
    if path.contains("{code}") && path.starts_with("/inspections") {
        let (code, _, _) = server::seed::demo_inspection(&app.db, &app.keys().await)
            .await
            .unwrap()
            .unwrap();
        out = out.replace("{code}", code.as_str());
    }
    if path.contains("{certificate}") {
        out = out.replace("{certificate}", "44010621000101");
    }
    if path.contains("{id}") {
        let id = match path.split('/').nth(1).unwrap_or_default() {
            "departments" => first_id(
                app.get_json("/api/v1/departments?limit=1", StatusCode::OK)
                    .await,
                "id",
            ),
            "items" => first_id(
                app.get_json("/api/v1/items?limit=1", StatusCode::OK).await,
                "claim_id",
            ),
            "catalog" => first_id(
                app.get_json("/api/v1/catalog?limit=1", StatusCode::OK)
                    .await,
                "id",
            ),
            "disclosures" => first_id(
                app.get_json("/api/v1/disclosures?limit=1", StatusCode::OK)
                    .await,
                "id",
            ),
            "spot-checks" => first_id(
                app.get_json("/api/v1/spot-checks?limit=1", StatusCode::OK)
                    .await,
                "id",
            ),
            other => panic!("no id known for {other}"),
        };
        out = out.replace("{id}", &id.to_string());
    }
    out
}

async fn the_document_matches_what_the_server_sends(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let doc = app.get_json("/api/v1/openapi.json", StatusCode::OK).await;
    assert_eq!(doc["openapi"], "3.1.0");
    assert!(doc["info"]["title"].is_string() && doc["info"]["version"].is_string());

    // Every reference resolves.
    let mut all = Vec::new();
    refs(&doc, &mut all);
    assert!(!all.is_empty());
    for r in &all {
        let pointer = r
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("external reference {r}"));
        assert!(doc.pointer(pointer).is_some(), "{r} does not resolve");
    }
    // Every schema is valid JSON Schema 2020-12.
    for (name, schema) in doc["components"]["schemas"].as_object().unwrap() {
        validator(&doc, schema, name);
    }

    // Every public path answers as documented.
    let mut public = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        let Some(op) = item.get("get") else { continue };
        assert!(op["operationId"].is_string(), "{path}");
        if op.get("security").is_some() {
            continue;
        }
        public += 1;
        let url = concrete(&app, path).await;
        let response = app.get(&format!("/api/v1{url}")).await;
        assert_eq!(response.status(), StatusCode::OK, "{path} → {url}");
        let content_type = response.headers()["content-type"]
            .to_str()
            .unwrap()
            .to_owned();
        let content = &op["responses"]["200"]["content"];
        if let Some(json_schema) = content.get("application/json").map(|c| &c["schema"]) {
            assert!(
                content_type.starts_with("application/json"),
                "{path}: {content_type}"
            );
            let body: Value = response.json().await.unwrap();
            check(&doc, json_schema, &body, path);
        } else {
            let declared = content.as_object().unwrap().keys().next().unwrap().clone();
            assert!(
                content_type.starts_with(&declared),
                "{path}: {content_type} vs {declared}"
            );
        }
    }
    assert!(public >= 20, "{public} public paths");

    // The workspace is documented under the session scheme, and its lists answer as
    // documented for a clerk of the department.
    assert_eq!(
        doc["components"]["securitySchemes"]["session"]["in"],
        "cookie"
    );
    let clerk = app.login("th.clerk", crate::helpers::DEMO_PASSWORD).await;
    let reviewer = app
        .login("th.reviewer", crate::helpers::DEMO_PASSWORD)
        .await;
    let dept = clerk.department_id().to_string();
    let mut workspace = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        let Some(op) = item.get("get") else { continue };
        if !path.starts_with("/workspace/departments/{dept}/") || path.matches('{').count() > 1 {
            continue;
        }
        assert_eq!(op["security"][0]["session"], json!([]), "{path}");
        let Some(json_schema) = op["responses"]["200"]["content"]
            .get("application/json")
            .map(|c| &c["schema"])
        else {
            continue;
        };
        workspace += 1;
        let url = format!("/api/v1{}", path.replace("{dept}", &dept));
        let mut response = clerk.get(&url).await;
        // Some lists are the department's reviewers' (their feedback).
        if response.status() == StatusCode::FORBIDDEN {
            response = reviewer.get(&url).await;
        }
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let body: Value = response.json().await.unwrap();
        check(&doc, json_schema, &body, path);
        for status in ["401", "403"] {
            assert!(
                op["responses"][status].is_object(),
                "{path} documents {status}"
            );
        }
    }
    assert!(workspace >= 5, "{workspace} workspace lists");

    // The holder's answer (with the signed summary) and the error shape match too.
    let list: Value = clerk
        .get(&format!(
            "/api/v1/workspace/departments/{}/decisions?status=issued",
            clerk.department_id()
        ))
        .await
        .json()
        .await
        .unwrap();
    let id = list["items"][0]["id"].clone();
    let d: Value = clerk
        .get(&format!(
            "/api/v1/workspace/departments/{}/decisions/{id}",
            clerk.department_id()
        ))
        .await
        .json()
        .await
        .unwrap();
    let url = d["verify_url"].as_str().unwrap();
    let (code, sig) = {
        let mut parts = url.rsplit('/');
        let sig = parts.next().unwrap().to_owned();
        (parts.next().unwrap().to_owned(), sig)
    };
    let signed: Value = app
        .get_json(&format!("/api/v1/verify/{code}?sig={sig}"), StatusCode::OK)
        .await;
    assert_eq!(signed["signature"], "valid");
    check(
        &doc,
        &json!({"$ref": "#/components/schemas/Verification"}),
        &signed,
        "verify with sig",
    );
    for (bad, status) in [
        (
            "/api/v1/verify/440106-2026-H1ME7-V",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        ("/api/v1/disclosures/99999999", StatusCode::NOT_FOUND),
    ] {
        let response = app.get(bad).await;
        assert_eq!(response.status(), status);
        let body: Value = response.json().await.unwrap();
        check(
            &doc,
            &json!({"$ref": "#/components/schemas/ErrorBody"}),
            &body,
            bad,
        );
    }
}

async fn the_interactive_page_is_served_from_the_binary(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let page = app.get("/api/docs/").await;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(
        page.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let html = page.text().await.unwrap();
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "{html}"
    );
    let init = app.get("/api/docs/swagger-initializer.js").await;
    assert_eq!(init.status(), StatusCode::OK);
    assert!(init.text().await.unwrap().contains("/api/v1/openapi.json"));
    assert_eq!(
        app.get("/api/docs/swagger-ui.css").await.status(),
        StatusCode::OK
    );
}

crate::on_both_backends!(
    the_document_matches_what_the_server_sends,
    the_interactive_page_is_served_from_the_binary,
);
