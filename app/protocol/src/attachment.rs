//! A file attached to a message, as both sides display it.

use crate::{MessageProblem, MAX_MESSAGE_CHARS};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    /// Random and unguessable: the file is `/files/{token}`.
    pub token: String,
    /// The uploader's file name, cleaned of path parts and control characters.
    pub name: String,
    /// Decided by the server from the file's own bytes.
    pub content_type: String,
    /// In bytes.
    pub size: i64,
    /// JPEG, PNG, GIF or WEBP: shown as a preview.
    pub is_image: bool,
}

impl Attachment {
    /// Where the file is downloaded from.
    pub fn url(&self) -> String {
        format!("/files/{}", self.token)
    }
}

/// Checks the text that goes with a file: it may be empty.
pub fn check_caption(body: &str) -> Result<&str, MessageProblem> {
    let trimmed = body.trim();
    if trimmed.chars().count() > MAX_MESSAGE_CHARS {
        Err(MessageProblem::TooLong)
    } else {
        Ok(trimmed)
    }
}

/// A size as people read it: `512 B`, `12.5 KB`, `3.4 MB` (units are the same in
/// every language the contact center speaks, bar the script: the caller translates).
pub fn size_parts(bytes: i64) -> (f64, SizeUnit) {
    const KB: f64 = 1024.0;
    let b = bytes.max(0) as f64;
    if b < KB {
        (b, SizeUnit::Bytes)
    } else if b < KB * KB {
        ((b / KB * 10.0).round() / 10.0, SizeUnit::Kilobytes)
    } else {
        ((b / KB / KB * 10.0).round() / 10.0, SizeUnit::Megabytes)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SizeUnit {
    Bytes,
    Kilobytes,
    Megabytes,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_caption_may_be_empty_but_not_too_long() {
        assert_eq!(check_caption("  "), Ok(""));
        assert_eq!(
            check_caption(&"a".repeat(MAX_MESSAGE_CHARS + 1)),
            Err(MessageProblem::TooLong)
        );
    }

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(size_parts(500), (500.0, SizeUnit::Bytes));
        assert_eq!(size_parts(1536), (1.5, SizeUnit::Kilobytes));
        assert_eq!(size_parts(3 * 1024 * 1024), (3.0, SizeUnit::Megabytes));
    }
}
