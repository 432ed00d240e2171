//! Backups that restore: a backup taken while decisions are being issued restores into a
//! fresh data directory (or an empty database) with every write acknowledged before it
//! began, every QR signature verifying and the audit chain intact.

use std::sync::{
    Arc, Mutex,
    atomic::{AtomicBool, Ordering},
};

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::cases::{decisions, penalty};
use crate::helpers::{Backend, DEMO_PASSWORD, Finish, PgDatabase, anma, spawn_with_demo};
use crate::tokens::create;

async fn a_backup_under_writes_restores_everything_acknowledged(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let reviewer = app.login("th.reviewer", DEMO_PASSWORD).await;
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    let token = create(&reviewer, &["decisions:write"]).await;
    let secret = token["secret"].as_str().unwrap().to_owned();
    let year = app.db.clock().today().year();
    let mut template = penalty(&clerk, "").await;
    template["decision_date"] = json!(app.db.clock().today());
    template["issue"] = json!(true);

    // A writer issues decisions one after another, noting each acknowledged one.
    let acknowledged: Arc<Mutex<Vec<Value>>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (acknowledged, stop) = (acknowledged.clone(), stop.clone());
        let client = app.client.clone();
        let url = app.url(&decisions(&clerk));
        let secret = secret.clone();
        tokio::spawn(async move {
            let mut n = 50_000;
            while !stop.load(Ordering::Relaxed) {
                let mut body = template.clone();
                body["document_number"] = json!(format!("穗天市监罚〔{year}〕{n}号"));
                n += 1;
                let r = client
                    .post(&url)
                    .header("authorization", format!("Bearer {secret}"))
                    .json(&body)
                    .send()
                    .await
                    .unwrap();
                assert_eq!(r.status(), StatusCode::CREATED);
                let made: Value = r.json().await.unwrap();
                acknowledged.lock().unwrap().push(made);
            }
        })
    };
    while acknowledged.lock().unwrap().len() < 5 {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let before: Vec<Value> = acknowledged.lock().unwrap().clone();
    let to = app.dir.path().join("backup");
    let out = anma(&app.database_config())
        .args(["backup", "--to"])
        .arg(&to)
        .finish()
        .await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stop.store(true, Ordering::Relaxed);
    writer.await.unwrap();
    assert!(
        acknowledged.lock().unwrap().len() > before.len(),
        "no write ran during the backup"
    );
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(to.join("manifest.json")).unwrap()).unwrap();
    assert!(manifest["migration_version"].as_i64().unwrap() >= 15);
    let files: Vec<&str> = manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert!(files.contains(&"keys/deployment.secret"), "{files:?}");
    assert!(files.iter().any(|f| f.ends_with(".key")));

    // Restored into a fresh directory (and, on PostgreSQL, an empty database).
    let fresh = tempfile::tempdir().unwrap();
    let pg = match backend {
        Backend::Postgres => Some(PgDatabase::create().await),
        Backend::Sqlite => None,
    };
    let target = server::config::DatabaseConfig {
        data_dir: fresh.path().to_path_buf(),
        keys_dir: None,
        database_url: Some(match &pg {
            Some(pg) => pg.url.clone(),
            None => format!(
                "sqlite://{}?mode=rwc",
                fresh.path().join("anma.db").display()
            ),
        }),
    };
    let out = anma(&target)
        .args(["restore", "--from"])
        .arg(&to)
        .finish()
        .await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Not twice over the same data.
    let again = anma(&target)
        .args(["restore", "--from"])
        .arg(&to)
        .finish()
        .await;
    assert!(!again.status.success());
    let out = anma(&target).args(["audit", "verify"]).finish().await;
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );

    // A server on the restored copy knows every acknowledged decision, and each QR
    // signature verifies against the restored keys.
    let db = server::db::Db::open(&target).await.unwrap();
    let ring = server::keys::KeyRing::open(&target.keys_dir(), &db)
        .await
        .unwrap();
    let serve = server::config::ServeConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        site_dir: fresh.path().join("no-site"),
        lookups: server::config::LookupConfig {
            lookups_per_minute: 100_000,
            ..Default::default()
        },
        ..Default::default()
    };
    let restored = server::startup::Application::build(&serve, db.clone(), ring)
        .await
        .unwrap();
    let at = restored.local_addr();
    tokio::spawn(restored.run_until_stopped());
    for d in &before {
        let code = d["case_code"].as_str().unwrap();
        let signature = d["signature"].as_str().unwrap();
        let v: Value = app
            .client
            .get(format!("http://{at}/api/v1/verify/{code}?sig={signature}"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(v["signature"], "valid", "{code}: {v}");
        assert_eq!(v["status"], "issued");
    }
    // A damaged backup is refused, and nothing is restored.
    let damaged = tempfile::tempdir().unwrap();
    let copy = damaged.path().join("backup");
    std::fs::create_dir_all(copy.join("keys")).unwrap();
    for f in std::fs::read_dir(&to).unwrap() {
        let p = f.unwrap().path();
        if p.is_file() {
            std::fs::copy(&p, copy.join(p.file_name().unwrap())).unwrap();
        }
    }
    for f in std::fs::read_dir(to.join("keys")).unwrap() {
        let p = f.unwrap().path();
        std::fs::copy(&p, copy.join("keys").join(p.file_name().unwrap())).unwrap();
    }
    let secret_file = copy.join("keys/deployment.secret");
    let mut bytes = std::fs::read(&secret_file).unwrap();
    bytes[0] = if bytes[0] == b'0' { b'1' } else { b'0' };
    std::fs::write(&secret_file, bytes).unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let sqlite_target = server::config::DatabaseConfig {
        data_dir: elsewhere.path().to_path_buf(),
        keys_dir: None,
        database_url: Some(format!(
            "sqlite://{}?mode=rwc",
            elsewhere.path().join("anma.db").display()
        )),
    };
    let out = anma(&sqlite_target)
        .args(["restore", "--from"])
        .arg(&copy)
        .finish()
        .await;
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not match its checksum"));
    assert!(!elsewhere.path().join("anma.db").exists());
}

crate::on_both_backends!(a_backup_under_writes_restores_everything_acknowledged);
