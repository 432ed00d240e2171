use reqwest::StatusCode;

use crate::helpers::{Backend, assert_error, spawn};

async fn regions_hold_guangdong_cities_and_districts(backend: Backend) {
    let app = spawn(backend).await;
    let body = app.get_json("/api/v1/regions", StatusCode::OK).await;
    let items = body["items"].as_array().unwrap();
    assert_eq!(items[0]["code"], "440000");
    assert_eq!(items.iter().filter(|r| r["level"] == "city").count(), 21);
    assert!(items.len() > 140);
    let liwan = app.get_json("/api/v1/regions/440103", StatusCode::OK).await;
    assert_eq!(liwan["name"], "荔湾区");
    assert_eq!(liwan["level"], "county");
    assert_eq!(liwan["parent_code"], "440100");
}

async fn a_malformed_region_code_is_a_validation_error(backend: Backend) {
    let app = spawn(backend).await;
    let body = assert_error(
        app.get("/api/v1/regions/44010").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    )
    .await;
    assert_eq!(body["error"]["field"], "code");
    assert_error(
        app.get("/api/v1/regions/110101").await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}

async fn reference_data_loads_once(backend: Backend) {
    let app = spawn(backend).await;
    // Opening the same database again (a restart) neither fails nor duplicates.
    let again = server::db::Db::open(&app.database_config()).await.unwrap();
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM regions")
        .fetch_one(again.pool())
        .await
        .unwrap();
    assert_eq!(n, 144);
}

crate::on_both_backends!(
    regions_hold_guangdong_cities_and_districts,
    a_malformed_region_code_is_a_validation_error,
    reference_data_loads_once,
);
