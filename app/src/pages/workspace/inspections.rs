//! Inspections in the workspace: spot-check plans (`/workspace/spot-checks`, drafted by
//! clerks, approved and cancelled by reviewers, drawn), their tasks with results, the
//! printable inspection notice, inspections on a complaint or referral, the entity
//! registry, and the supervision figures and feedback.

use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};
use leptos_router::{components::A, hooks::use_params_map};

use crate::{
    api::{self, ApiError},
    components::{ErrorMessage, Loading, format::china_today, set_title},
    i18n::use_i18n,
    model::{
        AdHocInput, Category, ClaimStatus, Date, Entity, EntityImportReport, Ground, Inspection,
        InspectionStatus, Msg, Outcome, PageQuery, PlanDetail, PlanInput, PlanStatus,
        PlanTransition, ResultInput, RiskGrade, Role,
    },
    session::use_session,
};

use super::oversees;

fn department() -> i64 {
    use_session()
        .user()
        .map(|u| u.department_id)
        .unwrap_or_default()
}

fn error_text(e: &Option<ApiError>) -> Option<String> {
    let i18n = use_i18n();
    e.as_ref().map(|e| e.message(i18n.t()))
}

/// The department's published inspection items: (claim id, code and name).
async fn inspection_items(dept: i64) -> Result<Vec<(i64, String)>, ApiError> {
    let claims = api::claims(dept, None, false).await?;
    Ok(claims
        .items
        .into_iter()
        .filter(|c| {
            c.item.category == Category::Inspection
                && c.published.is_some()
                && c.status != ClaimStatus::Withdrawn
        })
        .map(|c| (c.id, format!("{} {}", c.item.code, c.item.name)))
        .collect())
}

/// Checkboxes for choosing ids from `options`.
#[component]
fn Choices(
    legend: &'static str,
    name: &'static str,
    options: Vec<(i64, String)>,
    chosen: RwSignal<Vec<i64>>,
) -> impl IntoView {
    view! {
        <fieldset class="choices">
            <legend>{legend}</legend>
            {options.into_iter().map(|(id, label)| {
                let input_id = format!("{name}-{id}");
                view! {
                    <label class="choice">
                        <input id=input_id type="checkbox" name=name prop:checked=move || chosen.with(|c| c.contains(&id))
                            on:change=move |_| chosen.update(|c| if let Some(at) = c.iter().position(|x| *x == id) { c.remove(at); } else { c.push(id); }) />
                        <span>{label}</span>
                    </label>
                }
            }).collect_view()}
        </fieldset>
    }
}

