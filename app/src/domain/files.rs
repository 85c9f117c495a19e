//! Files in conversations, both ways. Server only, free of HTTP.
//!
//! - `kind`: the file types the contact center knows (and their MIME types);
//! - `sniff`: deciding a file's type from its own bytes, never the client's claim;
//! - `name`: cleaning the uploader's file name;
//! - `settings`: the administrators' limits (largest size, allowed types);
//! - `storage`: the directory outside the web root where files live under random names;
//! - `attachments`: the metadata rows and the messages that carry them.

pub mod attachments;
pub mod kind;
pub mod name;
pub mod settings;
pub mod shared_link;
pub mod sniff;
pub mod storage;

pub use kind::FileKind;

/// Why a file was not taken.
#[derive(Debug, PartialEq, Eq)]
pub enum FileError {
    TooLarge {
        max_kb: i64,
    },
    TypeNotAllowed,
    /// The conversation can't take it (closed, not the sender's).
    Refused(protocol::MessageProblem),
    NotFound,
    Forbidden,
    /// A limit out of range.
    Invalid,
    Storage,
    Database,
}

impl From<sqlx::Error> for FileError {
    fn from(err: sqlx::Error) -> Self {
        tracing::error!(error = %err, "file query failed");
        FileError::Database
    }
}

impl From<std::io::Error> for FileError {
    fn from(err: std::io::Error) -> Self {
        tracing::error!(error = %err, "file storage failed");
        FileError::Storage
    }
}
