//! One module per route.

mod disclosures;
mod home;
mod items;
mod not_found;
mod verify;
mod workspace;

pub use disclosures::Disclosures;
pub use home::Home;
pub use items::Items;
pub use not_found::NotFound;
pub use verify::Verify;
pub use workspace::Workspace;
