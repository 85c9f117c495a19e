//! The semi-annual activity report (order 443, appendix 2): rows 8, 10 and 12–19 from the
//! conversations created in the half-year (whole days in the staff member's zone), the
//! rest from the organisation's stored answers. Formulas as the KPIs' (docs/metrics.md).

use super::kpi::{self, Scope};
use super::ReportError;
use crate::domain::metrics::HANDLING_SECONDS;
use crate::reports::kpi_model::KpiKind;
use crate::reports::semiannual_model::{
    form_heading, FormLanguage, FormRow, HalfYear, SemiannualForm, StoredAnswer, ROWS, STORED_ROWS,
};
use sqlx::PgPool;

/// The longest stored answer.
pub const MAX_ANSWER_CHARS: usize = 2000;

/// Every stored row's answer in both languages (empty where none is stored).
pub async fn answers(pool: &PgPool) -> Result<Vec<StoredAnswer>, ReportError> {
    let stored: Vec<(i16, String, String)> =
        sqlx::query_as("SELECT row_number, language, value FROM semiannual_answers")
            .fetch_all(pool)
            .await?;
    Ok(STORED_ROWS
        .iter()
        .map(|&row| {
            let of = |lang: &str| {
                stored
                    .iter()
                    .find(|(r, l, _)| *r == i16::from(row) && l == lang)
                    .map(|(_, _, v)| v.clone())
                    .unwrap_or_default()
            };
            StoredAnswer {
                row,
                ru: of("ru"),
                kk: of("kk"),
            }
        })
        .collect())
}

/// Replaces the stored answers; `Invalid` for a row the data fills or a text too long.
pub async fn save_answers(pool: &PgPool, answers: &[StoredAnswer]) -> Result<(), ReportError> {
    if answers.iter().any(|a| {
        !STORED_ROWS.contains(&a.row)
            || a.ru.chars().count() > MAX_ANSWER_CHARS
            || a.kk.chars().count() > MAX_ANSWER_CHARS
    }) {
        return Err(ReportError::Invalid);
    }
    let mut tx = pool.begin().await?;
    for a in answers {
        for (lang, value) in [("ru", a.ru.trim()), ("kk", a.kk.trim())] {
            sqlx::query(
                "INSERT INTO semiannual_answers (row_number, language, value) VALUES ($1, $2, $3)
                 ON CONFLICT (row_number, language) DO UPDATE SET value = EXCLUDED.value",
            )
            .bind(i16::from(a.row))
            .bind(lang)
            .bind(value)
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

fn number(value: Option<f64>, decimals: usize) -> String {
    value
        .map(|v| format!("{v:.decimals$}").replace('.', ","))
        .unwrap_or_default()
}

/// The filled form.
pub async fn form(
    pool: &PgPool,
    period: HalfYear,
    language: FormLanguage,
    zone: &str,
) -> Result<SemiannualForm, ReportError> {
    if !period.is_valid() {
        return Err(ReportError::BadDate);
    }
    let (from, to) = period.days().ok_or(ReportError::BadDate)?;
    let (start, end) = crate::domain::personal_stats::bounds(zone, from, to);
    let topics: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM topics WHERE parent_id IS NULL AND NOT archived ORDER BY position, id",
    )
    .fetch_all(pool)
    .await?;
    let per_channel: Vec<(String, i64)> = sqlx::query_as(
        "SELECT ch.name, count(*) FROM conversations c JOIN channels ch ON ch.id = c.channel_id
         WHERE c.created_at >= $1 AND c.created_at < $2 AND c.direction = 'inbound'
         GROUP BY ch.name ORDER BY count(*) DESC, ch.name",
    )
    .bind(start)
    .bind(end)
    .fetch_all(pool)
    .await?;
    let (operators, handling): (i64, Option<f64>) = sqlx::query_as(&format!(
        "SELECT count(DISTINCT c.operator_id), avg({HANDLING_SECONDS})::float8
         FROM conversations c WHERE c.created_at >= $1 AND c.created_at < $2"
    ))
    .bind(start)
    .bind(end)
    .fetch_one(pool)
    .await?;
    let thresholds = kpi::thresholds(pool).await?;
    let kpis = kpi::of_conversations(pool, &thresholds, start, end, Scope::default()).await?;
    let kpi = |kind: KpiKind| kpis.iter().find(|k| k.kind == kind).and_then(|k| k.value);
    let total: i64 = per_channel.iter().map(|(_, n)| n).sum();
    let stored = answers(pool).await?;
    let rows = ROWS
        .iter()
        .enumerate()
        .map(|(i, (ru, ru_unit, kk, kk_unit))| {
            let number_of_row = (i + 1) as u8;
            let (indicator, unit) = match language {
                FormLanguage::Ru => (*ru, *ru_unit),
                FormLanguage::Kk => (*kk, *kk_unit),
            };
            let computed = match number_of_row {
                8 => Some(topics.join("; ")),
                10 => Some(
                    per_channel
                        .iter()
                        .map(|(c, _)| c.as_str())
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
                12 => Some(operators.to_string()),
                13 => Some(total.to_string()),
                14 => Some(
                    per_channel
                        .iter()
                        .map(|(c, n)| format!("{c} — {n}"))
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
                15 => Some(number(kpi(KpiKind::AverageWait), 0)),
                16 => Some(number(kpi(KpiKind::Satisfaction), 2)),
                17 => Some(number(kpi(KpiKind::FirstContactResolution), 1)),
                18 => Some(number(kpi(KpiKind::Abandoned), 1)),
                19 => Some(number(handling.map(|s| s / 60.0), 1)),
                _ => None,
            };
            let is_computed = computed.is_some();
            let value = computed.unwrap_or_else(|| {
                stored
                    .iter()
                    .find(|a| a.row == number_of_row)
                    .map(|a| match language {
                        FormLanguage::Ru => a.ru.clone(),
                        FormLanguage::Kk => a.kk.clone(),
                    })
                    .unwrap_or_default()
            });
            FormRow {
                number: number_of_row,
                indicator: indicator.to_owned(),
                unit: unit.to_owned(),
                value,
                computed: is_computed,
            }
        })
        .collect();
    let (title, letters, headings) = form_heading(language);
    let period_text = match language {
        FormLanguage::Ru => format!("{}-е полугодие {} года", period.half, period.year),
        FormLanguage::Kk => format!("{} жылғы {}-жартыжылдық", period.year, period.half),
    };
    Ok(SemiannualForm {
        period,
        language,
        title: title.to_owned(),
        period_text,
        letters: letters.iter().map(|s| (*s).to_owned()).collect(),
        headings: headings.iter().map(|s| (*s).to_owned()).collect(),
        rows,
    })
}
