//! `/admin/channels` (`channels.manage`): every channel with its state (last message
//! received, the provider's last error, messages waiting or failed), connecting and
//! editing a Telegram bot or a Meta channel (Messenger, Instagram, WhatsApp), and the outbound network (proxy, the bank's CA bundle).
//! Tokens go in and never come back: a stored one shows as "stored".

use super::error_text::error_text;
use super::guarded::Guarded;
use super::layout::Layout;
use super::live_marker::LiveMarker;
use super::routing_settings::{SaveStatus, Status};
use crate::channels::model::{
    ChannelKind, ChannelRow, MetaForm, MetaSettings, NetworkForm, SignedForm, TelegramForm, TelegramMode,
    TelegramSettings, CUSTOMER_LANGUAGES,
};
use crate::channels::{
    channels_overview, save_meta_channel, save_network_settings, save_signed_channel, save_telegram_channel,
};
use crate::i18n::*;
use crate::model::CurrentUser;
use crate::permission::Permission;
use crate::ui::language_switch::language_name;
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
    let editing: Editing = RwSignal::new(None);
    let new_meta = move |kind: ChannelKind| {
        editing.set(Some(Editor::Meta(MetaForm {
            kind: Some(kind),
            settings: MetaSettings {
                graph_base: "https://graph.facebook.com".into(),
                api_version: "v21.0".into(),
                template_language: "ru".into(),
                ..Default::default()
            },
            rating_scale: 5,
            active: true,
            ..Default::default()
        })))
    };
    view! {
        <main class="page wide settings">
            <h1>{t!(i18n, channels_title)}</h1>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match overview.await {
                        Ok(o) => view! {
                            <ChannelTable rows=o.channels offset editing />
                            <p class="hint">{t!(i18n, channels_meta_hint)}</p>
                            <div class="actions">
                                <button type="button" data-testid="add-mobile" on:click=move |_| {
                                    editing.set(Some(Editor::Signed(SignedForm { kind: Some(ChannelKind::Mobile), rating_scale: 5, active: true, ..Default::default() })));
                                }>{t!(i18n, channels_add_mobile)}</button>
                                <button type="button" data-testid="add-messenger" on:click=move |_| new_meta(ChannelKind::Messenger)>{t!(i18n, channels_add_messenger)}</button>
                                <button type="button" data-testid="add-instagram" on:click=move |_| new_meta(ChannelKind::Instagram)>{t!(i18n, channels_add_instagram)}</button>
                                <button type="button" data-testid="add-whatsapp" on:click=move |_| new_meta(ChannelKind::Whatsapp)>{t!(i18n, channels_add_whatsapp)}</button>
                                <button type="button" data-testid="add-telegram" on:click=move |_| editing.set(Some(Editor::Telegram(TelegramForm {
                                    settings: TelegramSettings {
                                        api_base: "https://api.telegram.org".into(),
                                        ..Default::default()
                                    },
                                    rating_scale: 5,
                                    active: true,
                                    ..Default::default()
                                })))>{t!(i18n, channels_add_telegram)}</button>
                            </div>
                            {move || editing.get().map(|editor| match editor {
                                Editor::Telegram(form) => view! { <TelegramEditor form editing overview /> }.into_any(),
                                Editor::Meta(form) => view! { <MetaEditor form editing overview /> }.into_any(),
                                Editor::Signed(form) => view! { <SignedEditor form editing overview /> }.into_any(),
                            })}
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
fn ChannelTable(rows: Vec<ChannelRow>, offset: i32, editing: Editing) -> impl IntoView {
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
                    let telegram = row.telegram.clone().map(|settings| Editor::Telegram(TelegramForm {
                        id: Some(row.id),
                        name: row.name.clone(),
                        bot_token: String::new(),
                        settings,
                        rating_scale: row.rating_scale,
                        active: row.active,
                    }));
                    let meta = row.meta.clone().map(|settings| Editor::Meta(MetaForm {
                        id: Some(row.id),
                        kind: Some(kind),
                        name: row.name.clone(),
                        settings,
                        rating_scale: row.rating_scale,
                        active: row.active,
                        ..Default::default()
                    }));
                    let signed = matches!(kind, ChannelKind::Webchat | ChannelKind::Mobile).then(|| Editor::Signed(SignedForm {
                        id: Some(row.id),
                        kind: Some(kind),
                        name: row.name.clone(),
                        rating_scale: row.rating_scale,
                        active: row.active,
                        ..Default::default()
                    }));
                    // Each channel is edited in the form of its kind.
                    let edit = telegram.or(meta).or(signed);
                    let channel_key = matches!(kind, ChannelKind::Webchat | ChannelKind::Mobile).then(|| row.public_key.clone());
                    let webhook = row.meta.as_ref().map(|m| (format!("/channels/meta/{}", row.public_key), m.verify_token.clone()));
                    let error = row.last_error.clone();
                    let error_at = row.last_error_at.clone();
                    let active = row.active;
                    let has_credentials = row.has_credentials || kind == ChannelKind::Webchat;
                    let (pending, failed) = (row.pending, row.failed);
                    view! {
                        <tr data-channel=row.name.clone() data-kind=kind.code()>
                            <td>
                                {row.name.clone()}
                                {channel_key.map(|key| view! {
                                    <div class="hint">{t!(i18n, channels_channel_key)}": "<code data-testid="channel-key">{key}</code></div>
                                })}
                                {webhook.map(|(path, token)| view! {
                                    <div class="hint" data-testid="meta-webhook">
                                        {t!(i18n, channels_webhook_address)}": "<code>{path}</code><br />
                                        {t!(i18n, channels_verify_token)}": "<code data-testid="verify-token">{token}</code>
                                    </div>
                                })}
                            </td>
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
                                {edit.map(|editor| view! {
                                    <button type="button" class="link" on:click=move |_| editing.set(Some(editor.clone()))>{t!(i18n, channels_edit)}</button>
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
fn TelegramEditor(form: TelegramForm, editing: Editing, overview: Overview) -> impl IntoView {
    let i18n = use_i18n();
    let id = form.id;
    let name = RwSignal::new(form.name.clone());
    let token = RwSignal::new(String::new());
    let webhook = RwSignal::new(form.settings.mode == TelegramMode::Webhook);
    let api_base = RwSignal::new(form.settings.api_base.clone());
    let public_url = RwSignal::new(form.settings.public_url.clone());
    let scale = RwSignal::new(form.rating_scale);
    let active = RwSignal::new(form.active);
    let status: Status = RwSignal::new(None);
    let close = Callback::new(move |()| editing.set(None));
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
            rating_scale: scale.get_untracked(),
            active: active.get_untracked(),
        };
        saved(save_telegram_channel(form), status, close, overview);
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
            <ScaleActiveSave scale active status cancel=close />
        </form>
    }
}

#[component]
fn MetaEditor(form: MetaForm, editing: Editing, overview: Overview) -> impl IntoView {
    let i18n = use_i18n();
    let id = form.id;
    let kind = form.kind.unwrap_or(ChannelKind::Messenger);
    let whatsapp = kind == ChannelKind::Whatsapp;
    let name = RwSignal::new(form.name.clone());
    let token = RwSignal::new(String::new());
    let app_secret = RwSignal::new(String::new());
    let graph_base = RwSignal::new(form.settings.graph_base.clone());
    let api_version = RwSignal::new(form.settings.api_version.clone());
    let account_id = RwSignal::new(form.settings.account_id.clone());
    let template_name = RwSignal::new(form.settings.template_name.clone());
    let template_language = RwSignal::new(form.settings.template_language.clone());
    let customer_language = RwSignal::new(form.settings.customer_language().to_owned());
    let public_url = RwSignal::new(form.settings.public_url.clone());
    let scale = RwSignal::new(form.rating_scale);
    let active = RwSignal::new(form.active);
    let status: Status = RwSignal::new(None);
    let close = Callback::new(move |()| editing.set(None));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = MetaForm {
            id,
            kind: Some(kind),
            name: name.get_untracked(),
            access_token: token.get_untracked(),
            app_secret: app_secret.get_untracked(),
            settings: MetaSettings {
                graph_base: graph_base.get_untracked(),
                api_version: api_version.get_untracked(),
                account_id: account_id.get_untracked(),
                verify_token: String::new(),
                template_name: template_name.get_untracked(),
                template_language: template_language.get_untracked(),
                customer_language: customer_language.get_untracked(),
                public_url: public_url.get_untracked(),
            },
            rating_scale: scale.get_untracked(),
            active: active.get_untracked(),
        };
        saved(save_meta_channel(form), status, close, overview);
    };
    let keep = move || {
        if id.is_some() {
            t_string!(i18n, channels_token_keep).to_string()
        } else {
            String::new()
        }
    };
    view! {
        <form class="settings-form panel stacked" data-testid="meta-form" data-kind=kind.code() on:submit=on_submit>
            <h2>{move || if id.is_some() { t_string!(i18n, channels_edit_meta).to_string() } else { kind_name(i18n, kind) }}</h2>
            <label>{t!(i18n, channels_field_name)}<input name="name" required maxlength="100" bind:value=name /></label>
            <label>
                {move || match kind {
                    ChannelKind::Instagram => t_string!(i18n, channels_field_instagram_id),
                    ChannelKind::Whatsapp => t_string!(i18n, channels_field_phone_number_id),
                    _ => t_string!(i18n, channels_field_page_id),
                }}
                <input name="account_id" required inputmode="numeric" maxlength="30" bind:value=account_id />
            </label>
            <label>
                {t!(i18n, channels_field_access_token)}
                <input name="access_token" type="password" autocomplete="off" required=id.is_none() bind:value=token placeholder=keep />
            </label>
            <label>
                {t!(i18n, channels_field_app_secret)}
                <input name="app_secret" type="password" autocomplete="off" required=id.is_none() bind:value=app_secret placeholder=keep />
            </label>
            <label>{t!(i18n, channels_field_graph_base)}<input name="graph_base" required bind:value=graph_base /></label>
            <label>{t!(i18n, channels_field_api_version)}<input name="api_version" required maxlength="8" bind:value=api_version /></label>
            <label>
                {t!(i18n, channels_field_customer_language)}
                <select name="customer_language" bind:value=customer_language>
                    {CUSTOMER_LANGUAGES
                        .into_iter()
                        .map(|code| {
                            // Marked as well as bound: the select is filled after its value is set.
                            let chosen = customer_language.get_untracked() == code;
                            view! { <option value=code selected=chosen>{move || language_name(i18n, code)}</option> }
                        })
                        .collect_view()}
                </select>
            </label>
            <p class="hint">
                {move || if whatsapp {
                    t_string!(i18n, channels_customer_language_whatsapp_hint)
                } else {
                    t_string!(i18n, channels_customer_language_hint)
                }}
            </p>
            <Show when=move || kind == ChannelKind::Instagram>
                <label>{t!(i18n, channels_field_public_url)}<input name="public_url" placeholder="https://cc.bank.uz" bind:value=public_url /></label>
                <p class="hint">{t!(i18n, channels_instagram_files_hint)}</p>
            </Show>
            <Show when=move || whatsapp>
                <label>{t!(i18n, channels_field_template_name)}<input name="template_name" maxlength="512" bind:value=template_name /></label>
                <label>{t!(i18n, channels_field_template_language)}<input name="template_language" maxlength="10" bind:value=template_language /></label>
                <p class="hint">{t!(i18n, channels_template_hint)}</p>
            </Show>
            <ScaleActiveSave scale active status cancel=close />
        </form>
    }
}

#[component]
fn SignedEditor(form: SignedForm, editing: Editing, overview: Overview) -> impl IntoView {
    let i18n = use_i18n();
    let id = form.id;
    let kind = form.kind.unwrap_or(ChannelKind::Mobile);
    let name = RwSignal::new(form.name.clone());
    let secret = RwSignal::new(String::new());
    let scale = RwSignal::new(form.rating_scale);
    let active = RwSignal::new(form.active);
    let status: Status = RwSignal::new(None);
    let close = Callback::new(move |()| editing.set(None));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = SignedForm {
            id,
            kind: Some(kind),
            name: name.get_untracked(),
            identity_secret: secret.get_untracked(),
            rating_scale: scale.get_untracked(),
            active: active.get_untracked(),
        };
        saved(save_signed_channel(form), status, close, overview);
    };
    let required = id.is_none() && kind == ChannelKind::Mobile;
    view! {
        <form class="settings-form panel stacked" data-testid="signed-form" data-kind=kind.code() on:submit=on_submit>
            <h2>{move || if id.is_some() { t_string!(i18n, channels_edit_signed).to_string() } else { t_string!(i18n, channels_add_mobile).to_string() }}</h2>
            <label>{t!(i18n, channels_field_name)}<input name="name" required maxlength="100" bind:value=name /></label>
            <label>
                {t!(i18n, channels_field_identity_secret)}
                <input name="identity_secret" type="password" autocomplete="off" minlength="32" required=required bind:value=secret
                    placeholder=move || if id.is_some() { t_string!(i18n, channels_token_keep).to_string() } else { String::new() } />
            </label>
            <p class="hint">{t!(i18n, channels_identity_hint)}</p>
            <ScaleActiveSave scale active status cancel=close />
        </form>
    }
}

/// The channel form open on the page: none, or one kind's (a new channel or one being edited).
#[derive(Clone)]
enum Editor {
    Telegram(TelegramForm),
    Meta(MetaForm),
    Signed(SignedForm),
}

type Editing = RwSignal<Option<Editor>>;

type Overview = Resource<Result<crate::channels::model::ChannelsOverview, crate::error::AppError>>;

/// Saves a channel form: saved, the form closes and the table reloads; refused, the
/// form stays with the reason.
fn saved(
    call: impl std::future::Future<Output = Result<i64, crate::error::AppError>> + 'static,
    status: Status,
    close: Callback<()>,
    overview: Overview,
) {
    leptos::task::spawn_local(async move {
        match call.await {
            Ok(_) => {
                status.set(Some(Ok(())));
                close.run(());
                overview.refetch();
            }
            Err(e) => status.set(Some(Err(e))),
        }
    });
}

/// What every channel form ends with: the rating scale, whether the channel is on, and
/// Save / Cancel with the outcome.
#[component]
fn ScaleActiveSave(
    scale: RwSignal<i16>,
    active: RwSignal<bool>,
    status: Status,
    cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label>
            {t!(i18n, channels_field_rating_scale)}
            <select
                name="rating_scale"
                prop:value=move || scale.get().to_string()
                on:change=move |ev| scale.set(if event_target_value(&ev) == "10" { 10 } else { 5 })
            >
                <option value="5">"1–5"</option>
                <option value="10">"1–10"</option>
            </select>
        </label>
        <label class="check"><input type="checkbox" name="active" bind:checked=active />{t!(i18n, channels_active)}</label>
        <div class="actions">
            <button type="submit">{t!(i18n, save_button)}</button>
            <button type="button" class="link" on:click=move |_| cancel.run(())>{t!(i18n, cancel_button)}</button>
            <SaveStatus status />
        </div>
    }
}

#[component]
fn NetworkEditor(network: NetworkForm, certificates: usize, overview: Overview) -> impl IntoView {
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
