use leptos::{prelude::*, task::spawn_local};
use leptos_router::{components::A, hooks::use_params_map};

use crate::{
    api::{self, ApiError},
    components::{ErrorMessage, Loading, set_title},
    i18n::use_i18n,
    model::{Claim, ClaimDetails, ClaimStatus, Role},
    session::use_session,
};

/// `/workspace/claims`: the department's claims by status.
#[component]
pub fn Claims() -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| set_title(i18n.t().claims_title, i18n.t().brand));
    let session = use_session();
    let status = RwSignal::new(String::new());
    let flagged = RwSignal::new(false);
    let department = move || session.user().map(|u| u.department_id).unwrap_or_default();
    view! {
        <h1>{move || i18n.t().claims_title}</h1>
        <div class="actions">
            <a class="button secondary" href=move || format!("/api/v1/workspace/departments/{}/claims.xlsx", department()) download>
                {move || i18n.t().export_xlsx}
            </a>
            <a class="button secondary" href=move || format!("/api/v1/workspace/departments/{}/claims.csv", department()) download>
                {move || i18n.t().export_csv}
            </a>
        </div>
        <div class="filters">
            <div class="field">
                <label for="cl-status">{move || i18n.t().claim_status}</label>
                <select id="cl-status" on:change=move |ev| status.set(event_target_value(&ev))>
                    <option value="">{move || i18n.t().filter_all}</option>
                    {ClaimStatus::ALL.into_iter().map(|s| view! {
                        <option value=s.as_str()>{move || i18n.t().claim_status(s)}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field check-row">
                <input id="cl-flagged" type="checkbox" prop:checked=move || flagged.get() on:change=move |_| flagged.update(|f| *f = !*f) />
                <label for="cl-flagged">{move || i18n.t().claim_flagged_only}</label>
            </div>
        </div>
        <ClaimList status=Signal::derive(move || Some(status.get()).filter(|s| !s.is_empty())) flagged=flagged.into() empty=|t| t.claims_empty />
    }
}

/// `/workspace/review`: claims waiting for a reviewer.
#[component]
pub fn ReviewQueue() -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| set_title(i18n.t().ws_review, i18n.t().brand));
    view! {
        <h1>{move || i18n.t().ws_review}</h1>
        <ClaimList status=Signal::derive(|| Some("submitted".to_owned())) flagged=Signal::derive(|| false) empty=|t| t.review_empty />
    }
}

/// `/workspace/flagged`: claims province-wide that a catalog change left needing action.
#[component]
pub fn FlaggedClaims() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    Effect::new(move |_| set_title(i18n.t().ws_flagged, i18n.t().brand));
    let claims = LocalResource::new(|| async { api::flagged_claims().await });
    view! {
        <h1>{move || i18n.t().ws_flagged}</h1>
        {move || match claims.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => { session.handle(&e); view! { <ErrorMessage error=e retry=move || claims.refetch() /> }.into_any() }
            Some(Ok(list)) if list.items.is_empty() => view! { <p class="empty">{move || i18n.t().flagged_empty}</p> }.into_any(),
            Some(Ok(list)) => view! {
                <ul class="cards" aria-label=move || i18n.t().ws_flagged>
                    {list.items.into_iter().map(|c| view! { <ClaimCard claim=c /> }).collect_view()}
                </ul>
            }.into_any(),
        }}
    }
}

#[component]
fn ClaimList(
    status: Signal<Option<String>>,
    flagged: Signal<bool>,
    empty: fn(&crate::i18n::Texts) -> &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let claims = LocalResource::new(move || {
        let department = session.user().map(|u| u.department_id).unwrap_or_default();
        let (status, flagged) = (status.get(), flagged.get());
        async move { api::claims(department, status.as_deref(), flagged).await }
    });
    move || match claims.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(e)) => {
            session.handle(&e);
            view! { <ErrorMessage error=e retry=move || claims.refetch() /> }.into_any()
        }
        Some(Ok(list)) if list.items.is_empty() => {
            view! { <p class="empty">{move || empty(i18n.t())}</p> }.into_any()
        }
        Some(Ok(list)) => view! {
            <p class="count"><strong>{list.total}</strong>" "{move || i18n.t().items_count}</p>
            <ul class="cards" aria-label=move || i18n.t().claims_title>
                {list.items.into_iter().map(|c| view! { <ClaimCard claim=c /> }).collect_view()}
            </ul>
        }
        .into_any(),
    }
}

