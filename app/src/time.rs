//! Showing UTC instants in the staff member's time zone.

use chrono::{DateTime, FixedOffset, Utc};

/// `HH:MM` of an RFC 3339 instant at the given offset; the input unchanged if it can't be read.
pub fn clock(rfc3339: &str, utc_offset_seconds: i32) -> String {
    shift(rfc3339, utc_offset_seconds)
        .map(|t| t.format("%H:%M").to_string())
        .unwrap_or_else(|| rfc3339.to_owned())
}

/// `DD.MM.YYYY HH:MM` of an RFC 3339 instant at the given offset.
pub fn date_time(rfc3339: &str, utc_offset_seconds: i32) -> String {
    shift(rfc3339, utc_offset_seconds)
        .map(|t| t.format("%d.%m.%Y %H:%M").to_string())
        .unwrap_or_else(|| rfc3339.to_owned())
}

/// `DD.MM.YYYY HH:MM:SS` of an RFC 3339 instant at the given offset.
pub fn date_time_seconds(rfc3339: &str, utc_offset_seconds: i32) -> String {
    shift(rfc3339, utc_offset_seconds)
        .map(|t| t.format("%d.%m.%Y %H:%M:%S").to_string())
        .unwrap_or_else(|| rfc3339.to_owned())
}

/// Now, on the server and in the browser alike (chrono's own clock is not built for
/// WebAssembly here: `Utc::now()` in the browser panics and stops hydration).
pub fn now() -> DateTime<Utc> {
    #[cfg(feature = "hydrate")]
    {
        DateTime::from_timestamp_millis(crate::realtime::now_ms() as i64).unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        Utc::now()
    }
}

fn shift(rfc3339: &str, utc_offset_seconds: i32) -> Option<DateTime<FixedOffset>> {
    let offset = FixedOffset::east_opt(utc_offset_seconds)?;
    let instant = DateTime::parse_from_rfc3339(rfc3339).ok()?;
    Some(instant.with_timezone(&Utc).with_timezone(&offset))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tashkent_is_five_hours_ahead() {
        assert_eq!(clock("2026-11-24T20:15:00Z", 5 * 3600), "01:15");
        assert_eq!(date_time("2026-11-24T20:15:00Z", 5 * 3600), "25.11.2026 01:15");
    }

    #[test]
    fn unreadable_input_is_shown_as_is() {
        assert_eq!(clock("yesterday", 0), "yesterday");
    }
}
