//! The demo contact center, for `make run` only (never from `deploy/`): a web-chat
//! channel, an operator group, three staff accounts with random passwords shown
//! once at first seeding, and a bank page that embeds the widget.

mod history;
mod topics;

use app::domain::{accounts, channels, password, routing};
use axum::extract::State;
use axum::response::Html;
use leptos::config::LeptosOptions;
use sqlx::PgPool;

pub const DEMO_CHANNEL_KEY: &str = "demo-bank";

/// Login, display name, role. Logins are people's names: they say nothing of privilege.
const ACCOUNTS: [(&str, &str, &str); 4] = [
    ("aziza.karimova", "Aziza Karimova", "operator"),
    ("timur.rakhimov", "Timur Rakhimov", "supervisor"),
    ("dana.seitkali", "Dana Seitkali", "administrator"),
    ("nurlan.abenov", "Nurlan Abenov", "auditor"),
];

/// Creates what is missing and prints the logins (and passwords of accounts created now).
pub async fn seed(pool: &PgPool, site: &str) -> anyhow::Result<()> {
    let channel = channels::upsert_webchat(pool, "Demo Bank website", DEMO_CHANNEL_KEY, 5).await?;
    sqlx::query("INSERT INTO operator_groups (name) VALUES ('Retail support') ON CONFLICT DO NOTHING")
        .execute(pool)
        .await?;
    let mut lines = Vec::new();
    for (login, name, role) in ACCOUNTS {
        if accounts::login_exists(pool, login).await? {
            lines.push(format!(
                "  {login:<16} {role:<14} (password was shown when it was created)"
            ));
            continue;
        }
        let pass = password::generate();
        accounts::create_user(pool, login, name, &pass, &[role])
            .await
            .map_err(|e| anyhow::anyhow!("creating {login}: {e:?}"))?;
        sqlx::query(
            "INSERT INTO group_members (group_id, user_id)
             SELECT g.id, u.id FROM operator_groups g, users u
             WHERE g.name = 'Retail support' AND u.login = $1 ON CONFLICT DO NOTHING",
        )
        .bind(login)
        .execute(pool)
        .await?;
        if role == "operator" {
            // The demo operator speaks Russian and Uzbek and takes up to three chats.
            let id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE login = $1")
                .bind(login)
                .fetch_one(pool)
                .await?;
            routing::set_skills(pool, id, &["ru".to_owned(), "uz".to_owned()], 3)
                .await
                .map_err(|e| anyhow::anyhow!("skills of {login}: {e:?}"))?;
        }
        if role == "administrator" {
            // Administrators sign in with a second factor: the demo gives its own a key
            // (printed below) to type into any authenticator app or `oathtool --totp -b`.
            let id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE login = $1")
                .bind(login)
                .fetch_one(pool)
                .await?;
            let secret = app::domain::totp::new_secret();
            app::domain::two_factor::set_secret(pool, id, &secret)
                .await
                .map_err(|e| anyhow::anyhow!("second factor of {login}: {e:?}"))?;
            lines.push(format!(
                "  {login:<16} {role:<14} password: {pass}  second-factor key: {secret}"
            ));
            continue;
        }
        lines.push(format!("  {login:<16} {role:<14} password: {pass}"));
    }
    topics::seed(pool).await?;
    history::seed(pool, channel.id).await?;
    // Printed to the terminal only, never to the log.
    println!("\n=== Demo contact center ===");
    println!("Staff sign-in: http://{site}/login");
    for line in lines {
        println!("{line}");
    }
    println!(
        "Customer's view (a bank page on another site): {}",
        demo_page_url(site)
    );
    println!("Passwords are shown once; to start over: make demo-reset\n");
    Ok(())
}

/// The demo page is served under `localhost` while the app is on `127.0.0.1`, so the
/// widget really runs as a third-party frame.
pub fn demo_page_url(site: &str) -> String {
    let port = site.rsplit(':').next().unwrap_or("3000");
    format!("http://localhost:{port}/demo/bank")
}

pub async fn bank_page(State(options): State<LeptosOptions>) -> Html<String> {
    let site = options.site_addr;
    Html(format!(
        r#"<!DOCTYPE html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Demo Bank</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 0; color: #1d2733; background: #f4f6f8; }}
header {{ background: #0b4f6c; color: white; padding: 1.2rem 2rem; font-size: 1.4rem; font-weight: 600; }}
main {{ max-width: 46rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.55; }}
.card {{ background: white; border-radius: 10px; padding: 1.2rem 1.5rem; margin-bottom: 1rem; box-shadow: 0 1px 3px rgba(0,0,0,.08); }}
</style>
</head>
<body>
<header>Demo Bank</header>
<main>
<div class="card"><h2>Вклад «Надёжный»</h2><p>До 21% годовых в сумах. Пополнение и снятие без комиссии.</p></div>
<div class="card"><h2>Карта Humo / Uzcard</h2><p>Бесплатное обслуживание, кешбэк 2% в супермаркетах.</p></div>
<p>Вопросы? Напишите нам в чат — кнопка в правом нижнем углу.</p>
</main>
<script src="//{site}/widget.js" data-channel="{DEMO_CHANNEL_KEY}" data-lang="ru" async></script>
</body>
</html>
"#
    ))
}
