//! What the bank's CRM knows about the customer, looked up in the browser once the card
//! is shown (the card does not wait for it, and the server does not render it).

use crate::crm::model::CrmView;
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::client_only::ClientOnly;
use leptos::prelude::*;

/// The lookup for the conversation shown (made by the card, so it outlives reloads).
pub type Crm = LocalResource<Result<CrmView, AppError>>;

#[component]
pub fn CrmSection(crm: Crm) -> impl IntoView {
    view! { <ClientOnly><CrmLookup found=crm /></ClientOnly> }
}

#[component]
fn CrmLookup(found: Crm) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let view = match found.get() {
            Some(Ok(view)) if view != CrmView::Off => view,
            _ => return ().into_any(),
        };
        view! {
            <section class="card-section crm" aria-labelledby="card-crm-title" data-testid="card-crm">
                <h4 id="card-crm-title">{t!(i18n, card_crm)}</h4>
                {match view {
                    CrmView::Found(r) => view! {
                        {r.name.map(|n| view! { <p data-testid="crm-name"><strong>{n}</strong></p> })}
                        <dl class="card-facts">
                            {r.segment.map(|s| view! { <dt>{t!(i18n, card_crm_segment)}</dt><dd>{s}</dd> })}
                            {r.fields.into_iter().map(|f| view! { <dt>{f.label}</dt><dd>{f.value}</dd> }).collect_view()}
                        </dl>
                        {r.url.map(|u| view! { <a href=u target="_blank" rel="noopener noreferrer external">{t!(i18n, card_crm_open)}</a> })}
                    }
                    .into_any(),
                    CrmView::NotFound => view! { <p class="empty">{t!(i18n, card_crm_not_found)}</p> }.into_any(),
                    CrmView::Failed(reason) => view! {
                        <p class="notice" data-testid="crm-failed">{t!(i18n, card_crm_failed)}": "{reason}</p>
                    }
                    .into_any(),
                    CrmView::Off => ().into_any(),
                }}
            </section>
        }
        .into_any()
    }
}
