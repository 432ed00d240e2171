//! The audit trail: every workspace write is logged; tampering is detected.

use std::process::Command;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Backend, DEMO_PASSWORD, Finish, TestApp, assert_error, spawn_with_demo};

/// The number of entries before a test's own history (the demo seed writes some).
async fn base(app: &TestApp) -> i64 {
    sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM audit_log")
        .fetch_one(app.db.pool())
        .await
        .unwrap()
}

async fn some_history(app: &TestApp) -> i64 {
    let base = base(app).await;
    let admin = app.login("admin", DEMO_PASSWORD).await;
    for name in ["zhao.yi", "qian.er"] {
        let r = admin
            .post(
                "/api/v1/workspace/users",
                json!({"username": name, "display_name": "测试",
            "department_id": admin.department_id(), "role": "clerk", "password": "Temp-pass-2026"}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::CREATED);
    }
    let list: Value = admin
        .get("/api/v1/workspace/users")
        .await
        .json()
        .await
        .unwrap();
    let zhao = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["username"] == "zhao.yi")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    admin
        .post(
            &format!("/api/v1/workspace/users/{zhao}/disable"),
            json!({}),
        )
        .await;
    base
}

async fn verify_cli(app: &TestApp) -> (bool, String) {
    verify_cli_with(app, &[]).await
}

