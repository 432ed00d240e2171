use leptos::{ev::SubmitEvent, prelude::*};
use leptos_router::hooks::use_navigate;

use crate::{
    i18n::{Texts, use_i18n},
    model::{CaseCode, CaseCodeError},
};

/// What to tell someone whose input is not a case code.
pub fn problem_message(t: &Texts, input: &str, error: &CaseCodeError) -> &'static str {
    if input.trim().is_empty() {
        return t.case_code_empty();
    }
    match error {
        CaseCodeError::Shape => t.case_code_bad_shape(),
        CaseCodeError::Region(_) | CaseCodeError::Year(_) => t.case_code_bad_parts(),
        CaseCodeError::Check => t.case_code_bad_check(),
    }
}

/// The case-code input: on submit, opens `/v/<code>`.
#[component]
pub fn CaseCodeForm(#[prop(optional, into)] initial: String) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let value = RwSignal::new(initial);
    let problem = RwSignal::new(None::<CaseCodeError>);
    // The check character is verified here, before any request: a typo never leaves the
    // browser.
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        match CaseCode::parse(&value.get_untracked()) {
            Ok(code) => {
                problem.set(None);
                navigate(&format!("/v/{code}"), Default::default());
            }
            Err(e) => problem.set(Some(e)),
        }
    };
    let message = move || {
        problem
            .get()
            .map(|e| problem_message(i18n.t(), &value.get(), &e))
    };
    view! {
        <form class="case-code-form" on:submit=on_submit novalidate>
            <label for="case-code">{move || i18n.t().case_code_label()}</label>
            <p id="case-code-hint" class="hint">{move || i18n.t().case_code_hint()}</p>
            <div class="input-row">
                <input
                    id="case-code"
                    name="code"
                    type="text"
                    inputmode="text"
                    autocomplete="off"
                    autocapitalize="characters"
                    spellcheck="false"
                    aria-describedby="case-code-hint case-code-error"
                    aria-invalid=move || if problem.get().is_some() { "true" } else { "false" }
                    placeholder=move || i18n.t().case_code_placeholder()
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))
                />
                <button type="submit" class="button primary">{move || i18n.t().verify_button()}</button>
            </div>
            <p id="case-code-error" class="field-error" aria-live="assertive">{message}</p>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::ZH;

    #[test]
    fn each_problem_has_its_own_message() {
        let t = &ZH;
        assert_eq!(
            problem_message(t, " ", &CaseCodeError::Shape),
            t.case_code_empty()
        );
        assert_eq!(
            problem_message(t, "4401", &CaseCodeError::Shape),
            t.case_code_bad_shape()
        );
        assert_eq!(
            problem_message(t, "440106-2025-00001-J", &CaseCodeError::Check),
            t.case_code_bad_check()
        );
    }
}
