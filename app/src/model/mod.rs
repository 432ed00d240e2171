//! The model shared by the browser and the server.
//!
//! Nothing here depends on Leptos, axum or sqlx: it compiles for `wasm32-unknown-unknown`
//! and for the server alike, so a value is validated by the same code on both sides.
//! Domain types follow "parse, don't validate": `RegionCode::parse` and `Uscc::parse`
//! return a `Result`, and once you hold one it is valid.

pub mod api;
pub mod auth;
pub mod batch;
pub mod case_code;
pub mod catalog;
pub mod codes;
pub mod date;
pub mod decision;
pub mod decision_list;
pub mod department;
pub mod disclosure;
pub mod document_number;
pub mod event;
pub mod inspection;
pub mod message;
pub mod officer;
pub mod person;
pub mod publicity;
pub mod region;
pub mod routes;
#[cfg(feature = "openapi")]
pub mod schema;
pub mod signature;
pub mod spot_check;
pub mod token;
pub mod uscc;

pub use api::*;
pub use auth::*;
pub use batch::*;
pub use case_code::{CaseCode, CaseCodeError};
pub use catalog::*;
pub use date::{ChinaMinute, Date, Timestamp};
pub use decision::*;
pub use decision_list::*;
pub use department::{DepartmentKind, DepartmentLevel};
pub use disclosure::*;
pub use document_number::{DocumentNumber, DocumentNumberError};
pub use event::*;
pub use inspection::*;
pub use message::{FieldProblemText, Lang, Msg};
pub use officer::*;
pub use person::{IdNumber, IdNumberError, mask_name};
pub use region::{RegionCode, RegionCodeError, RegionLevel};
pub use token::*;
pub use uscc::{Uscc, UsccError};
