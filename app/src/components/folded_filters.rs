//! Filters folded behind one line that says how many are set: a phone shows the results
//! in its first screen, and a link with filters opens them.

use leptos::prelude::*;

use crate::i18n::use_i18n;

/// `active` counts the filters set (the search words and the order are not counted);
/// the fold opens by itself when `open` says so (by default, when one is set). The
/// children are the fields (in a `filter-grid`) and any buttons.
#[component]
pub fn FoldedFilters(
    #[prop(into)] active: Signal<usize>,
    #[prop(optional, into)] open: Option<Signal<bool>>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = open.unwrap_or_else(|| Signal::derive(move || active.get() > 0));
    view! {
        <details class="more-filters" open=open data-testid="more-filters">
            <summary>
                {move || i18n.t().tbl_filters()}
                {move || {
                    let n = active.get();
                    (n > 0).then(|| view! { " · "<span data-testid="filters-on">{n}</span>" "{i18n.t().tbl_filters_on()} })
                }}
            </summary>
            {children()}
        </details>
    }
}
