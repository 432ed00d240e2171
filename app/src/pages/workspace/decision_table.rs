//! `/workspace/decisions`: the department's decisions as a table that scales to a
//! district bureau's thousands a year — search, filters and sort order in the URL, keyset
//! pages with the total, and rows to select for issuing, publishing or printing together.
//! On a phone the same rows show as compact cards (the stylesheet lays each row out as
//! one, with its column names).

use std::collections::BTreeMap;

use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};
use leptos_router::{
    components::A,
    hooks::{use_navigate, use_query_map},
};

use crate::{
    api::{self, ApiError},
    components::{
        ErrorMessage, FoldedFilters, Loading,
        format::china_time,
        set_title,
        table::{SelectRow, SortHeading},
    },
    i18n::{Texts, use_i18n},
    model::{
        Category, ChosenDecision, Date, DecisionQuery, DecisionSort, DecisionSortKey,
        DecisionStage, DecisionStatus, DecisionSummary, Publication, Role, StepReport,
    },
    session::use_session,
};

use super::decisions::DecisionImport;

/// Rows a page loads.
const PAGE: i64 = 50;

/// The filters and order in the URL; unknown values are dropped.
fn query_from_url(get: impl Fn(&str) -> Option<String>) -> DecisionQuery {
    let text = |k: &str| {
        get(k)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    DecisionQuery {
        q: text("q"),
        status: text("status").filter(|s| DecisionStatus::parse(s).is_some()),
        stage: text("stage").filter(|s| DecisionStage::parse(s).is_some()),
        kind: text("kind").filter(|k| Category::parse(k).is_some()),
        from: text("from").and_then(|d| Date::parse(&d)),
        to: text("to").and_then(|d| Date::parse(&d)),
        sort: text("sort").filter(|s| DecisionSort::parse(s).is_some()),
        after: None,
        limit: None,
    }
}

fn url_of(q: &DecisionQuery) -> String {
    let qs = q.to_query_string();
    if qs.is_empty() {
        "/workspace/decisions".into()
    } else {
        format!("/workspace/decisions?{qs}")
    }
}

fn department() -> i64 {
    use_session()
        .user()
        .map(|u| u.department_id)
        .unwrap_or_default()
}

#[component]
pub fn Decisions() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    Effect::new(move |_| set_title(i18n.t().dec_title(), i18n.t().brand()));
    let dept = department();
    let role = session.role();
    let is_clerk = role == Some(Role::Clerk);
    let decides = matches!(role, Some(Role::Clerk | Role::Reviewer));

    let query_map = use_query_map();
    let query = Memo::new(move |_| {
        let map = query_map.read();
        query_from_url(|k| map.get(k))
    });
    let navigate = use_navigate();
    let go = move |q: DecisionQuery| navigate(&url_of(&q), Default::default());

    let items = RwSignal::new(Vec::<DecisionSummary>::new());
    let total = RwSignal::new(0i64);
    let next = RwSignal::new(None::<String>);
    let loading = RwSignal::new(true);
    let error = RwSignal::new(None::<ApiError>);
    let selected = RwSignal::new(BTreeMap::<i64, DecisionSummary>::new());
    // Answers to quick changes of the filters may come back out of order: only the
    // newest request's answer is shown.
    let latest = StoredValue::new(0u64);
    let load = move |after: Option<String>| {
        let q = DecisionQuery {
            after: after.clone(),
            limit: Some(PAGE),
            ..query.get_untracked()
        };
        let request = latest.get_value() + 1;
        latest.set_value(request);
        loading.set(true);
        error.set(None);
        spawn_local(async move {
            let answer = api::decisions(dept, &q).await;
            if latest.get_value() != request {
                return;
            }
            match answer {
                Ok(page) => {
                    next.set(page.next);
                    total.set(page.total);
                    if after.is_none() {
                        items.set(page.items);
                    } else {
                        items.update(|v| v.extend(page.items));
                    }
                }
                Err(e) => {
                    if !session.handle(&e) {
                        error.set(Some(e));
                    }
                }
            }
            loading.set(false);
        });
    };
    Effect::new(move |_| {
        query.track();
        selected.set(BTreeMap::new());
        load(None);
    });

    // The filter form edits a copy; submitting puts it in the URL.
    let form = RwSignal::new(query.get_untracked());
    Effect::new(move |_| form.set(query.get()));
    let go_submit = go.clone();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        go_submit(form.get_untracked());
    };
    let go_clear = go.clone();
    let clear = move |_| {
        go_clear(DecisionQuery {
            sort: query.get_untracked().sort,
            ..Default::default()
        })
    };
    let sort = Memo::new(move |_| {
        query
            .get()
            .sort
            .as_deref()
            .and_then(DecisionSort::parse)
            .unwrap_or_default()
    });
    let go_sort = go.clone();
    let sort_by = Callback::new(move |key: DecisionSortKey| {
        go_sort(DecisionQuery {
            sort: Some(sort.get_untracked().toggled(key).to_string()),
            ..query.get_untracked()
        })
    });

    let active = move || query.with(DecisionQuery::filters_set);
    // The folded filters open when one besides the search words is set.
    let open_filters = move || active() > usize::from(query.with(|q| q.q.is_some()));

    view! {
        <h1>{move || i18n.t().dec_title()}</h1>
        <Show when=move || is_clerk>
            <p><A href="/workspace/decisions/new" attr:class="button primary">{move || i18n.t().dec_new()}</A></p>
            <DecisionImport on_done=move || load(None) />
        </Show>
        <form class="filters table-filters" on:submit=on_submit role="search" data-testid="decision-filters">
            <div class="field wide">
                <label for="t-q">{move || i18n.t().tbl_search()}</label>
                <div class="input-row">
                    <input id="t-q" type="search" prop:value=move || form.with(|q| q.q.clone().unwrap_or_default())
                        on:input=move |ev| form.update(|q| q.q = Some(event_target_value(&ev)))/>
                    <button type="submit" class="button primary">{move || i18n.t().tbl_apply()}</button>
                </div>
            </div>
            <FoldedFilters active=Signal::derive(active) open=Signal::derive(open_filters)>
                <div class="filter-grid">
                    <div class="field">
                        <label for="t-status">{move || i18n.t().tbl_status()}</label>
                        <select id="t-status" on:change=move |ev| form.update(|q| q.status = Some(event_target_value(&ev)).filter(|v| !v.is_empty()))>
                            <option value="">{move || i18n.t().tbl_all()}</option>
                            {DecisionStatus::ALL.into_iter().map(|v| view! {
                                <option value=v.as_str() selected=move || form.with(|q| q.status.as_deref() == Some(v.as_str()))>{move || i18n.t().decision_status(v)}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="t-stage">{move || i18n.t().tbl_stage()}</label>
                        <select id="t-stage" on:change=move |ev| form.update(|q| q.stage = Some(event_target_value(&ev)).filter(|v| !v.is_empty()))>
                            <option value="">{move || i18n.t().tbl_all()}</option>
                            {DecisionStage::ALL.into_iter().map(|v| view! {
                                <option value=v.as_str() selected=move || form.with(|q| q.stage.as_deref() == Some(v.as_str()))>{move || i18n.t().stage(v)}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="t-kind">{move || i18n.t().tbl_kind()}</label>
                        <select id="t-kind" on:change=move |ev| form.update(|q| q.kind = Some(event_target_value(&ev)).filter(|v| !v.is_empty()))>
                            <option value="">{move || i18n.t().tbl_all()}</option>
                            {Category::ALL.into_iter().map(|c| view! {
                                <option value=c.as_str() selected=move || form.with(|q| q.kind.as_deref() == Some(c.as_str()))>{move || i18n.t().category(c)}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="t-from">{move || i18n.t().tbl_from()}</label>
                        <input id="t-from" type="date" prop:value=move || form.with(|q| q.from.map(|d| d.to_string()).unwrap_or_default())
                            on:input=move |ev| form.update(|q| q.from = Date::parse(&event_target_value(&ev))) />
                    </div>
                    <div class="field">
                        <label for="t-to">{move || i18n.t().tbl_to()}</label>
                        <input id="t-to" type="date" prop:value=move || form.with(|q| q.to.map(|d| d.to_string()).unwrap_or_default())
                            on:input=move |ev| form.update(|q| q.to = Date::parse(&event_target_value(&ev))) />
                    </div>
                </div>
                <p class="actions">
                    <button type="submit" class="button primary">{move || i18n.t().tbl_apply()}</button>
                    <button type="button" class="button secondary" on:click=clear>{move || i18n.t().tbl_clear()}</button>
                </p>
            </FoldedFilters>
        </form>
        <Show when=move || decides>
            <BatchBar dept selected is_clerk on_done=move || load(None) />
        </Show>
        {move || error.get().map(|e| view! { <ErrorMessage error=e retry=move || load(None) /> })}
        <p class="count" role="status" data-testid="decision-count">
            {move || i18n.t().tbl_shown()}" "<strong>{move || items.with(Vec::len)}</strong>
            " / "{move || i18n.t().tbl_of()}" "<strong data-testid="decision-total">{move || total.get()}</strong>" "{move || i18n.t().dec_count()}
        </p>
        <Show when=move || !loading.get() && error.get().is_none() && items.with(Vec::is_empty)>
            <p class="empty">{move || if active() > 0 { i18n.t().tbl_empty() } else { i18n.t().dec_none() }}</p>
        </Show>
        <Show when=move || !items.with(Vec::is_empty)>
            <DecisionRows items selected sort sort_by selectable=decides />
        </Show>
        <Show when=move || loading.get()><Loading /></Show>
        <Show when=move || !loading.get() && next.get().is_some()>
            <button type="button" class="button secondary" data-testid="load-more" on:click=move |_| load(next.get_untracked())>
                {move || i18n.t().load_more()}
            </button>
        </Show>
    }
}

/// The table: one row per decision, sortable headings, a checkbox per row.
#[component]
fn DecisionRows(
    items: RwSignal<Vec<DecisionSummary>>,
    selected: RwSignal<BTreeMap<i64, DecisionSummary>>,
    sort: Memo<DecisionSort>,
    sort_by: Callback<DecisionSortKey>,
    selectable: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let heading =
        move |key: Option<DecisionSortKey>, label: fn(&'static Texts) -> &'static str| match key {
            None => view! { <th scope="col">{move || label(i18n.t())}</th> }.into_any(),
            Some(key) => {
                let sorted = Signal::derive(move || {
                    let s = sort.get();
                    (s.key == key).then_some(s.descending)
                });
                let on_sort = Callback::new(move |()| sort_by.run(key));
                view! { <SortHeading label sorted on_sort key=key.as_str() /> }.into_any()
            }
        };
    let all_on_page = move || {
        items.with(|v| !v.is_empty() && selected.with(|s| v.iter().all(|d| s.contains_key(&d.id))))
    };
    let toggle_page = move |on: bool| {
        let page = items.get_untracked();
        selected.update(|s| {
            for d in page {
                if on {
                    s.insert(d.id, d);
                } else {
                    s.remove(&d.id);
                }
            }
        });
    };
    view! {
        <div class="table-wrap">
            <table class="data-table" data-testid="decision-table" aria-label=move || i18n.t().dec_title()>
                <thead>
                    <tr>
                        {selectable.then(|| view! {
                            <th scope="col" class="select">
                                <input type="checkbox" aria-label=move || i18n.t().tbl_select_all()
                                    prop:checked=all_on_page on:change=move |ev| toggle_page(event_target_checked(&ev)) />
                            </th>
                        })}
                        {heading(Some(DecisionSortKey::DocumentNumber), |t| t.col_document_number())}
                        {heading(Some(DecisionSortKey::Party), |t| t.col_party())}
                        {heading(None, |t| t.col_kind())}
                        {heading(Some(DecisionSortKey::DecisionDate), |t| t.col_date())}
                        {heading(None, |t| t.col_status())}
                        {heading(None, |t| t.col_publication())}
                        {heading(None, |t| t.col_case_code())}
                        {heading(Some(DecisionSortKey::Updated), |t| t.col_updated())}
                    </tr>
                </thead>
                <tbody>
                    <For each=move || items.get() key=|d| (d.id, d.version) let:d>
                        <DecisionRow d selected selectable />
                    </For>
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn DecisionRow(
    d: DecisionSummary,
    selected: RwSignal<BTreeMap<i64, DecisionSummary>>,
    selectable: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = d.id;
    let status = d.status;
    let kind = d.kind;
    let t = i18n.t();
    let note = if d.returned {
        Some(t.stage_returned())
    } else if d.major && !d.reviewed && status == DecisionStatus::Draft {
        Some(t.stage_awaiting_review())
    } else {
        None
    };
    let publication = d.publication;
    let publish_by = d.publish_by;
    let label = |f: fn(&'static Texts) -> &'static str| move || f(i18n.t());
    let row = d.clone();
    view! {
        <tr data-testid="decision-row" class:selected=move || selected.with(|s| s.contains_key(&id))>
            {selectable.then(|| view! {
                <SelectRow id row=row.clone() name=row.document_number.clone() selected />
            })}
            <th scope="row" data-label=label(|t| t.col_document_number())>
                <A href=format!("/workspace/decisions/{id}")>{d.document_number.clone()}</A>
            </th>
            <td data-label=label(|t| t.col_party())>{d.party_name.clone()}</td>
            <td data-label=label(|t| t.col_kind())>{move || i18n.t().category(kind)}</td>
            <td data-label=label(|t| t.col_date())>{d.decision_date.to_string()}</td>
            <td data-label=label(|t| t.col_status())>
                <span class=format!("status {}", status.as_str())>{move || i18n.t().decision_status(status)}</span>
                {note.map(|n| view! { " "<span class="notice inline">{n}</span> })}
            </td>
            <td data-label=label(|t| t.col_publication())>
                {publication.map(|p| view! {
                    <span class:pending=p == Publication::Pending>{move || i18n.t().publication(p)}</span>
                })}
                {publish_by.map(|b| view! { " "<span class="hint">{move || i18n.t().pub_deadline()}" "{b.to_string()}</span> })}
            </td>
            <td data-label=label(|t| t.col_case_code())>{d.case_code.map(|c| view! { <code>{c.to_string()}</code> })}</td>
            <td data-label=label(|t| t.col_updated())>{china_time(d.updated_at)}</td>
        </tr>
    }
}

/// What to do with the selected decisions: issue or publish them (each on its own, with
/// a result per decision), print their QR attachments on one page set.
#[component]
fn BatchBar(
    dept: i64,
    selected: RwSignal<BTreeMap<i64, DecisionSummary>>,
    is_clerk: bool,
    on_done: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let pending = RwSignal::new(false);
    let report = RwSignal::new(None::<(StepReport, BTreeMap<i64, String>)>);
    let error = RwSignal::new(None::<ApiError>);
    let count = move || selected.with(BTreeMap::len);
    let chosen = move |fits: fn(&DecisionSummary) -> bool| {
        selected.with(|s| {
            s.values()
                .filter(|d| fits(d))
                .map(|d| ChosenDecision {
                    id: d.id,
                    expected_version: d.version,
                })
                .collect::<Vec<_>>()
        })
    };
    let run = move |step: &'static str| {
        let items = chosen(|_| true);
        if items.is_empty() {
            return;
        }
        let names: BTreeMap<i64, String> = selected.with_untracked(|s| {
            s.values()
                .map(|d| (d.id, d.document_number.clone()))
                .collect()
        });
        let csrf = session.csrf();
        pending.set(true);
        report.set(None);
        error.set(None);
        spawn_local(async move {
            match api::decisions_step(&csrf, dept, step, items).await {
                Ok(r) => {
                    // Keep the ones that failed selected, to look at or try again.
                    selected.update(|s| {
                        for done in r.results.iter().filter(|r| r.ok) {
                            s.remove(&done.id);
                        }
                    });
                    report.set(Some((r, names)));
                    on_done();
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
    let print = move |_| {
        let ids =
            selected.with_untracked(|s| s.keys().map(i64::to_string).collect::<Vec<_>>().join(","));
        navigate(
            &format!("/workspace/decisions/print?ids={ids}"),
            Default::default(),
        );
    };
    view! {
        <div class="batch-bar" role="region" aria-label=move || i18n.t().batch_selected() data-testid="batch-bar">
            <p>{move || i18n.t().batch_selected()}" "<strong data-testid="selected-count">{count}</strong></p>
            <div class="actions">
                <Show when=move || is_clerk>
                    <button type="button" class="button primary" data-testid="batch-issue"
                        prop:disabled=move || pending.get() || count() == 0 on:click=move |_| run("issue")>
                        {move || i18n.t().batch_issue()}
                    </button>
                </Show>
                <button type="button" class="button secondary" data-testid="batch-publish"
                    prop:disabled=move || pending.get() || count() == 0 on:click=move |_| run("publish")>
                    {move || i18n.t().batch_publish()}
                </button>
                <button type="button" class="button secondary" data-testid="batch-print"
                    prop:disabled=move || count() == 0 on:click=print>
                    {move || i18n.t().batch_print()}
                </button>
                <button type="button" class="button link" prop:disabled=move || count() == 0
                    on:click=move |_| selected.set(BTreeMap::new())>
                    {move || i18n.t().batch_clear()}
                </button>
            </div>
            <Show when=move || pending.get()>
                <p role="status"><progress aria-label=move || i18n.t().batch_running()></progress>" "{move || i18n.t().batch_running()}</p>
            </Show>
            <p class="field-error" role="alert">{move || error.get().map(|e| e.message(i18n.t()))}</p>
            {move || report.get().map(|(r, names)| {
                let failed: Vec<_> = r.results.iter().filter(|r| !r.ok).cloned().collect();
                view! {
                    <div role="status" class="import-report" data-testid="batch-report">
                        <p>
                            {move || i18n.t().batch_report()}
                            <strong class="success">{r.done}</strong>" "{move || i18n.t().batch_done()}" · "
                            <strong class:field-error=r.failed != 0>{r.failed}</strong>" "{move || i18n.t().batch_failed()}
                        </p>
                        {(!failed.is_empty()).then(|| view! {
                            <p>{move || i18n.t().batch_failed_lead()}</p>
                            <ul class="row-errors">
                                {failed.into_iter().map(|f| {
                                    let name = names.get(&f.id).cloned().unwrap_or_else(|| f.id.to_string());
                                    let message = move || f.error.as_ref().map(|e| e.text(i18n.t().lang)).unwrap_or_default();
                                    view! { <li><A href=format!("/workspace/decisions/{}", f.id)>{name}</A>"："{message}</li> }
                                }).collect_view()}
                            </ul>
                        })}
                    </div>
                }
            })}
        </div>
    }
}
