//! The `anma` binary itself, as operations scripts run it.

use std::{
    io::{BufRead, BufReader},
    process::{Command, Stdio},
};

use crate::helpers::{Backend, Finish, anma, database};

async fn migrate_and_seed_run_from_the_command_line(backend: Backend) {
    let (_dir, _pg, config) = database(backend).await;
    let out = anma(&config).arg("migrate").finish().await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The newest migration: as many as there are files.
    let newest = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/sqlite"))
        .unwrap()
        .count();
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains(&format!("database is at migration {newest}"))
    );

    let out = anma(&config).args(["seed", "--demo"]).finish().await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let first = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        first.contains("departments added") && !first.contains(" 0 departments added"),
        "{first}"
    );

    let again = anma(&config).args(["seed", "--demo"]).finish().await;
    assert!(String::from_utf8_lossy(&again.stdout).contains(" 0 departments added"));

    let skipped = anma(&config)
        .args(["seed", "--demo", "--if-empty"])
        .finish()
        .await;
    assert!(skipped.status.success());
    assert!(String::from_utf8_lossy(&skipped.stdout).contains("skipped"));

    let optimized = anma(&config).arg("optimize").finish().await;
    assert!(
        optimized.status.success(),
        "{}",
        String::from_utf8_lossy(&optimized.stderr)
    );
    assert!(String::from_utf8_lossy(&optimized.stdout).contains("search index compacted"));

    let bare = anma(&config).arg("seed").finish().await;
    assert!(!bare.status.success());
    assert!(String::from_utf8_lossy(&bare.stderr).contains("--demo"));
}

async fn serve_prints_its_address_and_stops_on_sigterm(backend: Backend) {
    let (dir, _pg, config) = database(backend).await;
    let mut child = anma(&config)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .env("ANMA_SITE_DIR", dir.path().join("no-site"))
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line.trim().rsplit(' ').next().unwrap().to_owned();
    assert!(
        url.starts_with("http://127.0.0.1:") && !url.contains(":0/"),
        "{line}"
    );

    let health: serde_json::Value = reqwest::Client::builder()
        .no_proxy()
        .build()
        .unwrap()
        .get(format!("{url}api/v1/health"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["status"], "ok");
    let page = reqwest::Client::builder()
        .no_proxy()
        .build()
        .unwrap()
        .get(&url)
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), reqwest::StatusCode::SERVICE_UNAVAILABLE);

    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "exit after SIGTERM: {status:?}");
}

async fn a_bad_database_url_is_a_clear_error(_backend: Backend) {
    let out = Command::new(env!("CARGO_BIN_EXE_anma"))
        .args(["--database-url", "mysql://localhost/x", "migrate"])
        .finish()
        .await;
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unsupported database URL"));
}

crate::on_both_backends!(
    migrate_and_seed_run_from_the_command_line,
    serve_prints_its_address_and_stops_on_sigterm,
    a_bad_database_url_is_a_clear_error,
);
