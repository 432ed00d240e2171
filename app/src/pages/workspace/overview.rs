use leptos::prelude::*;

use super::oversees;
use crate::{components::set_title, i18n::use_i18n, model::Role, session::use_session};

/// `/workspace`: who you are and what you can do here.
#[component]
pub fn Overview() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    Effect::new(move |_| set_title(i18n.t().workspace_title, i18n.t().brand));
    move || {
        session.info.get().flatten().map(|info| {
            let user = info.user;
            let role = user.role;
            view! {
                <h1>{move || i18n.t().workspace_title}</h1>
                <p class="lead">{move || i18n.t().ws_welcome}{user.display_name.clone()}</p>
                <dl class="facts">
                    <dt>{move || i18n.t().ws_role}</dt><dd data-testid="role">{move || i18n.t().role(role)}</dd>
                    <dt>{move || i18n.t().ws_department_label}</dt><dd>{user.department_name.clone()}</dd>
                    <dt>{move || i18n.t().ws_session_until}</dt><dd>{info.expires_at.replace('T', " ")[..16].to_owned()}</dd>
                </dl>
                <p class="hint">{info.idle_timeout_minutes}" "{move || i18n.t().ws_idle_note}</p>
                <p class="notice">
                    {move || match role {
                        Role::Admin => i18n.t().ws_can_admin,
                        Role::Auditor => i18n.t().ws_can_auditor,
                        _ if oversees(role) => i18n.t().ws_can_admin,
                        _ => i18n.t().ws_can_department,
                    }}
                </p>
            }
        })
    }
}
