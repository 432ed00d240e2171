//! Holding under load, in a test binary of its own so that no other test competes for
//! the machine while it measures: 20 exports opened and never read, 64 searches at once,
//! and health and verification still answering within a second. The server is the real
//! `anma` binary in its own process, as in production.
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code, unused_imports)]

#[path = "../api/helpers.rs"]
mod helpers;

use std::time::{Duration, Instant};

use std::{
    io::{BufRead, BufReader},
    process::{Child, Stdio},
};

use reqwest::StatusCode;

use crate::helpers::{Backend, anma, assert_error, postgres_skipped};

/// The real `anma` binary serving a database with the demo data and 5,000 synthetic
/// decisions: the server in its own process, as in production, the clients here.
struct Served {
    child: Child,
    database_url: String,
    addr: String,
    client: reqwest::Client,
    _dir: tempfile::TempDir,
    _pg: Option<helpers::PgDatabase>,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Served {
    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }
}

async fn serve(backend: Backend) -> Served {
    let (dir, pg, config) = helpers::database(backend).await;
    let out = anma(&config)
        .args([
            "seed",
            "--synthetic",
            "5000",
            "--departments",
            "50",
            "--claims",
            "200",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut child = anma(&config)
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--max-exports",
            "20",
            "--max-exports-per-address",
            "21",
            "--max-searches",
            "32",
            "--max-searches-per-address",
            "64",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .trim()
        .strip_prefix("Anma is serving at http://")
        .and_then(|a| a.strip_suffix('/'))
        .unwrap_or_else(|| panic!("unexpected first line: {line}"))
        .to_owned();
    Served {
        child,
        database_url: config.database_url.clone().unwrap_or_default(),
        addr,
        client: reqwest::Client::builder().no_proxy().build().unwrap(),
        _dir: dir,
        _pg: pg,
    }
}

async fn slow_export_readers_and_a_crowd_of_searchers_leave_the_site_answering(backend: Backend) {
    let app = serve(backend).await;
    let code: String = {
        let db = server::db::Db::connect(&app.database_url).await.unwrap();
        let (code, _) = server::seed::demo_example(&db).await.unwrap().unwrap();
        db.close().await;
        code.to_string()
    };
    // 20 exports opened and never read.
    let mut readers = Vec::new();
    for _ in 0..20 {
        let r = app.get("/api/v1/disclosures.json").await;
        assert_eq!(r.status(), StatusCode::OK);
        readers.push(r);
    }
    // 64 searches at once: each answers, or is turned away at once.
    let searches = (0..64).map(|i| {
        let app = &app;
        async move {
            app.get(&format!(
                "/api/v1/disclosures?q=%E9%A3%9F%E5%93%81&limit={}",
                10 + i % 20
            ))
            .await
            .status()
        }
    });
    let crowd = futures_util::future::join_all(searches);
    let probe = async {
        tokio::time::sleep(Duration::from_millis(50)).await;
        let started = Instant::now();
        let health = app.get("/api/v1/health").await.status();
        let verify = app.get(&format!("/api/v1/verify/{code}")).await.status();
        (health, verify, started.elapsed())
    };
    let (statuses, (health, verify, took)) = tokio::join!(crowd, probe);
    assert_eq!(health, StatusCode::OK);
    assert_eq!(verify, StatusCode::OK);
    assert!(
        took < Duration::from_secs(1),
        "health and verify took {took:?}"
    );
    assert!(
        statuses
            .iter()
            .all(|s| *s == StatusCode::OK || *s == StatusCode::SERVICE_UNAVAILABLE),
        "{statuses:?}"
    );
    // A 21st export is turned away while the 20 hold their places.
    assert_error(
        app.get("/api/v1/disclosures.csv").await,
        StatusCode::SERVICE_UNAVAILABLE,
        "busy",
    )
    .await;
    drop(readers);
}

/// One backend after the other: the two must not load the machine at once.
#[tokio::test]
async fn health_and_verify_answer_under_load() {
    slow_export_readers_and_a_crowd_of_searchers_leave_the_site_answering(Backend::Sqlite).await;
    if !postgres_skipped() {
        slow_export_readers_and_a_crowd_of_searchers_leave_the_site_answering(Backend::Postgres)
            .await;
    }
}
