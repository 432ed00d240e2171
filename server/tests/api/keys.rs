//! Signing keys: published at /api/v1/keys, rotated from the command line.

use std::process::Command;

use reqwest::StatusCode;

use crate::helpers::{Backend, Finish, anma, database, spawn, spawn_with_demo};

async fn the_signing_key_is_published(backend: Backend) {
    let app = spawn(backend).await;
    let body = app.get_json("/api/v1/keys", StatusCode::OK).await;
    assert_eq!(body["total"], 1);
    let key = &body["items"][0];
    assert_eq!(key["algorithm"], "Ed25519");
    assert_eq!(key["current"], true);
    assert_eq!(key["id"].as_str().unwrap().len(), 16);
    assert_eq!(key["public_key"].as_str().unwrap().len(), 64);
    // Only public material leaves the server.
    assert!(!body.to_string().contains("secret"));
}

async fn rotation_adds_a_key_and_keeps_the_old_one(backend: Backend) {
    let (dir, _pg, config) = database(backend).await;
    let run = async |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_anma"))
            .args(["--database-url", config.database_url.as_deref().unwrap()])
            .args(args)
            .env("ANMA_DATA_DIR", dir.path())
            .env("RUST_LOG", "error")
            .finish()
            .await;
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    let first = run(&["keys", "list"]).await;
    assert_eq!(first.lines().count(), 1);
    let rotated = run(&["keys", "rotate"]).await;
    assert!(rotated.starts_with("new signing key "));
    let listed = run(&["keys", "list"]).await;
    let lines: Vec<&str> = listed.lines().collect();
    assert_eq!(lines.len(), 2);
    assert!(lines[0].ends_with("(signing)"));
    assert!(!lines[1].ends_with("(signing)"));
    let first_id = first.split_whitespace().next().unwrap();
    assert!(lines[1].starts_with(first_id), "{listed}");
}

/// A second server on the same database with an empty keys directory: `anma serve`
/// exits at once, naming the fix, and makes no key of its own.
async fn a_second_server_without_the_keys_refuses_to_start(backend: Backend) {
    let app = spawn(backend).await;
    let config = app.database_config();
    let empty = app.dir.path().join("second-server-keys");
    let out = anma(&config)
        .args(["serve", "--listen", "127.0.0.1:0", "--keys-dir"])
        .arg(&empty)
        .finish()
        .await;
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("Copy the keys directory"), "{stderr}");
    assert!(stderr.contains("docs/deployment.md"), "{stderr}");
    let made: Vec<_> = std::fs::read_dir(&empty).unwrap().collect();
    assert!(made.is_empty(), "{made:?}");
    // The first server still publishes its one key.
    let body = app.get_json("/api/v1/keys", StatusCode::OK).await;
    assert_eq!(body["total"], 1);
}

/// A key's file may be lost (or removed after a rotation): the registry keeps the key
/// published, so what it signed still verifies on a server that never held it.
async fn a_deleted_key_file_still_verifies_what_it_signed(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let (code, signature) = server::seed::demo_example(&app.db).await.unwrap().unwrap();
    let config = app.database_config();
    let keys_dir = app.dir.path().join("keys");
    let old: Vec<_> = std::fs::read_dir(&keys_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "key"))
        .collect();
    assert_eq!(old.len(), 1);
    let out = anma(&config).args(["keys", "rotate"]).finish().await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::remove_file(&old[0]).unwrap();
    // A server started now holds only the new key.
    let ring = server::keys::KeyRing::open(&keys_dir, &app.db)
        .await
        .unwrap();
    let serve = server::config::ServeConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        site_dir: app.dir.path().join("no-site"),
        ..Default::default()
    };
    let second = server::startup::Application::build(&serve, app.db.clone(), ring)
        .await
        .unwrap();
    let addr = second.local_addr();
    tokio::spawn(second.run_until_stopped());
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let keys: serde_json::Value = client
        .get(format!("http://{addr}/api/v1/keys"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(keys["total"], 2);
    assert_eq!(keys["items"][0]["current"], true);
    let verdict: serde_json::Value = client
        .get(format!(
            "http://{addr}/api/v1/verify/{code}?sig={signature}"
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(verdict["signature"], "valid", "{verdict}");
    // Retiring the old key keeps it published; the new one cannot be retired while it is
    // the last live key held here.
    let old_id = keys["items"][1]["id"].as_str().unwrap().to_owned();
    let new_id = keys["items"][0]["id"].as_str().unwrap().to_owned();
    let out = anma(&config)
        .args(["keys", "retire", &old_id])
        .finish()
        .await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = anma(&config)
        .args(["keys", "retire", &new_id])
        .finish()
        .await;
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("anma keys rotate"));
    let listed = anma(&config).args(["keys", "list"]).finish().await;
    let listed = String::from_utf8_lossy(&listed.stdout);
    assert!(
        listed.lines().any(|l| l.starts_with(&old_id)
            && l.contains("(retired)")
            && l.contains("(not held here)")),
        "{listed}"
    );
}

crate::on_both_backends!(
    the_signing_key_is_published,
    rotation_adds_a_key_and_keeps_the_old_one,
    a_second_server_without_the_keys_refuses_to_start,
    a_deleted_key_file_still_verifies_what_it_signed,
);
