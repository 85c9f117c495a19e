//! Staff accounts: creation, sign-in with lockout, permissions.

use super::password;
use crate::admin::model::{RoleRef, StaffRow};
use crate::permission::Permission;
use chrono::{DateTime, Utc};
use sqlx::PgPool;

/// Failed sign-ins in a row that lock an account, by default (security settings).
pub const MAX_FAILED_LOGINS: i32 = 5;

#[derive(Debug, PartialEq, Eq)]
pub enum SignInError {
    WrongCredentials,
    LockedOut { minutes: i64 },
    Blocked,
}

#[derive(Debug, PartialEq, Eq)]
pub enum CreateUserError {
    Policy(password::PolicyViolation),
    LoginTaken,
    UnknownRole(String),
}

#[derive(sqlx::FromRow)]
struct Credentials {
    id: i64,
    password_hash: String,
    blocked: bool,
    locked_until: Option<DateTime<Utc>>,
    must_change_password: bool,
    deleted: bool,
    password_expired: bool,
    totp: bool,
}

/// A login and password that matched.
#[derive(Debug, PartialEq, Eq)]
pub struct SignedIn {
    pub id: i64,
    /// A new password must be chosen first (new account, reset, or expired).
    pub must_change_password: bool,
    /// The account has a second factor: a code is needed before the session opens.
    pub totp: bool,
}

/// Checks a login and password; counts failures and locks the account after the
/// security settings' number of them. An unknown login costs the same hashing time as a
/// known one. Failures are reset only by [`succeeded`], once every factor has passed.
pub async fn sign_in(pool: &PgPool, login: &str, pass: &str) -> Result<SignedIn, SignInError> {
    let found: Option<Credentials> = sqlx::query_as(
        "SELECT u.id, u.password_hash, u.blocked, u.locked_until, u.must_change_password,
                u.deleted_at IS NOT NULL AS deleted,
                coalesce(u.password_changed_at < now() - make_interval(days => s.password_max_age_days), false)
                    AS password_expired,
                u.totp_secret IS NOT NULL AS totp
         FROM users u, security_settings s WHERE lower(u.login) = lower($1)",
    )
    .bind(login.trim())
    .fetch_optional(pool)
    .await
    .map_err(|_| SignInError::WrongCredentials)?;

    let Some(user) = found.filter(|u| !u.deleted) else {
        // Spend the time a real check would, so timing doesn't reveal which logins exist.
        let _ = password::verify(pass, &DUMMY_HASH);
        return Err(SignInError::WrongCredentials);
    };
    let now = Utc::now();
    if let Some(until) = user.locked_until.filter(|until| *until > now) {
        return Err(SignInError::LockedOut {
            minutes: (until - now).num_minutes() + 1,
        });
    }
    if !password::verify(pass, &user.password_hash) {
        return Err(failed(pool, user.id).await);
    }
    if user.blocked {
        return Err(SignInError::Blocked);
    }
    Ok(SignedIn {
        id: user.id,
        must_change_password: user.must_change_password || user.password_expired,
        totp: user.totp,
    })
}

/// Counts a failed attempt (a wrong password or second-factor code); the one that
/// reaches the limit locks the account. Returns what to tell the user.
pub async fn failed(pool: &PgPool, user_id: i64) -> SignInError {
    let locked: Result<Option<i32>, sqlx::Error> = sqlx::query_scalar(
        "UPDATE users u SET
             failed_logins = CASE WHEN u.failed_logins + 1 >= s.lockout_attempts THEN 0 ELSE u.failed_logins + 1 END,
             locked_until = CASE WHEN u.failed_logins + 1 >= s.lockout_attempts
                                 THEN now() + make_interval(mins => s.lockout_minutes) END
         FROM security_settings s WHERE u.id = $1
         RETURNING CASE WHEN u.locked_until IS NOT NULL THEN s.lockout_minutes END",
    )
    .bind(user_id)
    .fetch_optional(pool)
    .await
    .map(Option::flatten);
    match locked {
        Ok(Some(minutes)) => SignInError::LockedOut {
            minutes: minutes.into(),
        },
        _ => SignInError::WrongCredentials,
    }
}

