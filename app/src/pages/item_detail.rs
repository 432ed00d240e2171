use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_params_map};

use crate::{
    api,
    components::{ErrorMessage, Loading, set_title},
    i18n::use_i18n,
};

/// Picks a label out of the current language's strings.
type Label = fn(&crate::i18n::Texts) -> &'static str;

/// `/items/:id`: one published item with its legal basis and the department's details.
#[component]
pub fn ItemDetail() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(0)
    });
    let item = LocalResource::new(move || {
        let id = id.get();
        async move { api::public_item(id).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(i)) = item.get() {
            set_title(&i.item.name, i18n.t().brand());
        }
    });
    view! {
        {move || match item.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <ErrorMessage error=e /> }.into_any(),
            Some(Ok(i)) => {
                let category = i.item.category;
                let d = i.details;
                let rows: Vec<(Label, String)> = vec![
                    (|t| t.item_code(), i.item.code.to_string()),
                    (|t| t.item_legal_basis(), i.item.legal_basis.clone()),
                    (|t| t.item_body(), d.implementing_body),
                    (|t| t.item_local_basis(), d.local_legal_basis),
                    (|t| t.item_steps(), d.responsibility_steps),
                    (|t| t.item_accountability(), d.accountability),
                    (|t| t.item_discretion(), d.discretion_benchmark),
                    (|t| t.item_service(), d.service_info),
                    (|t| t.item_published(), crate::components::format::day(i.published_at)),
                ];
                view! {
                    <article class="panel">
                        <h1>{i.item.name.clone()}</h1>
                        <p class="meta">
                            <span>{move || i18n.t().category(category)}</span>
                            <A href=format!("/items?department={}", i.department_id)>{i.department_name.clone()}</A>
                            <span>{i.region_name.clone()}</span>
                        </p>
                        <dl class="facts wide">
                            {rows.into_iter().filter(|(_, v)| !v.trim().is_empty()).map(|(label, value)| view! {
                                <dt>{move || label(i18n.t())}</dt>
                                <dd class="pre">{value}</dd>
                            }).collect_view()}
                        </dl>
                    </article>
                }.into_any()
            }
        }}
        <p><A href="/items">{move || i18n.t().back_to_items()}</A></p>
    }
}
