//! What administrators set for routing: weights and timers, customer segments,
//! attribute rules, each channel's weight, group, auto-reply and wait notices, and
//! each operator's languages, capacity and groups. Values are checked here (and again
//! by the tables' CHECKs); nothing partial is saved.

use super::priority::reprioritize;
use crate::domain::presence;
use crate::model::{
    ChannelRouting, OperatorGroup, OperatorSkills, PriorityRule, RoutingConfig, RoutingWeights, Segment,
    LANGUAGE_SKILLS,
};
use sqlx::PgPool;

#[derive(Debug, PartialEq, Eq)]
pub enum SettingsError {
    /// A value is missing or out of its range.
    Invalid,
    /// A record with this code (or attribute and value) exists already.
    Duplicate,
    NotFound,
    Database,
}

impl From<sqlx::Error> for SettingsError {
    fn from(err: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db) = &err {
            if db.is_unique_violation() {
                return SettingsError::Duplicate;
            }
            if db.is_check_violation() || db.is_foreign_key_violation() {
                return SettingsError::Invalid;
            }
        }
        tracing::error!(error = %err, "routing settings query failed");
        SettingsError::Database
    }
}

impl From<presence::PresenceError> for SettingsError {
    fn from(err: presence::PresenceError) -> Self {
        match err {
            presence::PresenceError::UnknownState => SettingsError::NotFound,
            presence::PresenceError::Database => SettingsError::Database,
        }
    }
}

const WEIGHT: std::ops::RangeInclusive<i32> = -100_000..=100_000;

/// Checks the weights and timers against their ranges.
pub fn check_weights(w: &RoutingWeights) -> Result<(), SettingsError> {
    let ok = (1..=10_000).contains(&w.wait_weight)
        && (0..=86_400).contains(&w.overflow_seconds)
        && (10..=86_400).contains(&w.answer_timeout_seconds)
        && (0..=100_000).contains(&w.reassign_boost);
    ok.then_some(()).ok_or(SettingsError::Invalid)
}

