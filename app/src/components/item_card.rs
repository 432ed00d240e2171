//! A power-list item as a card: on the first page's newest items and the item lists.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::{i18n::use_i18n, model::PublicItem};

#[component]
pub fn ItemCard(item: PublicItem) -> impl IntoView {
    let i18n = use_i18n();
    let category = item.item.category;
    view! {
        <li class="card">
            <h2 class="card-title"><A href=format!("/items/{}", item.claim_id)>{item.item.name}</A></h2>
            <p class="meta">
                <span><code>{item.item.code.to_string()}</code></span>
                <span>{move || i18n.t().category(category)}</span>
                <span>{item.department_name}</span>
                <span>{item.region_name}</span>
            </p>
        </li>
    }
}
