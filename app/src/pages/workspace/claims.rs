use leptos::{prelude::*, task::spawn_local};
use leptos_router::{components::A, hooks::use_params_map};

use crate::{
    api::{self, ApiError},
    components::{
        ErrorMessage, Loading, set_title,
        table::{SelectRow, SortHeading, list_url},
    },
    i18n::use_i18n,
    model::{Claim, ClaimDetails, ClaimStatus, Role},
    session::use_session,
};

/// The claims table's order: a column and its direction, `code` or `-updated`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ClaimSort {
    Code,
    Name,
    Status,
    Updated,
}

impl ClaimSort {
    const ALL: [Self; 4] = [Self::Code, Self::Name, Self::Status, Self::Updated];

    fn as_str(self) -> &'static str {
        match self {
            Self::Code => "code",
            Self::Name => "name",
            Self::Status => "status",
            Self::Updated => "updated",
        }
    }

    /// `code` or `-code` from the URL; the default is by code.
    fn parse(text: &str) -> (Self, bool) {
        let (descending, key) = match text.strip_prefix('-') {
            Some(k) => (true, k),
            None => (false, text),
        };
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == key)
            .map_or((Self::Code, false), |s| (s, descending))
    }

    fn compare(self, a: &Claim, b: &Claim) -> std::cmp::Ordering {
        match self {
            Self::Code => a.item.code.as_str().cmp(b.item.code.as_str()),
            Self::Name => a.item.name.cmp(&b.item.name),
            Self::Status => a.status.as_str().cmp(b.status.as_str()),
            Self::Updated => a.updated_at.cmp(&b.updated_at),
        }
        .then(a.id.cmp(&b.id))
    }
}

