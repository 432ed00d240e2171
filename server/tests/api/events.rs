//! Events out: the feed a case system follows with a cursor, and webhooks that receive
//! the same events signed, with a retry after a failure.

use std::sync::{Arc, Mutex};

use hmac::{Hmac, Mac};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sha2::Sha256;

use crate::cases::{decisions, penalty};
use crate::helpers::{
    Backend, DEMO_PASSWORD, Session, TestApp, assert_error, spawn_with_config, spawn_with_demo,
};
use crate::tokens::{bearer, create, tokens_path};

fn events_path(s: &Session<'_>) -> String {
    format!("/api/v1/workspace/departments/{}/events", s.department_id())
}

async fn get(app: &TestApp, path: &str, secret: &str) -> Value {
    let response = bearer(app, Method::GET, path, secret).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    response.json().await.unwrap()
}

/// The cursor at the end of the feed now.
async fn end_of_feed(app: &TestApp, s: &Session<'_>, secret: &str) -> i64 {
    let mut after = 0;
    loop {
        let page = get(
            app,
            &format!("{}?after={after}&limit=500", events_path(s)),
            secret,
        )
        .await;
        after = page["cursor"].as_i64().unwrap();
        if page["more"] == json!(false) {
            return after;
        }
    }
}

/// Registers and issues a penalty through the token; returns the decision.
async fn issued(app: &TestApp, clerk: &Session<'_>, secret: &str, number: u32) -> Value {
    let year = app.db.clock().today().year();
    let mut body = penalty(clerk, &format!("穗天市监罚〔{year}〕{number}号")).await;
    body["decision_date"] = json!(app.db.clock().today());
    body["issue"] = json!(true);
    let response = bearer(app, Method::POST, &decisions(clerk), secret)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    response.json().await.unwrap()
}

async fn step(
    app: &TestApp,
    clerk: &Session<'_>,
    secret: &str,
    d: &Value,
    path: &str,
    body: Value,
) -> Value {
    let mut body = body;
    body["expected_version"] = d["version"].clone();
    let response = bearer(
        app,
        Method::POST,
        &format!("{}/{}/{path}", decisions(clerk), d["id"]),
        secret,
    )
    .json(&body)
    .send()
    .await
    .unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    response.json().await.unwrap()
}