/// `/workspace/spot-checks`: the department's plans and a form for a new one.
#[component]
pub fn SpotCheckPlans() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    Effect::new(move |_| set_title(i18n.t().wsc_title(), i18n.t().brand()));
    let can_draft = move || matches!(session.role(), Some(Role::Clerk | Role::Reviewer));
    let list = LocalResource::new(move || {
        let dept = department();
        async move { api::plans(dept).await }
    });
    view! {
        <h1>{move || i18n.t().wsc_title()}</h1>
        <p class="lead">{move || i18n.t().wsc_lead()}</p>
        {move || match list.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => { session.handle(&e); view! { <ErrorMessage error=e /> }.into_any() }
            Some(Ok(l)) if l.items.is_empty() => view! { <p>{move || i18n.t().sc_none()}</p> }.into_any(),
            Some(Ok(l)) => view! {
                <ul class="cards" aria-label=move || i18n.t().wsc_title()>
                    {l.items.into_iter().map(|p| {
                        let status = p.plan.status;
                        view! {
                            <li class="card" data-testid="ws-plan">
                                <p><A href=format!("/workspace/spot-checks/{}", p.plan.id)><strong>{p.plan.title.clone()}</strong></A></p>
                                <p><span class="badge">{move || i18n.t().plan_status(status)}</span>" "{format!("{} – {}", p.plan.starts_on, p.plan.ends_on)}</p>
                                <p class="hint">{move || format!("{} {} · {} {}", p.plan.tasks, i18n.t().sc_tasks(), p.plan.tasks_done, i18n.t().sc_done())}</p>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any(),
        }}
        <Show when=can_draft>
            <NewPlan on_created=move || list.refetch() />
        </Show>
    }
}

#[component]
fn NewPlan(on_created: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let dept = department();
    let options = LocalResource::new(move || async move {
        let items = inspection_items(dept).await?;
        let today = china_today();
        let officers = api::officers(dept)
            .await?
            .items
            .into_iter()
            .filter(|o| o.valid_on(today))
            .map(|o| (o.id, format!("{}（{}）", o.name, o.certificate_number)))
            .collect::<Vec<_>>();
        Ok::<_, ApiError>((items, officers))
    });
    let title = RwSignal::new(String::new());
    let region = RwSignal::new(String::new());
    // The population defaults to the department's own region.
    spawn_local(async move {
        if let Ok(d) = api::department(dept).await
            && region.get_untracked().is_empty()
        {
            region.set(d.region_code.to_string());
        }
    });
    let industry = RwSignal::new(String::new());
    let grades = RwSignal::new(Vec::<RiskGrade>::new());
    let count = RwSignal::new("10".to_owned());
    let starts = RwSignal::new(china_today().to_string());
    let ends = RwSignal::new(china_today().plus_days(30).to_string());
    let claims = RwSignal::new(Vec::<i64>::new());
    let pool = RwSignal::new(Vec::<i64>::new());
    let error = RwSignal::new(None::<ApiError>);
    let pending = RwSignal::new(false);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let date = |field: &'static str, s: String| {
            Date::parse(s.trim()).ok_or_else(|| ApiError::invalid(field, Msg::DateFormat))
        };
        let input = (|| {
            Ok::<_, ApiError>(PlanInput {
                title: title.get_untracked(),
                claim_ids: claims.get_untracked(),
                partner_department_ids: vec![],
                region_code: region.get_untracked(),
                industry: Some(industry.get_untracked()).filter(|s| !s.trim().is_empty()),
                risk_grades: grades.get_untracked(),
                target_count: Some(
                    count
                        .get_untracked()
                        .trim()
                        .parse()
                        .map_err(|_| ApiError::invalid("target_count", Msg::NotANumber))?,
                ),
                target_share: None,
                starts_on: date("starts_on", starts.get_untracked())?,
                ends_on: date("ends_on", ends.get_untracked())?,
                inspector_ids: pool.get_untracked(),
            })
        })();
        let input = match input.and_then(|i| {
            i.validate(china_today())
                .map(|_| i.clone())
                .map_err(|(field, msg)| ApiError::invalid(field, msg))
        }) {
            Ok(i) => i,
            Err(e) => {
                error.set(Some(e));
                return;
            }
        };
        let csrf = session.csrf();
        pending.set(true);
        spawn_local(async move {
            match api::create_plan(&csrf, dept, &input).await {
                Ok(_) => {
                    error.set(None);
                    title.set(String::new());
                    on_created();
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
    type Text = (
        &'static str,
        fn(&'static crate::i18n::Texts) -> &'static str,
        RwSignal<String>,
        &'static str,
    );
    let texts: [Text; 6] = [
        ("plan-title", |t| t.wsc_field_title(), title, "text"),
        ("plan-region", |t| t.wsc_field_region(), region, "text"),
        (
            "plan-industry",
            |t| t.wsc_field_industry(),
            industry,
            "text",
        ),
        ("plan-count", |t| t.sc_targets(), count, "number"),
        ("plan-starts", |t| t.wsc_field_starts(), starts, "date"),
        ("plan-ends", |t| t.wsc_field_ends(), ends, "date"),
    ];
    view! {
        <form class="panel" on:submit=submit novalidate aria-labelledby="new-plan-title" data-testid="new-plan">
            <h2 id="new-plan-title">{move || i18n.t().wsc_new()}</h2>
            {texts.into_iter().map(|(id, label, value, kind)| view! {
                <div class="field">
                    <label for=id>{move || label(i18n.t())}</label>
                    <input id=id type=kind prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) />
                </div>
            }).collect_view()}
            <fieldset class="choices">
                <legend>{move || i18n.t().sc_grades()}</legend>
                {RiskGrade::ALL.into_iter().map(|g| {
                    let id = format!("plan-grade-{}", g.as_str());
                    view! {
                        <label class="choice">
                            <input id=id type="checkbox" prop:checked=move || grades.with(|v| v.contains(&g))
                                on:change=move |_| grades.update(|v| if let Some(at) = v.iter().position(|x| *x == g) { v.remove(at); } else { v.push(g); }) />
                            <span>{g.as_str()}</span>
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            {move || match options.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => view! { <ErrorMessage error=e /> }.into_any(),
                Some(Ok((items, officers))) => view! {
                    <Choices legend=i18n.t().insp_items() name="plan-item" options=items chosen=claims />
                    <Choices legend=i18n.t().sc_pool() name="plan-officer" options=officers chosen=pool />
                }.into_any(),
            }}
            <button type="submit" class="button primary" prop:disabled=move || pending.get()>{move || i18n.t().wsc_create()}</button>
            <p class="field-error" role="alert">{move || error_text(&error.get())}</p>
        </form>
    }
}

/// `/workspace/spot-checks/:id`: a plan, the steps the user may take, its tasks.
#[component]
pub fn SpotCheckPlan() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|s| s.parse::<i64>().ok())
            .unwrap_or_default()
    });
    let dept = department();
    let plan = LocalResource::new(move || {
        let id = id.get();
        async move { api::plan(dept, id).await }
    });
    let tasks = LocalResource::new(move || {
        let id = id.get();
        async move {
            api::inspections(
                dept,
                &PageQuery {
                    plan: Some(id),
                    limit: Some(100),
                    ..Default::default()
                },
            )
            .await
        }
    });
    let refresh = move || {
        plan.refetch();
        tasks.refetch();
    };
    Effect::new(move |_| {
        if let Some(Ok(p)) = plan.get() {
            set_title(&p.plan.title, i18n.t().brand());
        }
    });
    view! {
        <p><A href="/workspace/spot-checks">{move || i18n.t().wsc_title()}</A></p>
        {move || match plan.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => { session.handle(&e); view! { <ErrorMessage error=e /> }.into_any() }
            Some(Ok(p)) => view! { <PlanSteps p=p on_change=refresh /> }.into_any(),
        }}
        <h2>{move || i18n.t().sc_task_list()}</h2>
        {move || match tasks.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <ErrorMessage error=e /> }.into_any(),
            Some(Ok(l)) if l.items.is_empty() => view! { <p>{move || i18n.t().wsc_no_tasks()}</p> }.into_any(),
            Some(Ok(l)) => view! {
                <ul class="cards">
                    {l.items.into_iter().map(|t| view! { <TaskCard task=t on_change=refresh /> }).collect_view()}
                </ul>
            }.into_any(),
        }}
    }
}

#[component]
fn PlanSteps(p: PlanDetail, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let role = session.role();
    let dept = department();
    let lead = p.plan.departments.first().map(|d| d.id) == Some(dept);
    let status = p.plan.status;
    let (id, version) = (p.plan.id, p.version);
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let pending = RwSignal::new(false);
    let step = move |name: &'static str| {
        let csrf = session.csrf();
        let body = PlanTransition {
            version,
            reason: Some(reason.get_untracked()).filter(|r| !r.trim().is_empty()),
        };
        pending.set(true);
        spawn_local(async move {
            match api::plan_step(&csrf, dept, id, name, &body).await {
                Ok(_) => {
                    error.set(None);
                    on_change();
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
    let reviewer = role == Some(Role::Reviewer);
    let drawer = matches!(role, Some(Role::Clerk | Role::Reviewer));
    let plan = p.plan.clone();
    view! {
        <h1>{plan.title.clone()}</h1>
        <dl class="facts">
            <dt>{move || i18n.t().sc_status()}</dt><dd data-testid="ws-plan-status">{move || i18n.t().plan_status(status)}</dd>
            <dt>{move || i18n.t().sc_period()}</dt><dd>{format!("{} – {}", plan.starts_on, plan.ends_on)}</dd>
            <dt>{move || i18n.t().sc_population()}</dt><dd>{format!("{} · {}", plan.region_name, plan.industry.clone().unwrap_or_default())}</dd>
            <dt>{move || i18n.t().sc_pool()}</dt><dd>{plan.inspectors.iter().map(|i| i.name.clone()).collect::<Vec<_>>().join("、")}</dd>
            {plan.commitment.clone().map(|c| view! { <dt>{move || i18n.t().sc_commitment()}</dt><dd><code class="wrap">{c}</code></dd> })}
        </dl>
        {plan.approved_at.is_some().then(|| view! {
            <p><a href=format!("/spot-checks/{id}") rel="external">{move || i18n.t().wsc_public_page()}</a></p>
        })}
        <div class="actions">
            {(lead && reviewer && status == PlanStatus::Draft).then(|| view! {
                <button type="button" class="button primary" data-testid="approve" prop:disabled=move || pending.get() on:click=move |_| step("approve")>{move || i18n.t().wsc_approve()}</button>
            })}
            {(lead && drawer && status == PlanStatus::Approved).then(|| view! {
                <button type="button" class="button primary" data-testid="draw" prop:disabled=move || pending.get() on:click=move |_| step("draw")>{move || i18n.t().wsc_draw()}</button>
            })}
        </div>
        {(lead && reviewer && status != PlanStatus::Cancelled).then(|| view! {
            <details class="panel">
                <summary>{move || i18n.t().wsc_cancel()}</summary>
                <div class="field">
                    <label for="cancel-reason">{move || i18n.t().sc_cancel_reason()}</label>
                    <textarea id="cancel-reason" rows="2" prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                </div>
                <button type="button" class="button secondary" prop:disabled=move || pending.get() on:click=move |_| step("cancel")>{move || i18n.t().wsc_cancel()}</button>
            </details>
        })}
        <Show when=move || pending.get()><progress aria-label=move || i18n.t().loading()></progress></Show>
        <p class="field-error" role="alert">{move || error_text(&error.get())}</p>
    }
}

#[component]
fn TaskCard(
    task: Inspection,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let status = task.status;
    let id = task.id;
    let result = task.result.clone();
    let unlinked = task
        .result
        .as_ref()
        .is_some_and(|r| r.outcome == Outcome::CaseOpened && r.case_code.is_none());
    view! {
        <li class="card" data-testid="ws-task">
            <p><code>{task.code.to_string()}</code>" "<span class="badge">{move || i18n.t().inspection_status(status)}</span></p>
            <p><strong>{task.entity_name.clone()}</strong><br /><span class="hint">{task.entity_uscc.clone()}</span></p>
            <p class="hint">{task.inspectors.iter().map(|i| i.name.clone()).collect::<Vec<_>>().join("、")}" · "{format!("{} – {}", task.window_from, task.window_until)}</p>
            {result.map(|r| { let o = r.outcome; view! { <p>{move || i18n.t().outcome(o)}" · "{r.note}</p> } })}
            <p><A href=format!("/workspace/inspections/{id}/notice")>{move || i18n.t().wsi_notice()}</A></p>
            {(status == InspectionStatus::Scheduled).then(|| view! { <ResultForm id=id on_change /> })}
            {unlinked.then(|| view! { <CaseLink id=id on_change /> })}
        </li>
    }
}

#[component]
fn ResultForm(id: i64, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let dept = department();
    let outcome = RwSignal::new(Outcome::NoProblem);
    let note = RwSignal::new(String::new());
    let rectify_by = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let input = ResultInput {
            outcome: outcome.get_untracked(),
            note: note.get_untracked(),
            rectify_by: Date::parse(rectify_by.get_untracked().trim()),
            case_code: None,
        };
        if let Err((field, msg)) = input.validate(china_today()) {
            error.set(Some(ApiError::invalid(field, msg)));
            return;
        }
        let csrf = session.csrf();
        spawn_local(async move {
            match api::record_result(&csrf, dept, id, &input).await {
                Ok(_) => on_change(),
                Err(e) => {
                    if !session.handle(&e) {
                        error.set(Some(e));
                    }
                }
            }
        });
    };
    let outcome_id = format!("outcome-{id}");
    let note_id = format!("note-{id}");
    let rectify_id = format!("rectify-{id}");
    view! {
        <form on:submit=submit novalidate class="result-form" data-testid="result-form">
            <div class="field">
                <label for=outcome_id.clone()>{move || i18n.t().insp_result()}</label>
                <select id=outcome_id on:change=move |ev| if let Some(o) = Outcome::parse(&event_target_value(&ev)) { outcome.set(o) }>
                    {Outcome::ALL.into_iter().map(|o| view! { <option value=o.as_str()>{move || i18n.t().outcome(o)}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for=note_id.clone()>{move || i18n.t().insp_result_note()}</label>
                <textarea id=note_id rows="2" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
            </div>
            <Show when=move || outcome.get() == Outcome::Rectify>
                <div class="field">
                    <label for=rectify_id.clone()>{move || i18n.t().insp_rectify_by()}</label>
                    <input id=rectify_id.clone() type="date" prop:value=move || rectify_by.get() on:input=move |ev| rectify_by.set(event_target_value(&ev)) />
                </div>
            </Show>
            <button type="submit" class="button primary">{move || i18n.t().wsi_record()}</button>
            <p class="field-error" role="alert">{move || error_text(&error.get())}</p>
        </form>
    }
}

/// Links the decision of the case an inspection opened, once it is issued.
#[component]
fn CaseLink(id: i64, on_change: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let dept = department();
    let code = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let text = code.get_untracked();
        if let Err(e) = crate::model::CaseCode::parse(&text) {
            error.set(Some(ApiError::invalid("case_code", e.into())));
            return;
        }
        let csrf = session.csrf();
        spawn_local(async move {
            match api::link_case(&csrf, dept, id, &text).await {
                Ok(_) => on_change(),
                Err(e) => {
                    if !session.handle(&e) {
                        error.set(Some(e));
                    }
                }
            }
        });
    };
    let input_id = format!("case-{id}");
    view! {
        <form on:submit=submit novalidate class="result-form">
            <div class="field">
                <label for=input_id.clone()>{move || i18n.t().wsi_link_case()}</label>
                <input id=input_id type="text" placeholder="440106-2026-XXXXX-X" prop:value=move || code.get() on:input=move |ev| code.set(event_target_value(&ev)) />
            </div>
            <button type="submit" class="button secondary">{move || i18n.t().wsi_link_case()}</button>
            <p class="field-error" role="alert">{move || error_text(&error.get())}</p>
        </form>
    }
}

/// `/workspace/inspections`: every inspection of the department, and a form to open one
/// on a complaint or a referral.
#[component]
pub fn Inspections() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    Effect::new(move |_| set_title(i18n.t().wsi_title(), i18n.t().brand()));
    let can_open = move || matches!(session.role(), Some(Role::Clerk | Role::Reviewer));
    let list = LocalResource::new(move || {
        let dept = department();
        async move {
            api::inspections(
                dept,
                &PageQuery {
                    limit: Some(100),
                    ..Default::default()
                },
            )
            .await
        }
    });
    view! {
        <h1>{move || i18n.t().wsi_title()}</h1>
        <Show when=can_open>
            <OpenInspection on_opened=move || list.refetch() />
        </Show>
        {move || match list.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => { session.handle(&e); view! { <ErrorMessage error=e /> }.into_any() }
            Some(Ok(l)) if l.items.is_empty() => view! { <p>{move || i18n.t().wsc_no_tasks()}</p> }.into_any(),
            Some(Ok(l)) => view! {
                <p class="hint">{format!("{} {}", l.total, i18n.t().sc_tasks())}</p>
                <ul class="cards">
                    {l.items.into_iter().map(|t| view! { <TaskCard task=t on_change=move || list.refetch() /> }).collect_view()}
                </ul>
            }.into_any(),
        }}
    }
}

#[component]
fn OpenInspection(on_opened: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let dept = department();
    let options = LocalResource::new(move || async move {
        let items = inspection_items(dept).await?;
        let today = china_today();
        let officers = api::officers(dept)
            .await?
            .items
            .into_iter()
            .filter(|o| o.valid_on(today))
            .map(|o| (o.id, format!("{}（{}）", o.name, o.certificate_number)))
            .collect::<Vec<_>>();
        Ok::<_, ApiError>((items, officers))
    });
    let uscc = RwSignal::new(String::new());
    let ground = RwSignal::new(Ground::Complaint);
    let note = RwSignal::new(String::new());
    let from = RwSignal::new(china_today().to_string());
    let until = RwSignal::new(china_today().plus_days(7).to_string());
    let claims = RwSignal::new(Vec::<i64>::new());
    let officers = RwSignal::new(Vec::<i64>::new());
    let error = RwSignal::new(None::<ApiError>);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let (Some(window_from), Some(window_until)) = (
            Date::parse(from.get_untracked().trim()),
            Date::parse(until.get_untracked().trim()),
        ) else {
            error.set(Some(ApiError::invalid("window_from", Msg::DateFormat)));
            return;
        };
        let input = AdHocInput {
            entity_uscc: uscc.get_untracked(),
            ground: ground.get_untracked(),
            ground_note: note.get_untracked(),
            claim_ids: claims.get_untracked(),
            officer_ids: officers.get_untracked(),
            window_from,
            window_until,
        };
        if let Err((field, msg)) = input.validate(china_today()) {
            error.set(Some(ApiError::invalid(field, msg)));
            return;
        }
        let csrf = session.csrf();
        spawn_local(async move {
            match api::open_inspection(&csrf, dept, &input).await {
                Ok(_) => {
                    error.set(None);
                    on_opened();
                }
                Err(e) => {
                    if !session.handle(&e) {
                        error.set(Some(e));
                    }
                }
            }
        });
    };
    type Text = (
        &'static str,
        fn(&'static crate::i18n::Texts) -> &'static str,
        RwSignal<String>,
        &'static str,
    );
    let texts: [Text; 4] = [
        ("open-uscc", |t| t.wsi_uscc(), uscc, "text"),
        ("open-note", |t| t.wsi_ground_note(), note, "text"),
        ("open-from", |t| t.wsi_from(), from, "date"),
        ("open-until", |t| t.wsi_until(), until, "date"),
    ];
    view! {
        <details class="panel">
            <summary>{move || i18n.t().wsi_open()}</summary>
            <form on:submit=submit novalidate>
                <div class="field">
                    <label for="open-ground">{move || i18n.t().insp_ground()}</label>
                    <select id="open-ground" on:change=move |ev| if let Some(g) = Ground::parse(&event_target_value(&ev)) { ground.set(g) }>
                        {[Ground::Complaint, Ground::Referral].into_iter().map(|g| view! { <option value=g.as_str()>{move || i18n.t().ground(g)}</option> }).collect_view()}
                    </select>
                </div>
                {texts.into_iter().map(|(id, label, value, kind)| view! {
                    <div class="field">
                        <label for=id>{move || label(i18n.t())}</label>
                        <input id=id type=kind prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) />
                    </div>
                }).collect_view()}
                {move || match options.get() {
                    None => view! { <Loading /> }.into_any(),
                    Some(Err(e)) => view! { <ErrorMessage error=e /> }.into_any(),
                    Some(Ok((items, pool))) => view! {
                        <Choices legend=i18n.t().insp_items() name="open-item" options=items chosen=claims />
                        <Choices legend=i18n.t().insp_inspectors() name="open-officer" options=pool chosen=officers />
                    }.into_any(),
                }}
                <button type="submit" class="button primary">{move || i18n.t().wsi_open()}</button>
                <p class="field-error" role="alert">{move || error_text(&error.get())}</p>
            </form>
        </details>
    }
}

/// `/workspace/inspections/:id/notice`: the inspection notice to print, with its QR code
/// (the verify address, signature and rating token).
#[component]
pub fn InspectionNotice() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|s| s.parse::<i64>().ok())
            .unwrap_or_default()
    });
    let dept = department();
    let task = LocalResource::new(move || {
        let id = id.get();
        async move { api::inspection_detail(dept, id).await }
    });
    view! {
        {move || match task.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => { session.handle(&e); view! { <ErrorMessage error=e /> }.into_any() }
            Some(Ok(t)) => {
                let svg = format!("/api/v1/workspace/departments/{dept}/inspections/{}/qr.svg", t.id);
                let ground = t.ground;
                view! {
                    <p class="no-print actions">
                        <button type="button" class="button primary" on:click=move |_| { if let Some(w) = web_sys::window() { let _ = w.print(); } }>{move || i18n.t().dec_print_button()}</button>
                    </p>
                    <article class="print-sheet notice" data-testid="notice">
                        <h1>{move || i18n.t().wsi_notice_title()}</h1>
                        <p class="print-issuer">{t.departments.join("、")}</p>
                        <dl class="facts">
                            <dt>{move || i18n.t().insp_entity()}</dt><dd>{t.entity_name.clone()}</dd>
                            <dt>{move || i18n.t().insp_ground()}</dt><dd>{move || i18n.t().ground(ground)}</dd>
                            <dt>{move || i18n.t().insp_items()}</dt><dd>{t.items.iter().map(|i| format!("{} {}（{}）", i.code, i.name, i.legal_basis)).collect::<Vec<_>>().join("；")}</dd>
                            <dt>{move || i18n.t().insp_inspectors()}</dt><dd>{t.inspectors.iter().map(|i| format!("{}（{}）", i.name, i.certificate_number)).collect::<Vec<_>>().join("、")}</dd>
                            <dt>{move || i18n.t().insp_window()}</dt><dd>{format!("{} – {}", t.window_from, t.window_until)}</dd>
                        </dl>
                        <img class="print-qr" src=svg alt=format!("QR {}", t.code) />
                        <p class="print-code" data-testid="notice-code">{t.code.to_string()}</p>
                        <p class="print-instruction">{move || i18n.t().wsi_notice_instruction()}</p>
                    </article>
                }.into_any()
            }
        }}
    }
}

