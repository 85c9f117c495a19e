//! The customer card: the right-hand column of the workspace for the open conversation.
//! Who the customer is (names, channels, segment, language, verification), notes about
//! them, and every earlier conversation, opened inline. Collapsible, so the conversation
//! keeps its room on a 1366×768 screen.

mod crm_section;
mod facts;
mod merge_panel;
mod names_form;
mod notes;
mod past_conversations;
mod segment_picker;
mod verified_badge;

use super::Live;
use crate::crm::crm_lookup;
use crate::crm::model::CrmView;
use crate::customer_card::customer_card;
use crate::customer_card::model::CustomerCard as Card;
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::error_text::error_text;
use crm_section::{Crm, CrmSection};
use facts::Facts;
use leptos::prelude::*;
use merge_panel::{Identifiers, MergePanel};
use names_form::NamesForm;
use notes::Notes;
use past_conversations::PastConversations;
use verified_badge::VerifiedBadge;

#[component]
pub fn CustomerCard() -> impl IntoView {
    let i18n = use_i18n();
    let live = expect_context::<Live>();
    let card = Resource::new(
        move || live.selected.get(),
        |id| async move {
            match id {
                Some(id) => customer_card(id).await.map(Some),
                None => Ok(None),
            }
        },
    );
    // Taken, closed or handed over: who may read or edit the card may have changed.
    let seen = StoredValue::new(None::<(i64, protocol::ConversationStatus, Option<i64>)>);
    Effect::new(move |_| {
        let now = live
            .conversation
            .get()
            .and_then(|r| r.ok())
            .flatten()
            .map(|v| (v.summary.id, v.summary.status, v.summary.operator_id));
        let before = seen.get_value();
        if let (Some(a), Some(b)) = (before, now) {
            if a.0 == b.0 && a != b {
                card.refetch();
            }
        }
        seen.set_value(now);
    });
    let reload = Callback::new(move |()| card.refetch());
    // The bank's CRM is asked once per conversation shown, in the browser; a reload of
    // the card (a note, a name) does not ask it again.
    let crm: Crm = LocalResource::new(move || {
        let selected = live.selected.get();
        async move {
            match selected {
                Some(id) => crm_lookup(id).await,
                None => Ok(CrmView::Off),
            }
        }
    });
    let collapsed = RwSignal::new(false);
    let toggle_label = move || {
        if collapsed.get() {
            t_string!(i18n, card_show).to_string()
        } else {
            t_string!(i18n, card_hide).to_string()
        }
    };
    view! {
        <aside
            class="customer-card"
            class:collapsed=move || collapsed.get()
            class:hidden=move || live.selected.get().is_none()
            data-testid="customer-card"
            aria-labelledby="customer-card-title"
        >
            <div class="card-bar">
                <h2 id="customer-card-title">{t!(i18n, card_title)}</h2>
                <button
                    type="button"
                    class="card-toggle"
                    aria-controls="customer-card-body"
                    aria-expanded=move || (!collapsed.get()).to_string()
                    aria-label=toggle_label
                    title=toggle_label
                    on:click=move |_| collapsed.update(|c| *c = !*c)
                >
                    {move || if collapsed.get() { "‹" } else { "›" }}
                </button>
            </div>
            <div class="card-body" id="customer-card-body" hidden=move || collapsed.get()>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        match card.await {
                            Ok(Some(c)) => {
                                view! { <CardBody card=c reload crm /> }.into_any()
                            }
                            Ok(None) => ().into_any(),
                            Err(AppError::Forbidden) => {
                                view! { <p class="notice">{t!(i18n, card_forbidden)}</p> }.into_any()
                            }
                            Err(e) => view! { <p class="error" role="alert">{error_text(i18n, &e)}</p> }.into_any(),
                        }
                    })}
                </Transition>
            </div>
        </aside>
    }
}

#[component]
fn CardBody(card: Card, reload: Callback<()>, crm: Crm) -> impl IntoView {
    let Card {
        customer_id,
        display_name,
        nickname,
        verification,
        notes,
        conversations,
        can_edit_names,
        identifiers,
        merges,
        can_merge,
        utc_offset_seconds: offset,
        ..
    } = card.clone();
    let (name_shown, nickname_shown) = (display_name.clone(), nickname.clone());
    // Set once the card is live in the browser: end-to-end tests wait for it before clicking.
    let live = RwSignal::new(false);
    Effect::new(move |_| live.set(true));
    view! {
        <header class="card-head" data-testid="card-head" data-live=move || live.get().to_string()>
            <h3 data-testid="card-name">{name_shown}</h3>
            {verification.map(|v| view! { <VerifiedBadge verification=v offset /> })}
            {nickname_shown.map(|n| view! { <p class="nickname" data-testid="card-nickname">{n}</p> })}
            <Show when=move || can_edit_names>
                <NamesForm
                    customer_id
                    display_name=display_name.clone()
                    nickname=nickname.clone().unwrap_or_default()
                    reload
                />
            </Show>
        </header>
        <Facts card reload />
        <Identifiers customer_id identifiers can_edit=can_edit_names reload />
        <CrmSection crm />
        {can_merge.then(|| view! { <MergePanel customer_id merges offset reload /> })}
        <Notes customer_id notes offset />
        <PastConversations conversations offset />
    }
}
