//! Transfers and closes at any time, against a real PostgreSQL: to an operator (on
//! shift, speaking the language, with room), to a group through the queue with its
//! priority kept, refusals, and the internal note that only staff see.

use crate::common;

use app::domain::conversation_events;
use app::domain::transfer::{self, Actor, TransferError};
use app::domain::{accounts, conversations, messages, routing};
use app::workspace::model::{EventKind, TransferTo};
use common::{available_operator, operator_of, waiting_on};
use protocol::ConversationStatus;
use sqlx::PgPool;

fn by(id: i64) -> Actor {
    Actor {
        id,
        supervisor: false,
    }
}

async fn group_with(pool: &PgPool, name: &str, members: &[i64]) -> i64 {
    let id: i64 = sqlx::query_scalar("INSERT INTO operator_groups (name) VALUES ($1) RETURNING id")
        .bind(name)
        .fetch_one(pool)
        .await
        .unwrap();
    for m in members {
        sqlx::query("INSERT INTO group_members (group_id, user_id) VALUES ($1, $2)")
            .bind(id)
            .bind(m)
            .execute(pool)
            .await
            .unwrap();
    }
    id
}

/// A kk conversation assigned to `operator` (the only one available when it arrives).
async fn assigned_to(pool: &PgPool, n: usize, operator: i64) -> i64 {
    let c = waiting_on(pool, "site", n, "kk").await;
    conversations::take(pool, c, operator).await.unwrap();
    c
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn a_conversation_goes_to_another_operator_with_a_note_only_staff_see(pool: PgPool) {
    let first = available_operator(&pool, "aigerim", &["kk"], 3).await;
    let second = available_operator(&pool, "dauren", &["kk", "ru"], 3).await;
    let _russian = available_operator(&pool, "olga", &["ru"], 3).await;
    let c = assigned_to(&pool, 1, first).await;

    // Only those who could take it are offered: on shift, speaking Kazakh, not its operator.
    let options = transfer::options(&pool, by(first), c).await.unwrap();
    let offered: Vec<i64> = options.operators.iter().map(|o| o.id).collect();
    assert_eq!(offered, vec![second]);
    // A colleague who does not hold it may not list who could take it; a supervisor may.
    assert_eq!(
        transfer::options(&pool, by(second), c).await.err(),
        Some(TransferError::Forbidden)
    );
    let supervisor = Actor {
        id: second,
        supervisor: true,
    };
    assert!(transfer::options(&pool, supervisor, c).await.is_ok());
    assert_eq!(
        transfer::options(&pool, by(first), -1).await.err(),
        Some(TransferError::NotFound)
    );
    assert_eq!((options.operators[0].load, options.operators[0].capacity), (0, 3));
    assert_eq!(options.operators[0].state.code, "available");

    let note = "Клиент просит лимит по карте, паспорт уже проверен";
    let done = transfer::transfer(&pool, by(first), c, TransferTo::Operator(second), Some(note))
        .await
        .unwrap();
    assert_eq!(
        (done.from_operator, done.to_operator),
        (Some(first), Some(second))
    );
    assert_eq!(operator_of(&pool, c).await, Some(second));
    let summary = conversations::summary(&pool, c).await.unwrap();
    assert_eq!(summary.status, ConversationStatus::Active);

    // Staff see the transfer and its note among the messages…
    let events = conversation_events::of_conversation(&pool, c).await.unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].kind, EventKind::Transfer);
    assert_eq!(events[0].from_operator.as_deref(), Some("aigerim"));
    assert_eq!(events[0].to_operator.as_deref(), Some("dauren"));
    assert_eq!(events[0].note.as_deref(), Some(note));
    // …the customer's widget never: its message list has no trace of it.
    let widget_messages = messages::of_conversation(&pool, c).await.unwrap();
    assert!(widget_messages.iter().all(|m| !m.body.contains("паспорт")));
    assert_eq!(widget_messages.len(), 1);

    // The old operator can no longer reply; the new one can, and may pass it on again.
    assert!(
        conversations::operator_writes(&pool, c, first, &common::client_id(), "…")
            .await
            .is_err()
    );
    conversations::operator_writes(&pool, c, second, &common::client_id(), "Сәлеметсіз бе!")
        .await
        .unwrap();
    assert_eq!(
        transfer::transfer(&pool, by(first), c, TransferTo::Operator(first), None).await,
        Err(TransferError::Forbidden),
        "only its operator (or a supervisor) transfers it"
    );
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn transfers_are_refused_over_capacity_and_to_operators_who_cannot_take_it(pool: PgPool) {
    let first = available_operator(&pool, "aigerim", &["kk"], 3).await;
    let c = assigned_to(&pool, 1, first).await;
    // Full: one conversation at a time, and busy with one.
    let full = available_operator(&pool, "full", &["kk"], 1).await;
    assigned_to(&pool, 2, full).await;
    assert_eq!(
        transfer::transfer(&pool, by(first), c, TransferTo::Operator(full), None).await,
        Err(TransferError::OverCapacity)
    );
    let options = transfer::options(&pool, by(first), c).await.unwrap();
    assert!(options.operators.iter().find(|o| o.id == full).unwrap().is_full());
    // Off shift (offline), or without the language: unavailable.
    let away = available_operator(&pool, "away", &["kk"], 3).await;
    app::domain::presence::switch(&pool, away, "offline", away)
        .await
        .unwrap();
    assert_eq!(
        transfer::transfer(&pool, by(first), c, TransferTo::Operator(away), None).await,
        Err(TransferError::Unavailable)
    );
    let russian = available_operator(&pool, "olga", &["ru"], 3).await;
    assert_eq!(
        transfer::transfer(&pool, by(first), c, TransferTo::Operator(russian), None).await,
        Err(TransferError::Unavailable)
    );
    // A note longer than 2,000 characters is refused; nothing moved.
    let free = available_operator(&pool, "free", &["kk"], 3).await;
    assert_eq!(
        transfer::transfer(
            &pool,
            by(first),
            c,
            TransferTo::Operator(free),
            Some(&"x".repeat(2001))
        )
        .await,
        Err(TransferError::Invalid)
    );
    assert_eq!(operator_of(&pool, c).await, Some(first));
    assert!(conversation_events::of_conversation(&pool, c)
        .await
        .unwrap()
        .is_empty());
    // A closed conversation can't be transferred.
    conversations::close(&pool, c, first).await.unwrap();
    assert_eq!(
        transfer::transfer(&pool, by(first), c, TransferTo::Operator(free), None).await,
        Err(TransferError::WrongState)
    );
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn a_conversation_goes_back_to_the_queue_for_a_group_with_its_priority_kept(pool: PgPool) {
    let first = available_operator(&pool, "aigerim", &["kk"], 3).await;
    let c = assigned_to(&pool, 1, first).await;
    // It had waited 5 minutes in the queue before it was taken (10 points a minute by default).
    sqlx::query(
        "UPDATE conversations SET queued_at = now() - interval '15 minutes', assigned_at = now() - interval '10 minutes'
         WHERE id = $1",
    )
    .bind(c)
    .execute(&pool)
    .await
    .unwrap();
    let colleague = available_operator(&pool, "dauren", &["kk"], 3).await;
    let group = group_with(&pool, "Карты", &[first, colleague]).await;

    let done = transfer::transfer(&pool, by(first), c, TransferTo::Group(group), Some("По картам"))
        .await
        .unwrap();
    assert_eq!(done.to_operator, None);
    let (status, group_id, boost, operator): (String, Option<i64>, i32, Option<i64>) = sqlx::query_as(
        "SELECT status, group_id, priority_boost, operator_id FROM conversations WHERE id = $1",
    )
    .bind(c)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(
        (status.as_str(), group_id, boost, operator),
        ("waiting", Some(group), 50, None)
    );

    // Assignment gives it to someone of the group other than the operator who passed it on.
    let assigned = routing::assign_waiting(&pool).await.unwrap();
    assert_eq!(assigned, vec![(c, colleague)]);
    let events = conversation_events::of_conversation(&pool, c).await.unwrap();
    assert_eq!(events[0].to_group.as_deref(), Some("Карты"));
    assert_eq!(events[0].note.as_deref(), Some("По картам"));
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn conversations_close_at_any_time_and_supervisors_close_any(pool: PgPool) {
    let op = available_operator(&pool, "aigerim", &["kk"], 3).await;
    let supervisor = accounts::create_user(&pool, "boss", "Boss", common::PASSWORD, &["supervisor"])
        .await
        .unwrap();
    // The customer is still waiting for an answer (their message is the last one): the operator closes.
    let c = assigned_to(&pool, 1, op).await;
    conversations::close(&pool, c, op).await.unwrap();
    let (reason, closed_by): (Option<String>, Option<i64>) =
        sqlx::query_as("SELECT close_reason, closed_by FROM conversations WHERE id = $1")
            .bind(c)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!((reason.as_deref(), closed_by), (Some("operator"), Some(op)));

    // A supervisor closes someone else's active conversation, and one still in the queue.
    let active = assigned_to(&pool, 2, op).await;
    assert!(
        conversations::close(&pool, active, supervisor).await.is_err(),
        "not theirs as an operator"
    );
    conversations::close_as_supervisor(&pool, active, supervisor)
        .await
        .unwrap();
    let queued = waiting_on(&pool, "site", 3, "kk").await;
    conversations::close_as_supervisor(&pool, queued, supervisor)
        .await
        .unwrap();
    for id in [active, queued] {
        let (status, reason, closed_by): (String, Option<String>, Option<i64>) =
            sqlx::query_as("SELECT status, close_reason, closed_by FROM conversations WHERE id = $1")
                .bind(id)
                .fetch_one(&pool)
                .await
                .unwrap();
        assert_eq!(
            (status.as_str(), reason.as_deref(), closed_by),
            ("closed", Some("supervisor"), Some(supervisor))
        );
        let events = conversation_events::of_conversation(&pool, id).await.unwrap();
        assert_eq!(events[0].kind, EventKind::Closed);
        assert_eq!(events[0].actor.as_deref(), Some("Boss"));
    }
    // Closed already: nothing to close.
    assert!(conversations::close_as_supervisor(&pool, active, supervisor)
        .await
        .is_err());
    // Supervisors transfer any active conversation.
    let third = assigned_to(&pool, 4, op).await;
    let other = available_operator(&pool, "dauren", &["kk"], 3).await;
    transfer::transfer(
        &pool,
        Actor {
            id: supervisor,
            supervisor: true,
        },
        third,
        TransferTo::Operator(other),
        None,
    )
    .await
    .unwrap();
    assert_eq!(operator_of(&pool, third).await, Some(other));
}
