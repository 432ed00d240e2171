//! Kept statistics, item lists and disclosure-listing pages: reused while the data behind them is unchanged, and
//! given up at once on every server when any write, through the API or by hand, moves it.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::cases::{act, issue, penalty, register};
use crate::helpers::{Backend, DEMO_PASSWORD, OtherServer, spawn_with_demo};

async fn get_on(client: &reqwest::Client, server: &OtherServer, path: &str) -> Value {
    let response = client
        .get(format!("http://{}{path}", server.addr))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    assert_eq!(response.headers()["content-type"], "application/json");
    response.json().await.unwrap()
}

async fn kept_answers_give_way_at_once_on_every_server(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let other = app.another_server().await;
    let client = &app.client;
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    let stats = "/api/v1/stats?year=2026";
    let city = "/api/v1/stats?year=2026&region=440100";

    let before = get_on(client, &other, stats).await;
    assert_eq!(
        get_on(client, &other, stats).await,
        before,
        "kept: the same"
    );
    let city_before = get_on(client, &other, city).await;
    assert_ne!(city_before, before, "each filter is its own answer");

    // Issued and published through the first server: the other one counts it at once.
    let decision = register(&clerk, &penalty(&clerk, "穗天市监罚〔2026〕311号").await).await;
    let issued = issue(&clerk, &decision).await;
    let published = act(&clerk, &issued, "publish", json!({})).await;
    assert_eq!(published.status(), StatusCode::OK);
    let after = get_on(client, &other, stats).await;
    assert_eq!(after["total"], json!(before["total"].as_i64().unwrap() + 1));
    assert_eq!(
        after["amount_fen"],
        json!(before["amount_fen"].as_i64().unwrap() + 1_000_000)
    );
    let city_after = get_on(client, &other, city).await;
    assert_eq!(
        city_after["total"],
        json!(city_before["total"].as_i64().unwrap() + 1)
    );
    // What the kept answer says is what the decisions say.
    let q = app::model::StatsQuery {
        year: Some(2026),
        ..Default::default()
    };
    let recount = server::db::disclosures::recount(&app.db, &q, app.db.clock().today())
        .await
        .unwrap();
    assert_eq!(after["total"], json!(recount.total));

    // A claim withdrawn by hand (SQL, as a maintenance script would): off the item list
    // on the next request, on both servers.
    let items = "/api/v1/items?limit=500";
    let listed = get_on(client, &other, items).await;
    assert_eq!(get_on(client, &other, items).await, listed);
    let total = listed["total"].as_i64().unwrap();
    let gone = listed["items"][0]["claim_id"].as_i64().unwrap();
    sqlx::query("UPDATE claims SET status = 'withdrawn' WHERE id = $1")
        .bind(gone)
        .execute(other.db.pool())
        .await
        .unwrap();
    for page in [
        get_on(client, &other, items).await,
        app.get_json(items, StatusCode::OK).await,
    ] {
        assert_eq!(page["total"], json!(total - 1));
        assert!(
            !page["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|i| i["claim_id"] == json!(gone))
        );
    }
}

async fn kept_listing_pages_give_way_at_once_on_every_server(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let other = app.another_server().await;
    let client = &app.client;
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    let reviewer = app.login("th.reviewer", DEMO_PASSWORD).await;
    let number = "穗天市监罚〔2026〕312号";
    let found = format!("/api/v1/disclosures?q={}", app::model::encode(number));
    let newest = "/api/v1/disclosures?limit=100";
    let empty = get_on(client, &other, &found).await;
    assert_eq!(empty["items"], json!([]));
    let listed = get_on(client, &other, newest).await;
    assert_eq!(
        get_on(client, &other, newest).await,
        listed,
        "kept: the same"
    );

    // Published through the first server: found on the other one at once.
    let decision = register(&clerk, &penalty(&clerk, number).await).await;
    let issued = issue(&clerk, &decision).await;
    let published = act(&clerk, &issued, "publish", json!({})).await;
    assert_eq!(published.status(), StatusCode::OK);
    let published: Value = published.json().await.unwrap();
    let page = get_on(client, &other, &found).await;
    assert_eq!(page["items"][0]["document_number"], number);

    // Revoked, it leaves the listing at once.
    let revoked = act(
        &reviewer,
        &published,
        "revoke",
        json!({"reason": "认定事实的证据不足，依法撤销。"}),
    )
    .await;
    assert_eq!(revoked.status(), StatusCode::OK);
    assert_eq!(get_on(client, &other, &found).await["items"], json!([]));

    // A public column corrected by hand (SQL, as a maintenance script would): the next
    // page on either server shows it.
    let first = &listed["items"][0];
    sqlx::query("UPDATE decisions SET public_party_name = $1 WHERE id = $2")
        .bind("某某（已更正）")
        .bind(first["id"].as_i64().unwrap())
        .execute(other.db.pool())
        .await
        .unwrap();
    for page in [
        get_on(client, &other, newest).await,
        app.get_json(newest, StatusCode::OK).await,
    ] {
        let row = page["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["id"] == first["id"])
            .unwrap();
        assert_eq!(row["party_name"], "某某（已更正）", "{row}");
    }
}

crate::on_both_backends!(
    kept_answers_give_way_at_once_on_every_server,
    kept_listing_pages_give_way_at_once_on_every_server,
);
