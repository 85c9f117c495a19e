//! The security settings as the settings page edits them.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecuritySettings {
    pub password_min_length: i32,
    pub password_upper: bool,
    pub password_lower: bool,
    pub password_digit: bool,
    pub password_symbol: bool,
    /// A password older than this must be changed at sign-in; `None`: never expires.
    pub password_max_age_days: Option<i32>,
    /// Wrong passwords in a row that lock an account, and for how long.
    pub lockout_attempts: i32,
    pub lockout_minutes: i32,
    /// A session ends after this long without a request.
    pub session_idle_minutes: i32,
    /// Holders of any of these roles (codes) must sign in with a second factor.
    pub totp_roles: Vec<String>,
    /// Addresses or CIDR ranges, one per line, that may use the administration pages
    /// and functions; empty: any address.
    pub admin_allowlist: String,
    /// The same for the REST API.
    pub api_allowlist: String,
}

impl Default for SecuritySettings {
    fn default() -> Self {
        SecuritySettings {
            password_min_length: 12,
            password_upper: true,
            password_lower: true,
            password_digit: true,
            password_symbol: true,
            password_max_age_days: Some(90),
            lockout_attempts: 5,
            lockout_minutes: 15,
            session_idle_minutes: 60,
            totp_roles: vec!["administrator".to_owned()],
            admin_allowlist: String::new(),
            api_allowlist: String::new(),
        }
    }
}

/// What two-factor sign-in looks like for the signed-in user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoFactorStatus {
    pub enrolled: bool,
    /// One of their roles requires it.
    pub required: bool,
}

/// A new secret to enrol: the `otpauth://` address as a QR code (SVG) and as text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrolment {
    pub secret: String,
    pub uri: String,
    pub qr_svg: String,
}
