//! Test harness: a real server on a free port with its own database.
//!
//! SQLite tests get a file in a temporary directory. PostgreSQL tests get a database of
//! their own, created on the server named by `ANMA_TEST_POSTGRES_URL` (default: the local
//! `postgres://postgres@127.0.0.1:5432/postgres`) and dropped when the test ends. Set
//! `ANMA_TEST_POSTGRES=skip` to run the SQLite half only.

use std::{
    net::SocketAddr,
    path::{Path, PathBuf},
    sync::atomic::{AtomicUsize, Ordering},
};

use reqwest::{Response, StatusCode};
use serde_json::Value;
use sqlx::{Connection, Executor, PgConnection};
use tempfile::TempDir;

use server::{
    config::{DatabaseConfig, ServeConfig},
    db::Db,
    startup::Application,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Declares `sqlite` and `postgres` modules running each listed `async fn(Backend)` once
/// per backend.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test] async fn $name() { super::$name($crate::helpers::Backend::Sqlite).await })*
        }
        mod postgres {
            $(#[tokio::test] async fn $name() {
                if $crate::helpers::postgres_skipped() { return; }
                super::$name($crate::helpers::Backend::Postgres).await
            })*
        }
    };
}

pub fn postgres_skipped() -> bool {
    std::env::var("ANMA_TEST_POSTGRES").is_ok_and(|v| v == "skip")
}

fn postgres_admin_url() -> String {
    std::env::var("ANMA_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

/// A fresh, uniquely named database on the test PostgreSQL server.
pub struct PgDatabase {
    pub name: String,
    pub url: String,
}

impl PgDatabase {
    pub async fn create() -> Self {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos();
        let name = format!(
            "anma_test_{}_{}_{nanos}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        let admin = postgres_admin_url();
        let mut conn = PgConnection::connect(&admin)
            .await
            .expect("PostgreSQL for tests is not reachable");
        conn.execute(
            format!("CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'")
                .as_str(),
        )
        .await
        .unwrap();
        let base = admin
            .rsplit_once('/')
            .map(|(b, _)| b)
            .unwrap_or(&admin)
            .to_owned();
        Self {
            url: format!("{base}/{name}"),
            name,
        }
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        let name = self.name.clone();
        // Drop runs outside async; a short-lived runtime on its own thread does the work.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async {
                if let Ok(mut conn) = PgConnection::connect(&postgres_admin_url()).await {
                    let _ = conn
                        .execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str())
                        .await;
                }
            });
        })
        .join();
    }
}

/// A running server with its own database.
pub struct TestApp {
    pub addr: SocketAddr,
    /// The metrics listener, when the test asked for one (`metrics_listen`).
    pub metrics_addr: Option<SocketAddr>,
    pub client: reqwest::Client,
    pub db: Db,
    pub dir: TempDir,
    // Declared last: dropped after the pool is closed.
    _pg: Option<PgDatabase>,
}

impl TestApp {
    /// The server's signing keys (the same files it loaded).
    pub async fn keys(&self) -> server::keys::KeyRing {
        server::keys::KeyRing::open(&self.dir.path().join("keys"), &self.db)
            .await
            .unwrap()
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    /// GET, expecting `status`, returning the JSON body.
    pub async fn get_json(&self, path: &str, status: StatusCode) -> Value {
        let response = self.get(path).await;
        assert_eq!(response.status(), status, "GET {path}");
        response.json().await.unwrap()
    }

    pub fn database_config(&self) -> DatabaseConfig {
        database_config(self.dir.path(), self._pg.as_ref())
    }

    /// Starts one more server on this database, with its own pool, clock and metrics,
    /// as another machine behind the same balancer would run; it holds the same keys.
    pub async fn another_server(&self) -> OtherServer {
        let db = Db::open(&self.database_config()).await.unwrap();
        let keys = server::keys::KeyRing::open(&self.dir.path().join("keys"), &db)
            .await
            .unwrap();
        let serve = ServeConfig {
            listen: "127.0.0.1:0".parse().unwrap(),
            metrics_listen: Some("127.0.0.1:0".parse().unwrap()),
            site_dir: self.dir.path().join("site"),
            ..Default::default()
        };
        let app = Application::build(&serve, db.clone(), keys).await.unwrap();
        let other = OtherServer {
            addr: app.local_addr(),
            metrics_addr: app.metrics_addr().unwrap(),
            db,
        };
        tokio::spawn(app.run_until_stopped());
        other
    }

    /// Moves the server's clock forward to the start of the next minute, so that a test of
    /// a per-minute limit has the whole minute and cannot straddle two.
    pub fn start_a_minute(&self) {
        const MINUTE: i64 = 60_000_000;
        let clock = self.db.clock();
        let next = (clock.now().micros().div_euclid(MINUTE) + 1) * MINUTE;
        clock.set(app::model::Timestamp::from_micros(next));
    }
}

/// A second server on a test's database (`TestApp::another_server`).
pub struct OtherServer {
    pub addr: SocketAddr,
    pub metrics_addr: SocketAddr,
    pub db: Db,
}

fn database_config(dir: &Path, pg: Option<&PgDatabase>) -> DatabaseConfig {
    DatabaseConfig {
        data_dir: dir.to_path_buf(),
        keys_dir: None,
        database_url: Some(match pg {
            Some(pg) => pg.url.clone(),
            None => format!("sqlite://{}?mode=rwc", dir.join("anma.db").display()),
        }),
    }
}

/// The `anma` binary on the database of `config`, as operations scripts run it.
pub fn anma(config: &DatabaseConfig) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_anma"));
    cmd.env_remove("ANMA_DATABASE_URL")
        .env("ANMA_DATA_DIR", &config.data_dir)
        .env("RUST_LOG", "warn");
    if let Some(url) = &config.database_url {
        cmd.arg("--database-url").arg(url);
    }
    cmd
}

