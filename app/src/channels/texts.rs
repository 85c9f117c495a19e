//! What a messenger customer reads from the product itself (the rating form and its
//! answers), and the notes that stand in for a file the product did not take, in the
//! conversation's language.

use crate::i18n::*;
use crate::reports::export_labels::locale_of;

pub enum Text {
    /// Asks for a rating from 1 to `scale` with buttons.
    RatePrompt {
        scale: i16,
    },
    /// Asks for a rating from 1 to `scale` as a reply with the number (no buttons).
    RatePromptNumbered {
        scale: i16,
    },
    Thanks,
    /// The rating was not taken (already rated, or not closed).
    CannotRate,
    /// A file over the administrators' limit.
    FileTooLarge {
        kb: u64,
    },
    /// A file of a type the bank does not accept.
    FileTypeRefused,
    /// The messenger did not hand the file over.
    FileUnavailable,
}

pub fn text_for(language: &str, text: Text) -> String {
    let locale = locale_of(Some(language));
    match text {
        Text::RatePrompt { scale } => td_string!(locale, messenger_rate_prompt, scale).to_string(),
        Text::RatePromptNumbered { scale } => {
            td_string!(locale, messenger_rate_prompt_numbered, scale).to_string()
        }
        Text::Thanks => td_string!(locale, messenger_rate_thanks).to_string(),
        Text::CannotRate => td_string!(locale, messenger_rate_refused).to_string(),
        Text::FileTooLarge { kb } => td_string!(locale, messenger_file_too_large, kb).to_string(),
        Text::FileTypeRefused => td_string!(locale, messenger_file_type_refused).to_string(),
        Text::FileUnavailable => td_string!(locale, messenger_file_unavailable).to_string(),
    }
}