/// `/workspace/claims`: the department's power list as a table — search by code or name,
/// status and flag filters and the order in the URL, rows to select and submit together.
#[component]
pub fn Claims() -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| set_title(i18n.t().claims_title(), i18n.t().brand()));
    let session = use_session();
    let department = move || session.user().map(|u| u.department_id).unwrap_or_default();
    let query = leptos_router::hooks::use_query_map();
    let param = move |k: &str| {
        query
            .read()
            .get(k)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    let status = Memo::new(move |_| param("status").filter(|s| ClaimStatus::parse(s).is_some()));
    let flagged = Memo::new(move |_| param("flagged").is_some_and(|v| v == "1"));
    let search = Memo::new(move |_| param("q").unwrap_or_default());
    let sort = Memo::new(move |_| ClaimSort::parse(&param("sort").unwrap_or_default()));
    let navigate = leptos_router::hooks::use_navigate();
    let go = move |q: Option<String>, status: Option<String>, flagged: bool, sort: String| {
        let params = [
            ("q", q.unwrap_or_default()),
            ("status", status.unwrap_or_default()),
            ("flagged", if flagged { "1" } else { "" }.to_owned()),
            ("sort", if sort == "code" { String::new() } else { sort }),
        ];
        navigate(&list_url("/workspace/claims", &params), Default::default());
    };
    let typed = RwSignal::new(search.get_untracked());
    Effect::new(move |_| typed.set(search.get()));
    let sort_text = move || {
        let (key, descending) = sort.get();
        format!("{}{}", if descending { "-" } else { "" }, key.as_str())
    };
    let go_search = go.clone();
    let on_search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        go_search(
            Some(typed.get_untracked()),
            status.get_untracked(),
            flagged.get_untracked(),
            sort_text(),
        );
    };
    let go_status = go.clone();
    let go_flag = go.clone();
    let go_sort = go.clone();
    let sort_by = Callback::new(move |key: ClaimSort| {
        let (current, descending) = sort.get_untracked();
        let descending = if current == key {
            !descending
        } else {
            key == ClaimSort::Updated
        };
        let text = format!("{}{}", if descending { "-" } else { "" }, key.as_str());
        go_sort(
            Some(search.get_untracked()),
            status.get_untracked(),
            flagged.get_untracked(),
            text,
        );
    });
    view! {
        <h1>{move || i18n.t().claims_title()}</h1>
        <div class="actions">
            <a class="button secondary" href=move || format!("/api/v1/workspace/departments/{}/claims.xlsx", department()) download>
                {move || i18n.t().export_xlsx()}
            </a>
            <a class="button secondary" href=move || format!("/api/v1/workspace/departments/{}/claims.csv", department()) download>
                {move || i18n.t().export_csv()}
            </a>
        </div>
        <form class="filters" role="search" on:submit=on_search>
            <div class="field wide">
                <label for="cl-q">{move || i18n.t().claims_search()}</label>
                <div class="input-row">
                    <input id="cl-q" type="search" prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev)) />
                    <button type="submit" class="button primary">{move || i18n.t().tbl_apply()}</button>
                </div>
            </div>
            <div class="field">
                <label for="cl-status">{move || i18n.t().claim_status_heading()}</label>
                <select id="cl-status" on:change=move |ev| {
                    let v = Some(event_target_value(&ev)).filter(|v| !v.is_empty());
                    go_status(Some(search.get_untracked()), v, flagged.get_untracked(), sort_text());
                }>
                    <option value="">{move || i18n.t().filter_all()}</option>
                    {ClaimStatus::ALL.into_iter().map(|s| view! {
                        <option value=s.as_str() selected=move || status.get().as_deref() == Some(s.as_str())>{move || i18n.t().claim_status(s)}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field check-row">
                <input id="cl-flagged" type="checkbox" prop:checked=move || flagged.get()
                    on:change=move |ev| go_flag(Some(search.get_untracked()), status.get_untracked(), event_target_checked(&ev), sort_text()) />
                <label for="cl-flagged">{move || i18n.t().claim_flagged_only()}</label>
            </div>
        </form>
        <ClaimTable status=status.into() flagged=flagged.into() search=search.into() sort=sort.into() sort_by
            selectable=session.role() == Some(Role::Clerk) empty=|t| t.claims_empty() />
    }
}

/// The claims of the department as a table, filtered on the server by status and flag,
/// searched and sorted here (a department's list is at most a few hundred items).
#[component]
fn ClaimTable(
    status: Signal<Option<String>>,
    flagged: Signal<bool>,
    search: Signal<String>,
    sort: Signal<(ClaimSort, bool)>,
    sort_by: Callback<ClaimSort>,
    selectable: bool,
    empty: fn(&crate::i18n::Texts) -> &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let dept = session.user().map(|u| u.department_id).unwrap_or_default();
    let claims = LocalResource::new(move || {
        let (status, flagged) = (status.get(), flagged.get());
        async move { api::claims(dept, status.as_deref(), flagged).await }
    });
    let selected = RwSignal::new(std::collections::BTreeMap::<i64, Claim>::new());
    let shown = Memo::new(move |_| {
        let Some(Ok(list)) = claims.get() else {
            return Vec::new();
        };
        let words = search.get().to_lowercase();
        let (key, descending) = sort.get();
        let mut rows: Vec<Claim> = list
            .items
            .into_iter()
            .filter(|c| {
                words.is_empty()
                    || c.item.code.as_str().to_lowercase().contains(&words)
                    || c.item.name.to_lowercase().contains(&words)
            })
            .collect();
        rows.sort_by(|a, b| {
            let o = key.compare(a, b);
            if descending { o.reverse() } else { o }
        });
        rows
    });
    let heading = move |key: ClaimSort, label: fn(&'static crate::i18n::Texts) -> &'static str| {
        let sorted = Signal::derive(move || match sort.get() {
            (k, descending) if k == key => Some(descending),
            _ => None,
        });
        let on_sort = Callback::new(move |()| sort_by.run(key));
        view! { <SortHeading label sorted on_sort key=key.as_str() /> }
    };
    let all_shown = move || {
        shown.with(|v| !v.is_empty() && selected.with(|s| v.iter().all(|c| s.contains_key(&c.id))))
    };
    view! {
        {move || match claims.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => {
                session.handle(&e);
                view! { <ErrorMessage error=e retry=move || claims.refetch() /> }.into_any()
            }
            Some(Ok(list)) if list.items.is_empty() => view! { <p class="empty">{move || empty(i18n.t())}</p> }.into_any(),
            Some(Ok(_)) => view! {
                <Show when=move || selectable>
                    <SubmitClaims dept selected on_done=move || claims.refetch() />
                </Show>
                <p class="count" role="status"><strong data-testid="claim-count">{move || shown.with(Vec::len)}</strong>" "{move || i18n.t().items_count()}</p>
                <div class="table-wrap">
                    <table class="data-table" aria-label=move || i18n.t().claims_title() data-testid="claim-table">
                        <thead><tr>
                            {selectable.then(|| view! {
                                <th scope="col" class="select">
                                    <input type="checkbox" aria-label=move || i18n.t().tbl_select_all_claims() prop:checked=all_shown
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            let rows = shown.get_untracked();
                                            selected.update(|s| for c in rows { if on { s.insert(c.id, c); } else { s.remove(&c.id); } });
                                        } />
                                </th>
                            })}
                            {heading(ClaimSort::Code, |t| t.col_item_code())}
                            {heading(ClaimSort::Name, |t| t.col_item_name())}
                            {heading(ClaimSort::Status, |t| t.claim_status_heading())}
                            <th scope="col">{move || i18n.t().col_flags()}</th>
                            {heading(ClaimSort::Updated, |t| t.col_updated())}
                        </tr></thead>
                        <tbody>
                            <For each=move || shown.get() key=|c| (c.id, c.version) let:claim>
                                <ClaimRow claim selected selectable />
                            </For>
                        </tbody>
                    </table>
                </div>
            }.into_any(),
        }}
    }
}

