//! The CRM lookup's settings on the API page: the endpoint inside the bank, its bearer
//! token (never shown back) and the timeout.

use super::error_text::error_text;
use super::routing_settings::{SaveStatus, Status};
use crate::crm::model::CrmForm;
use crate::crm::{crm_settings, save_crm_settings};
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn CrmSettings() -> impl IntoView {
    let i18n = use_i18n();
    let loaded = Resource::new(|| (), |_| crm_settings());
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match loaded.await {
                    Ok(form) => view! { <CrmEditor form reload=Callback::new(move |()| loaded.refetch()) /> }.into_any(),
                    Err(e) => view! { <p class="error" role="alert">{error_text(i18n, &e)}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn CrmEditor(form: CrmForm, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let url = RwSignal::new(form.url.clone());
    let token = RwSignal::new(String::new());
    let clear = RwSignal::new(false);
    let timeout = RwSignal::new(form.timeout_ms.to_string());
    let status: Status = RwSignal::new(None);
    let has_token = form.has_token;
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = CrmForm {
            url: url.get_untracked(),
            token: token.get_untracked(),
            clear_token: clear.get_untracked(),
            timeout_ms: timeout.get_untracked().trim().parse().unwrap_or(0),
            has_token: false,
        };
        leptos::task::spawn_local(async move {
            let result = save_crm_settings(form).await;
            if result.is_ok() {
                token.set(String::new());
                reload.run(());
            }
            status.set(Some(result));
        });
    };
    view! {
        <form class="settings-form panel stacked" data-testid="crm-form" on:submit=on_submit>
            <h2>{t!(i18n, crm_title)}</h2>
            <p class="hint">{t!(i18n, crm_hint)}</p>
            <label>{t!(i18n, crm_url)}<input name="crm_url" placeholder="https://crm.bank.local/contact-center/lookup" bind:value=url /></label>
            <label>
                {t!(i18n, crm_token)}
                <input name="crm_token" type="password" autocomplete="off" bind:value=token
                    placeholder=move || if has_token { t_string!(i18n, channels_token_keep).to_string() } else { String::new() } />
            </label>
            <Show when=move || has_token>
                <label class="check"><input type="checkbox" name="crm_clear_token" bind:checked=clear />{t!(i18n, crm_clear_token)}</label>
            </Show>
            <label>{t!(i18n, crm_timeout)}<input name="crm_timeout" type="number" min="200" max="15000" step="100" bind:value=timeout /></label>
            <div class="actions">
                <button type="submit">{t!(i18n, save_button)}</button>
                <SaveStatus status />
            </div>
        </form>
    }
}
