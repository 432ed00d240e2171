use leptos::prelude::*;

use crate::{api::ApiError, i18n::use_i18n};

/// A visible, announced loading indicator.
#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="loading" role="status" aria-live="polite">
            <span class="spinner" aria-hidden="true"></span>
            {move || i18n.t().loading()}
        </p>
    }
}

/// An error, announced to screen readers, with an optional retry.
#[component]
pub fn ErrorMessage(
    error: ApiError,
    #[prop(optional, into)] retry: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = StoredValue::new(error);
    view! {
        <div class="error" role="alert">
            <p>{move || error.with_value(|e| e.message(i18n.t()))}</p>
            {retry.map(|retry| view! {
                <button type="button" class="button secondary" on:click=move |_| retry.run(())>
                    {move || i18n.t().retry()}
                </button>
            })}
        </div>
    }
}
