//! What the widget learns from its frame's address and keeps in the browser.

use web_sys::UrlSearchParams;

/// `channel` and `lang` from the frame's query string (set by the loader script).
pub struct Settings {
    pub channel: String,
    pub lang: Option<String>,
}

pub fn from_location() -> Settings {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    let params = UrlSearchParams::new_with_str(&search).ok();
    let get = |name: &str| {
        params
            .as_ref()
            .and_then(|p| p.get(name))
            .filter(|v| !v.is_empty())
    };
    Settings {
        channel: get("channel").unwrap_or_default(),
        lang: get("lang"),
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// The visitor token for a channel: made once, kept in this browser's storage.
/// Whoever holds it is this customer, so it never leaves the widget but to the server.
pub fn visitor_token(channel: &str) -> String {
    let key = format!("cc_visitor_{channel}");
    if let Some(token) = storage().and_then(|s| s.get_item(&key).ok().flatten()) {
        return token;
    }
    let token = format!(
        "{}{}",
        protocol::browser::random_uuid(),
        protocol::browser::random_uuid()
    );
    if let Some(s) = storage() {
        let _ = s.set_item(&key, &token);
    }
    token
}

pub fn saved_language() -> Option<String> {
    storage().and_then(|s| s.get_item("cc_lang").ok().flatten())
}

pub fn save_language(code: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item("cc_lang", code);
    }
}
