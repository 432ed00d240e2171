//! One module per route.

mod departments;
mod disclosures;
mod home;
mod item_detail;
mod items;
#[cfg(feature = "workspace")]
mod login;
mod not_found;
mod officers;
#[cfg(feature = "scan")]
mod scan;
mod stats;
mod verify;
#[cfg(feature = "workspace")]
pub mod workspace;

pub use departments::Departments;
pub use disclosures::{DisclosureDetail, Disclosures};
pub use home::Home;
pub use item_detail::ItemDetail;
pub use items::{ItemCard, Items};
#[cfg(feature = "workspace")]
pub use login::Login;
pub use not_found::NotFound;
pub use officers::Officers;
#[cfg(feature = "scan")]
pub use scan::Scan;
pub use stats::StatsPage;

/// Without the scanner in this bundle, `/scan` loads the scanner's own page.
#[cfg(not(feature = "scan"))]
#[leptos::component]
pub fn Scan() -> impl leptos::IntoView {
    if let Some(w) = web_sys::window() {
        let _ = w.location().reload();
    }
}
pub use verify::Verify;
