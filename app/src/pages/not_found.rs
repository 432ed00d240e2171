use leptos::prelude::*;
use leptos_router::components::A;

use crate::{components::set_title, i18n::use_i18n};

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| set_title(i18n.t().not_found_title(), i18n.t().brand()));
    view! {
        <section class="not-found" aria-labelledby="nf-title">
            <h1 id="nf-title">{move || i18n.t().not_found_title()}</h1>
            <p>{move || i18n.t().not_found_body()}</p>
            <A href="/" attr:class="button primary">{move || i18n.t().back_home()}</A>
        </section>
    }
}
