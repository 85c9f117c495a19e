//! Files in conversations: the largest file and the allowed types. Administrators
//! (permission `settings.workspace`) edit them; the next upload obeys them.

use crate::error::AppError;
use crate::i18n::*;
use crate::ui::error_text::error_text;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};

/// Every type the contact center can accept, in display order.
pub const FILE_TYPES: [&str; 8] = ["jpg", "png", "gif", "webp", "pdf", "txt", "docx", "xlsx"];

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileLimits {
    pub max_kb: i64,
    /// Codes from `FILE_TYPES`.
    pub allowed_types: Vec<String>,
}

#[server(name = FileLimitsFn, prefix = "/api", endpoint = "file_limits")]
pub async fn file_limits() -> Result<FileLimits, AppError> {
    use crate::domain::files::settings;
    let (_, state) = crate::auth::guard::require(crate::permission::Permission::SettingsWorkspace).await?;
    let loaded = settings::load(&state.pool)
        .await
        .map_err(|_| AppError::Internal)?;
    Ok(FileLimits {
        max_kb: loaded.max_kb,
        allowed_types: loaded.allowed.iter().map(|k| k.code().to_owned()).collect(),
    })
}

#[server(name = SaveFileLimits, prefix = "/api", endpoint = "save_file_limits", input = leptos::server_fn::codec::Json)]
pub async fn save_file_limits(limits: FileLimits) -> Result<(), AppError> {
    use crate::domain::files::{settings, FileError};
    let (user, state) = crate::auth::guard::require(crate::permission::Permission::SettingsWorkspace).await?;
    settings::save(&state.pool, limits.max_kb, &limits.allowed_types, user.id)
        .await
        .map_err(|e| match e {
            FileError::Invalid => AppError::Invalid,
            _ => AppError::Internal,
        })
}

/// The section of the workspace settings page, with the limits the page loaded (the
/// page loads everything before building its sections, so hydration stays in step).
#[component]
pub fn FileLimitsSection(limits: Result<FileLimits, AppError>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="file-limits" aria-labelledby="file-limits-title">
            <h2 id="file-limits-title">{t!(i18n, file_limits_title)}</h2>
            {match limits {
                Ok(limits) => view! { <FileLimitsForm limits /> }.into_any(),
                Err(e) => view! { <p class="error" role="alert">{error_text(i18n, &e)}</p> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn FileLimitsForm(limits: FileLimits) -> impl IntoView {
    let i18n = use_i18n();
    let max_kb = RwSignal::new(limits.max_kb.to_string());
    let allowed = RwSignal::new(limits.allowed_types);
    let saving = RwSignal::new(false);
    let result = RwSignal::new(None::<Result<(), AppError>>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(kb) = max_kb.get_untracked().trim().parse::<i64>() else {
            result.set(Some(Err(AppError::Invalid)));
            return;
        };
        let limits = FileLimits {
            max_kb: kb,
            allowed_types: allowed.get_untracked(),
        };
        saving.set(true);
        spawn_local(async move {
            result.set(Some(save_file_limits(limits).await));
            saving.set(false);
        });
    };
    view! {
        <form class="file-limits-form" on:submit=save>
            <label>
                {t!(i18n, file_limits_max_kb)}
                <input
                    type="number"
                    name="max_kb"
                    min="1"
                    max="102400"
                    required
                    prop:value=move || max_kb.get()
                    on:input=move |ev| max_kb.set(event_target_value(&ev))
                />
            </label>
            <fieldset>
                <legend>{t!(i18n, file_limits_types)}</legend>
                {FILE_TYPES
                    .into_iter()
                    .map(|code| {
                        view! {
                            <label class="file-type">
                                <input
                                    type="checkbox"
                                    name="allowed_types"
                                    value=code
                                    prop:checked=move || allowed.with(|a| a.iter().any(|c| c == code))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        allowed.update(|a| {
                                            a.retain(|c| c != code);
                                            if on {
                                                a.push(code.to_owned());
                                            }
                                        });
                                    }
                                />
                                {code}
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <p class="hint">{t!(i18n, file_limits_hint)}</p>
            <button type="submit" disabled=move || saving.get()>{t!(i18n, file_limits_save)}</button>
            {move || result.get().map(|r| match r {
                Ok(()) => view! { <p class="saved" role="status">{t!(i18n, file_limits_saved)}</p> }.into_any(),
                Err(e) => view! { <p class="error" role="alert">{error_text(i18n, &e)}</p> }.into_any(),
            })}
        </form>
    }
}
