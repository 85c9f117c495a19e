//! The operator's state in the header: a select to switch (one or two clicks), the
//! time in the current state, and a warning past the state's recommended duration.

use super::error_text::error_text;
use crate::error::AppError;
use crate::i18n::*;
use crate::model::{OperatorState, Presence};
use crate::presence::{my_presence, set_shift, switch_state};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn StateSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let loaded = Resource::new(|| (), |_| my_presence());
    // The latest state and the browser clock (ms) when it arrived; None until a switch.
    let switched = RwSignal::new(None::<(Presence, f64)>);
    let clock = RwSignal::new(0.0f64);
    let opened_at = StoredValue::new(0.0f64);
    let error = RwSignal::new(None::<AppError>);
    start_clock(clock, opened_at);

    let presence = move || {
        switched.get().or_else(|| {
            loaded
                .get()
                .and_then(|r| r.ok())
                .map(|v| (v.current, opened_at.get_value()))
        })
    };
    let elapsed = move || {
        presence().map(|(p, at)| {
            let now = clock.get();
            let extra = if now > 0.0 && at > 0.0 {
                ((now - at) / 1000.0).max(0.0) as i64
            } else {
                0
            };
            p.seconds_in_state + extra
        })
    };
    let over = move || {
        presence()
            .and_then(|(p, _)| p.state.recommended_minutes)
            .zip(elapsed())
            .filter(|(minutes, seconds)| *seconds > i64::from(*minutes) * 60)
            .map(|(minutes, _)| minutes)
    };
    // The shift as last changed here; until then, as loaded.
    let shift = RwSignal::new(None::<bool>);
    let on_shift = move || {
        shift
            .get()
            .or_else(|| loaded.get().and_then(|r| r.ok()).map(|v| v.on_shift))
            .unwrap_or(false)
    };
    let select = NodeRef::<leptos::html::Select>::new();
    let on_change = move |ev| {
        let code = event_target_value(&ev);
        spawn_local(async move {
            match switch_state(code).await {
                Ok(p) => {
                    error.set(None);
                    if p.state.receives_chats {
                        shift.set(Some(true));
                    }
                    switched.set(Some((p, clock.get_untracked())));
                }
                Err(e) => {
                    // Refused (no free seat…): the list shows the state the operator is
                    // still in, not the one they picked.
                    if let (Some(el), Some((p, _))) = (select.get_untracked(), untrack(presence)) {
                        el.set_value(&p.state.code);
                    }
                    error.set(Some(e));
                }
            }
        });
    };
    let toggle_shift = move |_| {
        let start = !on_shift();
        spawn_local(async move {
            match set_shift(start).await {
                Ok(view) => {
                    error.set(None);
                    shift.set(Some(view.on_shift));
                    switched.set(Some((view.current, clock.get_untracked())));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let options = move || {
        let states = loaded
            .get()
            .and_then(|r| r.ok())
            .map(|v| v.states)
            .unwrap_or_default();
        let current = presence().map(|(p, _)| p.state.code);
        states
            .into_iter()
            .map(|s| {
                let selected = current.as_deref() == Some(s.code.as_str());
                let name = state_name(i18n, &s);
                view! { <option value=s.code selected=selected>{name}</option> }
            })
            .collect_view()
    };
    view! {
        <Transition fallback=|| ()>
            // `data-ready`: the browser has taken over (the clock runs), so a choice is sent.
            <div
                class="state-switch"
                class:over=move || over().is_some()
                data-testid="state-switch"
                data-ready=move || (clock.get() > 0.0).to_string()
            >
                <select node_ref=select aria-label=move || t_string!(i18n, state_label) on:change=on_change>
                    {options}
                </select>
                <time class="in-state" data-testid="time-in-state">{move || elapsed().map(clock_text)}</time>
                <button type="button" class="shift" on:click=toggle_shift>
                    {move || if on_shift() { t_string!(i18n, shift_end) } else { t_string!(i18n, shift_start) }}
                </button>
                {move || over().map(|minutes| view! {
                    <span class="over-note" role="status">{t!(i18n, state_over, minutes)}</span>
                })}
                {move || error.get().map(|e| view! { <span class="error" role="alert">{error_text(i18n, &e)}</span> })}
            </div>
        </Transition>
    }
}

/// A built-in state's translated name; a custom state's own name.
pub fn state_name(i18n: leptos_i18n::I18nContext<Locale>, state: &OperatorState) -> String {
    match (state.built_in, state.code.as_str()) {
        (true, "available") => t_string!(i18n, state_available).to_string(),
        (true, "busy") => t_string!(i18n, state_busy).to_string(),
        (true, "pause") => t_string!(i18n, state_pause).to_string(),
        (true, "offline") => t_string!(i18n, state_offline).to_string(),
        _ => state.name.clone(),
    }
}

/// `m:ss`, or `h:mm:ss` past an hour.
pub fn clock_text(seconds: i64) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// Ticks `clock` every second in the browser (and notes when the page opened).
#[cfg(feature = "hydrate")]
fn start_clock(clock: RwSignal<f64>, opened_at: StoredValue<f64>) {
    Effect::new(move |_| {
        let now = crate::realtime::now_ms();
        opened_at.set_value(now);
        clock.set(now);
        if let Ok(handle) = set_interval_with_handle(
            move || clock.set(crate::realtime::now_ms()),
            std::time::Duration::from_secs(1),
        ) {
            on_cleanup(move || handle.clear());
        }
    });
}

#[cfg(not(feature = "hydrate"))]
fn start_clock(_clock: RwSignal<f64>, _opened_at: StoredValue<f64>) {}

#[cfg(test)]
mod tests {
    use super::clock_text;

    #[test]
    fn clock_text_grows_hours_when_needed() {
        assert_eq!(clock_text(0), "0:00");
        assert_eq!(clock_text(75), "1:15");
        assert_eq!(clock_text(3600 + 61), "1:01:01");
    }
}
