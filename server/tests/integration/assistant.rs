//! The invisible assistant (TS 9.7): internal notes and invited experts, who may write
//! and invite, the expert's list, and — over real HTTP and WebSockets — that the
//! customer's socket never carries a note, an invitation or a supervisor's name.

use crate::common;

use app::domain::assistant::{self, AssistantError};
use app::domain::{accounts, conversation_events, conversations};
use app::model::CurrentUser;
use app::workspace::model::EventKind;
use futures::{SinkExt, StreamExt};
use protocol::widget::{ClientFrame, ServerFrame};
use sqlx::PgPool;
use tokio_tungstenite::tungstenite::Message as WsMessage;

async fn user(pool: &PgPool, id: i64) -> CurrentUser {
    let login: String = sqlx::query_scalar("SELECT login FROM users WHERE id = $1")
        .bind(id)
        .fetch_one(pool)
        .await
        .unwrap();
    let token = app::domain::sessions::open(pool, id, None, None).await.unwrap();
    let user = app::domain::sessions::resolve(pool, &token).await.unwrap();
    assert_eq!(user.login, login);
    user
}

/// An active conversation of `op` and a supervisor.
async fn setup(pool: &PgPool) -> (i64, i64, i64) {
    let op = common::available_operator(pool, "assist.op", &["ru"], 3).await;
    let supervisor = accounts::create_user(pool, "assist.sup", "Зарина", common::PASSWORD, &["supervisor"])
        .await
        .unwrap();
    let c = common::waiting_on(pool, "assist", 1, "ru").await;
    conversations::take(pool, c, op).await.unwrap();
    (c, op, supervisor)
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn supervisors_operators_and_experts_write_notes_others_cannot(pool: PgPool) {
    let (c, op, supervisor) = setup(&pool).await;
    let other = common::operator(&pool, "assist.other").await;
    let summary = conversations::summary(&pool, c).await.unwrap();
    assert!(
        assistant::may_note(&pool, &user(&pool, supervisor).await, &summary)
            .await
            .unwrap()
    );
    assert!(assistant::may_note(&pool, &user(&pool, op).await, &summary)
        .await
        .unwrap());
    assert!(!assistant::may_note(&pool, &user(&pool, other).await, &summary)
        .await
        .unwrap());

    assistant::add_note(&pool, c, supervisor, "  Предложите рассрочку  ")
        .await
        .unwrap();
    assert_eq!(
        assistant::add_note(&pool, c, supervisor, "   ").await,
        Err(AssistantError::BadNote)
    );
    assert_eq!(
        assistant::add_note(&pool, c, supervisor, &"я".repeat(2001)).await,
        Err(AssistantError::BadNote)
    );
    let events = conversation_events::of_conversation(&pool, c).await.unwrap();
    let notes: Vec<_> = events.iter().filter(|e| e.kind == EventKind::Note).collect();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].note.as_deref(), Some("Предложите рассрочку"));
    assert_eq!(notes[0].actor.as_deref(), Some("Зарина"));

    // Invited, the other operator may write too, and finds the conversation in their list.
    assistant::invite(&pool, &summary, other, supervisor)
        .await
        .unwrap();
    assistant::invite(&pool, &summary, other, supervisor)
        .await
        .unwrap();
    assert!(assistant::may_note(&pool, &user(&pool, other).await, &summary)
        .await
        .unwrap());
    let invited: Vec<_> = conversation_events::of_conversation(&pool, c)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == EventKind::ExpertInvited)
        .collect();
    assert_eq!(invited.len(), 1, "inviting twice records it once");
    assert_eq!(invited[0].to_operator.as_deref(), Some("assist.other"));
    let snapshot = conversations::workspace(&pool, &user(&pool, other).await)
        .await
        .unwrap();
    assert!(snapshot.mine.iter().any(|s| s.id == c));
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn experts_are_staff_who_work_conversations_and_join_live_ones_only(pool: PgPool) {
    let (c, op, supervisor) = setup(&pool).await;
    let expert = common::operator(&pool, "assist.expert").await;
    let admin = accounts::create_user(
        &pool,
        "assist.admin",
        "Admin",
        common::PASSWORD,
        &["administrator"],
    )
    .await
    .unwrap();
    let summary = conversations::summary(&pool, c).await.unwrap();
    let names: Vec<_> = assistant::candidates(&pool, &summary, supervisor)
        .await
        .unwrap()
        .into_iter()
        .map(|o| o.name)
        .collect();
    assert_eq!(
        names,
        vec!["assist.expert".to_owned()],
        "not the inviter, the operator or an administrator"
    );
    assert_eq!(
        assistant::invite(&pool, &summary, admin, supervisor).await,
        Err(AssistantError::NoSuchEmployee)
    );
    assert_eq!(
        assistant::invite(&pool, &summary, supervisor, supervisor).await,
        Err(AssistantError::NoSuchEmployee)
    );
    conversations::close(&pool, c, op).await.unwrap();
    let closed = conversations::summary(&pool, c).await.unwrap();
    assert_eq!(
        assistant::invite(&pool, &closed, expert, supervisor).await,
        Err(AssistantError::Closed)
    );
}

