//! Snippets: PostgreSQL's `ts_headline` marks the matched words with two private control
//! characters; here they become text parts the page renders as `<mark>` text nodes.
//! The characters are stripped from message bodies before `ts_headline` sees them, so a
//! customer can't forge a highlight, and none survives into a part.

use crate::history::model::SnippetPart;

/// Starts a matched word in `ts_headline`'s output.
pub const START: char = '\u{1}';
/// Ends it.
pub const STOP: char = '\u{2}';

/// Splits marked text into plain and matched parts (empty parts dropped).
pub fn parts(marked: &str) -> Vec<SnippetPart> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut hit = false;
    for c in marked.chars() {
        let switch_to = match c {
            START => Some(true),
            STOP => Some(false),
            _ => None,
        };
        match switch_to {
            Some(next) => {
                if !text.is_empty() {
                    out.push(SnippetPart {
                        text: std::mem::take(&mut text),
                        hit,
                    });
                }
                hit = next;
            }
            None => text.push(c),
        }
    }
    if !text.is_empty() {
        out.push(SnippetPart { text, hit });
    }
    out
}

/// The text without the markers (for bodies shown unhighlighted).
pub fn plain(text: &str) -> Vec<SnippetPart> {
    let text: String = text.chars().filter(|c| *c != START && *c != STOP).collect();
    if text.is_empty() {
        Vec::new()
    } else {
        vec![SnippetPart { text, hit: false }]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str, hit: bool) -> SnippetPart {
        SnippetPart {
            text: text.into(),
            hit,
        }
    }

    #[test]
    fn marked_words_become_hits() {
        assert_eq!(
            parts("Ваша \u{1}карта\u{2} была \u{1}картой\u{2}"),
            vec![
                p("Ваша ", false),
                p("карта", true),
                p(" была ", false),
                p("картой", true)
            ]
        );
        assert_eq!(parts("\u{1}soʼm\u{2}"), vec![p("soʼm", true)]);
        assert_eq!(parts("nothing"), vec![p("nothing", false)]);
    }

    #[test]
    fn no_marker_leaks_and_html_stays_text() {
        let all = parts("<b>\u{1}x\u{2}</b>\u{2}\u{1}");
        assert!(all.iter().all(|s| !s.text.contains([START, STOP])));
        assert_eq!(all[0], p("<b>", false));
        assert_eq!(plain("a\u{1}b\u{2}c"), vec![p("abc", false)]);
        assert!(plain("\u{1}").is_empty());
    }
}
