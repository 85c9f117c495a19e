//! Renders a page only for a signed-in user holding one of the given permissions;
//! sends others to the sign-in page or shows them the 403 page.

use super::error_text::error_text;
use super::forbidden::Forbidden;
use crate::auth::current_user;
use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::model::CurrentUser;
use crate::permission::Permission;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;

#[component]
pub fn Guarded(
    /// The page is shown to holders of any of these permissions.
    any_of: &'static [Permission],
    /// Renders the page for the signed-in user.
    page: fn(CurrentUser) -> AnyView,
) -> impl IntoView {
    let i18n = use_i18n();
    let user = Resource::new_blocking(|| (), |_| current_user());
    let location = use_location();
    view! {
        <Suspense fallback=|| ()>
            // Only the user is tracked here. The page is built untracked: built inside a
            // tracked scope it re-ran on any signal it read while being built (the locale,
            // its own resources), so it was rendered twice on the server and rebuilt in the
            // browser right after hydration, losing the focus and whatever was typed.
            {move || user.get().map(|result| untrack(move || match result {
                Ok(user) if user.must_change_password => {
                    let here = format!("{}{}", location.pathname.get_untracked(), location.search.get_untracked());
                    let to = format!("/account/password?next={}", encode_component(&here));
                    view! { <Redirect path=to /> }.into_any()
                }
                Ok(user) if user.must_enrol_totp => {
                    let here = format!("{}{}", location.pathname.get_untracked(), location.search.get_untracked());
                    let to = format!("/account/two-factor?next={}", encode_component(&here));
                    view! { <Redirect path=to /> }.into_any()
                }
                Ok(user) if any_of.iter().any(|p| user.can(*p)) => page(user),
                Ok(_) => view! { <Forbidden /> }.into_any(),
                Err(e @ (AppError::NotSignedIn | AppError::SessionExpired)) => {
                    let here = format!("{}{}", location.pathname.get_untracked(), location.search.get_untracked());
                    let expired = if e == AppError::SessionExpired { "&expired=1" } else { "" };
                    let to = format!("/login?next={}{expired}", encode_component(&here));
                    view! { <Redirect path=to /> }.into_any()
                }
                Err(e) => view! { <p class="error" role="alert">{error_text(i18n, &e)}</p> }.into_any(),
            }))}
        </Suspense>
    }
}

/// Percent-encodes a query-string component.
pub fn encode_component(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
