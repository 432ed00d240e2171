use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::{
    api::{self, ApiError},
    components::{
        ErrorMessage, Loading, set_title,
        table::{SortHeading, list_url},
    },
    i18n::use_i18n,
    model::{AuditEntry, AuditQuery, AuditVerification, Date},
    session::use_session,
};

const ACTIONS: &[&str] = &[
    "auth.login",
    "auth.logout",
    "auth.lockout",
    "user.create",
    "user.disable",
    "user.enable",
    "user.password_reset",
    "user.password_change",
    "department.create",
    "catalog.add",
    "catalog.adjust",
    "catalog.split",
    "catalog.merge",
    "catalog.retire",
    "catalog.import",
    "claim.create",
    "claim.save",
    "claim.submit",
    "claim.approve",
    "claim.return",
    "claim.adjust",
    "claim.withdraw",
];

const PAGE: i64 = 50;

/// `/workspace/audit`: the audit log with filters, paging and chain verification.
#[component]
pub fn AuditLog() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    Effect::new(move |_| set_title(i18n.t().audit_title(), i18n.t().brand()));

    // The filters live in the address (a filtered log can be bookmarked or sent); the
    // form edits them and submitting moves there.
    let url = use_query_map();
    let param = move |k: &str| {
        url.read()
            .get(k)
            .map(|v| v.trim().to_owned())
            .unwrap_or_default()
    };
    let user = RwSignal::new(String::new());
    let action = RwSignal::new(String::new());
    let department = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    // `oldest`, or empty for newest first.
    let order = RwSignal::new(String::new());
    let fields = [
        ("user", user),
        ("action", action),
        ("department", department),
        ("from", from),
        ("to", to),
        ("order", order),
    ];

    let entries = RwSignal::new(Vec::<AuditEntry>::new());
    let loading = RwSignal::new(true);
    let more = RwSignal::new(false);
    let total = RwSignal::new(0i64);
    let error = RwSignal::new(None::<ApiError>);
    let verification = RwSignal::new(None::<AuditVerification>);

    let oldest = move || order.get() == "oldest";
    let oldest_untracked = move || order.get_untracked() == "oldest";
    let query = move |cursor: Option<i64>| {
        let opt = |s: RwSignal<String>| {
            Some(s.get_untracked().trim().to_owned()).filter(|v| !v.is_empty())
        };
        AuditQuery {
            user: opt(user),
            action: opt(action),
            department: opt(department).and_then(|d| d.parse().ok()),
            from: opt(from).and_then(|d| Date::parse(&d)),
            to: opt(to).and_then(|d| Date::parse(&d)),
            before: cursor.filter(|_| !oldest_untracked()),
            after: cursor.filter(|_| oldest_untracked()),
            order: opt(order),
            limit: Some(PAGE),
        }
    };
    let load = move |cursor: Option<i64>| {
        loading.set(true);
        error.set(None);
        let q = query(cursor);
        spawn_local(async move {
            match api::audit(&q).await {
                Ok(list) => {
                    more.set(list.items.len() as i64 == PAGE);
                    total.set(list.total);
                    if cursor.is_some() {
                        entries.update(|e| e.extend(list.items));
                    } else {
                        entries.set(list.items);
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
    // The address changed: the form shows its filters and the log reloads.
    Effect::new(move |_| {
        for (key, signal) in fields {
            signal.set(param(key));
        }
        load(None);
    });

    let navigate = use_navigate();
    let go = move || {
        let params = fields.map(|(key, signal)| (key, signal.get_untracked()));
        navigate(&list_url("/workspace/audit", &params), Default::default());
    };
    let go_filter = go.clone();
    let on_filter = move |ev: SubmitEvent| {
        ev.prevent_default();
        go_filter();
    };
    // The time (and sequence) heading turns the order round.
    let on_sort = Callback::new(move |()| {
        order.set(if oldest_untracked() {
            String::new()
        } else {
            "oldest".into()
        });
        go();
    });
    let verify = move |_| {
        verification.set(None);
        spawn_local(async move {
            match api::audit_verify().await {
                Ok(v) => verification.set(Some(v)),
                Err(e) => {
                    if !session.handle(&e) {
                        error.set(Some(e));
                    }
                }
            }
        });
    };

    let text_field = move |id: &'static str,
                           label: fn(&crate::i18n::Texts) -> &'static str,
                           signal: RwSignal<String>,
                           kind: &'static str| {
        view! {
            <div class="field">
                <label for=id>{move || label(i18n.t())}</label>
                <input id=id type=kind prop:value=move || signal.get() on:input=move |ev| signal.set(event_target_value(&ev)) />
            </div>
        }
    };

    view! {
        <h1>{move || i18n.t().audit_title()}</h1>
        <p class="lead">{move || i18n.t().audit_lead()}</p>
        <div class="actions">
            <button type="button" class="button secondary" on:click=verify>{move || i18n.t().audit_verify()}</button>
        </div>
        {move || verification.get().map(|v| if v.ok {
            view! { <p class="success" role="status">{move || i18n.t().audit_chain_ok()}{v.entries}</p> }.into_any()
        } else {
            let problem = v.problem.clone().unwrap_or_default();
            view! { <p class="error" role="alert">{move || i18n.t().audit_chain_bad()}{problem.clone()}</p> }.into_any()
        })}
        <form class="filters" on:submit=on_filter>
            {text_field("au-user", |t| t.audit_user(), user, "text")}
            <div class="field">
                <label for="au-action">{move || i18n.t().audit_action()}</label>
                <select id="au-action" prop:value=move || action.get() on:change=move |ev| action.set(event_target_value(&ev))>
                    <option value="">{move || i18n.t().filter_all()}</option>
                    {ACTIONS.iter().map(|a| view! { <option value=*a>{move || i18n.t().action(a)}</option> }).collect_view()}
                </select>
            </div>
            {text_field("au-department", |t| t.audit_department(), department, "number")}
            {text_field("au-from", |t| t.audit_from(), from, "date")}
            {text_field("au-to", |t| t.audit_to(), to, "date")}
            <button type="submit" class="button primary">{move || i18n.t().audit_apply()}</button>
        </form>
        {move || error.get().map(|e| view! { <ErrorMessage error=e retry=move || load(None) /> })}
        <Show when=move || !loading.get() && entries.with(Vec::is_empty) && error.get().is_none()>
            <p class="empty">{move || i18n.t().audit_empty()}</p>
        </Show>
        <Show when=move || !entries.with(Vec::is_empty)>
            <p class="count" role="status" data-testid="audit-count">
                {move || i18n.t().tbl_shown()}" "<strong>{move || entries.with(Vec::len)}</strong>
                " / "{move || i18n.t().tbl_of()}" "<strong data-testid="audit-total">{move || total.get()}</strong>
            </p>
            <div class="table-wrap">
                <table class="audit">
                    <caption class="visually-hidden">{move || i18n.t().audit_title()}</caption>
                    <thead>
                        <tr>
                            <th scope="col">"#"</th>
                            <SortHeading label=|t| t.audit_time() key="at"
                                sorted=Signal::derive(move || Some(!oldest())) on_sort />
                            <th scope="col">{move || i18n.t().audit_user()}</th>
                            <th scope="col">{move || i18n.t().audit_action()}</th>
                            <th scope="col">{move || i18n.t().audit_object()}</th>
                            <th scope="col">{move || i18n.t().audit_detail()}</th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || entries.get() key=|e| e.seq let:e>
                            <tr>
                                <td>{e.seq}</td>
                                <td>{crate::components::format::china_time(e.at)}</td>
                                <td>{e.username.clone()}</td>
                                <td>{let a = e.action.clone(); move || i18n.t().action(&a)}</td>
                                <td>{format!("{} {}", e.entity, e.entity_id)}</td>
                                <td><code class="detail">{e.detail.clone()}</code></td>
                            </tr>
                        </For>
                    </tbody>
                </table>
            </div>
        </Show>
        <Show when=move || loading.get()><Loading /></Show>
        <Show when=move || more.get() && !loading.get()>
            <button type="button" class="button secondary"
                on:click=move |_| load(entries.with(|e| e.last().map(|l| l.seq)))>
                {move || if oldest() { i18n.t().audit_more_later() } else { i18n.t().audit_more() }}
            </button>
        </Show>
    }
}
