use crate::i18n::*;
use crate::reports::kpi_model::{Kpi, KpiKind};
use leptos::prelude::*;

fn kind_name(i18n: leptos_i18n::I18nContext<Locale>, kind: KpiKind) -> String {
    match kind {
        KpiKind::AverageWait => t_string!(i18n, kpi_wait).to_string(),
        KpiKind::Accuracy => t_string!(i18n, kpi_accuracy).to_string(),
        KpiKind::Satisfaction => t_string!(i18n, kpi_satisfaction).to_string(),
        KpiKind::FirstContactResolution => t_string!(i18n, kpi_fcr).to_string(),
        KpiKind::Abandoned => t_string!(i18n, kpi_abandoned).to_string(),
    }
}

/// A KPI's figure with its unit.
fn amount(i18n: leptos_i18n::I18nContext<Locale>, kind: KpiKind, value: f64, percent: Option<f64>) -> String {
    let value_text = format!("{value:.2}");
    match kind {
        KpiKind::AverageWait => {
            let value = format!("{value:.0}");
            t_string!(i18n, kpi_seconds, value).to_string()
        }
        KpiKind::Satisfaction => {
            let percent = format!("{:.0}", percent.unwrap_or(value * 20.0));
            let value = value_text;
            t_string!(i18n, kpi_points, value, percent).to_string()
        }
        _ => {
            let value = value_text;
            t_string!(i18n, kpi_percent, value).to_string()
        }
    }
}

/// The KPIs of the period, each green or red against its threshold.
#[component]
pub fn KpiTable(kpis: Vec<Kpi>) -> impl IntoView {
    let i18n = use_i18n();
    let rows = kpis
        .into_iter()
        .map(|k| {
            let met = k.met();
            let class = match met {
                Some(true) => "kpi met",
                Some(false) => "kpi missed",
                None => "kpi no-data",
            };
            let kind = k.kind;
            let value = k.value;
            let percent = k.percent;
            let threshold = k.threshold;
            let at_most = k.at_most;
            view! {
                <tr class=class data-kpi=kind.code()>
                    <th scope="row">{move || kind_name(i18n, kind)}</th>
                    <td class="num value">{move || value.map(|v| amount(i18n, kind, v, percent)).unwrap_or_else(|| "—".into())}</td>
                    <td class="num threshold">
                        {move || {
                            let value = amount(i18n, kind, threshold, None);
                            if at_most {
                                t_string!(i18n, kpi_at_most, value).to_string()
                            } else {
                                t_string!(i18n, kpi_at_least, value).to_string()
                            }
                        }}
                    </td>
                    <td class="status">
                        {move || match met {
                            Some(true) => t_string!(i18n, kpi_met).to_string(),
                            Some(false) => t_string!(i18n, kpi_missed).to_string(),
                            None => t_string!(i18n, kpi_no_data).to_string(),
                        }}
                    </td>
                    <td class="num basis">{k.basis}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="grid report kpis" data-testid="kpi-table">
            <thead>
                <tr>
                    <th scope="col">{t!(i18n, kpi_col_indicator)}</th>
                    <th scope="col">{t!(i18n, kpi_col_value)}</th>
                    <th scope="col">{t!(i18n, kpi_col_threshold)}</th>
                    <th scope="col">{t!(i18n, kpi_col_status)}</th>
                    <th scope="col">{t!(i18n, kpi_col_basis)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
