//! Placeholders in canned replies, filled in the browser when a reply is inserted:
//! `{customer_name}`, `{operator_name}`, `{channel}`, `{date}`, `{time}`. Anything else
//! in braces is left as written, so a typo shows up in the reply box, not as a gap.

use chrono::{DateTime, FixedOffset};

/// The placeholders, as written in a reply.
pub const PLACEHOLDERS: [&str; 5] = [
    "{customer_name}",
    "{operator_name}",
    "{channel}",
    "{date}",
    "{time}",
];

/// What the placeholders stand for in one conversation, at one moment.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlaceholderValues {
    pub customer_name: String,
    pub operator_name: String,
    pub channel: String,
    /// `DD.MM.YYYY` in the operator's time zone.
    pub date: String,
    /// `HH:MM` in the operator's time zone.
    pub time: String,
}

impl PlaceholderValues {
    fn get(&self, name: &str) -> Option<&str> {
        match name {
            "customer_name" => Some(&self.customer_name),
            "operator_name" => Some(&self.operator_name),
            "channel" => Some(&self.channel),
            "date" => Some(&self.date),
            "time" => Some(&self.time),
            _ => None,
        }
    }
}

/// The reply with every known placeholder replaced, in one pass: a value that itself
/// looks like a placeholder (a customer calling themselves `{date}`) stays as it is.
pub fn fill(template: &str, values: &PlaceholderValues) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let known = after
            .find(['}', '{'])
            .filter(|&close| after.as_bytes()[close] == b'}')
            .and_then(|close| values.get(&after[..close]).map(|v| (close, v)));
        match known {
            Some((close, value)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `DD.MM.YYYY` and `HH:MM` of an instant (ms since the epoch) at a UTC offset.
pub fn date_and_time(epoch_ms: f64, utc_offset_seconds: i32) -> (String, String) {
    let offset =
        FixedOffset::east_opt(utc_offset_seconds).unwrap_or(FixedOffset::east_opt(0).expect("zero offset"));
    let Some(instant) = DateTime::from_timestamp_millis(epoch_ms as i64) else {
        return (String::new(), String::new());
    };
    let local = instant.with_timezone(&offset);
    (
        local.format("%d.%m.%Y").to_string(),
        local.format("%H:%M").to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> PlaceholderValues {
        PlaceholderValues {
            customer_name: "Айгерим".into(),
            operator_name: "Малика".into(),
            channel: "Сайт банка".into(),
            date: "25.11.2026".into(),
            time: "14:05".into(),
        }
    }

    #[test]
    fn fills_every_known_placeholder() {
        assert_eq!(
            fill(
                "Здравствуйте, {customer_name}! Меня зовут {operator_name}.",
                &values()
            ),
            "Здравствуйте, Айгерим! Меня зовут Малика."
        );
        assert_eq!(
            fill(
                "{channel}: {date} {time}, {customer_name}{customer_name}",
                &values()
            ),
            "Сайт банка: 25.11.2026 14:05, АйгеримАйгерим"
        );
    }

    #[test]
    fn leaves_unknown_and_broken_placeholders_as_written() {
        assert_eq!(
            fill("Код {code}, {Customer_Name}", &values()),
            "Код {code}, {Customer_Name}"
        );
        assert_eq!(
            fill("скобка { и {customer_name", &values()),
            "скобка { и {customer_name"
        );
        assert_eq!(fill("{{customer_name}}", &values()), "{Айгерим}");
        assert_eq!(fill("}{", &values()), "}{");
        assert_eq!(fill("", &values()), "");
        assert_eq!(fill("без подстановок", &values()), "без подстановок");
    }

    #[test]
    fn values_are_not_filled_again() {
        let mut v = values();
        v.customer_name = "{operator_name}".into();
        assert_eq!(fill("Привет, {customer_name}", &v), "Привет, {operator_name}");
    }

    #[test]
    fn date_and_time_in_the_operators_zone() {
        // 2026-11-24T20:15:00Z in Tashkent (UTC+5).
        let ms = 1_795_551_300_000.0;
        assert_eq!(
            date_and_time(ms, 5 * 3600),
            ("25.11.2026".to_owned(), "01:15".to_owned())
        );
        assert_eq!(
            date_and_time(ms, 0),
            ("24.11.2026".to_owned(), "20:15".to_owned())
        );
    }

    #[test]
    fn every_listed_placeholder_is_filled() {
        for p in PLACEHOLDERS {
            assert_ne!(fill(p, &values()), p, "{p}");
        }
    }
}
