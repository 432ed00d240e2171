//! Errors speak the language the request asks for, and name the rule they come from.

use reqwest::StatusCode;
use serde_json::Value;

use crate::cases::{decisions, penalty};
use crate::helpers::{Backend, DEMO_PASSWORD, spawn_with_demo};

async fn errors_speak_the_language_asked_for(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let ask = |lang: Option<&'static str>| {
        let mut request = app.client.get(app.url("/api/v1/regions/4401"));
        if let Some(lang) = lang {
            request = request.header("accept-language", lang);
        }
        async move {
            let response = request.send().await.unwrap();
            assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
            let language = response.headers()["content-language"]
                .to_str()
                .unwrap()
                .to_owned();
            let body: Value = response.json().await.unwrap();
            (language, body)
        }
    };
    // Simplified Chinese unless the request prefers English.
    for (lang, tag) in [
        (None, "zh-CN"),
        (Some("zh-CN,zh;q=0.9"), "zh-CN"),
        (Some("fr-FR"), "zh-CN"),
        (Some("en-US,en;q=0.9"), "en"),
        (Some("fr, en;q=0.8, zh;q=0.5"), "en"),
        (Some("zh;q=0.9, en;q=0.4"), "zh-CN"),
    ] {
        let (language, body) = ask(lang).await;
        assert_eq!(language, tag, "{lang:?}");
        let error = &body["error"];
        assert_eq!(error["code"], "validation");
        assert_eq!(error["rule"], "region.length");
        assert_eq!(error["params"]["length"], "4");
        assert_eq!(error["field"], "code");
        let expected = if tag == "en" {
            "a region code has 6 digits, got 4 characters"
        } else {
            "行政区划代码为 6 位数字，此处为 4 个字符"
        };
        assert_eq!(error["message"], expected, "{lang:?}");
    }
}

async fn a_bad_decision_is_explained_in_chinese_naming_the_field(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    let mut body = penalty(&clerk, "穗天市监罚〔2026〕950号").await;
    body["party_name"] = "".into();
    let send = |lang: &'static str| {
        app.client
            .post(app.url(&decisions(&clerk)))
            .header("cookie", &clerk.cookie)
            .header("x-csrf-token", &clerk.csrf)
            .header("accept-language", lang)
            .json(&body)
            .send()
    };
    let zh: Value = send("zh-CN").await.unwrap().json().await.unwrap();
    assert_eq!(zh["error"]["field"], "party_name");
    assert_eq!(zh["error"]["rule"], "field.required");
    assert_eq!(zh["error"]["message"], "请填写当事人名称");
    let en: Value = send("en").await.unwrap().json().await.unwrap();
    assert_eq!(en["error"]["message"], "The party's name is required");
    // Nothing was registered.
    let list: Value = clerk.get(&decisions(&clerk)).await.json().await.unwrap();
    assert!(
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["document_number"] != "穗天市监罚〔2026〕950号")
    );
}

async fn a_date_that_is_no_date_names_its_field_and_rule(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    let mut body = penalty(&clerk, "穗天市监罚〔2026〕951号").await;
    body["decision_date"] = "2026-02-30".into();
    let response = clerk.post(&decisions(&clerk), body).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let e: Value = response.json().await.unwrap();
    assert_eq!(e["error"]["field"], "decision_date", "{e}");
    assert_eq!(e["error"]["rule"], "field.date_format", "{e}");
    assert_eq!(e["error"]["message"], "决定日期应为 YYYY-MM-DD 格式的日期");
    // The same in a query string.
    let e = app
        .get_json(
            "/api/v1/disclosures?to=2026-13-01",
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(e["error"]["field"], "to", "{e}");
    assert_eq!(e["error"]["rule"], "field.date_format", "{e}");
    // An empty filter is no filter.
    app.get_json("/api/v1/disclosures?from=&to=", StatusCode::OK)
        .await;
}

crate::on_both_backends!(
    errors_speak_the_language_asked_for,
    a_bad_decision_is_explained_in_chinese_naming_the_field,
    a_date_that_is_no_date_names_its_field_and_rule,
);
