//! `/ws/widget`: one customer's chat window, in the widget or a mobile app. On the
//! widget the customer is whoever holds the visitor token; a bank id signed by the bank
//! (`identifier`, `identifier_hash`) makes them a verified customer, joined with the
//! same person on other channels. On a mobile channel the signed bank id is required
//! and is the customer's only key. Either way they see only their own conversation.

use super::send_json;
use app::channels::model::customer_language;
use app::domain::bus::BusEvent;
use app::domain::channels::{self, Channel};
use app::domain::conversations::{self, ConversationError};
use app::domain::customers::{self, Customer};
use app::domain::messages::{self, StoreError};
use app::domain::routing;
use app::domain::state::AppState;
use axum::extract::ws::{Message as WsMessage, WebSocket, WebSocketUpgrade};
use axum::extract::{Query, State};
use axum::response::Response;
use futures::stream::SplitSink;
use futures::StreamExt;
use protocol::widget::{ClientFrame, ConversationState, ServerFrame, WidgetProblem};
use protocol::ConversationStatus;
use serde::Deserialize;
use tokio::sync::broadcast::error::RecvError;

#[derive(Deserialize)]
pub struct Params {
    channel: String,
    #[serde(default)]
    visitor: String,
    #[serde(default)]
    lang: String,
    /// The bank's customer id, and HMAC-SHA256 of it with the channel's identity secret.
    #[serde(default)]
    identifier: String,
    #[serde(default)]
    identifier_hash: String,
}

pub async fn upgrade(
    ws: WebSocketUpgrade,
    Query(params): Query<Params>,
    State(state): State<AppState>,
) -> Response {
    ws.max_message_size(64 * 1024)
        .on_upgrade(move |socket| serve(socket, state, params))
}

struct Session {
    state: AppState,
    channel: Channel,
    customer: Customer,
    language: &'static str,
    /// The customer's latest conversation, and its operator.
    conversation: Option<i64>,
    operator: Option<i64>,
    /// The queue place last told to the customer, while their conversation waits.
    place: Option<(i64, Option<i64>)>,
}

async fn serve(socket: WebSocket, state: AppState, params: Params) {
    let (mut tx, mut rx) = socket.split();
    let problem = |p| ServerFrame::Error { problem: p };
    let channel = match channels::find_by_key(&state.pool, &params.channel).await {
        Ok(Some(c)) => c,
        Ok(None) => {
            send_json(&mut tx, &problem(WidgetProblem::UnknownChannel)).await;
            return;
        }
        Err(_) => {
            send_json(&mut tx, &problem(WidgetProblem::Unavailable)).await;
            return;
        }
    };
    let language = customer_language(&params.lang);
    let who = Identity {
        visitor: &params.visitor,
        identifier: &params.identifier,
        identifier_hash: &params.identifier_hash,
    };
    let customer = match identify(&state, &channel, &who, language).await {
        Ok(c) => c,
        Err(p) => {
            send_json(&mut tx, &problem(p)).await;
            return;
        }
    };
    // Subscribe before reading, so nothing stored in between is missed.
    let mut events = state.bus.subscribe();
    let mut session = Session {
        state,
        channel,
        customer,
        language,
        conversation: None,
        operator: None,
        place: None,
    };
    if !session.welcome(&mut tx).await {
        return;
    }
    loop {
        tokio::select! {
            incoming = rx.next() => match incoming {
                Some(Ok(WsMessage::Text(text))) => {
                    if let Ok(frame) = serde_json::from_str::<ClientFrame>(&text) {
                        if !session.handle(frame, &mut tx).await {
                            break;
                        }
                    }
                }
                Some(Ok(WsMessage::Close(_))) | None | Some(Err(_)) => break,
                Some(Ok(_)) => {}
            },
            event = events.recv() => match event {
                Ok(event) => {
                    if !session.forward(event, &mut tx).await {
                        break;
                    }
                }
                // Fell behind: send the whole state again rather than lose anything.
                Err(RecvError::Lagged(_)) => {
                    if !session.welcome(&mut tx).await {
                        break;
                    }
                }
                Err(RecvError::Closed) => break,
            },
        }
    }
}

/// What a widget or app presents as who it is.
pub struct Identity<'a> {
    pub visitor: &'a str,
    pub identifier: &'a str,
    pub identifier_hash: &'a str,
}

