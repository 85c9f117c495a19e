//! Sign-in, lockout, sessions and roles against a real PostgreSQL.

use crate::common;

use app::domain::accounts::{self, CreateUserError, SignInError, MAX_FAILED_LOGINS};
use app::domain::password::PolicyViolation;
use app::domain::sessions::{self, SessionError};
use app::permission::Permission;
use common::PASSWORD;
use sqlx::PgPool;

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn the_right_password_signs_in_and_a_wrong_one_does_not(pool: PgPool) {
    let id = common::operator(&pool, "aziza.k").await;
    assert_eq!(common::sign_in(&pool, "aziza.k", PASSWORD).await, Ok((id, false)));
    assert_eq!(
        common::sign_in(&pool, "AZIZA.K", PASSWORD).await,
        Ok((id, false)),
        "logins ignore case"
    );
    assert_eq!(
        common::sign_in(&pool, "aziza.k", "Test-Passw0rd?").await,
        Err(SignInError::WrongCredentials)
    );
    assert_eq!(
        common::sign_in(&pool, "nobody", PASSWORD).await,
        Err(SignInError::WrongCredentials)
    );
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn repeated_failures_lock_the_account_even_for_the_right_password(pool: PgPool) {
    common::operator(&pool, "timur.r").await;
    for _ in 1..MAX_FAILED_LOGINS {
        assert_eq!(
            common::sign_in(&pool, "timur.r", "nope").await,
            Err(SignInError::WrongCredentials)
        );
    }
    assert!(matches!(
        common::sign_in(&pool, "timur.r", "nope").await,
        Err(SignInError::LockedOut { minutes: 15 })
    ));
    assert!(matches!(
        common::sign_in(&pool, "timur.r", PASSWORD).await,
        Err(SignInError::LockedOut { .. })
    ));
    // When the lock runs out, the right password works again and the count starts over.
    sqlx::query("UPDATE users SET locked_until = now() - interval '1 second'")
        .execute(&pool)
        .await
        .unwrap();
    assert!(common::sign_in(&pool, "timur.r", PASSWORD).await.is_ok());
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn a_blocked_account_cannot_sign_in(pool: PgPool) {
    common::operator(&pool, "dana.s").await;
    sqlx::query("UPDATE users SET blocked = true")
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(
        common::sign_in(&pool, "dana.s", PASSWORD).await,
        Err(SignInError::Blocked)
    );
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn weak_passwords_duplicate_logins_and_unknown_roles_are_refused(pool: PgPool) {
    assert_eq!(
        accounts::create_user(&pool, "a", "A", "short", &["operator"]).await,
        Err(CreateUserError::Policy(PolicyViolation::TooShort))
    );
    common::operator(&pool, "same").await;
    assert_eq!(
        accounts::create_user(&pool, "SAME", "B", PASSWORD, &["operator"]).await,
        Err(CreateUserError::LoginTaken)
    );
    assert_eq!(
        accounts::create_user(&pool, "c", "C", PASSWORD, &["root"]).await,
        Err(CreateUserError::UnknownRole("root".into()))
    );
    assert!(
        !accounts::login_exists(&pool, "c").await.unwrap(),
        "nothing half-created"
    );
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn roles_grant_named_permissions(pool: PgPool) {
    let op = common::operator(&pool, "op").await;
    let sup = accounts::create_user(&pool, "sup", "Sup", PASSWORD, &["supervisor"])
        .await
        .unwrap();
    let adm = accounts::create_user(&pool, "adm", "Adm", PASSWORD, &["administrator"])
        .await
        .unwrap();
    let mut op_perms = accounts::permissions_of(&pool, op).await.unwrap();
    op_perms.sort_by_key(|p| p.code());
    assert_eq!(
        op_perms,
        vec![
            Permission::ConversationsHandle,
            Permission::CustomersMerge,
            Permission::PresenceOwn
        ]
    );
    let mut sup_perms = accounts::permissions_of(&pool, sup).await.unwrap();
    sup_perms.sort_by_key(|p| p.code());
    assert_eq!(
        sup_perms,
        vec![
            Permission::ConversationsQuality,
            Permission::ConversationsViewAll,
            Permission::ConversationsWhisper,
            Permission::CustomersMerge,
            Permission::NewsPublish,
            Permission::OperatorsEndWork,
            Permission::RepliesShared,
            Permission::ReportsExport,
            Permission::ReportsView,
            Permission::UsersView
        ]
    );
    let mut adm_perms = accounts::permissions_of(&pool, adm).await.unwrap();
    adm_perms.sort_by_key(|p| p.code());
    assert_eq!(
        adm_perms,
        vec![
            Permission::ApiManage,
            Permission::ChannelsManage,
            Permission::LicensesManage,
            Permission::NewsPublish,
            Permission::OperatorsEndWork,
            Permission::RepliesShared,
            Permission::RolesManage,
            Permission::SettingsReports,
            Permission::SettingsRouting,
            Permission::SettingsSecurity,
            Permission::SettingsTopics,
            Permission::SettingsWorkspace,
            Permission::UsersManage,
            Permission::UsersView
        ]
    );
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn sessions_resolve_until_closed_or_expired(pool: PgPool) {
    let id = common::operator(&pool, "s.user").await;
    let token = sessions::open(&pool, id, Some("127.0.0.1"), Some("test"))
        .await
        .unwrap();
    let user = sessions::resolve(&pool, &token).await.unwrap();
    assert_eq!(user.id, id);
    assert_eq!(user.time_zone, "Asia/Tashkent");
    assert_eq!(user.utc_offset_seconds, 5 * 3600);
    assert_eq!(
        sessions::resolve(&pool, "forged").await.unwrap_err(),
        SessionError::Unknown
    );

    sessions::close(&pool, &token).await.unwrap();
    assert_eq!(
        sessions::resolve(&pool, &token).await.unwrap_err(),
        SessionError::Unknown
    );

    let idle = sessions::open(&pool, id, None, None).await.unwrap();
    sqlx::query("UPDATE sessions SET last_seen_at = now() - interval '2 hours'")
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(
        sessions::resolve(&pool, &idle).await.unwrap_err(),
        SessionError::Expired
    );
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn the_session_table_keeps_only_token_hashes(pool: PgPool) {
    let id = common::operator(&pool, "h.user").await;
    let token = sessions::open(&pool, id, None, None).await.unwrap();
    let stored: Vec<u8> = sqlx::query_scalar("SELECT token_hash FROM sessions")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_ne!(stored, token.as_bytes());
    assert_eq!(stored, sessions::token_hash(&token));
}
