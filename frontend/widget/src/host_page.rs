//! Tells the bank's page (the loader script) to grow or shrink the iframe.

pub fn set_open(open: bool) {
    if let Some(parent) = web_sys::window().and_then(|w| w.parent().ok().flatten()) {
        let message = if open { "cc-widget:open" } else { "cc-widget:close" };
        // Only the size changes hands; nothing private goes to the host page.
        let _ = parent.post_message(&wasm_bindgen::JsValue::from_str(message), "*");
    }
}
