//! Before/after values of a settings change: the settings an endpoint declares (see
//! `crate::access`) are read as JSON before and after it runs; the rows that differ
//! go into the journal.

use crate::access::Settings;
use serde_json::{Map, Value};
use sqlx::PgPool;

/// Each declared read as a JSON array of rows.
pub async fn snapshot(pool: &PgPool, settings: &Settings) -> Result<Vec<Value>, sqlx::Error> {
    let mut tables = Vec::with_capacity(settings.reads.len());
    for (_, sql) in settings.reads {
        // `sql` is a constant of `crate::access`, never input.
        let text: String = sqlx::query_scalar(&format!(
            "SELECT coalesce(jsonb_agg(to_jsonb(s)), '[]'::jsonb)::text FROM ({sql}) s"
        ))
        .fetch_one(pool)
        .await?;
        tables.push(serde_json::from_str(&text).unwrap_or(Value::Null));
    }
    Ok(tables)
}

/// The rows that changed, per read: `before` holds rows that are gone or changed,
/// `after` the rows that are new or changed. `None` if nothing changed.
pub fn difference(settings: &Settings, before: &[Value], after: &[Value]) -> Option<Value> {
    let mut changed = Map::new();
    for (((name, _), old), new) in settings.reads.iter().zip(before).zip(after) {
        let old_rows = rows(old);
        let new_rows = rows(new);
        let gone: Vec<&Value> = old_rows
            .iter()
            .filter(|r| !new_rows.contains(r))
            .copied()
            .collect();
        let came: Vec<&Value> = new_rows
            .iter()
            .filter(|r| !old_rows.contains(r))
            .copied()
            .collect();
        if !gone.is_empty() || !came.is_empty() {
            changed.insert(
                (*name).to_owned(),
                serde_json::json!({ "before": gone, "after": came }),
            );
        }
    }
    (!changed.is_empty()).then(|| serde_json::json!({ "area": settings.area, "changes": changed }))
}

fn rows(value: &Value) -> Vec<&Value> {
    value.as_array().map(|a| a.iter().collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const S: Settings = Settings {
        area: "routing",
        reads: &[("weights", "-"), ("states", "-")],
    };

    #[test]
    fn only_changed_rows_are_kept() {
        let before = [json!([{"wait": 10}]), json!([{"code": "a"}, {"code": "b"}])];
        let after = [json!([{"wait": 20}]), json!([{"code": "a"}, {"code": "b"}])];
        assert_eq!(
            difference(&S, &before, &after),
            Some(
                json!({"area": "routing", "changes": {"weights": {"before": [{"wait": 10}], "after": [{"wait": 20}]}}})
            )
        );
    }

    #[test]
    fn additions_and_removals_show_on_their_side() {
        let before = [json!([]), json!([{"code": "a"}])];
        let after = [json!([{"wait": 1}]), json!([])];
        let d = difference(&S, &before, &after).unwrap();
        assert_eq!(d["changes"]["weights"]["before"], json!([]));
        assert_eq!(d["changes"]["states"]["after"], json!([]));
        assert_eq!(d["changes"]["states"]["before"], json!([{"code": "a"}]));
    }

    #[test]
    fn no_change_no_record() {
        let same = [json!([{"wait": 10}]), json!([])];
        assert_eq!(difference(&S, &same, &same), None);
    }
}
