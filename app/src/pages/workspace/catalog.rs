use std::collections::BTreeSet;

use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};
use wasm_bindgen::JsCast;

use crate::{
    api::{self, ApiError},
    components::{ErrorMessage, Loading, set_title},
    i18n::use_i18n,
    model::{CatalogItem, CatalogQuery, Category, ImportReport, Role},
    session::use_session,
};

/// `/workspace/catalog`: the master catalog. Clerks select items and claim them for their
/// department; admins import and retire items.
#[component]
pub fn Catalog() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    Effect::new(move |_| set_title(i18n.t().catalog_title(), i18n.t().brand()));
    let role = move || session.role();
    let q = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let query = RwSignal::new(CatalogQuery {
        limit: Some(200),
        ..Default::default()
    });
    let items = LocalResource::new(move || {
        let q = query.get();
        async move { api::catalog(&q).await }
    });
    let selected = RwSignal::new(BTreeSet::<i64>::new());
    let notice = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<ApiError>);

    let on_search = move |ev: SubmitEvent| {
        ev.prevent_default();
        query.set(CatalogQuery {
            q: Some(q.get_untracked()).filter(|s| !s.trim().is_empty()),
            category: Category::parse(&category.get_untracked()),
            limit: Some(200),
            ..Default::default()
        });
    };
    let claim = move |_| {
        let Some(user) = session.user() else { return };
        let ids: Vec<i64> = selected.get_untracked().into_iter().collect();
        let csrf = session.csrf();
        error.set(None);
        spawn_local(async move {
            match api::claim_items(&csrf, user.department_id, &ids).await {
                Ok(list) => {
                    selected.set(BTreeSet::new());
                    notice.set(Some(format!(
                        "{}{}",
                        i18n.t().catalog_claimed(),
                        list.total
                    )));
                }
                Err(e) => {
                    if !session.handle(&e) {
                        error.set(Some(e));
                    }
                }
            }
        });
    };

    view! {
        <h1>{move || i18n.t().catalog_title()}</h1>
        <p class="lead">{move || i18n.t().catalog_lead()}</p>
        <div class="actions">
            <a class="button secondary" href="/api/v1/catalog.xlsx" download>{move || i18n.t().export_xlsx()}</a>
            <a class="button secondary" href="/api/v1/catalog.csv" download>{move || i18n.t().export_csv()}</a>
        </div>
        <Show when=move || role() == Some(Role::Admin)>
            <ImportPanel on_done=move || items.refetch() />
        </Show>
        <form class="filters" on:submit=on_search role="search">
            <div class="field">
                <label for="c-category">{move || i18n.t().filter_category()}</label>
                <select id="c-category" on:change=move |ev| category.set(event_target_value(&ev))>
                    <option value="">{move || i18n.t().filter_all()}</option>
                    {Category::ALL.iter().map(|c| view! { <option value=c.as_str()>{move || i18n.t().category(*c)}</option> }).collect_view()}
                </select>
            </div>
            <div class="field wide">
                <label for="c-q">{move || i18n.t().filter_search_items()}</label>
                <div class="input-row">
                    <input id="c-q" type="search" prop:value=move || q.get() on:input=move |ev| q.set(event_target_value(&ev)) />
                    <button type="submit" class="button primary">{move || i18n.t().filter_submit()}</button>
                </div>
            </div>
        </form>
        <Show when=move || role() == Some(Role::Clerk)>
            <div class="actions sticky">
                <button type="button" class="button primary" on:click=claim prop:disabled=move || selected.with(BTreeSet::is_empty)>
                    {move || i18n.t().catalog_claim_selected()}" ("{move || selected.with(BTreeSet::len)}")"
                </button>
            </div>
        </Show>
        <p class="success" role="status">{move || notice.get()}</p>
        <p class="field-error" role="alert">{move || error.get().map(|e| e.message(i18n.t()))}</p>
        {move || match items.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => {
                session.handle(&e);
                view! { <ErrorMessage error=e retry=move || items.refetch() /> }.into_any()
            }
            Some(Ok(list)) => view! {
                <p class="count"><strong>{list.total}</strong>" "{move || i18n.t().items_count()}</p>
                <ul class="cards" aria-label=move || i18n.t().catalog_title()>
                    {list.items.into_iter().map(|item| view! {
                        <CatalogCard item=item selected=selected on_change=move || items.refetch() />
                    }).collect_view()}
                </ul>
            }.into_any(),
        }}
    }
}

