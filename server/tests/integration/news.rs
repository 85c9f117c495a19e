//! News for staff (TS 8.5) against a real PostgreSQL: who each item is addressed to,
//! the unread list that gates the workspace, acknowledgement, read counts, and the
//! publishing permission over real HTTP.

use crate::common;

use app::domain::{accounts, news, news::NewsError};
use app::news::model::{DraftProblem, NewsDraft};
use sqlx::PgPool;
use std::net::SocketAddr;

async fn staff(pool: &PgPool, login: &str, role: &str) -> i64 {
    accounts::create_user(pool, login, &format!("{login} name"), common::PASSWORD, &[role])
        .await
        .unwrap()
}

fn to_all(title: &str) -> NewsDraft {
    NewsDraft {
        title: title.into(),
        body: format!("{title}: подробности"),
        for_all: true,
        group_ids: vec![],
    }
}

async fn group_with(pool: &PgPool, name: &str, members: &[i64]) -> i64 {
    let id = app::domain::routing::settings::add_group(pool, name)
        .await
        .unwrap();
    for m in members {
        sqlx::query("INSERT INTO group_members (group_id, user_id) VALUES ($1, $2)")
            .bind(id)
            .bind(m)
            .execute(pool)
            .await
            .unwrap();
    }
    id
}

