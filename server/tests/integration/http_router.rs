//! The real router over real HTTP and WebSockets: sign-in cookies, permission
//! checks on server functions, and the customer socket's idempotent send.

use crate::common;

use futures::{SinkExt, StreamExt};
use protocol::widget::{ClientFrame, ServerFrame, WidgetProblem};
use sqlx::PgPool;
use std::net::SocketAddr;
use tokio_tungstenite::tungstenite::Message as WsMessage;

async fn start(pool: PgPool) -> SocketAddr {
    common::serve(pool).await
}

/// POSTs a server function the way a browser form does; returns status, cookie, body.
async fn call(
    addr: SocketAddr,
    name: &str,
    form: &str,
    cookie: Option<&str>,
) -> (u16, Option<String>, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let cookie_line = cookie.map(|c| format!("Cookie: {c}\r\n")).unwrap_or_default();
    let request = format!(
        "POST /api/{name} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Accept: application/json\r\n{cookie_line}Content-Length: {}\r\nConnection: close\r\n\r\n{form}",
        form.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut raw = String::new();
    stream.read_to_string(&mut raw).await.unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    let set_cookie = head
        .lines()
        .find(|l| l.to_ascii_lowercase().starts_with("set-cookie: cc_session="))
        .map(|l| l["set-cookie: ".len()..].to_owned());
    (status, set_cookie, body.to_owned())
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn server_functions_need_a_session_and_a_permission(pool: PgPool) {
    common::operator(&pool, "http.op").await;
    let addr = start(pool).await;

    let (status, _, body) = call(addr, "workspace_snapshot", "", None).await;
    assert_ne!(status, 200);
    assert!(body.contains("NotSignedIn"), "{body}");

    let (_, cookie, body) = call(addr, "sign_in", "login=http.op&password=wrong", None).await;
    assert!(cookie.is_none());
    assert!(body.contains("WrongCredentials"), "{body}");

    let (_, cookie, _) = call(addr, "sign_in", "login=http.op&password=Test-Passw0rd%21", None).await;
    let cookie = cookie.expect("a session cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let pair = cookie.split(';').next().unwrap().to_owned();

    let (status, _, body) = call(addr, "current_user", "", Some(&pair)).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"login\":\"http.op\""), "{body}");

    let (status, _, body) = call(addr, "workspace_snapshot", "", Some(&pair)).await;
    assert_eq!(status, 200, "{body}");

    // An operator holds no `users.view`.
    let (status, _, body) = call(addr, "list_staff", "", Some(&pair)).await;
    assert_ne!(status, 200);
    assert!(body.contains("Forbidden"), "{body}");

    let (status, _, body) = call(addr, "current_user", "", Some("cc_session=forged")).await;
    assert_ne!(status, 200);
    assert!(body.contains("SessionExpired"), "{body}");
}

async fn next_frame(
    ws: &mut tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>,
) -> ServerFrame {
    loop {
        match ws.next().await.expect("a frame").expect("no error") {
            WsMessage::Text(text) => return serde_json::from_str(&text).unwrap(),
            WsMessage::Close(_) => panic!("closed"),
            _ => {}
        }
    }
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn the_customer_socket_stores_a_resent_message_once(pool: PgPool) {
    common::customer(&pool, "sock", 5).await;
    let addr = start(pool.clone()).await;
    let url = format!(
        "ws://{addr}/ws/widget?channel=sock&visitor=visitor-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaa&lang=uz-Cyrl"
    );
    let (mut ws, _) = tokio_tungstenite::connect_async(&url).await.unwrap();
    assert!(matches!(
        next_frame(&mut ws).await,
        ServerFrame::Welcome {
            rating_scale: 5,
            conversation: None,
            ..
        }
    ));

    let send = ClientFrame::Send {
        client_id: common::client_id(),
        body: "Салом".into(),
    };
    let text = serde_json::to_string(&send).unwrap();
    let mut ids = Vec::new();
    for _ in 0..2 {
        ws.send(WsMessage::Text(text.clone().into())).await.unwrap();
        loop {
            if let ServerFrame::Message { message } = next_frame(&mut ws).await {
                ids.push(message.id);
                break;
            }
        }
    }
    assert_eq!(ids[0], ids[1]);
    let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM messages")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(stored, 1);

    // A reconnect gets the whole conversation back.
    drop(ws);
    let (mut again, _) = tokio_tungstenite::connect_async(&url).await.unwrap();
    match next_frame(&mut again).await {
        ServerFrame::Welcome {
            conversation: Some(c),
            messages,
            ..
        } => {
            assert_eq!(messages.len(), 1);
            assert_eq!(messages[0].body, "Салом");
            assert_eq!(c.status, protocol::ConversationStatus::Waiting);
        }
        other => panic!("expected a welcome, got {other:?}"),
    }

    // Over-long text is refused, named, and nothing is stored.
    let long = ClientFrame::Send {
        client_id: common::client_id(),
        body: "я".repeat(10_001),
    };
    again
        .send(WsMessage::Text(serde_json::to_string(&long).unwrap().into()))
        .await
        .unwrap();
    loop {
        if let ServerFrame::Refused { problem, .. } = next_frame(&mut again).await {
            assert_eq!(problem, protocol::MessageProblem::TooLong);
            break;
        }
    }
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn unknown_channels_and_anonymous_staff_sockets_are_refused(pool: PgPool) {
    let addr = start(pool).await;
    let url =
        format!("ws://{addr}/ws/widget?channel=nope&visitor=visitor-token-bbbbbbbbbbbbbbbbbbbbbbbbbbbb");
    let (mut ws, _) = tokio_tungstenite::connect_async(&url).await.unwrap();
    assert_eq!(
        next_frame(&mut ws).await,
        ServerFrame::Error {
            problem: WidgetProblem::UnknownChannel
        }
    );
    let staff = tokio_tungstenite::connect_async(format!("ws://{addr}/ws/staff")).await;
    assert!(staff.is_err(), "no session, no staff socket");
}
