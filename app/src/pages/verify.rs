use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_params_map};

use crate::{
    api,
    components::{CaseCodeForm, ErrorMessage, Loading, problem_message, set_title},
    i18n::use_i18n,
    model::CaseCode,
};

/// `/v/:code`: the verdict on a case code.
#[component]
pub fn Verify() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let code = Memo::new(move |_| params.read().get("code").unwrap_or_default());
    Effect::new(move |_| set_title(&code.get(), i18n.t().verify_title));
    // Checked in the browser first: a code that fails its check character is reported
    // without a request.
    let parsed = Memo::new(move |_| CaseCode::parse(&code.get()));
    let verdict = LocalResource::new(move || {
        let parsed = parsed.get();
        async move {
            match parsed {
                Ok(code) => Some(api::verify(code.as_str()).await),
                Err(_) => None,
            }
        }
    });
    view! {
        <section class="verify" aria-labelledby="verify-title">
            <h1 id="verify-title">{move || i18n.t().verify_title}</h1>
            <p class="case-code">
                <span class="label">{move || i18n.t().verify_code}</span>
                <code data-testid="case-code">{move || code.get()}</code>
            </p>
            {move || match (parsed.get(), verdict.get()) {
                (Err(e), _) => view! {
                    <div class="verdict verdict-unknown" role="alert">
                        <p>{move || problem_message(i18n.t(), &code.get(), &e)}</p>
                    </div>
                }.into_any(),
                (_, None) | (_, Some(None)) => view! { <Loading /> }.into_any(),
                (_, Some(Some(Err(e)))) if e.status() == Some(404) => view! {
                    <div class="verdict verdict-unknown" role="status">
                        <h2>{move || i18n.t().verify_not_found_title}</h2>
                        <p>{move || i18n.t().verify_not_found_body}</p>
                    </div>
                }.into_any(),
                (_, Some(Some(Err(e)))) => view! { <ErrorMessage error=e retry=move || verdict.refetch() /> }.into_any(),
                (_, Some(Some(Ok(_)))) => ().into_any(),
            }}
        </section>
        <section class="panel" aria-label=move || i18n.t().verify_again>
            <h2>{move || i18n.t().verify_again}</h2>
            <CaseCodeForm />
            <p><A href="/">{move || i18n.t().back_home}</A></p>
        </section>
    }
}
