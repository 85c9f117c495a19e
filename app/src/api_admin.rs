//! Server functions of the API page (`api.manage`): tokens for the REST API, webhook
//! subscriptions and their delivery log. Every change is journalled; a token or secret
//! is never journalled.

pub mod model;

use crate::error::AppError;
use leptos::prelude::*;
use model::{ApiOverview, TokenForm, WebhookForm};

#[cfg(feature = "ssr")]
fn at(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[server(name = ApiOverviewFn, prefix = "/api", endpoint = "api_overview")]
pub async fn api_overview() -> Result<ApiOverview, AppError> {
    use crate::domain::{api_tokens, webhooks};
    use model::{DeliveryView, TokenView, WebhookView};
    let (_, state) = crate::auth::guard::require(crate::permission::Permission::ApiManage).await?;
    let tokens = api_tokens::list(&state.pool)
        .await
        .map_err(|_| AppError::Internal)?;
    let hooks = webhooks::list(&state.pool)
        .await
        .map_err(|_| AppError::Internal)?;
    let log = webhooks::log(&state.pool, None, 50)
        .await
        .map_err(|_| AppError::Internal)?;
    Ok(ApiOverview {
        tokens: tokens
            .into_iter()
            .map(|t| TokenView {
                id: t.id,
                name: t.name,
                prefix: t.prefix,
                scopes: t.scopes,
                allowlist: t.allowlist,
                rate_per_minute: t.rate_per_minute,
                created_by: t.created_by,
                created_at: at(t.created_at),
                last_used_at: t.last_used_at.map(at),
                last_used_ip: t.last_used_ip,
                revoked: t.revoked_at.is_some(),
            })
            .collect(),
        webhooks: hooks
            .into_iter()
            .map(|w| WebhookView {
                id: w.id,
                url: w.url,
                description: w.description,
                events: w.events,
                active: w.active,
                delivered: w.delivered,
                pending: w.pending,
                failed: w.failed,
            })
            .collect(),
        deliveries: log
            .into_iter()
            .map(|d| DeliveryView {
                id: d.id,
                webhook_id: d.webhook_id,
                event: d.event,
                status: d.status,
                attempts: d.attempts,
                response_status: d.response_status,
                last_error: d.last_error,
                created_at: at(d.created_at),
                next_attempt_at: at(d.next_attempt_at),
            })
            .collect(),
        scopes: api_tokens::SCOPES.iter().map(|s| (*s).to_owned()).collect(),
        events: webhooks::EVENTS.iter().map(|s| (*s).to_owned()).collect(),
    })
}

/// Makes a token; returns it (the only time it is shown).
#[server(name = CreateApiToken, prefix = "/api", endpoint = "create_api_token", input = leptos::server_fn::codec::Json)]
pub async fn create_api_token(form: TokenForm) -> Result<String, AppError> {
    use crate::domain::api_tokens::{self, NewToken, TokenError};
    let (user, state) = crate::auth::guard::require(crate::permission::Permission::ApiManage).await?;
    let new = NewToken {
        name: form.name.clone(),
        scopes: form.scopes.clone(),
        allowlist: form.allowlist.clone(),
        rate_per_minute: form.rate_per_minute,
    };
    let (id, token) = api_tokens::create(&state.pool, &new, Some(user.id))
        .await
        .map_err(|e| match e {
            TokenError::BadName => AppError::ApiField { field: "name".into() },
            TokenError::BadScopes => AppError::ApiField {
                field: "scopes".into(),
            },
            TokenError::AllowlistLine(line) => AppError::AllowlistLine { line },
            TokenError::BadRate => AppError::ApiField { field: "rate".into() },
            TokenError::Database => AppError::Internal,
        })?;
    let details = serde_json::json!({
        "name": form.name.trim(), "scopes": form.scopes, "allowlist": form.allowlist.trim(),
        "rate_per_minute": form.rate_per_minute, "prefix": &token[..10],
    });
    crate::auth::guard::audit(&state, &user, "api_token.created", &id.to_string(), &details).await;
    Ok(token)
}

#[server(name = RevokeApiToken, prefix = "/api", endpoint = "revoke_api_token")]
pub async fn revoke_api_token(id: i64) -> Result<(), AppError> {
    let (user, state) = crate::auth::guard::require(crate::permission::Permission::ApiManage).await?;
    if !crate::domain::api_tokens::revoke(&state.pool, id)
        .await
        .map_err(|_| AppError::Internal)?
    {
        return Err(AppError::NotFound);
    }
    crate::auth::guard::audit(
        &state,
        &user,
        "api_token.revoked",
        &id.to_string(),
        &serde_json::json!({}),
    )
    .await;
    Ok(())
}

#[cfg(feature = "ssr")]
fn webhook_error(e: crate::domain::webhooks::WebhookError) -> AppError {
    use crate::domain::webhooks::WebhookError;
    match e {
        WebhookError::BadUrl => AppError::ApiField { field: "url".into() },
        WebhookError::BadEvents => AppError::ApiField {
            field: "events".into(),
        },
        WebhookError::BadDescription => AppError::ApiField {
            field: "description".into(),
        },
        WebhookError::NotFound => AppError::NotFound,
        WebhookError::Database => AppError::Internal,
    }
}

/// Subscribes a URL; returns the signing secret (the only time it is shown).
#[server(name = CreateWebhook, prefix = "/api", endpoint = "create_webhook", input = leptos::server_fn::codec::Json)]
pub async fn create_webhook(form: WebhookForm) -> Result<String, AppError> {
    let (user, state) = crate::auth::guard::require(crate::permission::Permission::ApiManage).await?;
    let (id, secret) = crate::domain::webhooks::create(
        &state.pool,
        &state.secrets,
        &form.url,
        &form.events,
        &form.description,
        Some(user.id),
    )
    .await
    .map_err(webhook_error)?;
    let details = serde_json::json!({ "url": form.url.trim(), "events": form.events, "description": form.description.trim() });
    crate::auth::guard::audit(&state, &user, "webhook.created", &id.to_string(), &details).await;
    Ok(secret)
}

#[server(name = SetWebhookActive, prefix = "/api", endpoint = "set_webhook_active")]
pub async fn set_webhook_active(id: i64, active: bool) -> Result<(), AppError> {
    let (user, state) = crate::auth::guard::require(crate::permission::Permission::ApiManage).await?;
    crate::domain::webhooks::set_active(&state.pool, id, active)
        .await
        .map_err(webhook_error)?;
    let event = if active {
        "webhook.resumed"
    } else {
        "webhook.paused"
    };
    crate::auth::guard::audit(&state, &user, event, &id.to_string(), &serde_json::json!({})).await;
    Ok(())
}

#[server(name = DeleteWebhook, prefix = "/api", endpoint = "delete_webhook")]
pub async fn delete_webhook(id: i64) -> Result<(), AppError> {
    let (user, state) = crate::auth::guard::require(crate::permission::Permission::ApiManage).await?;
    crate::domain::webhooks::delete(&state.pool, id)
        .await
        .map_err(webhook_error)?;
    crate::auth::guard::audit(
        &state,
        &user,
        "webhook.deleted",
        &id.to_string(),
        &serde_json::json!({}),
    )
    .await;
    Ok(())
}

#[server(name = RedeliverWebhook, prefix = "/api", endpoint = "redeliver_webhook")]
pub async fn redeliver_webhook(delivery_id: i64) -> Result<(), AppError> {
    let (user, state) = crate::auth::guard::require(crate::permission::Permission::ApiManage).await?;
    crate::domain::webhooks::redeliver(&state.pool, delivery_id)
        .await
        .map_err(webhook_error)?;
    crate::auth::guard::audit(
        &state,
        &user,
        "webhook.redelivered",
        &delivery_id.to_string(),
        &serde_json::json!({}),
    )
    .await;
    Ok(())
}