#[component]
fn ClaimRow(
    claim: Claim,
    selected: RwSignal<std::collections::BTreeMap<i64, Claim>>,
    selectable: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = claim.id;
    let status = claim.status;
    let flagged = claim.flag.is_some();
    let pending = claim.published.is_some() && claim.working.is_some();
    let label = |f: fn(&'static crate::i18n::Texts) -> &'static str| move || f(i18n.t());
    let row = claim.clone();
    view! {
        <tr data-testid="claim-row" class:selected=move || selected.with(|s| s.contains_key(&id))>
            {selectable.then(|| view! {
                <SelectRow id row=row.clone() name=row.item.code.to_string() selected />
            })}
            <td data-label=label(|t| t.col_item_code())><code>{claim.item.code.to_string()}</code></td>
            <th scope="row" data-label=label(|t| t.col_item_name())>
                <A href=format!("/workspace/claims/{}/{}", claim.department_id, claim.id)>{claim.item.name.clone()}</A>
            </th>
            <td data-label=label(|t| t.claim_status_heading())><span class=format!("status {}", status.as_str())>{move || i18n.t().claim_status(status)}</span></td>
            <td data-label=label(|t| t.col_flags())>
                <Show when=move || flagged><span class="status warn">{move || i18n.t().claim_flag()}</span></Show>
                <Show when=move || pending><span class="status warn">{move || i18n.t().claim_pending()}</span></Show>
            </td>
            <td data-label=label(|t| t.col_updated())>{crate::components::format::china_time(claim.updated_at)}</td>
        </tr>
    }
}

/// Submits the selected claims for review, one after another (each its own step and
/// transaction on the server), with the progress and a result for each.
#[component]
fn SubmitClaims(
    dept: i64,
    selected: RwSignal<std::collections::BTreeMap<i64, Claim>>,
    on_done: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let progress = RwSignal::new(None::<(usize, usize)>);
    let failed = RwSignal::new(Vec::<(String, ApiError)>::new());
    let done = RwSignal::new(None::<usize>);
    let count = move || selected.with(std::collections::BTreeMap::len);
    let submit = move |_| {
        let chosen: Vec<Claim> = selected.with_untracked(|s| s.values().cloned().collect());
        let csrf = session.csrf();
        failed.set(Vec::new());
        done.set(None);
        progress.set(Some((0, chosen.len())));
        spawn_local(async move {
            let mut ok = 0;
            for (n, c) in chosen.iter().enumerate() {
                match api::claim_step(&csrf, dept, c.id, "submit", c.version, None).await {
                    Ok(_) => {
                        ok += 1;
                        selected.update(|s| {
                            s.remove(&c.id);
                        });
                    }
                    Err(e) => {
                        if session.handle(&e) {
                            break;
                        }
                        failed.update(|f| f.push((c.item.code.to_string(), e)));
                    }
                }
                progress.set(Some((n + 1, chosen.len())));
            }
            progress.set(None);
            done.set(Some(ok));
            on_done();
        });
    };
    view! {
        <div class="batch-bar" role="region" aria-label=move || i18n.t().batch_selected() data-testid="claim-batch">
            <p>{move || i18n.t().batch_selected()}" "<strong data-testid="claims-selected">{count}</strong></p>
            <div class="actions">
                <button type="button" class="button primary" data-testid="batch-submit"
                    prop:disabled=move || progress.get().is_some() || count() == 0 on:click=submit>
                    {move || i18n.t().batch_submit_claims()}
                </button>
                <button type="button" class="button link" prop:disabled=move || count() == 0
                    on:click=move |_| selected.set(Default::default())>
                    {move || i18n.t().batch_clear()}
                </button>
            </div>
            {move || progress.get().map(|(n, of)| view! {
                <p role="status"><progress max=of value=n aria-label=move || i18n.t().batch_running()></progress>" "{n}" / "{of}</p>
            })}
            {move || done.get().map(|ok| view! {
                <div role="status" class="import-report" data-testid="claim-batch-report">
                    <p>{move || i18n.t().batch_report()}<strong>{ok}</strong>" "{move || i18n.t().batch_done()}" · "
                        <strong>{move || failed.with(Vec::len)}</strong>" "{move || i18n.t().batch_failed()}</p>
                    <ul class="row-errors">
                        {move || failed.get().into_iter().map(|(code, e)| view! { <li><code>{code}</code>"："{e.message(i18n.t())}</li> }).collect_view()}
                    </ul>
                </div>
            })}
        </div>
    }
}

/// `/workspace/review`: claims waiting for a reviewer.
#[component]
pub fn ReviewQueue() -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| set_title(i18n.t().ws_review(), i18n.t().brand()));
    // The queue's order stays on the page (oldest submitted first by default).
    let sort = RwSignal::new((ClaimSort::Updated, false));
    let sort_by = Callback::new(move |key: ClaimSort| {
        sort.update(|(k, descending)| {
            *descending = *k == key && !*descending;
            *k = key;
        })
    });
    view! {
        <h1>{move || i18n.t().ws_review()}</h1>
        <ClaimTable status=Signal::derive(|| Some("submitted".to_owned())) flagged=Signal::derive(|| false)
            search=Signal::derive(String::new) sort=sort.into() sort_by
            selectable=false empty=|t| t.review_empty() />
    }
}

