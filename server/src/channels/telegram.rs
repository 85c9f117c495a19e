//! Telegram Bot API (<https://core.telegram.org/bots/api>): updates arrive by long
//! polling (`getUpdates`) or by webhook (`setWebhook` with a secret token checked on
//! every call); text, photos and documents go both ways; a closed conversation's rating
//! form is a row of buttons.

pub mod api;
pub mod poller;
pub mod send;
pub mod updates;
pub mod webhook;