/// `anma audit verify` with further arguments.
async fn verify_cli_with(app: &TestApp, extra: &[&str]) -> (bool, String) {
    let config = app.database_config();
    let out = Command::new(env!("CARGO_BIN_EXE_anma"))
        .args([
            "--database-url",
            config.database_url.as_deref().unwrap(),
            "--data-dir",
            app.dir.path().to_str().unwrap(),
            "audit",
            "verify",
        ])
        .args(extra)
        .env("RUST_LOG", "error")
        .finish()
        .await;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

async fn workspace_writes_are_logged_with_who_what_and_digests(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let base = some_history(&app).await;
    let auditor = app.login("auditor", DEMO_PASSWORD).await;
    let log: Value = auditor
        .get("/api/v1/workspace/audit?limit=5")
        .await
        .json()
        .await
        .unwrap();
    let actions: Vec<&str> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    // Newest first: the auditor's sign-in, the disable, two creations, the admin's sign-in.
    assert_eq!(
        actions,
        [
            "auth.login",
            "user.disable",
            "user.create",
            "user.create",
            "auth.login"
        ]
    );
    let disable = &log["items"][1];
    assert_eq!(disable["username"], "admin");
    assert_eq!(disable["before_digest"].as_str().unwrap().len(), 64);
    assert_ne!(disable["before_digest"], disable["after_digest"]);

    let created: Value = auditor
        .get("/api/v1/workspace/audit?action=user.create&user=admin")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(created["total"], 2);
    // Dates filter by the China date of the entry, the date the log shows.
    let today = app::model::Timestamp::parse(log["items"][0]["at"].as_str().unwrap())
        .unwrap()
        .china_date();
    let dated: Value = auditor
        .get(&format!(
            "/api/v1/workspace/audit?from={today}&to={today}&limit=2"
        ))
        .await
        .json()
        .await
        .unwrap();
    // A page of two, and the number of all of today's entries beside it.
    assert_eq!(dated["items"].as_array().unwrap().len(), 2);
    let all_today: Value = auditor
        .get(&format!(
            "/api/v1/workspace/audit?from={today}&to={today}&limit=200"
        ))
        .await
        .json()
        .await
        .unwrap();
    let count = all_today["total"].as_i64().unwrap();
    assert!(count > 2);
    assert_eq!(dated["total"], count);
    // Oldest first, paged forward with `after`: the same entries in the other order.
    let logins = format!("from={today}&to={today}&action=auth.login");
    let newest: Value = auditor
        .get(&format!("/api/v1/workspace/audit?{logins}&limit=200"))
        .await
        .json()
        .await
        .unwrap();
    let mut backward: Vec<i64> = newest["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["seq"].as_i64().unwrap())
        .collect();
    assert!(backward.len() >= 2, "{newest}");
    backward.reverse();
    let mut forward = Vec::new();
    let mut after = String::new();
    loop {
        let page: Value = auditor
            .get(&format!(
                "/api/v1/workspace/audit?{logins}&order=oldest&limit=1{after}"
            ))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(page["total"], newest["total"]);
        let items = page["items"].as_array().unwrap();
        match items.last() {
            Some(last) => {
                forward.push(last["seq"].as_i64().unwrap());
                after = format!("&after={}", last["seq"]);
            }
            None => break,
        }
    }
    assert_eq!(forward, backward);
    assert_error(
        auditor.get("/api/v1/workspace/audit?order=sideways").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    )
    .await;
    let none: Value = auditor
        .get("/api/v1/workspace/audit?to=2000-01-01")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(none["total"], 0);
    assert_error(
        auditor.get("/api/v1/workspace/audit?from=yesterday").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    )
    .await;

    let verified: Value = auditor
        .get("/api/v1/workspace/audit/verify")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(verified["ok"], true);
    assert_eq!(verified["entries"], base + 5);
    let (ok, text) = verify_cli(&app).await;
    assert!(ok, "{text}");
    assert!(text.contains(&format!("{} entries", base + 5)), "{text}");
}

async fn the_log_refuses_updates_and_deletes(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    some_history(&app).await;
    let update = sqlx::query("UPDATE audit_log SET username = 'someone' WHERE seq = 2")
        .execute(app.db.pool())
        .await;
    assert!(update.is_err());
    let delete = sqlx::query("DELETE FROM audit_log WHERE seq = 2")
        .execute(app.db.pool())
        .await;
    assert!(delete.is_err());
    assert!(verify_cli(&app).await.0);
}

/// Simulates an intruder with full database access: drops the append-only triggers, then
/// tampers. `anma audit verify` must exit non-zero naming the first bad entry.
async fn drop_triggers(app: &TestApp, backend: Backend) {
    let statements: &[&str] = match backend {
        Backend::Sqlite => &[
            "DROP TRIGGER audit_log_no_update",
            "DROP TRIGGER audit_log_no_delete",
            "DROP TRIGGER audit_checkpoints_no_update",
            "DROP TRIGGER audit_checkpoints_no_delete",
        ],
        Backend::Postgres => &[
            "DROP TRIGGER audit_log_no_change ON audit_log",
            "DROP TRIGGER audit_checkpoints_no_change ON audit_checkpoints",
        ],
    };
    for s in statements {
        sqlx::query(s).execute(app.db.pool()).await.unwrap();
    }
}

async fn a_changed_row_is_named_by_audit_verify(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    some_history(&app).await;
    drop_triggers(&app, backend).await;
    sqlx::query("UPDATE audit_log SET detail = '{\"username\":\"forged\"}' WHERE seq = 3")
        .execute(app.db.pool())
        .await
        .unwrap();
    let (ok, text) = verify_cli(&app).await;
    assert!(!ok);
    assert!(
        text.contains("entry 3 does not match its hash (changed)"),
        "{text}"
    );
}

async fn a_deleted_row_is_named_by_audit_verify(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    some_history(&app).await;
    drop_triggers(&app, backend).await;
    sqlx::query("DELETE FROM audit_log WHERE seq = 2")
        .execute(app.db.pool())
        .await
        .unwrap();
    let (ok, text) = verify_cli(&app).await;
    assert!(!ok);
    assert!(text.contains("entry 2 is missing (deleted)"), "{text}");

    // Deleting the newest entry is caught by the head record.
    let app = spawn_with_demo(backend).await;
    some_history(&app).await;
    drop_triggers(&app, backend).await;
    sqlx::query("DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)")
        .execute(app.db.pool())
        .await
        .unwrap();
    let (ok, text) = verify_cli(&app).await;
    assert!(!ok);
    assert!(text.contains("newest entries deleted"), "{text}");
}

async fn an_inserted_row_is_named_by_audit_verify(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    some_history(&app).await;
    drop_triggers(&app, backend).await;
    // Shift entries 3.. up by one and slip a forged entry in at 3, copying entry 2's hash
    // as its predecessor: entry 4 (the old 3) no longer follows it.
    sqlx::query("UPDATE audit_log SET seq = seq + 1000000 WHERE seq >= 3")
        .execute(app.db.pool())
        .await
        .unwrap();
    sqlx::query("UPDATE audit_log SET seq = seq - 999999 WHERE seq >= 1000003")
        .execute(app.db.pool())
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO audit_log (seq, at, user_id, username, department_id, action, entity, entity_id, \
         before_digest, after_digest, detail, prev_hash, hash) \
         SELECT 3, at, user_id, username, department_id, 'user.create', 'user', '999', NULL, NULL, '{}', hash, hash \
         FROM audit_log WHERE seq = 2",
    )
    .execute(app.db.pool())
    .await
    .unwrap();
    let (ok, text) = verify_cli(&app).await;
    assert!(!ok);
    assert!(text.contains("entry 3"), "{text}");
}

async fn a_rewritten_and_rehashed_log_fails_against_a_signed_checkpoint(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    some_history(&app).await;
    let keys = app.keys().await;
    let checkpoint = server::db::audit::checkpoint(&app.db, &keys)
        .await
        .unwrap()
        .unwrap();
    // Published for anyone to keep.
    let published = app
        .get_json("/api/v1/audit/checkpoints", StatusCode::OK)
        .await;
    // Oldest first; housekeeping may have signed an earlier head while the demo loaded.
    let newest = published["items"].as_array().unwrap().last().unwrap();
    assert_eq!(newest["seq"], checkpoint.seq);
    assert_eq!(newest["hash"], checkpoint.hash.as_str());
    // An intruder with the database but not the key rewrites entry 3 and recomputes every
    // hash after it, and the head: the chain alone is consistent again.
    drop_triggers(&app, backend).await;
    sqlx::query("UPDATE audit_log SET detail = '{\"username\":\"forged\"}' WHERE seq = 3")
        .execute(app.db.pool())
        .await
        .unwrap();
    let mut entries: Vec<app::model::AuditEntry> = Vec::new();
    loop {
        let (page, _) = server::db::audit::list(
            &app.db,
            &app::model::AuditQuery {
                limit: Some(server::db::audit::MAX_PAGE),
                before: entries.last().map(|e| e.seq),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        if page.is_empty() {
            break;
        }
        entries.extend(page);
    }
    entries.sort_by_key(|e| e.seq);
    let mut prev = server::db::audit::GENESIS.to_owned();
    for e in &entries {
        let hash = server::db::audit::entry_hash(e, &prev);
        sqlx::query("UPDATE audit_log SET prev_hash = $1, hash = $2 WHERE seq = $3")
            .bind(&prev)
            .bind(&hash)
            .bind(e.seq)
            .execute(app.db.pool())
            .await
            .unwrap();
        prev = hash;
    }
    sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1")
        .bind(&prev)
        .execute(app.db.pool())
        .await
        .unwrap();
    let (ok, text) = verify_cli(&app).await;
    assert!(!ok, "{text}");
    assert!(text.contains("differs from the checkpoint"), "{text}");
    // Forging the checkpoint too needs the key.
    sqlx::query("UPDATE audit_checkpoints SET hash = $1")
        .bind(&prev)
        .execute(app.db.pool())
        .await
        .unwrap();
    let (ok, text) = verify_cli(&app).await;
    assert!(!ok, "{text}");
    assert!(text.contains("not signed by a published key"), "{text}");
    // Deleting the checkpoints hides the rewrite from the database alone, but not from a
    // copy of the published checkpoints kept elsewhere.
    sqlx::query("DELETE FROM audit_checkpoints")
        .execute(app.db.pool())
        .await
        .unwrap();
    let (ok, text) = verify_cli(&app).await;
    assert!(ok, "the database alone is consistent again: {text}");
    let kept = app.dir.path().join("checkpoints.json");
    std::fs::write(&kept, published.to_string()).unwrap();
    let (ok, text) = verify_cli_with(&app, &["--checkpoints", kept.to_str().unwrap()]).await;
    assert!(!ok, "{text}");
    assert!(text.contains("differs from the checkpoint"), "{text}");
}

async fn checkpoints_cannot_be_changed_or_deleted(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    server::db::audit::checkpoint(&app.db, &app.keys().await)
        .await
        .unwrap()
        .unwrap();
    for statement in [
        "UPDATE audit_checkpoints SET hash = 'x'",
        "DELETE FROM audit_checkpoints",
    ] {
        let result = sqlx::query(statement).execute(app.db.pool()).await;
        assert!(result.is_err(), "{statement} was allowed");
    }
    let kept = app
        .get_json("/api/v1/audit/checkpoints", StatusCode::OK)
        .await;
    assert!(!kept["items"].as_array().unwrap().is_empty());
    // A saved copy that matches passes.
    let file = app.dir.path().join("checkpoints.json");
    std::fs::write(&file, kept["items"].to_string()).unwrap();
    let (ok, text) = verify_cli_with(&app, &["--checkpoints", file.to_str().unwrap()]).await;
    assert!(ok, "{text}");
}

crate::on_both_backends!(
    a_rewritten_and_rehashed_log_fails_against_a_signed_checkpoint,
    checkpoints_cannot_be_changed_or_deleted,
    workspace_writes_are_logged_with_who_what_and_digests,
    the_log_refuses_updates_and_deletes,
    a_changed_row_is_named_by_audit_verify,
    a_deleted_row_is_named_by_audit_verify,
    an_inserted_row_is_named_by_audit_verify,
);
