//! Marks the open conversation read up to its last message: when the pane shows it,
//! and again as new messages arrive while it stays open.

use super::Live;
use leptos::prelude::*;

#[component]
pub fn ReadMarker() -> impl IntoView {
    let live = expect_context::<Live>();
    // The last (conversation, message) told to the server.
    let marked = StoredValue::new(None::<(i64, i64)>);
    Effect::new(move |_| {
        let Some(view) = live.conversation.get().and_then(|r| r.ok()).flatten() else {
            return;
        };
        let Some(last) = view.messages.iter().map(|m| m.id).max() else {
            return;
        };
        let key = (view.summary.id, last);
        if marked.get_value() == Some(key) {
            return;
        }
        marked.set_value(Some(key));
        leptos::task::spawn_local(async move {
            if crate::workspace::mark_read(key.0, key.1).await.is_ok() {
                live.snapshot.refetch();
            }
        });
    });
}
