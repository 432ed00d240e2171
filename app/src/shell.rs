//! The app shell: header with navigation and the language switch, the routed page, the
//! footer.

use leptos::prelude::*;
use leptos_router::{
    MatchNestedRoutes,
    components::{A, Route, Router, Routes},
    path,
};

use crate::i18n::{provide_i18n, use_i18n};

#[component]
pub fn App() -> impl IntoView {
    crate::pages::arrived();
    provide_i18n();
    #[cfg(feature = "workspace")]
    crate::session::provide_session();
    // Before the router, whose own listener it must precede.
    #[cfg(feature = "workspace")]
    crate::components::watch_history();
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

/// The pages of this bundle (`model::routes::PAGES`), one group per bundle feature. A path
/// of another bundle matches no route here: the fallback loads that bundle's HTML
/// (`pages::OtherBundle`), so a bundle carries the routes of its own pages only.
#[component]
fn AppRoutes() -> impl IntoView {
    view! {
        <Routes fallback=Unrouted>
            <VerifyRoutes />
            <InspectionRoutes />
            <PublicRoutes />
            <PowersRoutes />
            <StatsRoutes />
            <SpotCheckRoutes />
            <ScanRoutes />
            <WorkspaceRoutes />
        </Routes>
    }
}

/// A path no route of this bundle matches: another bundle's page, which loads that
/// bundle, or no page at all.
#[component]
fn Unrouted() -> impl IntoView {
    use crate::model::routes::bundle_of;
    use crate::pages::{NotFound, OtherBundle, built_here};
    let path = leptos_router::hooks::use_location()
        .pathname
        .get_untracked();
    match bundle_of(&path) {
        Some(bundle) if !built_here(bundle) => OtherBundle().into_any(),
        _ => NotFound().into_any(),
    }
}

/// A group of routes that only the bundle with `$feature` carries; empty in the others.
macro_rules! route_group {
    ($(#[$doc:meta])* $name:ident, $feature:literal, $uses:tt => { $($routes:tt)* }) => {
        $(#[$doc])*
        #[cfg(feature = $feature)]
        #[component(transparent)]
        fn $name() -> impl MatchNestedRoutes + Clone {
            use crate::pages::$uses;
            view! { $($routes)* }.into_inner()
        }

        #[cfg(not(feature = $feature))]
        #[component(transparent)]
        fn $name() -> impl MatchNestedRoutes + Clone {
            no_routes()
        }
    };
}

route_group!(
    /// The first page, and what a decision's QR code opens.
    VerifyRoutes, "verify", {Home, Verify} => {
        <Route path=path!("/") view=Home />
        <Route path=path!("/v/:code/:sig?") view=Verify />
        <Route path=path!("/V/:code/:sig?") view=Verify />
    }
);

route_group!(
    /// What an inspection notice's QR code opens.
    InspectionRoutes, "inspection", InspectionPage => {
        <Route path=path!("/i/:code/:sig?/:token?") view=InspectionPage />
        <Route path=path!("/I/:code/:sig?/:token?") view=InspectionPage />
    }
);

route_group!(
    /// The disclosures.
    PublicRoutes, "disclosures", {DisclosureDetail, Disclosures} => {
        <Route path=path!("/disclosures") view=Disclosures />
        <Route path=path!("/disclosures/:id") view=DisclosureDetail />
    }
);

route_group!(
    /// The power lists, the departments and the officers.
    PowersRoutes, "powers", {Departments, ItemDetail, Items, Officers} => {
        <Route path=path!("/items") view=Items />
        <Route path=path!("/items/departments") view=Departments />
        <Route path=path!("/items/:id") view=ItemDetail />
        <Route path=path!("/officers/:certificate?") view=Officers />
    }
);

route_group!(
    /// The statistics.
    StatsRoutes, "stats", StatsPage => {
        <Route path=path!("/stats") view=StatsPage />
    }
);

route_group!(
    /// The published spot-check plans.
    SpotCheckRoutes, "spot-checks", {SpotCheckDetail, SpotChecks} => {
        <Route path=path!("/spot-checks") view=SpotChecks />
        <Route path=path!("/spot-checks/:id") view=SpotCheckDetail />
    }
);

route_group!(
    /// The scanner.
    ScanRoutes, "scan", Scan => {
        <Route path=path!("/scan") view=Scan />
    }
);

/// Sign-in and the workspace.
#[cfg(feature = "workspace")]
#[component(transparent)]
fn WorkspaceRoutes() -> impl MatchNestedRoutes + Clone {
    use crate::pages::{
        Login,
        workspace::{
            Accounts, AuditLog, Catalog, ChangePassword, ClaimEditor, Claims, DecisionPage,
            Decisions, DepartmentStaff, Entities, FlaggedClaims, InspectionNotice,
            InspectionSupervision, Inspections, NewDecision, Officers as WorkspaceOfficers,
            Overview, PrintDecision, PrintDecisions, Publication, ReviewQueue, SpotCheckPlan,
            SpotCheckPlans, Tokens, WorkspaceShell,
        },
    };
    use leptos_router::components::ParentRoute;
    view! {
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
            <Route path=path!("decisions/print") view=PrintDecisions />
            <Route path=path!("decisions/:id") view=DecisionPage />
            <Route path=path!("decisions/:id/print") view=PrintDecision />
            <Route path=path!("officers") view=WorkspaceOfficers />
            <Route path=path!("spot-checks") view=SpotCheckPlans />
            <Route path=path!("spot-checks/:id") view=SpotCheckPlan />
            <Route path=path!("inspections") view=Inspections />
            <Route path=path!("inspections/:id/notice") view=InspectionNotice />
            <Route path=path!("entities") view=Entities />
            <Route path=path!("supervision") view=InspectionSupervision />
            <Route path=path!("tokens") view=Tokens />
            <Route path=path!("publication") view=Publication />
            <Route path=path!("flagged") view=FlaggedClaims />
            <Route path=path!("users") view=Accounts />
            <Route path=path!("audit") view=AuditLog />
            <Route path=path!("password") view=ChangePassword />
        </ParentRoute>
    }
    .into_inner()
}

#[cfg(not(feature = "workspace"))]
#[component(transparent)]
fn WorkspaceRoutes() -> impl MatchNestedRoutes + Clone {
    no_routes()
}

/// A group that matches no path: the group of a bundle this build is not. (The router's
/// `()` is a route that matches every path.) Only the workspace's build has every group.
#[cfg(not(feature = "workspace"))]
fn no_routes() -> impl MatchNestedRoutes + Clone {
    leptos::tachys::view::iterators::StaticVec::<()>::from(Vec::new())
}

#[component]
fn Header() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <a class="skip-link" href="#main">{move || i18n.t().skip_to_content()}</a>
        <header class="site-header">
            <A href="/" attr:class="brand">
                <span class="brand-mark" aria-hidden="true">"案"</span>
                <span class="brand-name">{move || i18n.t().brand()}</span>
                <span class="brand-tagline">{move || i18n.t().brand_tagline()}</span>
            </A>
            <button
                type="button"
                class="lang-switch"
                aria-label=move || i18n.t().switch_language_label()
                on:click=move |_| i18n.toggle()
            >
                {move || i18n.t().switch_language()}
            </button>
            <nav class="site-nav" aria-label=move || i18n.t().nav_label()>
                <A href="/">{move || i18n.t().nav_verify()}</A>
                // The scanner is its own bundle: a full page load.
                <a href="/scan" rel="external">{move || i18n.t().nav_scan()}</a>
                <A href="/disclosures">{move || i18n.t().nav_disclosures()}</A>
                <A href="/items">{move || i18n.t().nav_items()}</A>
                <A href="/spot-checks">{move || i18n.t().nav_spot_checks()}</A>
                <A href="/stats">{move || i18n.t().nav_stats()}</A>
                // The workspace is another bundle: a full page load, not a client route.
                <a href="/workspace" rel="external">{move || i18n.t().nav_workspace()}</a>
            </nav>
        </header>
    }
}

#[component]
fn Footer() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <footer class="site-footer">
            <p>{move || i18n.t().footer_note()}</p>
        </footer>
    }
}
