//! Signing keys: published at /api/v1/keys, rotated from the command line.

use std::process::Command;

use reqwest::StatusCode;

use crate::helpers::{Backend, database, spawn};

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
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_anma"))
            .args(["--database-url", config.database_url.as_deref().unwrap()])
            .args(args)
            .env("ANMA_DATA_DIR", dir.path())
            .env("RUST_LOG", "error")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    let first = run(&["keys", "list"]);
    assert_eq!(first.lines().count(), 1);
    let rotated = run(&["keys", "rotate"]);
    assert!(rotated.starts_with("new signing key "));
    let listed = run(&["keys", "list"]);
    let lines: Vec<&str> = listed.lines().collect();
    assert_eq!(lines.len(), 2);
    assert!(lines[0].ends_with("(signing)"));
    assert!(!lines[1].ends_with("(signing)"));
    let first_id = first.split_whitespace().next().unwrap();
    assert!(lines[1].starts_with(first_id), "{listed}");
}

crate::on_both_backends!(
    the_signing_key_is_published,
    rotation_adds_a_key_and_keeps_the_old_one
);
