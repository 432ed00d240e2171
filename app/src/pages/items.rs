use leptos::{ev::SubmitEvent, prelude::*};
use leptos_router::{
    components::A,
    hooks::{use_navigate, use_query_map},
};

use crate::{
    api,
    components::{ErrorMessage, FoldedFilters, ItemCard, Loading, RegionFilter, set_title},
    i18n::use_i18n,
    model::{Category, PublicItem, PublicItemQuery, RegionCode},
};

const PAGE: i64 = 50;

/// The filters in the URL (`?department=&region=&category=&q=`); unknown values are
/// ignored.
fn query_from_url(get: impl Fn(&str) -> Option<String>) -> PublicItemQuery {
    PublicItemQuery {
        department: get("department").and_then(|d| d.parse().ok()),
        region: get("region").and_then(|r| RegionCode::parse(&r).ok()),
        category: get("category").and_then(|c| Category::parse(&c)),
        q: get("q").filter(|q| !q.trim().is_empty()),
        ..Default::default()
    }
}

fn url_of(q: &PublicItemQuery) -> String {
    let mut params = Vec::new();
    if let Some(d) = q.department {
        params.push(format!("department={d}"));
    }
    if let Some(r) = &q.region {
        params.push(format!("region={r}"));
    }
    if let Some(c) = q.category {
        params.push(format!("category={}", c.as_str()));
    }
    if let Some(text) = &q.q {
        params.push(format!("q={}", api::encode(text)));
    }
    if params.is_empty() {
        "/items".to_owned()
    } else {
        format!("/items?{}", params.join("&"))
    }
}

/// `/items`: every department's published powers (事前公示), filtered by department,
/// region, category and a name or code; the filters live in the URL.
#[component]
pub fn Items() -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| set_title(i18n.t().items_title(), i18n.t().brand()));
    let query_map = use_query_map();
    let query = Memo::new(move |_| {
        let map = query_map.read();
        query_from_url(|k| map.get(k))
    });
    let navigate = use_navigate();
    let go = move |q: PublicItemQuery| navigate(&url_of(&q), Default::default());

    let items = RwSignal::new(Vec::<PublicItem>::new());
    let total = RwSignal::new(0i64);
    let loading = RwSignal::new(true);
    let error = RwSignal::new(None::<api::ApiError>);
    // When the filters change quickly, answers can arrive out of order: only the newest
    // request's answer is shown.
    let latest = StoredValue::new(0u64);
    let load = move |offset: i64| {
        let q = PublicItemQuery {
            limit: Some(PAGE),
            offset: Some(offset),
            ..query.get_untracked()
        };
        let request = latest.get_value() + 1;
        latest.set_value(request);
        loading.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let answer = api::public_items(&q).await;
            if latest.get_value() != request {
                return;
            }
            match answer {
                Ok(list) => {
                    total.set(list.total);
                    if offset == 0 {
                        items.set(list.items);
                    } else {
                        items.update(|v| v.extend(list.items));
                    }
                }
                Err(e) => error.set(Some(e)),
            }
            loading.set(false);
        });
    };
    Effect::new(move |_| {
        query.track();
        load(0);
    });

    let search = RwSignal::new(query.get_untracked().q.unwrap_or_default());
    let go_region = go.clone();
    let on_region = Callback::new(move |region| {
        go_region(PublicItemQuery {
            region,
            ..query.get_untracked()
        })
    });
    let go_category = go.clone();
    let on_category = move |ev| {
        let category = Category::parse(&event_target_value(&ev));
        go_category(PublicItemQuery {
            category,
            ..query.get_untracked()
        });
    };
    let go_search = go.clone();
    let on_search = move |ev: SubmitEvent| {
        ev.prevent_default();
        let q = Some(search.get_untracked()).filter(|q| !q.trim().is_empty());
        go_search(PublicItemQuery {
            q,
            ..query.get_untracked()
        });
    };
    let go_all = go.clone();
    let active =
        move || query.with(|q| usize::from(q.region.is_some()) + usize::from(q.category.is_some()));
    let department_name = move || items.with(|v| v.first().map(|i| i.department_name.clone()));

    view! {
        <h1>{move || i18n.t().items_title()}</h1>
        <p class="lead">{move || i18n.t().items_public_lead()}</p>
        <p><A href="/items/departments">{move || i18n.t().browse_departments()}</A></p>
        <Show when=move || query.get().department.is_some()>
            <p class="notice">
                {move || i18n.t().filter_department()}"："{department_name}" "
                <button type="button" class="button link"
                    on:click={let go_all = go_all.clone(); move |_| go_all(PublicItemQuery { department: None, ..query.get_untracked() })}>
                    {move || i18n.t().all_departments()}
                </button>
            </p>
        </Show>
        <form class="filters" on:submit=on_search role="search">
            <div class="field wide">
                <label for="f-q">{move || i18n.t().filter_search_items()}</label>
                <div class="input-row">
                    <input id="f-q" type="search" prop:value=move || search.get()
                        on:input=move |ev| search.set(event_target_value(&ev)) />
                    <button type="submit" class="button primary">{move || i18n.t().filter_submit()}</button>
                </div>
            </div>
            // On a phone the items come first: region and category fold behind one line
            // that says how many are set.
            <FoldedFilters active=Signal::derive(active)>
                <div class="filter-grid">
                    <RegionFilter selected=Signal::derive(move || query.get().region) on_change=on_region />
                    <div class="field">
                        <label for="f-category">{move || i18n.t().filter_category()}</label>
                        <select id="f-category" on:change=on_category
                            prop:value=move || query.get().category.map(|c| c.as_str()).unwrap_or_default()>
                            <option value="">{move || i18n.t().filter_all()}</option>
                            {Category::ALL.iter().map(|c| view! {
                                <option value=c.as_str() selected=move || query.get().category == Some(*c)>{move || i18n.t().category(*c)}</option>
                            }).collect_view()}
                        </select>
                    </div>
                </div>
            </FoldedFilters>
        </form>
        {move || error.get().map(|e| view! { <ErrorMessage error=e retry=move || load(0) /> })}
        <Show when=move || !loading.get() && error.get().is_none() && items.with(Vec::is_empty)>
            <p class="empty">{move || i18n.t().no_items()}</p>
        </Show>
        <Show when=move || !items.with(Vec::is_empty)>
            <p class="count" role="status"><strong>{move || total.get()}</strong>" "{move || i18n.t().items_count()}</p>
            <ul class="cards" aria-label=move || i18n.t().items_title()>
                <For each=move || items.get() key=|i| i.claim_id let:item>
                    <ItemCard item=item />
                </For>
            </ul>
        </Show>
        <Show when=move || loading.get()><Loading /></Show>
        <Show when=move || !loading.get() && (items.with(Vec::len) as i64) < total.get()>
            <button type="button" class="button secondary" on:click=move |_| load(items.with(Vec::len) as i64)>
                {move || i18n.t().load_more()}
            </button>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_round_trips_the_filters() {
        let q = PublicItemQuery {
            department: Some(7),
            region: RegionCode::parse("440100").ok(),
            category: Some(Category::Penalty),
            q: Some("食品".into()),
            ..Default::default()
        };
        let url = url_of(&q);
        assert_eq!(
            url,
            "/items?department=7&region=440100&category=penalty&q=%E9%A3%9F%E5%93%81"
        );
        let parsed = query_from_url(|k| match k {
            "department" => Some("7".into()),
            "region" => Some("440100".into()),
            "category" => Some("penalty".into()),
            "q" => Some("食品".into()),
            _ => None,
        });
        assert_eq!(parsed, q);
    }
}
