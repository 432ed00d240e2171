//! Anma's browser application and the model it shares with the server.
//!
//! - [`model`] compiles for wasm32 and native with no UI, HTTP or database crate in it:
//!   the API's serde types and the validated domain types (`RegionCode`, `Uscc`, …). The
//!   server depends on this crate with default features, which leaves the UI out.
//! - With the `ui` feature, the Leptos client-side-rendered single-page app: [`App`], its
//!   shell, components, typed API client and translations. The pages come with one
//!   feature per bundle: `verify` (the first page and what a decision's QR code opens),
//!   `inspection` (an inspection notice's), `disclosures`, `powers`, `stats`,
//!   `spot-checks`, `scan` (the camera scanner) and `workspace` (`/login`, `/workspace`),
//!   each routing only its own pages (`shell`). Each is a bundle of its
//!   own, so a citizen's phone downloads only what the page it opens needs; `public` is
//!   every public page in one build.

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
