use leptos::prelude::*;

use crate::{components::set_title, i18n::use_i18n};

/// `/workspace`: the internal workspace of enforcement departments.
#[component]
pub fn Workspace() -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| set_title(i18n.t().workspace_title, i18n.t().brand));
    view! {
        <h1>{move || i18n.t().workspace_title}</h1>
        <p class="lead">{move || i18n.t().workspace_lead}</p>
        <p class="notice">{move || i18n.t().workspace_login_pending}</p>
    }
}
