use crate::customer_card::model::NAME_MAX;
use crate::customer_card::save_customer_names;
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::error_text::error_text;
use leptos::prelude::*;

/// Edits the customer's display name and nickname (for whoever handles them).
#[component]
pub fn NamesForm(
    customer_id: i64,
    display_name: String,
    nickname: String,
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let name = RwSignal::new(display_name.clone());
    let nick = RwSignal::new(nickname.clone());
    let failed = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (n, k) = (name.get_untracked(), nick.get_untracked());
        if n.trim().is_empty() {
            failed.set(Some(AppError::Invalid));
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            match save_customer_names(customer_id, n, k).await {
                Ok(()) => {
                    failed.set(None);
                    open.set(false);
                    reload.run(());
                }
                // The fields keep what was typed.
                Err(e) => failed.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let cancel = move |_| {
        name.set(display_name.clone());
        nick.set(nickname.clone());
        failed.set(None);
        open.set(false);
    };
    view! {
        <Show
            when=move || open.get()
            fallback=move || {
                view! {
                    <button type="button" class="link-button" on:click=move |_| open.set(true)>
                        {t!(i18n, card_edit_names)}
                    </button>
                }
            }
        >
            <form class="card-form names-form" on:submit=on_submit>
                <label>
                    {t!(i18n, card_display_name)}
                    <input type="text" required maxlength={NAME_MAX.to_string()} bind:value=name />
                </label>
                <label>
                    {t!(i18n, card_nickname)}
                    <input type="text" maxlength={NAME_MAX.to_string()} bind:value=nick />
                </label>
                {move || failed.get().map(|e| view! { <p class="error" role="alert">{error_text(i18n, &e)}</p> })}
                <div class="card-actions">
                    <button type="submit" disabled=move || busy.get()>{t!(i18n, save_button)}</button>
                    <button type="button" class="secondary" on:click=cancel.clone()>{t!(i18n, card_cancel)}</button>
                </div>
            </form>
        </Show>
    }
}
