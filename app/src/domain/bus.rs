//! In-process event bus: domain code publishes after commit, sockets subscribe.
//! One node: a tokio broadcast channel. Several nodes would put PostgreSQL
//! LISTEN/NOTIFY or Redis behind this same type.

use protocol::staff::ConversationSummary;
use protocol::Message;
use tokio::sync::broadcast;

#[derive(Clone, Debug)]
pub enum BusEvent {
    Message {
        customer_id: i64,
        operator_id: Option<i64>,
        message: Message,
    },
    Conversation {
        customer_id: i64,
        summary: ConversationSummary,
    },
    CustomerTyping {
        conversation_id: i64,
        operator_id: Option<i64>,
    },
    OperatorTyping {
        customer_id: i64,
    },
    OperatorState {
        user_id: i64,
    },
    /// Routing weights changed: the queue's order may have too.
    QueueReordered,
    /// An internal note or an invited expert (staff only; never to the customer).
    Internal {
        conversation_id: i64,
    },
}

#[derive(Clone)]
pub struct Bus {
    sender: broadcast::Sender<BusEvent>,
}

impl Bus {
    pub fn new() -> Self {
        Self {
            sender: broadcast::channel(1024).0,
        }
    }

    /// Publishes an event; having no subscriber is fine.
    pub fn publish(&self, event: BusEvent) {
        let _ = self.sender.send(event);
    }

    pub fn subscribe(&self) -> broadcast::Receiver<BusEvent> {
        self.sender.subscribe()
    }
}

impl Default for Bus {
    fn default() -> Self {
        Self::new()
    }
}
