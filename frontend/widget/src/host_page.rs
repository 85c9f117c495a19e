//! Talks to the bank's page (the loader script): grow or shrink the iframe, and
//! remember the customer's language in the page's own storage.

fn tell(message: &str) {
    if let Some(parent) = web_sys::window().and_then(|w| w.parent().ok().flatten()) {
        // Only the size and the language change hands; nothing private goes to the host page.
        let _ = parent.post_message(&wasm_bindgen::JsValue::from_str(message), "*");
    }
}

pub fn set_open(open: bool) {
    tell(if open { "cc-widget:open" } else { "cc-widget:close" });
}

pub fn save_language(code: &str) {
    tell(&format!("cc-widget:lang:{code}"));
}
