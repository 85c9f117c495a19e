//! Topics (TS 9.8) against a real PostgreSQL: the depth limit (4 by default, up to
//! 10), several topics per conversation, required before closing, archived topics,
//! and a customer's topic history with filter and sort.

use crate::common;

use app::domain::topics::{self, Removal, TopicError};
use app::domain::{accounts, conversations};
use app::model::CurrentUser;
use app::topics::model::{HistorySort, TopicSettings};
use sqlx::PgPool;

async fn user(pool: &PgPool, id: i64) -> CurrentUser {
    CurrentUser {
        id,
        login: String::new(),
        display_name: String::new(),
        permissions: accounts::permissions_of(pool, id).await.unwrap(),
        time_zone: "Asia/Tashkent".into(),
        utc_offset_seconds: 5 * 3600,
        must_change_password: false,
        must_enrol_totp: false,
    }
}

/// A chain of `levels` topics, each under the previous; returns their ids, root first.
async fn chain(pool: &PgPool, prefix: &str, levels: usize) -> Result<Vec<i64>, TopicError> {
    let mut ids = Vec::new();
    for level in 1..=levels {
        let id = topics::add(pool, ids.last().copied(), &format!("{prefix} {level}")).await?;
        ids.push(id);
    }
    Ok(ids)
}

async fn settings(pool: &PgPool, max_depth: i32, required: bool) -> Result<(), TopicError> {
    topics::save_settings(
        pool,
        TopicSettings {
            max_depth,
            required_before_close: required,
        },
    )
    .await
}

