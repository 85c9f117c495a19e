//! `/admin/api` (`api.manage`): tokens for the REST API (scopes, address allowlist,
//! rate; shown once when made), webhook subscriptions with their signing secret (shown
//! once), and the delivery log with a button to deliver again. Links to the API's
//! Swagger UI, served by this server.

use super::error_text::error_text;
use super::guarded::Guarded;
use super::layout::Layout;
use super::live_marker::LiveMarker;
use crate::api_admin::model::{ApiOverview, TokenForm, WebhookForm};
use crate::api_admin::{
    api_overview, create_api_token, create_webhook, delete_webhook, redeliver_webhook, revoke_api_token,
    set_webhook_active,
};
use crate::error::AppError;
use crate::i18n::*;
use crate::model::CurrentUser;
use crate::permission::Permission;
use leptos::prelude::*;

#[component]
pub fn ApiPage() -> impl IntoView {
    view! { <Guarded any_of=&[Permission::ApiManage] page=api_page /> }
}

fn api_page(user: CurrentUser) -> AnyView {
    let offset = user.utc_offset_seconds;
    view! { <Layout user><Api offset /></Layout> }.into_any()
}

type Overview = Resource<Result<ApiOverview, AppError>>;
type Made = RwSignal<Option<Result<String, AppError>>>;

#[component]
fn Api(offset: i32) -> impl IntoView {
    let i18n = use_i18n();
    let overview: Overview = Resource::new(|| (), |_| api_overview());
    // What was just made (the token or secret shown once) outlives the lists' reload.
    let made_token: Made = RwSignal::new(None);
    let made_secret: Made = RwSignal::new(None);
    view! {
        <main class="page wide settings">
            <h1>{t!(i18n, api_title)}</h1>
            <p class="hint">
                {t!(i18n, api_docs_hint)}" "
                <a href="/api/v1/docs" rel="external" data-testid="api-docs-link">"/api/v1/docs"</a>
            </p>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match overview.await {
                        Ok(o) => view! {
                            <Tokens o=o.clone() overview offset made=made_token />
                            <Webhooks o overview offset made=made_secret />
                        }
                        .into_any(),
                        Err(e) => view! { <p class="error" role="alert">{error_text(i18n, &e)}</p> }.into_any(),
                    }
                })}
            </Transition>
            <super::crm_settings::CrmSettings />
            <LiveMarker />
        </main>
    }
}

/// Checkboxes for a list of codes, bound to a signal holding the chosen ones.
fn choices(codes: Vec<String>, chosen: RwSignal<Vec<String>>, name: &'static str) -> impl IntoView {
    codes
        .into_iter()
        .map(|code| {
            let toggle = code.clone();
            let checked = code.clone();
            view! {
                <label class="check">
                    <input type="checkbox" name=name value=code.clone()
                        prop:checked=move || chosen.get().contains(&checked)
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            let code = toggle.clone();
                            chosen.update(|list| {
                                list.retain(|c| *c != code);
                                if on {
                                    list.push(code);
                                }
                            });
                        } />
                    <code>{code.clone()}</code>
                </label>
            }
        })
        .collect_view()
}

