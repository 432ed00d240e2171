//! Pieces shared by several pages. Those of the public pages are in every bundle's build;
//! what a bundle's pages do not use is left out of its WebAssembly by the linker.
#![cfg_attr(not(feature = "public"), allow(unused_imports))]

mod case_code_form;
pub mod chart;
#[cfg(feature = "workspace")]
mod draft;
mod folded_filters;
pub mod format;
mod item_card;
mod region_filter;
#[cfg(feature = "workspace")]
mod row_errors;
mod status;
#[cfg(feature = "workspace")]
pub mod table;
#[cfg(feature = "workspace")]
mod unsaved;

pub use case_code_form::{CaseCodeForm, problem_message};
#[cfg(feature = "workspace")]
pub use draft::draft;
pub use folded_filters::FoldedFilters;
pub use item_card::ItemCard;
pub use region_filter::RegionFilter;
#[cfg(feature = "workspace")]
pub use row_errors::RowErrors;
pub use status::{ErrorMessage, Loading};
#[cfg(feature = "workspace")]
pub use unsaved::{guard_unsaved, watch_history};

/// Sets the document title: "<page> · 案码".
pub fn set_title(page: &str, brand: &str) {
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        doc.set_title(&if page.is_empty() {
            brand.to_owned()
        } else {
            format!("{page} · {brand}")
        });
    }
}
