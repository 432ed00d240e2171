//! Sign-in, sessions and passwords. Who may do what is decided in [`policy`].

pub mod accounts;
pub mod client;
pub mod password;
pub mod policy;
pub mod session;
pub mod throttle;
pub mod tokens;

pub use policy::AuthContext;
