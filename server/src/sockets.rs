//! The two WebSockets: customers' widgets and the staff workspace.

pub mod staff;
pub mod widget;

use axum::extract::ws::{Message as WsMessage, WebSocket};
use serde::Serialize;

/// Sends one JSON frame; `false` if the socket is gone.
async fn send_json<T: Serialize>(
    socket: &mut futures::stream::SplitSink<WebSocket, WsMessage>,
    frame: &T,
) -> bool {
    use futures::SinkExt;
    match serde_json::to_string(frame) {
        Ok(text) => socket.send(WsMessage::Text(text.into())).await.is_ok(),
        Err(_) => true,
    }
}
