use leptos::{ev::SubmitEvent, prelude::*};
use leptos_router::hooks::use_navigate;

use crate::i18n::use_i18n;

/// Why typed input cannot be a case code; checked before anything is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum InputProblem {
    Empty,
    BadChars,
}

/// Normalises what people type (spaces, lower case, full-width dashes) and checks the
/// characters a case code may hold.
fn normalise(input: &str) -> Result<String, InputProblem> {
    let code: String = input
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '－' | '—' | '–' | '_' => '-',
            c => c.to_ascii_uppercase(),
        })
        .collect();
    if code.is_empty() {
        return Err(InputProblem::Empty);
    }
    if !code
        .chars()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
    {
        return Err(InputProblem::BadChars);
    }
    Ok(code)
}

/// The case-code input: on submit, opens `/v/<code>`.
#[component]
pub fn CaseCodeForm(#[prop(optional, into)] initial: String) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let value = RwSignal::new(initial);
    let problem = RwSignal::new(None::<InputProblem>);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        match normalise(&value.get_untracked()) {
            Ok(code) => {
                problem.set(None);
                navigate(&format!("/v/{code}"), Default::default());
            }
            Err(p) => problem.set(Some(p)),
        }
    };
    let message = move || {
        problem.get().map(|p| match p {
            InputProblem::Empty => i18n.t().case_code_empty,
            InputProblem::BadChars => i18n.t().case_code_bad_chars,
        })
    };
    view! {
        <form class="case-code-form" on:submit=on_submit novalidate>
            <label for="case-code">{move || i18n.t().case_code_label}</label>
            <p id="case-code-hint" class="hint">{move || i18n.t().case_code_hint}</p>
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
                    placeholder=move || i18n.t().case_code_placeholder
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))
                />
                <button type="submit" class="button primary">{move || i18n.t().verify_button}</button>
            </div>
            <p id="case-code-error" class="field-error" aria-live="assertive">{message}</p>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_habits_are_normalised() {
        assert_eq!(normalise(" 4401－2025 abc ").unwrap(), "4401-2025ABC");
    }

    #[test]
    fn other_characters_are_refused() {
        assert_eq!(normalise("   "), Err(InputProblem::Empty));
        assert_eq!(normalise("4401/2025"), Err(InputProblem::BadChars));
        assert_eq!(normalise("案码"), Err(InputProblem::BadChars));
    }
}
