//! The authorization matrix: every session route × every role × own and other
//! department, against the design written out here (not derived from the server's table).

use std::sync::atomic::{AtomicUsize, Ordering};

use reqwest::StatusCode;
use serde_json::{Value, json};

use app::model::{DepartmentQuery, Role, Username};
use server::{auth::policy::RULES, db};

use crate::helpers::{Backend, TestApp, spawn_with_demo};

const PASSWORD: &str = "Matrix-pass-2026";

/// The design: who may use each route, and what success looks like.
struct Expect {
    method: &'static str,
    path: &'static str,
    allowed: &'static [Role],
    /// Clerks and reviewers only for their own department.
    department_scoped: bool,
    /// The answer when allowed; `None`: anything but 401/403 (the route needs data this
    /// test does not set up, so a 404 or 422 shows the request got past authorization).
    success: Option<StatusCode>,
}

const ALL: &[Role] = &[Role::Clerk, Role::Reviewer, Role::Admin, Role::Auditor];

const DESIGN: &[Expect] = &[
    Expect {
        method: "GET",
        path: "/api/v1/auth/session",
        allowed: ALL,
        department_scoped: false,
        success: Some(StatusCode::OK),
    },
    Expect {
        method: "POST",
        path: "/api/v1/auth/logout",
        allowed: ALL,
        department_scoped: false,
        success: Some(StatusCode::NO_CONTENT),
    },
    Expect {
        method: "POST",
        path: "/api/v1/auth/password",
        allowed: ALL,
        department_scoped: false,
        success: Some(StatusCode::NO_CONTENT),
    },
    Expect {
        method: "GET",
        path: "/api/v1/workspace/users",
        allowed: &[Role::Admin, Role::Auditor],
        department_scoped: false,
        success: Some(StatusCode::OK),
    },
    Expect {
        method: "POST",
        path: "/api/v1/workspace/users",
        allowed: &[Role::Admin],
        department_scoped: false,
        success: Some(StatusCode::CREATED),
    },
    Expect {
        method: "POST",
        path: "/api/v1/workspace/users/{id}/disable",
        allowed: &[Role::Admin],
        department_scoped: false,
        success: Some(StatusCode::OK),
    },
    Expect {
        method: "POST",
        path: "/api/v1/workspace/users/{id}/enable",
        allowed: &[Role::Admin],
        department_scoped: false,
        success: Some(StatusCode::OK),
    },
    Expect {
        method: "POST",
        path: "/api/v1/workspace/users/{id}/reset-password",
        allowed: &[Role::Admin],
        department_scoped: false,
        success: Some(StatusCode::OK),
    },
    Expect {
        method: "GET",
        path: "/api/v1/workspace/departments/{dept}/users",
        allowed: ALL,
        department_scoped: true,
        success: Some(StatusCode::OK),
    },
    Expect {
        method: "GET",
        path: "/api/v1/workspace/audit",
        allowed: &[Role::Admin, Role::Auditor],
        department_scoped: false,
        success: Some(StatusCode::OK),
    },
    Expect {
        method: "GET",
        path: "/api/v1/workspace/audit/verify",
        allowed: &[Role::Admin, Role::Auditor],
        department_scoped: false,
        success: Some(StatusCode::OK),
    },
    Expect {
        method: "POST",
        path: "/api/v1/workspace/catalog",
        allowed: &[Role::Admin],
        department_scoped: false,
        success: None,
    },
    Expect {
        method: "POST",
        path: "/api/v1/workspace/catalog/merge",
        allowed: &[Role::Admin],
        department_scoped: false,
        success: None,
    },
    Expect {
        method: "POST",
        path: "/api/v1/workspace/catalog/import",
        allowed: &[Role::Admin],
        department_scoped: false,
        success: None,
    },
    Expect {
        method: "POST",
        path: "/api/v1/workspace/catalog/{id}/adjust",
        allowed: &[Role::Admin],
        department_scoped: false,
        success: None,
    },
    Expect {
        method: "POST",
        path: "/api/v1/workspace/catalog/{id}/retire",
        allowed: &[Role::Admin],
        department_scoped: false,
        success: None,
    },
    Expect {
        method: "POST",
        path: "/api/v1/workspace/catalog/{id}/split",
        allowed: &[Role::Admin],
        department_scoped: false,
        success: None,
    },
    Expect {
        method: "GET",
        path: "/api/v1/workspace/departments/{dept}/claims",
        allowed: ALL,
        department_scoped: true,
        success: Some(StatusCode::OK),
    },
    Expect {
        method: "POST",
        path: "/api/v1/workspace/departments/{dept}/claims",
        allowed: &[Role::Clerk],
        department_scoped: true,
        success: None,
    },
    Expect {
        method: "GET",
        path: "/api/v1/workspace/departments/{dept}/claims.csv",
        allowed: ALL,
        department_scoped: true,
        success: Some(StatusCode::OK),
    },
    Expect {
        method: "GET",
        path: "/api/v1/workspace/departments/{dept}/claims.xlsx",
        allowed: ALL,
        department_scoped: true,
        success: Some(StatusCode::OK),
    },
    Expect {
        method: "GET",
        path: "/api/v1/workspace/departments/{dept}/claims/{id}",
        allowed: ALL,
        department_scoped: true,
        success: None,
    },
    Expect {
        method: "PUT",
        path: "/api/v1/workspace/departments/{dept}/claims/{id}",
        allowed: &[Role::Clerk],
        department_scoped: true,
        success: None,
    },
    Expect {
        method: "POST",
        path: "/api/v1/workspace/departments/{dept}/claims/{id}/submit",
        allowed: &[Role::Clerk],
        department_scoped: true,
        success: None,
    },
    Expect {
        method: "POST",
        path: "/api/v1/workspace/departments/{dept}/claims/{id}/adjust",
        allowed: &[Role::Clerk],
        department_scoped: true,
        success: None,
    },
    Expect {
        method: "POST",
        path: "/api/v1/workspace/departments/{dept}/claims/{id}/withdraw",
        allowed: &[Role::Clerk],
        department_scoped: true,
        success: None,
    },
    Expect {
        method: "POST",
        path: "/api/v1/workspace/departments/{dept}/claims/{id}/approve",
        allowed: &[Role::Reviewer],
        department_scoped: true,
        success: None,
    },
    Expect {
        method: "POST",
        path: "/api/v1/workspace/departments/{dept}/claims/{id}/return",
        allowed: &[Role::Reviewer],
        department_scoped: true,
        success: None,
    },
    Expect {
        method: "GET",
        path: "/api/v1/workspace/claims/flagged",
        allowed: &[Role::Admin, Role::Auditor],
        department_scoped: false,
        success: Some(StatusCode::OK),
    },
    Expect {
        method: "GET",
        path: "/api/v1/workspace/departments/{dept}/officers",
        allowed: ALL,
        department_scoped: true,
        success: Some(StatusCode::OK),
    },
    Expect {
        method: "POST",
        path: "/api/v1/workspace/departments/{dept}/officers",
        allowed: &[Role::Clerk, Role::Admin],
        department_scoped: true,
        success: None,
    },
    Expect {
        method: "PUT",
        path: "/api/v1/workspace/departments/{dept}/officers/{id}",
        allowed: &[Role::Clerk, Role::Admin],
        department_scoped: true,
        success: None,
    },
    Expect {
        method: "GET",
        path: "/api/v1/workspace/departments/{dept}/decisions",
        allowed: ALL,
        department_scoped: true,
        success: Some(StatusCode::OK),
    },
    Expect {
        method: "POST",
        path: "/api/v1/workspace/departments/{dept}/decisions",
        allowed: &[Role::Clerk],
        department_scoped: true,
        success: None,
    },
    Expect {
        method: "GET",
        path: "/api/v1/workspace/departments/{dept}/decisions/{id}",
        allowed: ALL,
        department_scoped: true,
        success: None,
    },
    Expect {
        method: "PUT",
        path: "/api/v1/workspace/departments/{dept}/decisions/{id}",
        allowed: &[Role::Clerk],
        department_scoped: true,
        success: None,
    },
    Expect {
        method: "GET",
        path: "/api/v1/workspace/departments/{dept}/decisions/{id}/qr.svg",
        allowed: ALL,
        department_scoped: true,
        success: None,
    },
    Expect {
        method: "GET",
        path: "/api/v1/workspace/departments/{dept}/decisions/{id}/qr.png",
        allowed: ALL,
        department_scoped: true,
        success: None,
    },
    Expect {
        method: "POST",
        path: "/api/v1/workspace/departments/{dept}/decisions/{id}/review",
        allowed: &[Role::Reviewer],
        department_scoped: true,
        success: None,
    },
    Expect {
        method: "POST",
        path: "/api/v1/workspace/departments/{dept}/decisions/{id}/issue",
        allowed: &[Role::Clerk],
        department_scoped: true,
        success: None,
    },
    Expect {
        method: "POST",
        path: "/api/v1/workspace/departments/{dept}/decisions/{id}/revoke",
        allowed: &[Role::Clerk, Role::Reviewer],
        department_scoped: true,
        success: None,
    },
    Expect {
        method: "POST",
        path: "/api/v1/workspace/departments/{dept}/decisions/{id}/change",
        allowed: &[Role::Clerk, Role::Reviewer],
        department_scoped: true,
        success: None,
    },
    Expect {
        method: "POST",
        path: "/api/v1/workspace/departments/{dept}/decisions/{id}/confirm",
        allowed: &[Role::Clerk, Role::Reviewer],
        department_scoped: true,
        success: None,
    },
    Expect {
        method: "POST",
        path: "/api/v1/workspace/departments/{dept}/decisions/{id}/publish",
        allowed: &[Role::Clerk, Role::Reviewer],
        department_scoped: true,
        success: None,
    },
    Expect {
        method: "GET",
        path: "/api/v1/workspace/departments/{dept}/disclosures/due",
        allowed: ALL,
        department_scoped: true,
        success: Some(StatusCode::OK),
    },
    Expect {
        method: "GET",
        path: "/api/v1/workspace/disclosures/due",
        allowed: &[Role::Admin, Role::Auditor],
        department_scoped: false,
        success: Some(StatusCode::OK),
    },
    Expect {
        method: "GET",
        path: "/api/v1/workspace/calendar",
        allowed: ALL,
        department_scoped: false,
        success: Some(StatusCode::OK),
    },
    Expect {
        method: "POST",
        path: "/api/v1/workspace/calendar",
        allowed: &[Role::Admin],
        department_scoped: false,
        success: None,
    },
    Expect {
        method: "GET",
        path: "/api/v1/workspace/calendar/years",
        allowed: ALL,
        department_scoped: false,
        success: Some(StatusCode::OK),
    },
    Expect {
        method: "GET",
        path: "/api/v1/workspace/sign-in-locks",
        allowed: &[Role::Admin, Role::Auditor],
        department_scoped: false,
        success: Some(StatusCode::OK),
    },
    Expect {
        method: "POST",
        path: "/api/v1/workspace/sign-in-locks/lift",
        allowed: &[Role::Admin],
        department_scoped: false,
        success: None,
    },
    Expect {
        method: "POST",
        path: "/api/v1/workspace/calendar/import",
        allowed: &[Role::Admin],
        department_scoped: false,
        success: None,
    },
];

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
    // Every route the server guards is in the design, and nothing else.
    let mut served: Vec<_> = RULES
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    let mut designed: Vec<_> = DESIGN
        .iter()
        .map(|e| format!("{} {}", e.method, e.path))
        .collect();
    served.sort();
    designed.sort();
    assert_eq!(
        served, designed,
        "the policy table and this test's design differ"
    );

    let hash = server::auth::password::hash(PASSWORD.into()).await.unwrap();
    let dept_a = department_id(&app, "广州市天河区市场监督管理局").await;
    let dept_b = department_id(&app, "深圳市市场监督管理局南山监管局").await;

    for e in DESIGN {
        for target_dept in [dept_a, dept_b] {
            // Anonymous: always 401.
            let (_, target_user) = new_user(&app, &hash, Role::Clerk, dept_b).await;
            let path = e
                .path
                .replace("{dept}", &target_dept.to_string())
                .replace("{id}", &target_user.to_string());
            let anon = match e.method {
                "GET" => app.get(&path).await,
                "PUT" => app
                    .client
                    .put(app.url(&path))
                    .json(&body_for(e.path, dept_a))
                    .send()
                    .await
                    .unwrap(),
                _ => app
                    .client
                    .post(app.url(&path))
                    .json(&body_for(e.path, dept_a))
                    .send()
                    .await
                    .unwrap(),
            };
            assert_eq!(
                anon.status(),
                StatusCode::UNAUTHORIZED,
                "anonymous {} {path}",
                e.method
            );

            for role in Role::ALL {
                let (username, _) = new_user(&app, &hash, role, dept_a).await;
                let session = app.login(&username, PASSWORD).await;
                let (_, target_user) = new_user(&app, &hash, Role::Clerk, dept_b).await;
                let path = e
                    .path
                    .replace("{dept}", &target_dept.to_string())
                    .replace("{id}", &target_user.to_string());
                let response = match e.method {
                    "GET" => session.get(&path).await,
                    "PUT" => session.put(&path, body_for(e.path, dept_a)).await,
                    _ => session.post(&path, body_for(e.path, dept_a)).await,
                };
                let own = target_dept == dept_a;
                let allowed = e.allowed.contains(&role)
                    && (!e.department_scoped || own || matches!(role, Role::Admin | Role::Auditor));
                let status = response.status();
                let text = response.text().await.unwrap();
                let context = format!(
                    "{role:?} {} {path} (own department: {own}): {status} {text}",
                    e.method
                );
                match (allowed, e.success) {
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
