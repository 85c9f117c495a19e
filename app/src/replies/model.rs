//! Canned replies as the pages see them.

use serde::{Deserialize, Serialize};

/// The longest title, in characters.
pub const MAX_TITLE_CHARS: usize = 100;

/// A canned reply: the operator's own (personal) or everyone's (shared).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CannedReply {
    pub id: i64,
    pub title: String,
    /// The text, with placeholders such as `{customer_name}` still as written.
    pub body: String,
    /// Everyone sees it; holders of `replies.shared` edit it.
    pub shared: bool,
    /// RFC 3339, UTC.
    pub updated_at: String,
    /// Who saved it last (their display name), if the account still exists.
    pub updated_by: Option<String>,
}

/// A reply as typed in a form, before it is saved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyDraft {
    pub title: String,
    pub body: String,
    pub shared: bool,
}

/// What is wrong with a draft; the page says it next to the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DraftProblem {
    TitleMissing,
    TitleTooLong,
    BodyMissing,
    BodyTooLong,
}

impl ReplyDraft {
    /// Whether the draft may be saved (title and body are saved trimmed).
    pub fn check(&self) -> Result<(), DraftProblem> {
        let title = self.title.trim();
        if title.is_empty() {
            return Err(DraftProblem::TitleMissing);
        }
        if title.chars().count() > MAX_TITLE_CHARS {
            return Err(DraftProblem::TitleTooLong);
        }
        if self.body.trim().is_empty() {
            return Err(DraftProblem::BodyMissing);
        }
        if self.body.trim().chars().count() > protocol::MAX_MESSAGE_CHARS {
            return Err(DraftProblem::BodyTooLong);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(title: &str, body: &str) -> ReplyDraft {
        ReplyDraft {
            title: title.into(),
            body: body.into(),
            shared: false,
        }
    }

    #[test]
    fn drafts_need_a_title_and_a_body_within_limits() {
        assert_eq!(draft("Приветствие", "Здравствуйте!").check(), Ok(()));
        assert_eq!(draft("  ", "x").check(), Err(DraftProblem::TitleMissing));
        assert_eq!(
            draft(&"я".repeat(101), "x").check(),
            Err(DraftProblem::TitleTooLong)
        );
        assert_eq!(draft(&"я".repeat(100), "x").check(), Ok(()));
        assert_eq!(draft("t", " \n ").check(), Err(DraftProblem::BodyMissing));
        assert_eq!(
            draft("t", &"x".repeat(10_001)).check(),
            Err(DraftProblem::BodyTooLong)
        );
    }
}
