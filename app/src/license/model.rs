//! What the license page sends and receives.

use serde::{Deserialize, Serialize};

/// The terms of a license file (its signed first line, as JSON).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct License {
    /// The file's own identifier (chosen when it is signed).
    pub id: String,
    pub licensee: String,
    /// At most this many operators at work at once.
    pub max_operators: i32,
    /// `YYYY-MM-DD`.
    pub issued: String,
    /// `YYYY-MM-DD`, the last day it is valid; none: it does not expire.
    #[serde(default)]
    pub expires: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seat {
    pub login: String,
    pub display_name: String,
    /// RFC 3339.
    pub since: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeatEvent {
    /// RFC 3339.
    pub at: String,
    pub login: String,
    /// `taken`, `freed`, `refused`, `loaded`.
    pub kind: String,
    /// Why a seat was freed (`sign_out`, `end_of_shift`, `inactive`, …).
    pub reason: String,
    pub in_use: i32,
    pub max: i32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LicenseOverview {
    /// The license in force; none: the evaluation allowance applies.
    pub license: Option<License>,
    /// The newest loaded file has expired (the evaluation allowance applies).
    pub expired: bool,
    pub max: i32,
    pub seats: Vec<Seat>,
    pub history: Vec<SeatEvent>,
}
