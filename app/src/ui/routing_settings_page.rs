//! The routing settings page (administrators): priority weights and timers, customer
//! segments, attribute rules, each channel's routing, operators' skills and groups,
//! and operator states. Every change applies at once; the queue reorders.

use super::guarded::Guarded;
use super::layout::Layout;
use super::live_marker::LiveMarker;
use super::routing_settings::{
    channels_table::ChannelsTable, operators_table::OperatorsTable, rules_table::RulesTable,
    segments_table::SegmentsTable, states_table::StatesTable, weights_form::WeightsForm,
};
use crate::i18n::*;
use crate::model::CurrentUser;
use crate::permission::Permission;
use crate::settings::routing_config;
use leptos::prelude::*;

#[component]
pub fn RoutingSettingsPage() -> impl IntoView {
    view! { <Guarded any_of=&[Permission::SettingsRouting] page=routing_settings_page /> }
}

fn routing_settings_page(user: CurrentUser) -> AnyView {
    view! { <Layout user><RoutingSettings /></Layout> }.into_any()
}

#[component]
fn RoutingSettings() -> impl IntoView {
    let i18n = use_i18n();
    let config = Resource::new(|| (), |_| routing_config());
    // Sections that add rows ask for the whole configuration again.
    let reload = Callback::new(move |()| config.refetch());
    view! {
        <main class="page wide settings">
            <h1>{t!(i18n, settings_title)}</h1>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match config.await {
                        Ok(c) => view! {
                            <WeightsForm weights=c.weights />
                            <SegmentsTable segments=c.segments reload />
                            <RulesTable rules=c.rules reload />
                            <ChannelsTable channels=c.channels groups=c.groups.clone() />
                            <OperatorsTable operators=c.operators groups=c.groups reload />
                            <StatesTable states=c.states reload />
                            <LiveMarker />
                        }
                        .into_any(),
                        Err(e) => view! {
                            <p class="error" role="alert">{super::error_text::error_text(i18n, &e)}</p>
                        }
                        .into_any(),
                    }
                })}
            </Transition>
        </main>
    }
}
