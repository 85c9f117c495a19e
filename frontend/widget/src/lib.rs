//! The customer's web-chat widget. Runs inside an iframe served by the contact
//! center (`/widget/frame`), which the bank's page adds with one script tag
//! (`public/widget.js`). Everything it says goes through `locales/widget`.

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

mod attach;
mod chat;
mod connection;
mod emoji_picker;
mod host_page;
mod launcher;
mod panel;
mod rating;
mod settings;

use wasm_bindgen::prelude::*;

#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(panel::Widget);
}
