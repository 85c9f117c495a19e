//! The semi-annual activity report (order 443, appendix 2) for a chosen half-year, in
//! Russian or Kazakh, laid out like the official form and downloadable as Excel and PDF;
//! administrators (`settings.reports`) keep the rows the data cannot fill.

use super::guarded::Guarded;
use super::layout::Layout;
use super::live_marker::LiveMarker;
use super::reports::semiannual_answers_form::SemiannualAnswersForm;
use super::reports::tabs::{ReportTab, ReportTabs};
use crate::i18n::*;
use crate::model::CurrentUser;
use crate::permission::Permission;
use crate::reports::semiannual_form;
use crate::reports::semiannual_model::{FormLanguage, HalfYear};
use crate::ui::error_text::error_text;
use chrono::Datelike;
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SemiannualPage() -> impl IntoView {
    view! { <Guarded any_of=&[Permission::ReportsView, Permission::SettingsReports] page=semiannual_page /> }
}

fn semiannual_page(user: CurrentUser) -> AnyView {
    view! {
        <Layout user=user.clone()>
            <SemiannualView user />
        </Layout>
    }
    .into_any()
}

/// The last finished half-year: the one a report is due for.
fn last_half(today: chrono::NaiveDate) -> HalfYear {
    if today.month() <= 6 {
        HalfYear {
            year: today.year() - 1,
            half: 2,
        }
    } else {
        HalfYear {
            year: today.year(),
            half: 1,
        }
    }
}

#[component]
fn SemiannualView(user: CurrentUser) -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map();
    let offset = chrono::FixedOffset::east_opt(user.utc_offset_seconds)
        .unwrap_or(chrono::FixedOffset::east_opt(0).unwrap());
    let today = crate::time::now().with_timezone(&offset).date_naive();
    let chosen = Memo::new(move |_| {
        let p = params.read();
        let default = last_half(today);
        let period = HalfYear {
            year: p
                .get("year")
                .and_then(|y| y.trim().parse().ok())
                .unwrap_or(default.year),
            half: p
                .get("half")
                .and_then(|h| h.trim().parse().ok())
                .unwrap_or(default.half),
        };
        let language = p
            .get("lang")
            .and_then(|l| FormLanguage::parse(l.trim()))
            .unwrap_or_default();
        (period, language)
    });
    let saved = RwSignal::new(0u32);
    let form = Resource::new(
        move || (chosen.get(), saved.get()),
        |((period, language), _)| semiannual_form(period, language),
    );
    let can_set = user.can(Permission::SettingsReports);
    let can_export = user.can(Permission::ReportsExport);
    let download = move |extension: &str| {
        let (p, l) = chosen.get();
        format!(
            "/reports/semiannual.{extension}?year={}&half={}&lang={}",
            p.year,
            p.half,
            l.code()
        )
    };
    view! {
        <main class="page wide reports semiannual">
            <ReportTabs current=ReportTab::Semiannual />
            <h1>{t!(i18n, semiannual_title)}</h1>
            <p class="hint">{t!(i18n, semiannual_hint)}</p>
            {move || {
                let (period, language) = chosen.get();
                view! {
                    <Form method="GET" action="/reports/semiannual" attr:class="settings-form report-filters">
                        <label>
                            {t!(i18n, semiannual_year)}
                            <input type="number" name="year" min="2000" max="2100" value=period.year.to_string() />
                        </label>
                        <label>
                            {t!(i18n, semiannual_half)}
                            <select name="half" aria-label=move || t_string!(i18n, semiannual_half)>
                                <option value="1" selected={period.half == 1}>{t!(i18n, semiannual_half_1)}</option>
                                <option value="2" selected={period.half == 2}>{t!(i18n, semiannual_half_2)}</option>
                            </select>
                        </label>
                        <label>
                            {t!(i18n, semiannual_language)}
                            <select name="lang" aria-label=move || t_string!(i18n, semiannual_language)>
                                <option value="ru" selected={language == FormLanguage::Ru}>{t!(i18n, lang_ru)}</option>
                                <option value="kk" selected={language == FormLanguage::Kk}>{t!(i18n, lang_kk)}</option>
                            </select>
                        </label>
                        <button type="submit">{t!(i18n, kpi_show)}</button>
                    </Form>
                }
            }}
            <Show when=move || can_export>
                <p class="exports">
                    <a class="button" href=move || download("xlsx") download>{t!(i18n, report_export_xlsx)}</a>
                    <a class="button" href=move || download("pdf") download>{t!(i18n, report_export_pdf)}</a>
                </p>
            </Show>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match form.await {
                        Ok(f) => {
                            let rows = f
                                .rows
                                .into_iter()
                                .map(|r| {
                                    view! {
                                        <tr data-row=r.number class:computed=r.computed>
                                            <td class="num">{r.number}</td>
                                            <td>{r.indicator}</td>
                                            <td>{r.unit}</td>
                                            <td class="value">{r.value}</td>
                                        </tr>
                                    }
                                })
                                .collect_view();
                            let headings = f.headings.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view();
                            let letters = f.letters.into_iter().map(|l| view! { <th scope="col" class="letter">{l}</th> }).collect_view();
                            view! {
                                <section class="official-form" aria-labelledby="form-title">
                                    <h2 id="form-title">{f.title}</h2>
                                    <p class="period">{f.period_text}</p>
                                    <table class="grid report form-table" data-testid="semiannual-table">
                                        <thead>
                                            <tr>{headings}</tr>
                                            <tr>{letters}</tr>
                                        </thead>
                                        <tbody>{rows}</tbody>
                                    </table>
                                </section>
                            }
                                .into_any()
                        }
                        Err(e) => view! { <p class="error" role="alert">{error_text(i18n, &e)}</p> }.into_any(),
                    }
                })}
            </Transition>
            <Show when=move || can_set>
                <SemiannualAnswersForm on_saved=Callback::new(move |()| saved.update(|n| *n += 1)) />
            </Show>
            <LiveMarker />
        </main>
    }
}
