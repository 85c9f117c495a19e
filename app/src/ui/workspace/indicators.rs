//! Waiting indicators (TS 8.7): each conversation shows who owes the next word and for
//! how long — "customer waiting" since the customer's earliest unanswered message, or
//! "operator waiting" since the operator's last message when it is the last word —
//! coloured by the administrators' thresholds. One clock ticks for the whole page.

use super::Live;
use crate::i18n::*;
use crate::ui::state_switch::clock_text;
use crate::workspace::model::WaitingThresholds;
use chrono::DateTime;
use leptos::prelude::*;
use protocol::staff::ConversationSummary;

/// The page's one clock and the thresholds, shared by every indicator.
#[derive(Clone, Copy)]
pub struct Indicators {
    /// The browser's clock (ms), ticked every second.
    now: RwSignal<f64>,
    /// The server's clock minus the browser's (ms).
    skew: RwSignal<f64>,
    thresholds: RwSignal<WaitingThresholds>,
}

impl Indicators {
    /// Starts the clock (in the browser) and provides it to the workspace.
    pub fn provide() {
        let indicators = Indicators {
            now: RwSignal::new(now_ms()),
            skew: RwSignal::new(0.0),
            thresholds: RwSignal::new(WaitingThresholds::default()),
        };
        start(indicators);
        provide_context(indicators);
    }

    fn server_now(&self) -> f64 {
        self.now.get() + self.skew.get()
    }
}

#[cfg(feature = "hydrate")]
fn start(indicators: Indicators) {
    Effect::new(move |_| {
        indicators.now.set(now_ms());
        if let Ok(handle) = set_interval_with_handle(
            move || indicators.now.set(now_ms()),
            std::time::Duration::from_secs(1),
        ) {
            on_cleanup(move || handle.clear());
        }
        leptos::task::spawn_local(async move {
            if let Ok(settings) = crate::workspace::indicator_settings().await {
                indicators.thresholds.set(settings.thresholds);
                indicators.skew.set(settings.server_time_ms as f64 - now_ms());
            }
        });
    });
}

#[cfg(not(feature = "hydrate"))]
fn start(_indicators: Indicators) {}

fn now_ms() -> f64 {
    crate::time::now().timestamp_millis() as f64
}

/// Who is waiting for whom, and for how many seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Waiting {
    Customer(i64),
    Operator(i64),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Fine,
    Warn,
    Alert,
}

impl Level {
    fn class(self) -> &'static str {
        match self {
            Level::Fine => "level-fine",
            Level::Warn => "level-warn",
            Level::Alert => "level-alert",
        }
    }
}

/// The indicator of a conversation at `now_ms` (server time), if someone is waiting.
pub fn waiting(customer_since: Option<&str>, operator_since: Option<&str>, now_ms: f64) -> Option<Waiting> {
    let seconds = |since: &str| {
        DateTime::parse_from_rfc3339(since)
            .ok()
            .map(|t| ((now_ms - t.timestamp_millis() as f64) / 1000.0).floor().max(0.0) as i64)
    };
    match (customer_since, operator_since) {
        (Some(c), _) => seconds(c).map(Waiting::Customer),
        (None, Some(o)) => seconds(o).map(Waiting::Operator),
        (None, None) => None,
    }
}

pub fn level(waiting: Waiting, t: &WaitingThresholds) -> Level {
    let (seconds, warn, alert) = match waiting {
        Waiting::Customer(s) => (s, t.customer_warn_seconds, t.customer_alert_seconds),
        Waiting::Operator(s) => (s, t.operator_warn_seconds, t.operator_alert_seconds),
    };
    if seconds >= i64::from(alert) {
        Level::Alert
    } else if seconds >= i64::from(warn) {
        Level::Warn
    } else {
        Level::Fine
    }
}

