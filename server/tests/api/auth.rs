//! Sign-in, sessions, passwords, lockout, CSRF.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};

use server::config::{ServeConfig, SessionConfig};

use crate::helpers::{Backend, DEMO_PASSWORD, assert_error, spawn_with_config, spawn_with_demo};

async fn signing_in_opens_a_strict_http_only_session_and_signing_out_ends_it(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let response = app.try_login("TH.Clerk", DEMO_PASSWORD).await;
    assert_eq!(response.status(), StatusCode::OK);
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with("anma_session="));
    assert!(
        cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Strict")
            && !cookie.contains("Secure")
    );

    let session = app.login("th.clerk", DEMO_PASSWORD).await;
    assert_eq!(session.info["user"]["role"], "clerk");
    assert_eq!(
        session.info["user"]["department_name"],
        "广州市天河区市场监督管理局"
    );
    let current: Value = session
        .get("/api/v1/auth/session")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(current["user"]["username"], "th.clerk");
    assert_eq!(current["csrf_token"], session.csrf.as_str());

    let out = session.post("/api/v1/auth/logout", json!({})).await;
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    assert!(
        out.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    assert_error(
        session.get("/api/v1/auth/session").await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
}

async fn unknown_users_and_wrong_passwords_get_the_same_answer(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let wrong = assert_error(
        app.try_login("th.clerk", "Wrong-pass-123").await,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    )
    .await;
    let unknown = assert_error(
        app.try_login("nobody.here", "Wrong-pass-123").await,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    )
    .await;
    assert_eq!(wrong, unknown);
    let empty = assert_error(
        app.try_login("", "x").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    )
    .await;
    assert_eq!(empty["error"]["field"], "username");
    assert_error(
        app.get("/api/v1/auth/session").await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
}

async fn repeated_failures_lock_the_account_and_say_when_to_retry(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    for _ in 0..4 {
        assert_error(
            app.try_login("ns.clerk", "Wrong-pass-123").await,
            StatusCode::UNAUTHORIZED,
            "invalid_credentials",
        )
        .await;
    }
    let fifth = app.try_login("ns.clerk", "Wrong-pass-123").await;
    let retry: u64 = fifth.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((800..=900).contains(&retry), "{retry}");
    let body = assert_error(fifth, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    assert_eq!(body["error"]["rule"], "auth.locked_until", "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("北京时间"),
        "{body}"
    );
    // Locked means locked: the right password is refused too, without being checked.
    assert_error(
        app.try_login("ns.clerk", DEMO_PASSWORD).await,
        StatusCode::TOO_MANY_REQUESTS,
        "rate_limited",
    )
    .await;
    // Other accounts are unaffected.
    app.login("ns.reviewer", DEMO_PASSWORD).await;
    // The lockout is in the audit log.
    let admin = app.login("admin", DEMO_PASSWORD).await;
    let log: Value = admin
        .get("/api/v1/workspace/audit?action=auth.lockout")
        .await
        .json()
        .await
        .unwrap();
    // Audited by address and account id, never by the username a stranger typed.
    assert_eq!(log["items"][0]["entity_id"], "127.0.0.1");
    assert!(
        log["items"][0]["detail"]
            .as_str()
            .unwrap()
            .contains("account_id")
    );
}

async fn many_failures_from_one_address_lock_that_address(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    for i in 0..20 {
        let r = app.try_login(&format!("guess{i}"), "Wrong-pass-123").await;
        assert_eq!(
            r.status(),
            if i < 19 {
                StatusCode::UNAUTHORIZED
            } else {
                StatusCode::TOO_MANY_REQUESTS
            },
            "attempt {i}"
        );
    }
    assert_error(
        app.try_login("th.reviewer", DEMO_PASSWORD).await,
        StatusCode::TOO_MANY_REQUESTS,
        "rate_limited",
    )
    .await;
}

async fn writes_without_the_csrf_token_are_refused_and_change_nothing(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let admin = app.login("admin", DEMO_PASSWORD).await;
    let before: Value = admin
        .get("/api/v1/workspace/users")
        .await
        .json()
        .await
        .unwrap();
    let body = json!({"username": "new.user", "display_name": "新用户", "department_id": admin.department_id(),
        "role": "clerk", "password": "Temp-pass-2026"});

    let no_token = app
        .client
        .post(app.url("/api/v1/workspace/users"))
        .header("cookie", &admin.cookie)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_error(no_token, StatusCode::FORBIDDEN, "csrf_failed").await;
    let wrong_token = app
        .client
        .post(app.url("/api/v1/workspace/users"))
        .header("cookie", &admin.cookie)
        .header("x-csrf-token", "0".repeat(64))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_error(wrong_token, StatusCode::FORBIDDEN, "csrf_failed").await;
    let cross_site = app
        .client
        .post(app.url("/api/v1/workspace/users"))
        .header("cookie", &admin.cookie)
        .header("x-csrf-token", &admin.csrf)
        .header("origin", "https://evil.example")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_error(cross_site, StatusCode::FORBIDDEN, "csrf_failed").await;
    let cross_login = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("sec-fetch-site", "cross-site")
        .json(&json!({"username": "admin", "password": DEMO_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_error(cross_login, StatusCode::FORBIDDEN, "csrf_failed").await;

    let after: Value = admin
        .get("/api/v1/workspace/users")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(before["total"], after["total"]);
    // With the token (and a same-origin Origin) it works.
    let ok = app
        .client
        .post(app.url("/api/v1/workspace/users"))
        .header("cookie", &admin.cookie)
        .header("x-csrf-token", &admin.csrf)
        .header("origin", format!("http://{}", app.addr))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::CREATED);
}

async fn an_idle_session_expires(backend: Backend) {
    let config = ServeConfig {
        sessions: SessionConfig {
            session_idle: Duration::from_secs(1),
            ..SessionConfig::default()
        },
        ..ServeConfig::default()
    };
    let app = spawn_with_config(backend, config).await;
    server::seed::demo(&app.db, &app.keys().await)
        .await
        .unwrap();
    let session = app.login("auditor", DEMO_PASSWORD).await;
    assert_eq!(
        session.get("/api/v1/auth/session").await.status(),
        StatusCode::OK
    );
    tokio::time::sleep(Duration::from_millis(2100)).await;
    assert_error(
        session.get("/api/v1/auth/session").await,
        StatusCode::UNAUTHORIZED,
        "session_expired",
    )
    .await;
    // The session is gone, not merely refused.
    assert_error(
        session.get("/api/v1/auth/session").await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
}

async fn a_session_ends_at_its_absolute_limit(backend: Backend) {
    let config = ServeConfig {
        sessions: SessionConfig {
            session_max: Duration::from_secs(1),
            ..SessionConfig::default()
        },
        ..ServeConfig::default()
    };
    let app = spawn_with_config(backend, config).await;
    server::seed::demo(&app.db, &app.keys().await)
        .await
        .unwrap();
    let session = app.login("auditor", DEMO_PASSWORD).await;
    for _ in 0..3 {
        tokio::time::sleep(Duration::from_millis(700)).await;
        let _ = session.get("/api/v1/auth/session").await;
    }
    assert_error(
        session.get("/api/v1/auth/session").await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
}

async fn admins_create_accounts_that_must_change_their_password(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let admin = app.login("admin", DEMO_PASSWORD).await;
    let th_dept = app.login("th.clerk", DEMO_PASSWORD).await.department_id();
    let create = |username: &str, password: &str| json!({"username": username, "display_name": "李四", "department_id": th_dept, "role": "reviewer", "password": password});
    let created = admin
        .post("/api/v1/workspace/users", create("Li.Si", "Temp-pass-2026"))
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let account: Value = created.json().await.unwrap();
    assert_eq!(account["username"], "li.si");
    assert_eq!(account["must_change_password"], true);

    let dup = assert_error(
        admin
            .post("/api/v1/workspace/users", create("li.si", "Temp-pass-2026"))
            .await,
        StatusCode::CONFLICT,
        "conflict",
    )
    .await;
    assert_eq!(dup["error"]["field"], "username");
    let weak = assert_error(
        admin
            .post("/api/v1/workspace/users", create("wang.wu", "password"))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    )
    .await;
    assert_eq!(weak["error"]["field"], "password");
    let bad_name = assert_error(
        admin
            .post("/api/v1/workspace/users", create("王五", "Temp-pass-2026"))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    )
    .await;
    assert_eq!(bad_name["error"]["field"], "username");

    let mut li = app.login("li.si", "Temp-pass-2026").await;
    assert_eq!(li.info["user"]["must_change_password"], true);
    let path = format!("/api/v1/workspace/departments/{th_dept}/users");
    assert_error(
        li.get(&path).await,
        StatusCode::FORBIDDEN,
        "password_change_required",
    )
    .await;
    let wrong_current = li
        .post(
            "/api/v1/auth/password",
            json!({"current_password": "nope", "new_password": "Own-secret-2026"}),
        )
        .await;
    let body = assert_error(
        wrong_current,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    )
    .await;
    assert_eq!(body["error"]["field"], "current_password");
    let changed = li
        .post(
            "/api/v1/auth/password",
            json!({"current_password": "Temp-pass-2026", "new_password": "Own-secret-2026"}),
        )
        .await;
    assert_eq!(changed.status(), StatusCode::NO_CONTENT);
    // The session goes on under the new token the change set.
    li.cookie = changed.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    assert_eq!(li.get(&path).await.status(), StatusCode::OK);
    assert_error(
        app.try_login("li.si", "Temp-pass-2026").await,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    )
    .await;
    app.login("li.si", "Own-secret-2026").await;
}

async fn disabling_an_account_ends_its_sessions_and_reset_forces_a_change(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let admin = app.login("admin", DEMO_PASSWORD).await;
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    let id = clerk.user_id();

    assert_error(
        admin
            .post(
                &format!("/api/v1/workspace/users/{}/disable", admin.user_id()),
                json!({}),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    )
    .await;
    let disabled: Value = admin
        .post(&format!("/api/v1/workspace/users/{id}/disable"), json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(disabled["active"], false);
    assert_error(
        clerk.get("/api/v1/auth/session").await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    )
    .await;
    assert_error(
        app.try_login("th.clerk", DEMO_PASSWORD).await,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    )
    .await;

    admin
        .post(&format!("/api/v1/workspace/users/{id}/enable"), json!({}))
        .await;
    let reset = admin
        .post(
            &format!("/api/v1/workspace/users/{id}/reset-password"),
            json!({"new_password": "Reset-pass-2026"}),
        )
        .await;
    assert_eq!(reset.status(), StatusCode::OK);
    let again = app.login("th.clerk", "Reset-pass-2026").await;
    assert_eq!(again.info["user"]["must_change_password"], true);
    assert_error(
        admin
            .post("/api/v1/workspace/users/999999/disable", json!({}))
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}

crate::on_both_backends!(
    signing_in_opens_a_strict_http_only_session_and_signing_out_ends_it,
    unknown_users_and_wrong_passwords_get_the_same_answer,
    repeated_failures_lock_the_account_and_say_when_to_retry,
    many_failures_from_one_address_lock_that_address,
    writes_without_the_csrf_token_are_refused_and_change_nothing,
    an_idle_session_expires,
    a_session_ends_at_its_absolute_limit,
    admins_create_accounts_that_must_change_their_password,
    disabling_an_account_ends_its_sessions_and_reset_forces_a_change,
);
