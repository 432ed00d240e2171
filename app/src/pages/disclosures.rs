use leptos::prelude::*;

use crate::{components::set_title, i18n::use_i18n};

/// `/disclosures`: published enforcement decisions.
#[component]
pub fn Disclosures() -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| set_title(i18n.t().disclosures_title, i18n.t().brand));
    view! {
        <h1>{move || i18n.t().disclosures_title}</h1>
        <p class="lead">{move || i18n.t().disclosures_lead}</p>
        <p class="empty">{move || i18n.t().disclosures_empty}</p>
    }
}
