//! Authentication hardening over real HTTP: two-factor sign-in (codes once, failures
//! lock), enrolment required by role, password expiry and policy from the settings,
//! the administration IP allowlist, and the idle timeout.

use crate::common;

use app::domain::{accounts, security, totp, two_factor};
use app::permission::Permission;
use app::security::model::SecuritySettings;
use sqlx::PgPool;
use std::net::SocketAddr;

const FORM: &str = "application/x-www-form-urlencoded";

fn now_code(secret: &str) -> String {
    totp::code_at(secret, totp::step_of(chrono::Utc::now().timestamp())).unwrap()
}

fn cookie_of(reply: &common::Reply) -> Option<String> {
    reply
        .head
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: cc_session="))
        .and_then(|c| c.split(';').next())
        .filter(|v| !v.is_empty())
        .map(|v| format!("cc_session={v}"))
}

async fn sign_in(addr: SocketAddr, login: &str, code: Option<&str>) -> common::Reply {
    let body = match code {
        Some(c) => format!("login={login}&password=Test-Passw0rd%21&code={c}"),
        None => format!("login={login}&password=Test-Passw0rd%21"),
    };
    common::http(addr, "POST", "/api/sign_in", FORM, &body, None).await
}

async fn admin_with_totp(pool: &PgPool, login: &str) -> (i64, String) {
    let id = accounts::create_user(pool, login, login, common::PASSWORD, &["administrator"])
        .await
        .unwrap();
    let secret = totp::new_secret();
    two_factor::set_secret(pool, id, &secret).await.unwrap();
    (id, secret)
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn a_second_factor_is_asked_for_checked_and_used_once(pool: PgPool) {
    let (_, secret) = admin_with_totp(&pool, "totp.admin").await;
    let addr = common::serve(pool.clone()).await;

    let asked = sign_in(addr, "totp.admin", None).await;
    assert!(asked.body.contains("TotpRequired"), "{}", asked.body);
    assert!(cookie_of(&asked).is_none());

    let wrong = sign_in(addr, "totp.admin", Some("000000")).await;
    assert!(wrong.body.contains("TotpWrong"), "{}", wrong.body);
    assert!(cookie_of(&wrong).is_none());

    let code = now_code(&secret);
    let ok = sign_in(addr, "totp.admin", Some(&code)).await;
    let cookie = cookie_of(&ok).expect("a session");
    let me = common::http(addr, "POST", "/api/current_user", FORM, "", Some(&cookie)).await;
    assert_eq!(me.status, 200, "{}", me.body);

    // The same code a second time is refused (a code works once).
    let replay = sign_in(addr, "totp.admin", Some(&code)).await;
    assert!(replay.body.contains("TotpWrong"), "{}", replay.body);

    let details: Vec<String> =
        sqlx::query_scalar("SELECT details FROM audit_events WHERE event LIKE 'auth.login.%' ORDER BY id")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(details.len(), 3, "{details:?}");
    assert!(details[0].contains("wrong_code"));
    assert!(details[1].contains("\"second_factor\":true"));
    assert!(details[2].contains("wrong_code"));
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn wrong_codes_lock_the_account_even_with_the_right_password(pool: PgPool) {
    let (_, secret) = admin_with_totp(&pool, "guess.admin").await;
    let addr = common::serve(pool.clone()).await;
    let mut last = String::new();
    for _ in 0..accounts::MAX_FAILED_LOGINS {
        last = sign_in(addr, "guess.admin", Some("123456")).await.body;
    }
    assert!(last.contains("LockedOut"), "{last}");
    let locked = sign_in(addr, "guess.admin", Some(&now_code(&secret))).await;
    assert!(locked.body.contains("LockedOut"), "{}", locked.body);
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn an_administrator_without_a_second_factor_enrols_before_anything_else(pool: PgPool) {
    accounts::create_user(
        &pool,
        "new.admin",
        "New admin",
        common::PASSWORD,
        &["administrator"],
    )
    .await
    .unwrap();
    let addr = common::serve(pool.clone()).await;
    let signed = sign_in(addr, "new.admin", None).await;
    assert!(signed.head.contains("/account/two-factor"), "{}", signed.head);
    let cookie = cookie_of(&signed).expect("a session to enrol with");

    let refused = common::http(addr, "POST", "/api/list_staff", FORM, "", Some(&cookie)).await;
    assert_eq!(refused.status, 403);
    assert!(refused.body.contains("TotpEnrolmentRequired"), "{}", refused.body);

    let begun = common::http(addr, "POST", "/api/begin_totp_enrolment", FORM, "", Some(&cookie)).await;
    assert_eq!(begun.status, 200, "{}", begun.body);
    let enrolment: app::security::model::Enrolment = serde_json::from_str(&begun.body).unwrap();
    assert!(enrolment.uri.starts_with("otpauth://totp/"));
    assert!(enrolment.qr_svg.contains("<svg"));
    let wrong = common::http(
        addr,
        "POST",
        "/api/confirm_totp_enrolment",
        FORM,
        "code=000000",
        Some(&cookie),
    )
    .await;
    assert!(wrong.body.contains("TotpWrong"), "{}", wrong.body);
    let body = format!("code={}", now_code(&enrolment.secret));
    let confirmed = common::http(
        addr,
        "POST",
        "/api/confirm_totp_enrolment",
        FORM,
        &body,
        Some(&cookie),
    )
    .await;
    assert!(confirmed.status < 400, "{}", confirmed.body);

    let now_allowed = common::http(addr, "POST", "/api/list_staff", FORM, "", Some(&cookie)).await;
    assert_eq!(now_allowed.status, 200, "{}", now_allowed.body);
    // From now on, signing in asks for the code.
    assert!(sign_in(addr, "new.admin", None)
        .await
        .body
        .contains("TotpRequired"));
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn an_expired_password_must_be_changed(pool: PgPool) {
    let id = common::operator(&pool, "old.pass").await;
    assert_eq!(
        common::sign_in(&pool, "old.pass", common::PASSWORD).await,
        Ok((id, false))
    );
    sqlx::query("UPDATE users SET password_changed_at = now() - interval '91 days' WHERE id = $1")
        .bind(id)
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(
        common::sign_in(&pool, "old.pass", common::PASSWORD).await,
        Ok((id, true))
    );
    // No expiry configured: it never expires.
    let mut s = security::load(&pool).await.unwrap();
    s.password_max_age_days = None;
    security::save(&pool, &s, None).await.unwrap();
    assert_eq!(
        common::sign_in(&pool, "old.pass", common::PASSWORD).await,
        Ok((id, false))
    );
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn settings_are_checked_and_the_policy_applies(pool: PgPool) {
    let ip = Some("10.1.2.3".parse().unwrap());
    let mut s = SecuritySettings {
        admin_allowlist: "10.0.0.0/8\nnot-an-address".into(),
        ..Default::default()
    };
    assert_eq!(
        security::save(&pool, &s, ip).await,
        Err(security::SecurityError::AllowlistLine { line: 2 })
    );
    s.admin_allowlist = "192.168.0.0/16".into();
    assert_eq!(
        security::save(&pool, &s, ip).await,
        Err(security::SecurityError::ExcludesYou)
    );
    s.admin_allowlist = "10.0.0.0/8".into();
    s.lockout_attempts = 1;
    assert_eq!(
        security::save(&pool, &s, ip).await,
        Err(security::SecurityError::Invalid)
    );
    s.lockout_attempts = 3;
    s.totp_roles = vec!["no-such-role".into()];
    assert_eq!(
        security::save(&pool, &s, ip).await,
        Err(security::SecurityError::Invalid)
    );
    s.totp_roles = vec!["administrator".into(), "supervisor".into()];
    s.password_min_length = 20;
    security::save(&pool, &s, ip).await.unwrap();
    assert_eq!(security::load(&pool).await.unwrap(), s);

    // A 14-character password no longer meets the policy.
    let id = common::operator(&pool, "policy.op").await;
    assert_eq!(
        app::domain::account_admin::change_own_password(&pool, id, common::PASSWORD, "Fourteen-Ch4r").await,
        Err(app::domain::account_admin::AdminError::WeakPassword)
    );
    app::domain::account_admin::change_own_password(&pool, id, common::PASSWORD, "Twenty-Characters-0k!")
        .await
        .unwrap();
    // Three wrong passwords now lock.
    for _ in 0..2 {
        assert_eq!(
            common::sign_in(&pool, "policy.op", "nope").await,
            Err(accounts::SignInError::WrongCredentials)
        );
    }
    assert!(matches!(
        common::sign_in(&pool, "policy.op", "nope").await,
        Err(accounts::SignInError::LockedOut { minutes: 15 })
    ));
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn administration_is_refused_outside_the_allowlist(pool: PgPool) {
    let admin = common::account_with(
        &pool,
        "net.admin",
        &[Permission::RolesManage, Permission::ReportsView],
    )
    .await;
    let cookie = common::session_cookie(&pool, admin).await;
    let addr = common::serve(pool.clone()).await;
    sqlx::query("UPDATE security_settings SET admin_allowlist = '10.0.0.0/8'")
        .execute(&pool)
        .await
        .unwrap();
    let refused = common::http(addr, "POST", "/api/list_roles", FORM, "", Some(&cookie)).await;
    assert_eq!(refused.status, 403);
    assert!(refused.body.contains("AddressNotAllowed"), "{}", refused.body);
    let page = common::http(addr, "GET", "/admin/roles", "text/html", "", Some(&cookie)).await;
    assert_eq!(page.status, 403);
    assert!(page.body.contains("<h1>"), "{}", page.body);
    // Work that is not administration goes on.
    let report = common::http(addr, "POST", "/api/report_filters", FORM, "", Some(&cookie)).await;
    assert_eq!(report.status, 200, "{}", report.body);
    let refusals: i64 =
        sqlx::query_scalar("SELECT count(*) FROM audit_events WHERE event = 'access.address_refused'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(refusals, 2);

    sqlx::query("UPDATE security_settings SET admin_allowlist = '127.0.0.1\n::1'")
        .execute(&pool)
        .await
        .unwrap();
    let allowed = common::http(addr, "POST", "/api/list_roles", FORM, "", Some(&cookie)).await;
    assert_eq!(allowed.status, 200, "{}", allowed.body);
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn sessions_end_after_the_configured_idle_time(pool: PgPool) {
    let id = common::operator(&pool, "idle.op").await;
    let cookie = common::session_cookie(&pool, id).await;
    let token = cookie.split_once('=').unwrap().1.to_owned();
    sqlx::query("UPDATE security_settings SET session_idle_minutes = 5")
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query("UPDATE sessions SET last_seen_at = now() - interval '4 minutes'")
        .execute(&pool)
        .await
        .unwrap();
    assert!(app::domain::sessions::resolve(&pool, &token).await.is_ok());
    sqlx::query("UPDATE sessions SET last_seen_at = now() - interval '6 minutes'")
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(
        app::domain::sessions::resolve(&pool, &token).await.err(),
        Some(app::domain::sessions::SessionError::Expired)
    );
}
