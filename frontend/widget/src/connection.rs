//! The widget's state and its socket. Messages wait in `pending` until the server
//! has stored them; on every (re)connection the server sends the whole conversation
//! and the widget sends whatever is still pending. The server recognises a resent
//! message by its `client_id`, so nothing is lost and nothing is doubled.

use leptos::prelude::*;
use protocol::browser::{now_ms, random_uuid, Handlers, ReconnectingSocket};
use protocol::widget::{ClientFrame, ConversationState, ServerFrame, WidgetProblem};
use protocol::{check_body, Message, MessageProblem};

#[derive(Clone, Debug, PartialEq)]
pub struct Pending {
    pub client_id: String,
    pub body: String,
}

/// Something to tell the customer above the input box.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Notice {
    Message(MessageProblem),
    Widget(WidgetProblem),
    /// A file was refused: larger than this many KB.
    FileTooLarge(i64),
    /// A file was refused: its type is not allowed.
    FileType,
    /// A file could not be sent (network, server).
    UploadFailed,
}

#[derive(Clone, Copy)]
pub struct Chat {
    pub messages: RwSignal<Vec<Message>>,
    pub pending: RwSignal<Vec<Pending>>,
    pub conversation: RwSignal<Option<ConversationState>>,
    pub rating_scale: RwSignal<i16>,
    pub connected: RwSignal<bool>,
    /// The widget can't work at all (e.g. an unknown channel key).
    pub fatal: RwSignal<Option<WidgetProblem>>,
    pub notice: RwSignal<Option<Notice>>,
    pub operator_typing_until: RwSignal<f64>,
    pub draft: RwSignal<String>,
    /// A file being sent: the share sent so far, 0–100.
    pub uploading: RwSignal<Option<u8>>,
    /// Channel key, visitor token and language: the customer's proof for files.
    pub credentials: StoredValue<(String, String, String)>,
    socket: StoredValue<Option<ReconnectingSocket>, LocalStorage>,
    last_typing: StoredValue<f64>,
}

impl Chat {
    pub fn new() -> Self {
        Self {
            messages: RwSignal::new(Vec::new()),
            pending: RwSignal::new(Vec::new()),
            conversation: RwSignal::new(None),
            rating_scale: RwSignal::new(5),
            connected: RwSignal::new(false),
            fatal: RwSignal::new(None),
            notice: RwSignal::new(None),
            operator_typing_until: RwSignal::new(0.0),
            draft: RwSignal::new(String::new()),
            uploading: RwSignal::new(None),
            credentials: StoredValue::new((String::new(), String::new(), String::new())),
            socket: StoredValue::new_local(None),
            last_typing: StoredValue::new(0.0),
        }
    }

    pub fn connect(self, channel: &str, visitor: &str, lang: &str, identity: (&str, &str)) {
        self.credentials
            .set_value((channel.to_owned(), visitor.to_owned(), lang.to_owned()));
        let mut path = format!(
            "/ws/widget?channel={}&visitor={}&lang={}",
            js_sys::encode_uri_component(channel),
            js_sys::encode_uri_component(visitor),
            js_sys::encode_uri_component(lang)
        );
        let (identifier, hash) = identity;
        if !identifier.is_empty() {
            path.push_str(&format!(
                "&identifier={}&identifier_hash={}",
                js_sys::encode_uri_component(identifier),
                js_sys::encode_uri_component(hash)
            ));
        }
        let socket = ReconnectingSocket::connect(
            &path,
            Handlers {
                on_text: Box::new(move |text| {
                    if let Ok(frame) = serde_json::from_str::<ServerFrame>(&text) {
                        self.receive(frame);
                    }
                }),
                on_open: Box::new(move |_| self.connected.set(true)),
                on_close: Box::new(move || self.connected.set(false)),
            },
        );
        self.socket.set_value(Some(socket));
    }

    fn send_frame(self, frame: &ClientFrame) -> bool {
        let Ok(text) = serde_json::to_string(frame) else {
            return false;
        };
        self.socket
            .with_value(|s| s.as_ref().is_some_and(|s| s.send_text(&text)))
    }

    fn receive(self, frame: ServerFrame) {
        match frame {
            ServerFrame::Welcome {
                rating_scale,
                conversation,
                messages,
            } => {
                self.rating_scale.set(rating_scale);
                self.conversation.set(conversation);
                let stored: Vec<String> = messages.iter().map(|m| m.client_id.clone()).collect();
                self.messages.set(messages);
                self.pending
                    .update(|p| p.retain(|m| !stored.contains(&m.client_id)));
                for p in self.pending.get_untracked() {
                    self.send_frame(&ClientFrame::Send {
                        client_id: p.client_id,
                        body: p.body,
                    });
                }
            }
            ServerFrame::Message { message } => self.add_message(message),
            ServerFrame::Refused { client_id, problem } => {
                // Give the text back so the customer can fix and resend it.
                let refused = self
                    .pending
                    .get_untracked()
                    .into_iter()
                    .find(|p| p.client_id == client_id);
                self.pending.update(|p| p.retain(|m| m.client_id != client_id));
                if let Some(p) = refused {
                    if self.draft.get_untracked().trim().is_empty() {
                        self.draft.set(p.body);
                    }
                }
                self.notice.set(Some(Notice::Message(problem)));
            }
            ServerFrame::OperatorTyping => self.operator_typing_until.set(now_ms() + 4000.0),
            ServerFrame::Conversation { conversation } => self.conversation.set(Some(conversation)),
            ServerFrame::Error { problem } => match problem {
                WidgetProblem::UnknownChannel | WidgetProblem::BadVisitor | WidgetProblem::BadIdentity => {
                    self.fatal.set(Some(problem));
                    self.socket.with_value(|s| {
                        if let Some(s) = s {
                            s.stop();
                        }
                    });
                }
                other => self.notice.set(Some(Notice::Widget(other))),
            },
        }
    }

    /// A stored message (from the socket, or the answer to an upload), once.
    pub fn add_message(self, message: Message) {
        self.pending
            .update(|p| p.retain(|m| m.client_id != message.client_id));
        if message.sender != protocol::Sender::Customer {
            self.operator_typing_until.set(0.0);
        }
        self.messages.update(|all| {
            if !all.iter().any(|m| m.id == message.id) {
                let at = all.partition_point(|m| m.id < message.id);
                all.insert(at, message);
            }
        });
    }

    /// Sends the draft. It stays pending (and is resent after a reconnect) until stored.
    pub fn send_draft(self) {
        let body = self.draft.get_untracked();
        match check_body(&body) {
            Err(problem) => self.notice.set(Some(Notice::Message(problem))),
            Ok(text) => {
                let pending = Pending {
                    client_id: random_uuid(),
                    body: text.to_owned(),
                };
                self.notice.set(None);
                self.draft.set(String::new());
                // Sending ends "typing": the next keystroke announces it anew.
                self.last_typing.set_value(0.0);
                self.pending.update(|p| p.push(pending.clone()));
                self.send_frame(&ClientFrame::Send {
                    client_id: pending.client_id,
                    body: pending.body,
                });
            }
        }
    }

    /// Tells the operator the customer is typing, at most every two seconds.
    pub fn typing(self) {
        let now = now_ms();
        if now - self.last_typing.get_value() > 2000.0 {
            self.last_typing.set_value(now);
            self.send_frame(&ClientFrame::Typing);
        }
    }

    pub fn rate(self, score: i16, comment: Option<String>) {
        self.send_frame(&ClientFrame::Rate { score, comment });
    }

    pub fn resume(self) {
        self.send_frame(&ClientFrame::Resume);
    }
}
