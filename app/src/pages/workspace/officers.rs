//! `/workspace/officers`: the department's officer registry. Clerks register officers and
//! change a certificate's period or status; everyone in the department reads it.

use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};

use crate::{
    api::{self, ApiError},
    components::{ErrorMessage, Loading, set_title},
    i18n::use_i18n,
    model::{Date, Msg, Officer, OfficerInput, OfficerStatus, Role},
    session::use_session,
};

#[component]
pub fn Officers() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    Effect::new(move |_| set_title(i18n.t().off_title, i18n.t().brand));
    let dept = move || session.user().map(|u| u.department_id).unwrap_or_default();
    let can_edit = move || matches!(session.role(), Some(Role::Clerk | Role::Admin));
    let list = LocalResource::new(move || {
        let dept = dept();
        async move { api::officers(dept).await }
    });
    let notice = RwSignal::new(None::<&'static str>);
    view! {
        <h1>{move || i18n.t().off_title}</h1>
        <Show when=can_edit>
            <AddOfficer on_added=move || { notice.set(Some(i18n.t().off_saved)); list.refetch(); } />
        </Show>
        <p class="success" role="status">{move || notice.get()}</p>
        {move || match list.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => { session.handle(&e); view! { <ErrorMessage error=e /> }.into_any() }
            Some(Ok(l)) if l.items.is_empty() => view! { <p>{move || i18n.t().off_none}</p> }.into_any(),
            Some(Ok(l)) => view! {
                <ul class="cards" aria-label=move || i18n.t().off_title>
                    {l.items.into_iter().map(|o| view! {
                        <OfficerCard officer=o editable=can_edit() on_change=move || { notice.set(Some(i18n.t().off_saved)); list.refetch(); } />
                    }).collect_view()}
                </ul>
            }.into_any(),
        }}
    }
}

fn input_of(o: &Officer) -> OfficerInput {
    OfficerInput {
        name: o.name.clone(),
        certificate_number: o.certificate_number.clone(),
        field: o.field.clone(),
        valid_from: o.valid_from,
        valid_until: o.valid_until,
        status: Some(o.status),
    }
}

#[component]
fn OfficerCard(
    officer: Officer,
    editable: bool,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let error = RwSignal::new(None::<ApiError>);
    let input = input_of(&officer);
    let (id, dept) = (officer.id, officer.department_id);
    let select_id = format!("officer-status-{id}");
    let set_status = move |status: OfficerStatus| {
        let mut input = input.clone();
        input.status = Some(status);
        let csrf = session.csrf();
        spawn_local(async move {
            match api::update_officer(&csrf, dept, id, &input).await {
                Ok(_) => on_change(),
                Err(e) => {
                    if !session.handle(&e) {
                        error.set(Some(e));
                    }
                }
            }
        });
    };
    let status = officer.status;
    view! {
        <li class="card" data-testid="officer-card">
            <p><strong>{officer.name.clone()}</strong>" · "<code>{officer.certificate_number.clone()}</code></p>
            <p class="hint">{officer.field.clone()}" · "{officer.valid_from.to_string()}" – "{officer.valid_until.to_string()}</p>
            {if editable {
                view! {
                    <div class="field">
                        <label for=select_id.clone()>{move || i18n.t().officer_status}</label>
                        <select id=select_id on:change=move |ev| {
                            if let Some(s) = OfficerStatus::parse(&event_target_value(&ev)) { set_status(s) }
                        }>
                            {OfficerStatus::ALL.into_iter().map(|s| view! {
                                <option value=s.as_str() selected=s == status>{move || i18n.t().officer_status(s)}</option>
                            }).collect_view()}
                        </select>
                    </div>
                }.into_any()
            } else {
                view! { <p>{move || i18n.t().officer_status(status)}</p> }.into_any()
            }}
            <p><a href=format!("/officers/{}", officer.certificate_number) rel="external">{move || i18n.t().off_public_link}</a></p>
            <p class="field-error" role="alert">{move || error.get().map(|e| e.message(i18n.t()))}</p>
        </li>
    }
}

/// What the form to add an officer holds: the text as typed.
#[derive(Debug, Clone, Default)]
struct OfficerForm {
    name: String,
    certificate_number: String,
    field: String,
    valid_from: String,
    valid_until: String,
}

impl OfficerForm {
    /// The input to send, checked as the server checks it.
    fn input(&self) -> Result<OfficerInput, (&'static str, Msg)> {
        let date = |field, text: &str| Date::parse(text.trim()).ok_or((field, Msg::DateFormat));
        OfficerInput {
            name: self.name.clone(),
            certificate_number: self.certificate_number.clone(),
            field: self.field.clone(),
            valid_from: date("valid_from", &self.valid_from)?,
            valid_until: date("valid_until", &self.valid_until)?,
            status: None,
        }
        .validate()
    }
}

#[component]
fn AddOfficer(on_added: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let form = RwSignal::new(OfficerForm {
        field: session
            .user()
            .map(|u| u.department_name)
            .unwrap_or_default(),
        ..Default::default()
    });
    let error = RwSignal::new(None::<ApiError>);
    let pending = RwSignal::new(false);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let input = match form.get_untracked().input() {
            Ok(input) => input,
            Err((field, msg)) => {
                error.set(Some(ApiError::invalid(field, msg)));
                return;
            }
        };
        let csrf = session.csrf();
        let dept = session.user().map(|u| u.department_id).unwrap_or_default();
        pending.set(true);
        spawn_local(async move {
            match api::add_officer(&csrf, dept, &input).await {
                Ok(_) => {
                    form.set(OfficerForm::default());
                    error.set(None);
                    on_added();
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
    type Get = fn(&OfficerForm) -> String;
    type Set = fn(&mut OfficerForm, String);
    type Label = fn(&'static crate::i18n::Texts) -> &'static str;
    let fields: [(&'static str, Label, &'static str, Get, Set); 5] = [
        (
            "off-name",
            |t| t.officer_name,
            "text",
            |o| o.name.clone(),
            |o, v| o.name = v,
        ),
        (
            "off-cert",
            |t| t.officer_certificate,
            "text",
            |o| o.certificate_number.clone(),
            |o, v| o.certificate_number = v,
        ),
        (
            "off-field",
            |t| t.officer_field,
            "text",
            |o| o.field.clone(),
            |o, v| o.field = v,
        ),
        (
            "off-from",
            |t| t.off_from,
            "date",
            |o| o.valid_from.clone(),
            |o, v| o.valid_from = v,
        ),
        (
            "off-until",
            |t| t.off_until,
            "date",
            |o| o.valid_until.clone(),
            |o, v| o.valid_until = v,
        ),
    ];
    view! {
        <form class="panel" on:submit=on_submit novalidate aria-labelledby="add-officer-title">
            <h2 id="add-officer-title">{move || i18n.t().off_add}</h2>
            {fields.into_iter().map(|(id, label, kind, get, set)| view! {
                <div class="field">
                    <label for=id>{move || label(i18n.t())}</label>
                    <input id=id type=kind required prop:value=move || form.with(get) on:input=move |ev| form.update(|o| set(o, event_target_value(&ev))) />
                </div>
            }).collect_view()}
            <button type="submit" class="button primary" prop:disabled=move || pending.get()>{move || i18n.t().off_add}</button>
            <p class="field-error" role="alert">{move || error.get().map(|e| e.message(i18n.t()))}</p>
        </form>
    }
}
