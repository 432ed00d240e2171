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
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};

use app::{
    model::{CaseCode, FirstResponse, Lang, ListResponse, SignatureCheck, Verdict, Verification},
    texts::Texts,
};

use crate::{
    cases::verify::{self, Lookup},
    state::AppState,
};

/// The id of the data block the app reads on start.
pub const DATA_ID: &str = "anma-verdict";
/// The id of the server-written markup the app removes when it mounts.
pub const FIRST_ID: &str = "anma-first";

#[derive(Clone)]
struct PageState {
    app: AppState,
    template: PathBuf,
}

/// `/v/{code}/{sig}` (and `/V/…`, the QR code's upper-case form).
pub fn router(state: AppState, site_dir: &Path) -> Router {
    let page = PageState {
        app: state,
        template: site_dir.join(app::model::routes::page_for("/v/x/y")),
    };
    Router::new()
        .route("/v/{code}/{sig}", get(verdict_page))
        .route("/V/{code}/{sig}", get(verdict_page))
        .with_state(page)
}

/// What the page answers with when it has no verdict to write: the plain page, as the
/// rest of the site serves it.
fn plain(html: String) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        html,
    )
        .into_response()
}

async fn verdict_page(
    State(page): State<PageState>,
    headers: HeaderMap,
    UrlPath((code, sig)): UrlPath<(String, String)>,
) -> Response {
    let Ok(template) = tokio::fs::read_to_string(&page.template).await else {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "The Anma app is not built on this server. Run `make site`, or pass --site-dir.",
        )
            .into_response();
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
    let lang = page_lang(&headers);
    let html = render(&template, lang, &verification, state);
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            // The page carries this moment's verdict: never kept by a cache.
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            (
                header::VARY,
                HeaderValue::from_static("accept-language, cookie"),
            ),
        ],
        html,
    )
        .into_response()
}

/// The page's language: the visitor's choice in the app (the `anma_lang` cookie), else
/// Chinese, as the app starts: the page the app takes over must not change language
/// under the reader.
fn page_lang(headers: &HeaderMap) -> Lang {
    let chosen = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| {
            c.trim()
                .strip_prefix(app::texts::LANG_COOKIE)?
                .strip_prefix('=')
        })
        .and_then(Lang::from_tag);
    chosen.unwrap_or(Lang::Zh)
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
    let markup = markup(t, v);
    let block = format!(r#"<script type="application/json" id="{DATA_ID}">{data}</script>"#);
    let with_lang = template.replacen(
        r#"<html lang="zh-CN">"#,
        &format!(r#"<html lang="{}">"#, lang.tag()),
        1,
    );
    match with_lang.find("<body>") {
        Some(at) => {
            let (head, rest) = with_lang.split_at(at + "<body>".len());
            format!("{head}\n{markup}\n{block}{rest}")
        }
        None => with_lang,
    }
}

/// The verdict as the app's verify page shows it at first: the shell's header, the code,
/// the verdict in large type, and that the browser is checking the signature.
fn markup(t: &'static Texts, v: &Verification) -> String {
    let verdict = Verdict::of(v, false);
    let (title, body) = t.verdict(verdict);
    format!(
        concat!(
            r#"<div id="{first}">"#,
            r#"<header class="site-header"><a href="/" class="brand">"#,
            r#"<span class="brand-mark" aria-hidden="true">案</span>"#,
            r#"<span class="brand-name">{brand}</span><span class="brand-tagline">{tagline}</span></a></header>"#,
            r#"<main id="main"><section class="verify" aria-labelledby="verify-title">"#,
            r#"<h1 id="verify-title">{h1}</h1>"#,
            r#"<p class="case-code"><span class="label">{code_label}</span> <code data-testid="case-code">{code}</code></p>"#,
            r#"<div class="verdict {class}" role="status" data-testid="verdict" data-verdict="{key}"><h2>{title}</h2><p>{body}</p></div>"#,
            r#"<p class="signature-note" data-testid="signature-checking">{checking}</p>"#,
            r#"</section></main></div>"#,
        ),
        first = FIRST_ID,
        brand = escape(t.brand()),
        tagline = escape(t.brand_tagline()),
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

/// Text for HTML element content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn text_cannot_become_markup() {
        assert_eq!(
            escape(r#"<script>"x" & 'y'</script>"#),
            "&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;"
        );
    }
}
