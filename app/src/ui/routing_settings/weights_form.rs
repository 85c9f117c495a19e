use super::{number, submit, SaveStatus, Status};
use crate::i18n::*;
use crate::model::RoutingWeights;
use crate::settings::save_weights;
use leptos::prelude::*;

/// Priority per minute waited, group overflow, answer timeout and the boost of a
/// conversation that comes back unanswered.
#[component]
pub fn WeightsForm(weights: RoutingWeights) -> impl IntoView {
    let i18n = use_i18n();
    let wait = RwSignal::new(weights.wait_weight.to_string());
    let overflow = RwSignal::new(weights.overflow_seconds.to_string());
    let timeout = RwSignal::new(weights.answer_timeout_seconds.to_string());
    let boost = RwSignal::new(weights.reassign_boost.to_string());
    let status: Status = RwSignal::new(None);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let parsed = (|| {
            Some(RoutingWeights {
                wait_weight: number(&wait.get_untracked())?,
                overflow_seconds: number(&overflow.get_untracked())?,
                answer_timeout_seconds: number(&timeout.get_untracked())?,
                reassign_boost: number(&boost.get_untracked())?,
            })
        })();
        submit(status, parsed, save_weights);
    };
    view! {
        <section aria-labelledby="weights-title">
            <h2 id="weights-title">{t!(i18n, weights_title)}</h2>
            <p class="hint">{t!(i18n, weights_hint)}</p>
            <form class="settings-form" on:submit=on_submit>
                <label>{t!(i18n, weight_wait)}<input type="number" min="0" bind:value=wait /></label>
                <label>{t!(i18n, weight_overflow)}<input type="number" min="0" bind:value=overflow /></label>
                <label>{t!(i18n, weight_timeout)}<input type="number" min="10" bind:value=timeout /></label>
                <label>{t!(i18n, weight_boost)}<input type="number" min="0" bind:value=boost /></label>
                <button type="submit">{t!(i18n, save_button)}</button>
                <SaveStatus status />
            </form>
        </section>
    }
}
