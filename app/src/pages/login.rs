use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};
use leptos_router::{
    NavigateOptions,
    hooks::{use_navigate, use_query_map},
};

use crate::{
    api::{self, ApiError},
    components::set_title,
    i18n::use_i18n,
    session::{safe_next, use_session},
};

/// `/login?next=…`: staff sign-in. Returns to `next` afterwards (or to the password page
/// when a change is required).
#[component]
pub fn Login() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let query = use_query_map();
    let navigate = use_navigate();
    Effect::new(move |_| set_title(i18n.t().login_title(), i18n.t().brand()));

    let next = move || safe_next(query.read().get("next"));
    let ended = move || query.read().get("ended").is_some();
    let asked_for_page = move || query.read().get("next").is_some();

    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);

    // Already signed in (e.g. the back button): go on.
    let go = navigate.clone();
    Effect::new(move |_| {
        if let Some(Some(_)) = session.info.get()
            && !pending.get_untracked()
        {
            go(
                &next(),
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    });

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        error.set(None);
        let (u, p) = (username.get_untracked(), password.get_untracked());
        let navigate = navigate.clone();
        let destination = next();
        spawn_local(async move {
            match api::login(&u, &p).await {
                Ok(info) => {
                    let to = if info.user.must_change_password {
                        "/workspace/password".to_owned()
                    } else {
                        destination
                    };
                    session.signed_in(info);
                    navigate(&to, NavigateOptions::default());
                }
                Err(e) => {
                    password.set(String::new());
                    error.set(Some(e));
                }
            }
            pending.set(false);
        });
    };

    view! {
        <section class="panel login" aria-labelledby="login-title">
            <h1 id="login-title">{move || i18n.t().login_title()}</h1>
            <p class="lead">{move || i18n.t().login_lead()}</p>
            <Show when=ended>
                <p class="notice" role="status">{move || i18n.t().login_ended()}</p>
            </Show>
            <Show when=move || !ended() && asked_for_page()>
                <p class="notice" role="status">{move || i18n.t().login_required()}</p>
            </Show>
            <form on:submit=on_submit novalidate>
                <div class="field">
                    <label for="login-username">{move || i18n.t().login_username()}</label>
                    <input id="login-username" name="username" type="text" autocomplete="username"
                        autocapitalize="none" spellcheck="false" required
                        prop:value=move || username.get()
                        on:input=move |ev| username.set(event_target_value(&ev)) />
                </div>
                <div class="field">
                    <label for="login-password">{move || i18n.t().login_password()}</label>
                    <input id="login-password" name="password" type="password" autocomplete="current-password" required
                        prop:value=move || password.get()
                        on:input=move |ev| password.set(event_target_value(&ev)) />
                </div>
                <p class="field-error" role="alert">{move || error.get().map(|e| e.message(i18n.t()))}</p>
                <button type="submit" class="button primary" prop:disabled=move || pending.get()>
                    {move || if pending.get() { i18n.t().login_signing_in() } else { i18n.t().login_submit() }}
                </button>
            </form>
        </section>
    }
}
