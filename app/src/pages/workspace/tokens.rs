//! `/workspace/tokens`: the department's API tokens for its case-handling systems. The
//! reviewer (or an admin) creates one, sees its secret once, and revokes it; auditors
//! read the list.

use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};

use crate::{
    api::{self, ApiError},
    components::{ErrorMessage, Loading, format::china_time, format::china_today, set_title},
    i18n::use_i18n,
    model::{ApiToken, Date, DeliveryState, Msg, NewToken, Role, TokenScope, WebhookInput},
    session::use_session,
};

#[component]
pub fn Tokens() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    Effect::new(move |_| set_title(i18n.t().tok_title(), i18n.t().brand()));
    let dept = session.user().map(|u| u.department_id).unwrap_or_default();
    let can_manage = matches!(session.role(), Some(Role::Reviewer | Role::Admin));
    let list = LocalResource::new(move || async move { api::tokens(dept).await });
    view! {
        <h1>{move || i18n.t().tok_title()}</h1>
        <p class="lead">{move || i18n.t().tok_lead()}</p>
        {can_manage.then(|| view! { <NewTokenForm dept on_created=move || list.refetch() /> })}
        {move || match list.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => { session.handle(&e); view! { <ErrorMessage error=e /> }.into_any() }
            Some(Ok(l)) if l.items.is_empty() => view! { <p>{move || i18n.t().tok_none()}</p> }.into_any(),
            Some(Ok(l)) => view! {
                <ul class="cards" aria-label=move || i18n.t().tok_title()>
                    {l.items.into_iter().map(|t| view! { <TokenCard token=t dept can_manage on_change=move || list.refetch() /> }).collect_view()}
                </ul>
            }.into_any(),
        }}
    }
}

#[component]
fn TokenCard(
    token: ApiToken,
    dept: i64,
    can_manage: bool,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let error = RwSignal::new(None::<ApiError>);
    let id = token.id;
    let revoked = token.revoked_at.is_some();
    let revoke = move |_| {
        let csrf = session.csrf();
        spawn_local(async move {
            match api::revoke_token(&csrf, dept, id).await {
                Ok(_) => on_change(),
                Err(e) => {
                    if !session.handle(&e) {
                        error.set(Some(e));
                    }
                }
            }
        });
    };
    let scopes = token
        .scopes
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <li class="card" data-testid="token-card">
            <p><strong>{token.name.clone()}</strong>" "{revoked.then(|| view! { <span class="badge bad">{move || i18n.t().tok_revoked()}</span> })}</p>
            <p><code>{scopes}</code></p>
            <p class="hint">{move || format!("{} {}", i18n.t().tok_until(), token.expires_on)}" · "
                {move || match token.last_used_at {
                    Some(at) => format!("{} {}", i18n.t().tok_last_used(), china_time(at)),
                    None => i18n.t().tok_never_used().to_owned(),
                }}
            </p>
            {(can_manage && !revoked).then(|| view! {
                <button type="button" class="button secondary" on:click=revoke>{move || i18n.t().tok_revoke()}</button>
                <Webhook dept id url=token.webhook_url.clone() />
            })}
            {(!can_manage || revoked).then(|| token.webhook_url.clone().map(|url| view! {
                <p class="hint">{move || i18n.t().tok_webhook()}": "<code class="wrap">{url.clone()}</code></p>
            }))}
            {token.webhook_url.is_some().then(|| view! { <Deliveries dept id /> })}
            <p class="field-error" role="alert">{move || error.get().map(|e| e.message(i18n.t()))}</p>
        </li>
    }
}

/// Setting or removing a token's webhook; the signing secret is shown once.
#[component]
fn Webhook(dept: i64, id: i64, url: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let text = RwSignal::new(url.unwrap_or_default());
    let secret = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<ApiError>);
    let save = move |url: Option<String>| {
        let input = WebhookInput { url: url.clone() };
        if let Err(msg) = input.validate() {
            error.set(Some(ApiError::invalid("url", msg)));
            return;
        }
        let csrf = session.csrf();
        spawn_local(async move {
            match api::set_webhook(&csrf, dept, id, url).await {
                Ok(set) => {
                    error.set(None);
                    text.set(set.url.unwrap_or_default());
                    secret.set(set.secret);
                }
                Err(e) => {
                    if !session.handle(&e) {
                        error.set(Some(e));
                    }
                }
            }
        });
    };
    let field = format!("webhook-{id}");
    view! {
        <form class="webhook" on:submit=move |ev: SubmitEvent| { ev.prevent_default(); save(Some(text.get_untracked())); } novalidate>
            <div class="field">
                <label for=field.clone()>{move || i18n.t().tok_webhook()}</label>
                <input id=field type="url" inputmode="url" placeholder="https://" maxlength="500"
                    prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev)) />
                <p class="hint">{move || i18n.t().tok_webhook_hint()}</p>
            </div>
            <button type="submit" class="button secondary">{move || i18n.t().tok_webhook_set()}</button>
            " "
            <button type="button" class="button secondary" on:click=move |_| save(None)>{move || i18n.t().tok_webhook_remove()}</button>
            <p class="field-error" role="alert">{move || error.get().map(|e| e.message(i18n.t()))}</p>
            {move || secret.get().map(|s| view! {
                <div class="notice" role="status" data-testid="webhook-secret">
                    <p>{move || i18n.t().tok_webhook_secret()}</p>
                    <p><code class="wrap">{s}</code></p>
                </div>
            })}
        </form>
    }
}

