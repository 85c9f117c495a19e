//! Canned replies against a real PostgreSQL: who sees which, who may write shared
//! ones, duplicate titles, and who may edit or delete what; and, over real HTTP, that
//! the server functions apply the same rights to the signed-in user.

use crate::common;

use app::domain::accounts;
use app::domain::replies::{self, Editor, RepliesError};
use app::replies::model::{CannedReply, ReplyDraft};
use sqlx::PgPool;
use std::net::SocketAddr;

async fn editor(pool: &PgPool, login: &str, role: &str) -> Editor {
    let id = accounts::create_user(pool, login, login, common::PASSWORD, &[role])
        .await
        .unwrap();
    Editor::new(id, &accounts::permissions_of(pool, id).await.unwrap())
}

fn draft(title: &str, body: &str, shared: bool) -> ReplyDraft {
    ReplyDraft {
        title: title.into(),
        body: body.into(),
        shared,
    }
}

fn titles(list: &[CannedReply]) -> Vec<(&str, bool)> {
    list.iter().map(|r| (r.title.as_str(), r.shared)).collect()
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn operators_see_their_own_and_the_shared_replies_never_anothers(pool: PgPool) {
    let malika = editor(&pool, "malika", "operator").await;
    let sardor = editor(&pool, "sardor", "operator").await;
    let boss = editor(&pool, "boss", "supervisor").await;

    replies::create(
        &pool,
        &malika,
        &draft("Приветствие", "Здравствуйте, {customer_name}!", false),
    )
    .await
    .unwrap();
    replies::create(&pool, &malika, &draft("Карта", "Проверяю карту", false))
        .await
        .unwrap();
    replies::create(&pool, &sardor, &draft("Secret", "Sardor's own", false))
        .await
        .unwrap();
    let shared = replies::create(
        &pool,
        &boss,
        &draft("Режим работы", "Мы работаем круглосуточно", true),
    )
    .await
    .unwrap();
    assert!(shared.shared);
    assert_eq!(shared.updated_by.as_deref(), Some("boss"));

    let seen = replies::visible_to(&pool, malika.user_id).await.unwrap();
    assert_eq!(
        titles(&seen),
        vec![("Карта", false), ("Приветствие", false), ("Режим работы", true)],
        "personal first, by title, then shared"
    );
    let seen = replies::visible_to(&pool, sardor.user_id).await.unwrap();
    assert_eq!(titles(&seen), vec![("Secret", false), ("Режим работы", true)]);
    let seen = replies::visible_to(&pool, boss.user_id).await.unwrap();
    assert_eq!(titles(&seen), vec![("Режим работы", true)]);
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn only_holders_of_replies_shared_write_shared_replies(pool: PgPool) {
    let operator = editor(&pool, "op", "operator").await;
    let boss = editor(&pool, "boss", "supervisor").await;
    let admin = editor(&pool, "adm", "administrator").await;

    assert_eq!(
        replies::create(&pool, &operator, &draft("Общий", "Текст", true)).await,
        Err(RepliesError::Forbidden)
    );
    let shared = replies::create(&pool, &admin, &draft("Общий", "Текст", true))
        .await
        .unwrap();
    // A supervisor handles no conversations, so keeps no personal replies.
    assert_eq!(
        replies::create(&pool, &boss, &draft("Мой", "Текст", false)).await,
        Err(RepliesError::Forbidden)
    );

    // The operator can neither change nor delete the shared reply, nor make theirs shared.
    assert_eq!(
        replies::update(&pool, &operator, shared.id, &draft("Общий", "Иначе", true)).await,
        Err(RepliesError::Forbidden)
    );
    assert_eq!(
        replies::delete(&pool, &operator, shared.id).await,
        Err(RepliesError::Forbidden)
    );
    let own = replies::create(&pool, &operator, &draft("Свой", "Текст", false))
        .await
        .unwrap();
    assert_eq!(
        replies::update(&pool, &operator, own.id, &draft("Свой", "Текст", true)).await,
        Err(RepliesError::Forbidden)
    );

    // A supervisor changes the shared reply; the operator sees the change.
    let changed = replies::update(&pool, &boss, shared.id, &draft("Общий", "Новый текст", true))
        .await
        .unwrap();
    assert_eq!(changed.body, "Новый текст");
    assert_eq!(changed.updated_by.as_deref(), Some("boss"));
    let seen = replies::visible_to(&pool, operator.user_id).await.unwrap();
    assert!(seen.iter().any(|r| r.id == shared.id && r.body == "Новый текст"));
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn titles_are_unique_per_operator_and_among_shared_replies(pool: PgPool) {
    let a = editor(&pool, "op.a", "operator").await;
    let b = editor(&pool, "op.b", "operator").await;
    let boss = editor(&pool, "boss", "supervisor").await;

    let first = replies::create(&pool, &a, &draft("Приветствие", "Здравствуйте!", false))
        .await
        .unwrap();
    assert_eq!(
        replies::create(&pool, &a, &draft("  ПРИВЕТСТВИЕ ", "Другой текст", false)).await,
        Err(RepliesError::Duplicate),
        "same title in another letter case, with spaces around"
    );
    // Another operator, and the shared list, may use the same title.
    replies::create(&pool, &b, &draft("Приветствие", "Салем!", false))
        .await
        .unwrap();
    replies::create(&pool, &boss, &draft("Приветствие", "Добрый день!", true))
        .await
        .unwrap();
    assert_eq!(
        replies::create(&pool, &boss, &draft("приветствие", "Ещё раз", true)).await,
        Err(RepliesError::Duplicate)
    );
    // Renaming onto an existing title is refused too, and changes nothing.
    let second = replies::create(&pool, &a, &draft("Прощание", "До свидания!", false))
        .await
        .unwrap();
    assert_eq!(
        replies::update(&pool, &a, second.id, &draft("Приветствие", "x", false)).await,
        Err(RepliesError::Duplicate)
    );
    let seen = replies::visible_to(&pool, a.user_id).await.unwrap();
    assert!(seen.iter().any(|r| r.id == second.id && r.title == "Прощание"));
    assert!(seen.iter().any(|r| r.id == first.id));

    // Blank or over-long values are refused, and trimmed values are stored.
    assert_eq!(
        replies::create(&pool, &a, &draft(" ", "x", false)).await,
        Err(RepliesError::Invalid)
    );
    assert_eq!(
        replies::create(&pool, &a, &draft("t", "  \n ", false)).await,
        Err(RepliesError::Invalid)
    );
    assert_eq!(
        replies::create(&pool, &a, &draft(&"я".repeat(101), "x", false)).await,
        Err(RepliesError::Invalid)
    );
    let trimmed = replies::create(&pool, &a, &draft("  Итог ", " Всего доброго! \n", false))
        .await
        .unwrap();
    assert_eq!(
        (trimmed.title.as_str(), trimmed.body.as_str()),
        ("Итог", "Всего доброго!")
    );
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn only_the_owner_edits_or_deletes_a_personal_reply(pool: PgPool) {
    let owner = editor(&pool, "owner", "operator").await;
    let other = editor(&pool, "other", "operator").await;
    let boss = editor(&pool, "boss", "supervisor").await;
    let mine = replies::create(&pool, &owner, &draft("Мой", "Текст", false))
        .await
        .unwrap();

    // To anyone else it doesn't exist, even to a supervisor.
    for stranger in [&other, &boss] {
        assert_eq!(
            replies::update(&pool, stranger, mine.id, &draft("Чужой", "x", false)).await,
            Err(RepliesError::NotFound)
        );
        assert_eq!(
            replies::delete(&pool, stranger, mine.id).await,
            Err(RepliesError::NotFound)
        );
    }
    assert_eq!(
        replies::delete(&pool, &owner, 999_999).await,
        Err(RepliesError::NotFound)
    );

    let changed = replies::update(&pool, &owner, mine.id, &draft("Мой новый", "Новый текст", false))
        .await
        .unwrap();
    assert_eq!(
        (changed.title.as_str(), changed.body.as_str()),
        ("Мой новый", "Новый текст")
    );
    replies::delete(&pool, &owner, mine.id).await.unwrap();
    assert!(replies::visible_to(&pool, owner.user_id)
        .await
        .unwrap()
        .is_empty());
    assert_eq!(
        replies::delete(&pool, &owner, mine.id).await,
        Err(RepliesError::NotFound)
    );
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn the_server_functions_apply_the_signed_in_users_rights(pool: PgPool) {
    accounts::create_user(&pool, "web.op", "Web Op", common::PASSWORD, &["operator"])
        .await
        .unwrap();
    let addr = start(pool).await;
    let (_, body) = call(addr, "canned_replies", "", None).await;
    assert!(body.contains("NotSignedIn"), "{body}");

    let cookie = sign_in(addr, "web.op").await;
    let (status, body) = call(
        addr,
        "create_reply",
        "title=Shared&body=Hello&shared=true",
        Some(&cookie),
    )
    .await;
    assert_ne!(status, 200);
    assert!(body.contains("Forbidden"), "{body}");

    let (status, body) = call(
        addr,
        "create_reply",
        "title=Mine&body=Hello+%7Bcustomer_name%7D&shared=false",
        Some(&cookie),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = call(
        addr,
        "create_reply",
        "title=mine&body=Again&shared=false",
        Some(&cookie),
    )
    .await;
    assert_ne!(status, 200);
    assert!(body.contains("Duplicate"), "{body}");

    let (status, body) = call(addr, "canned_replies", "", Some(&cookie)).await;
    assert_eq!(status, 200, "{body}");
    // The body may come in chunks: read the JSON array inside it.
    let json = &body[body.find('[').unwrap()..=body.rfind(']').unwrap()];
    let list: Vec<CannedReply> = serde_json::from_str(json).unwrap();
    assert_eq!(titles(&list), vec![("Mine", false)]);
    assert_eq!(
        list[0].body, "Hello {customer_name}",
        "placeholders are stored as written"
    );
}

async fn start(pool: PgPool) -> SocketAddr {
    common::serve(pool).await
}

async fn sign_in(addr: SocketAddr, login: &str) -> String {
    let form = format!("login={login}&password=Test-Passw0rd%21");
    let (raw, _) = request(addr, "sign_in", &form, None).await;
    raw.lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .starts_with("set-cookie: cc_session=")
                .then(|| l[12..].to_owned())
        })
        .and_then(|c| c.split(';').next().map(|p| p.trim().to_owned()))
        .expect("a session cookie")
}

/// POSTs a server function as a browser form does; returns the status and the body.
async fn call(addr: SocketAddr, name: &str, form: &str, cookie: Option<&str>) -> (u16, String) {
    let (head, body) = request(addr, name, form, cookie).await;
    (head.split(' ').nth(1).unwrap().parse().unwrap(), body)
}

async fn request(addr: SocketAddr, name: &str, form: &str, cookie: Option<&str>) -> (String, String) {
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
    (head.to_owned(), body.to_owned())
}
