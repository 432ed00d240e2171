//! Anma's browser application and the model it shares with the server.
//!
//! - [`model`] compiles for wasm32 and native with no UI, HTTP or database crate in it:
//!   the API's serde types and the validated domain types (`RegionCode`, `Uscc`, …). The
//!   server depends on this crate with default features, which leaves the UI out.
//! - With the `ui` feature, the Leptos client-side-rendered single-page app: [`App`] and
//!   its pages, components, typed API client and translations.

pub mod model;

#[cfg(feature = "ui")]
mod api;
#[cfg(feature = "ui")]
mod components;
#[cfg(feature = "ui")]
mod i18n;
#[cfg(feature = "ui")]
mod pages;
#[cfg(feature = "ui")]
mod session;
#[cfg(feature = "ui")]
mod shell;

#[cfg(feature = "ui")]
pub use shell::App;
