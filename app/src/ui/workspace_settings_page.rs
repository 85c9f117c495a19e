//! The workspace settings page (administrators, permission `settings.workspace`):
//! waiting-indicator thresholds, each channel's inactivity auto-close, and file limits.

use super::guarded::Guarded;
use super::layout::Layout;
use super::live_marker::LiveMarker;
use super::workspace_settings::{
    file_limits::{file_limits, FileLimitsSection},
    inactivity_table::InactivityTable,
    thresholds_form::ThresholdsForm,
};
use crate::i18n::*;
use crate::model::CurrentUser;
use crate::permission::Permission;
use crate::workspace::workspace_settings;
use leptos::prelude::*;

#[component]
pub fn WorkspaceSettingsPage() -> impl IntoView {
    view! { <Guarded any_of=&[Permission::SettingsWorkspace] page=workspace_settings_page /> }
}

fn workspace_settings_page(user: CurrentUser) -> AnyView {
    view! { <Layout user><WorkspaceSettings /></Layout> }.into_any()
}

#[component]
fn WorkspaceSettings() -> impl IntoView {
    let i18n = use_i18n();
    let settings = Resource::new(|| (), |_| workspace_settings());
    let limits = Resource::new(|| (), |_| file_limits());
    view! {
        <main class="page wide settings workspace-settings">
            <h1>{t!(i18n, nav_workspace_settings)}</h1>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let limits = limits.await;
                    match settings.await {
                        Ok(s) => view! {
                            <ThresholdsForm thresholds=s.thresholds />
                            <InactivityTable channels=s.channels />
                            <FileLimitsSection limits />
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
