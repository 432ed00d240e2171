use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};

use crate::{
    api,
    components::set_title,
    i18n::use_i18n,
    model::{Msg, NewPassword},
    session::use_session,
};

/// `/workspace/password`: change one's own password (required after an admin reset).
#[component]
pub fn ChangePassword() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    Effect::new(move |_| set_title(i18n.t().pw_title(), i18n.t().brand()));
    let must_change = move || session.user().is_some_and(|u| u.must_change_password);

    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let repeat = RwSignal::new(String::new());
    let pending = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let done = RwSignal::new(false);

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        done.set(false);
        let t = i18n.t();
        if new.get_untracked() != repeat.get_untracked() {
            problem.set(Some(t.pw_mismatch().to_owned()));
            return;
        }
        // The same policy the server applies, checked before sending.
        if let Err(e) = NewPassword::parse(&new.get_untracked()) {
            problem.set(Some(Msg::from(e).text(Some("new_password"), t.lang)));
            return;
        }
        problem.set(None);
        pending.set(true);
        let csrf = session.csrf();
        let (c, n) = (current.get_untracked(), new.get_untracked());
        spawn_local(async move {
            match api::change_password(&csrf, &c, &n).await {
                Ok(()) => {
                    for s in [current, new, repeat] {
                        s.set(String::new());
                    }
                    done.set(true);
                    if let Ok(info) = api::session().await {
                        session.signed_in(info);
                    }
                }
                Err(e) => {
                    if !session.handle(&e) {
                        problem.set(Some(e.message(i18n.t())));
                    }
                }
            }
            pending.set(false);
        });
    };

    view! {
        <h1>{move || i18n.t().pw_title()}</h1>
        <Show when=must_change>
            <p class="notice" role="status">{move || i18n.t().ws_must_change()}</p>
        </Show>
        <form class="panel" on:submit=on_submit novalidate>
            <div class="field">
                <label for="pw-current">{move || i18n.t().pw_current()}</label>
                <input id="pw-current" type="password" autocomplete="current-password"
                    prop:value=move || current.get() on:input=move |ev| current.set(event_target_value(&ev)) />
            </div>
            <div class="field">
                <label for="pw-new">{move || i18n.t().pw_new()}</label>
                <p id="pw-hint" class="hint">{move || i18n.t().pw_hint()}</p>
                <input id="pw-new" type="password" autocomplete="new-password" aria-describedby="pw-hint"
                    prop:value=move || new.get() on:input=move |ev| new.set(event_target_value(&ev)) />
            </div>
            <div class="field">
                <label for="pw-repeat">{move || i18n.t().pw_repeat()}</label>
                <input id="pw-repeat" type="password" autocomplete="new-password"
                    prop:value=move || repeat.get() on:input=move |ev| repeat.set(event_target_value(&ev)) />
            </div>
            <p class="field-error" role="alert">{move || problem.get()}</p>
            <Show when=move || done.get()>
                <p class="success" role="status">{move || i18n.t().pw_done()}</p>
            </Show>
            <button type="submit" class="button primary" prop:disabled=move || pending.get()>
                {move || if pending.get() { i18n.t().saving() } else { i18n.t().pw_submit() }}
            </button>
        </form>
    }
}
