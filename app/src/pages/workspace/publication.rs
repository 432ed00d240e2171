//! `/workspace/publication`: what the department still has to publish, by deadline
//! (oversight sees every department), and the working calendar administrators extend.

use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};
use leptos_router::components::A;

use crate::{
    api::{self, ApiError},
    components::{ErrorMessage, Loading, set_title},
    i18n::use_i18n,
    model::{CalendarDay, CalendarImportReport, Date, Duty, Msg, Role},
    pages::workspace::oversees,
    session::use_session,
};

#[component]
pub fn Publication() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    Effect::new(move |_| set_title(i18n.t().pub_title(), i18n.t().brand()));
    let role = session.role();
    let everywhere = role.is_some_and(oversees);
    let dept = session.user().map(|u| u.department_id);
    let due =
        LocalResource::new(
            move || async move { api::due(if everywhere { None } else { dept }).await },
        );
    view! {
        <h1>{move || i18n.t().pub_title()}</h1>
        <p class="lead">{move || i18n.t().pub_lead()}</p>
        {move || match due.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => { session.handle(&e); view! { <ErrorMessage error=e /> }.into_any() }
            Some(Ok(l)) if l.items.is_empty() => view! { <p class="empty">{move || i18n.t().pub_none()}</p> }.into_any(),
            Some(Ok(l)) => view! {
                <ul class="cards" aria-label=move || i18n.t().pub_title() data-testid="due">
                    {l.items.into_iter().map(|d| {
                        let kind = d.kind;
                        let own = !everywhere;
                        view! {
                            <li class="card" class:overdue=d.overdue>
                                <h2 class="card-title">
                                    {if own {
                                        view! { <A href=format!("/workspace/decisions/{}", d.id)>{d.document_number.clone()}</A> }.into_any()
                                    } else {
                                        view! { <span>{d.document_number.clone()}</span> }.into_any()
                                    }}
                                </h2>
                                <p class="meta">
                                    <span>{d.party_name}</span>
                                    <span>{move || i18n.t().category(kind)}</span>
                                    <span>{d.decision_date.to_string()}</span>
                                    {everywhere.then(|| view! { <span>{d.department_name.clone()}</span> })}
                                </p>
                                {if d.duty == Duty::Withdraw {
                                    let late = -d.days_left;
                                    view! {
                                        <p data-testid="late-withdrawal">
                                            <span class="status overdue">{move || i18n.t().duty_withdraw()}</span>" "
                                            {move || i18n.t().duty_withdraw_late().replace("{n}", &late.to_string())}
                                        </p>
                                    }.into_any()
                                } else {
                                    view! {
                                        <p>
                                            {move || i18n.t().pub_deadline()}": "<strong>{d.publish_by.to_string()}</strong>" "
                                            {if d.overdue {
                                                view! { <span class="status overdue">{move || i18n.t().pub_overdue()}</span> }.into_any()
                                            } else {
                                                view! { <span>{move || i18n.t().pub_days_left()}{d.days_left}</span> }.into_any()
                                            }}
                                        </p>
                                        {d.provisional.then(|| view! {
                                            <p class="hint" data-testid="provisional">{move || i18n.t().duty_provisional()}</p>
                                        })}
                                    }.into_any()
                                }}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any(),
        }}
        <CalendarPanel admin=role == Some(Role::Admin) />
    }
}

/// A calendar day as typed into the form.
#[derive(Debug, Clone, Default)]
struct DayForm {
    date: String,
    working: bool,
    note: String,
}

#[component]
fn CalendarPanel(admin: bool) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let days = LocalResource::new(|| async { api::calendar().await });
    let years = LocalResource::new(|| async { api::calendar_years().await });
    let form = RwSignal::new(DayForm::default());
    let error = RwSignal::new(None::<ApiError>);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let DayForm {
            date,
            working,
            note,
        } = form.get_untracked();
        let Some(date) = Date::parse(date.trim()) else {
            error.set(Some(ApiError::invalid("date", Msg::DateFormat)));
            return;
        };
        let day = CalendarDay {
            date,
            working,
            note,
        };
        let csrf = session.csrf();
        spawn_local(async move {
            match api::set_calendar_day(&csrf, &day).await {
                Ok(()) => {
                    error.set(None);
                    days.refetch();
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
        <section class="panel" aria-labelledby="cal-title">
            <h2 id="cal-title">{move || i18n.t().cal_title()}</h2>
            <p class="hint">{move || i18n.t().cal_lead()}</p>
            {move || days.get().and_then(|r| r.ok()).map(|l| view! {
                <ul>
                    {l.items.into_iter().map(|d| view! {
                        <li>{d.date.to_string()}" · "{if d.working { i18n.t().cal_working() } else { i18n.t().cal_off() }}" · "{d.note}</li>
                    }).collect_view()}
                </ul>
            })}
            {move || years.get().and_then(|r| r.ok()).map(|c| {
                let loaded = c.built_in.iter().map(i64::to_string)
                    .chain(c.loaded.iter().map(|y| y.year.to_string()))
                    .collect::<Vec<_>>()
                    .join("、");
                view! { <p data-testid="loaded-years">{move || i18n.t().calendar_loaded_years()}": "{loaded.clone()}</p> }
            })}
            <Show when=move || admin>
                <CalendarImport on_done=move || { days.refetch(); years.refetch(); } />
                <form on:submit=on_submit novalidate>
                    <div class="field">
                        <label for="cal-date">{move || i18n.t().cal_date()}</label>
                        <input id="cal-date" type="date" prop:value=move || form.with(|f| f.date.clone()) on:input=move |ev| form.update(|f| f.date = event_target_value(&ev)) />
                    </div>
                    <div class="field">
                        <label><input type="checkbox" prop:checked=move || form.with(|f| f.working) on:change=move |ev| form.update(|f| f.working = event_target_checked(&ev)) />{move || i18n.t().cal_working()}</label>
                    </div>
                    <div class="field">
                        <label for="cal-note">{move || i18n.t().cal_note()}</label>
                        <input id="cal-note" type="text" prop:value=move || form.with(|f| f.note.clone()) on:input=move |ev| form.update(|f| f.note = event_target_value(&ev)) />
                    </div>
                    <button type="submit" class="button primary">{move || i18n.t().cal_add()}</button>
                    <p class="field-error" role="alert">{move || error.get().map(|e| e.message(i18n.t()))}</p>
                </form>
            </Show>
        </section>
    }
}

/// Loads a year of the State Council's holiday notice from a CSV file.
#[component]
fn CalendarImport(on_done: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let pending = RwSignal::new(false);
    let report = RwSignal::new(None::<CalendarImportReport>);
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
            match api::import_calendar(&csrf, file).await {
                Ok(r) => {
                    if r.imported {
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
        <form on:submit=on_submit class="calendar-import" aria-labelledby="cal-import-title">
            <h3 id="cal-import-title">{move || i18n.t().calendar_import_title()}</h3>
            <p class="hint">{move || i18n.t().calendar_import_help()}</p>
            <div class="field">
                <label for="cal-import-file">{move || i18n.t().calendar_import_file()}</label>
                <input id="cal-import-file" type="file" accept=".csv,text/csv" node_ref=file_input />
            </div>
            <button type="submit" class="button" prop:disabled=move || pending.get()>
                {move || i18n.t().calendar_import_submit()}
            </button>
            <Show when=move || pending.get()><progress aria-label=move || i18n.t().calendar_import_submit()></progress></Show>
            <p class="field-error" role="alert">{move || error.get().map(|e| e.message(i18n.t()))}</p>
            {move || report.get().map(|r| {
                let t = i18n.t();
                let years = r.years.iter().map(i64::to_string).collect::<Vec<_>>().join("、");
                view! {
                    <div role="status" class="import-report" data-testid="calendar-report">
                        {r.imported.then(|| view! {
                            <p class="success">{t.calendar_import_done().replace("{years}", &years).replace("{rows}", &r.rows.to_string())}</p>
                        })}
                        <ul>
                            {r.problems.iter().map(|p| view! {
                                <li>{t.calendar_import_line().replace("{line}", &p.line.to_string())}" · "{p.problem.field.clone()}": "{p.problem.text(t.lang)}</li>
                            }).collect_view()}
                        </ul>
                    </div>
                }
            })}
        </form>
    }
}
