use leptos::{ev::SubmitEvent, prelude::*};
use leptos_router::{
    components::A,
    hooks::{use_navigate, use_query_map},
};

use crate::{
    api,
    components::{ErrorMessage, Loading, RegionFilter, set_title},
    i18n::use_i18n,
    model::{Department, DepartmentKind, DepartmentLevel, DepartmentQuery, RegionCode},
};

/// The filters as they stand in the URL (`?region=&level=&kind=&q=`), so every view is
/// shareable. Unknown values are ignored rather than failing the page.
fn query_from_url(get: impl Fn(&str) -> Option<String>) -> DepartmentQuery {
    DepartmentQuery {
        region: get("region").and_then(|r| RegionCode::parse(&r).ok()),
        level: get("level").and_then(|l| DepartmentLevel::parse(&l)),
        kind: get("kind").and_then(|k| DepartmentKind::parse(&k)),
        q: get("q").filter(|q| !q.trim().is_empty()),
        limit: None,
    }
}

fn url_of(query: &DepartmentQuery) -> String {
    let mut params = Vec::new();
    if let Some(r) = &query.region {
        params.push(format!("region={r}"));
    }
    if let Some(l) = query.level {
        params.push(format!("level={}", l.as_str()));
    }
    if let Some(k) = query.kind {
        params.push(format!("kind={}", k.as_str()));
    }
    if let Some(q) = &query.q {
        params.push(format!("q={}", api::encode(q)));
    }
    if params.is_empty() {
        "/items/departments".to_owned()
    } else {
        format!("/items/departments?{}", params.join("&"))
    }
}

/// `/items/departments`: the departments whose power lists are public, with filters.
#[component]
pub fn Departments() -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| set_title(i18n.t().departments_title(), i18n.t().brand()));
    let query_map = use_query_map();
    let query = Memo::new(move |_| {
        let map = query_map.read();
        query_from_url(|k| map.get(k))
    });
    let navigate = use_navigate();
    let go = move |q: DepartmentQuery| navigate(&url_of(&q), Default::default());

    let departments = LocalResource::new(move || {
        let q = query.get();
        async move { api::departments(&q).await }
    });

    let search = RwSignal::new(query.get_untracked().q.unwrap_or_default());

    let go_region = go.clone();
    let on_region = Callback::new(move |region| {
        go_region(DepartmentQuery {
            region,
            ..query.get_untracked()
        })
    });
    let go_level = go.clone();
    let on_level = move |ev| {
        let level = DepartmentLevel::parse(&event_target_value(&ev));
        go_level(DepartmentQuery {
            level,
            ..query.get_untracked()
        });
    };
    let go_kind = go.clone();
    let on_kind = move |ev| {
        let kind = DepartmentKind::parse(&event_target_value(&ev));
        go_kind(DepartmentQuery {
            kind,
            ..query.get_untracked()
        });
    };
    let go_search = go.clone();
    let on_search = move |ev: SubmitEvent| {
        ev.prevent_default();
        let q = Some(search.get_untracked()).filter(|q| !q.trim().is_empty());
        go_search(DepartmentQuery {
            q,
            ..query.get_untracked()
        });
    };
    let go_reset = go;
    let on_reset = move |_| {
        search.set(String::new());
        go_reset(DepartmentQuery::default());
    };

    view! {
        <h1>{move || i18n.t().departments_title()}</h1>
        <p class="lead">{move || i18n.t().items_lead()}</p>
        <form class="filters" on:submit=on_search role="search">
            <RegionFilter selected=Signal::derive(move || query.get().region) on_change=on_region />
            <div class="field">
                <label for="f-level">{move || i18n.t().filter_level()}</label>
                <select id="f-level" on:change=on_level prop:value=move || query.get().level.map(|l| l.as_str()).unwrap_or_default()>
                    <option value="">{move || i18n.t().filter_all()}</option>
                    {DepartmentLevel::ALL.iter().map(|l| view! {
                        <option value=l.as_str() selected=move || query.get().level == Some(*l)>{move || i18n.t().level(*l)}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="f-kind">{move || i18n.t().filter_kind()}</label>
                <select id="f-kind" on:change=on_kind prop:value=move || query.get().kind.map(|k| k.as_str()).unwrap_or_default()>
                    <option value="">{move || i18n.t().filter_all()}</option>
                    {DepartmentKind::ALL.iter().map(|k| view! {
                        <option value=k.as_str() selected=move || query.get().kind == Some(*k)>{move || i18n.t().kind(*k)}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field wide">
                <label for="f-q">{move || i18n.t().filter_search()}</label>
                <div class="input-row">
                    <input id="f-q" type="search" name="q" prop:value=move || search.get()
                        on:input=move |ev| search.set(event_target_value(&ev)) />
                    <button type="submit" class="button primary">{move || i18n.t().filter_submit()}</button>
                </div>
            </div>
            <button type="button" class="button link" on:click=on_reset>{move || i18n.t().filter_reset()}</button>
        </form>
        {move || match departments.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <ErrorMessage error=e retry=move || departments.refetch() /> }.into_any(),
            Some(Ok(list)) if list.items.is_empty() => view! {
                <p class="empty">{move || i18n.t().no_results()}</p>
            }.into_any(),
            Some(Ok(list)) => view! {
                <p class="count" role="status">
                    <strong>{list.total}</strong>" "{move || i18n.t().results_count()}
                </p>
                <ul class="cards" aria-label=move || i18n.t().departments_title()>
                    {list.items.into_iter().map(|d| view! { <DepartmentCard department=d /> }).collect_view()}
                </ul>
            }.into_any(),
        }}
    }
}

#[component]
fn DepartmentCard(department: Department) -> impl IntoView {
    let i18n = use_i18n();
    let Department {
        id,
        name,
        uscc,
        region_name,
        level,
        kind,
        ..
    } = department;
    view! {
        <li class="card">
            <h2 class="card-title">{name}</h2>
            <p class="meta">
                <span>{region_name}</span>
                <span>{move || i18n.t().level(level)}</span>
                <span>{move || i18n.t().kind(kind)}</span>
            </p>
            <p class="code">
                <span class="visually-hidden">{move || i18n.t().col_uscc()}": "</span>
                <code>{uscc.to_string()}</code>
            </p>
            <A href=format!("/items?department={id}")>{move || i18n.t().department_items_link()}</A>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_round_trips_the_filters() {
        let q = DepartmentQuery {
            region: RegionCode::parse("440106").ok(),
            level: Some(DepartmentLevel::County),
            kind: Some(DepartmentKind::MarketRegulation),
            q: Some("天河 局".into()),
            limit: None,
        };
        let url = url_of(&q);
        assert_eq!(
            url,
            "/items/departments?region=440106&level=county&kind=market_regulation&q=%E5%A4%A9%E6%B2%B3%20%E5%B1%80"
        );
    }

    #[test]
    fn unknown_values_in_the_url_are_ignored() {
        let q = query_from_url(|k| match k {
            "region" => Some("44".into()),
            "level" => Some("village".into()),
            "q" => Some("  ".into()),
            _ => None,
        });
        assert_eq!(q, DepartmentQuery::default());
    }
}
