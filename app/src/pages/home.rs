use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    api,
    components::{CaseCodeForm, ErrorMessage, ItemCard, Loading, set_title},
    i18n::use_i18n,
    model::{DepartmentQuery, PublicItemQuery},
};

#[component]
pub fn Home() -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| set_title("", i18n.t().brand()));
    let newest = LocalResource::new(|| async {
        api::public_items(&PublicItemQuery {
            sort: Some("newest".into()),
            limit: Some(5),
            ..Default::default()
        })
        .await
    });
    let departments = LocalResource::new(|| async {
        api::departments(&DepartmentQuery {
            limit: Some(1),
            ..Default::default()
        })
        .await
    });
    view! {
        <section class="hero" aria-labelledby="home-title">
            <h1 id="home-title">{move || i18n.t().home_title()}</h1>
            <p class="lead">{move || i18n.t().home_lead()}</p>
            <CaseCodeForm />
            <p class="actions">
                // The scanner is its own bundle: a full page load.
                <a href="/scan" rel="external" class="button secondary">{move || i18n.t().scan_title()}</a>
                <A href="/officers" attr:class="button secondary">{move || i18n.t().officers_title()}</A>
            </p>
        </section>
        <section class="panel" aria-labelledby="home-newest">
            <h2 id="home-newest">{move || i18n.t().home_newest_items()}</h2>
            {move || match newest.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => view! { <ErrorMessage error=e retry=move || newest.refetch() /> }.into_any(),
                Some(Ok(list)) if list.items.is_empty() => view! { <p class="empty">{move || i18n.t().no_items()}</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="cards" aria-label=move || i18n.t().home_newest_items()>
                        {list.items.into_iter().map(|item| view! { <ItemCard item=item /> }).collect_view()}
                    </ul>
                }.into_any(),
            }}
            <p><A href="/items">{move || i18n.t().home_all_items()}</A></p>
        </section>
        // Drawn once the newest items are in: earlier, their arrival would push it down
        // (a layout shift).
        <Show when=move || newest.get().is_some()>
        <section class="panel" aria-labelledby="home-departments">
            <h2 id="home-departments">{move || i18n.t().home_departments_title()}</h2>
            <p>{move || i18n.t().home_departments_lead()}</p>
            {move || match departments.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => view! { <ErrorMessage error=e retry=move || departments.refetch() /> }.into_any(),
                Some(Ok(list)) => view! {
                    <p class="stat">
                        <strong data-testid="department-count">{list.total}</strong>
                        " "
                        {move || i18n.t().home_departments_count()}
                    </p>
                }.into_any(),
            }}
            <A href="/items/departments" attr:class="button secondary">{move || i18n.t().home_departments_link()}</A>
        </section>
        </Show>
    }
}