/// A conversation taken by a new operator; returns (conversation, operator, customer).
async fn active_conversation(pool: &PgPool, key: &str, login: &str) -> (i64, i64, i64) {
    let conversation = common::waiting_on(pool, key, 1, "ru").await;
    let operator = common::operator(pool, login).await;
    conversations::take(pool, conversation, operator).await.unwrap();
    let customer: i64 = sqlx::query_scalar("SELECT customer_id FROM conversations WHERE id = $1")
        .bind(conversation)
        .fetch_one(pool)
        .await
        .unwrap();
    (conversation, operator, customer)
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn the_tree_is_four_levels_deep_by_default_and_up_to_ten(pool: PgPool) {
    let s = topics::settings(&pool).await.unwrap();
    assert_eq!((s.max_depth, s.required_before_close), (4, false));

    let four = chain(&pool, "Уровень", 4).await.unwrap();
    assert_eq!(
        topics::add(&pool, Some(four[3]), "Пятый").await,
        Err(TopicError::TooDeep { max: 4 })
    );

    settings(&pool, 10, false).await.unwrap();
    let mut parent = four[3];
    for level in 5..=10 {
        parent = topics::add(&pool, Some(parent), &format!("Уровень {level}"))
            .await
            .unwrap();
    }
    assert_eq!(
        topics::add(&pool, Some(parent), "Одиннадцатый").await,
        Err(TopicError::TooDeep { max: 10 })
    );
    let tree = topics::tree(&pool).await.unwrap();
    assert_eq!(tree.deepest(), 10);
    assert_eq!(
        tree.topics.last().unwrap().path,
        (1..=10)
            .map(|l| format!("Уровень {l}"))
            .collect::<Vec<_>>()
            .join(" › ")
    );

    // The limit can't go below the deepest topic, nor outside 1..=10.
    assert_eq!(
        settings(&pool, 9, false).await,
        Err(TopicError::BelowDeepest { deepest: 10 })
    );
    assert_eq!(settings(&pool, 11, false).await, Err(TopicError::Invalid));
    assert_eq!(settings(&pool, 0, false).await, Err(TopicError::Invalid));
    assert_eq!(topics::settings(&pool).await.unwrap().max_depth, 10);

    // Once the deep branch is gone, the limit can come down again.
    assert_eq!(topics::remove(&pool, four[2]).await.unwrap(), Removal::Deleted);
    settings(&pool, 2, false).await.unwrap();
    assert_eq!(topics::tree(&pool).await.unwrap().topics.len(), 2);
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn siblings_are_named_once_renamed_and_reordered(pool: PgPool) {
    let cards = topics::add(&pool, None, "Карты").await.unwrap();
    let credits = topics::add(&pool, None, "Кредиты").await.unwrap();
    let transfers = topics::add(&pool, None, "Переводы").await.unwrap();
    assert_eq!(
        topics::add(&pool, None, "  карты ").await,
        Err(TopicError::Duplicate)
    );
    assert_eq!(topics::add(&pool, None, "   ").await, Err(TopicError::Invalid));
    // The same name under another parent is fine.
    topics::add(&pool, Some(credits), "Карты").await.unwrap();

    topics::shift(&pool, transfers, true).await.unwrap();
    topics::shift(&pool, cards, true).await.unwrap(); // already first: nothing happens
    let roots: Vec<i64> = topics::tree(&pool)
        .await
        .unwrap()
        .children_of(None)
        .iter()
        .map(|t| t.id)
        .collect();
    assert_eq!(roots, [cards, transfers, credits]);

    topics::rename(&pool, transfers, "Переводы и платежи")
        .await
        .unwrap();
    assert_eq!(
        topics::rename(&pool, transfers, "Кредиты").await,
        Err(TopicError::Duplicate)
    );
    let tree = topics::tree(&pool).await.unwrap();
    assert!(tree.topics.iter().any(|t| t.name == "Переводы и платежи"));
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn a_conversation_takes_several_topics_and_closing_can_require_one(pool: PgPool) {
    let cards = topics::add(&pool, None, "Карты").await.unwrap();
    let block = topics::add(&pool, Some(cards), "Блокировка").await.unwrap();
    let limits = topics::add(&pool, Some(cards), "Лимиты").await.unwrap();
    let (conversation, operator, _) = active_conversation(&pool, "topics-close", "op.topics").await;
    let op = user(&pool, operator).await;

    settings(&pool, 4, true).await.unwrap();
    assert_eq!(
        topics::check_before_close(&pool, conversation).await,
        Err(TopicError::Required)
    );

    let set = topics::set_on_conversation(&pool, &op, conversation, &[block, limits], &[])
        .await
        .unwrap();
    let paths: Vec<_> = set.topics.iter().map(|t| t.path.as_str()).collect();
    assert_eq!(paths, ["Карты › Блокировка", "Карты › Лимиты"]);
    // Setting one twice changes nothing; removing one leaves the other.
    let set = topics::set_on_conversation(&pool, &op, conversation, &[block], &[limits])
        .await
        .unwrap();
    assert_eq!(set.topics.len(), 1);

    topics::check_before_close(&pool, conversation).await.unwrap();
    conversations::close(&pool, conversation, operator).await.unwrap();

    // Closed: its operator can't change the topics any more; a supervisor can.
    assert_eq!(
        topics::set_on_conversation(&pool, &op, conversation, &[limits], &[]).await,
        Err(TopicError::Forbidden)
    );
    let supervisor = accounts::create_user(&pool, "sup.topics", "Sup", common::PASSWORD, &["supervisor"])
        .await
        .unwrap();
    let sup = user(&pool, supervisor).await;
    topics::set_on_conversation(&pool, &sup, conversation, &[limits], &[])
        .await
        .unwrap();

    // Another operator can't touch a conversation that isn't theirs.
    let other = common::operator(&pool, "op.other").await;
    let other = user(&pool, other).await;
    assert_eq!(
        topics::set_on_conversation(&pool, &other, conversation, &[], &[block]).await,
        Err(TopicError::Forbidden)
    );

    // Not required: closing without a topic is fine.
    settings(&pool, 4, false).await.unwrap();
    let (bare, ..) = active_conversation(&pool, "topics-bare", "op.bare").await;
    topics::check_before_close(&pool, bare).await.unwrap();
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn archived_topics_cant_be_set_and_used_ones_are_archived_not_deleted(pool: PgPool) {
    let cards = topics::add(&pool, None, "Карты").await.unwrap();
    let block = topics::add(&pool, Some(cards), "Блокировка").await.unwrap();
    let unused = topics::add(&pool, None, "Вклады").await.unwrap();
    let (conversation, operator, _) = active_conversation(&pool, "topics-archive", "op.archive").await;
    let op = user(&pool, operator).await;
    topics::set_on_conversation(&pool, &op, conversation, &[block], &[])
        .await
        .unwrap();

    // Used below: archived (with its subtree), not deleted; the conversation keeps it.
    assert_eq!(topics::remove(&pool, cards).await.unwrap(), Removal::Archived);
    assert_eq!(topics::remove(&pool, unused).await.unwrap(), Removal::Deleted);
    let tree = topics::tree(&pool).await.unwrap();
    assert_eq!(tree.topics.len(), 2);
    assert!(tree.topics.iter().all(|t| t.archived && t.used));
    assert_eq!(
        topics::of_conversation(&pool, conversation).await.unwrap().len(),
        1
    );

    // Archived topics are not offered and can't be set, nor get children.
    assert!(topics::choices(&pool, false).await.unwrap().is_empty());
    assert_eq!(topics::choices(&pool, true).await.unwrap().len(), 2);
    topics::set_on_conversation(&pool, &op, conversation, &[], &[block])
        .await
        .unwrap();
    assert_eq!(
        topics::set_on_conversation(&pool, &op, conversation, &[block], &[]).await,
        Err(TopicError::Archived)
    );
    assert_eq!(
        topics::add(&pool, Some(block), "Новая").await,
        Err(TopicError::Archived)
    );

    // A child can't come back under an archived parent; the parent brings it back.
    assert_eq!(
        topics::set_archived(&pool, block, false).await,
        Err(TopicError::Archived)
    );
    topics::set_archived(&pool, cards, false).await.unwrap();
    assert_eq!(topics::choices(&pool, false).await.unwrap().len(), 2);
    topics::set_on_conversation(&pool, &op, conversation, &[block], &[])
        .await
        .unwrap();
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn a_customers_history_filters_by_subtree_and_sorts(pool: PgPool) {
    let cards = topics::add(&pool, None, "Карты").await.unwrap();
    let block = topics::add(&pool, Some(cards), "Блокировка").await.unwrap();
    let stolen = topics::add(&pool, Some(block), "Кража").await.unwrap();
    let credits = topics::add(&pool, None, "Кредиты").await.unwrap();
    let early = topics::add(&pool, Some(credits), "Досрочное погашение")
        .await
        .unwrap();

    let (first, operator, customer) = active_conversation(&pool, "topics-history", "op.history").await;
    let op = user(&pool, operator).await;
    topics::set_on_conversation(&pool, &op, first, &[stolen, early], &[])
        .await
        .unwrap();
    conversations::close(&pool, first, operator).await.unwrap();
    // Set a day earlier than the next conversation's topics.
    sqlx::query(
        "UPDATE conversation_topics SET set_at = set_at - interval '1 day' WHERE conversation_id = $1",
    )
    .bind(first)
    .execute(&pool)
    .await
    .unwrap();
    // The same customer writes again; the same operator takes it.
    let (channel,): (i64,) = sqlx::query_as("SELECT channel_id FROM conversations WHERE id = $1")
        .bind(first)
        .fetch_one(&pool)
        .await
        .unwrap();
    let (m, ..) =
        conversations::customer_writes(&pool, customer, channel, "ru", &common::client_id(), "Снова я")
            .await
            .unwrap();
    let second = m.conversation_id;
    assert_ne!(second, first);
    conversations::take(&pool, second, operator).await.unwrap();
    topics::set_on_conversation(&pool, &op, second, &[block], &[])
        .await
        .unwrap();
    // Another customer's topics never show.
    let (elsewhere, other_op, _) = active_conversation(&pool, "topics-elsewhere", "op.elsewhere").await;
    let other = user(&pool, other_op).await;
    topics::set_on_conversation(&pool, &other, elsewhere, &[block], &[])
        .await
        .unwrap();

    let by_date = topics::history(&pool, customer, None, HistorySort::Date)
        .await
        .unwrap();
    let rows: Vec<(i64, &str)> = by_date
        .iter()
        .map(|r| (r.conversation_id, r.path.as_str()))
        .collect();
    assert_eq!(rows[0], (second, "Карты › Блокировка"), "newest first");
    assert_eq!(rows.len(), 3);
    assert!(rows[1..].iter().all(|(c, _)| *c == first));
    assert_eq!(by_date[0].channel_name, "topics-history");

    let by_topic = topics::history(&pool, customer, None, HistorySort::Topic)
        .await
        .unwrap();
    let paths: Vec<&str> = by_topic.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "Карты › Блокировка",
            "Карты › Блокировка › Кража",
            "Кредиты › Досрочное погашение"
        ]
    );

    // Filtering by "Карты" takes its whole subtree; by "Кредиты" only that branch.
    let cards_rows = topics::history(&pool, customer, Some(cards), HistorySort::Date)
        .await
        .unwrap();
    assert_eq!(cards_rows.len(), 2);
    assert!(cards_rows.iter().all(|r| r.path.starts_with("Карты")));
    let credit_rows = topics::history(&pool, customer, Some(credits), HistorySort::Date)
        .await
        .unwrap();
    assert_eq!(credit_rows.len(), 1);
    assert_eq!(credit_rows[0].topic_id, early);

    // Who may read it: the customer's operator and supervisors, not another operator.
    assert!(topics::may_read_customer(&pool, &op, customer).await.unwrap());
    assert!(!topics::may_read_customer(&pool, &other, customer).await.unwrap());
}
