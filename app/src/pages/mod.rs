//! One module per route.

mod departments;
mod disclosures;
mod home;
mod item_detail;
mod items;
#[cfg(feature = "workspace")]
mod login;
mod not_found;
mod verify;
#[cfg(feature = "workspace")]
pub mod workspace;

pub use departments::Departments;
pub use disclosures::Disclosures;
pub use home::Home;
pub use item_detail::ItemDetail;
pub use items::{ItemCard, Items};
#[cfg(feature = "workspace")]
pub use login::Login;
pub use not_found::NotFound;
pub use verify::Verify;
