//! Scale-out: two `anma serve` processes on one PostgreSQL database share nothing but
//! the database (and the key files). Sessions work on either; decisions issued through
//! both at once get distinct case codes.

use std::net::SocketAddr;

use reqwest::StatusCode;
use serde_json::{Value, json};

use server::{config::ServeConfig, db::Db, keys::KeyRing, startup::Application};

use crate::helpers::{Backend, DEMO_PASSWORD, TestApp, claim_on, officer, spawn_with_demo};

/// A second server on the same database and key directory.
pub async fn second_server(app: &TestApp) -> SocketAddr {
    let db = Db::open(&app.database_config())
        .await
        .unwrap()
        .with_clock(app.db.clock().clone());
    let serve = ServeConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        site_dir: app.dir.path().join("site"),
        ..ServeConfig::default()
    };
    let keys = KeyRing::open(&app.dir.path().join("keys"), &app.db)
        .await
        .unwrap();
    let second = Application::build(&serve, db, keys).await.unwrap();
    let addr = second.local_addr();
    tokio::spawn(second.run_until_stopped());
    addr
}

async fn two_servers_share_sessions_and_never_repeat_a_code(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let other = second_server(&app).await;
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    // The session from the first server works on the second.
    let on_other = app
        .client
        .get(format!("http://{other}/api/v1/auth/session"))
        .header("cookie", &clerk.cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(on_other.status(), StatusCode::OK);

    let base = format!(
        "/api/v1/workspace/departments/{}/decisions",
        clerk.department_id()
    );
    let claim = claim_on(&clerk, "CF00003000").await;
    let ids = [
        officer(&clerk, "44010621000101").await,
        officer(&clerk, "44010621000102").await,
    ];
    let mut drafts = Vec::new();
    for n in 0..16 {
        let body = json!({
            "document_number": format!("穗天市监罚〔2026〕{}号", 3000 + n), "claim_id": claim,
            "kind": "penalty", "procedure": "ordinary", "party_kind": "organisation",
            "party_name": "广州某食品有限公司", "party_uscc": "91350100M000100Y43",
            "facts": "销售过期食品。", "legal_basis": "《食品安全法》", "result": "罚款。",
            "penalty_types": ["fine"], "amount_fen": 100_000, "decision_date": "2026-06-01",
            "officer_ids": ids,
        });
        let response = clerk.post(&base, body).await;
        assert_eq!(response.status(), StatusCode::CREATED);
        drafts.push(response.json::<Value>().await.unwrap());
    }
    // Half through each server, all at once.
    let issues = drafts.iter().enumerate().map(|(i, d)| {
        let host = if i % 2 == 0 { app.addr } else { other };
        app.client
            .post(format!("http://{host}{base}/{}/issue", d["id"]))
            .header("cookie", &clerk.cookie)
            .header("x-csrf-token", &clerk.csrf)
            .json(&json!({"expected_version": d["version"]}))
            .send()
    });
    let mut codes = Vec::new();
    for response in futures_util::future::join_all(issues).await {
        let response = response.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let d: Value = response.json().await.unwrap();
        codes.push(d["case_code"].as_str().unwrap().to_owned());
    }
    let mut distinct = codes.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), codes.len(), "{codes:?}");
    // Either server verifies any of them.
    for (i, code) in codes.iter().enumerate() {
        let host = if i % 2 == 0 { other } else { app.addr };
        let v = app
            .client
            .get(format!("http://{host}/api/v1/verify/{code}"))
            .send()
            .await
            .unwrap();
        assert_eq!(v.status(), StatusCode::OK);
    }
}

/// Several servers share one PostgreSQL database; SQLite is the one-machine backend.
#[tokio::test]
async fn postgres() {
    if crate::helpers::postgres_skipped() {
        return;
    }
    two_servers_share_sessions_and_never_repeat_a_code(Backend::Postgres).await;
}
