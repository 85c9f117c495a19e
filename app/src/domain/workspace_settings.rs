//! The workspace's settings: waiting-indicator thresholds (one row) and each
//! channel's inactivity auto-close.

use crate::workspace::model::{ChannelInactivity, WaitingThresholds, WorkspaceSettingsView};
use sqlx::PgPool;

#[derive(Debug, PartialEq, Eq)]
pub enum SettingsError {
    Invalid,
    NotFound,
    Database,
}

impl From<sqlx::Error> for SettingsError {
    fn from(err: sqlx::Error) -> Self {
        tracing::error!(error = %err, "workspace settings query failed");
        SettingsError::Database
    }
}

pub async fn thresholds(pool: &PgPool) -> Result<WaitingThresholds, sqlx::Error> {
    sqlx::query_as(
        "SELECT customer_warn_seconds, customer_alert_seconds, operator_warn_seconds, operator_alert_seconds
         FROM workspace_settings",
    )
    .fetch_one(pool)
    .await
}

pub async fn save_thresholds(pool: &PgPool, t: &WaitingThresholds) -> Result<(), SettingsError> {
    if !t.is_valid() {
        return Err(SettingsError::Invalid);
    }
    sqlx::query(
        "UPDATE workspace_settings SET customer_warn_seconds = $1, customer_alert_seconds = $2,
             operator_warn_seconds = $3, operator_alert_seconds = $4",
    )
    .bind(t.customer_warn_seconds)
    .bind(t.customer_alert_seconds)
    .bind(t.operator_warn_seconds)
    .bind(t.operator_alert_seconds)
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn channels(pool: &PgPool) -> Result<Vec<ChannelInactivity>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, name, inactivity_close_minutes AS close_minutes,
                inactivity_warning_minutes AS warning_minutes, inactivity_warning_text AS warning_text
         FROM channels ORDER BY name, id",
    )
    .fetch_all(pool)
    .await
}

pub async fn save_channel(pool: &PgPool, c: &ChannelInactivity) -> Result<(), SettingsError> {
    let mut c = c.clone();
    c.warning_text = c
        .warning_text
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty());
    if !c.is_valid() {
        return Err(SettingsError::Invalid);
    }
    let updated = sqlx::query(
        "UPDATE channels SET inactivity_close_minutes = $2, inactivity_warning_minutes = $3,
             inactivity_warning_text = $4
         WHERE id = $1",
    )
    .bind(c.id)
    .bind(c.close_minutes)
    .bind(c.warning_minutes)
    .bind(&c.warning_text)
    .execute(pool)
    .await?
    .rows_affected();
    if updated == 1 {
        Ok(())
    } else {
        Err(SettingsError::NotFound)
    }
}

pub async fn view(pool: &PgPool) -> Result<WorkspaceSettingsView, sqlx::Error> {
    Ok(WorkspaceSettingsView {
        thresholds: thresholds(pool).await?,
        channels: channels(pool).await?,
    })
}
