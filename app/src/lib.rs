//! Anma's browser application and the model it shares with the server.
//!
//! - [`model`] compiles for wasm32 and native with no UI, HTTP or database crate in it:
//!   the API's serde types and the validated domain types (`RegionCode`, `Uscc`, …). The
//!   server depends on this crate with default features, which leaves the UI out.
//! - With the `ui` feature, the Leptos client-side-rendered single-page app: [`App`] and
//!   its pages, components, typed API client and translations — the public pages.
//!   With `ui` alone, only the verify page: the small bundle a decision's QR code opens.
//! - `public` adds the other public pages; `scan` the camera scanner; `workspace` the
//!   staff workspace (`/login`, `/workspace`). Each is a bundle of its own, so a
//!   citizen's phone downloads only what the page it opens needs.

pub mod model;
pub mod texts;

#[cfg(feature = "ui")]
#[cfg_attr(not(feature = "workspace"), allow(dead_code))]
mod api;
#[cfg(feature = "ui")]
#[cfg_attr(not(feature = "public"), allow(dead_code))]
mod components;
#[cfg(feature = "ui")]
#[cfg_attr(not(feature = "workspace"), allow(dead_code))]
mod i18n;
#[cfg(feature = "ui")]
mod pages;
#[cfg(feature = "workspace")]
mod session;
#[cfg(feature = "ui")]
mod shell;
#[cfg(feature = "ui")]
pub mod webcrypto;

#[cfg(feature = "ui")]
pub use shell::App;
