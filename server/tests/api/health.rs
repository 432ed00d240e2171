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
);
