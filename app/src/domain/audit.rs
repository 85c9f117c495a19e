//! The audit journal (TS 12.17–12.22): append-only rows, each carrying the SHA-256 of
//! the previous row's hash and its own canonical form, so a changed, removed or
//! inserted row breaks the chain. See `docs/audit-events.md` for every event type.

pub mod chain;
pub mod journal;
pub mod settings;
pub mod verify;

pub use chain::{record, Actor};
pub use verify::{verify, Break, BreakKind, Verified, VerifyError};
