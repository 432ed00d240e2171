//! `/stats`: enforcement statistics — decisions and amounts by category, month, city
//! and department, the on-time publication rate — for a year, a region or one
//! department (its annual enforcement data, 年度行政执法数据).

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::{
    api,
    components::{
        ErrorMessage, Loading, RegionFilter,
        chart::{Bar, BarChart},
        format::yuan,
        set_title,
    },
    i18n::use_i18n,
    model::{Category, RegionCode, StatRow, StatsQuery},
};

fn query_from_url(get: impl Fn(&str) -> Option<String>) -> StatsQuery {
    StatsQuery {
        year: get("year")
            .and_then(|y| y.parse().ok())
            .filter(|y| (2000..=2099).contains(y)),
        region: get("region").filter(|r| RegionCode::parse(r).is_ok()),
        department: get("department").and_then(|d| d.parse().ok()),
    }
}

fn url_of(q: &StatsQuery) -> String {
    let mut params = Vec::new();
    if let Some(y) = q.year {
        params.push(format!("year={y}"));
    }
    if let Some(r) = &q.region {
        params.push(format!("region={r}"));
    }
    if let Some(d) = q.department {
        params.push(format!("department={d}"));
    }
    if params.is_empty() {
        "/stats".into()
    } else {
        format!("/stats?{}", params.join("&"))
    }
}

fn bars(rows: &[StatRow], label: impl Fn(&StatRow) -> String) -> Vec<Bar> {
    rows.iter()
        .map(|r| Bar {
            label: label(r),
            value: r.count,
            shown: r.count.to_string(),
        })
        .collect()
}

#[component]
pub fn StatsPage() -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| set_title(i18n.t().stats_title(), i18n.t().brand()));
    let query_map = use_query_map();
    let query = Memo::new(move |_| {
        let map = query_map.read();
        query_from_url(|k| map.get(k))
    });
    let navigate = use_navigate();
    let stats = LocalResource::new(move || {
        let q = query.get();
        async move { api::stats(&q).await }
    });
    let go_year = navigate.clone();
    let on_year = move |ev| {
        let year = event_target_value(&ev).parse().ok();
        go_year(
            &url_of(&StatsQuery {
                year,
                ..query.get_untracked()
            }),
            Default::default(),
        );
    };
    let go_region = navigate.clone();
    let on_region = Callback::new(move |region: Option<RegionCode>| {
        go_region(
            &url_of(&StatsQuery {
                region: region.map(|r| r.to_string()),
                department: None,
                ..query.get_untracked()
            }),
            Default::default(),
        )
    });
    let this_year = js_sys::Date::new_0().get_full_year() as i32;
    view! {
        <h1>{move || if query.get().department.is_some() { i18n.t().stats_annual() } else { i18n.t().stats_title() }}</h1>
        <p class="lead">{move || i18n.t().stats_lead()}</p>
        <form class="filters" on:submit=|ev| ev.prevent_default()>
            <div class="field">
                <label for="s-year">{move || i18n.t().stats_year()}</label>
                <select id="s-year" on:change=on_year>
                    <option value="">{move || i18n.t().stats_all_years()}</option>
                    {(2024..=this_year.max(2024)).rev().map(|y| view! {
                        <option value=y.to_string() selected=move || query.get().year == Some(y)>{y}</option>
                    }).collect_view()}
                </select>
            </div>
            <RegionFilter selected=Signal::derive(move || query.get().region.and_then(|r| RegionCode::parse(&r).ok())) on_change=on_region />
        </form>
        {move || match stats.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <ErrorMessage error=e retry=move || stats.refetch() /> }.into_any(),
            Some(Ok(s)) if s.total == 0 => view! { <p class="empty">{move || i18n.t().stats_none()}</p> }.into_any(),
            Some(Ok(s)) => {
                let t = i18n.t();
                let department = query.get_untracked().department.and_then(|_| s.by_department.first().map(|r| r.label.clone()));
                let rate = s.on_time.per_mille().map(|p| format!("{}.{}%", p / 10, p % 10)).unwrap_or_else(|| "—".into());
                let detail = t.stats_on_time_detail().replace("{due}", &s.on_time.due.to_string()).replace("{on_time}", &s.on_time.on_time.to_string());
                view! {
                    {department.map(|d| view! { <p class="notice">{t.stats_department()}": "<strong>{d}</strong></p> })}
                    <dl class="totals" data-testid="totals">
                        <div><dt>{t.stats_total()}</dt><dd>{s.total}</dd></div>
                        <div class="span-2"><dt>{t.stats_amount()}</dt><dd data-testid="total-amount">{yuan(s.amount_fen)}</dd></div>
                        <div><dt>{t.stats_on_time()}</dt><dd title=detail.clone()>{rate}</dd></div>
                        <div><dt>{t.stats_revoked()}</dt><dd>{s.revoked}</dd></div>
                        <div><dt>{t.stats_changed()}</dt><dd>{s.changed}</dd></div>
                    </dl>
                    <p class="hint">{detail}</p>
                    <p class="hint" data-testid="public-only">{t.stats_public_only()}</p>
                    {s.withheld.map(|n| view! {
                        <p class="hint" data-testid="withheld">{t.stats_withheld_detail().replace("{n}", &n.to_string())}</p>
                    })}
                    <BarChart id="by-category" title=t.stats_by_category() bars=bars(&s.by_category, |r| Category::parse(&r.key).map(|c| t.category(c).to_owned()).unwrap_or_else(|| r.key.clone())) />
                    <BarChart id="by-month" title=t.stats_by_month() bars=bars(&s.by_month, |r| r.label.clone()) />
                    <BarChart id="by-region" title=t.stats_by_region() bars=bars(&s.by_region, |r| if r.label.is_empty() { r.key.clone() } else { r.label.clone() }) />
                    <BarChart id="by-department" title=t.stats_by_department() bars=bars(&s.by_department, |r| r.label.clone()) />
                }.into_any()
            }
        }}
    }
}