async fn the_feed_shows_each_change_in_order(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let reviewer = app.login("th.reviewer", DEMO_PASSWORD).await;
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    let token = create(&reviewer, &["decisions:write"]).await;
    let secret = token["secret"].as_str().unwrap().to_owned();
    let start = end_of_feed(&app, &clerk, &secret).await;

    // Issued, published, then revoked, which withdraws the publication.
    let d = issued(&app, &clerk, &secret, 9501).await;
    let d = step(&app, &clerk, &secret, &d, "publish", json!({})).await;
    step(
        &app,
        &clerk,
        &secret,
        &d,
        "revoke",
        json!({ "reason": "复议机关决定撤销。" }),
    )
    .await;
    // A draft is no event; another decision's issue is.
    let year = app.db.clock().today().year();
    let draft = penalty(&clerk, &format!("穗天市监罚〔{year}〕9502号")).await;
    let response = bearer(&app, Method::POST, &decisions(&clerk), &secret)
        .json(&draft)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let late = issued(&app, &clerk, &secret, 9503).await;

    let page = get(
        &app,
        &format!("{}?after={start}", events_path(&clerk)),
        &secret,
    )
    .await;
    let items = page["items"].as_array().unwrap();
    let seen: Vec<(i64, &str)> = items
        .iter()
        .map(|e| {
            (
                e["decision_id"].as_i64().unwrap(),
                e["kind"].as_str().unwrap(),
            )
        })
        .collect();
    let (a, b) = (d["id"].as_i64().unwrap(), late["id"].as_i64().unwrap());
    assert_eq!(
        seen,
        [
            (a, "issued"),
            (a, "published"),
            (a, "revoked"),
            (a, "withdrawn"),
            (b, "issued")
        ]
    );
    let cursors: Vec<i64> = items
        .iter()
        .map(|e| e["cursor"].as_i64().unwrap())
        .collect();
    assert!(cursors.windows(2).all(|w| w[0] < w[1]) && cursors[0] > start);
    assert_eq!(items[0]["case_code"], d["case_code"]);
    assert_eq!(items[0]["status"], "revoked");
    assert_eq!(page["cursor"], json!(cursors[4]));
    assert_eq!(page["more"], json!(false));

    // Pages of two: the same events, with `more` until the end.
    let first = get(
        &app,
        &format!("{}?after={start}&limit=2", events_path(&clerk)),
        &secret,
    )
    .await;
    assert_eq!(first["items"].as_array().unwrap().len(), 2);
    assert_eq!(first["more"], json!(true));
    assert_eq!(first["cursor"], json!(cursors[1]));
    let next = get(
        &app,
        &format!("{}?after={}&limit=2", events_path(&clerk), first["cursor"]),
        &secret,
    )
    .await;
    assert_eq!(next["items"][0]["cursor"], json!(cursors[2]));
    // Nothing new: the cursor stays.
    let none = get(
        &app,
        &format!("{}?after={}", events_path(&clerk), cursors[4]),
        &secret,
    )
    .await;
    assert_eq!(none["items"], json!([]));
    assert_eq!(none["cursor"], json!(cursors[4]));
    let e = assert_error(
        bearer(
            &app,
            Method::GET,
            &format!("{}?after=-1", events_path(&clerk)),
            &secret,
        )
        .send()
        .await
        .unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    )
    .await;
    assert_eq!(e["error"]["field"], "after");

    // Another department's feed is not this token's, nor is ours theirs.
    let other = app.login("ns.reviewer", DEMO_PASSWORD).await;
    let e = assert_error(
        bearer(&app, Method::GET, &events_path(&other), &secret)
            .send()
            .await
            .unwrap(),
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_eq!(e["error"]["rule"], "auth.own_department");
    let theirs = create(&other, &["decisions:read"]).await;
    let theirs = theirs["secret"].as_str().unwrap();
    let response = bearer(&app, Method::GET, &events_path(&clerk), theirs)
        .send()
        .await
        .unwrap();
    assert_error(response, StatusCode::FORBIDDEN, "forbidden").await;
    // The department's staff read the same feed with their session.
    let staff: Value = clerk
        .get(&format!("{}?after={start}", events_path(&clerk)))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(staff["items"].as_array().unwrap().len(), 5);

    // Past its publication deadline, the decision still unpublished gets one overdue
    // event (however often, and on however many servers, the check runs).
    let today = app.db.clock().today();
    app.db
        .clock()
        .set_utc(&format!("{}T02:00:00Z", today.plus_days(40)))
        .unwrap();
    assert!(server::cases::events::note_overdue(&app.db).await.unwrap() >= 1);
    assert_eq!(
        server::cases::events::note_overdue(&app.db).await.unwrap(),
        0
    );
    let page = get(
        &app,
        &format!("{}?after={}", events_path(&clerk), cursors[4]),
        &secret,
    )
    .await;
    let overdue: Vec<&Value> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["decision_id"] == late["id"])
        .collect();
    assert_eq!(overdue.len(), 1);
    assert_eq!(overdue[0]["kind"], "publication_overdue");
    assert!(
        !page["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["decision_id"] == json!(a)),
        "a revoked decision is not overdue"
    );

    // A calendar change that moves the deadline past today undoes the lapse: the next
    // lapse of the new deadline is an overdue event of its own.
    let now = app.db.clock().today();
    let late_id = late["id"].as_i64().unwrap();
    let mut tx = app.db.begin().await.unwrap();
    server::db::decisions::set_publish_by(&mut tx, late_id, now.plus_days(3), now)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        server::cases::events::note_overdue(&app.db).await.unwrap(),
        0,
        "not overdue before the new deadline"
    );
    app.db
        .clock()
        .set_utc(&format!("{}T02:00:00Z", now.plus_days(5)))
        .unwrap();
    assert!(server::cases::events::note_overdue(&app.db).await.unwrap() >= 1);
    let page = get(
        &app,
        &format!("{}?after={}", events_path(&clerk), cursors[4]),
        &secret,
    )
    .await;
    let lapses = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["decision_id"] == late["id"] && e["kind"] == "publication_overdue")
        .count();
    assert_eq!(lapses, 2);
}

/// What the receiver got: each request's headers and body.
type Received = Arc<Mutex<Vec<(axum::http::HeaderMap, Vec<u8>)>>>;

