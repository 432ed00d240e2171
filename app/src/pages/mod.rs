//! One module per route.

mod disclosures;
mod home;
mod items;
mod login;
mod not_found;
mod verify;
pub mod workspace;

pub use disclosures::Disclosures;
pub use home::Home;
pub use items::Items;
pub use login::Login;
pub use not_found::NotFound;
pub use verify::Verify;
