//! Administration server functions: staff accounts and roles. Thin adapters over
//! `domain::account_admin` and `domain::roles`; each change is journalled.

mod accounts;
mod list_staff;
pub mod model;
mod roles;

pub use accounts::{
    delete_account, reset_password, save_account, set_account_blocked, DeleteAccount, ResetPassword,
    SaveAccount, SetAccountBlocked,
};
pub use list_staff::{list_staff, ListStaff};
pub use roles::{delete_role, list_roles, save_role, DeleteRole, ListRoles, SaveRole};

#[cfg(feature = "ssr")]
pub(crate) fn map_error(err: crate::domain::account_admin::AdminError) -> crate::error::AppError {
    use crate::domain::account_admin::AdminError as E;
    use crate::error::AppError;
    match err {
        E::Invalid => AppError::Invalid,
        E::Duplicate => AppError::Duplicate,
        E::NotFound => AppError::NotFound,
        E::SelfGrant => AppError::SelfGrant,
        E::LastAdministrator => AppError::LastAdministrator,
        E::BuiltInRole => AppError::BuiltInRole,
        E::WeakPassword => AppError::WeakPassword,
        E::WrongPassword => AppError::WrongCurrentPassword,
        E::Database => AppError::Internal,
    }
}
