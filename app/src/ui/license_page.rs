//! `/admin/license` (`licenses.manage`): the license in force, the operators holding a
//! seat now, the history of seats, and loading a new license file (no restart).

use super::error_text::error_text;
use super::guarded::Guarded;
use super::layout::Layout;
use super::live_marker::LiveMarker;
use crate::error::AppError;
use crate::i18n::*;
use crate::license::model::LicenseOverview;
use crate::license::{license_overview, load_license};
use crate::model::CurrentUser;
use crate::permission::Permission;
use leptos::prelude::*;

#[component]
pub fn LicensePage() -> impl IntoView {
    view! { <Guarded any_of=&[Permission::LicensesManage] page=license_page /> }
}

fn license_page(user: CurrentUser) -> AnyView {
    let offset = user.utc_offset_seconds;
    view! { <Layout user><Licensing offset /></Layout> }.into_any()
}

#[component]
fn Licensing(offset: i32) -> impl IntoView {
    let i18n = use_i18n();
    let overview = Resource::new(|| (), |_| license_overview());
    let text = RwSignal::new(String::new());
    let result: RwSignal<Option<Result<(), AppError>>> = RwSignal::new(None);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let file = text.get_untracked();
        leptos::task::spawn_local(async move {
            match load_license(file).await {
                Ok(_) => {
                    result.set(Some(Ok(())));
                    text.set(String::new());
                    overview.refetch();
                }
                Err(e) => result.set(Some(Err(e))),
            }
        });
    };
    view! {
        <main class="page wide settings">
            <h1>{t!(i18n, license_title)}</h1>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match overview.await {
                        Ok(o) => view! { <Overview o offset /> }.into_any(),
                        Err(e) => view! { <p class="error" role="alert">{error_text(i18n, &e)}</p> }.into_any(),
                    }
                })}
            </Transition>
            <form class="settings-form panel" data-testid="license-form" on:submit=on_submit>
                <h2>{t!(i18n, license_load)}</h2>
                <p class="hint">{t!(i18n, license_load_hint)}</p>
                <textarea name="license" rows="4" required bind:value=text></textarea>
                <div class="actions">
                    <button type="submit">{t!(i18n, license_load_button)}</button>
                    {move || result.get().map(|r| match r {
                        Ok(()) => view! { <span class="saved" role="status">{t!(i18n, license_loaded)}</span> }.into_any(),
                        Err(e) => view! { <span class="error" role="alert">{error_text(i18n, &e)}</span> }.into_any(),
                    })}
                </div>
            </form>
            <LiveMarker />
        </main>
    }
}

#[component]
fn Overview(o: LicenseOverview, offset: i32) -> impl IntoView {
    let i18n = use_i18n();
    let in_use = o.seats.len();
    let max = o.max;
    let expired = o.expired;
    view! {
        <section class="license" data-testid="license">
            {match o.license {
                Some(l) => {
                    let expires = l.expires.clone().unwrap_or_else(|| "—".to_owned());
                    view! {
                        <dl class="terms">
                            <dt>{t!(i18n, license_licensee)}</dt><dd data-testid="licensee">{l.licensee.clone()}</dd>
                            <dt>{t!(i18n, license_id)}</dt><dd><code>{l.id.clone()}</code></dd>
                            <dt>{t!(i18n, license_issued)}</dt><dd>{l.issued.clone()}</dd>
                            <dt>{t!(i18n, license_expires)}</dt><dd>{expires}</dd>
                        </dl>
                    }
                    .into_any()
                }
                None => view! {
                    <p class="notice" role="status">
                        {move || if expired { t_string!(i18n, license_expired_notice) } else { t_string!(i18n, license_evaluation) }}
                    </p>
                }
                .into_any(),
            }}
            <p class="seats" data-testid="seats">{move || t_string!(i18n, license_seats, in_use, max).to_string()}</p>
            <table class="grid" data-testid="seat-holders">
                <thead><tr><th>{t!(i18n, col_login)}</th><th>{t!(i18n, col_name)}</th><th>{t!(i18n, license_since)}</th></tr></thead>
                <tbody>
                    {o.seats.into_iter().map(|s| view! {
                        <tr><td>{s.login}</td><td>{s.display_name}</td><td>{crate::time::date_time(&s.since, offset)}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            <h2>{t!(i18n, license_history)}</h2>
            <table class="grid" data-testid="seat-history">
                <thead>
                    <tr>
                        <th>{t!(i18n, audit_col_at)}</th>
                        <th>{t!(i18n, col_login)}</th>
                        <th>{t!(i18n, audit_col_event)}</th>
                        <th>{t!(i18n, license_in_use)}</th>
                    </tr>
                </thead>
                <tbody>
                    {o.history.into_iter().map(|e| {
                        let kind = e.kind.clone();
                        let reason = e.reason.clone();
                        view! {
                            <tr data-kind=e.kind.clone()>
                                <td class="nowrap">{crate::time::date_time_seconds(&e.at, offset)}</td>
                                <td>{e.login}</td>
                                <td>{move || event_name(i18n, &kind, &reason)}</td>
                                <td>{format!("{} / {}", e.in_use, e.max)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

fn event_name(i18n: leptos_i18n::I18nContext<Locale>, kind: &str, reason: &str) -> String {
    let what = match kind {
        "taken" => t_string!(i18n, license_ev_taken),
        "freed" => t_string!(i18n, license_ev_freed),
        "refused" => t_string!(i18n, license_ev_refused),
        _ => t_string!(i18n, license_ev_loaded),
    };
    let why = match reason {
        "sign_out" => t_string!(i18n, license_why_sign_out),
        "end_of_shift" => t_string!(i18n, license_why_end_of_shift),
        "inactive" => t_string!(i18n, license_why_inactive),
        "blocked" | "deleted" | "work_ended" => t_string!(i18n, license_why_administrator),
        _ => "",
    };
    if why.is_empty() || kind == "loaded" {
        what.to_string()
    } else {
        format!("{what}: {why}")
    }
}
