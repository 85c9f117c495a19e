//! Server functions of the audit journal viewer (`audit.view`). The CSV export is a
//! route of the server (`/admin/audit.csv`).

pub mod model;

use crate::error::AppError;
use leptos::prelude::*;
use model::{AuditPage, AuditQuery, ChainStatus};

/// One page of the journal, newest first.
#[server(name = AuditPageFn, prefix = "/api", endpoint = "audit_page", input = leptos::server_fn::codec::Json)]
pub async fn audit_page(query: AuditQuery) -> Result<AuditPage, AppError> {
    use crate::domain::audit::journal::{self, JournalError};
    let (user, state) = crate::auth::guard::require(crate::permission::Permission::AuditView).await?;
    let (records, total) = journal::page(&state.pool, &query, user.utc_offset_seconds)
        .await
        .map_err(|e| match e {
            JournalError::BadDate => AppError::Invalid,
            JournalError::Database => AppError::Internal,
        })?;
    Ok(AuditPage { records, total })
}

/// Walks the whole chain; the check itself is journalled.
#[server(name = AuditVerify, prefix = "/api", endpoint = "audit_verify")]
pub async fn audit_verify() -> Result<ChainStatus, AppError> {
    use crate::domain::audit::{self, BreakKind, VerifyError};
    let (user, state) = crate::auth::guard::require(crate::permission::Permission::AuditView).await?;
    let status = match audit::verify(&state.pool).await {
        Ok(v) => ChainStatus::Intact {
            records: v.records,
            head: v.head,
        },
        Err(VerifyError::Broken(b)) => ChainStatus::Broken {
            id: b.id,
            altered: b.kind == BreakKind::Altered,
            verified_before: b.verified_before,
        },
        Err(VerifyError::Database(e)) => return Err(e.into()),
    };
    crate::auth::guard::audit(&state, &user, "audit.verified", "", &status).await;
    Ok(status)
}

/// The CSV export's column names in the caller's language.
#[cfg(feature = "ssr")]
pub fn csv_header(locale: crate::i18n::Locale) -> [String; 8] {
    use crate::i18n::*;
    [
        td_string!(locale, audit_col_id).to_string(),
        td_string!(locale, audit_col_at).to_string(),
        td_string!(locale, audit_col_login).to_string(),
        td_string!(locale, audit_col_ip).to_string(),
        td_string!(locale, audit_col_user_agent).to_string(),
        td_string!(locale, audit_col_event).to_string(),
        td_string!(locale, audit_col_target).to_string(),
        td_string!(locale, audit_col_details).to_string(),
    ]
}