/// Runs a command to its end without blocking the test's runtime. A test's runtime has one
/// thread, which the servers under test share: blocked while one of them is between
/// `BEGIN` and `COMMIT`, it would keep SQLite's write lock held until the command, waiting
/// for that lock, gave up.
pub trait Finish {
    fn finish(&mut self) -> impl std::future::Future<Output = std::process::Output>;
}

impl Finish for std::process::Command {
    async fn finish(&mut self) -> std::process::Output {
        let command = std::mem::replace(self, std::process::Command::new("true"));
        tokio::process::Command::from(command)
            .output()
            .await
            .unwrap()
    }
}

/// A database for `backend` in a new temporary directory, without a server.
pub async fn database(backend: Backend) -> (TempDir, Option<PgDatabase>, DatabaseConfig) {
    let dir = tempfile::tempdir().unwrap();
    let pg = match backend {
        Backend::Sqlite => None,
        Backend::Postgres => Some(PgDatabase::create().await),
    };
    let config = database_config(dir.path(), pg.as_ref());
    (dir, pg, config)
}

/// Spawns the server with an empty (migrated) database and a small built site.
pub async fn spawn(backend: Backend) -> TestApp {
    spawn_with_config(backend, ServeConfig::default()).await
}

/// Spawns the server with these settings (its address and site are the test's own).
pub async fn spawn_with_config(backend: Backend, serve: ServeConfig) -> TestApp {
    let (dir, pg, config) = database(backend).await;
    let site_dir = write_site(dir.path());
    let db = Db::open(&config).await.unwrap();
    let serve = ServeConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        site_dir,
        ..serve
    };
    let keys = server::keys::KeyRing::open(&dir.path().join("keys"), &db)
        .await
        .unwrap();
    let app = Application::build(&serve, db.clone(), keys).await.unwrap();
    let addr = app.local_addr();
    let metrics_addr = app.metrics_addr();
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    TestApp {
        addr,
        metrics_addr,
        client,
        db,
        dir,
        _pg: pg,
    }
}

/// Spawns the server with the demo data loaded.
pub async fn spawn_with_demo(backend: Backend) -> TestApp {
    let app = spawn(backend).await;
    server::seed::demo(&app.db, &app.keys().await)
        .await
        .unwrap();
    app
}

pub const INDEX_HTML: &str = "<!doctype html><html lang=\"zh-CN\"><head><title>Anma test site</title></head><body></body></html>";
pub const WORKSPACE_HTML: &str = "<!doctype html><title>Anma test workspace</title>";
pub const SCAN_HTML: &str = "<!doctype html><title>Anma test scanner</title>";
pub const INSPECTION_HTML: &str = "<!doctype html><title>Anma test inspection notice</title>";
pub const POWERS_HTML: &str = "<!doctype html><html lang=\"zh-CN\"><head><title>Anma test power lists</title></head><body></body></html>";
pub const STATS_HTML: &str = "<!doctype html><html lang=\"zh-CN\"><head><title>Anma test statistics</title></head><body></body></html>";
pub const SPOT_CHECKS_HTML: &str = "<!doctype html><html lang=\"zh-CN\"><head><title>Anma test spot checks</title></head><body></body></html>";
pub const VERIFY_HTML: &str = "<!doctype html><html lang=\"zh-CN\"><head><title>Anma test verify page</title></head><body></body></html>";

/// A stand-in for `make site`'s output: index and a hashed asset, each with a brotli
/// sibling (bytes that are not real brotli, so tests can tell which file was served).
fn write_site(root: &Path) -> PathBuf {
    let site = root.join("site");
    std::fs::create_dir_all(site.join("assets")).unwrap();
    std::fs::write(site.join("index.html"), INDEX_HTML).unwrap();
    std::fs::write(site.join("index.html.br"), b"BROTLI-INDEX").unwrap();
    std::fs::write(site.join("workspace.html"), WORKSPACE_HTML).unwrap();
    std::fs::write(site.join("scan.html"), SCAN_HTML).unwrap();
    std::fs::write(site.join("verify.html"), VERIFY_HTML).unwrap();
    std::fs::write(site.join("inspection.html"), INSPECTION_HTML).unwrap();
    std::fs::write(site.join("powers.html"), POWERS_HTML).unwrap();
    std::fs::write(site.join("stats.html"), STATS_HTML).unwrap();
    std::fs::write(site.join("spot-checks.html"), SPOT_CHECKS_HTML).unwrap();
    std::fs::write(site.join("assets/app-0123abcd.js"), "export {};").unwrap();
    std::fs::write(site.join("assets/app-0123abcd.js.br"), b"BROTLI-JS").unwrap();
    std::fs::write(
        site.join("favicon.svg"),
        "<svg xmlns='http://www.w3.org/2000/svg'/>",
    )
    .unwrap();
    site
}

