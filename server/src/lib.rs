//! Anma's server: a thin JSON API over the storage layer, which also serves the built
//! single-page app.

/// Administration from the command line: first departments and accounts.
pub mod admin;
/// Sign-in, sessions, passwords, and the one table of who may do what.
pub mod auth;
pub mod backup;
/// One case, one code: officers, decisions, case codes, signatures, QR codes, verification.
pub mod cases;
/// The `anma` command line: subcommands, flags and `ANMA_*` variables.
pub mod cli;
/// The one clock: UTC timestamps, China dates, settable by tests.
pub mod clock;
/// Configuration shared by every subcommand, parsed once from flags and environment.
pub mod config;
/// Storage: the connection pool, migrations, and every SQL statement the server runs.
pub mod db;
/// `AppError`, the one error type, and its JSON form.
pub mod error;
/// The verify page opened from a QR code, with its verdict in the first response.
pub mod first_screen;
/// Inspections of businesses: the entity registry, spot-check plans and their draws,
/// inspection codes, results, ratings and reports.
pub mod inspections;
/// Public answers (statistics, item lists) kept while the data behind them is unchanged.
pub mod kept;
/// Ed25519 signing keys, kept as owner-only files outside the database.
pub mod keys;
/// Limits on heavy public work (searches, exports): global and per address.
pub mod limits;
pub mod metrics;
/// Networks, public addresses and where webhooks may reach.
pub mod net;
/// The power list: catalog maintenance, claims workflow, CSV import and export.
pub mod powers;
/// The JSON API under `/api/v1`, one module per resource.
pub mod routes;
/// Demo data for `anma seed --demo`.
pub mod seed;
/// Serving the built SPA: precompressed files, cache headers, client routes.
pub mod site;
/// `Application::build`: binds the listener and assembles the router and middleware.
pub mod startup;
/// `AppState`, shared by every request.
pub mod state;
/// Logging setup.
pub mod telemetry;
pub mod verdict_page;

pub use error::{AppError, Result};
