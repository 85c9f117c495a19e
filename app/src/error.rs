//! The one error type that server functions return.
//!
//! Each variant is something a user can act on and has a translated text (see
//! `ui::error_text`). Details of internal failures go to the log, never to the page.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use protocol::MessageProblem;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("wrong login or password")]
    WrongCredentials,
    #[error("account locked for {minutes} min")]
    LockedOut { minutes: i64 },
    #[error("account blocked")]
    AccountBlocked,
    #[error("not signed in")]
    NotSignedIn,
    #[error("session expired")]
    SessionExpired,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("already taken by another operator")]
    AlreadyTaken,
    #[error("message refused: {0:?}")]
    BadMessage(MessageProblem),
    #[error("a value is missing or out of range")]
    Invalid,
    #[error("such a record exists already")]
    Duplicate,
    #[error("file larger than {max_kb} KB")]
    FileTooLarge { max_kb: i64 },
    #[error("file type not allowed")]
    FileTypeNotAllowed,
    #[error("a topic must be set before closing")]
    TopicRequired,
    #[error("the topic tree is at most {max} levels deep")]
    TopicTooDeep { max: i32 },
    #[error("the operator is not on shift or cannot take this conversation")]
    OperatorUnavailable,
    #[error("the operator has no room for another conversation")]
    OperatorAtCapacity,
    #[error("the customer already has conversation {conversation_id} open")]
    CustomerHasOpenConversation { conversation_id: i64 },
    #[error("nobody may grant themselves a role or permission, or block or delete themselves")]
    SelfGrant,
    #[error("at least one active account must be able to manage accounts")]
    LastAdministrator,
    #[error("built-in roles keep their permissions")]
    BuiltInRole,
    #[error("the password does not meet the policy")]
    WeakPassword,
    #[error("the current password is wrong")]
    WrongCurrentPassword,
    #[error("a new password must be chosen first")]
    PasswordChangeRequired,
    #[error("a code from the authenticator app is needed")]
    TotpRequired,
    #[error("the code is wrong, too old or used already")]
    TotpWrong,
    #[error("a second factor must be set up first")]
    TotpEnrolmentRequired,
    #[error("line {line} of the allowlist is not an address or range")]
    AllowlistLine { line: usize },
    #[error("the allowlist would shut out the address it is saved from")]
    AllowlistExcludesYou,
    #[error("not allowed from this address")]
    AddressNotAllowed,
    #[error("all {max} operator seats of the license are in use")]
    NoFreeSeat { max: i32 },
    #[error("the license file is not one signed for this product")]
    LicenseInvalid,
    #[error("the license has expired")]
    LicenseExpired,
    #[error("the channel's {field} is missing or malformed")]
    ChannelField { field: String },
    #[error("the stored credentials do not open with this server's key")]
    CredentialsUnreadable,
    #[error("the proxy is not an http(s) address")]
    BadProxy,
    #[error("the CA bundle holds no readable PEM certificate")]
    BadCaBundle,
    #[error("the API token's or webhook's {field} is missing or malformed")]
    ApiField { field: String },
    #[error("not a {kind} the card can keep")]
    BadIdentifier { kind: String },
    #[error("both customers are in an open conversation")]
    MergeBothOpen,
    #[error("the merge can no longer be undone")]
    MergeConflict,
    #[error("internal error")]
    Internal,
    #[error("request failed: {0}")]
    Transport(String),
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Transport(value.to_string())
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        tracing::error!(error = %err, "database error");
        AppError::Internal
    }
}

impl From<MessageProblem> for AppError {
    fn from(p: MessageProblem) -> Self {
        AppError::BadMessage(p)
    }
}
