//! One customer across channels: verified identifiers (the bank's signature on the
//! widget and the mobile SDK, WhatsApp's number, the API) recognise the same person;
//! staff merge by hand through the card's server functions (permission and card rule
//! checked, journalled); every merge is undone exactly; a conversation follows the
//! customer to the channel they wrote from last; the mobile REST API serves only the
//! signed customer's own history.

use crate::common;
use app::channels::model::{ChannelKind, SignedForm};
use app::domain::channels::{self as chans, messenger};
use app::domain::conversations;
use app::domain::customers::identifiers::{self, Attached, IdKind, Source};
use app::domain::customers::{self, merge, signed};
use futures::{SinkExt, StreamExt};
use serde_json::{json, Value};
use sqlx::PgPool;
use tokio_tungstenite::tungstenite::Message as WsMessage;

const FORM: &str = "application/x-www-form-urlencoded";
const SECRET: &str = "bank-identity-secret-0123456789abcdef";

async fn signed_channel(state: &app::domain::state::AppState, kind: ChannelKind, id: Option<i64>) -> i64 {
    messenger::save_signed(
        &state.pool,
        &state.secrets,
        &SignedForm {
            id,
            kind: Some(kind),
            name: format!("{} channel", kind.code()),
            identity_secret: SECRET.into(),
            rating_scale: 5,
            active: true,
        },
    )
    .await
    .unwrap()
}

async fn conversations_of(pool: &PgPool, customer: i64) -> Vec<i64> {
    sqlx::query_scalar("SELECT id FROM conversations WHERE customer_id = $1 ORDER BY id")
        .bind(customer)
        .fetch_all(pool)
        .await
        .unwrap()
}

