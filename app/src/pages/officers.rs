//! `/officers` and `/officers/:certificate`: enforcement personnel publicity — who holds
//! a certificate, for which department, and whether it is valid today.

use leptos::{ev::SubmitEvent, prelude::*};
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::{
    api,
    components::{ErrorMessage, Loading, set_title},
    i18n::use_i18n,
    model::normalise_certificate,
};

#[component]
pub fn Officers() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let navigate = use_navigate();
    let certificate = Memo::new(move |_| params.read().get("certificate").unwrap_or_default());
    Effect::new(move |_| set_title(i18n.t().officers_title(), i18n.t().brand()));
    let value = RwSignal::new(certificate.get_untracked());
    let problem = RwSignal::new(false);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        match normalise_certificate(&value.get_untracked()) {
            Some(number) => {
                problem.set(false);
                navigate(&format!("/officers/{number}"), Default::default());
            }
            None => problem.set(true),
        }
    };
    let found = LocalResource::new(move || {
        let number = normalise_certificate(&certificate.get());
        async move {
            match number {
                Some(n) => Some(api::officer(&n).await),
                None => None,
            }
        }
    });
    view! {
        <section class="panel" aria-labelledby="officers-title">
            <h1 id="officers-title">{move || i18n.t().officers_title()}</h1>
            <p class="lead">{move || i18n.t().officers_lead()}</p>
            <form class="case-code-form" on:submit=on_submit novalidate>
                <label for="certificate">{move || i18n.t().officer_certificate()}</label>
                <div class="input-row">
                    <input
                        id="certificate"
                        type="text"
                        inputmode="text"
                        autocomplete="off"
                        autocapitalize="characters"
                        spellcheck="false"
                        aria-describedby="certificate-error"
                        aria-invalid=move || if problem.get() { "true" } else { "false" }
                        prop:value=move || value.get()
                        on:input=move |ev| value.set(event_target_value(&ev))
                    />
                    <button type="submit" class="button primary">{move || i18n.t().officer_lookup()}</button>
                </div>
                <p id="certificate-error" class="field-error" aria-live="assertive">
                    {move || problem.get().then(|| i18n.t().officer_certificate_shape())}
                </p>
            </form>
        </section>
        {move || match found.get() {
            None => Some(view! { <Loading /> }.into_any()),
            Some(None) => None,
            Some(Some(Err(e))) if e.status() == Some(404) => Some(view! {
                <p class="verdict verdict-unknown" role="status">{move || i18n.t().officer_not_found()}</p>
            }.into_any()),
            Some(Some(Err(e))) => Some(view! { <ErrorMessage error=e /> }.into_any()),
            Some(Some(Ok(o))) => {
                let t = i18n.t();
                let (class, verdict) = if o.valid_today {
                    ("verdict verdict-ok", t.officer_valid_today())
                } else {
                    ("verdict verdict-bad", t.officer_invalid_today())
                };
                Some(view! {
                    <section class="panel" data-testid="officer">
                        <p class=class role="status"><strong>{verdict}</strong></p>
                        <dl class="facts">
                            <dt>{t.officer_name()}</dt><dd>{o.name}</dd>
                            <dt>{t.officer_certificate()}</dt><dd><code>{o.certificate_number}</code></dd>
                            <dt>{t.officer_department()}</dt><dd>{o.department_name}</dd>
                            <dt>{t.officer_field()}</dt><dd>{o.field}</dd>
                            <dt>{t.officer_valid_period()}</dt><dd>{format!("{} – {}", o.valid_from, o.valid_until)}</dd>
                            <dt>{t.officer_status_heading()}</dt><dd>{t.officer_status(o.status)}</dd>
                        </dl>
                    </section>
                }.into_any())
            }
        }}
    }
}