/// The indicator for the two timestamps `since` gives.
#[component]
pub fn WaitingIndicator(#[prop(into)] since: Signal<(Option<String>, Option<String>)>) -> impl IntoView {
    let i18n = use_i18n();
    let clock = expect_context::<Indicators>();
    let state = move || {
        let (customer, operator) = since.get();
        waiting(customer.as_deref(), operator.as_deref(), clock.server_now())
    };
    let class = move || match state() {
        Some(w) => {
            let who = match w {
                Waiting::Customer(_) => "waiting-customer",
                Waiting::Operator(_) => "waiting-operator",
            };
            format!("waiting {who} {}", level(w, &clock.thresholds.get()).class())
        }
        None => "waiting".to_owned(),
    };
    let kind = move || match state() {
        Some(Waiting::Customer(_)) => "customer",
        Some(Waiting::Operator(_)) => "operator",
        None => "none",
    };
    let label = move || match state() {
        Some(Waiting::Customer(_)) => t_string!(i18n, waiting_customer).to_string(),
        Some(Waiting::Operator(_)) => t_string!(i18n, waiting_operator).to_string(),
        None => String::new(),
    };
    let time = move || match state() {
        Some(Waiting::Customer(s) | Waiting::Operator(s)) => clock_text(s),
        None => String::new(),
    };
    view! {
        <Show when=move || state().is_some()>
            <span class=class data-testid="waiting" data-waiting=kind title=label>
                <span class="who">{label}</span>
                " "
                <time>{time}</time>
            </span>
        </Show>
    }
}

fn find(live: &Live, id: i64) -> Option<ConversationSummary> {
    live.snapshot.with(|s| {
        s.as_ref()
            .and_then(|r| r.as_ref().ok())
            .and_then(|s| s.mine.iter().chain(&s.queue).find(|c| c.id == id).cloned())
    })
}

/// A list row's indicator and unread badge, read live from the workspace's lists.
#[component]
pub fn RowIndicators(id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let live = expect_context::<Live>();
    let summary = Memo::new(move |_| find(&live, id));
    let since = Signal::derive(move || {
        summary
            .get()
            .map(|s| (s.customer_waiting_since, s.operator_waiting_since))
            .unwrap_or_default()
    });
    // The open conversation is being read: no badge for it.
    let unread = move || {
        summary
            .get()
            .map(|s| s.unread)
            .filter(|n| *n > 0 && live.selected.get() != Some(id))
    };
    view! {
        <span class="row-indicators">
            <WaitingIndicator since />
            {move || unread().map(|count| view! {
                <span class="unread" data-testid="unread" title=t_string!(i18n, unread_label, n = count).to_string()>{count}</span>
            })}
        </span>
    }
}

/// The open conversation's indicator, in the pane's header.
#[component]
pub fn PaneIndicator() -> impl IntoView {
    let live = expect_context::<Live>();
    let since = Signal::derive(move || {
        live.conversation
            .get()
            .and_then(|r| r.ok())
            .flatten()
            .map(|v| (v.summary.customer_waiting_since, v.summary.operator_waiting_since))
            .unwrap_or_default()
    });
    view! { <WaitingIndicator since /> }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: &str = "2026-11-25T10:00:00.000Z";

    fn now_ms() -> f64 {
        DateTime::parse_from_rfc3339(NOW).unwrap().timestamp_millis() as f64
    }

    #[test]
    fn the_customer_waiting_wins_over_the_operator_waiting() {
        let c = Some("2026-11-25T09:59:00.000Z");
        let o = Some("2026-11-25T09:58:00.000Z");
        assert_eq!(waiting(c, None, now_ms()), Some(Waiting::Customer(60)));
        assert_eq!(waiting(None, o, now_ms()), Some(Waiting::Operator(120)));
        assert_eq!(waiting(c, o, now_ms()), Some(Waiting::Customer(60)));
        assert_eq!(waiting(None, None, now_ms()), None);
    }

    #[test]
    fn a_clock_behind_the_server_never_shows_negative_time() {
        assert_eq!(
            waiting(Some("2026-11-25T10:00:05.000Z"), None, now_ms()),
            Some(Waiting::Customer(0))
        );
    }

    #[test]
    fn thresholds_colour_the_indicator() {
        let t = WaitingThresholds::default();
        assert_eq!(level(Waiting::Customer(59), &t), Level::Fine);
        assert_eq!(level(Waiting::Customer(60), &t), Level::Warn);
        assert_eq!(level(Waiting::Customer(180), &t), Level::Alert);
        assert_eq!(level(Waiting::Operator(299), &t), Level::Fine);
        assert_eq!(level(Waiting::Operator(300), &t), Level::Warn);
        assert_eq!(level(Waiting::Operator(900), &t), Level::Alert);
    }
}
