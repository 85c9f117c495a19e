use super::{number, optional_number, submit, SaveStatus, Status};
use crate::i18n::*;
use crate::model::{ChannelRouting, OperatorGroup};
use crate::settings::save_channel_routing;
use leptos::prelude::*;

/// Each channel's weight, group, auto-reply and wait-notice interval.
#[component]
pub fn ChannelsTable(channels: Vec<ChannelRouting>, groups: Vec<OperatorGroup>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section aria-labelledby="channels-title">
            <h2 id="channels-title">{t!(i18n, channels_title)}</h2>
            <table class="grid" data-testid="channels">
                <thead>
                    <tr>
                        <th>{t!(i18n, col_channel)}</th>
                        <th>{t!(i18n, col_weight)}</th>
                        <th>{t!(i18n, col_group)}</th>
                        <th>{t!(i18n, col_auto_reply)}</th>
                        <th>{t!(i18n, col_wait_notice)}</th>
                        <th></th>
                    </tr>
                </thead>
                <tbody>
                    {channels
                        .into_iter()
                        .map(|c| view! { <ChannelRow channel=c groups=groups.clone() /> })
                        .collect_view()}
                </tbody>
            </table>
        </section>
    }
}

#[component]
fn ChannelRow(channel: ChannelRouting, groups: Vec<OperatorGroup>) -> impl IntoView {
    let i18n = use_i18n();
    let weight = RwSignal::new(channel.weight.to_string());
    let group = RwSignal::new(channel.group_id.map(|g| g.to_string()).unwrap_or_default());
    let reply = RwSignal::new(channel.auto_reply.clone().unwrap_or_default());
    let notice = RwSignal::new(
        channel
            .wait_notice_seconds
            .map(|s| s.to_string())
            .unwrap_or_default(),
    );
    let status: Status = RwSignal::new(None);
    let (id, name) = (channel.id, channel.name.clone());
    let on_save = move |_| {
        let parsed = (|| {
            let reply = reply.get_untracked();
            Some(ChannelRouting {
                id,
                name: name.clone(),
                weight: number(&weight.get_untracked())?,
                group_id: optional_number(&group.get_untracked())?.map(i64::from),
                auto_reply: (!reply.trim().is_empty()).then_some(reply),
                wait_notice_seconds: optional_number(&notice.get_untracked())?,
            })
        })();
        submit(status, parsed, save_channel_routing);
    };
    let selected = channel.group_id;
    view! {
        <tr data-channel=channel.name.clone()>
            <td>{channel.name.clone()}</td>
            <td><input type="number" name="weight" aria-label=move || t_string!(i18n, col_weight) bind:value=weight /></td>
            <td>
                <select name="group" aria-label=move || t_string!(i18n, col_group) bind:value=group>
                    <option value="" selected=selected.is_none()>{t!(i18n, any_group)}</option>
                    {groups
                        .into_iter()
                        .map(|g| view! { <option value=g.id.to_string() selected=selected == Some(g.id)>{g.name}</option> })
                        .collect_view()}
                </select>
            </td>
            <td><textarea name="auto_reply" rows="2" maxlength="2000" aria-label=move || t_string!(i18n, col_auto_reply) bind:value=reply></textarea></td>
            <td><input type="number" name="wait_notice" min="60" placeholder="—" aria-label=move || t_string!(i18n, col_wait_notice) bind:value=notice /></td>
            <td>
                <button type="button" on:click=on_save>{t!(i18n, save_button)}</button>
                <SaveStatus status />
            </td>
        </tr>
    }
}