#[component]
fn Tokens(o: ApiOverview, overview: Overview, offset: i32, made: Made) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let scopes = RwSignal::new(Vec::<String>::new());
    let allowlist = RwSignal::new(String::new());
    let rate = RwSignal::new("600".to_owned());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(rate_per_minute) = rate.get_untracked().trim().parse::<i32>() else {
            made.set(Some(Err(AppError::ApiField { field: "rate".into() })));
            return;
        };
        let form = TokenForm {
            name: name.get_untracked(),
            scopes: scopes.get_untracked(),
            allowlist: allowlist.get_untracked(),
            rate_per_minute,
        };
        leptos::task::spawn_local(async move {
            let result = create_api_token(form).await;
            if result.is_ok() {
                name.set(String::new());
                scopes.set(Vec::new());
                overview.refetch();
            }
            made.set(Some(result));
        });
    };
    let revoke = move |id: i64| {
        leptos::task::spawn_local(async move {
            if revoke_api_token(id).await.is_ok() {
                overview.refetch();
            }
        });
    };
    view! {
        <section class="panel" data-testid="api-tokens">
            <h2>{t!(i18n, api_tokens)}</h2>
            <table class="grid">
                <thead><tr>
                    <th>{t!(i18n, col_name)}</th><th>{t!(i18n, api_col_token)}</th><th>{t!(i18n, api_col_scopes)}</th>
                    <th>{t!(i18n, api_col_rate)}</th><th>{t!(i18n, api_col_last_used)}</th><th></th>
                </tr></thead>
                <tbody>
                    {o.tokens.into_iter().map(|t| {
                        let id = t.id;
                        let revoked = t.revoked;
                        let used = match (t.last_used_at.as_deref(), t.last_used_ip.clone()) {
                            (Some(at), ip) => format!("{} {}", crate::time::date_time(at, offset), ip.unwrap_or_default()),
                            (None, _) => "—".to_owned(),
                        };
                        view! {
                            <tr data-token=t.name.clone() class:muted=revoked>
                                <td>{t.name.clone()}</td>
                                <td><code>{format!("{}…", t.prefix)}</code></td>
                                <td>{t.scopes.join(", ")}</td>
                                <td>{t.rate_per_minute}</td>
                                <td>{used}</td>
                                <td>
                                    {if revoked {
                                        view! { <span class="muted">{t!(i18n, api_revoked)}</span> }.into_any()
                                    } else {
                                        view! { <button type="button" class="link" data-testid="revoke-token" on:click=move |_| revoke(id)>{t!(i18n, api_revoke)}</button> }.into_any()
                                    }}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <form class="settings-form stacked" data-testid="token-form" on:submit=on_submit>
                <h3>{t!(i18n, api_new_token)}</h3>
                <label>{t!(i18n, col_name)}<input name="name" required maxlength="100" bind:value=name /></label>
                <fieldset class="checks"><legend>{t!(i18n, api_col_scopes)}</legend>{choices(o.scopes, scopes, "scope")}</fieldset>
                <label>{t!(i18n, api_allowlist)}<textarea name="allowlist" rows="3" placeholder="10.20.0.0/16" bind:value=allowlist></textarea></label>
                <p class="hint">{t!(i18n, api_allowlist_hint)}</p>
                <label>{t!(i18n, api_col_rate)}<input name="rate" type="number" min="1" max="100000" bind:value=rate /></label>
                <div class="actions"><button type="submit">{t!(i18n, api_create_token)}</button></div>
                {move || made.get().map(|r| match r {
                    Ok(token) => view! {
                        <p class="notice" role="status">{t!(i18n, api_token_once)}</p>
                        <pre class="secret" data-testid="new-token">{token}</pre>
                    }.into_any(),
                    Err(e) => view! { <p class="error" role="alert">{error_text(i18n, &e)}</p> }.into_any(),
                })}
            </form>
        </section>
    }
}

#[component]
fn Webhooks(o: ApiOverview, overview: Overview, offset: i32, made: Made) -> impl IntoView {
    let i18n = use_i18n();
    let url = RwSignal::new(String::new());
    let events = RwSignal::new(Vec::<String>::new());
    let description = RwSignal::new(String::new());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = WebhookForm {
            url: url.get_untracked(),
            events: events.get_untracked(),
            description: description.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            let result = create_webhook(form).await;
            if result.is_ok() {
                url.set(String::new());
                events.set(Vec::new());
                description.set(String::new());
                overview.refetch();
            }
            made.set(Some(result));
        });
    };
    let act = move |f: std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), AppError>>>>| {
        leptos::task::spawn_local(async move {
            if f.await.is_ok() {
                overview.refetch();
            }
        });
    };
    view! {
        <section class="panel" data-testid="webhooks">
            <h2>{t!(i18n, api_webhooks)}</h2>
            <table class="grid">
                <thead><tr>
                    <th>"URL"</th><th>{t!(i18n, api_col_events)}</th><th>{t!(i18n, api_col_deliveries)}</th><th></th>
                </tr></thead>
                <tbody>
                    {o.webhooks.into_iter().map(|w| {
                        let id = w.id;
                        let active = w.active;
                        let (delivered, pending, failed) = (w.delivered, w.pending, w.failed);
                        view! {
                            <tr data-webhook=w.url.clone() class:muted=!active>
                                <td><code>{w.url.clone()}</code><br /><span class="hint">{w.description.clone()}</span></td>
                                <td>{w.events.join(", ")}</td>
                                <td data-testid="webhook-counts">{move || t_string!(i18n, api_delivery_counts, delivered, pending, failed).to_string()}</td>
                                <td>
                                    <button type="button" class="link" on:click=move |_| act(Box::pin(set_webhook_active(id, !active)))>
                                        {move || if active { t_string!(i18n, api_pause) } else { t_string!(i18n, api_resume) }}
                                    </button>
                                    " "
                                    <button type="button" class="link danger" on:click=move |_| act(Box::pin(delete_webhook(id)))>{t!(i18n, api_delete)}</button>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <form class="settings-form stacked" data-testid="webhook-form" on:submit=on_submit>
                <h3>{t!(i18n, api_new_webhook)}</h3>
                <label>"URL"<input name="url" required placeholder="https://crm.bank.local/hooks/contact-center" bind:value=url /></label>
                <label>{t!(i18n, api_description)}<input name="description" maxlength="200" bind:value=description /></label>
                <fieldset class="checks"><legend>{t!(i18n, api_col_events)}</legend>{choices(o.events, events, "event")}</fieldset>
                <div class="actions"><button type="submit">{t!(i18n, api_create_webhook)}</button></div>
                {move || made.get().map(|r| match r {
                    Ok(secret) => view! {
                        <p class="notice" role="status">{t!(i18n, api_secret_once)}</p>
                        <pre class="secret" data-testid="new-secret">{secret}</pre>
                    }.into_any(),
                    Err(e) => view! { <p class="error" role="alert">{error_text(i18n, &e)}</p> }.into_any(),
                })}
            </form>
            <h3>{t!(i18n, api_delivery_log)}</h3>
            <table class="grid" data-testid="delivery-log">
                <thead><tr>
                    <th>{t!(i18n, audit_col_at)}</th><th>{t!(i18n, api_col_event)}</th><th>{t!(i18n, api_col_status)}</th>
                    <th>{t!(i18n, api_col_attempts)}</th><th>{t!(i18n, api_col_answer)}</th><th></th>
                </tr></thead>
                <tbody>
                    {o.deliveries.into_iter().map(|d| {
                        let id = d.id;
                        let status = d.status.clone();
                        let answer = match (d.response_status, d.last_error.clone()) {
                            (_, Some(e)) => e,
                            (Some(s), None) => format!("HTTP {s}"),
                            (None, None) => "—".to_owned(),
                        };
                        view! {
                            <tr data-status=d.status.clone() data-event=d.event.clone()>
                                <td class="nowrap">{crate::time::date_time_seconds(&d.created_at, offset)}</td>
                                <td><code>{d.event.clone()}</code></td>
                                <td>{move || match status.as_str() {
                                    "delivered" => t_string!(i18n, api_status_delivered),
                                    "failed" => t_string!(i18n, api_status_failed),
                                    _ => t_string!(i18n, api_status_pending),
                                }}</td>
                                <td>{d.attempts}</td>
                                <td>{answer}</td>
                                <td>
                                    {(d.status != "pending").then(|| view! {
                                        <button type="button" class="link" data-testid="redeliver" on:click=move |_| act(Box::pin(redeliver_webhook(id)))>{t!(i18n, api_redeliver)}</button>
                                    })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}
