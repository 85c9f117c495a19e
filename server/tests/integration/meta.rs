//! Messenger, Instagram and WhatsApp against a local Graph API server
//! (`common::fake_graph`): the webhook handshake, `X-Hub-Signature-256` over the raw
//! body, messages both ways, the rating form (quick replies; a numbered reply on
//! WhatsApp), WhatsApp's 24-hour window and templates, delivery failures reported
//! later, and Meta's error codes in the outbox.

use crate::common::{
    self,
    fake_graph::{signature, FakeGraph, ACCESS_TOKEN, APP_SECRET},
};
use app::channels::model::{ChannelKind, MetaForm, MetaSettings};
use app::domain::channels::messenger::{self, ChannelError};
use app::domain::conversations;
use app::domain::state::AppState;
use serde_json::{json, Value};
use server::channels::{delivery, Channels};
use sqlx::PgPool;
use std::net::SocketAddr;

const PAGE: &str = "104123456789012";
const PHONE: &str = "106540352242922";

/// The admin form for a Meta channel of `kind`: a new one with `credentials`, or an edit
/// of `id` whose blank credentials keep the stored ones.
fn meta_form(
    id: Option<i64>,
    kind: ChannelKind,
    credentials: (&str, &str),
    settings: MetaSettings,
) -> MetaForm {
    MetaForm {
        id,
        kind: Some(kind),
        name: format!("Bank {}", kind.code()),
        access_token: credentials.0.into(),
        app_secret: credentials.1.into(),
        settings,
        rating_scale: 5,
        active: true,
    }
}

async fn meta_channel(state: &AppState, graph: &str, kind: ChannelKind, template: &str) -> i64 {
    let settings = MetaSettings {
        graph_base: graph.into(),
        api_version: "v21.0".into(),
        account_id: if kind == ChannelKind::Whatsapp {
            PHONE
        } else {
            PAGE
        }
        .into(),
        template_name: template.into(),
        template_language: "uz".into(),
        ..Default::default()
    };
    let form = meta_form(None, kind, (ACCESS_TOKEN, APP_SECRET), settings);
    messenger::save_meta(&state.pool, &state.secrets, &form)
        .await
        .unwrap()
}

struct Hook {
    url: String,
    http: reqwest::Client,
}

impl Hook {
    async fn new(state: &AppState, channel: i64) -> (Self, String) {
        let loaded = messenger::load(&state.pool, &state.secrets, channel)
            .await
            .unwrap();
        let addr: SocketAddr = common::serve_with(state.clone(), common::file_store()).await;
        let hook = Hook {
            url: format!("http://{addr}/channels/meta/{}", loaded.public_key),
            http: reqwest::Client::new(),
        };
        (hook, loaded.meta().verify_token)
    }

    /// Posts an event signed as Meta signs it; returns the status.
    async fn signed(&self, event: &Value) -> u16 {
        let body = event.to_string();
        self.http
            .post(&self.url)
            .header("content-type", "application/json")
            .header("X-Hub-Signature-256", signature(APP_SECRET, body.as_bytes()))
            .body(body)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    }
}

fn messenger_text(psid: &str, mid: &str, text: &str) -> Value {
    json!({ "object": "page", "entry": [{ "id": PAGE, "time": 1, "messaging": [
        { "sender": { "id": psid }, "recipient": { "id": PAGE }, "timestamp": 1,
          "message": { "mid": mid, "text": text } }
    ]}]})
}

fn instagram_text(igsid: &str, mid: &str, text: &str) -> Value {
    let mut event = messenger_text(igsid, mid, text);
    event["object"] = json!("instagram");
    event
}

fn whatsapp_event(messages: Value, statuses: Value) -> Value {
    json!({ "object": "whatsapp_business_account", "entry": [{ "id": "WABA1", "changes": [{ "field": "messages", "value": {
        "messaging_product": "whatsapp",
        "metadata": { "display_phone_number": "998712000000", "phone_number_id": PHONE },
        "contacts": [{ "profile": { "name": "Aziza Karimova" }, "wa_id": "998901234567" }],
        "messages": messages,
        "statuses": statuses
    }}]}]})
}

