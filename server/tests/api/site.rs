use reqwest::{StatusCode, header};

use crate::helpers::{
    Backend, INDEX_HTML, INSPECTION_HTML, POWERS_HTML, SCAN_HTML, SPOT_CHECKS_HTML, STATS_HTML,
    VERIFY_HTML, WORKSPACE_HTML, assert_error, spawn,
};

async fn the_index_is_revalidated_and_precompressed_when_accepted(backend: Backend) {
    let app = spawn(backend).await;
    let plain = app
        .client
        .get(app.url("/disclosures/12"))
        .header(header::ACCEPT_ENCODING, "identity")
        .send()
        .await
        .unwrap();
    assert_eq!(plain.status(), StatusCode::OK);
    assert_eq!(plain.headers()[header::CACHE_CONTROL], "no-cache");
    assert_eq!(plain.text().await.unwrap(), INDEX_HTML);

    let br = app
        .client
        .get(app.url("/disclosures/12"))
        .header(header::ACCEPT_ENCODING, "gzip, br")
        .send()
        .await
        .unwrap();
    assert_eq!(br.headers()[header::CONTENT_ENCODING], "br");
    assert_eq!(br.bytes().await.unwrap().as_ref(), b"BROTLI-INDEX");
}

async fn hashed_assets_are_immutable(backend: Backend) {
    let app = spawn(backend).await;
    let js = app
        .client
        .get(app.url("/assets/app-0123abcd.js"))
        .header(header::ACCEPT_ENCODING, "br")
        .send()
        .await
        .unwrap();
    assert_eq!(js.status(), StatusCode::OK);
    assert_eq!(
        js.headers()[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(js.headers()[header::CONTENT_TYPE], "text/javascript");
    assert_eq!(js.bytes().await.unwrap().as_ref(), b"BROTLI-JS");

    let missing = app.get("/assets/app-ffffffff.js").await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(missing.headers()[header::CACHE_CONTROL], "no-cache");
}

async fn client_routes_get_the_app_and_unknown_paths_a_404_app(backend: Backend) {
    let app = spawn(backend).await;
    for (path, page) in [
        ("/disclosures", INDEX_HTML),
        ("/stats", STATS_HTML),
        ("/items", POWERS_HTML),
        ("/disclosures?q=%E9%A3%9F%E5%93%81", INDEX_HTML),
        ("/items/departments", POWERS_HTML),
    ] {
        let response = app
            .client
            .get(app.url(path))
            .header(header::ACCEPT_ENCODING, "identity")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(response.headers()[header::CACHE_CONTROL], "no-cache");
        let html = response.text().await.unwrap();
        assert_eq!(first_screen(&html).1, page, "{path}");
    }
    let unknown = app
        .client
        .get(app.url("/no/such/page"))
        .header(header::ACCEPT_ENCODING, "identity")
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    assert_eq!(unknown.text().await.unwrap(), INDEX_HTML);
    assert_eq!(
        app.get("/robots-missing.txt").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_error(
        app.get("/api/v1/disclosures-nope").await,
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
}

async fn sign_in_and_the_workspace_get_the_workspace_bundle(backend: Backend) {
    let app = spawn(backend).await;
    for path in [
        "/login",
        "/workspace",
        "/workspace/claims/3/9",
        "/login?next=%2Fworkspace",
    ] {
        let response = app
            .client
            .get(app.url(path))
            .header(header::ACCEPT_ENCODING, "identity")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(response.text().await.unwrap(), WORKSPACE_HTML, "{path}");
    }
    let public = app
        .client
        .get(app.url("/items"))
        .header(header::ACCEPT_ENCODING, "identity")
        .send()
        .await
        .unwrap();
    assert_eq!(first_screen(&public.text().await.unwrap()).1, POWERS_HTML);
}

async fn the_scanner_and_qr_verify_urls_get_their_pages(backend: Backend) {
    let app = spawn(backend).await;
    for (path, page) in [
        ("/scan", SCAN_HTML),
        ("/v/440106-2026-H1ME7-U", VERIFY_HTML),
        ("/V/440106-2026-H1ME7-U/ABCDEF", VERIFY_HTML),
        ("/i/J440106-2026-00001-X/SIG/TOKEN", INSPECTION_HTML),
        ("/officers/44010621000101", POWERS_HTML),
        ("/items/departments", POWERS_HTML),
        ("/spot-checks/3", SPOT_CHECKS_HTML),
        ("/disclosures/12", INDEX_HTML),
        ("/", VERIFY_HTML),
    ] {
        let response = app
            .client
            .get(app.url(path))
            .header(header::ACCEPT_ENCODING, "identity")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let html = response.text().await.unwrap();
        assert_eq!(first_screen(&html).1, page, "{path}");
    }
}

/// The first screen the server wrote into a page, and the page without it.
fn first_screen(html: &str) -> (String, String) {
    let Some(start) = html.find("\n<div id=\"anma-first\">") else {
        return (String::new(), html.to_owned());
    };
    let end = start + html[start..].find("</div>\n").unwrap() + "</div>\n".len();
    (
        html[start..end].to_owned(),
        format!("{}{}", &html[..start], &html[end..]),
    )
}

/// The public listings come with their heading and lead written in, in the reader's
/// language, the page's own link marked current: what the app draws first, before the
/// WASM has arrived.
async fn the_listings_first_screen_is_in_the_first_response(backend: Backend) {
    let app = spawn(backend).await;
    let page = |path: &'static str, cookie: Option<&'static str>| {
        let mut request = app
            .client
            .get(app.url(path))
            .header(header::ACCEPT_ENCODING, "gzip, br");
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        async move {
            let response = request.send().await.unwrap();
            assert_eq!(response.status(), StatusCode::OK, "{path}");
            assert_eq!(response.headers()[header::CACHE_CONTROL], "no-cache");
            assert!(
                response.headers()[header::VARY]
                    .to_str()
                    .unwrap()
                    .contains("cookie"),
                "{path}"
            );
            response.text().await.unwrap()
        }
    };
    let zh = app::texts::texts(app::model::Lang::Zh);
    let en = app::texts::texts(app::model::Lang::En);
    for (path, template, heading, lead) in [
        ("/", VERIFY_HTML, zh.home_title(), zh.home_lead()),
        (
            "/disclosures",
            INDEX_HTML,
            zh.disclosures_title(),
            zh.disclosures_lead(),
        ),
        (
            "/items",
            POWERS_HTML,
            zh.items_title(),
            zh.items_public_lead(),
        ),
        (
            "/spot-checks",
            SPOT_CHECKS_HTML,
            zh.sc_title(),
            zh.sc_lead(),
        ),
        ("/stats", STATS_HTML, zh.stats_title(), zh.stats_lead()),
    ] {
        let html = page(path, None).await;
        let (first, rest) = first_screen(&html);
        assert_eq!(rest, template, "{path}: the page around it is the bundle's");
        assert!(first.contains(&format!(">{heading}</h1>")), "{first}");
        assert!(
            first.contains(&format!(r#"<p class="lead">{lead}</p>"#)),
            "{first}"
        );
        assert!(
            first.contains(&format!(r#"<a href="{path}" aria-current="page">"#)),
            "{first}"
        );
        // The first page's link is the brand's too.
        let current = if path == "/" { 2 } else { 1 };
        assert_eq!(first.matches("aria-current").count(), current, "{first}");
        assert!(first.contains(r#"<header class="site-header">"#), "{first}");
    }

    let html = page("/disclosures", Some("theme=dark; anma_lang=en")).await;
    assert!(html.contains(r#"<html lang="en">"#), "{html}");
    assert!(
        html.contains(&format!("<h1>{}</h1>", en.disclosures_title())),
        "{html}"
    );
    let html = page("/stats?year=2026&department=3", None).await;
    assert!(
        html.contains(&format!("<h1>{}</h1>", zh.stats_annual())),
        "one department's statistics are its annual report: {html}"
    );
}

crate::on_both_backends!(
    sign_in_and_the_workspace_get_the_workspace_bundle,
    the_scanner_and_qr_verify_urls_get_their_pages,
    the_index_is_revalidated_and_precompressed_when_accepted,
    hashed_assets_are_immutable,
    client_routes_get_the_app_and_unknown_paths_a_404_app,
    the_listings_first_screen_is_in_the_first_response,
);
