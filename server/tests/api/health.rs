use reqwest::StatusCode;

use crate::helpers::{Backend, assert_error, spawn};

async fn health_reports_the_backend_and_migration(backend: Backend) {
    let app = spawn(backend).await;
    let body = app.get_json("/api/v1/health", StatusCode::OK).await;
    assert_eq!(body["status"], "ok");
    assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
    let expected = match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    };
    assert_eq!(body["database"], expected);
    assert!(body["migration_version"].as_i64().unwrap() >= 1);
}

async fn unknown_api_paths_get_a_json_404(backend: Backend) {
    let app = spawn(backend).await;
    for path in ["/api/v1/nope", "/api/nope", "/api/v2/health"] {
        let body = assert_error(app.get(path).await, StatusCode::NOT_FOUND, "not_found").await;
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains(path.trim_start_matches("/api"))
        );
    }
}

async fn responses_carry_a_request_id_and_security_headers(backend: Backend) {
    let app = spawn(backend).await;
    for path in ["/api/v1/health", "/"] {
        let response = app.get(path).await;
        let headers = response.headers();
        assert!(
            headers.get("x-request-id").is_some_and(|v| v.len() >= 32),
            "{path}"
        );
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"));
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert_eq!(headers["referrer-policy"], "no-referrer");
    }
    let api = app.get("/api/v1/health").await;
    assert_eq!(api.headers()["cache-control"], "no-store");
}

async fn a_client_request_id_is_kept(backend: Backend) {
    let app = spawn(backend).await;
    let response = app
        .client
        .get(app.url("/api/v1/health"))
        .header("x-request-id", "trace-me-42")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["x-request-id"], "trace-me-42");
}

crate::on_both_backends!(
    health_reports_the_backend_and_migration,
    unknown_api_paths_get_a_json_404,
    responses_carry_a_request_id_and_security_headers,
    a_client_request_id_is_kept,
    metrics_move_with_the_traffic_and_readiness_tells_the_balancer,
);

/// The value of the sample whose line starts with `name{` and holds every label given.
fn sample(text: &str, name: &str, labels: &[&str]) -> f64 {
    text.lines()
        .filter(|l| l.starts_with(&format!("{name}{{")) || l.starts_with(&format!("{name} ")))
        .filter(|l| labels.iter().all(|x| l.contains(x)))
        .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
        .sum()
}

async fn metrics_move_with_the_traffic_and_readiness_tells_the_balancer(backend: Backend) {
    let serve = server::config::ServeConfig {
        metrics_listen: Some("127.0.0.1:0".parse().unwrap()),
        ..Default::default()
    };
    let app = crate::helpers::spawn_with_config(backend, serve).await;
    server::seed::demo(&app.db, &app.keys().await)
        .await
        .unwrap();
    let ready = app.get_json("/api/v1/ready", StatusCode::OK).await;
    assert_eq!(ready["status"], "ready");
    let scrape_url = format!("http://{}/metrics", app.metrics_addr.unwrap());
    let scrape = || async {
        let r = app.client.get(&scrape_url).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        assert!(
            r.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/plain")
        );
        r.text().await.unwrap()
    };
    let before = scrape().await;
    for _ in 0..3 {
        app.get("/api/v1/keys").await;
    }
    let (code, signature) = server::seed::demo_example(&app.db).await.unwrap().unwrap();
    let verified = app
        .get(&format!("/api/v1/verify/{code}?sig={signature}"))
        .await;
    assert_eq!(verified.status(), StatusCode::OK);
    let wrong = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .json(&serde_json::json!({ "username": "th.clerk", "password": "wrong-password-1" }))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    let after = scrape().await;
    let keys = ["route=\"/api/v1/keys\"", "status=\"200\""];
    assert_eq!(
        sample(&after, "anma_http_requests_total", &keys)
            - sample(&before, "anma_http_requests_total", &keys),
        3.0,
        "{after}"
    );
    assert!(
        sample(
            &after,
            "anma_http_request_duration_seconds_count",
            &["route=\"/api/v1/keys\""]
        ) >= 3.0
    );
    assert_eq!(
        sample(&after, "anma_sign_in_failures_total", &[])
            - sample(&before, "anma_sign_in_failures_total", &[]),
        1.0
    );
    assert_eq!(
        sample(
            &after,
            "anma_verify_verdicts_total",
            &["signature=\"valid\""]
        ),
        1.0,
        "{after}"
    );
    assert!(sample(&after, "anma_audit_chain_length", &[]) > 10.0);
    assert!(after.contains("anma_db_pool_connections{state=\"idle\"}"));
    assert!(after.contains("anma_publication_overdue"));
    // Admins read the same on the API; others do not.
    let admin = app.login("admin", crate::helpers::DEMO_PASSWORD).await;
    let r = admin.get("/api/v1/workspace/metrics").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("anma_http_requests_total"));
    let clerk = app.login("th.clerk", crate::helpers::DEMO_PASSWORD).await;
    assert_eq!(
        clerk.get("/api/v1/workspace/metrics").await.status(),
        StatusCode::FORBIDDEN
    );

    // A server on a database its migrations have not reached is not ready.
    let dir = tempfile::tempdir().unwrap();
    let bare = server::db::Db::connect(&format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("bare.db").display()
    ))
    .await
    .unwrap();
    sqlx::query(
        "CREATE TABLE _sqlx_migrations (version BIGINT PRIMARY KEY, success BOOLEAN NOT NULL)",
    )
    .execute(bare.pool())
    .await
    .unwrap();
    let other = server::startup::Application::build(
        &server::config::ServeConfig {
            listen: "127.0.0.1:0".parse().unwrap(),
            site_dir: dir.path().join("no-site"),
            ..Default::default()
        },
        bare.clone(),
        app.keys().await,
    )
    .await
    .unwrap();
    let at = other.local_addr();
    tokio::spawn(other.run_until_stopped());
    let r = app
        .client
        .get(format!("http://{at}/api/v1/ready"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    let e: serde_json::Value = r.json().await.unwrap();
    assert_eq!(e["error"]["rule"], "ready.migrations");
    // And one whose database is gone is not ready either, while it stays alive.
    bare.pool().close().await;
    let r = app
        .client
        .get(format!("http://{at}/api/v1/ready"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    let e: serde_json::Value = r.json().await.unwrap();
    assert_eq!(e["error"]["rule"], "ready.database");
}
