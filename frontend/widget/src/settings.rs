//! What the widget learns from its frame's address (set by the loader script).
//!
//! Browsers deny storage to third-party frames, so the loader keeps the visitor
//! token and the language choice in the bank page's own storage and passes them in:
//! `?channel=KEY&lang=ru#visitor=TOKEN&identifier=ID&identifier_hash=HMAC` (a fragment
//! never reaches any server log).

use web_sys::UrlSearchParams;

pub struct Settings {
    pub channel: String,
    pub lang: Option<String>,
    /// Whoever holds it is this customer; it goes only to the contact center's socket.
    pub visitor: String,
    /// The bank's customer id and its signature, when the bank's page signed who the
    /// customer is (`data-identifier`, `data-identifier-hash` on the loader's tag).
    pub identifier: String,
    pub identifier_hash: String,
}

pub fn from_location() -> Settings {
    let location = web_sys::window().map(|w| w.location());
    let read = |part: Option<String>| {
        UrlSearchParams::new_with_str(part.unwrap_or_default().trim_start_matches(['?', '#'])).ok()
    };
    let query = read(location.as_ref().and_then(|l| l.search().ok()));
    let fragment = read(location.as_ref().and_then(|l| l.hash().ok()));
    let get = |params: &Option<UrlSearchParams>, name: &str| {
        params
            .as_ref()
            .and_then(|p| p.get(name))
            .filter(|v| !v.is_empty())
    };
    Settings {
        channel: get(&query, "channel").unwrap_or_default(),
        lang: get(&query, "lang"),
        identifier: get(&fragment, "identifier").unwrap_or_default(),
        identifier_hash: get(&fragment, "identifier_hash").unwrap_or_default(),
        // Opened without the loader: a token for this visit only.
        visitor: get(&fragment, "visitor").unwrap_or_else(|| {
            format!(
                "{}{}",
                protocol::browser::random_uuid(),
                protocol::browser::random_uuid()
            )
        }),
    }
}
