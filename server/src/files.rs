//! Files in conversations over HTTP: staff and customers upload (multipart), both
//! download `GET /files/{token}`. The handlers authenticate, stream, and hand over to
//! `app::domain::files`; see docs/files.md for the security decisions.

mod download;
mod upload;

use app::domain::files::storage::FileStore;
use app::domain::files::FileError;
use app::domain::state::AppState;
use app::error::AppError;
use axum::extract::DefaultBodyLimit;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use http::StatusCode;

pub fn routes(store: FileStore) -> Router<AppState> {
    Router::new()
        .route("/files/upload", post(upload::staff))
        .route("/files/widget", post(upload::customer))
        .route("/files/{token}", get(download::file))
        .route("/files/shared/{link}", get(download::shared))
        // The upload handlers count the bytes themselves, against the administrators' limit.
        .layer(DefaultBodyLimit::disable())
        .layer(Extension(store))
}

/// An error as the server functions send it: a status and the `AppError` as JSON.
fn refuse(status: StatusCode, error: AppError) -> Response {
    (status, Json(error)).into_response()
}

fn file_error(err: FileError) -> Response {
    match err {
        FileError::TooLarge { max_kb } => {
            refuse(StatusCode::PAYLOAD_TOO_LARGE, AppError::FileTooLarge { max_kb })
        }
        FileError::TypeNotAllowed => refuse(StatusCode::UNSUPPORTED_MEDIA_TYPE, AppError::FileTypeNotAllowed),
        FileError::Refused(problem) => refuse(StatusCode::CONFLICT, AppError::BadMessage(problem)),
        FileError::NotFound => refuse(StatusCode::NOT_FOUND, AppError::NotFound),
        FileError::Forbidden => refuse(StatusCode::FORBIDDEN, AppError::Forbidden),
        FileError::Invalid => refuse(StatusCode::BAD_REQUEST, AppError::Invalid),
        FileError::Storage | FileError::Database => {
            refuse(StatusCode::INTERNAL_SERVER_ERROR, AppError::Internal)
        }
    }
}

/// Keeps a file that arrived whole (a messenger's download) under the same rules as an
/// upload: the administrators' size limit and allowed types, the type read from the
/// bytes themselves, a random name.
pub async fn store_bytes(
    store: &FileStore,
    limits: &app::domain::files::settings::FileSettings,
    claimed_name: &str,
    bytes: &[u8],
) -> Result<app::domain::files::attachments::StoredFile, FileError> {
    let mut incoming = store.receive(limits.max_bytes()).await?;
    if let Err(err) = incoming.write(bytes).await {
        incoming.abandon().await;
        return Err(err);
    }
    let received = incoming.finish().await?;
    if received.size == 0 {
        received.discard().await;
        return Err(FileError::Invalid);
    }
    let Some(kind) = upload::recognise(&received).await.filter(|k| limits.allows(*k)) else {
        received.discard().await;
        return Err(FileError::TypeNotAllowed);
    };
    let storage_key = match store.keep(&received).await {
        Ok(key) => key,
        Err(err) => {
            received.discard().await;
            return Err(err);
        }
    };
    Ok(app::domain::files::attachments::StoredFile {
        name: app::domain::files::name::clean(claimed_name, kind),
        kind,
        size: received.size as i64,
        sha256: received.sha256,
        storage_key,
    })
}

fn auth_error(err: AppError) -> Response {
    let status = match err {
        AppError::NotSignedIn | AppError::SessionExpired => StatusCode::UNAUTHORIZED,
        AppError::Forbidden => StatusCode::FORBIDDEN,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    };
    refuse(status, err)
}