/// Who the customer is: the signed bank id (required on a mobile channel), or the
/// widget's visitor token; a valid signature joins them with the same person elsewhere.
pub async fn identify(
    state: &AppState,
    channel: &Channel,
    params: &Identity<'_>,
    language: &str,
) -> Result<Customer, WidgetProblem> {
    use app::domain::channels::messenger;
    use app::domain::customers::signed;
    let signed_id = !params.identifier.is_empty() || !params.identifier_hash.is_empty();
    let secret = if signed_id || channel.is_mobile() {
        messenger::load(&state.pool, &state.secrets, channel.id)
            .await
            .map_err(|_| WidgetProblem::Unavailable)?
            .secret("identity_secret")
            .map(str::to_owned)
    } else {
        None
    };
    let verified = match &secret {
        Some(secret) if signed_id => {
            if !signed::valid(secret, params.identifier, params.identifier_hash) {
                tracing::warn!(
                    channel = channel.id,
                    "a widget identity with a wrong signature was refused"
                );
                return Err(WidgetProblem::BadIdentity);
            }
            true
        }
        _ if signed_id || channel.is_mobile() => return Err(WidgetProblem::BadIdentity),
        _ => false,
    };
    let visitor = if channel.is_mobile() {
        signed::visitor_key(secret.as_deref().unwrap_or_default(), params.identifier)
    } else if customers::valid_visitor_token(params.visitor) {
        params.visitor.to_owned()
    } else {
        return Err(WidgetProblem::BadVisitor);
    };
    let pool = &state.pool;
    let customer = customers::find_or_create_visitor(pool, channel.id, &visitor, language)
        .await
        .map_err(|_| WidgetProblem::Unavailable)?;
    if !verified {
        return Ok(customer);
    }
    match signed::attach(pool, customer.id, params.identifier).await {
        Ok(id) if id == customer.id => Ok(customer),
        // Merged into the customer who already held the bank id: that one from now on.
        Ok(_) => customers::find_or_create_visitor(pool, channel.id, &visitor, language)
            .await
            .map_err(|_| WidgetProblem::Unavailable),
        // Both in an open conversation: recognised once one of them closes.
        Err(app::domain::customers::merge::MergeError::BothOpen) => Ok(customer),
        Err(_) => Err(WidgetProblem::Unavailable),
    }
}

type Tx = SplitSink<WebSocket, WsMessage>;

impl Session {
    /// Sends the channel's settings and the customer's latest conversation in full.
    async fn welcome(&mut self, tx: &mut Tx) -> bool {
        let pool = &self.state.pool;
        let conversation = match conversations::latest_of_customer(pool, self.customer.id).await {
            Ok(c) => c,
            Err(_) => {
                return send_json(
                    tx,
                    &ServerFrame::Error {
                        problem: WidgetProblem::Unavailable,
                    },
                )
                .await
            }
        };
        let mut history = Vec::new();
        if let Some(c) = &conversation {
            history = messages::of_conversation(pool, c.id).await.unwrap_or_default();
            self.operator = conversations::summary(pool, c.id)
                .await
                .ok()
                .and_then(|s| s.operator_id);
        }
        self.conversation = conversation.as_ref().map(|c| c.id);
        let conversation = match conversation {
            Some(c) => Some(self.with_place(c).await),
            None => None,
        };
        send_json(
            tx,
            &ServerFrame::Welcome {
                rating_scale: self.channel.rating_scale,
                conversation,
                messages: history,
            },
        )
        .await
    }

