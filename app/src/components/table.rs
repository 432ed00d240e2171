//! Pieces of the workspace's data tables: a column heading that sorts, and a row's
//! checkbox. The stylesheet lays the same rows out as cards on phones.

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::i18n::{Texts, use_i18n};

/// The address of a list page with its filters and order in the query string; empty
/// values are left out, so the plain list has the plain path.
pub fn list_url(path: &str, params: &[(&str, String)]) -> String {
    let qs = params
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| format!("{k}={}", crate::api::encode(v.trim())))
        .collect::<Vec<_>>()
        .join("&");
    if qs.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{qs}")
    }
}

/// A sort order as the address writes it: `name`, or `-name` descending; empty for the
/// list's default order.
pub fn sort_param(key: &str, descending: bool, default: bool) -> String {
    match (default, descending) {
        (true, _) => String::new(),
        (false, true) => format!("-{key}"),
        (false, false) => key.to_owned(),
    }
}

/// A heading that sorts its column: `sorted` is `None` while another column orders the
/// table, else whether it runs descending. Screen readers hear the order (`aria-sort`).
#[component]
pub fn SortHeading(
    label: fn(&'static Texts) -> &'static str,
    #[prop(into)] sorted: Signal<Option<bool>>,
    on_sort: Callback<()>,
    /// A name for tests and for the stylesheet.
    #[prop(optional)]
    key: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let aria = move || match sorted.get() {
        None => "none",
        Some(true) => "descending",
        Some(false) => "ascending",
    };
    view! {
        <th scope="col" aria-sort=aria>
            <button type="button" class="sort" data-sort=key on:click=move |_| on_sort.run(())>
                {move || label(i18n.t())}
                <span class="visually-hidden">
                    {move || match sorted.get() {
                        None => "",
                        Some(true) => i18n.t().tbl_sorted_desc(),
                        Some(false) => i18n.t().tbl_sorted_asc(),
                    }}
                </span>
                <span aria-hidden="true" class="arrow">
                    {move || match sorted.get() {
                        None => "",
                        Some(true) => "▼",
                        Some(false) => "▲",
                    }}
                </span>
            </button>
        </th>
    }
}

/// The checkbox that selects one row, kept in `selected` by id.
#[component]
pub fn SelectRow<T: Clone + Send + Sync + 'static>(
    id: i64,
    row: T,
    /// What the checkbox is called: "选择 <document number>".
    name: String,
    selected: RwSignal<BTreeMap<i64, T>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <td class="select">
            <input type="checkbox" aria-label=move || format!("{} {name}", i18n.t().tbl_select())
                prop:checked=move || selected.with(|s| s.contains_key(&id))
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    let row = row.clone();
                    selected.update(|s| {
                        if on {
                            s.insert(id, row);
                        } else {
                            s.remove(&id);
                        }
                    });
                } />
        </td>
    }
}
