//! New assignments: when a conversation becomes the operator's (assigned by routing or
//! transferred to them), a chime plays and, if they allowed it, a desktop notification
//! names the customer. Also the switch that asks the browser's permission.

use super::Live;
use crate::i18n::*;
use leptos::prelude::*;
use protocol::ConversationStatus;

#[component]
pub fn AssignmentAlerts(user_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let live = expect_context::<Live>();
    // `None` until the browser has taken over; then the permission and the choice.
    let permission = RwSignal::new(None::<String>);
    let chosen = RwSignal::new(false);
    // The active conversations that were the operator's at the last look (`None`: not looked yet).
    let known = StoredValue::new(None::<Vec<i64>>);
    Effect::new(move |_| {
        let Some(Ok(snapshot)) = live.snapshot.get() else {
            return;
        };
        let mine: Vec<_> = snapshot
            .mine
            .into_iter()
            .filter(|c| c.status == ConversationStatus::Active && c.operator_id == Some(user_id))
            .collect();
        let before = known.get_value();
        known.set_value(Some(mine.iter().map(|c| c.id).collect()));
        let Some(before) = before else { return };
        let selected = live.selected.get_untracked();
        for c in mine
            .iter()
            .filter(|c| !before.contains(&c.id) && Some(c.id) != selected)
        {
            let title = t_string!(i18n, notify_assigned_title).to_string();
            alert(&title, &format!("{} · {}", c.customer_name, c.channel_name), c.id);
        }
    });
    setup(permission, chosen);
    let enable = move |_| {
        request(move |answer: String| {
            let granted = answer == "granted";
            remember(granted);
            chosen.set(granted);
            permission.set(Some(answer));
        });
    };
    let disable = move |_| {
        remember(false);
        chosen.set(false);
    };
    view! {
        <div class="desktop-alerts" data-testid="desktop-alerts">
            {move || match permission.get().as_deref() {
                None | Some("unsupported") => ().into_any(),
                Some("denied") => view! { <p class="hint">{t!(i18n, notify_blocked)}</p> }.into_any(),
                Some("granted") if chosen.get() => view! {
                    <p class="hint">
                        {t!(i18n, notify_on)} " "
                        <button type="button" class="link" on:click=disable>{t!(i18n, notify_disable)}</button>
                    </p>
                }
                .into_any(),
                Some(_) => view! {
                    <button type="button" class="enable" on:click=enable>{t!(i18n, notify_enable)}</button>
                }
                .into_any(),
            }}
        </div>
    }
}

#[cfg(feature = "hydrate")]
fn setup(permission: RwSignal<Option<String>>, chosen: RwSignal<bool>) {
    Effect::new(move |_| {
        permission.set(Some(crate::desktop_alerts::permission()));
        chosen.set(crate::desktop_alerts::chosen());
    });
}

#[cfg(not(feature = "hydrate"))]
fn setup(_permission: RwSignal<Option<String>>, _chosen: RwSignal<bool>) {}

#[cfg(feature = "hydrate")]
fn request(done: impl FnOnce(String) + 'static) {
    crate::desktop_alerts::request_permission(done);
}

#[cfg(not(feature = "hydrate"))]
fn request(_done: impl FnOnce(String) + 'static) {}

#[cfg(feature = "hydrate")]
fn remember(on: bool) {
    crate::desktop_alerts::remember(on);
}

#[cfg(not(feature = "hydrate"))]
fn remember(_on: bool) {}

#[cfg(feature = "hydrate")]
fn alert(title: &str, body: &str, conversation_id: i64) {
    crate::desktop_alerts::chime();
    crate::desktop_alerts::notify(title, body, &format!("conversation-{conversation_id}"));
}

#[cfg(not(feature = "hydrate"))]
fn alert(_title: &str, _body: &str, _conversation_id: i64) {}