/// Every factor passed: the count of failures starts again.
pub async fn succeeded(pool: &PgPool, user_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1")
        .bind(user_id)
        .execute(pool)
        .await?;
    Ok(())
}

/// A real argon2id hash of a random password, so that unknown logins cost the same time.
static DUMMY_HASH: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| password::hash(&password::generate()));

/// Creates a staff account with the given built-in or custom role codes.
pub async fn create_user(
    pool: &PgPool,
    login: &str,
    display_name: &str,
    pass: &str,
    role_codes: &[&str],
) -> Result<i64, CreateUserError> {
    password::check_policy(pass).map_err(CreateUserError::Policy)?;
    let mut tx = pool.begin().await.map_err(|_| CreateUserError::LoginTaken)?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO users (login, display_name, password_hash) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(login.trim())
    .bind(display_name.trim())
    .bind(password::hash(pass))
    .fetch_optional(&mut *tx)
    .await
    .ok()
    .flatten()
    .ok_or(CreateUserError::LoginTaken)?;
    for code in role_codes {
        let added =
            sqlx::query("INSERT INTO user_roles (user_id, role_id) SELECT $1, id FROM roles WHERE code = $2")
                .bind(id)
                .bind(code)
                .execute(&mut *tx)
                .await
                .map(|r| r.rows_affected())
                .unwrap_or(0);
        if added == 0 {
            return Err(CreateUserError::UnknownRole((*code).to_owned()));
        }
    }
    tx.commit().await.map_err(|_| CreateUserError::LoginTaken)?;
    Ok(id)
}

pub async fn login_exists(pool: &PgPool, login: &str) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM users WHERE lower(login) = lower($1))")
        .bind(login)
        .fetch_one(pool)
        .await
}

/// The union of the permissions of the user's roles.
pub async fn permissions_of(pool: &PgPool, user_id: i64) -> Result<Vec<Permission>, sqlx::Error> {
    let codes: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT rp.permission FROM user_roles ur
         JOIN role_permissions rp ON rp.role_id = ur.role_id WHERE ur.user_id = $1",
    )
    .bind(user_id)
    .fetch_all(pool)
    .await?;
    Ok(codes.iter().filter_map(|c| Permission::from_code(c)).collect())
}

/// Every staff account (not deleted) with its roles, by login.
pub async fn list_staff(pool: &PgPool) -> Result<Vec<StaffRow>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        login: String,
        display_name: String,
        time_zone: String,
        blocked: bool,
        locked: bool,
        must_change_password: bool,
        two_factor: bool,
        role_ids: Vec<i64>,
        role_codes: Vec<String>,
        role_names: Vec<String>,
        role_built_in: Vec<bool>,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT u.id, u.login, u.display_name, u.time_zone, u.blocked,
                coalesce(u.locked_until > now(), false) AS locked, u.must_change_password,
                u.totp_secret IS NOT NULL AS two_factor,
                coalesce(array_agg(r.id ORDER BY r.code) FILTER (WHERE r.id IS NOT NULL), '{}') AS role_ids,
                coalesce(array_agg(r.code ORDER BY r.code) FILTER (WHERE r.id IS NOT NULL), '{}') AS role_codes,
                coalesce(array_agg(r.name ORDER BY r.code) FILTER (WHERE r.id IS NOT NULL), '{}') AS role_names,
                coalesce(array_agg(r.built_in ORDER BY r.code) FILTER (WHERE r.id IS NOT NULL), '{}') AS role_built_in
         FROM users u
         LEFT JOIN user_roles ur ON ur.user_id = u.id
         LEFT JOIN roles r ON r.id = ur.role_id
         WHERE u.deleted_at IS NULL
         GROUP BY u.id ORDER BY lower(u.login)",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| StaffRow {
            id: r.id,
            login: r.login,
            display_name: r.display_name,
            time_zone: r.time_zone,
            roles: r
                .role_ids
                .into_iter()
                .zip(r.role_codes)
                .zip(r.role_names)
                .zip(r.role_built_in)
                .map(|(((id, code), name), built_in)| RoleRef {
                    id,
                    code,
                    name,
                    built_in,
                })
                .collect(),
            blocked: r.blocked,
            locked: r.locked,
            must_change_password: r.must_change_password,
            two_factor: r.two_factor,
        })
        .collect())
}
