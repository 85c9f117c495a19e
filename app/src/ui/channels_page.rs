//! `/admin/channels` (`channels.manage`): every channel with its state (last message
//! received, the provider's last error, messages waiting or failed), connecting and
//! editing a Telegram bot, and the outbound network (proxy, the bank's CA bundle).
//! Tokens go in and never come back: a stored one shows as "stored".

use super::error_text::error_text;
use super::guarded::Guarded;
use super::layout::Layout;
use super::live_marker::LiveMarker;
use super::routing_settings::{SaveStatus, Status};
use crate::channels::model::{
    ChannelKind, ChannelRow, NetworkForm, TelegramForm, TelegramMode, TelegramSettings,
};
use crate::channels::{channels_overview, save_network_settings, save_telegram_channel};
use crate::i18n::*;
use crate::model::CurrentUser;
use crate::permission::Permission;
use leptos::prelude::*;

#[component]
pub fn ChannelsPage() -> impl IntoView {
    view! { <Guarded any_of=&[Permission::ChannelsManage] page=channels_page /> }
}

fn channels_page(user: CurrentUser) -> AnyView {
    let offset = user.utc_offset_seconds;
    view! { <Layout user><Channels offset /></Layout> }.into_any()
}

pub fn kind_name(i18n: leptos_i18n::I18nContext<Locale>, kind: ChannelKind) -> String {
    match kind {
        ChannelKind::Webchat => t_string!(i18n, channels_kind_webchat),
        ChannelKind::Telegram => t_string!(i18n, channels_kind_telegram),
        ChannelKind::Messenger => t_string!(i18n, channels_kind_messenger),
        ChannelKind::Instagram => t_string!(i18n, channels_kind_instagram),
        ChannelKind::Whatsapp => t_string!(i18n, channels_kind_whatsapp),
        ChannelKind::Mobile => t_string!(i18n, channels_kind_mobile),
    }
    .to_string()
}

#[component]
fn Channels(offset: i32) -> impl IntoView {
    let i18n = use_i18n();
    let overview = Resource::new(|| (), |_| channels_overview());
    // The Telegram form: none, a new bot, or the bot being edited.
    let editing: RwSignal<Option<TelegramForm>> = RwSignal::new(None);
    view! {
        <main class="page wide settings">
            <h1>{t!(i18n, channels_title)}</h1>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match overview.await {
                        Ok(o) => view! {
                            <ChannelTable rows=o.channels offset editing />
                            <div class="actions">
                                <button type="button" data-testid="add-telegram" on:click=move |_| editing.set(Some(TelegramForm {
                                    settings: TelegramSettings {
                                        api_base: "https://api.telegram.org".into(),
                                        ..Default::default()
                                    },
                                    rating_scale: 5,
                                    active: true,
                                    ..Default::default()
                                }))>{t!(i18n, channels_add_telegram)}</button>
                            </div>
                            {move || editing.get().map(|form| view! { <TelegramEditor form editing overview /> })}
                            <NetworkEditor network=o.network certificates=o.ca_certificates overview />
                        }
                        .into_any(),
                        Err(e) => view! { <p class="error" role="alert">{error_text(i18n, &e)}</p> }.into_any(),
                    }
                })}
            </Transition>
            <LiveMarker />
        </main>
    }
}

