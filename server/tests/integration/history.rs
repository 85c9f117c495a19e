//! History search against a real PostgreSQL: Russian morphology, Uzbek Latin with any
//! apostrophe, prefixes, every filter, what operators may see, and snippets whose
//! highlight markers never leak.

use crate::common;

use app::domain::history::{self, HistoryError};
use app::domain::{accounts, channels, conversations, customers};
use app::history::model::{HistoryQuery, PAGE_SIZE};
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

/// Visitor `visitor` named `name` writes `bodies` on channel `key`: one conversation,
/// taken by `operator` (if any), and closed if `close`.
async fn talk(
    pool: &PgPool,
    key: &str,
    visitor: &str,
    name: &str,
    operator: Option<i64>,
    close: bool,
    bodies: &[&str],
) -> i64 {
    let channel = channels::upsert_webchat(pool, key, key, 5).await.unwrap();
    let token = format!("{visitor}-0123456789abcdef0123456789abcdef");
    let customer = customers::find_or_create_visitor(pool, channel.id, &token, "ru")
        .await
        .unwrap();
    sqlx::query("UPDATE customers SET display_name = $2 WHERE id = $1")
        .bind(customer.id)
        .bind(name)
        .execute(pool)
        .await
        .unwrap();
    let mut id = 0;
    for body in bodies {
        let (m, ..) = conversations::customer_writes(pool, customer.id, channel.id, "ru", &client_id(), body)
            .await
            .unwrap();
        id = m.conversation_id;
    }
    if let Some(op) = operator {
        conversations::take(pool, id, op).await.unwrap();
        if close {
            conversations::close(pool, id, op).await.unwrap();
        }
    }
    id
}

fn words(text: &str) -> HistoryQuery {
    HistoryQuery {
        text: text.into(),
        ..Default::default()
    }
}

async fn found(pool: &PgPool, user: &CurrentUser, query: HistoryQuery) -> Vec<i64> {
    history::search(pool, user, &query)
        .await
        .unwrap()
        .hits
        .iter()
        .map(|h| h.conversation_id)
        .collect()
}

