//! `POST /files/upload` (staff, session cookie) and `POST /files/widget` (the
//! customer, by channel key and visitor token, as on the widget's socket).
//!
//! The form's text fields come first, the file last, so who writes where is known
//! before the file is read. The file is written to a temporary name while it
//! arrives; past the limit reading stops and 413 is answered. Only a file whose own
//! bytes make it an allowed type is kept (under a random name) and becomes a message,
//! published on the bus like any other.

use super::{auth_error, file_error, refuse};
use app::auth::guard::{token_from_headers, user_from_token};
use app::domain::bus::BusEvent;
use app::domain::files::attachments::{self, StoredFile};
use app::domain::files::storage::{FileStore, Received};
use app::domain::files::{name, settings, sniff, FileError};
use app::domain::state::AppState;
use app::domain::{channels, conversations};
use app::error::AppError;
use app::permission::Permission;
use axum::extract::{Multipart, State};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use http::{HeaderMap, StatusCode};
use std::collections::HashMap;

/// Room for the form's other fields and the multipart framing.
const FORM_OVERHEAD: u64 = 64 * 1024;
/// After the limit is passed, how much more is read (and thrown away) so the
/// browser gets to see the 413 instead of a cut connection.
const DRAIN_AFTER_LIMIT: u64 = 4 * 1024 * 1024;

/// An operator's file, into an active conversation assigned to them.
pub async fn staff(
    State(state): State<AppState>,
    Extension(store): Extension<FileStore>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    if !same_origin(&headers) {
        return refuse(StatusCode::FORBIDDEN, AppError::Forbidden);
    }
    let user = match user_from_token(&state, token_from_headers(&headers)).await {
        Ok(user) => user,
        Err(err) => return auth_error(err),
    };
    if !user.can(Permission::ConversationsHandle) {
        return auth_error(AppError::Forbidden);
    }
    let (fields, file) = match receive(&state, &store, &headers, multipart).await {
        Ok(received) => received,
        Err(response) => return response,
    };
    let Some(conversation_id) = fields.get("conversation_id").and_then(|v| v.parse::<i64>().ok()) else {
        store.remove(&file.storage_key).await;
        return refuse(StatusCode::BAD_REQUEST, AppError::Invalid);
    };
    let client_id = fields.get("client_id").map(String::as_str).unwrap_or_default();
    let caption = fields.get("body").map(String::as_str).unwrap_or_default();
    match attachments::operator_sends(&state.pool, conversation_id, user.id, client_id, caption, &file).await
    {
        Ok((message, new)) => {
            if new {
                if let Ok((customer_id, _)) =
                    conversations::announce(&state.pool, &state.bus, conversation_id).await
                {
                    state.bus.publish(BusEvent::Message {
                        customer_id,
                        operator_id: Some(user.id),
                        message: message.clone(),
                    });
                }
            } else {
                store.remove(&file.storage_key).await;
            }
            Json(message).into_response()
        }
        Err(err) => {
            store.remove(&file.storage_key).await;
            file_error(err)
        }
    }
}

/// The customer's file: into their open conversation, or opening one as a first
/// message does.
pub async fn customer(
    State(state): State<AppState>,
    Extension(store): Extension<FileStore>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let (fields, file) = match receive(&state, &store, &headers, multipart).await {
        Ok(received) => received,
        Err(response) => return response,
    };
    let field = |name: &str| fields.get(name).map(String::as_str).unwrap_or_default();
    let refused = |store: FileStore, key: String, response: Response| async move {
        store.remove(&key).await;
        response
    };
    let channel = match channels::find_by_key(&state.pool, field("channel")).await {
        Ok(Some(channel)) => channel,
        Ok(None) => return refused(store, file.storage_key, auth_error(AppError::Forbidden)).await,
        Err(_) => return refused(store, file.storage_key, file_error(FileError::Database)).await,
    };
    // The same identity as the socket: the widget's visitor token (with the bank's
    // signature if it gives one), or on a mobile channel the signed bank id only.
    let language = app::channels::model::customer_language(field("lang"));
    let who = crate::sockets::widget::Identity {
        visitor: field("visitor"),
        identifier: field("identifier"),
        identifier_hash: field("identifier_hash"),
    };
    let customer = match crate::sockets::widget::identify(&state, &channel, &who, language).await {
        Ok(customer) => customer,
        Err(protocol::widget::WidgetProblem::Unavailable) => {
            return refused(store, file.storage_key, file_error(FileError::Database)).await
        }
        Err(_) => return refused(store, file.storage_key, auth_error(AppError::Forbidden)).await,
    };
    let sent = attachments::customer_sends(
        &state.pool,
        customer.id,
        channel.id,
        language,
        field("client_id"),
        field("body"),
        &file,
    )
    .await;
    match sent {
        Ok((message, new, opened)) => {
            if !new {
                store.remove(&file.storage_key).await;
                return Json(message).into_response();
            }
            app::domain::channels::inbound::announce(&state.pool, &state.bus, customer.id, &message, opened)
                .await;
            Json(message).into_response()
        }
        Err(err) => refused(store, file.storage_key, file_error(err)).await,
    }
}

