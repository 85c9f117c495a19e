//! The customer card against a real PostgreSQL: who may read it, notes, earlier
//! conversations opened inline, names, the segment (and the queue it reorders), and
//! the verification badge's data.

use crate::common;

use app::domain::customer_card::{self, access, notes, past, profile, CardError};
use app::domain::{accounts, channels, conversations, customers, routing};
use app::model::CurrentUser;
use common::{client_id, PASSWORD};
use protocol::ConversationStatus;
use sqlx::PgPool;

async fn staff(pool: &PgPool, login: &str, role: &str) -> CurrentUser {
    let id = accounts::create_user(pool, login, login, PASSWORD, &[role])
        .await
        .unwrap();
    CurrentUser {
        id,
        login: login.into(),
        display_name: login.into(),
        permissions: accounts::permissions_of(pool, id).await.unwrap(),
        time_zone: "Asia/Tashkent".into(),
        utc_offset_seconds: 5 * 3600,
        must_change_password: false,
        must_enrol_totp: false,
    }
}

struct Customer {
    id: i64,
    channel: i64,
}

async fn customer(pool: &PgPool, visitor: &str) -> Customer {
    let channel = channels::upsert_webchat(pool, "Bank site", "site", 5)
        .await
        .unwrap();
    let token = format!("{visitor}-0123456789abcdef0123456789abcdef");
    let c = customers::find_or_create_visitor(pool, channel.id, &token, "kk")
        .await
        .unwrap();
    Customer {
        id: c.id,
        channel: channel.id,
    }
}

/// The customer writes; returns the conversation (new, or the open one).
async fn writes(pool: &PgPool, c: &Customer, body: &str) -> i64 {
    let (m, ..) = conversations::customer_writes(pool, c.id, c.channel, "kk", &client_id(), body)
        .await
        .unwrap();
    m.conversation_id
}

