//! Telegram against a local Bot API server (`common::fake_telegram`): updates by long
//! polling and by webhook (secret token checked), text, photos and documents both ways,
//! the outbox's retries and final refusals, the rating buttons, sealed credentials, and
//! calls through the bank's proxy.

use crate::common::{
    self,
    fake_telegram::{text_update, FakeTelegram},
};
use app::channels::model::{TelegramForm, TelegramMode, TelegramSettings};
use app::domain::channels::messenger;
use app::domain::conversations;
use app::domain::state::AppState;
use serde_json::json;
use server::channels::{delivery, Channels};
use sqlx::PgPool;
use std::time::Duration;

const TOKEN: &str = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";

async fn telegram_channel(state: &AppState, api_base: &str, mode: TelegramMode) -> i64 {
    messenger::save_telegram(
        &state.pool,
        &state.secrets,
        &TelegramForm {
            id: None,
            name: "Bank bot".into(),
            bot_token: TOKEN.into(),
            settings: TelegramSettings {
                mode,
                api_base: api_base.into(),
                public_url: "https://cc.bank.example".into(),
            },
            rating_scale: 5,
            active: true,
        },
    )
    .await
    .unwrap()
}

/// Waits (up to 10 s) until `f` gives something.
async fn eventually<T, F, Fut>(mut f: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    for _ in 0..100 {
        if let Some(v) = f().await {
            return v;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("nothing came within 10 s");
}

async fn customer_messages(pool: &PgPool, body: &str) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM messages WHERE sender = 'customer' AND body = $1")
        .bind(body)
        .fetch_one(pool)
        .await
        .unwrap()
}

async fn conversation_with(pool: &PgPool, body: &str) -> Option<i64> {
    sqlx::query_scalar("SELECT conversation_id FROM messages WHERE body = $1")
        .bind(body)
        .fetch_optional(pool)
        .await
        .unwrap()
}

/// An operator takes the conversation and answers; returns the message id.
async fn operator_answers(pool: &PgPool, conversation: i64, text: &str) -> i64 {
    let operator: i64 = match sqlx::query_scalar("SELECT operator_id FROM conversations WHERE id = $1")
        .bind(conversation)
        .fetch_one(pool)
        .await
        .unwrap()
    {
        Some(op) => op,
        None => {
            let op = common::operator(pool, &format!("op{conversation}")).await;
            conversations::take(pool, conversation, op).await.unwrap();
            op
        }
    };
    let (m, _) = conversations::operator_writes(pool, conversation, operator, &common::client_id(), text)
        .await
        .unwrap();
    m.id
}

async fn delivery_of(pool: &PgPool, message: i64) -> (Option<String>, Option<String>) {
    sqlx::query_as("SELECT delivery, delivery_error FROM messages WHERE id = $1")
        .bind(message)
        .fetch_one(pool)
        .await
        .unwrap()
}

/// Makes every waiting outbox row due now (time passing, without waiting for it).
async fn time_passes(pool: &PgPool) {
    sqlx::query("UPDATE outbox SET next_attempt_at = now() WHERE status = 'pending'")
        .execute(pool)
        .await
        .unwrap();
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn polling_opens_a_conversation_and_the_answer_reaches_the_chat(pool: PgPool) {
    let fake = FakeTelegram::start().await;
    let state = common::state(pool.clone());
    let channel = telegram_channel(&state, &fake.base(), TelegramMode::Polling).await;
    fake.push_update(text_update(
        900,
        501,
        11,
        "Assalomu alaykum, kartam bloklandi",
        "uz",
    ));
    Channels::new(state.clone(), common::file_store()).spawn_workers();

    let conversation = eventually(|| conversation_with(&pool, "Assalomu alaykum, kartam bloklandi")).await;
    let (name, language, status): (String, String, String) = sqlx::query_as(
        "SELECT cu.display_name, c.language, c.status FROM conversations c JOIN customers cu ON cu.id = c.customer_id
         WHERE c.id = $1",
    )
    .bind(conversation)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(
        (name.as_str(), language.as_str(), status.as_str()),
        ("Ali Valiyev", "uz-Latn", "waiting")
    );
    let contact: (i64, String) = sqlx::query_as("SELECT channel_id, external_id FROM customer_contacts")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(contact, (channel, "501".to_owned()));

    let answer = operator_answers(&pool, conversation, "Kartangiz blokdan chiqarildi").await;
    let sent = eventually(|| async {
        fake.calls("sendMessage")
            .into_iter()
            .find(|c| c.fields["text"] == "Kartangiz blokdan chiqarildi")
    })
    .await;
    assert_eq!(sent.fields["chat_id"], "501");
    assert_eq!(sent.token, TOKEN);
    eventually(|| async { (delivery_of(&pool, answer).await.0.as_deref() == Some("sent")).then_some(()) })
        .await;

    // Telegram repeats an update it thinks unconfirmed: still one message. A second
    // message from the same chat joins the same conversation and customer.
    fake.push_update(text_update(
        900,
        501,
        11,
        "Assalomu alaykum, kartam bloklandi",
        "uz",
    ));
    fake.push_update(text_update(901, 501, 12, "Rahmat!", "uz"));
    let second = eventually(|| conversation_with(&pool, "Rahmat!")).await;
    assert_eq!(second, conversation);
    assert_eq!(
        customer_messages(&pool, "Assalomu alaykum, kartam bloklandi").await,
        1
    );
    let customers: i64 = sqlx::query_scalar("SELECT count(*) FROM customers")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(customers, 1);
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn the_webhook_takes_only_calls_with_the_secret_token(pool: PgPool) {
    let fake = FakeTelegram::start().await;
    let state = common::state(pool.clone());
    let channel = telegram_channel(&state, &fake.base(), TelegramMode::Webhook).await;
    let loaded = messenger::load(&pool, &state.secrets, channel).await.unwrap();
    let secret = loaded.secret("webhook_secret").unwrap().to_owned();
    assert!(secret.len() >= 32);
    let addr = common::serve_with(state.clone(), common::file_store()).await;
    let url = format!("http://{addr}/channels/telegram/{}", loaded.public_key);
    let http = reqwest::Client::new();
    let update = text_update(1, 777, 5, "Webhook salom", "ru");
    let post = |header: Option<&str>, body: String, url: String| {
        let mut request = http
            .post(url)
            .header("content-type", "application/json")
            .body(body);
        if let Some(h) = header {
            request = request.header("X-Telegram-Bot-Api-Secret-Token", h);
        }
        request.send()
    };
    assert_eq!(
        post(None, update.to_string(), url.clone())
            .await
            .unwrap()
            .status(),
        401
    );
    assert_eq!(
        post(Some("guess"), update.to_string(), url.clone())
            .await
            .unwrap()
            .status(),
        401
    );
    let wrong_key = format!("http://{addr}/channels/telegram/nope");
    assert_eq!(
        post(Some(&secret), update.to_string(), wrong_key)
            .await
            .unwrap()
            .status(),
        404
    );
    assert_eq!(
        customer_messages(&pool, "Webhook salom").await,
        0,
        "nothing stored from refused calls"
    );
    assert_eq!(
        post(Some(&secret), "{not json".into(), url.clone())
            .await
            .unwrap()
            .status(),
        400
    );
    assert_eq!(
        post(Some(&secret), update.to_string(), url.clone())
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        post(Some(&secret), update.to_string(), url.clone())
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        customer_messages(&pool, "Webhook salom").await,
        1,
        "a redelivered update is stored once"
    );

    // The webhook is registered with Telegram, with the same secret token.
    Channels::new(state.clone(), common::file_store()).spawn_workers();
    let registered = eventually(|| async { fake.calls("setWebhook").into_iter().next() }).await;
    assert_eq!(
        registered.fields["url"],
        format!("https://cc.bank.example/channels/telegram/{}", loaded.public_key)
    );
    assert_eq!(registered.fields["secret_token"], secret.as_str());
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn photos_and_documents_go_both_ways(pool: PgPool) {
    let fake = FakeTelegram::start().await;
    let state = common::state(pool.clone());
    let files = common::file_store();
    let channel = telegram_channel(&state, &fake.base(), TelegramMode::Webhook).await;
    let loaded = messenger::load(&pool, &state.secrets, channel).await.unwrap();
    let addr = common::serve_with(state.clone(), files.clone()).await;
    fake.add_file("files/PHOTO-BIG", PNG);
    let update = json!({
        "update_id": 3,
        "message": {
            "message_id": 40, "date": 1,
            "from": { "id": 88, "is_bot": false, "first_name": "Dana", "language_code": "kk" },
            "chat": { "id": 88, "type": "private" },
            "photo": [ { "file_id": "PHOTO-SMALL", "file_unique_id": "s", "width": 1, "height": 1 },
                       { "file_id": "PHOTO-BIG", "file_unique_id": "b", "width": 1, "height": 1, "file_size": PNG.len() } ],
            "caption": "Чек"
        }
    });
    let reply = reqwest::Client::new()
        .post(format!("http://{addr}/channels/telegram/{}", loaded.public_key))
        .header(
            "X-Telegram-Bot-Api-Secret-Token",
            loaded.secret("webhook_secret").unwrap(),
        )
        .json(&update)
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), 200);
    let (conversation, body, content_type, key): (i64, String, String, String) = sqlx::query_as(
        "SELECT m.conversation_id, m.body, a.content_type, a.storage_key FROM messages m
         JOIN attachments a ON a.id = m.attachment_id WHERE m.sender = 'customer'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!((body.as_str(), content_type.as_str()), ("Чек", "image/png"));
    assert_eq!(
        std::fs::read(files.path_of(&key).unwrap()).unwrap(),
        PNG,
        "the largest size, byte for byte"
    );
    assert_eq!(fake.calls("getFile")[0].fields["file_id"], "PHOTO-BIG");

    // The operator sends a PDF with a caption: Telegram receives a document upload.
    let operator = common::operator(&pool, "dana.op").await;
    conversations::take(&pool, conversation, operator).await.unwrap();
    let limits = app::domain::files::settings::load(&pool).await.unwrap();
    let stored = server::files::store_bytes(&files, &limits, "vypiska.pdf", PDF)
        .await
        .unwrap();
    let (message, _) = app::domain::files::attachments::operator_sends(
        &pool,
        conversation,
        operator,
        &common::client_id(),
        "Ko‘chirma",
        &stored,
    )
    .await
    .unwrap();
    delivery::round(&Channels::new(state.clone(), files.clone())).await;
    let upload = fake.calls("sendDocument").pop().expect("a document upload");
    assert_eq!(upload.fields["chat_id"], "88");
    assert_eq!(upload.fields["caption"], "Ko‘chirma");
    let (name, content_type, bytes) = upload.file.unwrap();
    assert_eq!(
        (name.as_str(), content_type.as_str()),
        ("vypiska.pdf", "application/pdf")
    );
    assert_eq!(bytes, PDF);
    assert_eq!(delivery_of(&pool, message.id).await.0.as_deref(), Some("sent"));
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn an_outage_is_retried_in_order_and_a_refusal_fails_with_its_reason(pool: PgPool) {
    let fake = FakeTelegram::start().await;
    let state = common::state(pool.clone());
    let ctx = Channels::new(state.clone(), common::file_store());
    let channel = telegram_channel(&state, &fake.base(), TelegramMode::Polling).await;
    let (customer, _) = app::domain::channels::contacts::customer_for(&pool, channel, "600", "Vali", "ru")
        .await
        .unwrap();
    let from = app::domain::channels::inbound::Origin {
        channel_id: channel,
        customer_id: customer,
        language: "ru",
    };
    let first = app::domain::channels::inbound::text(&pool, &state.bus, &from, "tg:600:1", "Привет")
        .await
        .unwrap()
        .unwrap();

    // Telegram is down: the first answer waits, with the reason, and the second waits behind it.
    fake.fail_next(502, "Bad Gateway");
    fake.fail_next(502, "Bad Gateway");
    let a = operator_answers(&pool, first.conversation_id, "Первый ответ").await;
    let b = operator_answers(&pool, first.conversation_id, "Второй ответ").await;
    delivery::round(&ctx).await;
    assert_eq!(
        delivery_of(&pool, a).await,
        (Some("pending".into()), Some("502: Bad Gateway".into()))
    );
    let down = messenger::list(&pool)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.id == channel)
        .unwrap();
    assert_eq!(
        down.last_error.as_deref(),
        Some("502: Bad Gateway"),
        "an outage shows on the channels page"
    );
    assert_eq!(delivery_of(&pool, b).await.0.as_deref(), Some("pending"));
    assert_eq!(
        fake.calls("sendMessage").len(),
        1,
        "the second waits for the first"
    );
    let (attempts, wait): (i32, f64) = sqlx::query_as(
        "SELECT attempts, extract(epoch FROM next_attempt_at - now())::float8 FROM outbox WHERE message_id = $1",
    )
    .bind(a)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(attempts, 1);
    assert!((3.0..=5.5).contains(&wait), "retried after about 5 s, not {wait}");
    delivery::round(&ctx).await;
    assert_eq!(
        fake.calls("sendMessage").len(),
        1,
        "nothing is due before its time"
    );
    time_passes(&pool).await;
    delivery::round(&ctx).await;
    time_passes(&pool).await;
    delivery::round(&ctx).await;
    let texts: Vec<String> = fake
        .calls("sendMessage")
        .iter()
        .map(|c| c.fields["text"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        texts,
        ["Первый ответ", "Первый ответ", "Первый ответ", "Второй ответ"]
    );
    assert_eq!(delivery_of(&pool, a).await, (Some("sent".into()), None));
    assert_eq!(delivery_of(&pool, b).await.0.as_deref(), Some("sent"));

    // The customer blocked the bot: final at once, with Telegram's words; the channel shows it.
    fake.fail_next(403, "Forbidden: bot was blocked by the user");
    let c = operator_answers(&pool, first.conversation_id, "Третий ответ").await;
    delivery::round(&ctx).await;
    assert_eq!(
        delivery_of(&pool, c).await,
        (
            Some("failed".into()),
            Some("403: Forbidden: bot was blocked by the user".into())
        )
    );
    let row = messenger::list(&pool)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.id == channel)
        .unwrap();
    assert_eq!((row.pending, row.failed), (0, 1));
    assert_eq!(
        row.last_error, None,
        "one customer's refusal is not the channel's error"
    );

    // The operator sends it again once the customer unblocked the bot.
    assert!(app::domain::channels::outbox::retry(&pool, c).await.unwrap());
    assert!(
        !app::domain::channels::outbox::retry(&pool, c).await.unwrap(),
        "only a failed message is retried"
    );
    delivery::round(&ctx).await;
    assert_eq!(delivery_of(&pool, c).await, (Some("sent".into()), None));
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn closing_sends_rating_buttons_and_a_press_rates(pool: PgPool) {
    let fake = FakeTelegram::start().await;
    let state = common::state(pool.clone());
    let ctx = Channels::new(state.clone(), common::file_store());
    let channel = telegram_channel(&state, &fake.base(), TelegramMode::Webhook).await;
    let loaded = messenger::load(&pool, &state.secrets, channel).await.unwrap();
    let addr = common::serve_with(state.clone(), common::file_store()).await;
    let post = |update: serde_json::Value| {
        reqwest::Client::new()
            .post(format!("http://{addr}/channels/telegram/{}", loaded.public_key))
            .header(
                "X-Telegram-Bot-Api-Secret-Token",
                loaded.secret("webhook_secret").unwrap().to_owned(),
            )
            .json(&update)
            .send()
    };
    assert_eq!(
        post(text_update(1, 321, 1, "Сәлем", "kk"))
            .await
            .unwrap()
            .status(),
        200
    );
    let conversation = conversation_with(&pool, "Сәлем").await.unwrap();
    operator_answers(&pool, conversation, "Сәлеметсіз бе!").await;
    let operator: i64 = sqlx::query_scalar("SELECT operator_id FROM conversations WHERE id = $1")
        .bind(conversation)
        .fetch_one(&pool)
        .await
        .unwrap();
    conversations::close(&pool, conversation, operator).await.unwrap();
    delivery::round(&ctx).await;
    let form = fake
        .calls("sendMessage")
        .into_iter()
        .find(|c| c.fields.get("reply_markup").is_some())
        .expect("the rating form");
    assert_eq!(form.fields["text"], "Жауабымызды 1-ден 5-ға дейін бағалаңыз:");
    let buttons: Vec<(String, String)> = form.fields["reply_markup"]["inline_keyboard"][0]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["text"].as_str().unwrap().to_owned(),
                b["callback_data"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(buttons.len(), 5);
    assert_eq!(buttons[3], ("4".to_owned(), format!("rate:{conversation}:4")));

    let press = |data: String, id: &str| {
        json!({
            "update_id": 2,
            "callback_query": {
                "id": id, "chat_instance": "x", "data": data,
                "from": { "id": 321, "is_bot": false, "first_name": "Aida", "language_code": "kk" }
            }
        })
    };
    // Someone else's conversation cannot be rated from this chat.
    let other = common::waiting_on(&pool, "site", 1, "ru").await;
    assert_eq!(
        post(press(format!("rate:{other}:1"), "q0"))
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        post(press(buttons[3].1.clone(), "q1")).await.unwrap().status(),
        200
    );
    let scores: Vec<(i64, i16)> = sqlx::query_as("SELECT conversation_id, score FROM ratings")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert_eq!(scores, [(conversation, 4)]);
    let answers = fake.calls("answerCallbackQuery");
    assert_eq!(
        answers[0].fields["text"],
        "Бұл диалогты енді бағалау мүмкін емес."
    );
    assert_eq!(answers[1].fields["text"], "Бағаңызға рахмет!");
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn credentials_are_sealed_and_calls_go_through_the_banks_proxy(pool: PgPool) {
    let fake = FakeTelegram::start().await;
    let state = common::state(pool.clone());
    // Nothing listens at the bot's address: only the proxy (the fake answers for it) reaches it.
    let channel = telegram_channel(&state, "http://127.0.0.1:9", TelegramMode::Polling).await;
    let sealed: Vec<u8> = sqlx::query_scalar("SELECT secret_box FROM channels WHERE id = $1")
        .bind(channel)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(
        !sealed.windows(9).any(|w| w == &TOKEN.as_bytes()[..9]),
        "the token is not stored in the clear"
    );
    let other_key = app::domain::secrets::SecretBox::new(&[1; 32]);
    assert_eq!(
        messenger::load(&pool, &other_key, channel).await.unwrap_err(),
        messenger::ChannelError::Unreadable
    );

    let (customer, _) = app::domain::channels::contacts::customer_for(&pool, channel, "42", "", "ru")
        .await
        .unwrap();
    let from = app::domain::channels::inbound::Origin {
        channel_id: channel,
        customer_id: customer,
        language: "ru",
    };
    let first = app::domain::channels::inbound::text(&pool, &state.bus, &from, "tg:42:1", "Есть кто?")
        .await
        .unwrap()
        .unwrap();
    let answer = operator_answers(&pool, first.conversation_id, "Да, слушаю вас").await;
    let ctx = Channels::new(state.clone(), common::file_store());
    delivery::round(&ctx).await;
    assert_eq!(
        delivery_of(&pool, answer).await.0.as_deref(),
        Some("pending"),
        "no proxy: unreachable"
    );

    app::domain::channels::network::save(
        &pool,
        &app::channels::model::NetworkForm {
            proxy_url: fake.base(),
            ca_bundle: String::new(),
        },
    )
    .await
    .unwrap();
    time_passes(&pool).await;
    delivery::round(&ctx).await;
    assert_eq!(delivery_of(&pool, answer).await, (Some("sent".into()), None));
    assert_eq!(fake.calls("sendMessage")[0].fields["text"], "Да, слушаю вас");
}

/// A valid 1×1 PNG.
pub(crate) const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00,
    0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00,
    0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0, 0x1F, 0x00, 0x05,
    0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42,
    0x60, 0x82,
];
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";
