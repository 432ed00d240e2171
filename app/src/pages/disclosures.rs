//! `/disclosures`: published enforcement decisions (执法决定公示) with Chinese search,
//! filters and sorting in the URL, keyset pages, exports, and the withdrawal notices;
//! `/disclosures/:id`: one decision.

use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};
use leptos_router::{
    components::A,
    hooks::{use_navigate, use_params_map, use_query_map},
};

use crate::{
    api::{self, ApiError},
    components::{ErrorMessage, FoldedFilters, Loading, RegionFilter, format::yuan, set_title},
    i18n::use_i18n,
    model::{Category, Date, Disclosure, DisclosureQuery, PenaltyType, RegionCode},
};

/// The filters in the URL; unknown values are dropped.
fn query_from_url(get: impl Fn(&str) -> Option<String>) -> DisclosureQuery {
    let text = |k: &str| {
        get(k)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    DisclosureQuery {
        q: text("q"),
        department: text("department").and_then(|d| d.parse().ok()),
        region: text("region").filter(|r| RegionCode::parse(r).is_ok()),
        category: text("category").filter(|c| Category::parse(c).is_some()),
        penalty: text("penalty").filter(|p| PenaltyType::parse(p).is_some()),
        from: text("from").and_then(|d| Date::parse(&d)),
        to: text("to").and_then(|d| Date::parse(&d)),
        min_yuan: text("min_yuan").and_then(|v| v.parse().ok()),
        max_yuan: text("max_yuan").and_then(|v| v.parse().ok()),
        sort: text("sort").filter(|s| matches!(s.as_str(), "newest" | "oldest" | "amount")),
        after: None,
        limit: None,
    }
}

fn url_of(q: &DisclosureQuery) -> String {
    let qs = q.to_query_string();
    if qs.is_empty() {
        "/disclosures".into()
    } else {
        format!("/disclosures?{qs}")
    }
}

#[component]
pub fn Disclosures() -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| set_title(i18n.t().disclosures_title(), i18n.t().brand()));
    let query_map = use_query_map();
    let query = Memo::new(move |_| {
        let map = query_map.read();
        query_from_url(|k| map.get(k))
    });
    let navigate = use_navigate();
    let go = move |q: DisclosureQuery| navigate(&url_of(&q), Default::default());

    let items = RwSignal::new(Vec::<Disclosure>::new());
    let next = RwSignal::new(None::<String>);
    let loading = RwSignal::new(true);
    let error = RwSignal::new(None::<ApiError>);
    // Whether the first answer is in: what comes below the results waits for it, since
    // drawn earlier it would be pushed down as they arrive (a layout shift).
    let answered = RwSignal::new(false);
    // When the filters change quickly, answers can arrive out of order: only the newest
    // request's answer is shown.
    let latest = StoredValue::new(0u64);
    let load = move |after: Option<String>| {
        let q = DisclosureQuery {
            after: after.clone(),
            limit: Some(20),
            ..query.get_untracked()
        };
        let request = latest.get_value() + 1;
        latest.set_value(request);
        loading.set(true);
        error.set(None);
        spawn_local(async move {
            let answer = api::disclosures(&q).await;
            if latest.get_value() != request {
                return;
            }
            match answer {
                Ok(page) => {
                    next.set(page.next);
                    if after.is_none() {
                        items.set(page.items);
                    } else {
                        items.update(|v| v.extend(page.items));
                    }
                }
                Err(e) => error.set(Some(e)),
            }
            loading.set(false);
            answered.set(true);
        });
    };
    Effect::new(move |_| {
        query.track();
        load(None);
    });
    let withdrawn = LocalResource::new(|| async { api::withdrawals().await });

    // The form edits a copy of the filters; submitting puts them in the URL.
    let form = RwSignal::new(query.get_untracked());
    Effect::new(move |_| form.set(query.get()));
    let go_submit = go.clone();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        go_submit(form.get_untracked());
    };
    let go_region = go.clone();
    let on_region = Callback::new(move |region: Option<RegionCode>| {
        go_region(DisclosureQuery {
            region: region.map(|r| r.to_string()),
            ..form.get_untracked()
        })
    });
    let text_field = move |id: &'static str,
                           label: fn(&'static crate::i18n::Texts) -> &'static str,
                           kind: &'static str,
                           get: fn(&DisclosureQuery) -> String,
                           set: fn(&mut DisclosureQuery, String)| {
        view! {
            <div class="field">
                <label for=id>{move || label(i18n.t())}</label>
                <input id=id type=kind prop:value=move || form.with(get) on:input=move |ev| form.update(|q| set(q, event_target_value(&ev))) />
            </div>
        }
    };
    // On a phone the results come first: the filters fold behind one line that says how
    // many are set, and open by themselves when one is.
    let active = move || query.with(DisclosureQuery::filters_set);
    let export = move |ext: &str| {
        let qs = query.get().to_query_string();
        format!(
            "/api/v1/disclosures.{ext}{}{qs}",
            if qs.is_empty() { "" } else { "?" }
        )
    };
    view! {
        <h1>{move || i18n.t().disclosures_title()}</h1>
        <p class="lead">{move || i18n.t().disclosures_lead()}</p>
        <form class="filters" on:submit=on_submit role="search">
            <div class="field wide">
                <label for="d-q">{move || i18n.t().disclosures_search()}</label>
                <div class="input-row">
                    <input id="d-q" type="search" prop:value=move || form.with(|q| q.q.clone().unwrap_or_default())
                        on:input=move |ev| form.update(|q| q.q = Some(event_target_value(&ev)))/>
                    <button type="submit" class="button primary">{move || i18n.t().filter_submit()}</button>
                </div>
            </div>
            <FoldedFilters active=Signal::derive(active)>
                <div class="filter-grid">
            <RegionFilter selected=Signal::derive(move || query.get().region.and_then(|r| RegionCode::parse(&r).ok())) on_change=on_region />
            <div class="field">
                <label for="d-category">{move || i18n.t().filter_category()}</label>
                <select id="d-category" on:change=move |ev| form.update(|q| q.category = Some(event_target_value(&ev)).filter(|v| !v.is_empty()))>
                    <option value="">{move || i18n.t().filter_all()}</option>
                    {Category::ALL.iter().map(|c| view! {
                        <option value=c.as_str() selected=move || query.get().category.as_deref() == Some(c.as_str())>{move || i18n.t().category(*c)}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="d-penalty">{move || i18n.t().disclosures_penalty()}</label>
                <select id="d-penalty" on:change=move |ev| form.update(|q| q.penalty = Some(event_target_value(&ev)).filter(|v| !v.is_empty()))>
                    <option value="">{move || i18n.t().filter_all()}</option>
                    {PenaltyType::ALL.iter().map(|p| view! {
                        <option value=p.as_str() selected=move || query.get().penalty.as_deref() == Some(p.as_str())>{move || i18n.t().penalty(*p)}</option>
                    }).collect_view()}
                </select>
            </div>
            {text_field("d-from", |t| t.disclosures_from(), "date", |q| q.from.map(|d| d.to_string()).unwrap_or_default(), |q, v| q.from = Date::parse(&v))}
            {text_field("d-to", |t| t.disclosures_to(), "date", |q| q.to.map(|d| d.to_string()).unwrap_or_default(), |q, v| q.to = Date::parse(&v))}
            {text_field("d-min", |t| t.disclosures_min(), "number", |q| q.min_yuan.map(|v| v.to_string()).unwrap_or_default(), |q, v| q.min_yuan = v.parse().ok())}
            {text_field("d-max", |t| t.disclosures_max(), "number", |q| q.max_yuan.map(|v| v.to_string()).unwrap_or_default(), |q, v| q.max_yuan = v.parse().ok())}
            <div class="field">
                <label for="d-sort">{move || i18n.t().disclosures_sort()}</label>
                <select id="d-sort" on:change=move |ev| form.update(|q| q.sort = Some(event_target_value(&ev)))>
                    {[("newest", i18n.t().sort_newest()), ("oldest", i18n.t().sort_oldest()), ("amount", i18n.t().sort_amount())].into_iter().map(|(v, label)| view! {
                        <option value=v selected=move || query.get().sort.as_deref().unwrap_or("newest") == v>{label}</option>
                    }).collect_view()}
                </select>
            </div>
            <p class="filter-apply"><button type="submit" class="button secondary">{move || i18n.t().filter_apply()}</button></p>
                </div>
            </FoldedFilters>
        </form>
        <p class="hint">
            {move || i18n.t().disclosures_export()}
            <a href=move || export("csv") download="anma-disclosures.csv" data-testid="export-csv">{move || i18n.t().disclosures_export_csv()}</a>
            " · "
            <a href=move || export("json") download="anma-disclosures.json">{move || i18n.t().disclosures_export_json()}</a>
        </p>
        {move || error.get().map(|e| view! { <ErrorMessage error=e retry=move || load(None) /> })}
        <Show when=move || !loading.get() && error.get().is_none() && items.with(Vec::is_empty)>
            <p class="empty">{move || i18n.t().disclosures_empty()}</p>
        </Show>
        <Show when=move || !items.with(Vec::is_empty)>
            <p class="count" role="status"><strong>{move || items.with(Vec::len)}</strong>" "{move || i18n.t().disclosures_shown()}</p>
            <ul class="cards" aria-label=move || i18n.t().disclosures_title() data-testid="disclosures">
                <For each=move || items.get() key=|d| d.id let:d>
                    <DisclosureCard d />
                </For>
            </ul>
        </Show>
        <Show when=move || loading.get()><Loading /></Show>
        <Show when=move || !loading.get() && next.get().is_some()>
            <button type="button" class="button secondary" on:click=move |_| load(next.get_untracked())>
                {move || i18n.t().load_more()}
            </button>
        </Show>
        <Show when=move || answered.get()>
        <section class="panel" aria-labelledby="withdrawn-title">
            <h2 id="withdrawn-title">{move || i18n.t().disclosures_withdrawn()}</h2>
            <p class="hint">{move || i18n.t().disclosures_withdrawn_lead()}</p>
            {move || withdrawn.get().and_then(|r| r.ok()).map(|l| view! {
                <ul class="cards">
                    {l.items.into_iter().map(|w| {
                        let status = w.status;
                        view! {
                            <li class="card">
                                <p><strong>{w.document_number}</strong>" · "{w.department_name}</p>
                                <p class="meta">
                                    <span>{move || i18n.t().decision_status(status)}</span>
                                    <span>{w.withdrawn_on.to_string()}</span>
                                    <A href=format!("/v/{}", w.case_code)><code>{w.case_code.to_string()}</code></A>
                                </p>
                                <p>{w.reason}</p>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
        </section>
        </Show>
    }
}

#[component]
fn DisclosureCard(d: Disclosure) -> impl IntoView {
    let i18n = use_i18n();
    let kind = d.kind;
    view! {
        <li class="card">
            <h2 class="card-title"><A href=format!("/disclosures/{}", d.id)>{d.party_name.clone()}</A></h2>
            <p class="meta">
                <span>{d.document_number.clone()}</span>
                <span>{move || i18n.t().category(kind)}</span>
                <span>{d.decision_date.to_string()}</span>
                {d.amount_fen.map(|a| view! { <span>{yuan(a)}</span> })}
            </p>
            <p class="meta"><span>{d.department_name.clone()}</span></p>
        </li>
    }
}

#[component]
pub fn DisclosureDetail() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|s| s.parse::<i64>().ok())
            .unwrap_or_default()
    });
    let detail = LocalResource::new(move || {
        let id = id.get();
        async move { api::disclosure(id).await }
    });
    Effect::new(move |_| set_title(i18n.t().disclosures_title(), i18n.t().brand()));
    view! {
        {move || match detail.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <ErrorMessage error=e /> }.into_any(),
            Some(Ok(d)) => {
                let t = i18n.t();
                let penalties = d.penalty_types.iter().map(|p| t.penalty(*p)).collect::<Vec<_>>().join("、");
                let year = d.decision_date.year();
                view! {
                    <h1>{d.document_number.clone()}</h1>
                    <p class="meta"><span>{d.department_name.clone()}</span><span>{d.decision_date.to_string()}</span></p>
                    <dl class="facts wide panel" data-testid="disclosure">
                        <dt>{t.fact_party()}</dt><dd data-testid="party">{d.party_name.clone()}</dd>
                        {d.party_uscc.clone().map(|u| view! { <dt>{t.fact_uscc()}</dt><dd>{u}</dd> })}
                        <dt>{t.fact_kind()}</dt><dd>{t.category(d.kind)}</dd>
                        <dt>{t.fact_item()}</dt><dd>{format!("{} {}", d.item_code, d.item_name)}</dd>
                        <dt>{t.fact_facts()}</dt><dd class="prose">{d.facts.clone()}</dd>
                        <dt>{t.fact_legal_basis()}</dt><dd class="prose">{d.legal_basis.clone()}</dd>
                        <dt>{t.fact_result()}</dt><dd class="prose">{d.result.clone()}</dd>
                        {(!penalties.is_empty()).then(|| view! { <dt>{t.fact_penalties()}</dt><dd>{penalties.clone()}</dd> })}
                        {d.amount_fen.map(|a| view! { <dt>{t.fact_amount()}</dt><dd>{yuan(a)}</dd> })}
                        <dt>{t.disclosures_published_on()}</dt><dd>{d.published_on.to_string()}</dd>
                        <dt>{t.disclosures_until()}</dt><dd>{d.published_until.to_string()}</dd>
                    </dl>
                    <p class="actions">
                        <A href=format!("/v/{}", d.case_code) attr:class="button primary">{t.disclosures_verify_link()}</A>
                        <A href=format!("/stats?year={year}&department={}", d.department_id) attr:class="button secondary">{t.disclosures_annual_link()}</A>
                    </p>
                }.into_any()
            }
        }}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_keeps_known_filters_only() {
        let q = query_from_url(|k| match k {
            "q" => Some(" 食品 ".into()),
            "region" => Some("440300".into()),
            "category" => Some("nonsense".into()),
            "from" => Some("2025-02-30".into()),
            "min_yuan" => Some("1000".into()),
            "sort" => Some("amount".into()),
            _ => None,
        });
        assert_eq!(q.q.as_deref(), Some("食品"));
        assert_eq!(q.category, None);
        assert_eq!(q.from, None);
        assert_eq!(
            url_of(&q),
            "/disclosures?q=%E9%A3%9F%E5%93%81&region=440300&min_yuan=1000&sort=amount"
        );
    }
}
