//! Holding under abuse, probed as a stranger would: forged proxy headers, a flood of
//! failed sign-ins against an administrator, control characters, hostile spreadsheets,
//! slow readers of exports beside a crowd of searchers.

use std::time::{Duration, Instant};

use reqwest::{Response, StatusCode};
use serde_json::{Value, json};

use server::config::{NetworkConfig, ServeConfig};

use crate::helpers::{
    Backend, DEMO_PASSWORD, TestApp, assert_error, spawn_with_config, spawn_with_demo,
};

/// Signs in as `username` from `forwarded` (an X-Forwarded-For value) through the proxy.
async fn login_via(app: &TestApp, forwarded: &str, username: &str, password: &str) -> Response {
    app.client
        .post(app.url("/api/v1/auth/login"))
        .header("x-forwarded-for", forwarded)
        .json(&json!({ "username": username, "password": password }))
        .send()
        .await
        .unwrap()
}

/// A server behind a proxy at 127.0.0.1 (every test request comes from there), with the
/// demo data.
async fn behind_proxy(backend: Backend) -> TestApp {
    let config = ServeConfig {
        network: NetworkConfig {
            trusted_proxies: "127.0.0.1".parse().unwrap(),
            ..NetworkConfig::default()
        },
        ..ServeConfig::default()
    };
    let app = spawn_with_config(backend, config).await;
    server::seed::demo(&app.db, &app.keys().await)
        .await
        .unwrap();
    app
}

