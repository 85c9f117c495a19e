use crate::i18n::*;
use crate::reports::kpi_model::KpiThresholds;
use crate::reports::SaveKpiThresholds;
use crate::ui::error_text::error_text;
use leptos::prelude::*;

/// The organisation's KPI thresholds (`settings.reports`); what is typed stays when
/// a value is refused; `on_saved` runs after a save.
#[component]
pub fn KpiThresholdsForm(current: KpiThresholds, on_saved: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveKpiThresholds>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = save.value().get() {
            on_saved.run(());
        }
    });
    // Success is told by the page (this form is drawn anew with the saved values).
    let result = move || {
        save.value()
            .get()
            .and_then(Result::err)
            .map(|e| view! { <p class="error" role="alert">{error_text(i18n, &e)}</p> })
    };
    let field = move |name: &'static str, value: String, step: &'static str| {
        view! { <input type="number" name=name value=value step=step min="0" required /> }
    };
    view! {
        <section class="kpi-thresholds" aria-labelledby="kpi-thresholds-title">
            <h2 id="kpi-thresholds-title">{t!(i18n, kpi_thresholds_title)}</h2>
            <ActionForm action=save attr:class="settings-form">
                <label>{t!(i18n, kpi_th_wait)}{field("wait_max_seconds", current.wait_max_seconds.to_string(), "1")}</label>
                <label>{t!(i18n, kpi_th_accuracy)}{field("accuracy_min_percent", current.accuracy_min_percent.to_string(), "any")}</label>
                <label>{t!(i18n, kpi_th_satisfaction)}{field("satisfaction_min", current.satisfaction_min.to_string(), "any")}</label>
                <label>{t!(i18n, kpi_th_fcr)}{field("fcr_min_percent", current.fcr_min_percent.to_string(), "any")}</label>
                <label>{t!(i18n, kpi_th_abandoned)}{field("abandoned_max_percent", current.abandoned_max_percent.to_string(), "any")}</label>
                <label>{t!(i18n, kpi_th_window)}{field("fcr_window_days", current.fcr_window_days.to_string(), "1")}</label>
                <button type="submit">{t!(i18n, kpi_save)}</button>
            </ActionForm>
            {result}
        </section>
    }
}