/// `/workspace/flagged`: claims province-wide that a catalog change left needing action.
#[component]
pub fn FlaggedClaims() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    Effect::new(move |_| set_title(i18n.t().ws_flagged(), i18n.t().brand()));
    let claims = LocalResource::new(|| async { api::flagged_claims().await });
    view! {
        <h1>{move || i18n.t().ws_flagged()}</h1>
        {move || match claims.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => { session.handle(&e); view! { <ErrorMessage error=e retry=move || claims.refetch() /> }.into_any() }
            Some(Ok(list)) if list.items.is_empty() => view! { <p class="empty">{move || i18n.t().flagged_empty()}</p> }.into_any(),
            Some(Ok(list)) => view! {
                <ul class="cards" aria-label=move || i18n.t().ws_flagged()>
                    {list.items.into_iter().map(|c| view! { <ClaimCard claim=c /> }).collect_view()}
                </ul>
            }.into_any(),
        }}
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
                <Show when=move || flagged><span class="status warn">{move || i18n.t().claim_flag()}</span></Show>
                <Show when=move || pending><span class="status warn">{move || i18n.t().claim_pending()}</span></Show>
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
            set_title(&d.claim.item.name, i18n.t().brand());
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
                        i18n.t().claim_done(),
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
                    {flag.map(|f| view! { <p class="notice">{move || i18n.t().claim_flag()}" ("{f.clone()}")"</p> })}
                    {review_comment.map(|c| view! { <p class="notice">{move || i18n.t().claim_review_comment()}{c.clone()}</p> })}
                    <section class="panel" aria-labelledby="working-title">
                        <h2 id="working-title">{move || if has_working { i18n.t().claim_working_version() } else { i18n.t().claim_published_version() }}</h2>
                        <DetailsForm form=form editable=editable />
                    </section>
                    <div class="panel">
                        <Show when=move || is_clerk || is_reviewer>
                            <div class="field">
                                <label for="cl-comment">{move || i18n.t().claim_comment()}</label>
                                <input id="cl-comment" type="text" prop:value=move || comment.get() on:input=move |ev| comment.set(event_target_value(&ev)) />
                            </div>
                        </Show>
                        <div class="actions">
                            <Show when=move || editable>
                                <button type="button" class="button secondary" on:click=move |_| run("save") prop:disabled=move || pending.get()>{move || i18n.t().claim_save()}</button>
                                <button type="button" class="button primary" on:click=move |_| run("submit") prop:disabled=move || pending.get()>{move || i18n.t().claim_submit()}</button>
                            </Show>
                            <Show when=move || is_reviewer && status == ClaimStatus::Submitted>
                                <button type="button" class="button primary" on:click=move |_| run("approve") prop:disabled=move || pending.get()>{move || i18n.t().claim_approve()}</button>
                                <button type="button" class="button secondary" on:click=move |_| run("return") prop:disabled=move || pending.get()>{move || i18n.t().claim_return()}</button>
                            </Show>
                            <Show when=move || is_clerk && status == ClaimStatus::Published && !has_working>
                                <button type="button" class="button secondary" on:click=move |_| run("adjust") prop:disabled=move || pending.get()>{move || i18n.t().claim_adjust()}</button>
                            </Show>
                            <Show when=move || is_clerk && status != ClaimStatus::Withdrawn>
                                <button type="button" class="button secondary" on:click=move |_| run("withdraw") prop:disabled=move || pending.get()>{move || i18n.t().claim_withdraw()}</button>
                            </Show>
                        </div>
                        <p class="success" role="status">{move || notice.get()}</p>
                        <p class="field-error" role="alert">{move || error.get().map(|e| e.message(i18n.t()))}</p>
                    </div>
                    {published.filter(|_| has_working).map(|p| view! {
                        <section class="panel">
                            <h2>{move || i18n.t().claim_published_version()}</h2>
                            <DetailsForm form=RwSignal::new(p) editable=false />
                        </section>
                    })}
                    <section class="panel" aria-labelledby="history-title">
                        <h2 id="history-title">{move || i18n.t().claim_history()}</h2>
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
