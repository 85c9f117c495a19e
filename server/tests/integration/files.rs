//! Files over real HTTP: limits enforced while the upload streams, types decided by
//! the bytes, files stored outside the site root under random names and served
//! with the security headers, and only to those who may read the conversation.

use crate::common;

use app::domain::bus::BusEvent;
use app::domain::conversations;
use app::domain::files::storage::FileStore;
use protocol::Message;
use server::router::{router, Options};
use sqlx::PgPool;
use std::net::SocketAddr;
use std::path::Path;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A valid 1×1 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00,
    0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00,
    0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0, 0x1F, 0x00, 0x05,
    0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42,
    0x60, 0x82,
];
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";

struct Server {
    addr: SocketAddr,
    store: FileStore,
    bus: app::domain::bus::Bus,
}

async fn start(pool: PgPool) -> Server {
    let state = common::state(pool);
    let bus = state.bus.clone();
    let store = common::file_store();
    let app = router(
        state,
        Options {
            widget_dir: Path::new("target/widget"),
            demo: false,
            files: store.clone(),
        },
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
            .await
            .unwrap();
    });
    Server { addr, store, bus }
}

pub(crate) struct Reply {
    pub(crate) status: u16,
    head: String,
    pub(crate) body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<String> {
        let prefix = format!("{}:", name.to_ascii_lowercase());
        self.head
            .lines()
            .find(|l| l.to_ascii_lowercase().starts_with(&prefix))
            .map(|l| l[prefix.len()..].trim().to_owned())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

async fn raw(addr: SocketAddr, request: Vec<u8>) -> Reply {
    let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let (mut read, mut write) = stream.into_split();
    // The server may answer (413) before the whole request is written.
    let writer = tokio::spawn(async move {
        let _ = write.write_all(&request).await;
        write
    });
    let mut raw = Vec::new();
    let _ = read.read_to_end(&mut raw).await;
    drop(writer.await);
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or(raw.len());
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let body = raw.get(split + 4..).unwrap_or_default().to_vec();
    let status = head.split(' ').nth(1).unwrap_or("0").parse().unwrap();
    Reply { status, head, body }
}

pub(crate) async fn upload(
    addr: SocketAddr,
    path: &str,
    cookie: Option<&str>,
    fields: &[(&str, &str)],
    file_name: &str,
    bytes: &[u8],
) -> Reply {
    let boundary = "----cc-test-boundary-7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
             Content-Type: image/png\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let cookie_line = cookie.map(|c| format!("Cookie: {c}\r\n")).unwrap_or_default();
    let mut request = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: multipart/form-data; boundary={boundary}\r\n\
         {cookie_line}Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    request.extend_from_slice(&body);
    raw(addr, request).await
}

async fn get(addr: SocketAddr, path: &str, cookie: Option<&str>) -> Reply {
    let cookie_line = cookie.map(|c| format!("Cookie: {c}\r\n")).unwrap_or_default();
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\n{cookie_line}Connection: close\r\n\r\n");
    raw(addr, request.into_bytes()).await
}

async fn post_json(addr: SocketAddr, path: &str, cookie: &str, json: &str) -> Reply {
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nAccept: application/json\r\n\
         Cookie: {cookie}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{json}",
        json.len()
    );
    raw(addr, request.into_bytes()).await
}

/// Signs in through the real server function; returns the `cc_session=…` pair.
async fn sign_in(addr: SocketAddr, login: &str) -> String {
    let form = format!("login={login}&password=Test-Passw0rd%21");
    let request = format!(
        "POST /api/sign_in HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Accept: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{form}",
        form.len()
    );
    let reply = raw(addr, request.into_bytes()).await;
    let line = reply
        .head
        .lines()
        .find(|l| l.to_ascii_lowercase().starts_with("set-cookie: cc_session="))
        .expect("a session cookie");
    line["set-cookie: ".len()..].split(';').next().unwrap().to_owned()
}

fn visitor(n: u32) -> String {
    format!("files-visitor-{n:04}-0123456789abcdef0123456789")
}

fn customer_fields(visitor: &str) -> Vec<(&'static str, String)> {
    vec![
        ("channel", "files-site".to_owned()),
        ("visitor", visitor.to_owned()),
        ("lang", "kk".to_owned()),
        ("client_id", common::client_id()),
    ]
}

async fn customer_upload(addr: SocketAddr, visitor: &str, name: &str, bytes: &[u8]) -> Reply {
    let fields = customer_fields(visitor);
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    upload(addr, "/files/widget", None, &fields, name, bytes).await
}

fn stored_files(store: &FileStore) -> Vec<String> {
    std::fs::read_dir(store.dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

async fn channel(pool: &PgPool) {
    app::domain::channels::upsert_webchat(pool, "Files site", "files-site", 5)
        .await
        .unwrap();
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn an_oversized_upload_is_refused_while_it_streams(pool: PgPool) {
    channel(&pool).await;
    app::domain::files::settings::save(
        &pool,
        1,
        &["png".to_owned()],
        common::operator(&pool, "files.admin").await,
    )
    .await
    .unwrap();
    let server = start(pool.clone()).await;
    let mut big = PNG.to_vec();
    big.resize(3 * 1024, 0);
    let reply = customer_upload(server.addr, &visitor(1), "big.png", &big).await;
    assert_eq!(reply.status, 413, "{}", reply.text());
    assert!(
        reply.text().contains(r#""FileTooLarge":{"max_kb":1}"#),
        "{}",
        reply.text()
    );
    assert!(stored_files(&server.store).is_empty(), "nothing is kept");
    let messages: i64 = sqlx::query_scalar("SELECT count(*) FROM messages")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(messages, 0);
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn a_page_renamed_png_is_not_a_picture(pool: PgPool) {
    channel(&pool).await;
    let server = start(pool.clone()).await;
    let page = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>";
    let reply = customer_upload(server.addr, &visitor(2), "cat.png", page).await;
    assert_eq!(reply.status, 415, "{}", reply.text());
    assert!(reply.text().contains("FileTypeNotAllowed"), "{}", reply.text());
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>"#;
    let reply = customer_upload(server.addr, &visitor(2), "logo.svg", svg).await;
    assert_eq!(reply.status, 415);
    assert!(stored_files(&server.store).is_empty());
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn a_picture_is_stored_outside_the_site_and_served_safely(pool: PgPool) {
    channel(&pool).await;
    common::operator(&pool, "files.op").await;
    let server = start(pool.clone()).await;
    let mut events = server.bus.subscribe();
    let me = visitor(3);
    let reply = customer_upload(server.addr, &me, "../../etc/фото.png", PNG).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let message: Message = serde_json::from_slice(&reply.body).unwrap();
    let attachment = message.attachment.clone().expect("the message carries the file");
    assert_eq!(attachment.name, "фото.png");
    assert_eq!(attachment.content_type, "image/png");
    assert!(attachment.is_image);
    assert_eq!(attachment.size, PNG.len() as i64);
    assert_eq!(message.body, "");
    // Published like any message, so the operator sees it live.
    let published = loop {
        match events.recv().await.unwrap() {
            BusEvent::Message { message, .. } => break message,
            _ => continue,
        }
    };
    assert_eq!(published.attachment, message.attachment);

    // On disk: one file, under a random name, in the files directory (not the site root).
    let files = stored_files(&server.store);
    assert_eq!(files.len(), 1);
    assert!(
        !files[0].contains("фото") && !files[0].contains("png"),
        "{files:?}"
    );
    assert_eq!(std::fs::read(server.store.dir().join(&files[0])).unwrap(), PNG);
    assert!(!server.store.dir().starts_with("target/site"));

    let url = format!("/files/{}?channel=files-site&visitor={me}", attachment.token);
    let reply = get(server.addr, &url, None).await;
    assert_eq!(reply.status, 200, "{}", reply.head);
    assert_eq!(reply.body, PNG);
    assert_eq!(reply.header("content-type").as_deref(), Some("image/png"));
    assert_eq!(reply.header("x-content-type-options").as_deref(), Some("nosniff"));
    assert_eq!(
        reply.header("content-security-policy").as_deref(),
        Some("default-src 'none'; sandbox")
    );
    assert_eq!(reply.header("cache-control").as_deref(), Some("private"));
    let disposition = reply.header("content-disposition").unwrap();
    assert!(disposition.starts_with("inline;"), "{disposition}");
    assert!(
        disposition.contains("filename*=UTF-8''%D1%84%D0%BE%D1%82%D0%BE.png"),
        "{disposition}"
    );

    // Staff who may take the waiting conversation see it too.
    let cookie = sign_in(server.addr, "files.op").await;
    let reply = get(server.addr, &attachment.url(), Some(&cookie)).await;
    assert_eq!(reply.status, 200);
    // Nobody else: no proof, or a wrong token.
    assert_eq!(get(server.addr, &attachment.url(), None).await.status, 401);
    let guessed = format!("/files/{}?channel=files-site&visitor={me}", "0".repeat(64));
    assert_eq!(get(server.addr, &guessed, None).await.status, 404);
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn a_customer_cannot_download_another_customers_file(pool: PgPool) {
    channel(&pool).await;
    let server = start(pool.clone()).await;
    let reply = customer_upload(server.addr, &visitor(4), "mine.png", PNG).await;
    let message: Message = serde_json::from_slice(&reply.body).unwrap();
    let token = message.attachment.unwrap().token;
    // The other customer exists (has written) but this is not their conversation.
    let other = visitor(5);
    assert_eq!(
        customer_upload(server.addr, &other, "theirs.png", PNG)
            .await
            .status,
        200
    );
    let reply = get(
        server.addr,
        &format!("/files/{token}?channel=files-site&visitor={other}"),
        None,
    )
    .await;
    assert_eq!(reply.status, 404);
    assert!(reply.body != PNG);
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn staff_without_access_are_refused(pool: PgPool) {
    channel(&pool).await;
    let owner = common::operator(&pool, "files.owner").await;
    common::operator(&pool, "files.other").await;
    let server = start(pool.clone()).await;
    let reply = customer_upload(server.addr, &visitor(6), "scan.png", PNG).await;
    let message: Message = serde_json::from_slice(&reply.body).unwrap();
    conversations::take(&pool, message.conversation_id, owner)
        .await
        .unwrap();
    let url = message.attachment.unwrap().url();

    let other = sign_in(server.addr, "files.other").await;
    assert_eq!(get(server.addr, &url, Some(&other)).await.status, 403);
    let conversation = message.conversation_id.to_string();
    let id = common::client_id();
    let fields = [
        ("conversation_id", conversation.as_str()),
        ("client_id", id.as_str()),
    ];
    let reply = upload(server.addr, "/files/upload", Some(&other), &fields, "x.pdf", PDF).await;
    assert_eq!(reply.status, 403, "{}", reply.text());
    assert_eq!(
        upload(server.addr, "/files/upload", None, &fields, "x.pdf", PDF)
            .await
            .status,
        401
    );

    // The assigned operator sends a PDF: a download, published to the customer.
    let mut events = server.bus.subscribe();
    let cookie = sign_in(server.addr, "files.owner").await;
    assert_eq!(get(server.addr, &url, Some(&cookie)).await.status, 200);
    let reply = upload(
        server.addr,
        "/files/upload",
        Some(&cookie),
        &fields,
        "выписка.pdf",
        PDF,
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let sent: Message = serde_json::from_slice(&reply.body).unwrap();
    let pdf = sent.attachment.clone().unwrap();
    assert_eq!(pdf.content_type, "application/pdf");
    assert!(!pdf.is_image);
    let published = loop {
        if let BusEvent::Message { message, .. } = events.recv().await.unwrap() {
            break message;
        }
    };
    assert_eq!(published.id, sent.id);
    // A retry with the same client id stores nothing new.
    let again = upload(
        server.addr,
        "/files/upload",
        Some(&cookie),
        &fields,
        "выписка.pdf",
        PDF,
    )
    .await;
    let again: Message = serde_json::from_slice(&again.body).unwrap();
    assert_eq!(again.id, sent.id);
    assert_eq!(stored_files(&server.store).len(), 2);
    let reply = get(
        server.addr,
        &format!("{}?channel=files-site&visitor={}", pdf.url(), visitor(6)),
        None,
    )
    .await;
    assert_eq!(reply.status, 200);
    assert!(reply
        .header("content-disposition")
        .unwrap()
        .starts_with("attachment;"));
    assert_eq!(reply.header("content-type").as_deref(), Some("application/pdf"));
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn limit_changes_take_effect(pool: PgPool) {
    channel(&pool).await;
    // Only the permission matters here (an administrator would first enrol a second factor).
    common::account_with(
        &pool,
        "files.boss",
        &[app::permission::Permission::SettingsWorkspace],
    )
    .await;
    common::operator(&pool, "files.op2").await;
    let server = start(pool.clone()).await;
    let me = visitor(7);
    let mut picture = PNG.to_vec();
    picture.resize(2048, 0);
    assert_eq!(
        customer_upload(server.addr, &me, "a.png", &picture).await.status,
        200
    );

    // An operator may not change the limits.
    let op = sign_in(server.addr, "files.op2").await;
    let limits = r#"{"limits":{"max_kb":1,"allowed_types":["png","pdf"]}}"#;
    let reply = post_json(server.addr, "/api/save_file_limits", &op, limits).await;
    assert!(reply.text().contains("Forbidden"), "{}", reply.text());

    let boss = sign_in(server.addr, "files.boss").await;
    let reply = post_json(server.addr, "/api/save_file_limits", &boss, limits).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let reply = customer_upload(server.addr, &me, "b.png", &picture).await;
    assert_eq!(reply.status, 413);
    assert!(reply.text().contains(r#""max_kb":1"#));

    let reply = post_json(
        server.addr,
        "/api/save_file_limits",
        &boss,
        r#"{"limits":{"max_kb":100,"allowed_types":["pdf"]}}"#,
    )
    .await;
    assert_eq!(reply.status, 200);
    assert_eq!(
        customer_upload(server.addr, &me, "c.png", &picture).await.status,
        415
    );
    assert_eq!(customer_upload(server.addr, &me, "d.pdf", PDF).await.status, 200);

    // Out of range or unknown types are refused and change nothing.
    let reply = post_json(
        server.addr,
        "/api/save_file_limits",
        &boss,
        r#"{"limits":{"max_kb":100,"allowed_types":["svg"]}}"#,
    )
    .await;
    assert!(reply.text().contains("Invalid"), "{}", reply.text());
    assert_eq!(customer_upload(server.addr, &me, "e.pdf", PDF).await.status, 200);
}
