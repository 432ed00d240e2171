//! The app shell: header with navigation and the language switch, the routed page, the
//! footer.

use leptos::prelude::*;
#[cfg(feature = "workspace")]
use leptos_router::components::ParentRoute;
use leptos_router::{
    components::{A, Route, Router, Routes},
    path,
};

#[cfg(feature = "scan")]
use crate::pages::Scan;
#[cfg(feature = "public")]
use crate::pages::{
    Departments, DisclosureDetail, Disclosures, Home, ItemDetail, Items, Officers, StatsPage,
};
use crate::{
    i18n::{provide_i18n, use_i18n},
    pages::Verify,
};
#[cfg(feature = "workspace")]
use crate::{
    pages::{
        Login,
        workspace::{
            Accounts, AuditLog, Catalog, ChangePassword, ClaimEditor, Claims, DecisionPage,
            Decisions, DepartmentStaff, FlaggedClaims, NewDecision, Officers as WorkspaceOfficers,
            Overview, PrintDecision, Publication, ReviewQueue, WorkspaceShell,
        },
    },
    session::provide_session,
};

#[component]
pub fn App() -> impl IntoView {
    provide_i18n();
    #[cfg(feature = "workspace")]
    provide_session();
    view! {
        <Router>
            <Header />
            <main id="main" tabindex="-1">
                <AppRoutes />
            </main>
            <Footer />
        </Router>
    }
}

/// The verify bundle: only the verify page. Any other path is another bundle's page, which
/// a full load fetches.
#[cfg(not(feature = "public"))]
#[component]
fn AppRoutes() -> impl IntoView {
    view! {
        <Routes fallback=crate::pages::OtherBundle>
            <Route path=path!("/v/:code") view=Verify />
            <Route path=path!("/v/:code/:sig") view=Verify />
            <Route path=path!("/V/:code") view=Verify />
            <Route path=path!("/V/:code/:sig") view=Verify />
        </Routes>
    }
}

/// The public pages (and, in the scanner's bundle, `/scan`). `/login` and `/workspace`
/// are another bundle: the server answers them with `workspace.html`, and links to them
/// load the page.
#[cfg(all(feature = "public", not(feature = "workspace")))]
#[component]
fn AppRoutes() -> impl IntoView {
    #[cfg(feature = "scan")]
    let scan = Scan;
    #[cfg(not(feature = "scan"))]
    let scan = crate::pages::OtherBundle;
    view! {
        <Routes fallback=crate::pages::NotFound>
            <Route path=path!("/") view=Home />
            <Route path=path!("/v/:code") view=Verify />
            <Route path=path!("/v/:code/:sig") view=Verify />
            <Route path=path!("/V/:code") view=Verify />
            <Route path=path!("/V/:code/:sig") view=Verify />
            <Route path=path!("/officers") view=Officers />
            <Route path=path!("/officers/:certificate") view=Officers />
            <Route path=path!("/scan") view=scan />
            <Route path=path!("/disclosures") view=Disclosures />
            <Route path=path!("/disclosures/:id") view=DisclosureDetail />
            <Route path=path!("/stats") view=StatsPage />
            <Route path=path!("/items") view=Items />
            <Route path=path!("/items/departments") view=Departments />
            <Route path=path!("/items/:id") view=ItemDetail />
        </Routes>
    }
}

/// The public pages and the workspace.
#[cfg(feature = "workspace")]
#[component]
fn AppRoutes() -> impl IntoView {
    view! {
        <Routes fallback=crate::pages::NotFound>
            <Route path=path!("/") view=Home />
            <Route path=path!("/v/:code") view=Verify />
            <Route path=path!("/v/:code/:sig") view=Verify />
            <Route path=path!("/V/:code") view=Verify />
            <Route path=path!("/V/:code/:sig") view=Verify />
            <Route path=path!("/officers") view=Officers />
            <Route path=path!("/officers/:certificate") view=Officers />
            <Route path=path!("/scan") view=Scan />
            <Route path=path!("/disclosures") view=Disclosures />
            <Route path=path!("/disclosures/:id") view=DisclosureDetail />
            <Route path=path!("/stats") view=StatsPage />
            <Route path=path!("/items") view=Items />
            <Route path=path!("/items/departments") view=Departments />
            <Route path=path!("/items/:id") view=ItemDetail />
            <Route path=path!("/login") view=Login />
            <ParentRoute path=path!("/workspace") view=WorkspaceShell>
                <Route path=path!("") view=Overview />
                <Route path=path!("department") view=DepartmentStaff />
                <Route path=path!("catalog") view=Catalog />
                <Route path=path!("claims") view=Claims />
                <Route path=path!("claims/:dept/:id") view=ClaimEditor />
                <Route path=path!("review") view=ReviewQueue />
                <Route path=path!("decisions") view=Decisions />
                <Route path=path!("decisions/new") view=NewDecision />
                <Route path=path!("decisions/:id") view=DecisionPage />
                <Route path=path!("decisions/:id/print") view=PrintDecision />
                <Route path=path!("officers") view=WorkspaceOfficers />
                <Route path=path!("publication") view=Publication />
                <Route path=path!("flagged") view=FlaggedClaims />
                <Route path=path!("users") view=Accounts />
                <Route path=path!("audit") view=AuditLog />
                <Route path=path!("password") view=ChangePassword />
            </ParentRoute>
        </Routes>
    }
}

#[component]
fn Header() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <a class="skip-link" href="#main">{move || i18n.t().skip_to_content}</a>
        <header class="site-header">
            <A href="/" attr:class="brand">
                <span class="brand-mark" aria-hidden="true">"案"</span>
                <span class="brand-name">{move || i18n.t().brand}</span>
                <span class="brand-tagline">{move || i18n.t().brand_tagline}</span>
            </A>
            <button
                type="button"
                class="lang-switch"
                aria-label=move || i18n.t().switch_language_label
                on:click=move |_| i18n.toggle()
            >
                {move || i18n.t().switch_language}
            </button>
            <nav class="site-nav" aria-label=move || i18n.t().nav_label>
                <A href="/">{move || i18n.t().nav_verify}</A>
                // The scanner is its own bundle: a full page load.
                <a href="/scan" rel="external">{move || i18n.t().nav_scan}</a>
                <A href="/disclosures">{move || i18n.t().nav_disclosures}</A>
                <A href="/items">{move || i18n.t().nav_items}</A>
                <A href="/stats">{move || i18n.t().nav_stats}</A>
                // The workspace is another bundle: a full page load, not a client route.
                <a href="/workspace" rel="external">{move || i18n.t().nav_workspace}</a>
            </nav>
        </header>
    }
}

#[component]
fn Footer() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <footer class="site-footer">
            <p>{move || i18n.t().footer_note}</p>
        </footer>
    }
}
