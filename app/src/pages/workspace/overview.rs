use leptos::prelude::*;

use super::oversees;
use crate::{
    api,
    components::{format::china_time, set_title},
    i18n::use_i18n,
    model::Role,
    session::use_session,
};

/// `/workspace`: who you are and what you can do here.
#[component]
pub fn Overview() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    Effect::new(move |_| set_title(i18n.t().workspace_title, i18n.t().brand));
    // Admins keep the working calendar: warn while this year's or next year's official
    // holiday notice is not loaded.
    let coverage = LocalResource::new(move || {
        let is_admin = session.role() == Some(Role::Admin);
        async move {
            if is_admin {
                api::calendar_years().await.ok()
            } else {
                None
            }
        }
    });
    let calendar_warning = move || {
        coverage
            .get()
            .flatten()
            .filter(|c| !c.missing.is_empty())
            .map(|c| {
                let years = c
                    .missing
                    .iter()
                    .map(i64::to_string)
                    .collect::<Vec<_>>()
                    .join("、");
                view! {
                    <p class="notice warning" role="alert" data-testid="calendar-missing">
                        {move || i18n.t().calendar_missing.replace("{years}", &years)}" "
                        <a href="/workspace/publication">{move || i18n.t().pub_title}</a>
                    </p>
                }
            })
    };
    move || {
        session.info.get().flatten().map(|info| {
            let user = info.user;
            let role = user.role;
            view! {
                <h1>{move || i18n.t().workspace_title}</h1>
                {calendar_warning}
                <p class="lead">{move || i18n.t().ws_welcome}{user.display_name.clone()}</p>
                <dl class="facts">
                    <dt>{move || i18n.t().ws_role}</dt><dd data-testid="role">{move || i18n.t().role(role)}</dd>
                    <dt>{move || i18n.t().ws_department_label}</dt><dd>{user.department_name.clone()}</dd>
                    <dt>{move || i18n.t().ws_session_until}</dt><dd>{china_time(info.expires_at)}</dd>
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