/// A customer who wrote once (conversation closed), through the widget channel `key`.
async fn past_customer(pool: &PgPool, key: &str, text: &str) -> (i64, i64) {
    let (channel, customer) = common::customer(pool, key, 5).await;
    let (m, _, _) = conversations::customer_writes(pool, customer, channel, "ru", &common::client_id(), text)
        .await
        .unwrap();
    let op = common::operator(pool, &format!("op-{key}")).await;
    conversations::take(pool, m.conversation_id, op).await.unwrap();
    conversations::close(pool, m.conversation_id, op).await.unwrap();
    (customer, m.conversation_id)
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn a_merge_moves_everything_and_undoing_it_moves_it_back(pool: PgPool) {
    let (a, a_conv) = past_customer(&pool, "site-a", "Birinchi savol").await;
    let (b, b_conv) = past_customer(&pool, "site-b", "Ikkinchi savol").await;
    identifiers::attach(&pool, b, IdKind::Email, "aziza@bank.uz", false, Source::Operator)
        .await
        .unwrap();
    sqlx::query("INSERT INTO customer_notes (customer_id, body) VALUES ($1, 'VIP')")
        .bind(b)
        .execute(&pool)
        .await
        .unwrap();
    let staff = common::operator(&pool, "merger").await;
    // The bank's CRM subscribes to merges.
    let state = common::state(pool.clone());
    let events = ["customer.merged", "customer.unmerged"]
        .map(str::to_owned)
        .to_vec();
    app::domain::webhooks::create(
        &pool,
        &state.secrets,
        "https://crm.bank.uz/hook",
        &events,
        "CRM",
        None,
    )
    .await
    .unwrap();
    let merge_id = merge::merge(&pool, a, b, Some(staff), "same person")
        .await
        .unwrap();
    assert_eq!(
        conversations_of(&pool, a).await,
        vec![a_conv, b_conv],
        "one timeline"
    );
    assert_eq!(merge::current(&pool, b).await.unwrap(), a);
    assert_eq!(identifiers::of(&pool, a).await.unwrap().len(), 1);
    // The absorbed customer's browser now leads to the survivor.
    let channel_b = chans::find_by_key(&pool, "site-b").await.unwrap().unwrap();
    let again =
        customers::find_or_create_visitor(&pool, channel_b.id, "site-b-visitor-token-0123456789abcdef", "ru")
            .await
            .unwrap();
    assert_eq!(again.id, a);
    assert!(matches!(
        merge::merge(&pool, b, a, None, "x").await,
        Err(merge::MergeError::Invalid)
    ));

    let (survivor, absorbed) = merge::unmerge(&pool, merge_id, staff).await.unwrap();
    assert_eq!((survivor, absorbed), (a, b));
    assert_eq!(conversations_of(&pool, a).await, vec![a_conv]);
    assert_eq!(conversations_of(&pool, b).await, vec![b_conv]);
    assert_eq!(identifiers::of(&pool, b).await.unwrap().len(), 1);
    let notes: i64 = sqlx::query_scalar("SELECT count(*) FROM customer_notes WHERE customer_id = $1")
        .bind(b)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(notes, 1);
    assert!(matches!(
        merge::unmerge(&pool, merge_id, staff).await,
        Err(merge::MergeError::Conflict)
    ));

    // The CRM hears both, with what moved and who did it; the undone-again attempt adds nothing.
    let told: Vec<(String, Value)> =
        sqlx::query_as("SELECT event, payload FROM webhook_deliveries ORDER BY id")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(
        told.iter().map(|(e, _)| e.as_str()).collect::<Vec<_>>(),
        ["customer.merged", "customer.unmerged"]
    );
    let merged = &told[0].1["data"];
    assert_eq!(merged["customer_id"], json!(a));
    assert_eq!(merged["absorbed_customer_id"], json!(b));
    assert_eq!(merged["merge_id"], json!(merge_id));
    assert_eq!(merged["conversations"], json!([b_conv]));
    assert_eq!(merged["operator_id"], json!(staff));
    assert_eq!(merged["reason"], "same person");
    assert_eq!(told[1].1["data"]["customer_id"], json!(a));
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn two_open_conversations_are_not_merged(pool: PgPool) {
    let (ch_a, a) = common::customer(&pool, "open-a", 5).await;
    let (ch_b, b) = common::customer(&pool, "open-b", 5).await;
    for (ch, cu) in [(ch_a, a), (ch_b, b)] {
        conversations::customer_writes(&pool, cu, ch, "ru", &common::client_id(), "Salom")
            .await
            .unwrap();
    }
    assert!(matches!(
        merge::merge(&pool, a, b, None, "x").await,
        Err(merge::MergeError::BothOpen)
    ));
    // The same verified phone on both: kept apart until one closes, no error.
    for cu in [a, b] {
        let r = identifiers::attach(&pool, cu, IdKind::Phone, "998901112233", true, Source::Api).await;
        assert!(matches!(r, Ok(Attached::Kept) | Err(merge::MergeError::BothOpen)));
    }
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn a_verified_identifier_recognises_the_customer_and_the_conversation_follows_them(pool: PgPool) {
    let (widget_customer, widget_conv) = past_customer(&pool, "site", "Kartam haqida").await;
    let phone = identifiers::normalise(IdKind::Phone, "+998 90 123-45-67").unwrap();
    identifiers::attach(
        &pool,
        widget_customer,
        IdKind::Phone,
        &phone,
        true,
        Source::Signed,
    )
    .await
    .unwrap();
    // The same number verified by WhatsApp on another customer: merged into the first.
    let wa = app::domain::channels::contacts::customer_for(
        &pool,
        ch_id(&pool, "site").await,
        "998901234567",
        "Aziza",
        "uz-Latn",
    )
    .await
    .unwrap()
    .0;
    let attached = identifiers::attach(&pool, wa, IdKind::Phone, &phone, true, Source::Whatsapp)
        .await
        .unwrap();
    assert!(matches!(attached, Attached::Merged { survivor, .. } if survivor == widget_customer));
    let merges = merge::into_customer(&pool, widget_customer).await.unwrap();
    assert_eq!(merges.len(), 1);
    assert_eq!(merges[0].merged_by, None, "merged by the system");
    assert!(merges[0].reason.contains("phone"));
    assert_eq!(conversations_of(&pool, widget_customer).await, vec![widget_conv]);

    // An open conversation follows the customer to the channel they wrote from last.
    let channel_x = chans::upsert_webchat(&pool, "Other site", "site-x", 5)
        .await
        .unwrap();
    let (m1, _, _) = conversations::customer_writes(
        &pool,
        widget_customer,
        ch_id(&pool, "site").await,
        "ru",
        &common::client_id(),
        "Yana savol",
    )
    .await
    .unwrap();
    let (m2, _, opened) = conversations::customer_writes(
        &pool,
        widget_customer,
        channel_x.id,
        "ru",
        &common::client_id(),
        "Boshqa joydan",
    )
    .await
    .unwrap();
    assert!(!opened);
    assert_eq!(m1.conversation_id, m2.conversation_id);
    let now_on: i64 = sqlx::query_scalar("SELECT channel_id FROM conversations WHERE id = $1")
        .bind(m2.conversation_id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(now_on, channel_x.id);
}

async fn ch_id(pool: &PgPool, key: &str) -> i64 {
    chans::find_by_key(pool, key).await.unwrap().unwrap().id
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn the_banks_signature_joins_widget_and_mobile_and_guards_history(pool: PgPool) {
    let state = common::state(pool.clone());
    let widget_channel = chans::upsert_webchat(&pool, "Site", "signed-site", 5)
        .await
        .unwrap();
    signed_channel(&state, ChannelKind::Webchat, Some(widget_channel.id)).await;
    let mobile = signed_channel(&state, ChannelKind::Mobile, None).await;
    let mobile_key = messenger::load(&pool, &state.secrets, mobile)
        .await
        .unwrap()
        .public_key;
    let addr = common::serve_with(state.clone(), common::file_store()).await;

    // The widget with a wrong signature is refused; with the right one it is verified.
    let visitor = "signed-visitor-token-0123456789abcdef0123";
    let ws_url = |hash: &str| {
        format!("ws://{addr}/ws/widget?channel=signed-site&visitor={visitor}&lang=uz-Latn&identifier=CIF-0042&identifier_hash={hash}")
    };
    let (mut ws, _) = tokio_tungstenite::connect_async(ws_url(&"0".repeat(64)))
        .await
        .unwrap();
    let first = next_json(&mut ws).await;
    assert_eq!(first["type"], "error");
    assert_eq!(first["problem"], "bad_identity");
    let (mut ws, _) = tokio_tungstenite::connect_async(ws_url(&signed::sign(SECRET, "CIF-0042")))
        .await
        .unwrap();
    assert_eq!(next_json(&mut ws).await["type"], "welcome");
    ws.send(WsMessage::Text(
        json!({ "type": "send", "client_id": common::client_id(), "body": "Vidjetdan salom" })
            .to_string()
            .into(),
    ))
    .await
    .unwrap();
    let stored = next_json(&mut ws).await;
    assert_eq!(stored["type"], "message");
    let widget_customer: i64 = sqlx::query_scalar(
        "SELECT customer_id FROM customer_identifiers WHERE kind = 'bank_id' AND value = 'CIF-0042' AND verified",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    drop(ws);
    let conversation = stored["message"]["conversation_id"].as_i64().unwrap();
    let op = common::operator(&pool, "mob-op").await;
    conversations::take(&pool, conversation, op).await.unwrap();
    conversations::close(&pool, conversation, op).await.unwrap();

    // The mobile app: no signature, or another customer's, reads nothing.
    let http = reqwest::Client::new();
    let url = |path: &str| format!("http://{addr}/mobile/v1/{mobile_key}/{path}");
    let unsigned = http.get(url("conversation")).send().await.unwrap();
    assert_eq!(unsigned.status(), 401);
    let forged = http
        .get(url("conversation"))
        .header("X-CC-Identifier", "CIF-0042")
        .header(
            "X-CC-Identifier-Hash",
            signed::sign("guessed-secret-0000000000000000000", "CIF-0042"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 401);
    // Signed: the same bank id is the same customer, with the widget's history.
    let mine = http
        .get(url("conversation"))
        .header("X-CC-Identifier", "CIF-0042")
        .header("X-CC-Identifier-Hash", signed::sign(SECRET, "CIF-0042"))
        .send()
        .await
        .unwrap();
    assert_eq!(mine.status(), 200);
    let body: Value = mine.json().await.unwrap();
    assert!(
        body["messages"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["body"] == "Vidjetdan salom"),
        "the widget's history: {body}"
    );
    // Another signed customer sees none of it.
    let other: Value = http
        .get(url("conversation"))
        .header("X-CC-Identifier", "CIF-0099")
        .header("X-CC-Identifier-Hash", signed::sign(SECRET, "CIF-0099"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(other["messages"], json!([]));
    // Writing from the app opens a conversation of the same customer.
    let sent = http
        .post(url("messages"))
        .header("X-CC-Identifier", "CIF-0042")
        .header("X-CC-Identifier-Hash", signed::sign(SECRET, "CIF-0042"))
        .json(&json!({ "client_id": common::client_id(), "body": "Ilovadan yozyapman" }))
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), 201);
    let sent: Value = sent.json().await.unwrap();
    let owner: i64 = sqlx::query_scalar("SELECT customer_id FROM conversations WHERE id = $1")
        .bind(sent["message"]["conversation_id"].as_i64().unwrap())
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(owner, widget_customer);

    // Files from the app need the same signature; a visitor token alone is refused.
    let bank_fields = |signed_as: &'static str| {
        vec![
            ("channel", mobile_key.clone()),
            ("visitor", "a-visitor-token-0123456789abcdef0123456789".to_owned()),
            ("client_id", common::client_id()),
            ("body", "Chek".to_owned()),
            ("identifier", "CIF-0042".to_owned()),
            ("identifier_hash", signed::sign(signed_as, "CIF-0042")),
        ]
    };
    let as_refs =
        |f: &Vec<(&'static str, String)>| f.iter().map(|(k, v)| (*k, v.clone())).collect::<Vec<_>>();
    let unsigned: Vec<(&str, String)> = as_refs(&bank_fields(SECRET)).into_iter().take(4).collect();
    let unsigned: Vec<(&str, &str)> = unsigned.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let refused = crate::files::upload(
        addr,
        "/files/widget",
        None,
        &unsigned,
        "chek.png",
        crate::telegram::PNG,
    )
    .await;
    assert_eq!(refused.status, 403);
    let forged = as_refs(&bank_fields("guessed-secret-0000000000000000000"));
    let forged: Vec<(&str, &str)> = forged.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let refused = crate::files::upload(
        addr,
        "/files/widget",
        None,
        &forged,
        "chek.png",
        crate::telegram::PNG,
    )
    .await;
    assert_eq!(refused.status, 403);
    let good = as_refs(&bank_fields(SECRET));
    let good: Vec<(&str, &str)> = good.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let uploaded = crate::files::upload(
        addr,
        "/files/widget",
        None,
        &good,
        "chek.png",
        crate::telegram::PNG,
    )
    .await;
    assert_eq!(
        uploaded.status,
        200,
        "{}",
        String::from_utf8_lossy(&uploaded.body)
    );
    let message: Value = serde_json::from_slice(&uploaded.body).unwrap();
    let owner: i64 = sqlx::query_scalar("SELECT customer_id FROM conversations WHERE id = $1")
        .bind(message["conversation_id"].as_i64().unwrap())
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(owner, widget_customer);
}

async fn next_json(
    ws: &mut tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>,
) -> Value {
    loop {
        let frame = tokio::time::timeout(std::time::Duration::from_secs(5), ws.next())
            .await
            .expect("a frame within 5 s")
            .unwrap()
            .unwrap();
        if let WsMessage::Text(text) = frame {
            return serde_json::from_str(&text).unwrap();
        }
    }
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn staff_merge_from_the_card_with_permission_and_journal(pool: PgPool) {
    let (a, _) = past_customer(&pool, "card-a", "Salom").await;
    let (b, _) = past_customer(&pool, "card-b", "Assalomu alaykum").await;
    sqlx::query("UPDATE customers SET display_name = 'Dilshod Umarov' WHERE id = $1")
        .bind(b)
        .execute(&pool)
        .await
        .unwrap();
    let addr = common::serve(pool.clone()).await;
    // A supervisor (sees all, holds customers.merge) finds and merges.
    let supervisor = common::account_with(
        &pool,
        "sup-merge",
        &[
            app::permission::Permission::ConversationsViewAll,
            app::permission::Permission::CustomersMerge,
        ],
    )
    .await;
    let cookie = common::session_cookie(&pool, supervisor).await;
    let found = common::http(
        addr,
        "POST",
        "/api/merge_candidates",
        FORM,
        &format!("customer_id={a}&query=dilsh"),
        Some(&cookie),
    )
    .await;
    assert_eq!(found.status, 200, "{}", found.body);
    let list: Value = serde_json::from_str(&found.body).unwrap();
    assert_eq!(list[0]["customer_id"], b);
    let merged = common::http(
        addr,
        "POST",
        "/api/merge_customer",
        FORM,
        &format!("customer_id={a}&other_id={b}"),
        Some(&cookie),
    )
    .await;
    assert_eq!(merged.status, 200, "{}", merged.body);
    let merge_id: i64 = sqlx::query_scalar("SELECT id FROM customer_merges")
        .fetch_one(&pool)
        .await
        .unwrap();
    let journal: i64 =
        sqlx::query_scalar("SELECT count(*) FROM audit_events WHERE event = 'customer.merged'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(journal, 1);
    // Someone without the permission is refused.
    let viewer = common::account_with(
        &pool,
        "viewer",
        &[app::permission::Permission::ConversationsViewAll],
    )
    .await;
    let viewer_cookie = common::session_cookie(&pool, viewer).await;
    let refused = common::http(
        addr,
        "POST",
        "/api/unmerge_customer",
        FORM,
        &format!("customer_id={a}&merge_id={merge_id}"),
        Some(&viewer_cookie),
    )
    .await;
    assert_eq!(refused.status, 403);
    let undone = common::http(
        addr,
        "POST",
        "/api/unmerge_customer",
        FORM,
        &format!("customer_id={a}&merge_id={merge_id}"),
        Some(&cookie),
    )
    .await;
    assert_eq!(undone.status, 200, "{}", undone.body);
    assert_eq!(merge::current(&pool, b).await.unwrap(), b);
    let journal: i64 =
        sqlx::query_scalar("SELECT count(*) FROM audit_events WHERE event = 'customer.unmerged'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(journal, 1);
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn staff_type_identifiers_the_customer_gave_unverified(pool: PgPool) {
    let (customer, _) = past_customer(&pool, "card-typed", "Telefonim o'zgardi").await;
    identifiers::attach(&pool, customer, IdKind::BankId, "CIF-0042", true, Source::Signed)
        .await
        .unwrap();
    let addr = common::serve(pool.clone()).await;
    let supervisor = common::account_with(
        &pool,
        "sup-typed",
        &[app::permission::Permission::ConversationsViewAll],
    )
    .await;
    let cookie = common::session_cookie(&pool, supervisor).await;
    let call = |endpoint: &'static str, kind: &'static str, value: &'static str, cookie: String| async move {
        let body = format!(
            "customer_id={customer}&kind={kind}&value={}",
            value.replace('+', "%2B").replace(' ', "+")
        );
        common::http(addr, "POST", endpoint, FORM, &body, Some(&cookie)).await
    };

    // A phone in any usual spelling is kept as its digits, unverified, by the operator.
    let added = call(
        "/api/add_customer_identifier",
        "phone",
        "+998 (90) 765-43-21",
        cookie.clone(),
    )
    .await;
    assert_eq!(added.status, 200, "{}", added.body);
    let row: (bool, String) = sqlx::query_as(
        "SELECT verified, source FROM customer_identifiers WHERE customer_id = $1 AND value = '998907654321'",
    )
    .bind(customer)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(row, (false, "operator".to_owned()));
    // What is not one is refused by kind; nothing is stored.
    let bad = call("/api/add_customer_identifier", "phone", "90 765", cookie.clone()).await;
    assert_ne!(bad.status, 200, "{}", bad.body);
    assert!(
        bad.body.contains("BadIdentifier") && bad.body.contains("phone"),
        "{}",
        bad.body
    );
    let bad = call(
        "/api/add_customer_identifier",
        "email",
        "aziza at bank",
        cookie.clone(),
    )
    .await;
    assert!(bad.body.contains("email"), "{}", bad.body);
    assert_eq!(identifiers::of(&pool, customer).await.unwrap().len(), 2);

    // An operator who never handled the customer may not; nor may anyone remove a verified one.
    let stranger = common::operator(&pool, "stranger").await;
    let stranger_cookie = common::session_cookie(&pool, stranger).await;
    let refused = call(
        "/api/add_customer_identifier",
        "email",
        "aziza@bank.uz",
        stranger_cookie,
    )
    .await;
    assert!(
        refused.status != 200 && refused.body.contains("Forbidden"),
        "{}",
        refused.body
    );
    let kept = call(
        "/api/remove_customer_identifier",
        "bank_id",
        "CIF-0042",
        cookie.clone(),
    )
    .await;
    assert!(
        kept.status != 200 && kept.body.contains("Invalid"),
        "{}",
        kept.body
    );
    let removed = call(
        "/api/remove_customer_identifier",
        "phone",
        "998907654321",
        cookie.clone(),
    )
    .await;
    assert_eq!(removed.status, 200, "{}", removed.body);
    assert_eq!(
        identifiers::of(&pool, customer).await.unwrap(),
        vec![(
            "bank_id".to_owned(),
            "CIF-0042".to_owned(),
            true,
            "signed".to_owned()
        )]
    );
    // Journalled with the kind, never the value.
    let journal: Vec<(String, Value)> = sqlx::query_as(
        "SELECT event, details::jsonb FROM audit_events WHERE event LIKE 'customer.identifier_%' ORDER BY id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(
        journal,
        vec![
            ("customer.identifier_added".to_owned(), json!({ "kind": "phone" })),
            (
                "customer.identifier_removed".to_owned(),
                json!({ "kind": "phone" })
            ),
        ]
    );
}