#[component]
fn ClaimCard(claim: Claim) -> impl IntoView {
    let i18n = use_i18n();
    let status = claim.status;
    let flagged = claim.flag.is_some();
    let pending = claim.published.is_some() && claim.working.is_some();
    view! {
        <li class="card">
            <h2 class="card-title">
                <A href=format!("/workspace/claims/{}/{}", claim.department_id, claim.id)>{claim.item.name.clone()}</A>
            </h2>
            <p class="meta">
                <span><code>{claim.item.code.to_string()}</code></span>
                <span class=format!("status {}", status.as_str())>{move || i18n.t().claim_status(status)}</span>
                <span>{claim.department_name.clone()}</span>
                <Show when=move || flagged><span class="status warn">{move || i18n.t().claim_flag}</span></Show>
                <Show when=move || pending><span class="status warn">{move || i18n.t().claim_pending}</span></Show>
            </p>
        </li>
    }
}

/// `/workspace/claims/:dept/:id`: one claim — edit, submit, review, adjust, withdraw —
/// with its history. Saving sends the version that was loaded; if someone saved in the
/// meantime the server refuses (409) and says who, and nothing is overwritten.
#[component]
pub fn ClaimEditor() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let params = use_params_map();
    let ids = Memo::new(move |_| {
        let p = params.read();
        let n = |k: &str| p.get(k).and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
        (n("dept"), n("id"))
    });
    let detail = LocalResource::new(move || {
        let (dept, id) = ids.get();
        async move { api::claim_detail(dept, id).await }
    });
    let form = RwSignal::new(ClaimDetails::default());
    let comment = RwSignal::new(String::new());
    let notice = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<ApiError>);
    let pending = RwSignal::new(false);
    // The version the next step is based on: the answer to the last step, before the
    // page has reloaded the claim.
    let latest = RwSignal::new(None::<i64>);
    Effect::new(move |_| {
        if let Some(Ok(d)) = detail.get() {
            latest.set(Some(d.claim.version));
            set_title(&d.claim.item.name, i18n.t().brand);
            form.set(
                d.claim
                    .working
                    .clone()
                    .or(d.claim.published.clone())
                    .unwrap_or_default(),
            );
        }
    });

    let run = move |step: &'static str| {
        let Some(Ok(d)) = detail.get_untracked() else {
            return;
        };
        let (dept, id) = ids.get_untracked();
        let version = latest.get_untracked().unwrap_or(d.claim.version);
        let csrf = session.csrf();
        let details = form.get_untracked();
        let text = Some(comment.get_untracked()).filter(|c| !c.trim().is_empty());
        pending.set(true);
        error.set(None);
        notice.set(None);
        spawn_local(async move {
            let result = if step == "save" {
                api::save_claim(&csrf, dept, id, &details, version).await
            } else {
                api::claim_step(&csrf, dept, id, step, version, text).await
            };
            match result {
                Ok(claim) => {
                    latest.set(Some(claim.version));
                    comment.set(String::new());
                    notice.set(Some(format!(
                        "{}{}",
                        i18n.t().claim_done,
                        i18n.t().claim_status(claim.status)
                    )));
                    detail.refetch();
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
        {move || match detail.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => { session.handle(&e); view! { <ErrorMessage error=e /> }.into_any() }
            Some(Ok(d)) => {
                let claim = d.claim;
                let status = claim.status;
                let role = session.role();
                let is_clerk = role == Some(Role::Clerk);
                let is_reviewer = role == Some(Role::Reviewer);
                let editable = is_clerk && matches!(status, ClaimStatus::Draft | ClaimStatus::Returned);
                let flag = claim.flag.clone();
                let review_comment = claim.review_comment.clone();
                let published = claim.published.clone();
                let has_working = claim.working.is_some();
                view! {
                    <h1>{claim.item.name.clone()}</h1>
                    <p class="meta">
                        <span><code>{claim.item.code.to_string()}</code></span>
                        <span class=format!("status {}", status.as_str())>{move || i18n.t().claim_status(status)}</span>
                        <span>{claim.department_name.clone()}</span>
                    </p>
                    <p class="code">{claim.item.legal_basis.clone()}</p>
                    {flag.map(|f| view! { <p class="notice">{move || i18n.t().claim_flag}" ("{f.clone()}")"</p> })}
                    {review_comment.map(|c| view! { <p class="notice">{move || i18n.t().claim_review_comment}{c.clone()}</p> })}
                    <section class="panel" aria-labelledby="working-title">
                        <h2 id="working-title">{move || if has_working { i18n.t().claim_working_version } else { i18n.t().claim_published_version }}</h2>
                        <DetailsForm form=form editable=editable />
                    </section>
                    <div class="panel">
                        <Show when=move || is_clerk || is_reviewer>
                            <div class="field">
                                <label for="cl-comment">{move || i18n.t().claim_comment}</label>
                                <input id="cl-comment" type="text" prop:value=move || comment.get() on:input=move |ev| comment.set(event_target_value(&ev)) />
                            </div>
                        </Show>
                        <div class="actions">
                            <Show when=move || editable>
                                <button type="button" class="button secondary" on:click=move |_| run("save") prop:disabled=move || pending.get()>{move || i18n.t().claim_save}</button>
                                <button type="button" class="button primary" on:click=move |_| run("submit") prop:disabled=move || pending.get()>{move || i18n.t().claim_submit}</button>
                            </Show>
                            <Show when=move || is_reviewer && status == ClaimStatus::Submitted>
                                <button type="button" class="button primary" on:click=move |_| run("approve") prop:disabled=move || pending.get()>{move || i18n.t().claim_approve}</button>
                                <button type="button" class="button secondary" on:click=move |_| run("return") prop:disabled=move || pending.get()>{move || i18n.t().claim_return}</button>
                            </Show>
                            <Show when=move || is_clerk && status == ClaimStatus::Published && !has_working>
                                <button type="button" class="button secondary" on:click=move |_| run("adjust") prop:disabled=move || pending.get()>{move || i18n.t().claim_adjust}</button>
                            </Show>
                            <Show when=move || is_clerk && status != ClaimStatus::Withdrawn>
                                <button type="button" class="button secondary" on:click=move |_| run("withdraw") prop:disabled=move || pending.get()>{move || i18n.t().claim_withdraw}</button>
                            </Show>
                        </div>
                        <p class="success" role="status">{move || notice.get()}</p>
                        <p class="field-error" role="alert">{move || error.get().map(|e| e.message(i18n.t()))}</p>
                    </div>
                    {published.filter(|_| has_working).map(|p| view! {
                        <section class="panel">
                            <h2>{move || i18n.t().claim_published_version}</h2>
                            <DetailsForm form=RwSignal::new(p) editable=false />
                        </section>
                    })}
                    <section class="panel" aria-labelledby="history-title">
                        <h2 id="history-title">{move || i18n.t().claim_history}</h2>
                        <ol class="history">
                            {d.history.into_iter().map(|e| {
                                let action = e.action.clone();
                                view! {
                                    <li>
                                        <p><strong>{move || i18n.t().claim_action(&action)}</strong>" · "{e.username}" · "{crate::components::format::china_time(e.at)}</p>
                                        {e.comment.map(|c| view! { <p class="hint">{c}</p> })}
                                        <ul class="diff">
                                            {e.changes.into_iter().map(|c| {
                                                let field = c.field.clone();
                                                view! {
                                                    <li>
                                                        <span class="diff-field">{move || i18n.t().detail_field(&field)}</span>
                                                        <del>{c.before}</del>
                                                        <ins>{c.after}</ins>
                                                    </li>
                                                }
                                            }).collect_view()}
                                        </ul>
                                    </li>
                                }
                            }).collect_view()}
                        </ol>
                    </section>
                }.into_any()
            }
        }}
    }
}

/// The six local-detail fields, editable or read-only.
#[component]
fn DetailsForm(form: RwSignal<ClaimDetails>, editable: bool) -> impl IntoView {
    let i18n = use_i18n();
    type Get = fn(&ClaimDetails) -> String;
    type Set = fn(&mut ClaimDetails, String);
    let fields: [(&'static str, Get, Set, bool); 6] = [
        (
            "implementing_body",
            |d| d.implementing_body.clone(),
            |d, v| d.implementing_body = v,
            false,
        ),
        (
            "local_legal_basis",
            |d| d.local_legal_basis.clone(),
            |d, v| d.local_legal_basis = v,
            true,
        ),
        (
            "responsibility_steps",
            |d| d.responsibility_steps.clone(),
            |d, v| d.responsibility_steps = v,
            true,
        ),
        (
            "accountability",
            |d| d.accountability.clone(),
            |d, v| d.accountability = v,
            true,
        ),
        (
            "discretion_benchmark",
            |d| d.discretion_benchmark.clone(),
            |d, v| d.discretion_benchmark = v,
            true,
        ),
        (
            "service_info",
            |d| d.service_info.clone(),
            |d, v| d.service_info = v,
            true,
        ),
    ];
    let prefix = if editable { "edit" } else { "view" };
    fields
        .into_iter()
        .map(|(name, get, set, long)| {
            let id = format!("{prefix}-{name}");
            let label = move || i18n.t().detail_field(name);
            let value = move || form.with(get);
            let input = move |ev| form.update(|d| set(d, event_target_value(&ev)));
            view! {
                <div class="field">
                    <label for=id.clone()>{label}</label>
                    {if long {
                        view! { <textarea id=id.clone() rows="4" prop:value=value on:input=input readonly=!editable></textarea> }.into_any()
                    } else {
                        view! { <input id=id.clone() type="text" prop:value=value on:input=input readonly=!editable /> }.into_any()
                    }}
                </div>
            }
        })
        .collect_view()
}
