//! Under a message to a messenger customer: whether the messenger took it. Sending
//! (with the provider's reason while it is retried), delivered, or not delivered with
//! the reason and a button to try again.

use crate::channels::retry_delivery;
use crate::i18n::*;
use crate::ui::error_text::error_text;
use leptos::prelude::*;
use protocol::{Delivery, DeliveryStatus};

#[component]
pub fn DeliveryMark(delivery: Delivery, message_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let problem = RwSignal::new(None::<String>);
    let retry = move |_| {
        leptos::task::spawn_local(async move {
            if let Err(e) = retry_delivery(message_id).await {
                problem.set(Some(error_text(i18n, &e)));
            }
        });
    };
    let reason = delivery.error.clone().unwrap_or_default();
    let status = delivery.status;
    view! {
        <p class=move || format!("delivery {}", match status {
            DeliveryStatus::Pending => "pending",
            DeliveryStatus::Sent => "sent",
            DeliveryStatus::Failed => "failed",
        }) data-testid="delivery" data-status=match status {
            DeliveryStatus::Pending => "pending",
            DeliveryStatus::Sent => "sent",
            DeliveryStatus::Failed => "failed",
        }>
            {match status {
                DeliveryStatus::Pending if reason.is_empty() => view! { <span>{t!(i18n, delivery_pending)}</span> }.into_any(),
                DeliveryStatus::Pending => view! { <span>{t!(i18n, delivery_retrying)}": "{reason.clone()}</span> }.into_any(),
                DeliveryStatus::Sent => view! { <span>{t!(i18n, delivery_sent)}</span> }.into_any(),
                DeliveryStatus::Failed => view! {
                    <span role="alert">{t!(i18n, delivery_failed)}": "{reason.clone()}</span>
                    " "
                    <button type="button" class="link" data-testid="retry-delivery" on:click=retry>{t!(i18n, delivery_retry)}</button>
                }
                .into_any(),
            }}
            {move || problem.get().map(|p| view! { <span class="error" role="alert">" "{p}</span> })}
        </p>
    }
}
