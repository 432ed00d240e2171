//! One case, one code (一案一码): officers, registering and issuing decisions with a
//! signed case code, status changes, the QR code and public verification. The rules
//! live here; storage is in `db::officers` and `db::decisions`.

pub mod batch;
pub mod decisions;
pub mod disclosure;
pub mod events;
pub mod limiter;
pub mod officers;
pub mod qr;
pub mod serials;
pub mod verify;