/// POSTs a server function as a form; returns status and body.
async fn call(addr: std::net::SocketAddr, name: &str, form: &str, cookie: &str) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request = format!(
        "POST /api/{name} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Accept: application/json\r\nCookie: {cookie}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{form}",
        form.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut raw = String::new();
    stream.read_to_string(&mut raw).await.unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    (head.split(' ').nth(1).unwrap().parse().unwrap(), body.to_owned())
}

async fn cookie(pool: &PgPool, id: i64) -> String {
    format!(
        "cc_session={}",
        app::domain::sessions::open(pool, id, None, None).await.unwrap()
    )
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn the_customer_socket_never_carries_notes_invitations_or_names(pool: PgPool) {
    let op = common::available_operator(&pool, "ws.op", &["ru"], 3).await;
    let supervisor = accounts::create_user(
        &pool,
        "ws.sup",
        "Супервизор Зарина",
        common::PASSWORD,
        &["supervisor"],
    )
    .await
    .unwrap();
    let expert = common::operator(&pool, "ws.expert").await;
    let outsider = common::operator(&pool, "ws.outsider").await;
    common::customer(&pool, "assist-ws", 5).await;
    let (sup_cookie, op_cookie, outsider_cookie) = (
        cookie(&pool, supervisor).await,
        cookie(&pool, op).await,
        cookie(&pool, outsider).await,
    );
    let addr = common::serve(pool.clone()).await;

    let url = format!(
        "ws://{addr}/ws/widget?channel=assist-ws&visitor=visitor-token-bbbbbbbbbbbbbbbbbbbbbbbbbbbb&lang=ru"
    );
    let (mut ws, _) = tokio_tungstenite::connect_async(&url).await.unwrap();
    let send = ClientFrame::Send {
        client_id: common::client_id(),
        body: "Помогите".into(),
    };
    ws.send(WsMessage::Text(serde_json::to_string(&send).unwrap().into()))
        .await
        .unwrap();
    let c: i64 = loop {
        if let Some(Ok(WsMessage::Text(t))) = ws.next().await {
            if let Ok(ServerFrame::Message { message }) = serde_json::from_str(&t) {
                break message.conversation_id;
            }
        }
    };
    // Routing gives it to the only operator on duty (or the test takes it first).
    let _ = conversations::take(&pool, c, op).await;
    assert_eq!(common::operator_of(&pool, c).await, Some(op));

    // Who may not, cannot.
    let (status, body) = call(
        addr,
        "add_internal_note",
        &format!("id={c}&note=x"),
        &outsider_cookie,
    )
    .await;
    assert_ne!(status, 200);
    assert!(body.contains("Forbidden"), "{body}");
    let (status, body) = call(
        addr,
        "invite_expert",
        &format!("id={c}&user_id={expert}"),
        &op_cookie,
    )
    .await;
    assert!(status != 200 && body.contains("Forbidden"), "{body}");

    let (status, body) = call(
        addr,
        "add_internal_note",
        &format!("id={c}&note=%D0%A1%D0%B5%D0%BA%D1%80%D0%B5%D1%82"),
        &sup_cookie,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = call(
        addr,
        "invite_expert",
        &format!("id={c}&user_id={expert}"),
        &sup_cookie,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = call(addr, "add_internal_note", &format!("id={c}&note=ok"), &op_cookie).await;
    assert_eq!(status, 200, "{body}");
    // The operator's reply does reach the customer, after all of the above.
    let form = format!(
        "conversation_id={c}&client_id={}&body=Hello-from-operator",
        common::client_id()
    );
    let (status, body) = call(addr, "send_reply", &form, &op_cookie).await;
    assert_eq!(status, 200, "{body}");

    let mut seen = Vec::new();
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_millis(1500);
    while let Ok(Some(Ok(frame))) = tokio::time::timeout_at(deadline, ws.next()).await {
        if let WsMessage::Text(t) = frame {
            seen.push(t.to_string());
        }
    }
    let all = seen.join("\n");
    assert!(all.contains("Hello-from-operator"), "the reply arrives: {all}");
    for secret in ["Секрет", "Супервизор", "Зарина", "ws.expert"] {
        assert!(
            !all.contains(secret),
            "the customer's socket carried {secret:?}: {all}"
        );
    }
}