fn titles(items: &[app::news::model::NewsItem]) -> Vec<&str> {
    items.iter().map(|n| n.title.as_str()).collect()
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn news_to_all_staff_is_unread_for_everyone_until_each_reads_it(pool: PgPool) {
    let author = staff(&pool, "nw.sup", "supervisor").await;
    let a = staff(&pool, "nw.op1", "operator").await;
    let b = staff(&pool, "nw.op2", "operator").await;
    let admin = staff(&pool, "nw.adm", "administrator").await;
    let id = news::publish(&pool, author, &to_all("Новый тариф"))
        .await
        .unwrap();

    for reader in [a, b, admin] {
        assert_eq!(
            titles(&news::unread(&pool, reader).await.unwrap()),
            ["Новый тариф"]
        );
        assert_eq!(news::unread_count(&pool, reader).await.unwrap(), 1);
    }
    assert!(
        news::unread(&pool, author).await.unwrap().is_empty(),
        "the author has read what they wrote"
    );

    news::acknowledge(&pool, id, a).await.unwrap();
    news::acknowledge(&pool, id, a).await.unwrap();
    assert!(news::unread(&pool, a).await.unwrap().is_empty());
    assert_eq!(news::unread_count(&pool, a).await.unwrap(), 0);
    assert_eq!(
        news::unread_count(&pool, b).await.unwrap(),
        1,
        "b has not read it"
    );

    let listed = news::for_reader(&pool, a).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert!(listed[0].read_at.is_some());
    assert_eq!(listed[0].author.as_deref(), Some("nw.sup name"));
    assert!(news::for_reader(&pool, b).await.unwrap()[0].read_at.is_none());

    let board = news::board(&pool).await.unwrap();
    let row = &board.published[0];
    assert!(row.for_all);
    assert_eq!(
        (row.read_count, row.audience_count),
        (2, 4),
        "author and a of four staff"
    );
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn group_news_reach_only_the_groups_members(pool: PgPool) {
    let author = staff(&pool, "gr.sup", "supervisor").await;
    let member = staff(&pool, "gr.in", "operator").await;
    let outsider = staff(&pool, "gr.out", "operator").await;
    let card = group_with(&pool, "Карты", &[member]).await;
    let other = group_with(&pool, "Кредиты", &[]).await;
    let id = news::publish(
        &pool,
        author,
        &NewsDraft {
            title: "Для группы «Карты»".into(),
            body: "Только участникам".into(),
            for_all: false,
            group_ids: vec![card, other, card],
        },
    )
    .await
    .unwrap();

    assert_eq!(news::unread_count(&pool, member).await.unwrap(), 1);
    assert_eq!(news::unread_count(&pool, outsider).await.unwrap(), 0);
    assert!(news::for_reader(&pool, outsider).await.unwrap().is_empty());
    assert!(
        news::for_reader(&pool, author).await.unwrap().is_empty(),
        "the author is in neither group"
    );
    assert_eq!(
        news::acknowledge(&pool, id, outsider).await,
        Err(NewsError::NotFound)
    );
    assert_eq!(
        news::item(&pool, id, outsider).await.unwrap_err(),
        NewsError::NotFound
    );

    let board = news::board(&pool).await.unwrap();
    assert_eq!(board.published[0].groups, ["Карты", "Кредиты"]);
    assert_eq!(
        (board.published[0].read_count, board.published[0].audience_count),
        (0, 1)
    );
    news::acknowledge(&pool, id, member).await.unwrap();
    assert_eq!(news::board(&pool).await.unwrap().published[0].read_count, 1);
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn unread_news_come_oldest_first_and_empty_as_each_is_acknowledged(pool: PgPool) {
    let author = staff(&pool, "or.sup", "supervisor").await;
    let op = staff(&pool, "or.op", "operator").await;
    let first = news::publish(&pool, author, &to_all("Первая")).await.unwrap();
    let second = news::publish(&pool, author, &to_all("Вторая")).await.unwrap();

    assert_eq!(
        titles(&news::unread(&pool, op).await.unwrap()),
        ["Первая", "Вторая"]
    );
    assert_eq!(
        titles(&news::for_reader(&pool, op).await.unwrap()),
        ["Вторая", "Первая"],
        "the menu lists the newest first"
    );
    news::acknowledge(&pool, first, op).await.unwrap();
    assert_eq!(titles(&news::unread(&pool, op).await.unwrap()), ["Вторая"]);
    news::acknowledge(&pool, second, op).await.unwrap();
    assert!(news::unread(&pool, op).await.unwrap().is_empty());
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn news_older_than_an_account_do_not_hold_it_at_the_door(pool: PgPool) {
    let author = staff(&pool, "old.sup", "supervisor").await;
    let id = news::publish(&pool, author, &to_all("Прошлогодняя"))
        .await
        .unwrap();
    sqlx::query("UPDATE news SET published_at = now() - interval '1 day' WHERE id = $1")
        .bind(id)
        .execute(&pool)
        .await
        .unwrap();
    let newcomer = staff(&pool, "old.new", "operator").await;
    assert_eq!(news::unread_count(&pool, newcomer).await.unwrap(), 0);
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn incomplete_drafts_and_unknown_groups_are_refused(pool: PgPool) {
    let author = staff(&pool, "bad.sup", "supervisor").await;
    let blank = NewsDraft {
        title: "  ".into(),
        body: String::new(),
        for_all: false,
        group_ids: vec![],
    };
    assert_eq!(
        news::publish(&pool, author, &blank).await,
        Err(NewsError::Invalid(vec![
            DraftProblem::TitleMissing,
            DraftProblem::BodyMissing,
            DraftProblem::NoAudience
        ]))
    );
    let unknown = NewsDraft {
        for_all: false,
        group_ids: vec![999_999],
        ..to_all("Тема")
    };
    assert_eq!(
        news::publish(&pool, author, &unknown).await,
        Err(NewsError::Invalid(vec![DraftProblem::NoAudience]))
    );
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM news")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(count, 0);
}

async fn start(pool: PgPool) -> SocketAddr {
    common::serve(pool).await
}

/// POSTs to a server function; returns status, session cookie and body.
async fn call(
    addr: SocketAddr,
    name: &str,
    content_type: &str,
    body: &str,
    cookie: Option<&str>,
) -> (u16, Option<String>, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let cookie_line = cookie.map(|c| format!("Cookie: {c}\r\n")).unwrap_or_default();
    let request = format!(
        "POST /api/{name} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: {content_type}\r\n\
         Accept: application/json\r\n{cookie_line}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut raw = String::new();
    stream.read_to_string(&mut raw).await.unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    let cookie = head
        .lines()
        .find(|l| l.to_ascii_lowercase().starts_with("set-cookie: cc_session="))
        .map(|l| l["set-cookie: ".len()..].split(';').next().unwrap().to_owned());
    (status, cookie, body.to_owned())
}

async fn sign_in(addr: SocketAddr, login: &str) -> String {
    let form = format!("login={login}&password=Test-Passw0rd%21");
    call(addr, "sign_in", "application/x-www-form-urlencoded", &form, None)
        .await
        .1
        .expect("a session cookie")
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn only_publishers_publish_and_everyone_reads(pool: PgPool) {
    staff(&pool, "http.op", "operator").await;
    staff(&pool, "http.sup", "supervisor").await;
    let addr = start(pool.clone()).await;
    let draft = r#"{"draft":{"title":"Собрание","body":"В 9:00","for_all":true,"group_ids":[]}}"#;

    let (status, _, body) = call(addr, "publish_news", "application/json", draft, None).await;
    assert_ne!(status, 200);
    assert!(body.contains("NotSignedIn"), "{body}");

    let operator = sign_in(addr, "http.op").await;
    let (status, _, body) = call(addr, "publish_news", "application/json", draft, Some(&operator)).await;
    assert_ne!(status, 200);
    assert!(body.contains("Forbidden"), "{body}");
    let (status, _, body) = call(
        addr,
        "news_board",
        "application/x-www-form-urlencoded",
        "",
        Some(&operator),
    )
    .await;
    assert_ne!(status, 200);
    assert!(body.contains("Forbidden"), "{body}");

    let supervisor = sign_in(addr, "http.sup").await;
    let blank = r#"{"draft":{"title":" ","body":"x","for_all":true,"group_ids":[]}}"#;
    let (status, _, body) = call(addr, "publish_news", "application/json", blank, Some(&supervisor)).await;
    assert_ne!(status, 200);
    assert!(body.contains("Invalid"), "{body}");
    let (status, _, body) = call(addr, "publish_news", "application/json", draft, Some(&supervisor)).await;
    assert_eq!(status, 200, "{body}");
    let id: i64 = body.trim().parse().unwrap();

    let form = "application/x-www-form-urlencoded";
    let (status, _, body) = call(addr, "unread_news_count", form, "", Some(&operator)).await;
    assert_eq!((status, body.trim()), (200, "1"));
    let (status, _, body) = call(
        addr,
        "acknowledge_news",
        form,
        &format!("id={id}"),
        Some(&operator),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (_, _, body) = call(addr, "unread_news", form, "", Some(&operator)).await;
    assert_eq!(body.trim(), "[]");
}
