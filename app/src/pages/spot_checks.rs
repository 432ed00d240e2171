//! `/spot-checks`: published spot-check plans (双随机、一公开), searchable, filters in the
//! URL; `/spot-checks/:id`: a plan with its tasks, results and the draw record, which
//! this page re-runs in the browser with the same code the server drew with.

use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};
use leptos_router::{
    components::A,
    hooks::{use_navigate, use_params_map, use_query_map},
};

use crate::{
    api::{self, ApiError, LocalProblem},
    components::{ErrorMessage, Loading, format::day, set_title},
    i18n::use_i18n,
    model::{
        DrawRecord, PageQuery, Plan, PublicPlan,
        signature::{from_hex, to_hex},
        spot_check,
    },
};

const PAGE: i64 = 20;

fn query_from_url(get: impl Fn(&str) -> Option<String>) -> PageQuery {
    let text = |k: &str| {
        get(k)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    PageQuery {
        q: text("q"),
        year: text("year")
            .and_then(|y| y.parse().ok())
            .filter(|y| (2000..=2099).contains(y)),
        offset: text("offset")
            .and_then(|o| o.parse().ok())
            .filter(|o: &i64| *o >= 0),
        ..Default::default()
    }
}

fn url_of(q: &PageQuery) -> String {
    let qs = q.to_query_string();
    if qs.is_empty() {
        "/spot-checks".into()
    } else {
        format!("/spot-checks?{qs}")
    }
}

#[component]
pub fn SpotChecks() -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| set_title(i18n.t().sc_title(), i18n.t().brand()));
    let query_map = use_query_map();
    let query = Memo::new(move |_| {
        let map = query_map.read();
        query_from_url(|k| map.get(k))
    });
    let list = LocalResource::new(move || {
        let q = PageQuery {
            limit: Some(PAGE),
            ..query.get()
        };
        async move { api::spot_checks(&q).await }
    });
    let navigate = use_navigate();
    let q_text = RwSignal::new(String::new());
    let year = RwSignal::new(String::new());
    Effect::new(move |_| {
        let q = query.get();
        q_text.set(q.q.unwrap_or_default());
        year.set(q.year.map(|y| y.to_string()).unwrap_or_default());
    });
    let go = navigate.clone();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let q = PageQuery {
            q: Some(q_text.get_untracked()),
            year: year.get_untracked().trim().parse().ok(),
            ..Default::default()
        };
        go(&url_of(&q), Default::default());
    };
    let page_link = move |offset: i64| {
        url_of(&PageQuery {
            offset: Some(offset).filter(|o| *o > 0),
            ..query.get()
        })
    };
    view! {
        <h1>{move || i18n.t().sc_title()}</h1>
        <p class="lead">{move || i18n.t().sc_lead()}</p>
        <form class="panel filters" role="search" on:submit=on_submit>
            <div class="field">
                <label for="sc-q">{move || i18n.t().sc_search()}</label>
                <input id="sc-q" type="search" maxlength="100" prop:value=move || q_text.get() on:input=move |ev| q_text.set(event_target_value(&ev)) />
            </div>
            <div class="field">
                <label for="sc-year">{move || i18n.t().sc_year()}</label>
                <input id="sc-year" type="number" min="2000" max="2099" inputmode="numeric" prop:value=move || year.get() on:input=move |ev| year.set(event_target_value(&ev)) />
            </div>
            <button type="submit" class="button primary">{move || i18n.t().sc_search_button()}</button>
        </form>
        {move || match list.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <ErrorMessage error=e retry=move || list.refetch() /> }.into_any(),
            Some(Ok(l)) if l.items.is_empty() => view! { <p data-testid="sc-none">{move || i18n.t().sc_none()}</p> }.into_any(),
            Some(Ok(l)) => {
                let offset = query.get().offset.unwrap_or(0);
                let more = offset + PAGE < l.total;
                view! {
                    <p class="hint" data-testid="sc-total">{format!("{} {}", l.total, i18n.t().sc_count())}</p>
                    <ul class="cards" aria-label=move || i18n.t().sc_title()>
                        {l.items.into_iter().map(|p| view! { <PlanCard plan=p /> }).collect_view()}
                    </ul>
                    <nav class="pager" aria-label=move || i18n.t().sc_pages()>
                        {(offset > 0).then(|| view! { <A href=page_link((offset - PAGE).max(0))>{move || i18n.t().sc_previous()}</A> })}
                        {more.then(|| view! { <A href=page_link(offset + PAGE)>{move || i18n.t().sc_next()}</A> })}
                    </nav>
                }.into_any()
            }
        }}
    }
}

