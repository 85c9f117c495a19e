//! The operator's own statistics (TS 8.6): today by default, or a chosen period, kept
//! current while open. The figures come from `domain::personal_stats`.

use super::error_text::error_text;
use super::guarded::Guarded;
use super::layout::Layout;
use super::live_marker::LiveMarker;
use super::state_switch::state_name;
use crate::i18n::*;
use crate::model::CurrentUser;
use crate::permission::Permission;
use crate::personal_stats::model::{duration_text, PersonalStats, MAX_PERIOD_DAYS};
use crate::personal_stats::my_stats;
use chrono::{Datelike, Days, NaiveDate};
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

#[component]
pub fn PersonalStatsPage() -> impl IntoView {
    view! { <Guarded any_of=&[Permission::ConversationsHandle] page=personal_stats_page /> }
}

fn personal_stats_page(user: CurrentUser) -> AnyView {
    view! { <Layout user><PersonalStatsView /></Layout> }.into_any()
}

/// Why the chosen dates can't be asked for, checked before asking.
fn period_problem(from: &str, to: &str) -> Option<PeriodProblem> {
    let parse = |d: &str| NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok();
    match (parse(from), parse(to)) {
        (Some(f), Some(t)) if f > t => Some(PeriodProblem::Reversed),
        (Some(f), Some(t)) if (t - f).num_days() >= MAX_PERIOD_DAYS => Some(PeriodProblem::TooLong),
        _ => None,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum PeriodProblem {
    Reversed,
    TooLong,
}

#[component]
fn PersonalStatsView() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let period = Memo::new(move |_| {
        let q = query.read();
        (q.get("from").unwrap_or_default(), q.get("to").unwrap_or_default())
    });
    let problem = Memo::new(move |_| period.with(|(f, t)| period_problem(f, t)));
    let stats = Resource::new(
        move || (period.get(), problem.get().is_some()),
        |((from, to), refused)| async move {
            if refused {
                return None;
            }
            let some = |s: String| (!s.trim().is_empty()).then_some(s);
            Some(my_stats(some(from), some(to)).await)
        },
    );
    keep_current(stats);
    // The form shows what was asked for, or the period the figures are for.
    let form_values = Memo::new(move |_| {
        let (from, to) = period.get();
        stats.with(|s| {
            let loaded = s.as_ref().and_then(|s| s.as_ref()).and_then(|r| r.as_ref().ok());
            let from = loaded
                .filter(|_| from.is_empty())
                .map(|s| s.from.clone())
                .unwrap_or(from);
            let to = loaded
                .filter(|_| to.is_empty())
                .map(|s| s.to.clone())
                .unwrap_or(to);
            (from, to, loaded.map(|s| s.today.clone()))
        })
    });
    view! {
        <main class="page wide personal-stats">
            <h1>{t!(i18n, stats_title)}</h1>
            <Transition fallback=|| ()>
                // Rebuilt only when the period changes, not on every reload of the figures.
                {move || {
                    let (from, to, today) = form_values.get();
                    view! { <PeriodForm from to today /> }
                }}
                {move || problem.get().map(|p| {
                    let text = match p {
                        PeriodProblem::Reversed => t_string!(i18n, stats_err_reversed).to_string(),
                        PeriodProblem::TooLong => {
                            let max = MAX_PERIOD_DAYS;
                            t_string!(i18n, stats_err_too_long, max).to_string()
                        }
                    };
                    view! { <p class="error" role="alert">{text}</p> }
                })}
                {move || stats.get().flatten().map(|r| match r {
                    Ok(s) => view! { <Figures stats=s /> }.into_any(),
                    Err(e) => view! { <p class="error" role="alert">{error_text(i18n, &e)}</p> }.into_any(),
                })}
                <LiveMarker />
            </Transition>
        </main>
    }
}

#[component]
fn PeriodForm(from: String, to: String, today: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let presets = today
        .as_deref()
        .and_then(|t| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok())
        .map(|today| {
            let link = |f: NaiveDate, t: NaiveDate| format!("/me/stats?from={f}&to={t}");
            let yesterday = today - Days::new(1);
            let week = today - Days::new(6);
            let month = today.with_day(1).unwrap_or(today);
            view! {
                <nav class="stats-presets" aria-label=move || t_string!(i18n, stats_period).to_string()>
                    <a href="/me/stats">{t!(i18n, stats_today)}</a>
                    <a href=link(yesterday, yesterday)>{t!(i18n, stats_yesterday)}</a>
                    <a href=link(week, today)>{t!(i18n, stats_week)}</a>
                    <a href=link(month, today)>{t!(i18n, stats_month)}</a>
                </nav>
            }
        });
    view! {
        <div class="stats-period">
            <Form method="GET" action="/me/stats" attr:class="settings-form inline">
                <label>{t!(i18n, stats_from)}<input type="date" name="from" value=from /></label>
                <label>{t!(i18n, stats_to)}<input type="date" name="to" value=to /></label>
                <button type="submit">{t!(i18n, stats_show)}</button>
            </Form>
            {presets}
        </div>
    }
}

#[component]
fn Figures(stats: PersonalStats) -> impl IntoView {
    let i18n = use_i18n();
    let dash = || "—".to_owned();
    let handling = stats.avg_handling_seconds.map(duration_text).unwrap_or_else(dash);
    let first_response = stats
        .avg_first_response_seconds
        .map(duration_text)
        .unwrap_or_else(dash);
    let ratings = if stats.ratings.is_empty() {
        view! { <span>{dash()}</span> }.into_any()
    } else {
        stats
            .ratings
            .iter()
            .map(|r| {
                let average = format!("{:.2}", r.average);
                let (scale, count) = (r.scale, r.count);
                let text = t_string!(i18n, stats_rating_value, average, scale, count).to_string();
                view! { <span class="rating">{text}</span> }
            })
            .collect_view()
            .into_any()
    };
    let rated: i64 = stats.ratings.iter().map(|r| r.count).sum();
    let from = stats.from.clone();
    let to = stats.to.clone();
    let caption = if from == to {
        from.clone()
    } else {
        format!("{from} — {to}")
    };
    view! {
        <p class="stats-caption">{t!(i18n, stats_period)} ": " <span data-testid="stats-period">{caption}</span></p>
        <dl class="stats-figures" data-testid="stats-figures">
            <div data-figure="handled"><dt>{t!(i18n, stats_handled)}</dt><dd>{stats.handled}</dd></div>
            <div data-figure="handling"><dt>{t!(i18n, stats_avg_handling)}</dt><dd>{handling}</dd></div>
            <div data-figure="first-response"><dt>{t!(i18n, stats_avg_first_response)}</dt><dd>{first_response}</dd></div>
            <div data-figure="rating"><dt>{t!(i18n, stats_rating)}</dt><dd>{ratings}</dd></div>
            <div data-figure="rated"><dt>{t!(i18n, stats_rated)}</dt><dd>{rated}</dd></div>
        </dl>
        <section aria-labelledby="stats-states-title">
            <h2 id="stats-states-title">{t!(i18n, stats_states)}</h2>
            <table class="grid stats-states" data-testid="stats-states">
                <thead>
                    <tr><th>{t!(i18n, col_state)}</th><th>{t!(i18n, stats_col_time)}</th></tr>
                </thead>
                <tbody>
                    {stats.states.into_iter().map(|s| {
                        let state = s.state.clone();
                        view! {
                            <tr data-state=s.state.code.clone()>
                                <td>{move || state_name(i18n, &state)}</td>
                                <td class="duration">{duration_text(s.seconds)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

type StatsResource = Resource<Option<Result<PersonalStats, crate::error::AppError>>>;

/// The figures are "online": reloaded every 30 seconds while the page is open.
#[cfg(feature = "hydrate")]
fn keep_current(stats: StatsResource) {
    Effect::new(move |_| {
        if let Ok(handle) =
            set_interval_with_handle(move || stats.refetch(), std::time::Duration::from_secs(30))
        {
            on_cleanup(move || handle.clear());
        }
    });
}

#[cfg(not(feature = "hydrate"))]
fn keep_current(_stats: StatsResource) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reversed_or_overlong_period_is_refused_before_asking() {
        assert!(period_problem("", "").is_none());
        assert!(period_problem("2026-11-01", "2026-11-25").is_none());
        assert!(period_problem("2026-11-25", "2026-11-01") == Some(PeriodProblem::Reversed));
        assert!(period_problem("2025-01-01", "2026-11-25") == Some(PeriodProblem::TooLong));
    }
}
