//! How the search box's text becomes a query: everything in web-search syntax, and the
//! last word, when it is a plain word being typed, also as a prefix (so a partial Uzbek
//! word such as "bloklan" finds "bloklandi").

/// The search text split into the part searched as written and the last word to be
/// matched as a prefix (`None` when the text ends in a phrase, a negation or `or`).
pub fn split_last_word(text: &str) -> (String, Option<String>) {
    let text = text.trim();
    let whole = || (text.to_owned(), None);
    // Inside or right after a "quoted phrase": the phrase stays exact.
    if text.ends_with('"') || text.matches('"').count() % 2 == 1 {
        return whole();
    }
    let (head, last) = text.rsplit_once(char::is_whitespace).unwrap_or(("", text));
    let word = last.trim_end_matches(|c: char| !c.is_alphanumeric());
    if word.starts_with('-') || word.eq_ignore_ascii_case("or") || word.chars().count() < 2 {
        return whole();
    }
    (head.trim_end().to_owned(), Some(word.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::split_last_word;

    fn split(t: &str) -> (String, Option<String>) {
        split_last_word(t)
    }

    #[test]
    fn the_last_plain_word_is_a_prefix() {
        assert_eq!(split("bloklan"), (String::new(), Some("bloklan".into())));
        assert_eq!(split(" карта заблок "), ("карта".into(), Some("заблок".into())));
        assert_eq!(split("so‘m"), (String::new(), Some("so‘m".into())));
        assert_eq!(
            split("karta bloklandi?"),
            ("karta".into(), Some("bloklandi".into()))
        );
    }

    #[test]
    fn phrases_negations_and_or_stay_exact() {
        assert_eq!(split("\"karta bloklandi\""), ("\"karta bloklandi\"".into(), None));
        assert_eq!(split("\"karta blok"), ("\"karta blok".into(), None));
        assert_eq!(split("karta -blok"), ("karta -blok".into(), None));
        assert_eq!(split("karta or"), ("karta or".into(), None));
        assert_eq!(split("a"), ("a".into(), None));
        assert_eq!(split(""), (String::new(), None));
    }
}
