use std::{
    convert::Infallible,
    path::{Path, PathBuf},
};

use axum::{
    Router,
    body::Body,
    extract::Request,
    http::{HeaderValue, StatusCode, header},
    middleware::{self, Next},
    response::{IntoResponse, Response},
};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

/// Content-hashed files live under `/assets/`; they never change and are cached for a year.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Everything else (`index.html`, `favicon.svg`) is revalidated on every load.
const REVALIDATE: &str = "no-cache";

/// Serves the built single-page app from `site_dir`: precompressed `.br`/`.gz` siblings
/// when the browser accepts them, and for each of the app's client routes the page of the
/// bundle that renders it (`app::model::routes`); `index.html` with a 404 status for paths
/// the app does not know, so crawlers and scripts see the truth.
pub fn router(site_dir: &Path) -> Router {
    let index = site_dir.join("index.html");
    if !index.exists() {
        tracing::warn!(
            site_dir = %site_dir.display(),
            "the app is not built; the API works, pages answer 503 (run `make site`)"
        );
    }
    let spa = tower::service_fn({
        let index = index.clone();
        move |req: Request| spa_fallback(index.clone(), req)
    });
    // `/` is a page like the others (its bundle's), not the directory's index.html.
    let files = ServeDir::new(site_dir)
        .append_index_html_on_directories(false)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(spa);
    Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn(cache_control))
}

async fn spa_fallback(index: PathBuf, req: Request) -> Result<Response, Infallible> {
    let path = req.uri().path().to_owned();
    let looks_like_file =
        path.starts_with("/assets/") || path.rsplit('/').next().is_some_and(|s| s.contains('.'));
    if looks_like_file {
        return Ok((StatusCode::NOT_FOUND, "not found").into_response());
    }
    if !index.exists() {
        return Ok((
            StatusCode::SERVICE_UNAVAILABLE,
            "The Anma app is not built on this server. Run `make site`, or pass --site-dir.",
        )
            .into_response());
    }
    let status = if app::model::routes::is_app_route(&path) {
        StatusCode::OK
    } else {
        StatusCode::NOT_FOUND
    };
    // Each group of pages is a bundle of its own (the first page and the verify page, the
    // inspection notice, the disclosures, the power lists, the statistics, the spot
    // checks, the scanner, the workspace), kept off the others.
    let own = index.with_file_name(app::model::routes::page_for(&path));
    let page = if own.exists() { own } else { index };
    let served = ServeFile::new(page)
        .precompressed_br()
        .precompressed_gzip()
        .oneshot(req)
        .await;
    let mut response = match served {
        Ok(response) => response.map(Body::new),
        Err(err) => match err {},
    };
    if response.status() == StatusCode::OK {
        *response.status_mut() = status;
    }
    Ok(response)
}

async fn cache_control(req: Request, next: Next) -> Response {
    let immutable = req.uri().path().starts_with("/assets/");
    let mut response = next.run(req).await;
    let value = if immutable && response.status().is_success() {
        IMMUTABLE
    } else {
        REVALIDATE
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    response
}
