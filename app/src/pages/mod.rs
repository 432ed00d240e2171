//! One module per route. With `ui` alone only the verify page is built (the bundle a
//! QR code opens); `public` adds the other public pages.

#[cfg(feature = "public")]
mod departments;
#[cfg(feature = "public")]
mod disclosures;
#[cfg(feature = "public")]
mod home;
mod inspection;
#[cfg(feature = "public")]
mod item_detail;
#[cfg(feature = "public")]
mod items;
#[cfg(feature = "workspace")]
mod login;
#[cfg(feature = "public")]
mod not_found;
#[cfg(feature = "public")]
mod officers;
#[cfg(feature = "scan")]
mod scan;
#[cfg(feature = "public")]
mod spot_checks;
#[cfg(feature = "public")]
mod stats;
mod verify;
#[cfg(feature = "workspace")]
pub mod workspace;

#[cfg(feature = "public")]
pub use departments::Departments;
#[cfg(feature = "public")]
pub use disclosures::{DisclosureDetail, Disclosures};
#[cfg(feature = "public")]
pub use home::Home;
pub use inspection::InspectionPage;
#[cfg(feature = "public")]
pub use item_detail::ItemDetail;
#[cfg(feature = "public")]
pub use items::{ItemCard, Items};
#[cfg(feature = "workspace")]
pub use login::Login;
#[cfg(feature = "public")]
pub use not_found::NotFound;
#[cfg(feature = "public")]
pub use officers::Officers;
#[cfg(feature = "scan")]
pub use scan::Scan;
#[cfg(feature = "public")]
pub use spot_checks::{SpotCheckDetail, SpotChecks};
#[cfg(feature = "public")]
pub use stats::StatsPage;
pub use verify::Verify;

// The public pages as the verify bundle renders them: another bundle's (a full load).
#[cfg(not(feature = "public"))]
pub use OtherBundle as Departments;
#[cfg(not(feature = "public"))]
pub use OtherBundle as DisclosureDetail;
#[cfg(not(feature = "public"))]
pub use OtherBundle as Disclosures;
#[cfg(not(feature = "public"))]
pub use OtherBundle as Home;
#[cfg(not(feature = "public"))]
pub use OtherBundle as ItemDetail;
#[cfg(not(feature = "public"))]
pub use OtherBundle as Items;
#[cfg(not(feature = "public"))]
pub use OtherBundle as Officers;
#[cfg(not(feature = "public"))]
pub use OtherBundle as StatsPage;
#[cfg(not(feature = "public"))]
pub use OtherBundle as SpotChecks;
#[cfg(not(feature = "public"))]
pub use OtherBundle as SpotCheckDetail;
/// In the verify bundle every other path is another bundle's page.
#[cfg(not(feature = "public"))]
pub use OtherBundle as NotFound;
#[cfg(not(feature = "scan"))]
pub use OtherBundle as Scan;

/// A page of another bundle: the server answers its path with that bundle's page, so a
/// full load gets there (`/scan` without the scanner, or any public page from the
/// verify bundle).
#[leptos::component]
pub fn OtherBundle() -> impl leptos::IntoView {
    if let Some(w) = web_sys::window() {
        let _ = w.location().reload();
    }
}