/// The token's newest deliveries: what was pushed, and whether it arrived.
#[component]
fn Deliveries(dept: i64, id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let log = LocalResource::new(move || {
        let wanted = open.get();
        async move {
            if wanted {
                Some(api::deliveries(dept, id).await)
            } else {
                None
            }
        }
    });
    view! {
        <details on:toggle=move |_| open.set(true)>
            <summary>{move || i18n.t().tok_deliveries()}</summary>
            {move || match log.get().flatten() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(e)) => view! { <ErrorMessage error=e /> }.into_any(),
                Some(Ok(l)) if l.items.is_empty() => view! { <p>{move || i18n.t().tok_no_deliveries()}</p> }.into_any(),
                Some(Ok(l)) => view! {
                    <ul class="deliveries">
                        {l.items.into_iter().map(|d| {
                            let state = d.state;
                            let label = move || match state {
                                DeliveryState::Pending => i18n.t().delivery_pending(),
                                DeliveryState::Delivered => i18n.t().delivery_delivered(),
                                DeliveryState::Failed => i18n.t().delivery_failed(),
                            };
                            let bad = if state == DeliveryState::Failed { "badge bad" } else { "badge" };
                            view! {
                                <li>
                                    <code>{format!("#{} {}", d.cursor, d.kind.as_str())}</code>" "
                                    <span class=bad>{label}</span>" "
                                    {format!("{} ", d.attempts)}{move || i18n.t().tok_attempts()}
                                    {d.last_attempt_at.map(|at| format!(" · {}", china_time(at)))}
                                    {d.last_status.map(|s| format!(" · HTTP {s}"))}
                                    {d.last_error.map(|e| view! { <span class="hint">{format!(" · {e}")}</span> })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </details>
    }
}

#[component]
fn NewTokenForm(dept: i64, on_created: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let name = RwSignal::new(String::new());
    let scopes = RwSignal::new(vec![TokenScope::DecisionsRead, TokenScope::DecisionsWrite]);
    let expires = RwSignal::new(china_today().plus_days(365).to_string());
    let secret = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<ApiError>);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(expires_on) = Date::parse(expires.get_untracked().trim()) else {
            error.set(Some(ApiError::invalid("expires_on", Msg::DateFormat)));
            return;
        };
        let input = NewToken {
            name: name.get_untracked(),
            scopes: scopes.get_untracked(),
            expires_on,
        };
        if let Err((field, msg)) = input.validate(china_today()) {
            error.set(Some(ApiError::invalid(field, msg)));
            return;
        }
        let csrf = session.csrf();
        spawn_local(async move {
            match api::create_token(&csrf, dept, &input).await {
                Ok(created) => {
                    error.set(None);
                    name.set(String::new());
                    secret.set(Some(created.secret));
                    on_created();
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
        <form class="panel" on:submit=submit novalidate aria-labelledby="new-token-title">
            <h2 id="new-token-title">{move || i18n.t().tok_new()}</h2>
            <div class="field">
                <label for="token-name">{move || i18n.t().tok_name()}</label>
                <input id="token-name" type="text" maxlength="60" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
            </div>
            <fieldset class="choices">
                <legend>{move || i18n.t().tok_scopes()}</legend>
                {TokenScope::ALL.into_iter().map(|s| view! {
                    <label class="choice">
                        <input type="checkbox" prop:checked=move || scopes.with(|v| v.contains(&s))
                            on:change=move |_| scopes.update(|v| if let Some(at) = v.iter().position(|x| *x == s) { v.remove(at); } else { v.push(s); }) />
                        <span><code>{s.as_str()}</code></span>
                    </label>
                }).collect_view()}
            </fieldset>
            <div class="field">
                <label for="token-expires">{move || i18n.t().tok_until()}</label>
                <input id="token-expires" type="date" prop:value=move || expires.get() on:input=move |ev| expires.set(event_target_value(&ev)) />
            </div>
            <button type="submit" class="button primary">{move || i18n.t().tok_create()}</button>
            <p class="field-error" role="alert">{move || error.get().map(|e| e.message(i18n.t()))}</p>
            {move || secret.get().map(|s| view! {
                <div class="notice" role="status" data-testid="token-secret">
                    <p><strong>{move || i18n.t().tok_shown_once()}</strong></p>
                    <p><code class="wrap">{s}</code></p>
                </div>
            })}
        </form>
    }
}
