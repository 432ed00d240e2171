//! Pages whose first screen comes written in the server's response, so that a phone on a
//! slow connection reads it before the WASM has downloaded: the verify page a QR code
//! opens (`verdict_page`, with the verdict), and the first page and the public listings
//! (their heading and lead, here). The server writes what the app draws first, in the same markup, inside
//! `<div id="anma-first">`; the app removes that copy once it has drawn its own
//! (`app/src/main.rs`), so nothing moves on screen and nothing is said twice.

use std::path::{Path, PathBuf};

use axum::{
    Router,
    extract::{RawQuery, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};

use app::{model::Lang, texts::Texts};

/// The id of the server-written markup the app removes when it mounts.
pub const FIRST_ID: &str = "anma-first";

/// The built page of the bundle that draws `path`, or the answer when the app is not built.
pub async fn template(site_dir: &Path, path: &str) -> Result<String, Response> {
    let file = site_dir.join(app::model::routes::page_for(path));
    tokio::fs::read_to_string(&file).await.map_err(|_| {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            "The Anma app is not built on this server. Run `make site`, or pass --site-dir.",
        )
            .into_response()
    })
}

/// An HTML page with its caching rule. A written page depends on the language cookie.
pub fn html(body: String, cache: &'static str) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
            (header::VARY, HeaderValue::from_static("cookie")),
        ],
        body,
    )
        .into_response()
}