#[component]
fn CatalogCard(
    item: CatalogItem,
    selected: RwSignal<BTreeSet<i64>>,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let id = item.id;
    let category = item.fields.category;
    let levels: Vec<_> = item.fields.levels.clone();
    let retiring = RwSignal::new(false);
    let showing_versions = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let date = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let code = item.fields.code.to_string();
    let check_id = format!("sel-{id}");
    let retire = move |ev: SubmitEvent| {
        ev.prevent_default();
        let csrf = session.csrf();
        let (r, d) = (reason.get_untracked(), date.get_untracked());
        spawn_local(async move {
            match api::retire_item(&csrf, id, &r, &d).await {
                Ok(_) => on_change(),
                Err(e) => {
                    if !session.handle(&e) {
                        error.set(Some(e));
                    }
                }
            }
        });
    };
    view! {
        <li class="card">
            <div class="card-head">
                <Show when=move || session.role() == Some(Role::Clerk)>
                    <input type="checkbox" id=check_id.clone() class="check"
                        aria-label=format!("{} {}", i18n.t().catalog_select(), code.clone())
                        prop:checked=move || selected.with(|s| s.contains(&id))
                        on:change=move |ev| {
                            let on = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()).is_some_and(|i| i.checked());
                            selected.update(|s| { if on { s.insert(id); } else { s.remove(&id); } });
                        } />
                </Show>
                <h2 class="card-title">{item.fields.name.clone()}</h2>
            </div>
            <p class="meta">
                <span><code>{item.fields.code.to_string()}</code></span>
                <span>{move || i18n.t().category(category)}</span>
                <span>{move || levels.iter().map(|l| i18n.t().level(*l)).collect::<Vec<_>>().join("、")}</span>
                <Show when=move || item.fields.township><span class="status ok">{move || i18n.t().catalog_township()}</span></Show>
            </p>
            <p class="code">{item.fields.legal_basis.clone()}</p>
            <div class="actions">
                <button type="button" class="button link" aria-expanded=move || showing_versions.get().to_string()
                    on:click=move |_| showing_versions.update(|v| *v = !*v)>
                    {move || i18n.t().catalog_versions()}
                </button>
                <Show when=move || session.role() == Some(Role::Admin)>
                    <button type="button" class="button secondary" on:click=move |_| retiring.update(|r| *r = !*r)>
                        {move || i18n.t().catalog_retire()}
                    </button>
                </Show>
            </div>
            <Show when=move || showing_versions.get()>
                <Versions id=id />
            </Show>
            <Show when=move || retiring.get()>
                <form class="inline-form" on:submit=retire>
                    <label for=format!("rr-{id}")>{move || i18n.t().catalog_reason()}</label>
                    <input id=format!("rr-{id}") type="text" prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev)) />
                    <label for=format!("rd-{id}")>{move || i18n.t().catalog_effective()}</label>
                    <input id=format!("rd-{id}") type="date" prop:value=move || date.get() on:input=move |ev| date.set(event_target_value(&ev)) />
                    <button type="submit" class="button primary">{move || i18n.t().catalog_retire_submit()}</button>
                    <p class="field-error" role="alert">{move || error.get().map(|e| e.message(i18n.t()))}</p>
                </form>
            </Show>
        </li>
    }
}

/// An item's maintenance history, newest first.
#[component]
fn Versions(id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let detail = LocalResource::new(move || async move { api::catalog_item(id).await });
    move || {
        match detail.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(e)) => view! { <ErrorMessage error=e /> }.into_any(),
        Some(Ok(d)) => view! {
            <ol class="history">
                {d.versions.into_iter().map(|v| {
                    let op = v.operation.clone();
                    view! {
                        <li>
                            <p>
                                <strong>{move || i18n.t().catalog_version_line()}" "{v.version}" · "{move || i18n.t().operation(&op)}</strong>
                                " · "{v.effective_date.to_string()}" · "{v.changed_by.clone()}
                            </p>
                            <p class="hint">{v.reason.clone()}</p>
                            <p class="code">{v.fields.name.clone()}" — "{v.fields.legal_basis.clone()}</p>
                        </li>
                    }
                }).collect_view()}
            </ol>
        }.into_any(),
    }
    }
}

/// The admin's CSV import with its row-by-row report.
#[component]
fn ImportPanel(on_done: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let valid_only = RwSignal::new(false);
    let pending = RwSignal::new(false);
    let report = RwSignal::new(None::<ImportReport>);
    let error = RwSignal::new(None::<ApiError>);
    let file_input = NodeRef::<leptos::html::Input>::new();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(file) = file_input
            .get()
            .and_then(|i| i.files())
            .and_then(|f| f.get(0))
        else {
            return;
        };
        pending.set(true);
        report.set(None);
        error.set(None);
        let csrf = session.csrf();
        let only = valid_only.get_untracked();
        spawn_local(async move {
            match api::import_catalog(&csrf, file, only).await {
                Ok(r) => {
                    if r.imported > 0 {
                        on_done();
                    }
                    report.set(Some(r));
                }
                Err(e) => {
                    if !session.handle(&e) {
                        error.set(Some(e));
                    }
                }
            }
            pending.set(false);
        });
    };
    view! {
        <details class="panel">
            <summary>{move || i18n.t().import_title()}</summary>
            <form on:submit=on_submit>
                <div class="field">
                    <label for="import-file">{move || i18n.t().import_file()}</label>
                    <input id="import-file" type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" node_ref=file_input />
                </div>
                <div class="field check-row">
                    <input id="import-valid-only" type="checkbox" prop:checked=move || valid_only.get()
                        on:change=move |_| valid_only.update(|v| *v = !*v) />
                    <label for="import-valid-only">{move || i18n.t().import_valid_only()}</label>
                </div>
                <button type="submit" class="button primary" prop:disabled=move || pending.get()>
                    {move || if pending.get() { i18n.t().importing() } else { i18n.t().import_submit() }}
                </button>
                <Show when=move || pending.get()><progress aria-label=move || i18n.t().importing()></progress></Show>
            </form>
            <p class="field-error" role="alert">{move || error.get().map(|e| e.message(i18n.t()))}</p>
            {move || report.get().map(|r| {
                let (imported, rows, errors) = (r.imported, r.rows, r.errors);
                let has_errors = !errors.is_empty();
                view! {
                    <div role="status" class="import-report">
                        <p class="success">{move || i18n.t().import_result()}{imported}" / "{rows}</p>
                        <Show when=move || has_errors>
                            <p>{move || i18n.t().import_errors_title()}</p>
                        </Show>
                        <Show when=move || has_errors && imported == 0>
                            <p class="notice">{move || i18n.t().import_nothing()}</p>
                        </Show>
                        <crate::components::RowErrors errors />
                    </div>
                }
            })}
        </details>
    }
}
