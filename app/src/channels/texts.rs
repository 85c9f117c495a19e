//! What a messenger customer reads from the product itself (the rating form and its
//! answers), in the customer's language.

use crate::i18n::*;
use crate::reports::export_labels::locale_of;

pub enum Text {
    /// Asks for a rating from 1 to `scale`.
    RatePrompt {
        scale: i16,
    },
    Thanks,
    /// The rating was not taken (already rated, or not closed).
    CannotRate,
}

pub fn text_for(language: &str, text: Text) -> String {
    let locale = locale_of(Some(language));
    match text {
        Text::RatePrompt { scale } => td_string!(locale, messenger_rate_prompt, scale).to_string(),
        Text::Thanks => td_string!(locale, messenger_rate_thanks).to_string(),
        Text::CannotRate => td_string!(locale, messenger_rate_refused).to_string(),
    }
}