/// Reads the form: its text fields, then the file, which is measured, recognised
/// and kept under a random name. Any refusal is already an HTTP answer.
async fn receive(
    state: &AppState,
    store: &FileStore,
    headers: &HeaderMap,
    mut multipart: Multipart,
) -> Result<(HashMap<String, String>, StoredFile), Response> {
    let limits = settings::load(&state.pool).await.map_err(file_error)?;
    let too_large = || {
        file_error(FileError::TooLarge {
            max_kb: limits.max_kb,
        })
    };
    // A declared size far past the limit is refused before anything is read.
    let declared = headers
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|len| len > limits.max_bytes() + FORM_OVERHEAD + DRAIN_AFTER_LIMIT) {
        return Err(too_large());
    }
    let mut fields = HashMap::new();
    let bad_form = || refuse(StatusCode::BAD_REQUEST, AppError::Invalid);
    loop {
        let Some(mut field) = multipart.next_field().await.map_err(|_| bad_form())? else {
            return Err(bad_form());
        };
        let field_name = field.name().unwrap_or_default().to_owned();
        if field_name != "file" {
            if fields.len() >= 8 {
                return Err(bad_form());
            }
            let mut value = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(|_| bad_form())? {
                value.extend_from_slice(&chunk);
                if value.len() > 48 * 1024 {
                    return Err(bad_form());
                }
            }
            fields.insert(field_name, String::from_utf8(value).map_err(|_| bad_form())?);
            continue;
        }
        let claimed_name = field.file_name().unwrap_or_default().to_owned();
        let mut incoming = store.receive(limits.max_bytes()).await.map_err(file_error)?;
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    if let Err(err) = incoming.write(&chunk).await {
                        incoming.abandon().await;
                        if matches!(err, FileError::TooLarge { .. }) {
                            drain(field).await;
                        }
                        return Err(file_error(err));
                    }
                }
                Ok(None) => break,
                Err(_) => {
                    incoming.abandon().await;
                    return Err(bad_form());
                }
            }
        }
        let received = incoming.finish().await.map_err(file_error)?;
        if received.size == 0 {
            received.discard().await;
            return Err(bad_form());
        }
        let kind = recognise(&received).await;
        let Some(kind) = kind.filter(|k| limits.allows(*k)) else {
            received.discard().await;
            return Err(file_error(FileError::TypeNotAllowed));
        };
        let storage_key = match store.keep(&received).await {
            Ok(key) => key,
            Err(err) => {
                received.discard().await;
                return Err(file_error(err));
            }
        };
        let file = StoredFile {
            name: name::clean(&claimed_name, kind),
            kind,
            size: received.size as i64,
            sha256: received.sha256,
            storage_key,
        };
        return Ok((fields, file));
    }
}

/// The type the file's own bytes give it (blocking reads, off the async threads).
pub(super) async fn recognise(received: &Received) -> Option<app::domain::files::FileKind> {
    let path = received.path.clone();
    let head = received.head.clone();
    tokio::task::spawn_blocking(move || sniff::sniff_file(&path, &head).ok().flatten())
        .await
        .ok()
        .flatten()
}

/// Reads and throws away what is left of an oversized file, up to a bound.
async fn drain(mut field: axum::extract::multipart::Field<'_>) {
    let mut left = DRAIN_AFTER_LIMIT;
    while let Ok(Some(chunk)) = field.chunk().await {
        left = left.saturating_sub(chunk.len() as u64);
        if left == 0 {
            break;
        }
    }
}

/// Another site's page must not post files with the staff member's cookie.
fn same_origin(headers: &HeaderMap) -> bool {
    let host = headers.get(http::header::HOST).and_then(|h| h.to_str().ok());
    match (
        headers.get(http::header::ORIGIN).and_then(|o| o.to_str().ok()),
        host,
    ) {
        (None, _) => true,
        (Some(origin), Some(host)) => origin.split_once("://").is_some_and(|(_, rest)| rest == host),
        (Some(_), None) => false,
    }
}