    async fn handle(&mut self, frame: ClientFrame, tx: &mut Tx) -> bool {
        let state = self.state.clone();
        match frame {
            ClientFrame::Send { client_id, body } => {
                let stored = conversations::customer_writes(
                    &state.pool,
                    self.customer.id,
                    self.channel.id,
                    self.language,
                    &client_id,
                    &body,
                )
                .await;
                match stored {
                    Ok((message, new, opened)) => {
                        self.conversation = Some(message.conversation_id);
                        if new {
                            if let Ok((_, summary)) =
                                conversations::announce(&state.pool, &state.bus, message.conversation_id)
                                    .await
                            {
                                state.bus.publish(BusEvent::Message {
                                    customer_id: self.customer.id,
                                    operator_id: summary.operator_id,
                                    message: message.clone(),
                                });
                            }
                        }
                        let message_conversation = message.conversation_id;
                        let acknowledged = send_json(tx, &ServerFrame::Message { message }).await;
                        if opened {
                            if let Ok(Some(reply)) =
                                routing::notices::auto_reply(&state.pool, message_conversation).await
                            {
                                state.bus.publish(BusEvent::Message {
                                    customer_id: self.customer.id,
                                    operator_id: None,
                                    message: reply,
                                });
                            }
                            routing::assign_and_announce(&state.pool, &state.bus).await;
                        }
                        acknowledged
                    }
                    Err(StoreError::Refused(problem)) => {
                        send_json(tx, &ServerFrame::Refused { client_id, problem }).await
                    }
                    Err(StoreError::Database) => {
                        send_json(
                            tx,
                            &ServerFrame::Error {
                                problem: WidgetProblem::Unavailable,
                            },
                        )
                        .await
                    }
                }
            }
            ClientFrame::Typing => {
                if let Some(conversation_id) = self.conversation {
                    state.bus.publish(BusEvent::CustomerTyping {
                        conversation_id,
                        operator_id: self.operator,
                    });
                }
                true
            }
            ClientFrame::Rate { score, comment } => {
                let Some(id) = self.conversation else {
                    return send_json(
                        tx,
                        &ServerFrame::Error {
                            problem: WidgetProblem::BadRating,
                        },
                    )
                    .await;
                };
                match conversations::rate(&state.pool, id, self.customer.id, score, comment.as_deref()).await
                {
                    Ok(()) => {
                        let _ = conversations::announce(&state.pool, &state.bus, id).await;
                        true
                    }
                    Err(ConversationError::Database) => {
                        send_json(
                            tx,
                            &ServerFrame::Error {
                                problem: WidgetProblem::Unavailable,
                            },
                        )
                        .await
                    }
                    Err(_) => {
                        send_json(
                            tx,
                            &ServerFrame::Error {
                                problem: WidgetProblem::BadRating,
                            },
                        )
                        .await
                    }
                }
            }
            ClientFrame::Resume => match conversations::resume(&state.pool, self.customer.id).await {
                Ok(id) => {
                    let _ = conversations::announce(&state.pool, &state.bus, id).await;
                    routing::assign_and_announce(&state.pool, &state.bus).await;
                    true
                }
                Err(_) => {
                    send_json(
                        tx,
                        &ServerFrame::Error {
                            problem: WidgetProblem::NothingToResume,
                        },
                    )
                    .await
                }
            },
        }
    }

    /// Adds the queue place (and expected wait) to a waiting conversation's state, and
    /// remembers it.
    async fn with_place(&mut self, mut state: ConversationState) -> ConversationState {
        self.place = None;
        if state.status == ConversationStatus::Waiting {
            if let Ok(Some((position, minutes))) = routing::queue_place(&self.state.pool, state.id).await {
                state.queue_position = Some(position);
                state.expected_wait_minutes = minutes;
                self.place = Some((position, minutes));
            }
        }
        state
    }

    /// Passes on what concerns this customer, and nothing else.
    async fn forward(&mut self, event: BusEvent, tx: &mut Tx) -> bool {
        match event {
            BusEvent::Message {
                customer_id, message, ..
            } if customer_id == self.customer.id => send_json(tx, &ServerFrame::Message { message }).await,
            BusEvent::Conversation { customer_id, summary } if customer_id == self.customer.id => {
                self.conversation = Some(summary.id);
                self.operator = summary.operator_id;
                let conversation = self.with_place(conversations::widget_state(&summary)).await;
                send_json(tx, &ServerFrame::Conversation { conversation }).await
            }
            // Someone else's conversation moved, or the weights changed: while ours
            // waits, its place may have changed.
            BusEvent::Conversation { .. } | BusEvent::QueueReordered if self.place.is_some() => {
                let Some(id) = self.conversation else { return true };
                let before = self.place;
                let conversation = self
                    .with_place(ConversationState {
                        id,
                        status: ConversationStatus::Waiting,
                        rating: None,
                        queue_position: None,
                        expected_wait_minutes: None,
                    })
                    .await;
                if self.place == before || self.place.is_none() {
                    return true;
                }
                send_json(tx, &ServerFrame::Conversation { conversation }).await
            }
            BusEvent::OperatorTyping { customer_id } if customer_id == self.customer.id => {
                send_json(tx, &ServerFrame::OperatorTyping).await
            }
            _ => true,
        }
    }
}