#[component]
fn ChannelTable(
    rows: Vec<ChannelRow>,
    offset: i32,
    editing: RwSignal<Option<TelegramForm>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <table class="grid" data-testid="channels">
            <thead>
                <tr>
                    <th>{t!(i18n, col_name)}</th>
                    <th>{t!(i18n, channels_col_kind)}</th>
                    <th>{t!(i18n, channels_col_state)}</th>
                    <th>{t!(i18n, channels_col_last_inbound)}</th>
                    <th>{t!(i18n, channels_col_outbox)}</th>
                    <th></th>
                </tr>
            </thead>
            <tbody>
                {rows.into_iter().map(|row| {
                    let kind = row.kind;
                    let edit = row.telegram.clone().map(|settings| TelegramForm {
                        id: Some(row.id),
                        name: row.name.clone(),
                        bot_token: String::new(),
                        settings,
                        rating_scale: row.rating_scale,
                        active: row.active,
                    });
                    let error = row.last_error.clone();
                    let error_at = row.last_error_at.clone();
                    let active = row.active;
                    let has_credentials = row.has_credentials || kind == ChannelKind::Webchat;
                    let (pending, failed) = (row.pending, row.failed);
                    view! {
                        <tr data-channel=row.name.clone() data-kind=kind.code()>
                            <td>{row.name.clone()}</td>
                            <td>{move || kind_name(i18n, kind)}</td>
                            <td>
                                {move || match (active, has_credentials, error.clone()) {
                                    (false, _, _) => view! { <span class="muted">{t!(i18n, channels_state_off)}</span> }.into_any(),
                                    (true, false, _) => view! { <span class="error">{t!(i18n, channels_state_no_credentials)}</span> }.into_any(),
                                    (true, true, Some(e)) => {
                                        let at = error_at.as_deref().map(|a| crate::time::date_time(a, offset)).unwrap_or_default();
                                        view! { <span class="error" data-testid="channel-error" title=at>{t!(i18n, channels_state_error)}": "{e}</span> }.into_any()
                                    }
                                    (true, true, None) => view! { <span class="ok">{t!(i18n, channels_state_ok)}</span> }.into_any(),
                                }}
                            </td>
                            <td data-testid="last-inbound">{row.last_inbound_at.as_deref().map(|a| crate::time::date_time(a, offset)).unwrap_or_else(|| "—".into())}</td>
                            <td data-testid="outbox">
                                {move || t_string!(i18n, channels_outbox_counts, pending, failed).to_string()}
                            </td>
                            <td>
                                {edit.map(|form| view! {
                                    <button type="button" class="link" on:click=move |_| editing.set(Some(form.clone()))>{t!(i18n, channels_edit)}</button>
                                })}
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn TelegramEditor(
    form: TelegramForm,
    editing: RwSignal<Option<TelegramForm>>,
    overview: Resource<Result<crate::channels::model::ChannelsOverview, crate::error::AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = form.id;
    let name = RwSignal::new(form.name.clone());
    let token = RwSignal::new(String::new());
    let webhook = RwSignal::new(form.settings.mode == TelegramMode::Webhook);
    let api_base = RwSignal::new(form.settings.api_base.clone());
    let public_url = RwSignal::new(form.settings.public_url.clone());
    let scale = RwSignal::new(form.rating_scale.to_string());
    let active = RwSignal::new(form.active);
    let status: Status = RwSignal::new(None);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = TelegramForm {
            id,
            name: name.get_untracked(),
            bot_token: token.get_untracked(),
            settings: TelegramSettings {
                mode: if webhook.get_untracked() {
                    TelegramMode::Webhook
                } else {
                    TelegramMode::Polling
                },
                api_base: api_base.get_untracked(),
                public_url: public_url.get_untracked(),
            },
            rating_scale: if scale.get_untracked() == "10" { 10 } else { 5 },
            active: active.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match save_telegram_channel(form).await {
                Ok(_) => {
                    status.set(Some(Ok(())));
                    editing.set(None);
                    overview.refetch();
                }
                Err(e) => status.set(Some(Err(e))),
            }
        });
    };
    let token_hint = if id.is_some() {
        "channels_token_keep"
    } else {
        "channels_token_new"
    };
    view! {
        <form class="settings-form panel stacked" data-testid="telegram-form" on:submit=on_submit>
            <h2>{move || if id.is_some() { t_string!(i18n, channels_edit_telegram) } else { t_string!(i18n, channels_add_telegram) }}</h2>
            <label>{t!(i18n, channels_field_name)}<input name="name" required maxlength="100" bind:value=name /></label>
            <label>
                {t!(i18n, channels_field_bot_token)}
                <input name="bot_token" type="password" autocomplete="off" required=id.is_none() bind:value=token
                    placeholder=move || if token_hint == "channels_token_keep" { t_string!(i18n, channels_token_keep).to_string() } else { String::new() } />
            </label>
            <p class="hint">{t!(i18n, channels_token_hint)}</p>
            <label>{t!(i18n, channels_field_api_base)}<input name="api_base" required bind:value=api_base /></label>
            <label class="check"><input type="checkbox" name="webhook" bind:checked=webhook />{t!(i18n, channels_webhook_mode)}</label>
            <p class="hint">{t!(i18n, channels_mode_hint)}</p>
            <Show when=move || webhook.get()>
                <label>{t!(i18n, channels_field_public_url)}<input name="public_url" placeholder="https://cc.bank.uz" bind:value=public_url /></label>
            </Show>
            <label>
                {t!(i18n, channels_field_rating_scale)}
                <select name="rating_scale" prop:value=move || scale.get() on:change=move |ev| scale.set(event_target_value(&ev))>
                    <option value="5">"1–5"</option>
                    <option value="10">"1–10"</option>
                </select>
            </label>
            <label class="check"><input type="checkbox" name="active" bind:checked=active />{t!(i18n, channels_active)}</label>
            <div class="actions">
                <button type="submit">{t!(i18n, save_button)}</button>
                <button type="button" class="link" on:click=move |_| editing.set(None)>{t!(i18n, cancel_button)}</button>
                <SaveStatus status />
            </div>
        </form>
    }
}

#[component]
fn NetworkEditor(
    network: NetworkForm,
    certificates: usize,
    overview: Resource<Result<crate::channels::model::ChannelsOverview, crate::error::AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let proxy = RwSignal::new(network.proxy_url.clone());
    let bundle = RwSignal::new(network.ca_bundle.clone());
    let status: Status = RwSignal::new(None);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = NetworkForm {
            proxy_url: proxy.get_untracked(),
            ca_bundle: bundle.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            let result = save_network_settings(form).await;
            if result.is_ok() {
                overview.refetch();
            }
            status.set(Some(result));
        });
    };
    view! {
        <form class="settings-form panel stacked" data-testid="network-form" on:submit=on_submit>
            <h2>{t!(i18n, channels_network)}</h2>
            <p class="hint">{t!(i18n, channels_network_hint)}</p>
            <label>{t!(i18n, channels_proxy)}<input name="proxy" placeholder="http://proxy.bank.local:3128" bind:value=proxy /></label>
            <label>
                {t!(i18n, channels_ca_bundle)}
                <textarea name="ca_bundle" rows="6" spellcheck="false" placeholder="-----BEGIN CERTIFICATE-----" bind:value=bundle></textarea>
            </label>
            <p class="hint" data-testid="ca-count">{move || t_string!(i18n, channels_ca_count, certificates).to_string()}</p>
            <div class="actions">
                <button type="submit">{t!(i18n, save_button)}</button>
                <SaveStatus status />
            </div>
        </form>
    }
}
