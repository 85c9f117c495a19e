use super::Live;
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::error_text::error_text;
use leptos::prelude::*;

/// The paperclip beside the reply box: sends a file into the open conversation,
/// shows how much is sent, and says in the operator's language why a file was refused.
#[component]
pub fn AttachButton() -> impl IntoView {
    let i18n = use_i18n();
    let live = expect_context::<Live>();
    let progress = RwSignal::new(None::<u8>);
    let error = RwSignal::new(None::<AppError>);
    let on_change = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        start_upload(ev, live, progress, error);
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, live);
    };
    view! {
        <div class="attach">
            <label class="attach-button" title=move || t_string!(i18n, file_attach)>
                <input
                    type="file"
                    class="visually-hidden"
                    data-testid="attach-file"
                    aria-label=move || t_string!(i18n, file_attach)
                    disabled=move || progress.get().is_some()
                    on:change=on_change
                />
                <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20">
                    <path
                        fill="none"
                        stroke="currentColor"
                        stroke-width="2"
                        stroke-linecap="round"
                        d="M21 11.5l-8.5 8.5a5.5 5.5 0 0 1-7.8-7.8l9.2-9.2a3.7 3.7 0 0 1 5.2 5.2l-9.2 9.2a1.8 1.8 0 0 1-2.6-2.6l8.5-8.5"
                    />
                </svg>
            </label>
            {move || progress.get().map(|p| view! {
                <span class="uploading" role="status">{t!(i18n, file_uploading)} " " {p} "%"</span>
            })}
            {move || error.get().map(|e| view! { <span class="error" role="alert">{error_text(i18n, &e)}</span> })}
        </div>
    }
}

#[cfg(feature = "hydrate")]
fn start_upload(
    ev: leptos::ev::Event,
    live: Live,
    progress: RwSignal<Option<u8>>,
    error: RwSignal<Option<AppError>>,
) {
    let Some((input, file)) = protocol::upload::chosen_file(ev.target()) else {
        return;
    };
    let Some(conversation_id) = live.selected.get_untracked() else {
        return;
    };
    error.set(None);
    progress.set(Some(0));
    let conversation = conversation_id.to_string();
    let client_id = crate::realtime::new_client_id();
    protocol::upload::upload(
        "/files/upload",
        &[("conversation_id", &conversation), ("client_id", &client_id)],
        &file,
        move |p| progress.set(Some(p)),
        move |done| {
            progress.set(None);
            input.set_value("");
            match done.status {
                200 => live.conversation.refetch(),
                0 => error.set(Some(AppError::Transport(String::new()))),
                _ => error.set(Some(
                    serde_json::from_str::<AppError>(&done.body).unwrap_or(AppError::Internal),
                )),
            }
        },
    );
}