async fn conversation_with(pool: &PgPool, body: &str) -> i64 {
    sqlx::query_scalar("SELECT conversation_id FROM messages WHERE body = $1")
        .bind(body)
        .fetch_one(pool)
        .await
        .unwrap()
}

async fn operator_answers(pool: &PgPool, conversation: i64, text: &str) -> (i64, i64) {
    let operator = match common::operator_of(pool, conversation).await {
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
    (m.id, operator)
}

async fn delivery_of(pool: &PgPool, message: i64) -> (Option<String>, Option<String>, Option<String>) {
    sqlx::query_as("SELECT delivery, delivery_error, external_id FROM messages WHERE id = $1")
        .bind(message)
        .fetch_one(pool)
        .await
        .unwrap()
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn messenger_verifies_signs_and_carries_a_conversation_both_ways(pool: PgPool) {
    let graph = FakeGraph::start().await;
    graph.add_profile(
        "PSID7",
        json!({ "first_name": "Dilnoza", "last_name": "Rahimova", "id": "PSID7" }),
    );
    let state = common::state(pool.clone());
    let channel = meta_channel(&state, &graph.base(), ChannelKind::Messenger, "").await;
    let (hook, verify_token) = Hook::new(&state, channel).await;
    assert_eq!(verify_token.len(), 32);

    // The handshake: the right token gets the challenge back, anything else 403.
    let handshake = |token: &str| {
        format!(
            "{}?hub.mode=subscribe&hub.verify_token={token}&hub.challenge=1158201444",
            hook.url
        )
    };
    let answer = hook.http.get(handshake(&verify_token)).send().await.unwrap();
    assert_eq!(answer.status(), 200);
    assert_eq!(answer.text().await.unwrap(), "1158201444");
    assert_eq!(
        hook.http.get(handshake("guess")).send().await.unwrap().status(),
        403
    );

    // Unsigned, wrongly signed, or signed over another body: refused, nothing stored.
    let event = messenger_text("PSID7", "m_1", "Karta bloklandi, yordam bering");
    let body = event.to_string();
    let post = |sig: Option<String>, body: String| {
        let mut request = hook
            .http
            .post(&hook.url)
            .header("content-type", "application/json")
            .body(body);
        if let Some(sig) = sig {
            request = request.header("X-Hub-Signature-256", sig);
        }
        request.send()
    };
    assert_eq!(post(None, body.clone()).await.unwrap().status(), 401);
    assert_eq!(
        post(
            Some(signature("another-secret-0000", body.as_bytes())),
            body.clone()
        )
        .await
        .unwrap()
        .status(),
        401
    );
    assert_eq!(
        post(Some(signature(APP_SECRET, b"{}")), body.clone())
            .await
            .unwrap()
            .status(),
        401
    );
    let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM messages")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(stored, 0);

    // Signed: stored once even when Meta delivers it twice; the name comes from the profile.
    assert_eq!(hook.signed(&event).await, 200);
    assert_eq!(hook.signed(&event).await, 200);
    let conversation = conversation_with(&pool, "Karta bloklandi, yordam bering").await;
    let (name, count): (String, i64) = sqlx::query_as(
        "SELECT cu.display_name, (SELECT count(*) FROM messages WHERE sender = 'customer')
         FROM conversations c JOIN customers cu ON cu.id = c.customer_id WHERE c.id = $1",
    )
    .bind(conversation)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!((name.as_str(), count), ("Dilnoza Rahimova", 1));

    // The operator's answer goes through the outbox to the Send API.
    let ctx = Channels::new(state.clone(), common::file_store());
    let (answer, operator) = operator_answers(&pool, conversation, "Kartangiz blokdan chiqarildi").await;
    delivery::round(&ctx).await;
    let sent = graph.calls("/messages");
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].path, format!("{PAGE}/messages"));
    assert_eq!(sent[0].body["recipient"]["id"], "PSID7");
    assert_eq!(sent[0].body["messaging_type"], "RESPONSE");
    assert_eq!(sent[0].body["message"]["text"], "Kartangiz blokdan chiqarildi");
    let (status, error, external) = delivery_of(&pool, answer).await;
    assert_eq!(status.as_deref(), Some("sent"));
    assert_eq!(error, None);
    assert!(external.unwrap().starts_with("m_OUT"));

    // A customer silent for more than a day is answered with the HUMAN_AGENT tag.
    sqlx::query("UPDATE customer_contacts SET last_seen_at = now() - interval '30 hours'")
        .execute(&pool)
        .await
        .unwrap();
    operator_answers(&pool, conversation, "Yana savollar bormi?").await;
    delivery::round(&ctx).await;
    let late = graph.calls("/messages").pop().unwrap();
    assert_eq!(late.body["messaging_type"], "MESSAGE_TAG");
    assert_eq!(late.body["tag"], "HUMAN_AGENT");

    // Closing sends the rating form as quick replies; pressing one rates.
    conversations::close(&pool, conversation, operator).await.unwrap();
    delivery::round(&ctx).await;
    let form = graph.calls("/messages").pop().unwrap();
    let replies = form.body["message"]["quick_replies"].as_array().unwrap().clone();
    assert_eq!(replies.len(), 5);
    assert_eq!(replies[2]["title"], "3");
    let press = json!({ "object": "page", "entry": [{ "id": PAGE, "time": 2, "messaging": [
        { "sender": { "id": "PSID7" }, "recipient": { "id": PAGE }, "timestamp": 2,
          "message": { "mid": "m_2", "text": "3", "quick_reply": { "payload": replies[2]["payload"] } } }
    ]}]});
    assert_eq!(hook.signed(&press).await, 200);
    let score: i16 = sqlx::query_scalar("SELECT score FROM ratings WHERE conversation_id = $1")
        .bind(conversation)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(score, 3);
    let thanks = graph.calls("/messages").pop().unwrap();
    assert_eq!(thanks.body["recipient"]["id"], "PSID7");
    assert_eq!(thanks.body["message"]["text"], "Спасибо за оценку!");
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn whatsapp_keeps_the_24_hour_window_with_templates(pool: PgPool) {
    let graph = FakeGraph::start().await;
    let state = common::state(pool.clone());
    let channel = meta_channel(&state, &graph.base(), ChannelKind::Whatsapp, "service_reply").await;
    let (hook, _) = Hook::new(&state, channel).await;
    let message = json!([{ "from": "998901234567", "id": "wamid.IN1", "timestamp": "1", "type": "text",
                           "text": { "body": "Kredit bo'yicha savol" } }]);
    assert_eq!(hook.signed(&whatsapp_event(message, json!([]))).await, 200);
    let conversation = conversation_with(&pool, "Kredit bo'yicha savol").await;
    let (name, language): (String, String) = sqlx::query_as(
        "SELECT cu.display_name, c.language FROM conversations c JOIN customers cu ON cu.id = c.customer_id WHERE c.id = $1",
    )
    .bind(conversation)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!((name.as_str(), language.as_str()), ("Aziza Karimova", "uz-Latn"));

    let ctx = Channels::new(state.clone(), common::file_store());
    let (inside, _) = operator_answers(&pool, conversation, "Qaysi kredit haqida?").await;
    delivery::round(&ctx).await;
    let sent = graph.calls("/messages").pop().unwrap();
    assert_eq!(sent.path, format!("{PHONE}/messages"));
    assert_eq!(sent.body["messaging_product"], "whatsapp");
    assert_eq!(sent.body["to"], "998901234567");
    assert_eq!(sent.body["type"], "text");
    assert_eq!(sent.body["text"]["body"], "Qaysi kredit haqida?");
    assert!(delivery_of(&pool, inside)
        .await
        .2
        .unwrap()
        .starts_with("wamid.OUT"));

    // After 24 hours only the template goes, carrying the text.
    sqlx::query("UPDATE customer_contacts SET last_seen_at = now() - interval '25 hours'")
        .execute(&pool)
        .await
        .unwrap();
    let (outside, _) = operator_answers(&pool, conversation, "Arizangiz tasdiqlandi").await;
    delivery::round(&ctx).await;
    let template = graph.calls("/messages").pop().unwrap();
    assert_eq!(template.body["type"], "template");
    assert_eq!(template.body["template"]["name"], "service_reply");
    assert_eq!(template.body["template"]["language"]["code"], "uz");
    assert_eq!(
        template.body["template"]["components"][0]["parameters"][0]["text"],
        "Arizangiz tasdiqlandi"
    );
    assert_eq!(delivery_of(&pool, outside).await.0.as_deref(), Some("sent"));

    // WhatsApp's own verdict (131047) inside our window also falls back to the template.
    sqlx::query("UPDATE customer_contacts SET last_seen_at = now()")
        .execute(&pool)
        .await
        .unwrap();
    graph.fail_next(400, 131047, "Re-engagement message");
    let (verdict, _) = operator_answers(&pool, conversation, "Hujjatlarni olib keling").await;
    delivery::round(&ctx).await;
    let fallback = graph.calls("/messages").pop().unwrap();
    assert_eq!(fallback.body["type"], "template");
    assert_eq!(delivery_of(&pool, verdict).await.0.as_deref(), Some("sent"));

    // A message WhatsApp accepted but could not deliver is marked failed with the reason.
    let external = delivery_of(&pool, verdict).await.2.unwrap();
    let status = json!([{ "id": external, "status": "failed", "timestamp": "5", "recipient_id": "998901234567",
                          "errors": [{ "code": 131026, "title": "Message undeliverable" }] }]);
    assert_eq!(hook.signed(&whatsapp_event(json!([]), status)).await, 200);
    let (state_now, reason, _) = delivery_of(&pool, verdict).await;
    assert_eq!(state_now.as_deref(), Some("failed"));
    assert_eq!(reason.as_deref(), Some("131026: Message undeliverable"));
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn whatsapp_without_a_template_refuses_late_messages_with_the_reason(pool: PgPool) {
    let graph = FakeGraph::start().await;
    let state = common::state(pool.clone());
    let channel = meta_channel(&state, &graph.base(), ChannelKind::Whatsapp, "").await;
    let (hook, _) = Hook::new(&state, channel).await;
    let message = json!([{ "from": "77011234567", "id": "wamid.IN9", "timestamp": "1", "type": "text",
                           "text": { "body": "Сәлеметсіз бе" } }]);
    assert_eq!(hook.signed(&whatsapp_event(message, json!([]))).await, 200);
    let conversation = conversation_with(&pool, "Сәлеметсіз бе").await;
    sqlx::query("UPDATE customer_contacts SET last_seen_at = now() - interval '2 days'")
        .execute(&pool)
        .await
        .unwrap();
    let ctx = Channels::new(state.clone(), common::file_store());
    let (late, _) = operator_answers(&pool, conversation, "Здравствуйте!").await;
    delivery::round(&ctx).await;
    assert!(
        graph.calls("/messages").is_empty(),
        "nothing may go outside the window"
    );
    let (status, reason, _) = delivery_of(&pool, late).await;
    assert_eq!(status.as_deref(), Some("failed"));
    assert!(reason.unwrap().contains("24 hours"));
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn whatsapp_images_and_the_numbered_rating(pool: PgPool) {
    let graph = FakeGraph::start().await;
    let png = crate::telegram::PNG;
    graph.add_media("MEDIA-IN-1", png);
    let state = common::state(pool.clone());
    let channel = meta_channel(&state, &graph.base(), ChannelKind::Whatsapp, "").await;
    let files = common::file_store();
    let addr = common::serve_with(state.clone(), files.clone()).await;
    let loaded = messenger::load(&pool, &state.secrets, channel).await.unwrap();
    let hook = Hook {
        url: format!("http://{addr}/channels/meta/{}", loaded.public_key),
        http: reqwest::Client::new(),
    };
    let image = json!([{ "from": "998901234567", "id": "wamid.IMG", "timestamp": "1", "type": "image",
                         "image": { "id": "MEDIA-IN-1", "mime_type": "image/png", "caption": "To'lov cheki" } }]);
    assert_eq!(hook.signed(&whatsapp_event(image, json!([]))).await, 200);
    let (conversation, body, size): (i64, String, i64) = sqlx::query_as(
        "SELECT m.conversation_id, m.body, a.size_bytes FROM messages m JOIN attachments a ON a.id = m.attachment_id",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(body, "To'lov cheki");
    assert_eq!(size, png.len() as i64);

    // Closing asks for a number; a bare number rates instead of opening a conversation.
    let ctx = Channels::new(state.clone(), files);
    let (_, operator) = operator_answers(&pool, conversation, "Chek qabul qilindi").await;
    conversations::close(&pool, conversation, operator).await.unwrap();
    delivery::round(&ctx).await;
    let question = graph.calls("/messages").pop().unwrap();
    assert_eq!(
        question.body["text"]["body"],
        "Iltimos, javobimizni baholang: 1 dan 5 gacha raqam yuboring."
    );
    let reply = json!([{ "from": "998901234567", "id": "wamid.R1", "timestamp": "2", "type": "text", "text": { "body": "4" } }]);
    assert_eq!(hook.signed(&whatsapp_event(reply, json!([]))).await, 200);
    let (score, conversations_now): (i16, i64) = sqlx::query_as(
        "SELECT (SELECT score FROM ratings WHERE conversation_id = $1), (SELECT count(*) FROM conversations)",
    )
    .bind(conversation)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!((score, conversations_now), (4, 1));
    assert_eq!(
        graph.calls("/messages").pop().unwrap().body["text"]["body"],
        "Bahoingiz uchun rahmat!"
    );

    // Another number after the rating is an ordinary message again.
    let again = json!([{ "from": "998901234567", "id": "wamid.R2", "timestamp": "3", "type": "text", "text": { "body": "5" } }]);
    assert_eq!(hook.signed(&whatsapp_event(again, json!([]))).await, 200);
    let opened: i64 = sqlx::query_scalar("SELECT count(*) FROM conversations")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(opened, 2);
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn graph_errors_retry_or_fail_by_meta_code(pool: PgPool) {
    let graph = FakeGraph::start().await;
    let state = common::state(pool.clone());
    let channel = meta_channel(&state, &graph.base(), ChannelKind::Instagram, "").await;
    let (hook, _) = Hook::new(&state, channel).await;
    let event = instagram_text("IGSID1", "ig_1", "Salom!");
    assert_eq!(hook.signed(&event).await, 200);
    let conversation = conversation_with(&pool, "Salom!").await;
    let ctx = Channels::new(state.clone(), common::file_store());

    // Throttled (613): kept for a retry, with Meta's words; then it goes.
    graph.fail_next(400, 613, "Calls to this api have exceeded the rate limit.");
    let (first, _) = operator_answers(&pool, conversation, "Assalomu alaykum").await;
    delivery::round(&ctx).await;
    let (status, reason, _) = delivery_of(&pool, first).await;
    assert_eq!(status.as_deref(), Some("pending"));
    assert_eq!(
        reason.as_deref(),
        Some("613: Calls to this api have exceeded the rate limit.")
    );
    sqlx::query("UPDATE outbox SET next_attempt_at = now() WHERE status = 'pending'")
        .execute(&pool)
        .await
        .unwrap();
    delivery::round(&ctx).await;
    assert_eq!(delivery_of(&pool, first).await.0.as_deref(), Some("sent"));

    // Refused for good (551: the person is unavailable): failed at once.
    graph.fail_next(400, 551, "This person isn't available right now.");
    let (second, _) = operator_answers(&pool, conversation, "Javob kutamiz").await;
    delivery::round(&ctx).await;
    let (status, reason, _) = delivery_of(&pool, second).await;
    assert_eq!(status.as_deref(), Some("failed"));
    assert_eq!(
        reason.as_deref(),
        Some("551: This person isn't available right now.")
    );
    let last_error: Option<String> = sqlx::query_scalar("SELECT last_error FROM channels WHERE id = $1")
        .bind(channel)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(
        last_error, None,
        "a refusal for one person is not the channel's fault"
    );
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn meta_forms_are_checked_and_credentials_sealed(pool: PgPool) {
    let state = common::state(pool.clone());
    let form = |kind, account: &str, version: &str| MetaForm {
        id: None,
        kind: Some(kind),
        name: "WA".into(),
        access_token: ACCESS_TOKEN.into(),
        app_secret: APP_SECRET.into(),
        settings: MetaSettings {
            graph_base: "https://graph.facebook.com".into(),
            api_version: version.into(),
            account_id: account.into(),
            ..Default::default()
        },
        rating_scale: 5,
        active: true,
    };
    let save = |f: MetaForm| {
        let state = state.clone();
        async move { messenger::save_meta(&state.pool, &state.secrets, &f).await }
    };
    assert_eq!(
        save(form(ChannelKind::Whatsapp, "12ab", "v21.0")).await,
        Err(ChannelError::Invalid("account_id"))
    );
    assert_eq!(
        save(form(ChannelKind::Whatsapp, PHONE, "21")).await,
        Err(ChannelError::Invalid("api_version"))
    );
    assert_eq!(
        save(form(ChannelKind::Telegram, PHONE, "v21.0")).await,
        Err(ChannelError::Invalid("kind"))
    );
    let mut no_secret = form(ChannelKind::Messenger, PAGE, "v21.0");
    no_secret.app_secret.clear();
    assert_eq!(save(no_secret).await, Err(ChannelError::Invalid("app_secret")));
    let mut bad_template = form(ChannelKind::Whatsapp, PHONE, "v21.0");
    bad_template.settings.template_name = "Hello World".into();
    assert_eq!(
        save(bad_template).await,
        Err(ChannelError::Invalid("template_name"))
    );
    let mut bad_language = form(ChannelKind::Instagram, PAGE, "v21.0");
    bad_language.settings.customer_language = "tr".into();
    assert_eq!(
        save(bad_language).await,
        Err(ChannelError::Invalid("customer_language"))
    );

    let id = save(form(ChannelKind::Whatsapp, PHONE, "v21.0")).await.unwrap();
    let sealed: Vec<u8> = sqlx::query_scalar("SELECT secret_box FROM channels WHERE id = $1")
        .bind(id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(!sealed
        .windows(ACCESS_TOKEN.len())
        .any(|w| w == ACCESS_TOKEN.as_bytes()));
    let token_before = messenger::load(&pool, &state.secrets, id)
        .await
        .unwrap()
        .meta()
        .verify_token;
    // Editing with blank credentials keeps them, and the verify token Meta was given.
    let mut edit = form(ChannelKind::Whatsapp, PHONE, "v22.0");
    edit.id = Some(id);
    edit.access_token.clear();
    edit.app_secret.clear();
    save(edit).await.unwrap();
    let loaded = messenger::load(&pool, &state.secrets, id).await.unwrap();
    assert_eq!(loaded.secret("access_token"), Some(ACCESS_TOKEN));
    assert_eq!(loaded.secret("app_secret"), Some(APP_SECRET));
    assert_eq!(loaded.meta().verify_token, token_before);
    assert_eq!(loaded.meta().api_version, "v22.0");
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn customers_start_in_the_channels_language_unless_their_number_tells(pool: PgPool) {
    let graph = FakeGraph::start().await;
    let state = common::state(pool.clone());
    let language_of = |body: &'static str| {
        let pool = pool.clone();
        async move {
            sqlx::query_scalar::<_, String>(
                "SELECT c.language FROM conversations c JOIN messages m ON m.conversation_id = c.id WHERE m.body = $1",
            )
            .bind(body)
            .fetch_one(&pool)
            .await
            .unwrap()
        }
    };
    // A Kazakh bank's Page: its Messenger customers start in Kazakh.
    let page = meta_channel(&state, &graph.base(), ChannelKind::Messenger, "").await;
    let mut kazakh = messenger::load(&pool, &state.secrets, page).await.unwrap().meta();
    kazakh.customer_language = "kk".into();
    save_settings(&state, page, ChannelKind::Messenger, kazakh.clone()).await;
    let (hook, _) = Hook::new(&state, page).await;
    assert_eq!(
        hook.signed(&messenger_text("PSID-KK", "m_kk", "Сәлем")).await,
        200
    );
    assert_eq!(language_of("Сәлем").await, "kk");

    // WhatsApp: an Uzbek number starts in Uzbek whatever the channel says; a number from
    // elsewhere starts in the channel's language.
    let wa = meta_channel(&state, &graph.base(), ChannelKind::Whatsapp, "").await;
    let mut english = messenger::load(&pool, &state.secrets, wa).await.unwrap().meta();
    english.customer_language = "en".into();
    save_settings(&state, wa, ChannelKind::Whatsapp, english).await;
    let (hook, _) = Hook::new(&state, wa).await;
    let text = |from: &str, id: &str, body: &str| json!([{ "from": from, "id": id, "timestamp": "1", "type": "text", "text": { "body": body } }]);
    assert_eq!(
        hook.signed(&whatsapp_event(
            text("998901234567", "wamid.UZ", "Salom"),
            json!([])
        ))
        .await,
        200
    );
    assert_eq!(language_of("Salom").await, "uz-Latn");
    let mut foreign = whatsapp_event(text("441632960961", "wamid.GB", "Hello"), json!([]));
    foreign["entry"][0]["changes"][0]["value"]["contacts"][0]["wa_id"] = json!("441632960961");
    assert_eq!(hook.signed(&foreign).await, 200);
    assert_eq!(language_of("Hello").await, "en");
}

/// Saves a Meta channel's settings as the form would (credentials kept).
async fn save_settings(state: &AppState, id: i64, kind: ChannelKind, settings: MetaSettings) {
    let form = meta_form(Some(id), kind, ("", ""), settings);
    messenger::save_meta(&state.pool, &state.secrets, &form)
        .await
        .unwrap();
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn instagram_fetches_a_file_by_an_expiring_link_under_the_public_address(pool: PgPool) {
    let graph = FakeGraph::start().await;
    let state = common::state(pool.clone());
    let files = common::file_store();
    let addr = common::serve_with(state.clone(), files.clone()).await;
    let channel = meta_channel(&state, &graph.base(), ChannelKind::Instagram, "").await;
    let (hook, _) = Hook::new(&state, channel).await;
    let event = instagram_text("IGSID9", "ig_9", "Chekni yuboring");
    assert_eq!(hook.signed(&event).await, 200);
    let conversation = conversation_with(&pool, "Chekni yuboring").await;
    let operator = common::operator(&pool, "ig.op").await;
    conversations::take(&pool, conversation, operator).await.unwrap();
    let limits = app::domain::files::settings::load(&pool).await.unwrap();
    let ctx = Channels::new(state.clone(), files.clone());
    let send_png = || async {
        let stored = server::files::store_bytes(&files, &limits, "chek.png", crate::telegram::PNG)
            .await
            .unwrap();
        let (message, _) = app::domain::files::attachments::operator_sends(
            &pool,
            conversation,
            operator,
            &common::client_id(),
            "",
            &stored,
        )
        .await
        .unwrap();
        delivery::round(&ctx).await;
        message.id
    };

    // No public address: the file cannot go, and the operator reads why.
    let refused = send_png().await;
    let (status, reason, _) = delivery_of(&pool, refused).await;
    assert_eq!(status.as_deref(), Some("failed"));
    assert!(reason.unwrap().contains("no public address"));

    // With one, Instagram is given a link under it and fetches the picture from there.
    let mut settings = messenger::load(&pool, &state.secrets, channel)
        .await
        .unwrap()
        .meta();
    settings.public_url = format!("http://{addr}/");
    save_settings(&state, channel, ChannelKind::Instagram, settings).await;
    let sent = send_png().await;
    assert_eq!(delivery_of(&pool, sent).await.0.as_deref(), Some("sent"));
    let call = graph.calls("/messages").pop().expect("a send");
    assert_eq!(call.body["recipient"]["id"], "IGSID9");
    assert_eq!(call.body["message"]["attachment"]["type"], "image");
    let url = call.body["message"]["attachment"]["payload"]["url"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(url.starts_with(&format!("http://{addr}/files/shared/")), "{url}");
    let fetched = reqwest::get(&url).await.unwrap();
    assert_eq!(fetched.status(), 200);
    assert_eq!(fetched.headers()["content-type"], "image/png");
    assert_eq!(fetched.headers()["cache-control"], "no-store");
    assert_eq!(fetched.bytes().await.unwrap().as_ref(), crate::telegram::PNG);
    // A link altered by one character, or made up, opens nothing.
    let mut altered = url.clone().into_bytes();
    let at = altered.len() - 5;
    altered[at] = if altered[at] == b'A' { b'B' } else { b'A' };
    let altered = String::from_utf8(altered).unwrap();
    assert_eq!(reqwest::get(&altered).await.unwrap().status(), 404);
    let made_up =
        format!("http://{addr}/files/shared/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    assert_eq!(reqwest::get(&made_up).await.unwrap().status(), 404);
}
