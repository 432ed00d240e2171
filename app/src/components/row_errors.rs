//! The problems of an imported file, by line and field, as every import panel lists them.

use leptos::prelude::*;

use crate::{i18n::use_i18n, model::RowError};

/// One line per problem: the row (line of the file, or place in a batch), the field and
/// the message in the interface's language.
#[component]
pub fn RowErrors(errors: Vec<RowError>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="import-errors">
            {errors.into_iter().map(|e| {
                let problem = e.problem.clone();
                view! {
                    <li>{move || i18n.t().import_row()}{e.row}" · "<code>{e.problem.field}</code>" · "{move || problem.text(i18n.t().lang)}</li>
                }
            }).collect_view()}
        </ul>
    }
}