/// The highlighted words of the first result.
async fn highlighted(pool: &PgPool, user: &CurrentUser, text: &str) -> Vec<String> {
    let page = history::search(pool, user, &words(text)).await.unwrap();
    page.hits[0]
        .snippet
        .iter()
        .filter(|p| p.hit)
        .map(|p| p.text.clone())
        .collect()
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn russian_words_match_in_any_form(pool: PgPool) {
    let boss = staff(&pool, "boss", "supervisor").await;
    let card = talk(
        &pool,
        "site",
        "v1",
        "Иван",
        None,
        false,
        &["Что с моей картой? Она заблокирована"],
    )
    .await;
    talk(&pool, "site", "v2", "Пётр", None, false, &["Хочу открыть вклад"]).await;
    assert_eq!(found(&pool, &boss, words("карта")).await, vec![card]);
    assert_eq!(
        found(&pool, &boss, words("карту заблокировали")).await,
        vec![card]
    );
    assert_eq!(
        found(&pool, &boss, words("Карта")).await,
        vec![card],
        "case does not matter"
    );
    assert_eq!(highlighted(&pool, &boss, "карта").await, vec!["картой"]);
    assert!(found(&pool, &boss, words("кредит")).await.is_empty());
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn uzbek_latin_matches_whatever_apostrophe_was_typed(pool: PgPool) {
    let boss = staff(&pool, "boss", "supervisor").await;
    let sum = talk(
        &pool,
        "site",
        "v1",
        "Aziz",
        None,
        false,
        &["Kartamdan 100 000 so'm yechildi"],
    )
    .await;
    let country = talk(
        &pool,
        "site",
        "v2",
        "Malika",
        None,
        false,
        &["Men Oʻzbekistondan yozyapman"],
    )
    .await;
    talk(&pool, "site", "v3", "Jasur", None, false, &["Som va somsa"]).await;
    for query in ["so‘m", "soʻm", "so'm", "soʼm", "so`m", "SO’M"] {
        assert_eq!(found(&pool, &boss, words(query)).await, vec![sum], "{query}");
    }
    assert_eq!(found(&pool, &boss, words("o‘zbekistondan")).await, vec![country]);
    assert_eq!(
        found(&pool, &boss, words("O'zbekiston")).await,
        vec![country],
        "as a prefix"
    );
    assert_eq!(highlighted(&pool, &boss, "so‘m").await, vec!["soʼm"]);
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn the_last_word_matches_as_a_prefix(pool: PgPool) {
    let boss = staff(&pool, "boss", "supervisor").await;
    let blocked = talk(
        &pool,
        "site",
        "v1",
        "Aziz",
        None,
        false,
        &["Karta bloklandi, yordam bering"],
    )
    .await;
    talk(&pool, "site", "v2", "Malika", None, false, &["Blok qilinmagan"]).await;
    assert_eq!(found(&pool, &boss, words("bloklan")).await, vec![blocked]);
    assert_eq!(found(&pool, &boss, words("karta bloklan")).await, vec![blocked]);
    assert_eq!(highlighted(&pool, &boss, "bloklan").await, vec!["bloklandi"]);
    // Only the last word: an earlier partial word must be whole.
    assert!(found(&pool, &boss, words("blokla karta")).await.is_empty());
    // A quoted phrase stays exact.
    assert!(found(&pool, &boss, words("\"karta bloklan\"")).await.is_empty());
    assert_eq!(
        found(&pool, &boss, words("\"karta bloklandi\"")).await,
        vec![blocked]
    );
    // Excluded words exclude.
    assert!(found(&pool, &boss, words("karta -yordam")).await.is_empty());
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn every_filter_narrows_the_results(pool: PgPool) {
    let boss = staff(&pool, "boss", "supervisor").await;
    let a = staff(&pool, "op.a", "operator").await;
    let b = staff(&pool, "op.b", "operator").await;
    let old = talk(
        &pool,
        "site",
        "v1",
        "Alisher Karimov",
        Some(a.id),
        true,
        &["Karta bloklandi"],
    )
    .await;
    let active = talk(
        &pool,
        "mobile",
        "v2",
        "Dana",
        Some(b.id),
        false,
        &["Карта заблокирована"],
    )
    .await;
    let waiting = talk(&pool, "site", "v3", "Zarina", None, false, &["Карта не работает"]).await;
    // The old one began on 21 November at 01:30 in Tashkent (20 November in UTC).
    sqlx::query("UPDATE conversations SET created_at = '2026-11-20T20:30:00Z' WHERE id = $1")
        .bind(old)
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query("UPDATE customers SET nickname = 'Lucky' WHERE display_name = 'Dana'")
        .execute(&pool)
        .await
        .unwrap();
    let all = HistoryQuery::default();
    assert_eq!(
        found(&pool, &boss, all.clone()).await,
        vec![waiting, active, old],
        "newest first"
    );

    let q = |f: fn(&mut HistoryQuery)| {
        let mut q = all.clone();
        f(&mut q);
        q
    };
    assert_eq!(
        found(&pool, &boss, q(|q| q.customer = "karim".into())).await,
        vec![old]
    );
    assert_eq!(
        found(&pool, &boss, q(|q| q.customer = "LUCK".into())).await,
        vec![active],
        "nickname"
    );
    let by_a = HistoryQuery {
        operator_id: Some(a.id),
        ..all.clone()
    };
    assert_eq!(found(&pool, &boss, by_a).await, vec![old]);
    let mobile: i64 = sqlx::query_scalar("SELECT id FROM channels WHERE public_key = 'mobile'")
        .fetch_one(&pool)
        .await
        .unwrap();
    let on_mobile = HistoryQuery {
        channel_id: Some(mobile),
        ..all.clone()
    };
    assert_eq!(found(&pool, &boss, on_mobile).await, vec![active]);
    for (status, expected) in [
        (ConversationStatus::Waiting, waiting),
        (ConversationStatus::Active, active),
        (ConversationStatus::Closed, old),
    ] {
        let by_status = HistoryQuery {
            status: Some(status),
            ..all.clone()
        };
        assert_eq!(found(&pool, &boss, by_status).await, vec![expected]);
    }
    // Dates are the staff member's (Tashkent) days.
    let day = |from: &str, to: &str| HistoryQuery {
        from: from.into(),
        to: to.into(),
        ..all.clone()
    };
    assert_eq!(
        found(&pool, &boss, day("2026-11-21", "2026-11-21")).await,
        vec![old]
    );
    assert!(found(&pool, &boss, day("2026-11-20", "2026-11-20"))
        .await
        .is_empty());
    assert_eq!(found(&pool, &boss, day("", "2026-11-21")).await, vec![old]);
    assert_eq!(
        found(&pool, &boss, day("2026-11-22", "")).await,
        vec![waiting, active]
    );
    for (from, to) in [
        ("2026-13-01", ""),
        ("2026-11-22", "2026-11-21"),
        ("yesterday", ""),
    ] {
        assert_eq!(
            history::search(&pool, &boss, &day(from, to)).await.unwrap_err(),
            HistoryError::BadDate
        );
    }
    // A topic finds its own conversations and those of the topics under it.
    let topic = |parent: Option<i64>, name: &'static str, depth: i32| {
        let pool = pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>(
                "INSERT INTO topics (parent_id, name, depth) VALUES ($1, $2, $3) RETURNING id",
            )
            .bind(parent)
            .bind(name)
            .bind(depth)
            .fetch_one(&pool)
            .await
            .unwrap()
        }
    };
    let cards = topic(None, "Карты", 1).await;
    let blocking = topic(Some(cards), "Блокировка", 2).await;
    let deposits = topic(None, "Вклады", 1).await;
    sqlx::query("INSERT INTO conversation_topics (conversation_id, topic_id) VALUES ($1, $2)")
        .bind(old)
        .bind(blocking)
        .execute(&pool)
        .await
        .unwrap();
    for (t, expected) in [(cards, vec![old]), (blocking, vec![old]), (deposits, vec![])] {
        let by_topic = HistoryQuery {
            topic_id: Some(t),
            ..all.clone()
        };
        assert_eq!(found(&pool, &boss, by_topic).await, expected);
    }
    let filters = history::filters(&pool, &boss).await.unwrap();
    let names: Vec<&str> = filters.topics.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, vec!["Карты", "Блокировка", "Вклады"], "the tree in order");
    // Words and filters together.
    let words_and_status = HistoryQuery {
        text: "карта".into(),
        status: Some(ConversationStatus::Active),
        ..all.clone()
    };
    assert_eq!(found(&pool, &boss, words_and_status).await, vec![active]);
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn operators_find_only_the_conversations_they_handled(pool: PgPool) {
    let boss = staff(&pool, "boss", "supervisor").await;
    let a = staff(&pool, "op.a", "operator").await;
    let b = staff(&pool, "op.b", "operator").await;
    let mine = talk(
        &pool,
        "site",
        "v1",
        "Aziz",
        Some(a.id),
        true,
        &["Карта заблокирована"],
    )
    .await;
    let theirs = talk(&pool, "site", "v2", "Dana", Some(b.id), true, &["Карта потеряна"]).await;
    let queued = talk(&pool, "site", "v3", "Zarina", None, false, &["Карта не работает"]).await;
    assert_eq!(found(&pool, &a, words("карта")).await, vec![mine]);
    assert_eq!(found(&pool, &a, HistoryQuery::default()).await, vec![mine]);
    // Asking for another operator's conversations gives nothing.
    let others = HistoryQuery {
        operator_id: Some(b.id),
        ..Default::default()
    };
    assert!(found(&pool, &a, others).await.is_empty());
    assert_eq!(found(&pool, &b, words("карта")).await, vec![theirs]);
    assert_eq!(
        found(&pool, &boss, words("карта")).await,
        vec![queued, theirs, mine]
    );
    // Operators get no operator filter; supervisors choose among operators.
    assert!(history::filters(&pool, &a).await.unwrap().operators.is_empty());
    let names: Vec<String> = history::filters(&pool, &boss)
        .await
        .unwrap()
        .operators
        .into_iter()
        .map(|o| o.name)
        .collect();
    assert_eq!(names, vec!["op.a", "op.b"]);
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn snippets_carry_no_markers(pool: PgPool) {
    let boss = staff(&pool, "boss", "supervisor").await;
    // A customer types the private markers themselves, around a word that won't match.
    talk(
        &pool,
        "site",
        "v1",
        "Aziz",
        None,
        false,
        &["\u{1}вклад\u{2} <b>карта</b> заблокирована"],
    )
    .await;
    let page = history::search(&pool, &boss, &words("карта")).await.unwrap();
    let parts = &page.hits[0].snippet;
    assert!(
        parts.iter().all(|p| !p.text.contains(['\u{1}', '\u{2}'])),
        "{parts:?}"
    );
    let hits: Vec<&str> = parts.iter().filter(|p| p.hit).map(|p| p.text.as_str()).collect();
    assert_eq!(hits, vec!["карта"], "only the matched word, never the forged one");
    let text: String = parts.iter().map(|p| p.text.as_str()).collect();
    assert!(text.contains("вклад"), "the forged word is plain text: {text}");
    // Without words the latest message is the snippet, markers stripped too.
    let listed = history::search(&pool, &boss, &HistoryQuery::default())
        .await
        .unwrap();
    let plain = &listed.hits[0].snippet;
    assert!(plain
        .iter()
        .all(|p| !p.hit && !p.text.contains(['\u{1}', '\u{2}'])));
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn results_come_fifty_at_a_time(pool: PgPool) {
    let boss = staff(&pool, "boss", "supervisor").await;
    let mut ids = Vec::new();
    for n in 0..PAGE_SIZE + 5 {
        ids.push(
            talk(
                &pool,
                "site",
                &format!("v{n:03}"),
                "Client",
                None,
                false,
                &["Карта"],
            )
            .await,
        );
    }
    ids.reverse();
    let first = history::search(&pool, &boss, &words("карта")).await.unwrap();
    assert_eq!(first.hits.len(), PAGE_SIZE);
    assert_eq!(first.hits[0].conversation_id, ids[0]);
    let next = HistoryQuery {
        before: first.next_before,
        ..words("карта")
    };
    let second = history::search(&pool, &boss, &next).await.unwrap();
    let rest: Vec<i64> = second.hits.iter().map(|h| h.conversation_id).collect();
    assert_eq!(rest, ids[PAGE_SIZE..].to_vec());
    assert_eq!(second.next_before, None);
}
