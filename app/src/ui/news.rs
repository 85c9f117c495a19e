//! News for staff (TS 8.5): the must-read window before the workspace, the news menu,
//! the publishing page, and the menu's link with the unread count.

pub mod gate;
pub mod manage_page;
pub mod nav_link;
pub mod news_page;

/// The window event that tells the menu's badge to count again after news were read.
pub const NEWS_CHANGED: &str = "cc-news-changed";

/// Tells the page's other parts (the menu's badge) that news were read.
#[cfg(feature = "hydrate")]
pub fn announce_read() {
    if let Some(w) = leptos::web_sys::window() {
        if let Ok(e) = leptos::web_sys::Event::new(NEWS_CHANGED) {
            let _ = w.dispatch_event(&e);
        }
    }
}

#[cfg(not(feature = "hydrate"))]
pub fn announce_read() {}
