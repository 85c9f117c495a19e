//! `/ws/staff`: pushes to a signed-in staff member what changed in the
//! conversations they may see, and carries their typing notices to customers.

use super::send_json;
use app::auth::guard::{token_from_headers, user_from_token};
use app::domain::bus::BusEvent;
use app::domain::state::AppState;
use app::domain::{assistant, conversations};
use app::model::CurrentUser;
use app::permission::Permission;
use axum::extract::ws::{Message as WsMessage, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use futures::StreamExt;
use http::{HeaderMap, StatusCode};
use protocol::staff::{StaffEvent, StaffFrame};
use std::collections::HashSet;
use tokio::sync::broadcast::error::RecvError;

pub async fn upgrade(ws: WebSocketUpgrade, headers: HeaderMap, State(state): State<AppState>) -> Response {
    if !same_origin(&headers) {
        return StatusCode::FORBIDDEN.into_response();
    }
    let user = match user_from_token(&state, token_from_headers(&headers)).await {
        Ok(user) => user,
        Err(_) => return StatusCode::UNAUTHORIZED.into_response(),
    };
    if !user.can(Permission::ConversationsHandle) && !user.can(Permission::ConversationsViewAll) {
        return StatusCode::FORBIDDEN.into_response();
    }
    ws.max_message_size(16 * 1024)
        .on_upgrade(move |socket| serve(socket, state, user))
}

/// A browser always sends `Origin` on a WebSocket handshake; another site's page
/// must not ride on the staff member's cookie.
fn same_origin(headers: &HeaderMap) -> bool {
    let host = headers.get(http::header::HOST).and_then(|h| h.to_str().ok());
    match (
        headers.get(http::header::ORIGIN).and_then(|o| o.to_str().ok()),
        host,
    ) {
        (None, _) => true,
        (Some(origin), Some(host)) => origin.split_once("://").is_some_and(|(_, rest)| rest == host),
        (Some(_), None) => false,
    }
}

async fn serve(socket: WebSocket, state: AppState, user: CurrentUser) {
    let (mut tx, mut rx) = socket.split();
    let mut events = state.bus.subscribe();
    // Conversations this staff member was invited into as an expert (those who see
    // everything need no list); renewed on every internal event.
    let sees_all = user.can(Permission::ConversationsViewAll);
    let mut invited: HashSet<i64> = HashSet::new();
    if !sees_all {
        invited = assistant::invited_to(&state.pool, user.id)
            .await
            .unwrap_or_default()
            .into_iter()
            .collect();
    }
    loop {
        tokio::select! {
            incoming = rx.next() => match incoming {
                Some(Ok(WsMessage::Text(text))) => {
                    if let Ok(StaffFrame::Typing { conversation_id }) = serde_json::from_str(&text) {
                        if let Ok(Some(customer_id)) =
                            conversations::customer_of_active(&state.pool, conversation_id, user.id).await
                        {
                            state.bus.publish(BusEvent::OperatorTyping { customer_id });
                        }
                    }
                }
                Some(Ok(WsMessage::Close(_))) | None | Some(Err(_)) => break,
                Some(Ok(_)) => {}
            },
            event = events.recv() => match event {
                Ok(event) => {
                    if let (false, BusEvent::Internal { .. }) = (sees_all, &event) {
                        invited = assistant::invited_to(&state.pool, user.id)
                            .await
                            .unwrap_or_default()
                            .into_iter()
                            .collect();
                    }
                    if let Some(out) = visible(&user, &invited, event) {
                        if !send_json(&mut tx, &out).await {
                            break;
                        }
                    }
                }
                // The page reloads its lists on reconnect; closing makes it do so.
                Err(RecvError::Lagged(_)) | Err(RecvError::Closed) => break,
            },
        }
    }
}

/// What of a bus event this staff member may see; `invited` are the conversations
/// they were invited into as an expert.
fn visible(user: &CurrentUser, invited: &HashSet<i64>, event: BusEvent) -> Option<StaffEvent> {
    let sees_all = user.can(Permission::ConversationsViewAll);
    let handles = user.can(Permission::ConversationsHandle);
    match event {
        BusEvent::Conversation { mut summary, .. } => {
            if !conversations::can_read(user, &summary) {
                // Others learn only that it changed (e.g. left the queue), not what it says.
                summary.last_message = None;
                summary.customer_name = String::new();
            }
            Some(StaffEvent::Conversation { summary })
        }
        BusEvent::Message {
            operator_id, message, ..
        } => {
            let mine = operator_id == Some(user.id) || (operator_id.is_none() && handles);
            let expert = invited.contains(&message.conversation_id);
            (sees_all || mine || expert).then_some(StaffEvent::Message { message })
        }
        BusEvent::CustomerTyping {
            conversation_id,
            operator_id,
        } => (sees_all || operator_id == Some(user.id) || invited.contains(&conversation_id))
            .then_some(StaffEvent::CustomerTyping { conversation_id }),
        // Only the id: whoever may read the conversation reloads it.
        BusEvent::Internal { conversation_id } => Some(StaffEvent::Internal { conversation_id }),
        BusEvent::OperatorState { user_id } => sees_all.then_some(StaffEvent::OperatorState { user_id }),
        BusEvent::QueueReordered => Some(StaffEvent::QueueReordered),
        BusEvent::OperatorTyping { .. } => None,
    }
}
