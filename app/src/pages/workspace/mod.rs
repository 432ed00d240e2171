//! The internal workspace: a shell that requires a session and shows the navigation the
//! user's role allows, around one page per task.

mod audit;
mod catalog;
mod claims;
mod decision_table;
mod decisions;
mod department;
mod inspections;
mod officers;
mod overview;
mod password;
mod publication;
mod tokens;
mod users;

pub use audit::AuditLog;
pub use catalog::Catalog;
pub use claims::{ClaimEditor, Claims, FlaggedClaims, ReviewQueue};
pub use decision_table::Decisions;
pub use decisions::{DecisionPage, NewDecision, PrintDecision, PrintDecisions};
pub use department::DepartmentStaff;
pub use inspections::{
    Entities, InspectionNotice, InspectionSupervision, Inspections, SpotCheckPlan, SpotCheckPlans,
};
pub use officers::Officers;
pub use overview::Overview;
pub use password::ChangePassword;
pub use publication::Publication;
pub use tokens::Tokens;
pub use users::Accounts;

use leptos::{prelude::*, task::spawn_local};
use leptos_router::{
    NavigateOptions,
    components::{A, Outlet},
    hooks::{use_location, use_navigate},
};

use crate::{
    api,
    components::Loading,
    i18n::use_i18n,
    model::{CurrentUser, Role},
    session::{login_url, use_session},
};

/// Whether a role sees the province-wide pages (accounts, audit log).
pub fn oversees(role: Role) -> bool {
    matches!(role, Role::Admin | Role::Auditor)
}

/// Wraps every `/workspace/*` page: sends visitors without a session to the sign-in page
/// (and back afterwards), and users who must change their password to that page.
#[component]
pub fn WorkspaceShell() -> impl IntoView {
    let session = use_session();
    let location = use_location();
    let navigate = use_navigate();
    Effect::new(move |_| {
        let path = location.pathname.get();
        // The effect may outlive the page by a tick while the router moves on.
        if !path.starts_with("/workspace") {
            return;
        }
        let here = format!("{path}{}", location.search.get());
        match session.info.get() {
            Some(None) => navigate(
                &login_url(&here),
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            ),
            Some(Some(info)) if info.user.must_change_password && path != "/workspace/password" => {
                navigate(
                    "/workspace/password",
                    NavigateOptions {
                        replace: true,
                        ..Default::default()
                    },
                )
            }
            _ => {}
        }
    });
    let user = Memo::new(move |_| session.user());
    view! {
        {move || match user.get() {
            None => view! { <Loading /> }.into_any(),
            Some(user) => view! {
                <div class="workspace">
                    <WorkspaceNav user=user />
                    <div class="ws-main"><Outlet /></div>
                </div>
            }.into_any(),
        }}
    }
}

#[component]
fn WorkspaceNav(user: CurrentUser) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let role = user.role;
    let sign_out = move |_| {
        let csrf = session.csrf();
        let navigate = navigate.clone();
        spawn_local(async move {
            // Signed out either way: a failed call means the session was already gone.
            let _ = api::logout(&csrf).await;
            session.signed_out();
            navigate("/login", NavigateOptions::default());
        });
    };
    view! {
        <nav class="ws-nav" aria-label=move || i18n.t().ws_nav_label()>
            <p class="ws-user">
                <strong>{user.display_name.clone()}</strong>
                <span>{move || i18n.t().role(role)}</span>
                <span>{user.department_name.clone()}</span>
            </p>
            <ul>
                <li><A href="/workspace" exact=true>{move || i18n.t().ws_overview()}</A></li>
                <li><A href="/workspace/catalog">{move || i18n.t().ws_catalog()}</A></li>
                <Show when=move || !oversees(role)>
                    <li><A href="/workspace/claims">{move || i18n.t().ws_claims()}</A></li>
                </Show>
                <Show when=move || role == Role::Reviewer>
                    <li><A href="/workspace/review">{move || i18n.t().ws_review()}</A></li>
                </Show>
                <Show when=move || !oversees(role)>
                    <li><A href="/workspace/decisions">{move || i18n.t().ws_decisions()}</A></li>
                    <li><A href="/workspace/officers">{move || i18n.t().ws_officers()}</A></li>
                    <li><A href="/workspace/spot-checks">{move || i18n.t().wsc_title()}</A></li>
                    <li><A href="/workspace/inspections">{move || i18n.t().wsi_title()}</A></li>
                </Show>
                <li><A href="/workspace/entities">{move || i18n.t().ent_title()}</A></li>
                <Show when=move || matches!(role, Role::Reviewer | Role::Admin | Role::Auditor)>
                    <li><A href="/workspace/tokens">{move || i18n.t().tok_title()}</A></li>
                </Show>
                <Show when=move || oversees(role) || role == Role::Reviewer>
                    <li><A href="/workspace/supervision">{move || i18n.t().sup_title()}</A></li>
                </Show>
                <li><A href="/workspace/publication">{move || i18n.t().ws_publication()}</A></li>
                <Show when=move || oversees(role)>
                    <li><A href="/workspace/flagged">{move || i18n.t().ws_flagged()}</A></li>
                </Show>
                <li><A href="/workspace/department">{move || i18n.t().ws_department()}</A></li>
                <Show when=move || oversees(role)>
                    <li><A href="/workspace/users">{move || i18n.t().ws_users()}</A></li>
                    <li><A href="/workspace/audit">{move || i18n.t().ws_audit()}</A></li>
                </Show>
                <li><A href="/workspace/password">{move || i18n.t().ws_password()}</A></li>
            </ul>
            <button type="button" class="button secondary" on:click=sign_out>{move || i18n.t().ws_logout()}</button>
        </nav>
    }
}
