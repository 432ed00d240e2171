//! `/workspace/officers`: the department's officer registry. Clerks register officers and
//! change a certificate's period or status; everyone in the department reads it.

use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::{
    api::{self, ApiError},
    components::{
        ErrorMessage, Loading, set_title,
        table::{SortHeading, list_url, sort_param},
    },
    i18n::use_i18n,
    model::{Date, Msg, Officer, OfficerInput, OfficerStatus, Role},
    session::use_session,
};

/// Certificates ending within this many days count as expiring (as on the overview).
const EXPIRING_DAYS: i64 = 30;

/// The table's order: name, certificate number or end of validity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OfficerSort {
    Name,
    Certificate,
    ValidUntil,
}

impl OfficerSort {
    const ALL: [Self; 3] = [Self::Name, Self::Certificate, Self::ValidUntil];

    fn as_str(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Certificate => "certificate",
            Self::ValidUntil => "valid_until",
        }
    }

    fn compare(self, a: &Officer, b: &Officer) -> std::cmp::Ordering {
        match self {
            Self::Name => a.name.cmp(&b.name),
            Self::Certificate => a.certificate_number.cmp(&b.certificate_number),
            Self::ValidUntil => a.valid_until.cmp(&b.valid_until),
        }
        .then(a.id.cmp(&b.id))
    }
}

