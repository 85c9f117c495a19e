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

fn auth_error(err: AppError) -> Response {
    let status = match err {
        AppError::NotSignedIn | AppError::SessionExpired => StatusCode::UNAUTHORIZED,
        AppError::Forbidden => StatusCode::FORBIDDEN,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    };
    refuse(status, err)
}