#[component]
fn PlanCard(plan: Plan) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/spot-checks/{}", plan.id);
    let status = plan.status;
    view! {
        <li class="card" data-testid="plan-card">
            <p><A href=href><strong>{plan.title.clone()}</strong></A></p>
            <p class="hint">{plan.departments.iter().map(|d| d.name.clone()).collect::<Vec<_>>().join("、")}</p>
            <p>
                <span class="badge">{move || i18n.t().plan_status(status)}</span>" "
                {format!("{} · {} – {}", plan.region_name, plan.starts_on, plan.ends_on)}
            </p>
            <p class="hint">{move || format!("{} {} · {} {}", plan.tasks, i18n.t().sc_tasks(), plan.tasks_done, i18n.t().sc_done())}</p>
        </li>
    }
}

/// What re-running the published draw in the browser found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rerun {
    /// The commitment holds and the tasks are those published.
    Reproduced { tasks: usize },
    /// The seed is not yet revealed: only the commitment is public.
    NotDrawn,
    /// The seed and inputs do not give the published commitment.
    CommitmentBroken,
    /// The re-run gives other tasks than those published.
    Differs,
}

/// Checks a draw record as anyone can: the commitment over the revealed seed and the
/// inputs, then the tasks the documented algorithm draws from them.
pub fn rerun(record: &DrawRecord) -> Rerun {
    let Some(seed) = record.seed.as_deref() else {
        return Rerun::NotDrawn;
    };
    let Some(seed) = from_hex(seed).and_then(|s| <[u8; 32]>::try_from(s).ok()) else {
        return Rerun::CommitmentBroken;
    };
    let input = record.input.to_input();
    if to_hex(&input.commitment(&seed)) != record.commitment {
        return Rerun::CommitmentBroken;
    }
    match spot_check::draw(&input, &seed) {
        Ok(tasks)
            if tasks.len() == record.tasks.len()
                && tasks
                    .iter()
                    .zip(&record.tasks)
                    .all(|(a, b)| a.entity == b.entity && a.inspectors == b.inspectors) =>
        {
            Rerun::Reproduced { tasks: tasks.len() }
        }
        _ => Rerun::Differs,
    }
}

#[component]
pub fn SpotCheckDetail() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").and_then(|i| i.parse::<i64>().ok()));
    let plan = LocalResource::new(move || {
        let id = id.get();
        async move {
            match id {
                Some(id) => api::spot_check(id).await,
                None => Err(ApiError::Local(LocalProblem::NoSuchRecord)),
            }
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(p)) = plan.get() {
            set_title(&p.plan.title, i18n.t().brand());
        }
    });
    view! {
        <p><A href="/spot-checks">{move || i18n.t().sc_back()}</A></p>
        {move || match plan.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <ErrorMessage error=e retry=move || plan.refetch() /> }.into_any(),
            Some(Ok(p)) => view! { <PlanView p=p /> }.into_any(),
        }}
    }
}

