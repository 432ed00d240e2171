use reqwest::StatusCode;
use serde_json::Value;

use app::model::{DepartmentKind, DepartmentLevel, RegionCode, Uscc};
use server::{
    AppError,
    db::departments::{NewDepartment, insert},
};

use crate::helpers::{Backend, assert_error, spawn, spawn_with_demo};

fn items(body: &Value) -> &Vec<Value> {
    body["items"].as_array().unwrap()
}

async fn an_empty_database_lists_no_departments(backend: Backend) {
    let app = spawn(backend).await;
    let body = app.get_json("/api/v1/departments", StatusCode::OK).await;
    assert_eq!(body["total"], 0);
    assert!(items(&body).is_empty());
}

async fn demo_departments_cover_every_tier(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let body = app.get_json("/api/v1/departments", StatusCode::OK).await;
    let all = items(&body);
    assert!(all.len() >= 90, "{} departments", all.len());
    assert_eq!(body["total"].as_i64().unwrap() as usize, all.len());
    for level in ["province", "city", "county", "township"] {
        assert!(
            all.iter().any(|d| d["level"] == level),
            "no {level} department"
        );
    }
    // Tiers come in order, and every code served is a valid USCC.
    assert_eq!(all[0]["level"], "province");
    for d in all {
        Uscc::parse(d["uscc"].as_str().unwrap()).unwrap();
    }
    let tianhe = all
        .iter()
        .find(|d| d["name"] == "广州市天河区市场监督管理局")
        .unwrap();
    assert_eq!(tianhe["region_name"], "天河区");
    let parent = app
        .get_json(
            &format!("/api/v1/departments/{}", tianhe["parent_id"]),
            StatusCode::OK,
        )
        .await;
    assert_eq!(parent["name"], "广州市市场监督管理局");
}

async fn filters_narrow_the_list(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let gz = app
        .get_json("/api/v1/departments?region=440100", StatusCode::OK)
        .await;
    assert!(!items(&gz).is_empty());
    assert!(
        items(&gz)
            .iter()
            .all(|d| d["region_code"].as_str().unwrap().starts_with("4401"))
    );

    let towns = app
        .get_json(
            "/api/v1/departments?level=township&region=441900",
            StatusCode::OK,
        )
        .await;
    assert_eq!(towns["total"], 2);

    let market = app
        .get_json(
            "/api/v1/departments?kind=market_regulation&region=440300",
            StatusCode::OK,
        )
        .await;
    assert!(
        items(&market)
            .iter()
            .any(|d| d["name"] == "深圳市市场监督管理局南山监管局")
    );
    assert!(
        items(&market)
            .iter()
            .all(|d| d["kind"] == "market_regulation")
    );

    let by_name = app
        .get_json("/api/v1/departments?q=%E5%A4%A9%E6%B2%B3", StatusCode::OK)
        .await; // 天河
    assert!(items(&by_name).len() >= 3);
    assert!(
        items(&by_name)
            .iter()
            .all(|d| d["name"].as_str().unwrap().contains("天河"))
    );

    let code = items(&by_name)[0]["uscc"].as_str().unwrap().to_owned();
    let by_code = app
        .get_json(
            &format!("/api/v1/departments?q={}", code[..12].to_lowercase()),
            StatusCode::OK,
        )
        .await;
    assert!(items(&by_code).iter().any(|d| d["uscc"] == code.as_str()));

    // LIKE wildcards in the query are literal.
    let none = app
        .get_json("/api/v1/departments?q=%25", StatusCode::OK)
        .await;
    assert_eq!(none["total"], 0);

    let limited = app
        .get_json("/api/v1/departments?limit=5", StatusCode::OK)
        .await;
    assert_eq!(items(&limited).len(), 5);
    assert!(limited["total"].as_i64().unwrap() > 5);
}

async fn bad_queries_are_rejected_clearly(backend: Backend) {
    let app = spawn(backend).await;
    assert_error(
        app.get("/api/v1/departments?region=4401").await,
        StatusCode::BAD_REQUEST,
        "bad_request",
    )
    .await;
    assert_error(
        app.get("/api/v1/departments?level=village").await,
        StatusCode::BAD_REQUEST,
        "bad_request",
    )
    .await;
    let body = assert_error(
        app.get("/api/v1/departments?limit=0").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    )
    .await;
    assert_eq!(body["error"]["field"], "limit");
    let body = assert_error(
        app.get("/api/v1/departments/abc").await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
    )
    .await;
    assert_eq!(body["error"]["field"], "id");
    assert_error(
        app.get("/api/v1/departments/999999").await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}

async fn seeding_twice_adds_nothing_the_second_time(backend: Backend) {
    let app = spawn(backend).await;
    let first = server::seed::demo(&app.db, &app.keys().await)
        .await
        .unwrap();
    assert!(first.departments_added >= 90);
    assert_eq!(first.departments_present, 0);
    let second = server::seed::demo(&app.db, &app.keys().await)
        .await
        .unwrap();
    assert_eq!(second.departments_added, 0);
    assert_eq!(second.departments_present, first.departments_added);
}

async fn a_duplicate_credit_code_is_a_conflict_naming_the_field(backend: Backend) {
    let app = spawn(backend).await;
    let uscc = Uscc::from_body("11440100MB2C1234X").unwrap();
    let new = |name: &str| NewDepartment {
        name: name.to_owned(),
        uscc: uscc.clone(),
        region_code: RegionCode::parse("440100").unwrap(),
        level: DepartmentLevel::City,
        kind: DepartmentKind::Transport,
        parent_id: None,
    };
    let mut tx = app.db.begin().await.unwrap();
    insert(&mut tx, &new("甲局")).await.unwrap();
    let err = insert(&mut tx, &new("乙局")).await.unwrap_err();
    assert!(
        matches!(&err, AppError::Conflict { field: Some(f), .. } if f == "uscc"),
        "{err:?}"
    );
}

crate::on_both_backends!(
    an_empty_database_lists_no_departments,
    demo_departments_cover_every_tier,
    filters_narrow_the_list,
    bad_queries_are_rejected_clearly,
    seeding_twice_adds_nothing_the_second_time,
    a_duplicate_credit_code_is_a_conflict_naming_the_field,
);
