//! The authorization matrix: every session route of the route table × every role × own
//! and other department gets the answer its declared access gives, and the access table
//! keeps the rules of the design (`routes::table`'s own tests: auditors never write,
//! department routes name the department).

use std::sync::atomic::{AtomicUsize, Ordering};

use reqwest::StatusCode;
use serde_json::{Value, json};

use app::model::{DepartmentQuery, Role, Username};
use server::{
    auth::policy::{Scope, rules},
    db,
};

use crate::helpers::{Backend, TestApp, spawn_with_demo};

const PASSWORD: &str = "Matrix-pass-2026";

/// What success looks like when a role may use a route; `None`: anything but 401/403
/// (the route needs data this test does not set up, so a 404 or 422 shows the request got
/// past authorization).
fn success(method: &str, path: &str) -> Option<StatusCode> {
    match (method, path) {
        ("POST", "/api/v1/auth/logout" | "/api/v1/auth/password") => Some(StatusCode::NO_CONTENT),
        ("POST", "/api/v1/workspace/users") => Some(StatusCode::CREATED),
        ("POST", p) if p.starts_with("/api/v1/workspace/users/{id}/") => Some(StatusCode::OK),
        // Lists, views and exports that need no record of their own.
        ("GET", p) if !p.contains("{id}") => Some(StatusCode::OK),
        _ => None,
    }
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

async fn department_id(app: &TestApp, name: &str) -> i64 {
    let q = DepartmentQuery {
        q: Some(name.into()),
        ..Default::default()
    };
    let (items, _) = db::departments::list(&app.db, &q, 1).await.unwrap();
    items[0].id
}

/// A fresh account, so that each probe starts from a clean session and state.
async fn new_user(app: &TestApp, hash: &str, role: Role, department_id: i64) -> (String, i64) {
    let username = format!("probe{}", COUNTER.fetch_add(1, Ordering::Relaxed));
    let mut tx = app.db.begin().await.unwrap();
    let id = db::users::insert(
        &mut tx,
        &db::users::NewUser {
            username: Username::parse(&username).unwrap(),
            display_name: "测试".into(),
            department_id,
            role,
            password_hash: hash.to_owned(),
            must_change_password: false,
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    (username, id)
}

fn body_for(path: &str, department_id: i64) -> Value {
    match path {
        "/api/v1/auth/password" => {
            json!({"current_password": PASSWORD, "new_password": "Matrix-new-2026"})
        }
        "/api/v1/workspace/users" => json!({
            "username": format!("made{}", COUNTER.fetch_add(1, Ordering::Relaxed)),
            "display_name": "新建", "department_id": department_id, "role": "clerk", "password": "Created-pass-2026"
        }),
        p if p.ends_with("reset-password") => json!({"new_password": "Reset-pass-2026"}),
        _ => json!({}),
    }
}

async fn every_route_role_and_department_gets_the_designed_answer(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    // The table guards every workspace route.
    let rules = rules();
    assert!(rules.len() >= 50, "{} session routes", rules.len());

    let hash = server::auth::password::hash(PASSWORD.into()).await.unwrap();
    let dept_a = department_id(&app, "广州市天河区市场监督管理局").await;
    let dept_b = department_id(&app, "深圳市市场监督管理局南山监管局").await;

    for rule in rules {
        let e = &rule.access;
        let (method, rule_path) = (rule.method.as_str(), rule.path.as_str());
        for target_dept in [dept_a, dept_b] {
            // Anonymous: always 401.
            let (_, target_user) = new_user(&app, &hash, Role::Clerk, dept_b).await;
            let path = rule_path
                .replace("{dept}", &target_dept.to_string())
                .replace("{id}", &target_user.to_string());
            let anon = match method {
                "GET" => app.get(&path).await,
                "PUT" => app
                    .client
                    .put(app.url(&path))
                    .json(&body_for(rule_path, dept_a))
                    .send()
                    .await
                    .unwrap(),
                _ => app
                    .client
                    .post(app.url(&path))
                    .json(&body_for(rule_path, dept_a))
                    .send()
                    .await
                    .unwrap(),
            };
            assert_eq!(
                anon.status(),
                StatusCode::UNAUTHORIZED,
                "anonymous {} {path}",
                method
            );

            for role in Role::ALL {
                let (username, _) = new_user(&app, &hash, role, dept_a).await;
                let session = app.login(&username, PASSWORD).await;
                let (_, target_user) = new_user(&app, &hash, Role::Clerk, dept_b).await;
                let path = rule_path
                    .replace("{dept}", &target_dept.to_string())
                    .replace("{id}", &target_user.to_string());
                let response = match method {
                    "GET" => session.get(&path).await,
                    "PUT" => session.put(&path, body_for(rule_path, dept_a)).await,
                    _ => session.post(&path, body_for(rule_path, dept_a)).await,
                };
                let own = target_dept == dept_a;
                // Department routes: clerks and reviewers only for their own department.
                let allowed = e.roles.contains(&role)
                    && (e.scope == Scope::Province
                        || own
                        || matches!(role, Role::Admin | Role::Auditor));
                let status = response.status();
                let text = response.text().await.unwrap();
                let context = format!(
                    "{role:?} {} {path} (own department: {own}): {status} {text}",
                    method
                );
                match (allowed, success(method, rule_path)) {
                    (false, _) => assert_eq!(status, StatusCode::FORBIDDEN, "{context}"),
                    (true, Some(expected)) => assert_eq!(status, expected, "{context}"),
                    (true, None) => assert!(
                        status != StatusCode::UNAUTHORIZED
                            && status != StatusCode::FORBIDDEN
                            && !status.is_server_error(),
                        "{context}"
                    ),
                }
            }
        }
    }
}

async fn a_clerk_cannot_read_another_departments_colleagues(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let th = app.login("th.clerk", crate::helpers::DEMO_PASSWORD).await;
    let ns = app.login("ns.clerk", crate::helpers::DEMO_PASSWORD).await;
    let own: Value = th
        .get(&format!(
            "/api/v1/workspace/departments/{}/users",
            th.department_id()
        ))
        .await
        .json()
        .await
        .unwrap();
    assert!(
        own["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["department_id"] == th.department_id())
    );
    assert_eq!(own["total"], 2);
    let other = th
        .get(&format!(
            "/api/v1/workspace/departments/{}/users",
            ns.department_id()
        ))
        .await;
    let body = crate::helpers::assert_error(other, StatusCode::FORBIDDEN, "forbidden").await;
    assert_eq!(body["error"]["rule"], "auth.own_department", "{body}");
    let bad = th.get("/api/v1/workspace/departments/abc/users").await;
    assert!(bad.status().is_client_error());
}

crate::on_both_backends!(
    every_route_role_and_department_gets_the_designed_answer,
    a_clerk_cannot_read_another_departments_colleagues,
);