/// The registry as a table: search by name or certificate, status and "expiring soon"
/// filters and the order in the URL (`?expiring=1` is where the overview's count leads).
#[component]
pub fn Officers() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    Effect::new(move |_| set_title(i18n.t().off_title(), i18n.t().brand()));
    let dept = move || session.user().map(|u| u.department_id).unwrap_or_default();
    let can_edit = move || matches!(session.role(), Some(Role::Clerk | Role::Admin));
    let list = LocalResource::new(move || {
        let dept = dept();
        async move { api::officers(dept).await }
    });
    let notice = RwSignal::new(None::<&'static str>);
    let query = use_query_map();
    let param = move |k: &str| {
        query
            .read()
            .get(k)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    let search = Memo::new(move |_| param("q").unwrap_or_default());
    let status = Memo::new(move |_| param("status").and_then(|s| OfficerStatus::parse(&s)));
    let expiring = Memo::new(move |_| param("expiring").is_some_and(|v| v == "1"));
    let sort = Memo::new(move |_| {
        let text = param("sort").unwrap_or_default();
        let (descending, key) = match text.strip_prefix('-') {
            Some(k) => (true, k.to_owned()),
            None => (false, text),
        };
        OfficerSort::ALL
            .into_iter()
            .find(|s| s.as_str() == key)
            .map_or((OfficerSort::Name, false), |s| (s, descending))
    });
    let navigate = use_navigate();
    let go = move |q: String,
                   status: Option<OfficerStatus>,
                   expiring: bool,
                   sort: (OfficerSort, bool)| {
        let params = [
            ("q", q),
            (
                "status",
                status.map(|s| s.as_str().to_owned()).unwrap_or_default(),
            ),
            ("expiring", if expiring { "1" } else { "" }.to_owned()),
            (
                "sort",
                sort_param(sort.0.as_str(), sort.1, sort == (OfficerSort::Name, false)),
            ),
        ];
        navigate(
            &list_url("/workspace/officers", &params),
            Default::default(),
        );
    };
    let typed = RwSignal::new(search.get_untracked());
    Effect::new(move |_| typed.set(search.get()));
    let shown = Memo::new(move |_| {
        let Some(Ok(l)) = list.get() else {
            return Vec::new();
        };
        let today = crate::components::format::china_today();
        let soon = today.plus_days(EXPIRING_DAYS);
        let words = search.get().to_lowercase();
        let (key, descending) = sort.get();
        let mut rows: Vec<Officer> = l
            .items
            .into_iter()
            .filter(|o| {
                words.is_empty()
                    || o.name.to_lowercase().contains(&words)
                    || o.certificate_number.contains(&words)
            })
            .filter(|o| status.get().is_none_or(|s| o.status == s))
            .filter(|o| {
                !expiring.get()
                    || (o.status == OfficerStatus::Active
                        && o.valid_until >= today
                        && o.valid_until <= soon)
            })
            .collect();
        rows.sort_by(|a, b| {
            let o = key.compare(a, b);
            if descending { o.reverse() } else { o }
        });
        rows
    });
    let go_search = go.clone();
    let on_search = move |ev: SubmitEvent| {
        ev.prevent_default();
        go_search(
            typed.get_untracked(),
            status.get_untracked(),
            expiring.get_untracked(),
            sort.get_untracked(),
        );
    };
    let go_status = go.clone();
    let go_expiring = go.clone();
    let go_sort = go.clone();
    let heading = move |key: OfficerSort,
                        label: fn(&'static crate::i18n::Texts) -> &'static str| {
        let go_sort = go_sort.clone();
        let sorted = Signal::derive(move || match sort.get() {
            (k, descending) if k == key => Some(descending),
            _ => None,
        });
        let on_sort = Callback::new(move |()| {
            let (k, descending) = sort.get_untracked();
            let next = (key, if k == key { !descending } else { false });
            go_sort(
                search.get_untracked(),
                status.get_untracked(),
                expiring.get_untracked(),
                next,
            );
        });
        view! { <SortHeading label sorted on_sort key=key.as_str() /> }
    };
    view! {
        <h1>{move || i18n.t().off_title()}</h1>
        <Show when=can_edit>
            <AddOfficer on_added=move || { notice.set(Some(i18n.t().off_saved())); list.refetch(); } />
        </Show>
        <p class="success" role="status">{move || notice.get()}</p>
        <form class="filters" role="search" on:submit=on_search>
            <div class="field wide">
                <label for="off-q">{move || i18n.t().off_search()}</label>
                <div class="input-row">
                    <input id="off-q" type="search" prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev)) />
                    <button type="submit" class="button primary">{move || i18n.t().tbl_apply()}</button>
                </div>
            </div>
            <div class="field">
                <label for="off-status-filter">{move || i18n.t().officer_status_heading()}</label>
                <select id="off-status-filter" on:change=move |ev| go_status(search.get_untracked(), OfficerStatus::parse(&event_target_value(&ev)), expiring.get_untracked(), sort.get_untracked())>
                    <option value="">{move || i18n.t().filter_all()}</option>
                    {OfficerStatus::ALL.into_iter().map(|s| view! {
                        <option value=s.as_str() selected=move || status.get() == Some(s)>{move || i18n.t().officer_status(s)}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field check-row">
                <input id="off-expiring" type="checkbox" prop:checked=move || expiring.get()
                    on:change=move |ev| go_expiring(search.get_untracked(), status.get_untracked(), event_target_checked(&ev), sort.get_untracked()) />
                <label for="off-expiring">{move || i18n.t().off_expiring_only()}</label>
            </div>
        </form>
        {move || match list.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => { session.handle(&e); view! { <ErrorMessage error=e /> }.into_any() }
            Some(Ok(l)) if l.items.is_empty() => view! { <p>{move || i18n.t().off_none()}</p> }.into_any(),
            Some(Ok(_)) => view! {
                <p class="count" role="status"><strong data-testid="officer-count">{move || shown.with(Vec::len)}</strong>" "{move || i18n.t().off_count()}</p>
                <div class="table-wrap">
                    <table class="data-table" aria-label=move || i18n.t().off_title() data-testid="officer-table">
                        <thead><tr>
                            {heading(OfficerSort::Name, |t| t.officer_name())}
                            {heading(OfficerSort::Certificate, |t| t.officer_certificate())}
                            <th scope="col">{move || i18n.t().officer_field()}</th>
                            <th scope="col">{move || i18n.t().off_from()}</th>
                            {heading(OfficerSort::ValidUntil, |t| t.off_until())}
                            <th scope="col">{move || i18n.t().officer_status_heading()}</th>
                            <th scope="col">{move || i18n.t().off_public_link()}</th>
                        </tr></thead>
                        <tbody>
                            <For each=move || shown.get() key=|o| (o.id, o.updated_at) let:officer>
                                <OfficerRow officer editable=can_edit() on_change=move || { notice.set(Some(i18n.t().off_saved())); list.refetch(); } />
                            </For>
                        </tbody>
                    </table>
                </div>
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
fn OfficerRow(
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
    let today = crate::components::format::china_today();
    let ending = status == OfficerStatus::Active
        && officer.valid_until >= today
        && officer.valid_until <= today.plus_days(EXPIRING_DAYS);
    let label = |f: fn(&'static crate::i18n::Texts) -> &'static str| move || f(i18n.t());
    let name = officer.name.clone();
    view! {
        <tr data-testid="officer-row">
            <th scope="row" data-label=label(|t| t.officer_name())>{officer.name.clone()}</th>
            <td data-label=label(|t| t.officer_certificate())><code>{officer.certificate_number.clone()}</code></td>
            <td data-label=label(|t| t.officer_field())>{officer.field.clone()}</td>
            <td data-label=label(|t| t.off_from())>{officer.valid_from.to_string()}</td>
            <td data-label=label(|t| t.off_until())>
                {officer.valid_until.to_string()}
                {ending.then(|| view! { " "<span class="status warn">{move || i18n.t().off_expiring()}</span> })}
            </td>
            <td data-label=label(|t| t.officer_status_heading())>
                {if editable {
                    view! {
                        <label for=select_id.clone() class="visually-hidden">{move || format!("{} {name}", i18n.t().officer_status_heading())}</label>
                        <select id=select_id on:change=move |ev| {
                            if let Some(s) = OfficerStatus::parse(&event_target_value(&ev)) { set_status(s) }
                        }>
                            {OfficerStatus::ALL.into_iter().map(|s| view! {
                                <option value=s.as_str() selected=s == status>{move || i18n.t().officer_status(s)}</option>
                            }).collect_view()}
                        </select>
                        <p class="field-error" role="alert">{move || error.get().map(|e| e.message(i18n.t()))}</p>
                    }.into_any()
                } else {
                    view! { <span>{move || i18n.t().officer_status(status)}</span> }.into_any()
                }}
            </td>
            <td data-label=label(|t| t.off_public_link())><a href=format!("/officers/{}", officer.certificate_number) rel="external">{move || i18n.t().off_public_link()}</a></td>
        </tr>
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
            |t| t.officer_name(),
            "text",
            |o| o.name.clone(),
            |o, v| o.name = v,
        ),
        (
            "off-cert",
            |t| t.officer_certificate(),
            "text",
            |o| o.certificate_number.clone(),
            |o, v| o.certificate_number = v,
        ),
        (
            "off-field",
            |t| t.officer_field(),
            "text",
            |o| o.field.clone(),
            |o, v| o.field = v,
        ),
        (
            "off-from",
            |t| t.off_from(),
            "date",
            |o| o.valid_from.clone(),
            |o, v| o.valid_from = v,
        ),
        (
            "off-until",
            |t| t.off_until(),
            "date",
            |o| o.valid_until.clone(),
            |o, v| o.valid_until = v,
        ),
    ];
    view! {
        <form class="panel" on:submit=on_submit novalidate aria-labelledby="add-officer-title">
            <h2 id="add-officer-title">{move || i18n.t().off_add()}</h2>
            {fields.into_iter().map(|(id, label, kind, get, set)| view! {
                <div class="field">
                    <label for=id>{move || label(i18n.t())}</label>
                    <input id=id type=kind required prop:value=move || form.with(get) on:input=move |ev| form.update(|o| set(o, event_target_value(&ev))) />
                </div>
            }).collect_view()}
            <button type="submit" class="button primary" prop:disabled=move || pending.get()>{move || i18n.t().off_add()}</button>
            <p class="field-error" role="alert">{move || error.get().map(|e| e.message(i18n.t()))}</p>
        </form>
    }
}
