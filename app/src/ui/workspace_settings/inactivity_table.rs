use crate::i18n::*;
use crate::ui::routing_settings::{optional_number, submit, SaveStatus, Status};
use crate::workspace::model::ChannelInactivity;
use crate::workspace::save_channel_inactivity;
use leptos::prelude::*;

/// Each channel's inactivity auto-close: after how long, the warning before, its text.
#[component]
pub fn InactivityTable(channels: Vec<ChannelInactivity>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section aria-labelledby="inactivity-title">
            <h2 id="inactivity-title">{t!(i18n, inactivity_title)}</h2>
            <p class="hint">{t!(i18n, inactivity_hint)}</p>
            <table class="grid" data-testid="inactivity">
                <thead>
                    <tr>
                        <th>{t!(i18n, col_channel)}</th>
                        <th>{t!(i18n, col_close_minutes)}</th>
                        <th>{t!(i18n, col_warning_minutes)}</th>
                        <th>{t!(i18n, col_warning_text)}</th>
                        <th></th>
                    </tr>
                </thead>
                <tbody>
                    {channels.into_iter().map(|c| view! { <InactivityRow channel=c /> }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

#[component]
fn InactivityRow(channel: ChannelInactivity) -> impl IntoView {
    let i18n = use_i18n();
    let text = |m: Option<i32>| m.map(|m| m.to_string()).unwrap_or_default();
    let close = RwSignal::new(text(channel.close_minutes));
    let warning = RwSignal::new(text(channel.warning_minutes));
    let warning_text = RwSignal::new(channel.warning_text.clone().unwrap_or_default());
    let status: Status = RwSignal::new(None);
    let (id, name) = (channel.id, channel.name.clone());
    let on_save = move |_| {
        let parsed = (|| {
            let custom = warning_text.get_untracked();
            Some(ChannelInactivity {
                id,
                name: name.clone(),
                close_minutes: optional_number(&close.get_untracked())?,
                warning_minutes: optional_number(&warning.get_untracked())?,
                warning_text: (!custom.trim().is_empty()).then_some(custom),
            })
        })()
        .filter(ChannelInactivity::is_valid);
        submit(status, parsed, |c| save_channel_inactivity(c));
    };
    view! {
        <tr data-channel=channel.name.clone()>
            <td>{channel.name.clone()}</td>
            <td><input type="number" name="close_minutes" min="1" placeholder="—" aria-label=move || t_string!(i18n, col_close_minutes) bind:value=close /></td>
            <td><input type="number" name="warning_minutes" min="1" placeholder="—" aria-label=move || t_string!(i18n, col_warning_minutes) bind:value=warning /></td>
            <td><textarea name="warning_text" rows="2" maxlength="2000" aria-label=move || t_string!(i18n, col_warning_text) bind:value=warning_text></textarea></td>
            <td>
                <button type="button" on:click=on_save>{t!(i18n, save_button)}</button>
                <SaveStatus status />
            </td>
        </tr>
    }
}