/// Asserts the body is the API's error shape with this code, returning it.
pub async fn assert_error(response: Response, status: StatusCode, code: &str) -> Value {
    assert_eq!(response.status(), status);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], code, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{body}"
    );
    // Every error names the message's key, so a client can write it in its language.
    assert!(
        body["error"]["rule"]
            .as_str()
            .is_some_and(|r| app::model::message::render(
                r,
                &Default::default(),
                None,
                app::model::Lang::En
            )
            .is_some()),
        "{body}"
    );
    body
}

/// A signed-in browser: its cookie and CSRF token.
pub struct Session<'a> {
    pub app: &'a TestApp,
    pub cookie: String,
    pub csrf: String,
    pub info: Value,
}

impl TestApp {
    /// Signs in, expecting success.
    pub async fn login(&self, username: &str, password: &str) -> Session<'_> {
        let response = self.try_login(username, password).await;
        assert_eq!(response.status(), StatusCode::OK, "login {username}");
        let cookie = response
            .headers()
            .get("set-cookie")
            .unwrap()
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_owned();
        let info: Value = response.json().await.unwrap();
        let csrf = info["csrf_token"].as_str().unwrap().to_owned();
        Session {
            app: self,
            cookie,
            csrf,
            info,
        }
    }

    pub async fn try_login(&self, username: &str, password: &str) -> Response {
        self.client
            .post(self.url("/api/v1/auth/login"))
            .json(&serde_json::json!({ "username": username, "password": password }))
            .send()
            .await
            .unwrap()
    }
}

impl Session<'_> {
    pub async fn get(&self, path: &str) -> Response {
        self.app
            .client
            .get(self.app.url(path))
            .header("cookie", &self.cookie)
            .send()
            .await
            .unwrap()
    }

    /// POST with the session cookie and the CSRF token.
    pub async fn post(&self, path: &str, body: Value) -> Response {
        self.app
            .client
            .post(self.app.url(path))
            .header("cookie", &self.cookie)
            .header("x-csrf-token", &self.csrf)
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    /// POST a text file (CSV) with the session cookie and the CSRF token.
    pub async fn post_bytes(&self, path: &str, body: &str) -> Response {
        self.post_bytes_in(path, body, "zh-CN").await
    }

    /// [`Session::post_bytes`], asking for the answer's messages in `lang`.
    pub async fn post_bytes_in(&self, path: &str, body: &str, lang: &str) -> Response {
        self.app
            .client
            .post(self.app.url(path))
            .header("cookie", &self.cookie)
            .header("x-csrf-token", &self.csrf)
            .header("content-type", "text/csv")
            .header("accept-language", lang)
            .body(body.to_owned())
            .send()
            .await
            .unwrap()
    }

    /// PUT with the session cookie and the CSRF token.
    pub async fn put(&self, path: &str, body: Value) -> Response {
        self.app
            .client
            .put(self.app.url(path))
            .header("cookie", &self.cookie)
            .header("x-csrf-token", &self.csrf)
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    pub fn user_id(&self) -> i64 {
        self.info["user"]["id"].as_i64().unwrap()
    }

    pub fn department_id(&self) -> i64 {
        self.info["user"]["department_id"].as_i64().unwrap()
    }
}

pub use server::seed::DEMO_PASSWORD;

/// The published claim of the session's department on this item.
pub async fn claim_on(s: &Session<'_>, item: &str) -> i64 {
    let claims: Value = s
        .get(&format!(
            "/api/v1/workspace/departments/{}/claims",
            s.department_id()
        ))
        .await
        .json()
        .await
        .unwrap();
    claims["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["item"]["code"] == item && !c["published"].is_null())
        .unwrap_or_else(|| panic!("no published claim on {item}"))["id"]
        .as_i64()
        .unwrap()
}

/// The officers of the session's department.
pub fn officers_path(s: &Session<'_>) -> String {
    format!(
        "/api/v1/workspace/departments/{}/officers",
        s.department_id()
    )
}

/// Officer ids of the session's department by certificate number.
pub async fn officer(s: &Session<'_>, certificate: &str) -> i64 {
    let list: Value = s.get(&officers_path(s)).await.json().await.unwrap();
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["certificate_number"] == certificate)
        .unwrap()["id"]
        .as_i64()
        .unwrap()
}