/// A webhook receiver on port 0 that answers 500 to its first request and 204 after.
async fn receiver() -> (String, Received) {
    let received: Received = Arc::default();
    let seen = received.clone();
    let router = axum::Router::new().route(
        "/hook",
        axum::routing::post(
            move |headers: axum::http::HeaderMap, body: axum::body::Bytes| {
                let seen = seen.clone();
                async move {
                    let mut seen = seen.lock().unwrap();
                    seen.push((headers, body.to_vec()));
                    if seen.len() == 1 {
                        StatusCode::INTERNAL_SERVER_ERROR
                    } else {
                        StatusCode::NO_CONTENT
                    }
                }
            },
        ),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    (format!("http://{addr}/hook"), received)
}

async fn a_webhook_receives_signed_events_and_a_retry(backend: Backend) {
    let serve = server::config::ServeConfig {
        webhooks: server::config::WebhookConfig {
            webhook_poll: std::time::Duration::from_secs(1),
            webhook_retry_base: std::time::Duration::from_secs(1),
            // The receiver below listens on this machine, as an operator's own network.
            webhook_allow: "127.0.0.0/8".parse().unwrap(),
        },
        ..Default::default()
    };
    let app = spawn_with_config(backend, serve).await;
    server::seed::demo(&app.db, &app.keys().await)
        .await
        .unwrap();
    let reviewer = app.login("th.reviewer", DEMO_PASSWORD).await;
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    let token = create(&reviewer, &["decisions:write"]).await;
    let secret = token["secret"].as_str().unwrap().to_owned();
    let hook = format!("{}/{}/webhook", tokens_path(&reviewer), token["id"]);

    // Only the department's reviewer (or an admin) sets it; the URL is checked.
    assert_eq!(
        clerk
            .put(&hook, json!({ "url": "http://127.0.0.1:9/hook" }))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let e = assert_error(
        reviewer
            .put(&hook, json!({ "url": "ftp://127.0.0.1/hook" }))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    )
    .await;
    assert_eq!(e["error"]["field"], "url");
    let officers_only = create(&reviewer, &["officers:write"]).await;
    let e = assert_error(
        reviewer
            .put(
                &format!("{}/{}/webhook", tokens_path(&reviewer), officers_only["id"]),
                json!({ "url": "http://127.0.0.1:9/hook" }),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    )
    .await;
    assert_eq!(e["error"]["rule"], "token.webhook_scope");

    let (url, received) = receiver().await;
    let set = reviewer.put(&hook, json!({ "url": url })).await;
    assert_eq!(set.status(), StatusCode::OK);
    let set: Value = set.json().await.unwrap();
    let key = set["secret"].as_str().unwrap().to_owned();
    assert_eq!(key.len(), 64);

    let d = issued(&app, &clerk, &secret, 9601).await;
    // The first attempt fails (500); the retry a second later is delivered.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while received.lock().unwrap().len() < 2 {
        assert!(std::time::Instant::now() < deadline, "no retry arrived");
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    let got = received.lock().unwrap().clone();
    assert_eq!(got.len(), 2, "one event, sent twice");
    for (headers, body) in &got {
        let event: Value = serde_json::from_slice(body).unwrap();
        assert_eq!(event["kind"], "issued");
        assert_eq!(event["decision_id"], d["id"]);
        assert_eq!(event["case_code"], d["case_code"]);
        assert_eq!(headers["anma-event"], "issued");
        // t=<unix seconds>,v1=HMAC-SHA-256(secret, "<t>.<body>"), as a receiver checks it.
        let signature = headers["anma-signature"].to_str().unwrap();
        let (t, v1) = signature
            .strip_prefix("t=")
            .and_then(|s| s.split_once(",v1="))
            .unwrap();
        let mut mac = Hmac::<Sha256>::new_from_slice(key.as_bytes()).unwrap();
        mac.update(format!("{t}.").as_bytes());
        mac.update(body);
        let expected: String = mac
            .finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(v1, expected);
    }
    assert_eq!(got[0].0["anma-delivery"], got[1].0["anma-delivery"]);

    // The delivery log shows it delivered at the second attempt, after a 500.
    let log_path = format!("{}/{}/deliveries", tokens_path(&reviewer), token["id"]);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let log = loop {
        let log: Value = reviewer.get(&log_path).await.json().await.unwrap();
        if log["items"][0]["state"] == "delivered" {
            break log;
        }
        assert!(std::time::Instant::now() < deadline, "{log}");
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    };
    assert_eq!(log["items"][0]["attempts"], 2);
    assert_eq!(log["items"][0]["last_status"], 204);
    assert_eq!(log["items"][0]["kind"], "issued");
    let theirs = app.login("ns.reviewer", DEMO_PASSWORD).await;
    assert_eq!(theirs.get(&log_path).await.status(), StatusCode::FORBIDDEN);

    // Removed, the webhook gets nothing more; the feed still has every event.
    let removed = reviewer.put(&hook, json!({ "url": null })).await;
    assert_eq!(removed.status(), StatusCode::OK);
    let removed: Value = removed.json().await.unwrap();
    assert_eq!(removed["secret"], Value::Null);
    issued(&app, &clerk, &secret, 9602).await;
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    assert_eq!(received.lock().unwrap().len(), 2);
}

async fn a_webhook_reaches_no_internal_address_unless_the_operator_allows_it(backend: Backend) {
    let serve = server::config::ServeConfig {
        webhooks: server::config::WebhookConfig {
            webhook_poll: std::time::Duration::from_secs(1),
            webhook_retry_base: std::time::Duration::from_secs(1),
            webhook_allow: "10.20.0.0/16".parse().unwrap(),
        },
        ..Default::default()
    };
    let app = spawn_with_config(backend, serve).await;
    server::seed::demo(&app.db, &app.keys().await)
        .await
        .unwrap();
    let reviewer = app.login("th.reviewer", DEMO_PASSWORD).await;
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    let token = create(&reviewer, &["decisions:write"]).await;
    let secret = token["secret"].as_str().unwrap().to_owned();
    let hook = format!("{}/{}/webhook", tokens_path(&reviewer), token["id"]);

    // This machine, its neighbours and the cloud's metadata service, however written.
    for url in [
        "http://127.0.0.1:9/hook",
        "http://localhost:8080/hook",
        "http://[::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "http://2130706433/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://192.168.1.1/hook",
        "http://10.30.0.1/hook",
    ] {
        let e = assert_error(
            reviewer.put(&hook, json!({ "url": url })).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
        )
        .await;
        assert_eq!(e["error"]["field"], "url", "{url}");
        assert_eq!(e["error"]["rule"], "token.webhook_private", "{url}");
    }
    let token_row: Value = reviewer
        .get(&tokens_path(&reviewer))
        .await
        .json()
        .await
        .unwrap();
    let listed = token_row["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == token["id"])
        .unwrap();
    assert_eq!(listed["webhook_url"], Value::Null, "nothing was set");
    // A public host, and the network the operator allowed.
    for url in [
        "https://case.example.gov.cn/hook",
        "http://10.20.3.4:8080/hook",
    ] {
        let set = reviewer.put(&hook, json!({ "url": url })).await;
        assert_eq!(set.status(), StatusCode::OK, "{url}");
    }

    // A URL stored before the operator narrowed the list (written here by hand) is
    // checked again before each delivery: the receiver hears nothing, the log says why.
    let (url, received) = receiver().await;
    sqlx::query("UPDATE api_tokens SET webhook_url = $1 WHERE id = $2")
        .bind(&url)
        .bind(token["id"].as_i64().unwrap())
        .execute(app.db.pool())
        .await
        .unwrap();
    issued(&app, &clerk, &secret, 9603).await;
    let log_path = format!("{}/{}/deliveries", tokens_path(&reviewer), token["id"]);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let log = loop {
        let log: Value = reviewer.get(&log_path).await.json().await.unwrap();
        if log["items"][0]["attempts"].as_i64().unwrap_or(0) >= 2 {
            break log;
        }
        assert!(std::time::Instant::now() < deadline, "{log}");
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    };
    let error = log["items"][0]["last_error"].as_str().unwrap();
    assert!(
        error.contains("127.0.0.1 is not a public address"),
        "{error}"
    );
    assert_eq!(log["items"][0]["last_status"], Value::Null);
    assert!(received.lock().unwrap().is_empty());
}

crate::on_both_backends!(
    the_feed_shows_each_change_in_order,
    a_webhook_receives_signed_events_and_a_retry,
    a_webhook_reaches_no_internal_address_unless_the_operator_allows_it,
);
