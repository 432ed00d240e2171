//! `/workspace/publication`: what the department still has to publish, by deadline
//! (oversight sees every department), and the working calendar administrators extend.

use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};
use leptos_router::components::A;

use crate::{
    api::{self, ApiError},
    components::{ErrorMessage, Loading, set_title},
    i18n::use_i18n,
    model::{CalendarDay, Role},
    pages::workspace::oversees,
    session::use_session,
};

#[component]
pub fn Publication() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    Effect::new(move |_| set_title(i18n.t().pub_title, i18n.t().brand));
    let role = session.role();
    let everywhere = role.is_some_and(oversees);
    let dept = session.user().map(|u| u.department_id);
    let due =
        LocalResource::new(
            move || async move { api::due(if everywhere { None } else { dept }).await },
        );
    view! {
        <h1>{move || i18n.t().pub_title}</h1>
        <p class="lead">{move || i18n.t().pub_lead}</p>
        {move || match due.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => { session.handle(&e); view! { <ErrorMessage error=e /> }.into_any() }
            Some(Ok(l)) if l.items.is_empty() => view! { <p class="empty">{move || i18n.t().pub_none}</p> }.into_any(),
            Some(Ok(l)) => view! {
                <ul class="cards" aria-label=move || i18n.t().pub_title data-testid="due">
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
                                    <span>{d.decision_date}</span>
                                    {everywhere.then(|| view! { <span>{d.department_name.clone()}</span> })}
                                </p>
                                <p>
                                    {move || i18n.t().pub_deadline}": "<strong>{d.publish_by.clone()}</strong>" "
                                    {if d.overdue {
                                        view! { <span class="status overdue">{move || i18n.t().pub_overdue}</span> }.into_any()
                                    } else {
                                        view! { <span>{move || i18n.t().pub_days_left}{d.days_left}</span> }.into_any()
                                    }}
                                </p>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any(),
        }}
        <CalendarPanel admin=role == Some(Role::Admin) />
    }
}

#[component]
fn CalendarPanel(admin: bool) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let days = LocalResource::new(|| async { api::calendar().await });
    let form = RwSignal::new(CalendarDay {
        date: String::new(),
        working: false,
        note: String::new(),
    });
    let error = RwSignal::new(None::<ApiError>);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let day = form.get_untracked();
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
            <h2 id="cal-title">{move || i18n.t().cal_title}</h2>
            <p class="hint">{move || i18n.t().cal_lead}</p>
            {move || days.get().and_then(|r| r.ok()).map(|l| view! {
                <ul>
                    {l.items.into_iter().map(|d| view! {
                        <li>{d.date}" · "{if d.working { i18n.t().cal_working } else { i18n.t().cal_off }}" · "{d.note}</li>
                    }).collect_view()}
                </ul>
            })}
            <Show when=move || admin>
                <form on:submit=on_submit novalidate>
                    <div class="field">
                        <label for="cal-date">{move || i18n.t().cal_date}</label>
                        <input id="cal-date" type="date" prop:value=move || form.with(|f| f.date.clone()) on:input=move |ev| form.update(|f| f.date = event_target_value(&ev)) />
                    </div>
                    <div class="field">
                        <label><input type="checkbox" prop:checked=move || form.with(|f| f.working) on:change=move |ev| form.update(|f| f.working = event_target_checked(&ev)) />{move || i18n.t().cal_working}</label>
                    </div>
                    <div class="field">
                        <label for="cal-note">{move || i18n.t().cal_note}</label>
                        <input id="cal-note" type="text" prop:value=move || form.with(|f| f.note.clone()) on:input=move |ev| form.update(|f| f.note = event_target_value(&ev)) />
                    </div>
                    <button type="submit" class="button primary">{move || i18n.t().cal_add}</button>
                    <p class="field-error" role="alert">{move || error.get().map(|e| e.message(i18n.t()))}</p>
                </form>
            </Show>
        </section>
    }
}
