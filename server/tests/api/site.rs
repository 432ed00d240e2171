use reqwest::{StatusCode, header};

use crate::helpers::{
    Backend, INDEX_HTML, INSPECTION_HTML, POWERS_HTML, SCAN_HTML, SPOT_CHECKS_HTML, STATS_HTML,
    VERIFY_HTML, WORKSPACE_HTML, assert_error, spawn,
};

async fn the_index_is_revalidated_and_precompressed_when_accepted(backend: Backend) {
    let app = spawn(backend).await;
    let plain = app
        .client
        .get(app.url("/disclosures"))
        .header(header::ACCEPT_ENCODING, "identity")
        .send()
        .await
        .unwrap();
    assert_eq!(plain.status(), StatusCode::OK);
    assert_eq!(plain.headers()[header::CACHE_CONTROL], "no-cache");
    assert_eq!(plain.text().await.unwrap(), INDEX_HTML);

    let br = app
        .client
        .get(app.url("/disclosures"))
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
        assert_eq!(response.text().await.unwrap(), page, "{path}");
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
    assert_eq!(public.text().await.unwrap(), POWERS_HTML);
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
        ("/stats", STATS_HTML),
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
        assert_eq!(response.text().await.unwrap(), page, "{path}");
    }
}

crate::on_both_backends!(
    sign_in_and_the_workspace_get_the_workspace_bundle,
    the_scanner_and_qr_verify_urls_get_their_pages,
    the_index_is_revalidated_and_precompressed_when_accepted,
    hashed_assets_are_immutable,
    client_routes_get_the_app_and_unknown_paths_a_404_app,
);
