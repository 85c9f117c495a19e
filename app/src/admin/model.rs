//! What the administration pages send and receive: accounts and roles.

use crate::permission::Permission;
use serde::{Deserialize, Serialize};

/// A role as lists show it (built-in ones are translated by `code`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleRef {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub built_in: bool,
}

/// A row of the staff list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffRow {
    pub id: i64,
    pub login: String,
    pub display_name: String,
    pub time_zone: String,
    pub roles: Vec<RoleRef>,
    pub blocked: bool,
    /// Locked for a while after too many wrong passwords.
    pub locked: bool,
    pub must_change_password: bool,
    /// Signs in with a second factor (TOTP).
    pub two_factor: bool,
}

/// A new account (`id` = None) or changes to one. Roles are given by id.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountDraft {
    pub id: Option<i64>,
    pub login: String,
    pub display_name: String,
    pub time_zone: String,
    pub role_ids: Vec<i64>,
    /// The owner must choose a new password at their next sign-in.
    pub must_change_password: bool,
}

/// What saving an account gives back: for a new account, its one-time password
/// (shown once to the administrator, never stored in clear).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedAccount {
    pub id: i64,
    pub one_time_password: Option<String>,
}

/// A role with its permissions, for the roles page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleView {
    pub role: RoleRef,
    pub description: String,
    pub permissions: Vec<Permission>,
    /// Accounts (not deleted) that hold it.
    pub members: i64,
    /// The viewer holds this role (and so may not change it).
    pub held_by_viewer: bool,
}

/// A new custom role (`id` = None) or changes to one.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleDraft {
    pub id: Option<i64>,
    pub name: String,
    pub description: String,
    pub permissions: Vec<Permission>,
}