async fn a_forged_forwarded_for_does_not_change_the_client(backend: Backend) {
    let app = behind_proxy(backend).await;
    // The client writes a different address left of the one the proxy appends each time.
    for i in 0..4 {
        let r = login_via(
            &app,
            &format!("6.6.6.{i}, 198.51.100.4"),
            "th.clerk",
            "Wrong-1",
        )
        .await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    let fifth = login_via(&app, "6.6.6.9, 198.51.100.4", "th.clerk", "Wrong-1").await;
    assert_eq!(fifth.status(), StatusCode::TOO_MANY_REQUESTS);
    // Still the same client, whatever it claims: locked for this account.
    let r = login_via(&app, "7.7.7.7, 198.51.100.4", "th.clerk", DEMO_PASSWORD).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    // Another client gets in.
    let r = login_via(&app, "198.51.100.5", "th.clerk", DEMO_PASSWORD).await;
    assert_eq!(r.status(), StatusCode::OK);
}

async fn strangers_cannot_lock_the_owner_out(backend: Backend) {
    let app = behind_proxy(backend).await;
    // The administrator's usual address.
    let r = login_via(&app, "198.51.100.1", "admin", DEMO_PASSWORD).await;
    assert_eq!(r.status(), StatusCode::OK);
    // 50 failures from strangers: five from one address lock that address out of the
    // account; the other 45 from nine more addresses are slowed down.
    let mut statuses = Vec::new();
    for i in 0..50 {
        let from = if i < 5 {
            "203.0.113.1".to_owned()
        } else {
            format!("203.0.113.{}", i % 9 + 2)
        };
        statuses.push(login_via(&app, &from, "admin", "Guess-123").await.status());
    }
    assert_eq!(statuses[..4], [StatusCode::UNAUTHORIZED; 4]);
    assert_eq!(statuses[4], StatusCode::TOO_MANY_REQUESTS);
    assert!(
        statuses[5..]
            .iter()
            .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
            .count()
            > 30,
        "{statuses:?}"
    );
    // The owner, from the usual address, still gets in.
    let r = login_via(&app, "198.51.100.1", "admin", DEMO_PASSWORD).await;
    assert_eq!(r.status(), StatusCode::OK);
    // A new stranger is slowed down, even with the right password.
    let r = login_via(&app, "192.0.2.77", "admin", DEMO_PASSWORD).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(r.headers().contains_key("retry-after"));

    // The lockouts are audited by address, never by the typed username.
    let cookie = session_cookie(&r_admin(&app).await);
    let log: Value = app
        .client
        .get(app.url("/api/v1/workspace/audit?action=auth.lockout"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let entry = &log["items"][0];
    assert!(
        entry["entity_id"]
            .as_str()
            .is_some_and(|a| a.starts_with("203.0.113.")),
        "{log}"
    );
    assert_eq!(entry["username"], "sign-in");

    // Administrators see the locks and lift one.
    let locks: Value = app
        .client
        .get(app.url("/api/v1/workspace/sign-in-locks"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let lock = locks["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["address"] == "203.0.113.1" && l["kind"] == "account_from_address")
        .expect("the pair lock is listed")
        .clone();
    assert_eq!(lock["account"], "admin");
    let csrf = csrf_of(&app, &cookie).await;
    let lifted = app
        .client
        .post(app.url("/api/v1/workspace/sign-in-locks/lift"))
        .header("cookie", &cookie)
        .header("x-csrf-token", &csrf)
        .json(&json!({ "key": lock["key"] }))
        .send()
        .await
        .unwrap();
    assert_eq!(lifted.status(), StatusCode::NO_CONTENT);
    let locks: Value = app
        .client
        .get(app.url("/api/v1/workspace/sign-in-locks"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        locks["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["key"] != lock["key"])
    );
}

/// The administrator signed in from the usual address.
async fn r_admin(app: &TestApp) -> Response {
    let r = login_via(app, "198.51.100.1", "admin", DEMO_PASSWORD).await;
    assert_eq!(r.status(), StatusCode::OK);
    r
}

fn session_cookie(r: &Response) -> String {
    r.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned()
}

async fn csrf_of(app: &TestApp, cookie: &str) -> String {
    let info: Value = app
        .client
        .get(app.url("/api/v1/auth/session"))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    info["csrf_token"].as_str().unwrap().to_owned()
}

async fn a_password_change_rotates_the_session(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    let changed = clerk
        .post(
            "/api/v1/auth/password",
            json!({"current_password": DEMO_PASSWORD, "new_password": "Another-pass-2026"}),
        )
        .await;
    assert_eq!(changed.status(), StatusCode::NO_CONTENT);
    let new_cookie = session_cookie(&changed);
    assert_ne!(new_cookie, clerk.cookie);
    // The old token is worth nothing now.
    assert_error(
        clerk.get("/api/v1/auth/session").await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
    let csrf = csrf_of(&app, &new_cookie).await;
    assert_ne!(csrf, clerk.csrf);
}

async fn https_deployments_send_hsts(backend: Backend) {
    let config = ServeConfig {
        network: NetworkConfig {
            public_url: Some("https://anma.example.gov.cn".into()),
            ..NetworkConfig::default()
        },
        ..ServeConfig::default()
    };
    let app = spawn_with_config(backend, config).await;
    let r = app.get("/api/v1/health").await;
    assert!(
        r.headers()["strict-transport-security"]
            .to_str()
            .unwrap()
            .starts_with("max-age=")
    );
    let plain = spawn_with_demo(backend).await;
    let r = plain.get("/api/v1/health").await;
    assert!(!r.headers().contains_key("strict-transport-security"));
}

async fn control_characters_are_refused_by_field(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let body = assert_error(
        app.get("/api/v1/disclosures?q=zq%00zq").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    )
    .await;
    assert_eq!(body["error"]["field"], "q");
    assert_error(
        app.get("/api/v1/officers/4401%0006").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    )
    .await;
    let r = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"username": "admin\u{0}", "password": "x"}))
        .send()
        .await
        .unwrap();
    let body = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "validation").await;
    assert_eq!(body["error"]["field"], "username");
    // The server keeps answering.
    assert_eq!(app.get("/api/v1/health").await.status(), StatusCode::OK);
}

/// An XLSX workbook with one cell in A1 and one far away.
fn sparse_sheet() -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "事项编码").unwrap();
    sheet.write_string(1_048_575, 16_383, "far").unwrap();
    book.save_to_buffer().unwrap()
}

/// A zip whose one sheet inflates from a little over 100 KB to 200 MB.
fn zip_bomb() -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
    let zeros = vec![b'0'; 1 << 20];
    for _ in 0..200 {
        zip.write_all(&zeros).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

async fn hostile_uploads_get_a_clear_422(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let admin = app.login("admin", DEMO_PASSWORD).await;
    let upload = |bytes: Vec<u8>| {
        let admin = &admin;
        async move {
            admin
                .app
                .client
                .post(admin.app.url("/api/v1/workspace/catalog/import"))
                .header("cookie", &admin.cookie)
                .header("x-csrf-token", &admin.csrf)
                .header("content-type", "application/octet-stream")
                .body(bytes)
                .send()
                .await
                .unwrap()
        }
    };
    let bomb = zip_bomb();
    assert!(bomb.len() < 2 << 20, "{} bytes", bomb.len());
    let mut long_line = "事项编码,事项名称,事项类别,设定依据,行使层级,乡镇指导目录\n".to_owned();
    long_line.push_str(&"x".repeat(9 << 20));
    for (what, bytes, needle) in [
        ("sparse sheet", sparse_sheet(), "rows or"),
        ("zip bomb", bomb, "MB"),
        ("10 MB line", long_line.into_bytes(), "longer than"),
    ] {
        let started = Instant::now();
        let body = assert_error(
            upload(bytes).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
        )
        .await;
        assert_eq!(body["error"]["field"], "file", "{what}");
        assert!(
            body["error"]["message"].as_str().unwrap().contains(needle),
            "{what}: {body}"
        );
        assert!(started.elapsed() < Duration::from_secs(10), "{what}");
    }
    assert_eq!(app.get("/api/v1/health").await.status(), StatusCode::OK);
}

crate::on_both_backends!(
    a_forged_forwarded_for_does_not_change_the_client,
    strangers_cannot_lock_the_owner_out,
    a_password_change_rotates_the_session,
    https_deployments_send_hsts,
    control_characters_are_refused_by_field,
    hostile_uploads_get_a_clear_422,
);
