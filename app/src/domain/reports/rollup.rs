//! The dashboard's and the KPIs' figures of a period, exact and fast on years of
//! history: whole UTC hours come from the rollup `dashboard_hours` (sums per hour of
//! creation, channel and group scope), the rest — the hour in progress, a period edge
//! that is not a whole hour, and every hour a trigger marked dirty since the worker last
//! recomputed it — is computed from the conversations themselves. Both parts are read
//! in one snapshot, so a change is never missed nor counted twice.
//!
//! Formulas: `domain::metrics` and the KPI definitions (`docs/metrics.md`).

use super::kpi::{Scope, SCOPE};
use super::ReportError;
use crate::domain::metrics::{HANDLING_SECONDS, LATEST_RATING_5, QUEUE_SECONDS, REACTION_SECONDS};
use chrono::{DateTime, DurationRound, TimeDelta, Utc};
use sqlx::PgPool;

/// The sums every figure of the dashboard and the KPIs is made of.
#[derive(Clone, Copy, Debug, Default, PartialEq, sqlx::FromRow)]
pub struct Sums {
    pub total: i64,
    pub waiting: i64,
    pub active: i64,
    pub closed: i64,
    pub handling_sum: f64,
    pub handling_n: i64,
    pub reaction_sum: f64,
    pub reaction_n: i64,
    /// Latest ratings on a 5-point scale.
    pub rating_sum: f64,
    pub rating_n: i64,
    /// Queue time.
    pub wait_sum: f64,
    pub wait_n: i64,
    pub accurate: i64,
    pub marked: i64,
    pub first_contact: i64,
    pub handled: i64,
    pub abandoned: i64,
    pub inbound_closed: i64,
}

impl Sums {
    fn add(&mut self, o: &Sums) {
        self.total += o.total;
        self.waiting += o.waiting;
        self.active += o.active;
        self.closed += o.closed;
        self.handling_sum += o.handling_sum;
        self.handling_n += o.handling_n;
        self.reaction_sum += o.reaction_sum;
        self.reaction_n += o.reaction_n;
        self.rating_sum += o.rating_sum;
        self.rating_n += o.rating_n;
        self.wait_sum += o.wait_sum;
        self.wait_n += o.wait_n;
        self.accurate += o.accurate;
        self.marked += o.marked;
        self.first_contact += o.first_contact;
        self.handled += o.handled;
        self.abandoned += o.abandoned;
        self.inbound_closed += o.inbound_closed;
    }

    pub fn average(sum: f64, n: i64) -> Option<f64> {
        (n > 0).then(|| sum / n as f64)
    }
}

/// The sums over conversations `c`, in `Sums`' order; `window` is the SQL of the
/// first-contact window in days.
fn figures(window: &str) -> String {
    let handled = "(c.direction = 'inbound' AND c.status = 'closed' AND c.first_assigned_at IS NOT NULL)";
    format!(
        "count(*) AS total,
         count(*) FILTER (WHERE c.status = 'waiting') AS waiting,
         count(*) FILTER (WHERE c.status = 'active') AS active,
         count(*) FILTER (WHERE c.status = 'closed') AS closed,
         COALESCE(sum({HANDLING_SECONDS}), 0)::float8 AS handling_sum, count({HANDLING_SECONDS}) AS handling_n,
         COALESCE(sum({REACTION_SECONDS}), 0)::float8 AS reaction_sum, count({REACTION_SECONDS}) AS reaction_n,
         COALESCE(sum(r5.score), 0)::float8 AS rating_sum, count(r5.score) AS rating_n,
         COALESCE(sum({QUEUE_SECONDS}), 0)::float8 AS wait_sum, count({QUEUE_SECONDS}) AS wait_n,
         count(*) FILTER (WHERE c.quality_accurate) AS accurate,
         count(c.quality_accurate) AS marked,
         count(*) FILTER (WHERE {handled} AND c.resolved AND NOT EXISTS (
             SELECT 1 FROM conversations n
             WHERE n.customer_id = c.customer_id AND n.direction = 'inbound' AND n.id <> c.id
               AND n.created_at > c.created_at
               AND n.created_at <= c.closed_at + make_interval(days => {window}))) AS first_contact,
         count(*) FILTER (WHERE {handled}) AS handled,
         count(*) FILTER (WHERE c.direction = 'inbound' AND c.status = 'closed'
                            AND c.first_response_at IS NULL) AS abandoned,
         count(*) FILTER (WHERE c.direction = 'inbound' AND c.status = 'closed') AS inbound_closed"
    )
}

/// The latest rating as a lateral join (`r5.score`), computed once per conversation.
fn rating_join() -> String {
    format!("LEFT JOIN LATERAL (SELECT {LATEST_RATING_5} AS score) r5 ON true")
}

const COLUMNS: &str = "total, waiting, active, closed, handling_sum, handling_n, reaction_sum, reaction_n,
    rating_sum, rating_n, wait_sum, wait_n, accurate, marked, first_contact, handled, abandoned, inbound_closed";

