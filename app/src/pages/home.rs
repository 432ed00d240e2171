use leptos::prelude::*;
use leptos_router::components::A;

use crate::{
    api,
    components::{CaseCodeForm, ErrorMessage, Loading, set_title},
    i18n::use_i18n,
    model::DepartmentQuery,
};

#[component]
pub fn Home() -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| set_title("", i18n.t().brand));
    let departments = LocalResource::new(|| async {
        api::departments(&DepartmentQuery {
            limit: Some(1),
            ..Default::default()
        })
        .await
    });
    view! {
        <section class="hero" aria-labelledby="home-title">
            <h1 id="home-title">{move || i18n.t().home_title}</h1>
            <p class="lead">{move || i18n.t().home_lead}</p>
            <CaseCodeForm />
        </section>
        <section class="panel" aria-labelledby="home-departments">
            <h2 id="home-departments">{move || i18n.t().home_departments_title}</h2>
            <p>{move || i18n.t().home_departments_lead}</p>
            {move || match departments.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => view! { <ErrorMessage error=e retry=move || departments.refetch() /> }.into_any(),
                Some(Ok(list)) => view! {
                    <p class="stat">
                        <strong data-testid="department-count">{list.total}</strong>
                        " "
                        {move || i18n.t().home_departments_count}
                    </p>
                }.into_any(),
            }}
            <A href="/items" attr:class="button secondary">{move || i18n.t().home_departments_link}</A>
        </section>
    }
}