#[component]
fn PlanView(p: PublicPlan) -> impl IntoView {
    let i18n = use_i18n();
    let id = p.plan.id;
    let plan = StoredValue::new(p.plan.clone());
    let facts = move || {
        let t = i18n.t();
        let p = plan.get_value();
        let grades = if p.risk_grades.is_empty() {
            t.sc_all_grades().to_owned()
        } else {
            p.risk_grades
                .iter()
                .map(|g| g.as_str())
                .collect::<Vec<_>>()
                .join("、")
        };
        let targets = match (p.target_count, p.target_share) {
            (Some(n), _) => n.to_string(),
            (None, Some(s)) => format!("{s}%"),
            _ => String::new(),
        };
        view! {
            <h1>{p.title.clone()}</h1>
            <dl class="facts" data-testid="plan-facts">
                <dt>{t.sc_departments()}</dt><dd>{p.departments.iter().map(|d| d.name.clone()).collect::<Vec<_>>().join("、")}</dd>
                <dt>{t.sc_status()}</dt><dd data-testid="plan-status">{t.plan_status(p.status)}</dd>
                <dt>{t.sc_period()}</dt><dd>{format!("{} – {}", p.starts_on, p.ends_on)}</dd>
                <dt>{t.sc_population()}</dt>
                <dd>{format!("{} · {} · {} {}", p.region_name, p.industry.clone().unwrap_or_else(|| t.sc_all_industries().to_owned()), t.sc_grades(), grades)}</dd>
                <dt>{t.sc_targets()}</dt><dd>{targets}</dd>
                <dt>{t.insp_items()}</dt><dd>{p.items.iter().map(|i| format!("{} {}", i.code, i.name)).collect::<Vec<_>>().join("；")}</dd>
                <dt>{t.sc_pool()}</dt><dd>{p.inspectors.iter().map(|i| format!("{}（{}）", i.name, i.certificate_number)).collect::<Vec<_>>().join("、")}</dd>
                {p.commitment.clone().map(|c| view! { <dt>{t.sc_commitment()}</dt><dd><code class="wrap" data-testid="commitment">{c}</code></dd> })}
                {p.approved_at.map(|a| view! { <dt>{t.sc_approved()}</dt><dd>{day(a)}</dd> })}
                {p.drawn_at.map(|a| view! { <dt>{t.sc_drawn()}</dt><dd>{day(a)}</dd> })}
                {p.cancel_reason.clone().map(|r| view! { <dt>{t.sc_cancel_reason()}</dt><dd data-testid="cancel-reason">{r}</dd> })}
            </dl>
        }
    };
    let tasks = p.task_list;
    view! {
        {facts}
        <section class="panel" aria-labelledby="tasks-title">
            <h2 id="tasks-title">{move || i18n.t().sc_task_list()}</h2>
            <p class="hint">
                <a href=format!("/api/v1/spot-checks/{id}/tasks.csv") download="">{move || i18n.t().sc_csv()}</a>" · "
                <a href=format!("/api/v1/spot-checks/{id}") download="">{move || i18n.t().sc_json()}</a>
            </p>
            <div class="table-wrap">
                <table data-testid="task-table">
                    <thead><tr>
                        <th scope="col">{move || i18n.t().insp_code()}</th>
                        <th scope="col">{move || i18n.t().insp_entity()}</th>
                        <th scope="col">{move || i18n.t().insp_inspectors()}</th>
                        <th scope="col">{move || i18n.t().sc_status()}</th>
                        <th scope="col">{move || i18n.t().insp_result()}</th>
                    </tr></thead>
                    <tbody>
                        {tasks.into_iter().map(|t| {
                            let status = t.status;
                            let result = t.result.clone();
                            view! {
                                <tr data-testid="task-row">
                                    <td><a href=format!("/i/{}", t.code) rel="external"><code>{t.code.to_string()}</code></a></td>
                                    <td>{t.entity_name.clone()}<br /><span class="hint">{t.entity_uscc.clone()}</span></td>
                                    <td>{t.inspectors.iter().map(|i| i.name.clone()).collect::<Vec<_>>().join("、")}</td>
                                    <td>{move || i18n.t().inspection_status(status)}</td>
                                    <td>{result.map(|r| {
                                        let outcome = r.outcome;
                                        view! { <span>{move || i18n.t().outcome(outcome)}</span><br /><span class="hint">{r.note}</span> }
                                    })}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
        <DrawCheck id=id />
    }
}

#[component]
fn DrawCheck(id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let state = RwSignal::new(None::<Result<Rerun, ApiError>>);
    let running = RwSignal::new(false);
    let run = move |_| {
        running.set(true);
        spawn_local(async move {
            let answer = api::draw_record(id).await.map(|record| rerun(&record));
            state.set(Some(answer));
            running.set(false);
        });
    };
    view! {
        <section class="panel" aria-labelledby="draw-title">
            <h2 id="draw-title">{move || i18n.t().sc_draw_title()}</h2>
            <p>{move || i18n.t().sc_draw_lead()}</p>
            <p class="hint">
                <a href=format!("/api/v1/spot-checks/{id}/draw") download="">{move || i18n.t().sc_draw_record()}</a>
            </p>
            <button type="button" class="button primary" on:click=run prop:disabled=move || running.get() data-testid="rerun">
                {move || i18n.t().sc_rerun()}
            </button>
            <div role="status" aria-live="polite">
                {move || running.get().then(|| view! { <Loading /> })}
                {move || state.get().map(|s| {
                    let t = i18n.t();
                    match s {
                        Ok(Rerun::Reproduced { tasks }) => view! {
                            <p class="verdict verdict-ok" data-testid="rerun-result" data-result="reproduced">{format!("{} {tasks}", t.sc_reproduced())}</p>
                        }.into_any(),
                        Ok(Rerun::NotDrawn) => view! {
                            <p class="verdict verdict-unknown" data-testid="rerun-result" data-result="not_drawn">{t.sc_not_drawn()}</p>
                        }.into_any(),
                        Ok(Rerun::CommitmentBroken) => view! {
                            <p class="verdict verdict-bad" data-testid="rerun-result" data-result="commitment">{t.sc_commitment_broken()}</p>
                        }.into_any(),
                        Ok(Rerun::Differs) => view! {
                            <p class="verdict verdict-bad" data-testid="rerun-result" data-result="differs">{t.sc_differs()}</p>
                        }.into_any(),
                        Err(e) => view! { <ErrorMessage error=e /> }.into_any(),
                    }
                })}
            </div>
        </section>
    }
}
