use crate::customer_card::model::Verification;
use crate::i18n::*;
use leptos::prelude::*;

/// "Verified", with when and by what in the tooltip (TS 11.3).
#[component]
pub fn VerifiedBadge(verification: Verification, offset: i32) -> impl IntoView {
    let i18n = use_i18n();
    let tooltip = move || {
        let when = crate::time::date_time(&verification.at, offset);
        let text = t_string!(i18n, card_verified_at, when).to_string();
        match &verification.by {
            Some(by) => format!("{text} · {by}"),
            None => text,
        }
    };
    view! {
        <span class="verified-badge" data-testid="verified-badge" title=tooltip.clone() aria-label=tooltip>
            <span aria-hidden="true">"✓ "</span>
            {t!(i18n, card_verified)}
        </span>
    }
}