/// A code: 1–40 lowercase letters, digits or underscores.
pub fn valid_code(code: &str) -> bool {
    (1..=40).contains(&code.len())
        && code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn valid_name(name: &str, max: usize) -> bool {
    let n = name.trim().chars().count();
    (1..=max).contains(&n)
}

/// Checks a channel's routing: weight in range, auto-reply 1–2000 characters, wait
/// notices at least a minute apart.
pub fn check_channel(c: &ChannelRouting) -> Result<(), SettingsError> {
    let reply_ok = c.auto_reply.as_deref().is_none_or(|r| valid_name(r, 2000));
    let notice_ok = c.wait_notice_seconds.is_none_or(|s| (60..=86_400).contains(&s));
    (WEIGHT.contains(&c.weight) && reply_ok && notice_ok)
        .then_some(())
        .ok_or(SettingsError::Invalid)
}

/// Checks an operator's skills: known languages, capacity 0–50.
pub fn check_skills(languages: &[String], capacity: i32) -> Result<(), SettingsError> {
    let known = languages.iter().all(|l| LANGUAGE_SKILLS.contains(&l.as_str()));
    (known && (0..=50).contains(&capacity))
        .then_some(())
        .ok_or(SettingsError::Invalid)
}

/// Everything the settings page shows.
pub async fn load(pool: &PgPool) -> Result<RoutingConfig, SettingsError> {
    let weights: RoutingWeights = sqlx::query_as(
        "SELECT wait_weight, overflow_seconds, answer_timeout_seconds, reassign_boost FROM routing_settings",
    )
    .fetch_one(pool)
    .await?;
    let segments: Vec<Segment> = sqlx::query_as(
        "SELECT id, code, name, built_in, weight FROM customer_segments ORDER BY built_in DESC, weight DESC, code",
    )
    .fetch_all(pool)
    .await?;
    let rules: Vec<PriorityRule> =
        sqlx::query_as("SELECT id, attribute, value, weight FROM priority_rules ORDER BY attribute, value")
            .fetch_all(pool)
            .await?;
    let channels: Vec<ChannelRouting> = sqlx::query_as(
        "SELECT id, name, weight, group_id, auto_reply, wait_notice_seconds FROM channels WHERE active ORDER BY name",
    )
    .fetch_all(pool)
    .await?;
    let groups: Vec<OperatorGroup> = sqlx::query_as("SELECT id, name FROM operator_groups ORDER BY name")
        .fetch_all(pool)
        .await?;
    let operators: Vec<OperatorSkills> = sqlx::query_as(
        "SELECT u.id, u.login, u.display_name, u.languages, u.capacity,
                ARRAY(SELECT gm.group_id FROM group_members gm WHERE gm.user_id = u.id ORDER BY 1) AS groups
         FROM users u
         WHERE NOT u.blocked
           AND EXISTS (SELECT 1 FROM user_roles ur JOIN role_permissions rp ON rp.role_id = ur.role_id
                       WHERE ur.user_id = u.id AND rp.permission = 'conversations.handle')
         ORDER BY u.display_name, u.id",
    )
    .fetch_all(pool)
    .await?;
    Ok(RoutingConfig {
        weights,
        segments,
        rules,
        channels,
        groups,
        operators,
        states: presence::states(pool).await?,
    })
}

/// One row changed (else `NotFound`): the waiting conversations take the new weights.
async fn reordered(pool: &PgPool, rows_affected: u64) -> Result<(), SettingsError> {
    if rows_affected != 1 {
        return Err(SettingsError::NotFound);
    }
    reprioritize(pool).await?;
    Ok(())
}

pub async fn save_weights(pool: &PgPool, w: &RoutingWeights) -> Result<(), SettingsError> {
    check_weights(w)?;
    sqlx::query(
        "UPDATE routing_settings SET wait_weight = $1, overflow_seconds = $2, answer_timeout_seconds = $3,
             reassign_boost = $4",
    )
    .bind(w.wait_weight)
    .bind(w.overflow_seconds)
    .bind(w.answer_timeout_seconds)
    .bind(w.reassign_boost)
    .execute(pool)
    .await?;
    reprioritize(pool).await?;
    Ok(())
}

/// Sets a segment's weight; with `id` 0 creates a custom segment.
pub async fn save_segment(pool: &PgPool, segment: &Segment) -> Result<i64, SettingsError> {
    if !WEIGHT.contains(&segment.weight) {
        return Err(SettingsError::Invalid);
    }
    if segment.id == 0 {
        if !valid_code(&segment.code) || !valid_name(&segment.name, 100) {
            return Err(SettingsError::Invalid);
        }
        return Ok(sqlx::query_scalar(
            "INSERT INTO customer_segments (code, name, weight) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(&segment.code)
        .bind(segment.name.trim())
        .bind(segment.weight)
        .fetch_one(pool)
        .await?);
    }
    let updated = sqlx::query("UPDATE customer_segments SET weight = $2 WHERE id = $1")
        .bind(segment.id)
        .bind(segment.weight)
        .execute(pool)
        .await?
        .rows_affected();
    reordered(pool, updated).await?;
    Ok(segment.id)
}

/// Adds a rule, or sets the weight of the rule for the same attribute and value.
pub async fn save_rule(
    pool: &PgPool,
    attribute: &str,
    value: &str,
    weight: i32,
) -> Result<i64, SettingsError> {
    if !valid_code(attribute) || !valid_name(value, 200) || !WEIGHT.contains(&weight) {
        return Err(SettingsError::Invalid);
    }
    let id = sqlx::query_scalar(
        "INSERT INTO priority_rules (attribute, value, weight) VALUES ($1, $2, $3)
         ON CONFLICT (attribute, value) DO UPDATE SET weight = EXCLUDED.weight RETURNING id",
    )
    .bind(attribute)
    .bind(value.trim())
    .bind(weight)
    .fetch_one(pool)
    .await?;
    reprioritize(pool).await?;
    Ok(id)
}

pub async fn delete_rule(pool: &PgPool, id: i64) -> Result<(), SettingsError> {
    let deleted = sqlx::query("DELETE FROM priority_rules WHERE id = $1")
        .bind(id)
        .execute(pool)
        .await?
        .rows_affected();
    reordered(pool, deleted).await
}

pub async fn save_channel(pool: &PgPool, c: &ChannelRouting) -> Result<(), SettingsError> {
    check_channel(c)?;
    let updated = sqlx::query(
        "UPDATE channels SET weight = $2, group_id = $3, auto_reply = $4, wait_notice_seconds = $5 WHERE id = $1",
    )
    .bind(c.id)
    .bind(c.weight)
    .bind(c.group_id)
    .bind(c.auto_reply.as_deref().map(str::trim))
    .bind(c.wait_notice_seconds)
    .execute(pool)
    .await?
    .rows_affected();
    reordered(pool, updated).await
}

pub async fn add_group(pool: &PgPool, name: &str) -> Result<i64, SettingsError> {
    if !valid_name(name, 100) {
        return Err(SettingsError::Invalid);
    }
    Ok(
        sqlx::query_scalar("INSERT INTO operator_groups (name) VALUES ($1) RETURNING id")
            .bind(name.trim())
            .fetch_one(pool)
            .await?,
    )
}

/// Renames a group (names are unique).
pub async fn rename_group(pool: &PgPool, id: i64, name: &str) -> Result<(), SettingsError> {
    if !valid_name(name, 100) {
        return Err(SettingsError::Invalid);
    }
    let renamed = sqlx::query("UPDATE operator_groups SET name = $2 WHERE id = $1")
        .bind(id)
        .bind(name.trim())
        .execute(pool)
        .await?
        .rows_affected();
    if renamed == 1 {
        Ok(())
    } else {
        Err(SettingsError::NotFound)
    }
}

/// Deletes a group: its members stay, channels and rules routed to it route to anyone,
/// news addressed only to it stays with those who read it.
pub async fn delete_group(pool: &PgPool, id: i64) -> Result<(), SettingsError> {
    let deleted = sqlx::query("DELETE FROM operator_groups WHERE id = $1")
        .bind(id)
        .execute(pool)
        .await?
        .rows_affected();
    reordered(pool, deleted).await
}

/// Sets an operator's language skills and capacity.
pub async fn set_skills(
    pool: &PgPool,
    user_id: i64,
    languages: &[String],
    capacity: i32,
) -> Result<(), SettingsError> {
    write_skills(pool, user_id, languages, capacity).await
}

/// Sets an operator's languages, capacity and groups in one transaction.
pub async fn save_operator(pool: &PgPool, skills: &OperatorSkills) -> Result<(), SettingsError> {
    let mut tx = pool.begin().await?;
    write_skills(&mut *tx, skills.id, &skills.languages, skills.capacity).await?;
    sqlx::query("DELETE FROM group_members WHERE user_id = $1")
        .bind(skills.id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO group_members (group_id, user_id) SELECT g, $2 FROM unnest($1::bigint[]) AS g")
        .bind(&skills.groups)
        .bind(skills.id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Checks and writes an operator's languages and capacity.
async fn write_skills<'c, E: sqlx::PgExecutor<'c>>(
    db: E,
    user_id: i64,
    languages: &[String],
    capacity: i32,
) -> Result<(), SettingsError> {
    check_skills(languages, capacity)?;
    let updated = sqlx::query("UPDATE users SET languages = $2, capacity = $3 WHERE id = $1")
        .bind(user_id)
        .bind(languages)
        .bind(capacity)
        .execute(db)
        .await?
        .rows_affected();
    (updated == 1).then_some(()).ok_or(SettingsError::NotFound)
}

/// Creates or updates a custom operator state (built-in ones are left alone).
pub async fn save_state(
    pool: &PgPool,
    code: &str,
    name: &str,
    receives_chats: bool,
    recommended_minutes: Option<i32>,
) -> Result<(), SettingsError> {
    let minutes_ok = recommended_minutes.is_none_or(|m| (0..=1440).contains(&m));
    if !valid_code(code) || !valid_name(name, 100) || !minutes_ok {
        return Err(SettingsError::Invalid);
    }
    Ok(presence::save_custom_state(pool, code, name.trim(), receives_chats, recommended_minutes).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn weights() -> RoutingWeights {
        RoutingWeights {
            wait_weight: 10,
            overflow_seconds: 120,
            answer_timeout_seconds: 180,
            reassign_boost: 100,
        }
    }

    #[test]
    fn weights_out_of_range_are_refused() {
        assert_eq!(check_weights(&weights()), Ok(()));
        let mut w = weights();
        w.wait_weight = -1;
        assert_eq!(check_weights(&w), Err(SettingsError::Invalid));
        let mut w = weights();
        w.answer_timeout_seconds = 5;
        assert_eq!(check_weights(&w), Err(SettingsError::Invalid));
    }

    #[test]
    fn wait_notices_come_at_most_once_a_minute() {
        let mut c = ChannelRouting {
            id: 1,
            name: "Site".into(),
            weight: 0,
            group_id: None,
            auto_reply: None,
            wait_notice_seconds: Some(60),
        };
        assert_eq!(check_channel(&c), Ok(()));
        c.wait_notice_seconds = Some(59);
        assert_eq!(check_channel(&c), Err(SettingsError::Invalid));
        c.wait_notice_seconds = None;
        c.auto_reply = Some("   ".into());
        assert_eq!(check_channel(&c), Err(SettingsError::Invalid));
    }

    #[test]
    fn codes_and_skills_are_checked() {
        assert!(valid_code("vip_2"));
        assert!(!valid_code("VIP"));
        assert!(!valid_code(""));
        assert!(!valid_code("a b"));
        assert_eq!(check_skills(&["ru".into(), "uz".into()], 3), Ok(()));
        assert_eq!(check_skills(&["de".into()], 3), Err(SettingsError::Invalid));
        assert_eq!(check_skills(&["ru".into()], 51), Err(SettingsError::Invalid));
    }
}