/// The page's language: the visitor's choice in the app (the `anma_lang` cookie), else
/// Chinese, as the app starts: the page the app takes over must not change language
/// under the reader.
pub fn page_lang(headers: &HeaderMap) -> Lang {
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

/// The template in `lang`, with `first` (the first screen, in its `anma-first` wrapper)
/// and then `after` (data blocks) at the start of `<body>`.
pub fn write(template: &str, lang: Lang, first: &str, after: &str) -> String {
    let with_lang = template.replacen(
        r#"<html lang="zh-CN">"#,
        &format!(r#"<html lang="{}">"#, lang.tag()),
        1,
    );
    match with_lang.find("<body>") {
        Some(at) => {
            let (head, rest) = with_lang.split_at(at + "<body>".len());
            format!("{head}\n<div id=\"{FIRST_ID}\">{first}</div>\n{after}{rest}")
        }
        None => with_lang,
    }
}

/// A link of the site's navigation.
struct NavLink {
    href: &'static str,
    text: fn(&Texts) -> &'static str,
    /// The link leaves the bundle: a full page load, marked for the router.
    external: bool,
}

/// The site's navigation, as the shell lists it (`app/src/shell.rs`).
const NAV: [NavLink; 7] = [
    NavLink {
        href: "/",
        text: Texts::nav_verify,
        external: false,
    },
    NavLink {
        href: "/scan",
        text: Texts::nav_scan,
        external: true,
    },
    NavLink {
        href: "/disclosures",
        text: Texts::nav_disclosures,
        external: false,
    },
    NavLink {
        href: "/items",
        text: Texts::nav_items,
        external: false,
    },
    NavLink {
        href: "/spot-checks",
        text: Texts::nav_spot_checks,
        external: false,
    },
    NavLink {
        href: "/stats",
        text: Texts::nav_stats,
        external: false,
    },
    NavLink {
        href: "/workspace",
        text: Texts::nav_workspace,
        external: true,
    },
];

/// The skip link and the site's header as the shell draws them on `path`: the brand, the
/// language switch and the navigation, the current page's link marked as the router
/// marks it.
pub fn header(t: &'static Texts, path: &str) -> String {
    let links: String = NAV
        .iter()
        .map(
            |NavLink {
                 href,
                 text,
                 external,
             }| {
                let current = if is_current(href, path) {
                    r#" aria-current="page""#
                } else {
                    ""
                };
                let rel = if *external { r#" rel="external""# } else { "" };
                format!(r#"<a href="{href}"{rel}{current}>{}</a>"#, escape(text(t)))
            },
        )
        .collect();
    format!(
        concat!(
            r##"<a class="skip-link" href="#main">{skip}</a>"##,
            r#"<header class="site-header"><a href="/" class="brand"{brand_current}>"#,
            r#"<span class="brand-mark" aria-hidden="true">案</span>"#,
            r#"<span class="brand-name">{brand}</span><span class="brand-tagline">{tagline}</span></a>"#,
            r#"<button type="button" class="lang-switch" aria-label="{switch_label}">{switch}</button>"#,
            r#"<nav class="site-nav" aria-label="{nav_label}">{links}</nav></header>"#,
        ),
        skip = escape(t.skip_to_content()),
        brand_current = if is_current("/", path) {
            r#" aria-current="page""#
        } else {
            ""
        },
        brand = escape(t.brand()),
        tagline = escape(t.brand_tagline()),
        switch_label = escape(t.switch_language_label()),
        switch = escape(t.switch_language()),
        nav_label = escape(t.nav_label()),
        links = links,
    )
}

/// Whether the router marks the link to `href` as the current page on `path`: the path
/// is the link's, or lies under it (`/` only for itself).
fn is_current(href: &str, path: &str) -> bool {
    let path = path.trim_end_matches('/');
    let href = href.trim_end_matches('/');
    if href.is_empty() {
        return path.is_empty();
    }
    path == href
        || path
            .strip_prefix(href)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// Text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
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

/// A public page whose first screen is its heading and lead.
struct LeadPage {
    path: &'static str,
    /// How the page frames its first lines.
    frame: Frame,
    heading: fn(&Texts, &Query) -> &'static str,
    lead: fn(&Texts) -> &'static str,
}

/// How a page frames its heading and lead.
#[derive(Clone, Copy)]
enum Frame {
    /// Straight in `<main>`, as the listings draw them.
    Listing,
    /// In the first page's hero section, above the case-code form.
    Hero,
}

/// What of the address's query changes a page's heading.
struct Query {
    /// The statistics of one department are its annual report.
    department: bool,
}

impl Query {
    fn parse(raw: Option<&str>) -> Self {
        let department = raw.unwrap_or_default().split('&').any(|pair| {
            pair.strip_prefix("department=")
                .is_some_and(|value| !value.is_empty())
        });
        Self { department }
    }
}

/// The pages, as they draw their first lines (`app/src/pages`).
static LEAD_PAGES: [LeadPage; 5] = [
    LeadPage {
        path: "/",
        frame: Frame::Hero,
        heading: |t, _| t.home_title(),
        lead: Texts::home_lead,
    },
    LeadPage {
        path: "/disclosures",
        frame: Frame::Listing,
        heading: |t, _| t.disclosures_title(),
        lead: Texts::disclosures_lead,
    },
    LeadPage {
        path: "/items",
        frame: Frame::Listing,
        heading: |t, _| t.items_title(),
        lead: Texts::items_public_lead,
    },
    LeadPage {
        path: "/spot-checks",
        frame: Frame::Listing,
        heading: |t, _| t.sc_title(),
        lead: Texts::sc_lead,
    },
    LeadPage {
        path: "/stats",
        frame: Frame::Listing,
        heading: |t, q| {
            if q.department {
                t.stats_annual()
            } else {
                t.stats_title()
            }
        },
        lead: Texts::stats_lead,
    },
];

/// The first page and the listings, each with its first screen written in.
pub fn router(site_dir: &Path) -> Router {
    let mut router = Router::new();
    for page in &LEAD_PAGES {
        let answer = move |State(site): State<PathBuf>,
                           headers: HeaderMap,
                           RawQuery(raw): RawQuery| async move {
            lead_page(&site, page, &headers, raw.as_deref()).await
        };
        router = router.route(page.path, get(answer));
    }
    router.with_state(site_dir.to_path_buf())
}

async fn lead_page(
    site_dir: &Path,
    page: &LeadPage,
    headers: &HeaderMap,
    raw_query: Option<&str>,
) -> Response {
    let template = match template(site_dir, page.path).await {
        Ok(template) => template,
        Err(unbuilt) => return unbuilt,
    };
    let lang = page_lang(headers);
    let t = app::texts::texts(lang);
    let query = Query::parse(raw_query);
    let heading = escape((page.heading)(t, &query));
    let lead = escape((page.lead)(t));
    let lines = match page.frame {
        Frame::Listing => format!(r#"<h1>{heading}</h1><p class="lead">{lead}</p>"#),
        Frame::Hero => format!(
            r#"<section class="hero" aria-labelledby="home-title"><h1 id="home-title">{heading}</h1><p class="lead">{lead}</p></section>"#
        ),
    };
    let first = format!(
        r#"{header}<main id="main" tabindex="-1">{lines}</main>"#,
        header = header(t, page.path),
    );
    html(write(&template, lang, &first, ""), "no-cache")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_cannot_become_markup() {
        assert_eq!(
            escape(r#"<script>"x" & 'y'</script>"#),
            "&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;"
        );
    }

    #[test]
    fn a_link_is_current_on_its_page_and_the_pages_under_it() {
        assert!(is_current("/", "/"));
        assert!(!is_current("/", "/disclosures"));
        assert!(is_current("/disclosures", "/disclosures"));
        assert!(is_current("/items", "/items/departments"));
        assert!(!is_current("/items", "/itemsx"));
        assert!(!is_current("/stats", "/disclosures"));
    }

    #[test]
    fn the_first_screen_goes_first_in_the_body_in_the_readers_language() {
        let page = write(
            "<html lang=\"zh-CN\"><head></head><body><noscript>x</noscript></body></html>",
            Lang::En,
            "<h1>Hi</h1>",
            "<script type=\"application/json\">{}</script>",
        );
        assert_eq!(
            page,
            "<html lang=\"en\"><head></head><body>\n<div id=\"anma-first\"><h1>Hi</h1></div>\n\
             <script type=\"application/json\">{}</script><noscript>x</noscript></body></html>"
        );
    }

    #[test]
    fn only_a_named_department_makes_the_statistics_an_annual_report() {
        assert!(Query::parse(Some("year=2026&department=3")).department);
        assert!(!Query::parse(Some("department=")).department);
        assert!(!Query::parse(Some("year=2026")).department);
        assert!(!Query::parse(None).department);
    }
}
