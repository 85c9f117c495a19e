use crate::i18n::*;
use crate::ui::routing_settings::{number, submit, SaveStatus, Status};
use crate::workspace::model::WaitingThresholds;
use crate::workspace::save_waiting_thresholds;
use leptos::prelude::*;

/// When the conversation list's waiting timers turn amber and red.
#[component]
pub fn ThresholdsForm(thresholds: WaitingThresholds) -> impl IntoView {
    let i18n = use_i18n();
    let customer_warn = RwSignal::new(thresholds.customer_warn_seconds.to_string());
    let customer_alert = RwSignal::new(thresholds.customer_alert_seconds.to_string());
    let operator_warn = RwSignal::new(thresholds.operator_warn_seconds.to_string());
    let operator_alert = RwSignal::new(thresholds.operator_alert_seconds.to_string());
    let status: Status = RwSignal::new(None);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let parsed = (|| {
            Some(WaitingThresholds {
                customer_warn_seconds: number(&customer_warn.get_untracked())?,
                customer_alert_seconds: number(&customer_alert.get_untracked())?,
                operator_warn_seconds: number(&operator_warn.get_untracked())?,
                operator_alert_seconds: number(&operator_alert.get_untracked())?,
            })
        })()
        // Refused here with the same translated error the server would give.
        .filter(WaitingThresholds::is_valid);
        submit(status, parsed, |t| save_waiting_thresholds(t));
    };
    view! {
        <section aria-labelledby="thresholds-title">
            <h2 id="thresholds-title">{t!(i18n, thresholds_title)}</h2>
            <p class="hint">{t!(i18n, thresholds_hint)}</p>
            <form class="settings-form" data-testid="thresholds" on:submit=on_submit>
                <label>{t!(i18n, customer_warn_label)}<input type="number" name="customer_warn" min="1" bind:value=customer_warn /></label>
                <label>{t!(i18n, customer_alert_label)}<input type="number" name="customer_alert" min="1" bind:value=customer_alert /></label>
                <label>{t!(i18n, operator_warn_label)}<input type="number" name="operator_warn" min="1" bind:value=operator_warn /></label>
                <label>{t!(i18n, operator_alert_label)}<input type="number" name="operator_alert" min="1" bind:value=operator_alert /></label>
                <button type="submit">{t!(i18n, save_button)}</button>
                <SaveStatus status />
            </form>
        </section>
    }
}
