//! The verify page with its verdict in the first response. A phone that opens a
//! decision's QR code (`/v/<code>/<signature>`) gets the page with the verdict already
//! written in it, and the data the app needs to take over (the verification and the
//! public keys, as an inert JSON block), so the verdict is on screen before the WASM has
//! downloaded and no API round trip follows its start. The app still checks the
//! signature itself before it says so.
//!
//! Only a valid signature (the document's holder, never limited) is answered here;
//! anything else gets the plain page, and the app asks the API, where typed-in codes
//! count against their limit.

use std::path::{Path, PathBuf};

use axum::{
    Router,
    extract::{Path as UrlPath, State},
    http::HeaderMap,
    response::Response,
    routing::get,
};

use app::{
    model::{CaseCode, FirstResponse, Lang, ListResponse, SignatureCheck, Verdict, Verification},
    texts::Texts,
};

use crate::{
    cases::verify::{self, Lookup},
    first_screen::{self, escape},
    state::AppState,
};

/// The id of the data block the app reads on start.
pub const DATA_ID: &str = "anma-verdict";

#[derive(Clone)]
struct PageState {
    app: AppState,
    site_dir: PathBuf,
}

/// `/v/{code}/{sig}` (and `/V/…`, the QR code's upper-case form).
pub fn router(state: AppState, site_dir: &Path) -> Router {
    let page = PageState {
        app: state,
        site_dir: site_dir.to_path_buf(),
    };
    Router::new()
        .route("/v/{code}/{sig}", get(verdict_page))
        .route("/V/{code}/{sig}", get(verdict_page))
        .with_state(page)
}

/// What the page answers with when it has no verdict to write: the plain page, as the
/// rest of the site serves it.
fn plain(html: String) -> Response {
    first_screen::html(html, "no-cache")
}

async fn verdict_page(
    State(page): State<PageState>,
    headers: HeaderMap,
    UrlPath((code, sig)): UrlPath<(String, String)>,
) -> Response {
    let template = match first_screen::template(&page.site_dir, "/v/x/y").await {
        Ok(template) => template,
        Err(unbuilt) => return unbuilt,
    };
    let state = &page.app;
    let sig = sig.trim();
    let Ok(code) = CaseCode::parse(&code) else {
        return plain(template);
    };
    // A failure of the database here is no reason to fail the page: the app asks again.
    let kept = match state.verdicts.get(&state.db, &code, sig).await {
        Ok(Some(kept)) => {
            state.metrics.kept_verdict();
            Some(kept)
        }
        Ok(None) => match verify::lookup(&state.db, &state.keys, &code, Some(sig)).await {
            Ok(Lookup::Found(v, revision)) if v.signature == SignatureCheck::Valid => {
                state.verdicts.keep(&state.db, sig, &v, revision).ok()
            }
            Ok(_) => None,
            Err(e) => {
                tracing::warn!(error = %e, "verify page: lookup failed, serving the plain page");
                None
            }
        },
        Err(e) => {
            tracing::warn!(error = %e, "verify page: lookup failed, serving the plain page");
            None
        }
    };
    let Some(kept) = kept else {
        return plain(template);
    };
    let Ok(verification) = serde_json::from_slice::<Verification>(&kept.body) else {
        return plain(template);
    };
    state
        .metrics
        .verdict(kept.status.as_str(), SignatureCheck::Valid.as_str());
    let lang = first_screen::page_lang(&headers);
    // The page carries this moment's verdict: never kept by a cache.
    first_screen::html(render(&template, lang, &verification, state), "no-store")
}

/// The template with the verdict written into `<body>` and the data block after it.
fn render(template: &str, lang: Lang, v: &Verification, state: &AppState) -> String {
    let t = app::texts::texts(lang);
    let items = state.keys.public_keys();
    let first = FirstResponse {
        verification: v.clone(),
        keys: ListResponse {
            total: items.len() as i64,
            items,
        },
    };
    // Inert data, not script: `<` is escaped so no text in it can close the element.
    let data = serde_json::to_string(&first)
        .unwrap_or_else(|_| "null".into())
        .replace('<', "\\u003c");
    let block = format!(r#"<script type="application/json" id="{DATA_ID}">{data}</script>"#);
    first_screen::write(template, lang, &markup(t, v), &block)
}

/// The verdict as the app's verify page shows it at first: the shell's header, the code,
/// the verdict in large type, and that the browser is checking the signature.
fn markup(t: &'static Texts, v: &Verification) -> String {
    let verdict = Verdict::of(v, false);
    let (title, body) = t.verdict(verdict);
    format!(
        concat!(
            r#"{header}<main id="main" tabindex="-1"><section class="verify" aria-labelledby="verify-title">"#,
            r#"<h1 id="verify-title">{h1}</h1>"#,
            r#"<p class="case-code"><span class="label">{code_label}</span> <code data-testid="case-code">{code}</code></p>"#,
            r#"<div class="verdict {class}" role="status" data-testid="verdict" data-verdict="{key}"><h2>{title}</h2><p>{body}</p></div>"#,
            r#"<p class="signature-note" data-testid="signature-checking">{checking}</p>"#,
            r#"</section></main>"#,
        ),
        header = first_screen::header(t, &format!("/v/{}", v.code.as_str())),
        h1 = escape(t.verify_title()),
        code_label = escape(t.verify_code()),
        code = escape(v.code.as_str()),
        class = verdict.class(),
        key = verdict.key(),
        title = escape(title),
        body = escape(body),
        checking = escape(t.signature_checking()),
    )
}
