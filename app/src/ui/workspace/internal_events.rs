//! Internal events among the messages of the open conversation: transfers with their
//! notes, closes by a supervisor, inactivity warnings and closes, outbound starts.
//! Staff only: the customer's widget never receives them.

use crate::i18n::*;
use crate::workspace::model::{ConversationEvent, EventKind};
use leptos::prelude::*;
use protocol::Message;

/// A line of the conversation as staff see it.
#[derive(Clone, Debug, PartialEq)]
pub enum TimelineItem {
    Message(Message),
    Event(ConversationEvent),
}

impl TimelineItem {
    /// Stable per item; a message whose delivery changed is drawn anew.
    pub fn key(&self) -> (i64, bool, u8) {
        match self {
            TimelineItem::Message(m) => (
                m.id,
                false,
                match m.delivery.as_ref().map(|d| d.status) {
                    None => 0,
                    Some(protocol::DeliveryStatus::Pending) => {
                        1 + u8::from(m.delivery.as_ref().is_some_and(|d| d.error.is_some()))
                    }
                    Some(protocol::DeliveryStatus::Sent) => 3,
                    Some(protocol::DeliveryStatus::Failed) => 4,
                },
            ),
            TimelineItem::Event(e) => (e.id, true, 0),
        }
    }
}

/// Messages in order, each event after the last message stored before it.
pub fn timeline(messages: Vec<Message>, events: Vec<ConversationEvent>) -> Vec<TimelineItem> {
    let mut items = Vec::with_capacity(messages.len() + events.len());
    let mut events = events.into_iter().peekable();
    for m in messages {
        while let Some(e) = events.next_if(|e| e.after_message_id < m.id) {
            items.push(TimelineItem::Event(e));
        }
        items.push(TimelineItem::Message(m));
    }
    items.extend(events.map(TimelineItem::Event));
    items
}

#[component]
pub fn EventItem(event: ConversationEvent, offset: i32) -> impl IntoView {
    let i18n = use_i18n();
    let name = |n: &Option<String>| n.clone().unwrap_or_else(|| "—".to_owned());
    let (from, to, group, actor) = (
        name(&event.from_operator),
        name(&event.to_operator),
        name(&event.to_group),
        name(&event.actor),
    );
    let kind = event.kind;
    let text = move || match kind {
        EventKind::Transfer if event.to_group.is_some() => t_string!(
            i18n,
            event_transfer_group,
            group = group.clone(),
            from = from.clone()
        )
        .to_string(),
        EventKind::Transfer => t_string!(
            i18n,
            event_transfer_operator,
            from = from.clone(),
            to = to.clone()
        )
        .to_string(),
        EventKind::Closed => t_string!(i18n, event_closed_by, name = actor.clone()).to_string(),
        EventKind::InactivityWarning => t_string!(i18n, event_inactivity_warning).to_string(),
        EventKind::InactivityClosed => t_string!(i18n, event_inactivity_closed).to_string(),
        EventKind::Outbound => t_string!(i18n, event_outbound, name = actor.clone()).to_string(),
        EventKind::Note => t_string!(i18n, event_internal_note, name = actor.clone()).to_string(),
        EventKind::ExpertInvited => t_string!(
            i18n,
            event_expert_invited,
            name = actor.clone(),
            expert = to.clone()
        )
        .to_string(),
    };
    let note = event.note.clone();
    let class = if kind == EventKind::Note {
        "internal-event internal-note"
    } else {
        "internal-event"
    };
    view! {
        <li class=class data-testid="internal-event" title=move || t_string!(i18n, event_internal)>
            <p class="what">{text}</p>
            {note.map(|note| view! {
                // Text only: the note is never parsed as HTML.
                <p class="note"><strong>{t!(i18n, event_note)} ": "</strong>{note}</p>
            })}
            <time>{crate::time::clock(&event.at, offset)}</time>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use protocol::Sender;

    fn message(id: i64) -> Message {
        Message {
            id,
            conversation_id: 1,
            client_id: String::new(),
            sender: Sender::Customer,
            author: None,
            body: "x".into(),
            sent_at: String::new(),
            attachment: None,
            delivery: None,
        }
    }

    fn event(id: i64, after: i64) -> ConversationEvent {
        ConversationEvent {
            id,
            kind: EventKind::Transfer,
            actor: None,
            from_operator: None,
            to_operator: None,
            to_group: None,
            note: None,
            at: String::new(),
            after_message_id: after,
        }
    }

    #[test]
    fn events_follow_the_message_before_them() {
        let items = timeline(
            vec![message(10), message(12)],
            vec![event(1, 0), event(2, 10), event(3, 12)],
        );
        let keys: Vec<_> = items.iter().map(TimelineItem::key).collect();
        assert_eq!(
            keys,
            vec![
                (1, true, 0),
                (10, false, 0),
                (2, true, 0),
                (12, false, 0),
                (3, true, 0)
            ]
        );
    }
}
