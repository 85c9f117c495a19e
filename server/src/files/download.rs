//! `GET /files/{token}`: staff who may read the conversation (session cookie), or
//! the customer of that conversation (`?channel=KEY&visitor=TOKEN`, as the widget's
//! socket). `GET /files/shared/{link}`: whoever holds an unexpired shared link (a
//! provider fetching an attachment). Served with the type decided at upload, never sniffed by the browser,
//! sandboxed, and as a download unless it is a picture.

use super::{auth_error, file_error};
use app::auth::guard::{token_from_headers, user_from_token};
use app::domain::conversations;
use app::domain::files::attachments::{self, FileRecord};
use app::domain::files::shared_link;
use app::domain::files::storage::FileStore;
use app::domain::files::FileError;
use app::domain::state::AppState;
use app::error::AppError;
use app::permission::Permission;
use axum::extract::{Path, Query, Request, State};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use http::header::{
    HeaderValue, CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_SECURITY_POLICY, CONTENT_TYPE,
    X_CONTENT_TYPE_OPTIONS,
};
use serde::Deserialize;
use tower::ServiceExt;
use tower_http::services::ServeFile;

#[derive(Deserialize)]
pub struct Visitor {
    channel: Option<String>,
    visitor: Option<String>,
}

pub async fn file(
    State(state): State<AppState>,
    Extension(store): Extension<FileStore>,
    Path(token): Path<String>,
    Query(visitor): Query<Visitor>,
    request: Request,
) -> Response {
    let record = match attachments::find(&state.pool, &token).await {
        Ok(record) => record,
        Err(err) => return file_error(err),
    };
    if let Err(response) = allowed(&state, &record, request.headers(), &visitor).await {
        return response;
    }
    serve(&store, &record, request, "private").await
}

/// `GET /files/shared/{link}`: the file a shared link names (see
/// `app::domain::files::shared_link`), to anyone holding the link until it expires — a
/// provider fetching an attachment. An expired, altered or foreign link: no such file.
pub async fn shared(
    State(state): State<AppState>,
    Extension(store): Extension<FileStore>,
    Path(link): Path<String>,
    request: Request,
) -> Response {
    let Some(key) = shared_link::open(&state.secrets, &link, chrono::Utc::now()) else {
        return file_error(FileError::NotFound);
    };
    match attachments::by_storage_key(&state.pool, &key).await {
        Ok(record) => serve(&store, &record, request, "no-store").await,
        Err(err) => file_error(err),
    }
}

/// The stored file with the type decided at upload, never sniffed, sandboxed.
async fn serve(store: &FileStore, record: &FileRecord, request: Request, cache: &'static str) -> Response {
    let Some(path) = store.path_of(&record.storage_key) else {
        return file_error(FileError::NotFound);
    };
    let mut response = match ServeFile::new(path).oneshot(request).await {
        Ok(response) => response.into_response(),
        Err(_) => return file_error(FileError::Storage),
    };
    if !(response.status().is_success() || response.status() == http::StatusCode::NOT_MODIFIED) {
        return response;
    }
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&record.content_type) {
        headers.insert(CONTENT_TYPE, value);
    }
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(
        CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; sandbox"),
    );
    headers.insert(CACHE_CONTROL, HeaderValue::from_static(cache));
    if let Ok(value) = HeaderValue::from_str(&disposition(record)) {
        headers.insert(CONTENT_DISPOSITION, value);
    }
    response
}

/// Staff by their session and permissions; otherwise the conversation's customer.
/// A customer asking for someone else's file hears that there is no such file.
async fn allowed(
    state: &AppState,
    record: &FileRecord,
    headers: &http::HeaderMap,
    visitor: &Visitor,
) -> Result<(), Response> {
    if let Some(token) = token_from_headers(headers) {
        match user_from_token(state, Some(token)).await {
            Ok(user) => {
                if !user.can(Permission::ConversationsHandle) && !user.can(Permission::ConversationsViewAll) {
                    return Err(auth_error(AppError::Forbidden));
                }
                let summary = conversations::summary(&state.pool, record.conversation_id)
                    .await
                    .map_err(|_| file_error(FileError::NotFound))?;
                return if conversations::can_read(&user, &summary) {
                    Ok(())
                } else {
                    Err(auth_error(AppError::Forbidden))
                };
            }
            // A stale staff cookie: the visitor's proof may still be there.
            Err(err) if visitor.visitor.is_none() => return Err(auth_error(err)),
            Err(_) => {}
        }
    }
    let (Some(channel), Some(token)) = (&visitor.channel, &visitor.visitor) else {
        return Err(auth_error(AppError::NotSignedIn));
    };
    match attachments::visitor(&state.pool, channel, token).await {
        Ok(Some(customer_id)) if customer_id == record.customer_id => Ok(()),
        Ok(_) => Err(file_error(FileError::NotFound)),
        Err(err) => Err(file_error(err)),
    }
}

/// `inline` for pictures (previews), `attachment` for everything else, with the
/// name in RFC 5987 form and a plain ASCII fallback.
fn disposition(record: &FileRecord) -> String {
    let kind = if record.is_image() { "inline" } else { "attachment" };
    let ascii: String = record
        .original_name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!(
        "{kind}; filename=\"{ascii}\"; filename*=UTF-8''{}",
        percent_encode(&record.original_name)
    )
}

fn percent_encode(name: &str) -> String {
    let mut out = String::with_capacity(name.len() * 3);
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_encoded_for_the_header() {
        assert_eq!(
            percent_encode("выписка 1.pdf"),
            "%D0%B2%D1%8B%D0%BF%D0%B8%D1%81%D0%BA%D0%B0%201.pdf"
        );
        let record = FileRecord {
            conversation_id: 1,
            customer_id: 1,
            original_name: "a\"b.png".to_owned(),
            content_type: "image/png".to_owned(),
            storage_key: String::new(),
        };
        assert_eq!(
            disposition(&record),
            "inline; filename=\"a_b.png\"; filename*=UTF-8''a%22b.png"
        );
    }
}
