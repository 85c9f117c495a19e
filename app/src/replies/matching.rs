//! Finding canned replies while typing: the `/query` before the caret, and the
//! replies that match it.

use super::model::CannedReply;

/// How many replies the popup lists at most.
pub const MAX_SHOWN: usize = 8;

/// A `/` typed at the start of the draft or after whitespace, and what follows it up
/// to the caret (no whitespace in between).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SlashQuery {
    /// Byte index of the `/`.
    pub start: usize,
    pub query: String,
}

/// The `/query` that ends at the caret (a byte index into `text`), if any.
pub fn slash_query(text: &str, caret: usize) -> Option<SlashQuery> {
    let before = text.get(..caret)?;
    let word_start = before
        .rfind(char::is_whitespace)
        .map_or(0, |i| i + before[i..].chars().next().map_or(1, char::len_utf8));
    let word = &before[word_start..];
    let query = word.strip_prefix('/')?;
    if query.contains('/') {
        return None;
    }
    Some(SlashQuery {
        start: word_start,
        query: query.to_owned(),
    })
}

/// The replies whose title or text contains `query` (any letter case): personal ones
/// first, then shared; within each, titles that start with the query first, then by title.
pub fn matching<'a>(replies: &'a [CannedReply], query: &str) -> Vec<&'a CannedReply> {
    let query = query.trim().to_lowercase();
    let mut found: Vec<(bool, bool, String, &CannedReply)> = replies
        .iter()
        .filter_map(|r| {
            let title = r.title.to_lowercase();
            let hit = query.is_empty() || title.contains(&query) || r.body.to_lowercase().contains(&query);
            hit.then(|| (r.shared, !title.starts_with(&query), title, r))
        })
        .collect();
    found.sort_by(|a, b| (a.0, a.1, &a.2).cmp(&(b.0, b.1, &b.2)));
    found.into_iter().map(|(.., r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(id: i64, title: &str, body: &str, shared: bool) -> CannedReply {
        CannedReply {
            id,
            title: title.into(),
            body: body.into(),
            shared,
            updated_at: String::new(),
            updated_by: None,
        }
    }

    #[test]
    fn a_slash_opens_at_the_start_or_after_a_space() {
        let q = |text: &str| slash_query(text, text.len());
        assert_eq!(
            q("/прив"),
            Some(SlashQuery {
                start: 0,
                query: "прив".into()
            })
        );
        assert_eq!(
            q("Добрый день /"),
            Some(SlashQuery {
                start: "Добрый день ".len(),
                query: String::new()
            })
        );
        assert_eq!(q("строка\n/карт").map(|s| s.query), Some("карт".into()));
        assert_eq!(q("и/или"), None);
        assert_eq!(q("/прив "), None, "a space ends the query");
        assert_eq!(q("https://bank.uz"), None);
        assert_eq!(q("/a/b"), None);
        assert_eq!(q("нет слэша"), None);
    }

    #[test]
    fn the_query_ends_at_the_caret() {
        let text = "/прив и дальше";
        assert_eq!(slash_query(text, "/пр".len()).map(|s| s.query), Some("пр".into()));
        assert_eq!(slash_query(text, 1).map(|s| s.query), Some(String::new()));
        assert_eq!(slash_query(text, 2), None, "not a character boundary");
    }

    #[test]
    fn matches_title_or_body_in_any_case_personal_first() {
        let replies = vec![
            reply(1, "Приветствие банка", "Добро пожаловать", true),
            reply(2, "Карта", "Ваша карта ПРИВЯЗАНА", false),
            reply(3, "Приветствие", "Здравствуйте, {customer_name}!", false),
            reply(4, "Прощание", "До свидания", false),
        ];
        let ids = |q: &str| matching(&replies, q).iter().map(|r| r.id).collect::<Vec<_>>();
        assert_eq!(ids("прив"), vec![3, 2, 1]);
        assert_eq!(ids("ПРИВ"), vec![3, 2, 1]);
        assert_eq!(ids(""), vec![2, 3, 4, 1]);
        assert_eq!(ids("свидан"), vec![4]);
        assert!(ids("кредит").is_empty());
    }
}