/// `/workspace/entities`: the market-entity registry, searchable; admins and clerks
/// import it.
#[component]
pub fn Entities() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    Effect::new(move |_| set_title(i18n.t().ent_title(), i18n.t().brand()));
    let q = RwSignal::new(String::new());
    let offset = RwSignal::new(0i64);
    let list = LocalResource::new(move || {
        let query = PageQuery {
            q: Some(q.get()),
            limit: Some(50),
            offset: Some(offset.get()),
            ..Default::default()
        };
        async move { api::entities(&query).await }
    });
    let can_import = move || matches!(session.role(), Some(Role::Clerk | Role::Admin));
    view! {
        <h1>{move || i18n.t().ent_title()}</h1>
        <Show when=can_import>
            <EntityImport on_done=move || list.refetch() />
        </Show>
        <div class="field">
            <label for="ent-q">{move || i18n.t().sc_search()}</label>
            <input id="ent-q" type="search" maxlength="100" prop:value=move || q.get() on:change=move |ev| { offset.set(0); q.set(event_target_value(&ev)); } />
        </div>
        {move || match list.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => { session.handle(&e); view! { <ErrorMessage error=e /> }.into_any() }
            Some(Ok(l)) => {
                let more = offset.get() + 50 < l.total;
                view! {
                    <p class="hint" data-testid="ent-total">{format!("{} {}", l.total, i18n.t().ent_count())}</p>
                    <div class="table-wrap">
                        <table>
                            <thead><tr>
                                <th scope="col">{move || i18n.t().wsi_uscc()}</th>
                                <th scope="col">{move || i18n.t().insp_entity()}</th>
                                <th scope="col">{move || i18n.t().wsc_field_region()}</th>
                                <th scope="col">{move || i18n.t().wsc_field_industry()}</th>
                                <th scope="col">{move || i18n.t().sc_grades()}</th>
                                <th scope="col">{move || i18n.t().report_contact()}</th>
                            </tr></thead>
                            <tbody>
                                {l.items.into_iter().map(|e: Entity| view! {
                                    <tr>
                                        <td><code>{e.uscc.to_string()}</code></td>
                                        <td>{e.name}</td>
                                        <td>{e.region_code.to_string()}</td>
                                        <td>{e.industry}</td>
                                        <td>{e.risk_grade.as_str()}</td>
                                        <td>{e.contact.unwrap_or_default()}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    <p class="actions">
                        {(offset.get() > 0).then(|| view! { <button type="button" class="button secondary" on:click=move |_| offset.update(|o| *o = (*o - 50).max(0))>{move || i18n.t().sc_previous()}</button> })}
                        {more.then(|| view! { <button type="button" class="button secondary" on:click=move |_| offset.update(|o| *o += 50)>{move || i18n.t().sc_next()}</button> })}
                    </p>
                }.into_any()
            }
        }}
    }
}

#[component]
fn EntityImport(on_done: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let pending = RwSignal::new(false);
    let report = RwSignal::new(None::<EntityImportReport>);
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
        spawn_local(async move {
            match api::import_entities(&csrf, file).await {
                Ok(r) => {
                    if r.added + r.updated > 0 {
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
            <summary>{move || i18n.t().ent_import()}</summary>
            <p class="hint">{move || i18n.t().ent_import_columns()}</p>
            <form on:submit=on_submit>
                <div class="field">
                    <label for="entity-file">{move || i18n.t().import_file()}</label>
                    <input id="entity-file" type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" node_ref=file_input />
                </div>
                <button type="submit" class="button primary" prop:disabled=move || pending.get()>
                    {move || if pending.get() { i18n.t().importing() } else { i18n.t().import_submit() }}
                </button>
                <Show when=move || pending.get()><progress aria-label=move || i18n.t().importing()></progress></Show>
            </form>
            <p class="field-error" role="alert">{move || error_text(&error.get())}</p>
            {move || report.get().map(|r| view! {
                <div role="status" class="import-report">
                    <p class="success">{move || format!("{} {} · {} {}", i18n.t().ent_added(), r.added, i18n.t().ent_updated(), r.updated)}</p>
                    <crate::components::RowErrors errors=r.errors />
                </div>
            })}
        </details>
    }
}

/// `/workspace/supervision`: for admins and auditors, the figures of business
/// inspections per department and the entities inspected too often; for them and a
/// department's reviewers, the ratings and the reports of code-less inspections.
#[component]
pub fn InspectionSupervision() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    Effect::new(move |_| set_title(i18n.t().sup_title(), i18n.t().brand()));
    let role = session.role();
    let oversight = role.is_some_and(oversees);
    let year = RwSignal::new(china_today().year());
    let figures = LocalResource::new(move || {
        let year = year.get();
        async move {
            if oversight {
                api::supervision(year).await.map(Some)
            } else {
                Ok(None)
            }
        }
    });
    let own = (!oversight).then(department);
    let feedback = LocalResource::new(move || async move { api::feedback(own).await });
    view! {
        <h1>{move || i18n.t().sup_title()}</h1>
        {oversight.then(|| view! {
            <div class="field">
                <label for="sup-year">{move || i18n.t().sc_year()}</label>
                <input id="sup-year" type="number" min="2000" max="2099" prop:value=move || year.get().to_string()
                    on:change=move |ev| if let Ok(y) = event_target_value(&ev).parse() { year.set(y) } />
            </div>
        })}
        {move || match figures.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => { session.handle(&e); view! { <ErrorMessage error=e /> }.into_any() }
            Some(Ok(None)) => ().into_any(),
            Some(Ok(Some(s))) => {
                let max = s.departments.iter().map(|d| d.inspections).max().unwrap_or(1).max(1);
                view! {
                    <section class="panel" aria-labelledby="sup-departments">
                        <h2 id="sup-departments">{move || i18n.t().sup_departments()}</h2>
                        <div class="table-wrap">
                            <table data-testid="sup-table">
                                <thead><tr>
                                    <th scope="col">{move || i18n.t().sc_departments()}</th>
                                    <th scope="col">{move || i18n.t().sup_inspections()}</th>
                                    <th scope="col">{move || i18n.t().sup_on_plan()}</th>
                                    <th scope="col">{move || i18n.t().sup_reports()}</th>
                                    <th scope="col">{move || i18n.t().sup_coded_share()}</th>
                                    <th scope="col">{move || i18n.t().sup_overdue()}</th>
                                    <th scope="col">{move || i18n.t().sup_score()}</th>
                                </tr></thead>
                                <tbody>
                                    {s.departments.into_iter().map(|d| {
                                        let width = format!("width: {}%", d.inspections * 100 / max);
                                        view! {
                                            <tr data-testid="sup-row">
                                                <th scope="row">{d.department_name}</th>
                                                <td><span class="bar" style=width aria-hidden="true"></span>{d.inspections}</td>
                                                <td>{d.on_plan}</td>
                                                <td>{d.reports}</td>
                                                <td>{format!("{:.1}%", d.coded_share)}</td>
                                                <td>{d.overdue_results}</td>
                                                <td>{d.average_score.map(|a| format!("{a:.1}（{}）", d.ratings)).unwrap_or_else(|| "—".into())}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                        <h2>{move || format!("{}（{}）", i18n.t().sup_over_limit(), s.yearly_limit)}</h2>
                        {if s.over_inspected.is_empty() {
                            view! { <p>{move || i18n.t().sup_none_over()}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="plain">
                                    {s.over_inspected.into_iter().map(|e| view! { <li>{format!("{} {} · {}", e.uscc, e.name, e.inspections)}</li> }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    </section>
                }.into_any()
            }
        }}
        {move || match feedback.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => view! { <ErrorMessage error=e /> }.into_any(),
            Some(Ok(f)) => view! {
                <section class="panel" aria-labelledby="sup-reports">
                    <h2 id="sup-reports">{move || i18n.t().sup_report_list()}</h2>
                    <ul class="cards" data-testid="sup-reports">
                        {f.reports.into_iter().map(|r| view! {
                            <li class="card" data-testid="sup-report">
                                <p><strong>{r.department_name}</strong>" · "{r.happened_on.to_string()}</p>
                                <p>{r.entity_name}</p>
                                <p class="prose">{r.description}</p>
                                {r.contact.map(|c| view! { <p class="hint">{c}</p> })}
                            </li>
                        }).collect_view()}
                    </ul>
                    <h2>{move || i18n.t().sup_rating_list()}</h2>
                    <ul class="cards" data-testid="sup-ratings">
                        {f.ratings.into_iter().map(|r| {
                            let conduct = r.conduct;
                            view! {
                                <li class="card" data-testid="sup-rating">
                                    <p><code>{r.code.to_string()}</code>" · "{r.department_name}</p>
                                    <p>{move || format!("{} · {}", i18n.t().score(r.score), i18n.t().conduct(conduct))}</p>
                                    <p class="prose">{r.comment}</p>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </section>
            }.into_any(),
        }}
    }
}
