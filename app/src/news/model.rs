//! News as the pages see them (TS 8.5).

use crate::model::OperatorGroup;
use serde::{Deserialize, Serialize};

/// The longest topic (title) of a news item, in characters.
pub const TITLE_MAX: usize = 200;
/// The longest text of a news item, in characters.
pub const BODY_MAX: usize = 10_000;

/// A news item addressed to the reader.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct NewsItem {
    pub id: i64,
    /// The news' topic.
    pub title: String,
    /// Plain text.
    pub body: String,
    /// The author's display name; `None` once the account is gone.
    pub author: Option<String>,
    /// RFC 3339, UTC.
    pub published_at: String,
    /// When the reader acknowledged it (RFC 3339); `None` while unread.
    pub read_at: Option<String>,
}

/// What a publisher writes.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NewsDraft {
    pub title: String,
    pub body: String,
    /// To every staff member; otherwise to the members of `group_ids`.
    pub for_all: bool,
    pub group_ids: Vec<i64>,
}

/// Why a draft can't be published (checked in the browser and again on the server).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DraftProblem {
    TitleMissing,
    TitleTooLong,
    BodyMissing,
    BodyTooLong,
    NoAudience,
}

impl NewsDraft {
    /// The draft's problems, in the order of the form's fields.
    pub fn problems(&self) -> Vec<DraftProblem> {
        let mut out = Vec::new();
        let title = self.title.trim();
        if title.is_empty() {
            out.push(DraftProblem::TitleMissing);
        } else if title.chars().count() > TITLE_MAX {
            out.push(DraftProblem::TitleTooLong);
        }
        let body = self.body.trim();
        if body.is_empty() {
            out.push(DraftProblem::BodyMissing);
        } else if body.chars().count() > BODY_MAX {
            out.push(DraftProblem::BodyTooLong);
        }
        if !self.for_all && self.group_ids.is_empty() {
            out.push(DraftProblem::NoAudience);
        }
        out
    }
}

/// A published news item as its publishers see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct PublishedNews {
    pub id: i64,
    pub title: String,
    pub author: Option<String>,
    /// RFC 3339, UTC.
    pub published_at: String,
    pub for_all: bool,
    /// Names of the groups it went to (empty when `for_all`).
    pub groups: Vec<String>,
    /// Members of the audience who acknowledged it.
    pub read_count: i64,
    /// Staff it is addressed to (active accounts).
    pub audience_count: i64,
}

/// The publishing page's data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewsBoard {
    pub published: Vec<PublishedNews>,
    pub groups: Vec<OperatorGroup>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(title: &str, body: &str, for_all: bool, group_ids: Vec<i64>) -> NewsDraft {
        NewsDraft {
            title: title.into(),
            body: body.into(),
            for_all,
            group_ids,
        }
    }

    #[test]
    fn a_complete_draft_has_no_problems() {
        assert!(draft("Тема", "Текст", true, vec![]).problems().is_empty());
        assert!(draft("Тема", "Текст", false, vec![3]).problems().is_empty());
    }

    #[test]
    fn blank_fields_and_a_missing_audience_are_named() {
        assert_eq!(
            draft("  ", "\n", false, vec![]).problems(),
            vec![
                DraftProblem::TitleMissing,
                DraftProblem::BodyMissing,
                DraftProblem::NoAudience
            ]
        );
        let long = "я".repeat(TITLE_MAX + 1);
        assert_eq!(
            draft(&long, "x", true, vec![]).problems(),
            vec![DraftProblem::TitleTooLong]
        );
        assert!(draft(&"я".repeat(TITLE_MAX), "x", true, vec![])
            .problems()
            .is_empty());
    }
}