/// Recomputes up to `batch` dirty hours (the newest first); returns how many. Several
/// processes may run it at once: each takes different hours.
pub async fn refresh(pool: &PgPool, batch: i64) -> Result<usize, ReportError> {
    let mut tx = pool.begin().await?;
    sqlx::query("SET LOCAL jit = off").execute(&mut *tx).await?;
    let hours: Vec<DateTime<Utc>> = sqlx::query_scalar(
        "DELETE FROM dashboard_dirty WHERE hour IN (
             SELECT hour FROM dashboard_dirty ORDER BY hour DESC LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING hour",
    )
    .bind(batch)
    .fetch_all(&mut *tx)
    .await?;
    if hours.is_empty() {
        return Ok(0);
    }
    sqlx::query("DELETE FROM dashboard_hours WHERE hour = ANY($1)")
        .bind(&hours)
        .execute(&mut *tx)
        .await?;
    sqlx::query(&format!(
        "INSERT INTO dashboard_hours (hour, channel_id, group_id, {COLUMNS})
         SELECT h.hour, c.channel_id, s.group_id, {figures}
         FROM unnest($1::timestamptz[]) AS h(hour)
         JOIN conversations c ON c.created_at >= h.hour AND c.created_at < h.hour + interval '1 hour'
         CROSS JOIN LATERAL (
             SELECT 0::bigint AS group_id
             UNION SELECT c.group_id WHERE c.group_id IS NOT NULL
             UNION SELECT m.group_id FROM group_members m WHERE m.user_id = c.operator_id
         ) s
         {rating}
         GROUP BY h.hour, c.channel_id, s.group_id",
        figures = figures("(SELECT fcr_window_days FROM kpi_settings)"),
        rating = rating_join(),
    ))
    .bind(&hours)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(hours.len())
}

/// The worker's turn: recomputes dirty hours, at most `limit` of them.
pub async fn refresh_some(pool: &PgPool, limit: usize) {
    let mut done = 0;
    while done < limit {
        match refresh(pool, 200).await {
            Ok(0) => break,
            Ok(n) => done += n,
            Err(_) => break,
        }
    }
}

/// The sums of the conversations of `scope` created from `start` to `end`, in all and
/// per channel (id, conversations).
pub async fn read(
    pool: &PgPool,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    scope: Scope,
    fcr_window_days: i32,
) -> Result<(Sums, Vec<(i64, i64)>), ReportError> {
    let mut tx = pool.begin().await?;
    sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .execute(&mut *tx)
        .await?;
    // The sums' many aggregates make the JIT compile for longer than the query runs.
    sqlx::query("SET LOCAL jit = off").execute(&mut *tx).await?;
    // Whole hours from the rollup, when the period starts on one.
    let hour = TimeDelta::hours(1);
    let aligned = start.duration_trunc(hour).is_ok_and(|t| t == start);
    let cut = if aligned {
        end.duration_trunc(hour).unwrap_or(start).max(start)
    } else {
        start
    };
    let dirty: Vec<DateTime<Utc>> = if cut > start {
        sqlx::query_scalar("SELECT hour FROM dashboard_dirty WHERE hour >= $1 AND hour < $2 ORDER BY hour")
            .bind(start)
            .bind(cut)
            .fetch_all(&mut *tx)
            .await?
    } else {
        Vec::new()
    };
    let mut parts: Vec<(i64, Sums)> = Vec::new();
    if cut > start {
        let rows: Vec<(i64, Sums)> = sqlx::query_as::<_, ChannelSums>(&format!(
            "SELECT channel_id, {sums} FROM dashboard_hours
             WHERE group_id = $1 AND hour >= $2 AND hour < $3 AND ($4::bigint IS NULL OR channel_id = $4)
               AND hour <> ALL($5)
             GROUP BY channel_id",
            sums = COLUMNS
                .split(',')
                .map(|c| {
                    let c = c.trim();
                    if c.ends_with("_sum") {
                        format!("COALESCE(sum({c}), 0)::float8 AS {c}")
                    } else {
                        format!("COALESCE(sum({c}), 0)::bigint AS {c}")
                    }
                })
                .collect::<Vec<_>>()
                .join(", "),
        ))
        .bind(scope.group_id.unwrap_or(0))
        .bind(start)
        .bind(cut)
        .bind(scope.channel_id)
        .bind(&dirty)
        .fetch_all(&mut *tx)
        .await?
        .into_iter()
        .map(|r| (r.channel_id, r.sums))
        .collect();
        parts.extend(rows);
    }
    // The rest from the conversations: the dirty hours and [cut, end).
    let mut from: Vec<DateTime<Utc>> = dirty.clone();
    let mut to: Vec<DateTime<Utc>> = dirty.iter().map(|h| *h + hour).collect();
    if end > cut {
        from.push(cut);
        to.push(end);
    }
    if !from.is_empty() {
        let rows: Vec<ChannelSums> = sqlx::query_as(&format!(
            "SELECT c.channel_id, {figures}
             FROM unnest($1::timestamptz[], $2::timestamptz[]) AS p(a, b)
             JOIN conversations c ON c.created_at >= p.a AND c.created_at < p.b
             {rating}
             WHERE {SCOPE}
             GROUP BY c.channel_id",
            figures = figures("$5"),
            rating = rating_join(),
        ))
        .bind(&from)
        .bind(&to)
        .bind(scope.channel_id)
        .bind(scope.group_id)
        .bind(fcr_window_days)
        .fetch_all(&mut *tx)
        .await?;
        parts.extend(rows.into_iter().map(|r| (r.channel_id, r.sums)));
    }
    tx.commit().await?;
    let mut all = Sums::default();
    let mut per_channel: Vec<(i64, i64)> = Vec::new();
    for (channel, sums) in &parts {
        all.add(sums);
        match per_channel.iter_mut().find(|(c, _)| c == channel) {
            Some((_, n)) => *n += sums.total,
            None => per_channel.push((*channel, sums.total)),
        }
    }
    per_channel.retain(|(_, n)| *n > 0);
    Ok((all, per_channel))
}

#[derive(sqlx::FromRow)]
struct ChannelSums {
    channel_id: i64,
    #[sqlx(flatten)]
    sums: Sums,
}
