//! The workspace's live connection: staff events in, typing notices out.

use protocol::browser::{Handlers, ReconnectingSocket};
use protocol::staff::{StaffEvent, StaffFrame};

pub use protocol::browser::{now_ms, random_uuid as new_client_id};

#[derive(Clone)]
pub struct StaffSocket(ReconnectingSocket);

impl StaffSocket {
    /// `on_open` runs on every (re)connection (`true` after a drop).
    pub fn connect(
        on_event: impl Fn(StaffEvent) + 'static,
        on_open: impl Fn(bool) + 'static,
        on_close: impl Fn() + 'static,
    ) -> Self {
        StaffSocket(ReconnectingSocket::connect(
            "/ws/staff",
            Handlers {
                on_text: Box::new(move |text| {
                    if let Ok(event) = serde_json::from_str(&text) {
                        on_event(event);
                    }
                }),
                on_open: Box::new(on_open),
                on_close: Box::new(on_close),
            },
        ))
    }

    pub fn send(&self, frame: &StaffFrame) {
        if let Ok(text) = serde_json::to_string(frame) {
            self.0.send_text(&text);
        }
    }

    pub fn stop(&self) {
        self.0.stop();
    }
}
