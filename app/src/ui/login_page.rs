use super::error_text::error_text;
use super::language_switch::LanguageSwitch;
use crate::auth::SignIn;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The sign-in form. Works without JavaScript (a plain form post).
#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let sign_in = ServerAction::<SignIn>::new();
    let query = use_query_map();
    let next = move || query.read().get("next").unwrap_or_else(|| "/".to_owned());
    let expired = move || query.read().get("expired").is_some();
    let error = move || {
        sign_in
            .value()
            .get()
            .and_then(|r| r.err())
            .filter(|e| *e != crate::error::AppError::TotpRequired)
            .map(|e| view! { <p class="error" role="alert">{error_text(i18n, &e)}</p> })
    };
    // Once the password has been accepted for an account with a second factor, the form
    // asks for the code too (login and password stay as typed).
    let needs_code = move || {
        matches!(
            sign_in.value().get(),
            Some(Err(
                crate::error::AppError::TotpRequired | crate::error::AppError::TotpWrong
            ))
        )
    };
    view! {
        <main class="login-page">
            <div class="login-card">
                <div class="login-head">
                    <h1>{t!(i18n, login_title)}</h1>
                    <LanguageSwitch />
                </div>
                <Show when=expired>
                    <p class="notice" role="status">{t!(i18n, session_expired_notice)}</p>
                </Show>
                {error}
                <ActionForm action=sign_in>
                    <input type="hidden" name="next" prop:value=next />
                    <label>
                        <span>{t!(i18n, login_label)}</span>
                        <input name="login" autocomplete="username" required />
                    </label>
                    <label>
                        <span>{t!(i18n, password_label)}</span>
                        <input name="password" type="password" autocomplete="current-password" required />
                    </label>
                    <Show when=needs_code>
                        <p class="notice" role="status">{t!(i18n, totp_code_prompt)}</p>
                        <label>
                            <span>{t!(i18n, totp_code_label)}</span>
                            <input name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="8" required autofocus />
                        </label>
                    </Show>
                    <button type="submit" disabled=move || sign_in.pending().get()>
                        {t!(i18n, sign_in_button)}
                    </button>
                </ActionForm>
            </div>
        </main>
    }
}
