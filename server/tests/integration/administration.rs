//! Account and role administration: the rules a bank's security review asks about.

use crate::common;

use app::admin::model::{AccountDraft, RoleDraft};
use app::domain::account_admin::{self, AdminError};
use app::domain::accounts::{self, SignInError};
use app::domain::roles;
use app::permission::Permission;
use sqlx::PgPool;

async fn role_id(pool: &PgPool, code: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM roles WHERE code = $1")
        .bind(code)
        .fetch_one(pool)
        .await
        .unwrap()
}

async fn admin(pool: &PgPool, login: &str) -> i64 {
    accounts::create_user(pool, login, login, common::PASSWORD, &["administrator"])
        .await
        .unwrap()
}

fn draft(login: &str, role_ids: Vec<i64>) -> AccountDraft {
    AccountDraft {
        id: None,
        login: login.into(),
        display_name: format!("{login} name"),
        time_zone: "Asia/Almaty".into(),
        role_ids,
        must_change_password: false,
    }
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn a_new_account_signs_in_with_its_one_time_password_and_must_change_it(pool: PgPool) {
    let operator = role_id(&pool, "operator").await;
    let (id, one_time, after) = account_admin::create(&pool, &draft("new.op", vec![operator]))
        .await
        .unwrap();
    assert_eq!(after.roles, ["operator"]);
    assert_eq!(common::sign_in(&pool, "new.op", &one_time).await, Ok((id, true)));
    // A weak new password is refused, and so is the wrong current one.
    assert_eq!(
        account_admin::change_own_password(&pool, id, &one_time, "short").await,
        Err(AdminError::WeakPassword)
    );
    assert_eq!(
        account_admin::change_own_password(&pool, id, "wrong", "Another-Passw0rd!").await,
        Err(AdminError::WrongPassword)
    );
    account_admin::change_own_password(&pool, id, &one_time, "Another-Passw0rd!")
        .await
        .unwrap();
    assert_eq!(
        common::sign_in(&pool, "new.op", "Another-Passw0rd!").await,
        Ok((id, false))
    );
    assert_eq!(
        common::sign_in(&pool, "new.op", &one_time).await,
        Err(SignInError::WrongCredentials)
    );
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn a_blocked_account_cannot_sign_in_and_loses_its_sessions(pool: PgPool) {
    let boss = admin(&pool, "boss").await;
    let op = common::operator(&pool, "blocked.op").await;
    let cookie = common::session_cookie(&pool, op).await;
    let token = cookie.split_once('=').unwrap().1.to_owned();
    account_admin::set_blocked(&pool, boss, op, true).await.unwrap();
    assert_eq!(
        common::sign_in(&pool, "blocked.op", common::PASSWORD).await,
        Err(SignInError::Blocked)
    );
    assert!(app::domain::sessions::resolve(&pool, &token).await.is_err());
    account_admin::set_blocked(&pool, boss, op, false).await.unwrap();
    assert_eq!(
        common::sign_in(&pool, "blocked.op", common::PASSWORD).await,
        Ok((op, false))
    );
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn unblocking_lifts_a_lockout(pool: PgPool) {
    let boss = admin(&pool, "boss").await;
    let op = common::operator(&pool, "locked.op").await;
    for _ in 0..accounts::MAX_FAILED_LOGINS {
        let _ = common::sign_in(&pool, "locked.op", "wrong").await;
    }
    assert!(matches!(
        common::sign_in(&pool, "locked.op", common::PASSWORD).await,
        Err(SignInError::LockedOut { .. })
    ));
    account_admin::set_blocked(&pool, boss, op, false).await.unwrap();
    assert_eq!(
        common::sign_in(&pool, "locked.op", common::PASSWORD).await,
        Ok((op, false))
    );
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn a_deleted_account_cannot_sign_in_and_leaves_the_list(pool: PgPool) {
    let boss = admin(&pool, "boss").await;
    let op = common::operator(&pool, "gone.op").await;
    account_admin::delete(&pool, boss, op).await.unwrap();
    assert_eq!(
        common::sign_in(&pool, "gone.op", common::PASSWORD).await,
        Err(SignInError::WrongCredentials)
    );
    let logins: Vec<String> = accounts::list_staff(&pool)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.login)
        .collect();
    assert_eq!(logins, ["boss"]);
    // Its login stays reserved: the journal and old conversations name it.
    let operator = role_id(&pool, "operator").await;
    assert_eq!(
        account_admin::create(&pool, &draft("gone.op", vec![operator]))
            .await
            .map(|_| ()),
        Err(AdminError::Duplicate)
    );
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn a_reset_gives_a_one_time_password_and_ends_sessions(pool: PgPool) {
    let boss = admin(&pool, "boss").await;
    let op = common::operator(&pool, "reset.op").await;
    let cookie = common::session_cookie(&pool, op).await;
    let (one_time, login) = account_admin::reset_password(&pool, boss, op).await.unwrap();
    assert_eq!(login, "reset.op");
    assert!(
        app::domain::sessions::resolve(&pool, cookie.split_once('=').unwrap().1)
            .await
            .is_err()
    );
    assert_eq!(
        common::sign_in(&pool, "reset.op", &one_time).await,
        Ok((op, true))
    );
    assert_eq!(
        common::sign_in(&pool, "reset.op", common::PASSWORD).await,
        Err(SignInError::WrongCredentials)
    );
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn a_custom_role_grants_exactly_its_permissions(pool: PgPool) {
    let boss = admin(&pool, "boss").await;
    let (role, before, after) = roles::save(
        &pool,
        boss,
        &RoleDraft {
            id: None,
            name: "Quality desk".into(),
            description: "Reads reports and marks quality".into(),
            permissions: vec![Permission::ReportsView, Permission::ConversationsQuality],
        },
    )
    .await
    .unwrap();
    assert!(before.is_none());
    assert_eq!(after.permissions, ["conversations.quality", "reports.view"]);
    let (user, ..) = account_admin::create(&pool, &draft("qa.desk", vec![role]))
        .await
        .unwrap();
    let mut held = accounts::permissions_of(&pool, user).await.unwrap();
    held.sort_by_key(|p| p.code());
    assert_eq!(held, [Permission::ConversationsQuality, Permission::ReportsView]);

    // Editing the role changes what its holders may do, at once.
    roles::save(
        &pool,
        boss,
        &RoleDraft {
            id: Some(role),
            name: "Quality desk".into(),
            description: String::new(),
            permissions: vec![Permission::ReportsExport],
        },
    )
    .await
    .unwrap();
    assert_eq!(
        accounts::permissions_of(&pool, user).await.unwrap(),
        [Permission::ReportsExport]
    );

    // Names are unique; built-in roles keep their permissions.
    let clash = roles::save(
        &pool,
        boss,
        &RoleDraft {
            name: "quality DESK".into(),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(clash.map(|_| ()), Err(AdminError::Duplicate));
    let operator = role_id(&pool, "operator").await;
    let built_in = roles::save(
        &pool,
        boss,
        &RoleDraft {
            id: Some(operator),
            name: "Operator".into(),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(built_in.map(|_| ()), Err(AdminError::BuiltInRole));
    assert_eq!(
        roles::delete(&pool, boss, operator).await.map(|_| ()),
        Err(AdminError::BuiltInRole)
    );

    // Deleting it takes its permissions away.
    roles::delete(&pool, boss, role).await.unwrap();
    assert!(accounts::permissions_of(&pool, user).await.unwrap().is_empty());
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn nobody_grants_themselves_a_role_or_a_permission(pool: PgPool) {
    let boss = admin(&pool, "boss").await;
    let auditor = role_id(&pool, "auditor").await;
    let administrator = role_id(&pool, "administrator").await;
    // Adding a role to one's own account.
    let mut own = draft("boss", vec![administrator, auditor]);
    own.id = Some(boss);
    own.display_name = "The boss".into();
    assert_eq!(
        account_admin::update(&pool, boss, &own).await.map(|_| ()),
        Err(AdminError::SelfGrant)
    );
    // Editing a role one holds.
    let (desk, ..) = roles::save(
        &pool,
        boss,
        &RoleDraft {
            name: "Desk".into(),
            permissions: vec![Permission::ReportsView],
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let other = admin(&pool, "other.admin").await;
    let mut boss_with_desk = draft("boss", vec![administrator, desk]);
    boss_with_desk.id = Some(boss);
    account_admin::update(&pool, other, &boss_with_desk)
        .await
        .unwrap();
    let escalate = roles::save(
        &pool,
        boss,
        &RoleDraft {
            id: Some(desk),
            name: "Desk".into(),
            permissions: vec![Permission::ReportsView, Permission::AuditView],
            ..Default::default()
        },
    )
    .await;
    assert_eq!(escalate.map(|_| ()), Err(AdminError::SelfGrant));
    assert!(!accounts::permissions_of(&pool, boss)
        .await
        .unwrap()
        .contains(&Permission::AuditView));
    // Blocking, deleting or resetting oneself.
    assert_eq!(
        account_admin::set_blocked(&pool, boss, boss, true)
            .await
            .map(|_| ()),
        Err(AdminError::SelfGrant)
    );
    assert_eq!(
        account_admin::delete(&pool, boss, boss).await.map(|_| ()),
        Err(AdminError::SelfGrant)
    );
    assert_eq!(
        account_admin::reset_password(&pool, boss, boss).await.map(|_| ()),
        Err(AdminError::SelfGrant)
    );
    // One's own name and zone are fine.
    let mut rename = draft("boss", vec![administrator, desk]);
    rename.id = Some(boss);
    rename.display_name = "The boss".into();
    account_admin::update(&pool, boss, &rename).await.unwrap();
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn whoever_manages_roles_reads_the_journal_only_when_another_grants_it(pool: PgPool) {
    let roles_admin = admin(&pool, "roles.admin").await;
    let administrator = role_id(&pool, "administrator").await;
    let auditor = role_id(&pool, "auditor").await;
    // The built-in administrator manages roles but does not read the journal.
    let held = accounts::permissions_of(&pool, roles_admin).await.unwrap();
    assert!(held.contains(&Permission::RolesManage) && !held.contains(&Permission::AuditView));
    // They cannot give it to themselves…
    let mut own = draft("roles.admin", vec![administrator, auditor]);
    own.id = Some(roles_admin);
    assert_eq!(
        account_admin::update(&pool, roles_admin, &own).await.map(|_| ()),
        Err(AdminError::SelfGrant)
    );
    // …another administrator can.
    let second = admin(&pool, "second.admin").await;
    account_admin::update(&pool, second, &own).await.unwrap();
    let held = accounts::permissions_of(&pool, roles_admin).await.unwrap();
    assert!(held.contains(&Permission::RolesManage) && held.contains(&Permission::AuditView));
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn the_last_account_manager_stays(pool: PgPool) {
    let first = admin(&pool, "first.admin").await;
    let second = admin(&pool, "second.admin").await;
    let operator = role_id(&pool, "operator").await;
    // Blocking one of two managers is fine…
    account_admin::set_blocked(&pool, second, first, true)
        .await
        .unwrap();
    // …but then the other is the last one: not blocked, demoted or deleted.
    assert_eq!(
        account_admin::set_blocked(&pool, first, second, true)
            .await
            .map(|_| ()),
        Err(AdminError::LastAdministrator)
    );
    let mut demote = draft("second.admin", vec![operator]);
    demote.id = Some(second);
    assert_eq!(
        account_admin::update(&pool, first, &demote).await.map(|_| ()),
        Err(AdminError::LastAdministrator)
    );
    assert_eq!(
        account_admin::delete(&pool, first, second).await.map(|_| ()),
        Err(AdminError::LastAdministrator)
    );
    // With the first back, the second may be demoted.
    account_admin::set_blocked(&pool, second, first, false)
        .await
        .unwrap();
    account_admin::update(&pool, first, &demote).await.unwrap();
    assert!(!accounts::permissions_of(&pool, second)
        .await
        .unwrap()
        .contains(&Permission::UsersManage));
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn groups_are_renamed_and_deleted_keeping_their_members(pool: PgPool) {
    use app::domain::routing::settings::{self, SettingsError};
    let op = common::operator(&pool, "group.op").await;
    let cards = settings::add_group(&pool, "Cards").await.unwrap();
    let loans = settings::add_group(&pool, "Loans").await.unwrap();
    sqlx::query("INSERT INTO group_members (group_id, user_id) VALUES ($1, $2)")
        .bind(cards)
        .bind(op)
        .execute(&pool)
        .await
        .unwrap();
    settings::rename_group(&pool, cards, "Cards VIP").await.unwrap();
    // A name another group has is refused.
    assert_eq!(
        settings::rename_group(&pool, cards, "Loans").await,
        Err(SettingsError::Duplicate)
    );
    let name: String = sqlx::query_scalar("SELECT name FROM operator_groups WHERE id = $1")
        .bind(cards)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(name, "Cards VIP");
    assert_eq!(
        settings::rename_group(&pool, cards, "  ").await,
        Err(SettingsError::Invalid)
    );
    settings::delete_group(&pool, cards).await.unwrap();
    assert_eq!(
        settings::delete_group(&pool, cards).await,
        Err(SettingsError::NotFound)
    );
    let members: i64 = sqlx::query_scalar("SELECT count(*) FROM group_members")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(members, 0);
    let still_there: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM users WHERE id = $1)")
        .bind(op)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(still_there);
    assert_eq!(
        settings::rename_group(&pool, loans, "Loans & deposits").await,
        Ok(())
    );
}

#[sqlx::test(migrator = "app::domain::MIGRATOR")]
async fn editing_a_role_cannot_leave_nobody_to_manage_accounts(pool: PgPool) {
    // The only account manager holds `users.manage` through a custom role; a roles
    // editor who holds another role tries to take that permission out of it.
    let managers = common::account_with(&pool, "only.manager", &[Permission::UsersManage]).await;
    let editor = common::account_with(&pool, "roles.editor", &[Permission::RolesManage]).await;
    let role: i64 = sqlx::query_scalar("SELECT role_id FROM user_roles WHERE user_id = $1")
        .bind(managers)
        .fetch_one(&pool)
        .await
        .unwrap();
    let strip = RoleDraft {
        id: Some(role),
        name: "test.only.manager".into(),
        description: String::new(),
        permissions: vec![Permission::ReportsView],
    };
    assert_eq!(
        roles::save(&pool, editor, &strip).await.map(|_| ()),
        Err(AdminError::LastAdministrator)
    );
    assert!(accounts::permissions_of(&pool, managers)
        .await
        .unwrap()
        .contains(&Permission::UsersManage));
    // With another manager active, the change goes through.
    admin(&pool, "second.manager").await;
    roles::save(&pool, editor, &strip).await.unwrap();
    assert_eq!(
        accounts::permissions_of(&pool, managers).await.unwrap(),
        [Permission::ReportsView]
    );
}
