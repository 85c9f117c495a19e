use super::segment_picker::SegmentPicker;
use crate::customer_card::model::{ChannelIdentity, CustomerCard};
use crate::i18n::*;
use crate::ui::routing_settings::segments_table::segment_name;
use leptos::prelude::*;

/// Language, segment and the channels the customer writes from.
#[component]
pub fn Facts(card: CustomerCard, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let language = card.language.clone();
    let segment = card.segment.clone();
    let shown_segment = move || match &segment {
        Some(s) => segment_name(i18n, &s.code, s.built_in, &s.name),
        None => t_string!(i18n, card_segment_none).to_string(),
    };
    let editable = card.can_change_segment;
    let (customer_id, current, choices) = (
        card.customer_id,
        card.segment.as_ref().map(|s| s.id),
        card.segments.clone(),
    );
    view! {
        <dl class="card-facts">
            <dt>{t!(i18n, card_language)}</dt>
            <dd data-testid="card-language">{move || crate::ui::language_switch::language_name(i18n, &language)}</dd>
            <dt>{t!(i18n, col_segment)}</dt>
            <dd data-testid="card-segment">
                {if editable {
                    view! { <SegmentPicker customer_id current choices reload /> }.into_any()
                } else {
                    view! { <span>{shown_segment}</span> }.into_any()
                }}
            </dd>
            <dt>{t!(i18n, card_channels)}</dt>
            <dd>
                <ul class="identities" data-testid="card-identities">
                    {card.identities.into_iter().map(|i| view! { <Identity identity=i /> }).collect_view()}
                </ul>
            </dd>
        </dl>
    }
}

#[component]
fn Identity(identity: ChannelIdentity) -> impl IntoView {
    let i18n = use_i18n();
    let kind = identity.channel_kind.clone();
    let kind_for_who = identity.channel_kind.clone();
    let who = identity.identity_kind.clone();
    let label = identity.label.clone();
    view! {
        <li>
            <strong>{identity.channel_name}</strong>
            <span class="meta">
                " · "
                {move || match crate::channels::model::ChannelKind::from_code(&kind) {
                    Some(k) => crate::ui::channels_page::kind_name(i18n, k),
                    None => kind.clone(),
                }}
                " · "
                {move || match (kind_for_who.as_str(), who.as_str()) {
                    // The mobile app's customer is known by the bank's signed id, not a browser.
                    ("mobile", _) => t_string!(i18n, card_id_bank_id).to_string(),
                    (_, "visitor") => t_string!(i18n, card_identity_visitor).to_string(),
                    _ => t_string!(i18n, card_identity_contact).to_string(),
                }}
                {(!label.is_empty()).then(|| view! { " · " <span data-testid="contact-label">{label.clone()}</span> })}
            </span>
        </li>
    }
}
