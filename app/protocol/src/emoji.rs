//! The emoji both pickers offer (the operator's reply box and the customer's widget):
//! a short static list in a few groups, no network, and where a picked one goes in the
//! text. Browsers count the caret in UTF-16 code units; Rust strings are UTF-8.

/// A group of the picker; each bundle translates its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EmojiGroup {
    Smileys,
    Gestures,
    Symbols,
    Objects,
}

/// The groups and their emoji, in the order the picker shows them.
pub const EMOJI: [(EmojiGroup, &[&str]); 4] = [
    (
        EmojiGroup::Smileys,
        &[
            "😀", "😃", "😄", "😁", "😊", "🙂", "😉", "😍", "🥰", "😘", "😎", "🤗", "🤔", "😐", "😅", "😂",
            "🤣", "😇", "🙃", "😌", "😔", "😢", "😭", "😮",
        ],
    ),
    (
        EmojiGroup::Gestures,
        &[
            "👍", "👎", "👌", "✌️", "🤝", "🙏", "👏", "🙌", "👋", "💪", "☝️", "👉", "🤞", "✋", "🤷", "🙋",
            "💁", "👀",
        ],
    ),
    (
        EmojiGroup::Symbols,
        &[
            "❤️", "🧡", "💛", "💚", "💙", "💜", "💯", "✅", "❌", "❗", "❓", "⚠️", "⭐", "🔥", "✨", "🎉",
            "🎁", "🆗",
        ],
    ),
    (
        EmojiGroup::Objects,
        &[
            "💳", "💰", "💵", "💶", "🏦", "🏧", "📱", "💻", "📞", "✉️", "📧", "📄", "📎", "🔒", "🔑", "⏰",
            "⏳", "📅", "🕐", "🚗",
        ],
    ),
];

/// The byte index in `text` of a UTF-16 offset (clamped to the text, and never inside
/// a character).
pub fn byte_index(text: &str, utf16: u32) -> usize {
    let mut units = 0u32;
    for (i, c) in text.char_indices() {
        if units >= utf16 {
            return i;
        }
        units += c.len_utf16() as u32;
    }
    text.len()
}

/// The UTF-16 offset of a byte index in `text`.
pub fn utf16_offset(text: &str, byte: usize) -> u32 {
    text.get(..byte)
        .map_or_else(|| text.encode_utf16().count(), |s| s.encode_utf16().count()) as u32
}

/// `text` with the bytes `start..end` replaced by `insert`, and the byte index just
/// after the inserted part (where the caret goes).
pub fn splice(text: &str, start: usize, end: usize, insert: &str) -> (String, usize) {
    let start = start.min(text.len());
    let end = end.clamp(start, text.len());
    let mut out = String::with_capacity(text.len() + insert.len());
    out.push_str(&text[..start]);
    out.push_str(insert);
    let caret = out.len();
    out.push_str(&text[end..]);
    (out, caret)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn about_eighty_distinct_emoji() {
        let all: Vec<&str> = EMOJI.iter().flat_map(|(_, list)| list.iter().copied()).collect();
        assert_eq!(all.len(), 80);
        let mut unique = all.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), all.len());
    }

    #[test]
    fn utf16_offsets_map_to_bytes_and_back() {
        let text = "Ок 👍 да";
        // "Ок " is 3 UTF-16 units, the thumb 2 more.
        assert_eq!(byte_index(text, 3), "Ок ".len());
        assert_eq!(byte_index(text, 5), "Ок 👍".len());
        assert_eq!(byte_index(text, 4), "Ок 👍".len(), "never inside a character");
        assert_eq!(byte_index(text, 99), text.len());
        assert_eq!(utf16_offset(text, "Ок 👍".len()), 5);
        assert_eq!(utf16_offset(text, text.len()), 8);
    }

    #[test]
    fn splice_replaces_a_range_and_says_where_the_caret_goes() {
        let (text, caret) = splice(
            "Привет /прив!",
            "Привет ".len(),
            "Привет /прив".len(),
            "Здравствуйте",
        );
        assert_eq!(text, "Привет Здравствуйте!");
        assert_eq!(caret, "Привет Здравствуйте".len());
        assert_eq!(splice("ab", 1, 1, "😀"), ("a😀b".to_owned(), 5));
        assert_eq!(splice("ab", 5, 9, "!"), ("ab!".to_owned(), 3));
    }
}