/// The customer's first conversation, handled by `op` and closed; then a second one,
/// taken by `op` too. Returns both.
async fn two_conversations(pool: &PgPool, c: &Customer, op: &CurrentUser) -> (i64, i64) {
    let first = writes(pool, c, "Картам бұғатталды").await;
    conversations::take(pool, first, op.id).await.unwrap();
    conversations::operator_writes(pool, first, op.id, &client_id(), "Қазір тексеремін")
        .await
        .unwrap();
    conversations::close(pool, first, op.id).await.unwrap();
    conversations::rate(pool, first, c.id, 4, None).await.unwrap();
    let second = writes(pool, c, "Тағы сұрағым бар").await;
    assert_ne!(first, second);
    conversations::take(pool, second, op.id).await.unwrap();
    (first, second)
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn the_card_lists_earlier_conversations_and_opens_them(pool: PgPool) {
    let op = staff(&pool, "op.kk", "operator").await;
    let c = customer(&pool, "v1").await;
    let (first, second) = two_conversations(&pool, &c, &op).await;
    let card = customer_card::for_conversation(&pool, &op, second).await.unwrap();
    assert_eq!(card.customer_id, c.id);
    assert_eq!(card.language, "kk");
    assert_eq!(card.identities.len(), 1);
    assert_eq!(
        (
            card.identities[0].channel_kind.as_str(),
            card.identities[0].identity_kind.as_str()
        ),
        ("webchat", "visitor")
    );
    assert_eq!(card.conversations.len(), 1, "the open one is not listed");
    let earlier = &card.conversations[0];
    assert_eq!(earlier.id, first);
    assert_eq!(earlier.status, ConversationStatus::Closed);
    assert_eq!(earlier.operator_name.as_deref(), Some("op.kk"));
    assert_eq!((earlier.rating, earlier.rating_scale), (Some(4), 5));
    let messages = past::messages(&pool, &op, first).await.unwrap();
    let bodies: Vec<&str> = messages.iter().map(|m| m.body.as_str()).collect();
    assert_eq!(bodies, vec!["Картам бұғатталды", "Қазір тексеремін"]);
    // From the first conversation's side the second one is the other.
    let back = customer_card::for_conversation(&pool, &op, first).await.unwrap();
    assert_eq!(
        back.conversations.iter().map(|p| p.id).collect::<Vec<_>>(),
        vec![second]
    );
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn only_staff_with_view_all_or_who_handled_the_customer_may_read(pool: PgPool) {
    let op = staff(&pool, "op.kk", "operator").await;
    let stranger = staff(&pool, "op.other", "operator").await;
    let boss = staff(&pool, "boss", "supervisor").await;
    let admin = staff(&pool, "admin", "administrator").await;
    let c = customer(&pool, "v1").await;
    let (first, second) = two_conversations(&pool, &c, &op).await;
    assert!(customer_card::for_conversation(&pool, &boss, second)
        .await
        .is_ok());
    for who in [&stranger, &admin] {
        assert_eq!(
            customer_card::for_conversation(&pool, who, second)
                .await
                .unwrap_err(),
            CardError::Forbidden
        );
        assert_eq!(
            past::messages(&pool, who, first).await.unwrap_err(),
            CardError::Forbidden
        );
        assert_eq!(
            notes::add(&pool, who, c.id, "x").await.unwrap_err(),
            CardError::Forbidden
        );
    }
    // An operator who handled only the earlier conversation still may.
    sqlx::query("UPDATE conversations SET operator_id = $2 WHERE id = $1")
        .bind(second)
        .bind(stranger.id)
        .execute(&pool)
        .await
        .unwrap();
    assert!(customer_card::for_conversation(&pool, &op, second).await.is_ok());
    assert!(customer_card::for_conversation(&pool, &stranger, second)
        .await
        .is_ok());
    assert_eq!(
        customer_card::for_conversation(&pool, &op, 999_999)
            .await
            .unwrap_err(),
        CardError::NotFound
    );
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn notes_are_kept_with_author_and_time_newest_first(pool: PgPool) {
    let op = staff(&pool, "op.kk", "operator").await;
    let boss = staff(&pool, "boss", "supervisor").await;
    let c = customer(&pool, "v1").await;
    let (_, second) = two_conversations(&pool, &c, &op).await;
    let note = notes::add(&pool, &op, c.id, "  Предпочитает казахский  ")
        .await
        .unwrap();
    assert_eq!(
        (note.body.as_str(), note.author.as_deref()),
        ("Предпочитает казахский", Some("op.kk"))
    );
    notes::add(&pool, &boss, c.id, "VIP с 2020 года").await.unwrap();
    for bad in ["", "   ", &"x".repeat(2001)] {
        assert_eq!(
            notes::add(&pool, &op, c.id, bad).await.unwrap_err(),
            CardError::Invalid
        );
    }
    assert_eq!(
        notes::add(&pool, &boss, 999_999, "x").await.unwrap_err(),
        CardError::NotFound
    );
    let card = customer_card::for_conversation(&pool, &op, second).await.unwrap();
    let shown: Vec<(&str, Option<&str>)> = card
        .notes
        .iter()
        .map(|n| (n.body.as_str(), n.author.as_deref()))
        .collect();
    assert_eq!(
        shown,
        vec![
            ("VIP с 2020 года", Some("boss")),
            ("Предпочитает казахский", Some("op.kk"))
        ]
    );
    assert!(card.notes.iter().all(|n| n.created_at.ends_with('Z')));
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn whoever_handles_the_customer_edits_the_names(pool: PgPool) {
    let op = staff(&pool, "op.kk", "operator").await;
    let earlier = staff(&pool, "op.earlier", "operator").await;
    let c = customer(&pool, "v1").await;
    let (first, second) = two_conversations(&pool, &c, &op).await;
    sqlx::query("UPDATE conversations SET operator_id = $2 WHERE id = $1")
        .bind(first)
        .bind(earlier.id)
        .execute(&pool)
        .await
        .unwrap();
    let open = profile::save_names(&pool, &op, c.id, " Айгерим Сапарова ", "Айка")
        .await
        .unwrap();
    assert_eq!(open, vec![second], "the open conversation is announced");
    let card = customer_card::for_conversation(&pool, &op, second).await.unwrap();
    assert_eq!(
        (card.display_name.as_str(), card.nickname.as_deref()),
        ("Айгерим Сапарова", Some("Айка"))
    );
    assert!(card.can_edit_names);
    assert_eq!(
        conversations::summary(&pool, second).await.unwrap().customer_name,
        "Айгерим Сапарова"
    );
    // The operator of the earlier conversation reads the card but doesn't edit it.
    let theirs = customer_card::for_conversation(&pool, &earlier, first)
        .await
        .unwrap();
    assert!(!theirs.can_edit_names);
    assert_eq!(
        profile::save_names(&pool, &earlier, c.id, "Другое", "")
            .await
            .unwrap_err(),
        CardError::Forbidden
    );
    assert_eq!(
        profile::save_names(&pool, &op, c.id, "  ", "").await.unwrap_err(),
        CardError::Invalid
    );
    assert_eq!(
        profile::save_names(&pool, &op, c.id, "Айгерим", &"x".repeat(101))
            .await
            .unwrap_err(),
        CardError::Invalid
    );
    profile::save_names(&pool, &op, c.id, "Айгерим", "")
        .await
        .unwrap();
    let cleared = customer_card::for_conversation(&pool, &op, second).await.unwrap();
    assert_eq!(cleared.nickname, None);
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn a_segment_change_reprioritises_the_waiting_conversation(pool: PgPool) {
    let op = staff(&pool, "op.kk", "operator").await;
    let boss = staff(&pool, "boss", "supervisor").await;
    let admin = staff(&pool, "admin", "administrator").await;
    // Who may change it: routing editors and supervisors, not operators.
    assert!(!access::may_change_segment(&op));
    assert!(access::may_change_segment(&boss));
    assert!(access::may_change_segment(&admin));

    let early = customer(&pool, "v1").await;
    let late = customer(&pool, "v2").await;
    let first = writes(&pool, &early, "Сәлеметсіз бе").await;
    let second = writes(&pool, &late, "Сәлем").await;
    common::queued_ago(&pool, first, 60).await;
    assert_eq!(routing::queue_place(&pool, second).await.unwrap().unwrap().0, 2);
    let premium: i64 = sqlx::query_scalar("SELECT id FROM customer_segments WHERE code = 'premium'")
        .fetch_one(&pool)
        .await
        .unwrap();
    let open = profile::set_segment(&pool, late.id, Some(premium)).await.unwrap();
    assert_eq!(open, vec![second]);
    assert_eq!(
        routing::queue_place(&pool, second).await.unwrap().unwrap().0,
        1,
        "premium goes first"
    );
    let card = customer_card::for_conversation(&pool, &boss, second)
        .await
        .unwrap();
    assert_eq!(card.segment.as_ref().map(|s| s.code.as_str()), Some("premium"));
    assert!(card.can_change_segment);
    assert_eq!(card.segments.len(), 3, "the built-in segments to choose from");
    // Back to no segment: back to its place by waiting time.
    profile::set_segment(&pool, late.id, None).await.unwrap();
    assert_eq!(routing::queue_place(&pool, second).await.unwrap().unwrap().0, 2);
    assert_eq!(
        profile::set_segment(&pool, late.id, Some(999_999))
            .await
            .unwrap_err(),
        CardError::Invalid
    );
    assert_eq!(
        profile::set_segment(&pool, 999_999, None).await.unwrap_err(),
        CardError::NotFound
    );
    // Operators see the segment but get nothing to choose from.
    conversations::take(&pool, second, op.id).await.unwrap();
    let theirs = customer_card::for_conversation(&pool, &op, second).await.unwrap();
    assert!(!theirs.can_change_segment && theirs.segments.is_empty());
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn the_verification_badge_shows_when_and_by_what(pool: PgPool) {
    let boss = staff(&pool, "boss", "supervisor").await;
    let c = customer(&pool, "v1").await;
    let conversation = writes(&pool, &c, "Сәлем").await;
    let before = customer_card::for_conversation(&pool, &boss, conversation)
        .await
        .unwrap();
    assert_eq!(before.verification, None);
    sqlx::query(
        "UPDATE customers SET verified_at = '2026-11-24T09:00:00Z', verified_by = 'Bank ID' WHERE id = $1",
    )
    .bind(c.id)
    .execute(&pool)
    .await
    .unwrap();
    let after = customer_card::for_conversation(&pool, &boss, conversation)
        .await
        .unwrap();
    let v = after.verification.expect("verified");
    assert_eq!(
        (v.at.as_str(), v.by.as_deref()),
        ("2026-11-24T09:00:00Z", Some("Bank ID"))
    );
}
