//! The customer's identifiers (staff add the ones the customer gave), the customers
//! merged into them (each with Undo), and,
//! for staff who may merge, a search for another record of the same person and the
//! merge itself (two steps: choose, then confirm).

use crate::customer_card::model::{Identifier, MergeCandidate, MergeInfo};
use crate::customer_card::{
    add_customer_identifier, merge_candidates, merge_customer, remove_customer_identifier, unmerge_customer,
};
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::error_text::error_text;
use leptos::prelude::*;

fn kind_label(i18n: leptos_i18n::I18nContext<Locale>, kind: &str) -> String {
    match kind {
        "phone" => t_string!(i18n, card_id_phone).to_string(),
        "email" => t_string!(i18n, card_id_email).to_string(),
        "bank_id" => t_string!(i18n, card_id_bank_id).to_string(),
        other => other.to_owned(),
    }
}

/// The customer's identifiers. Whoever may edit the customer's names may add one the
/// customer gave (unverified) and remove an unverified one.
#[component]
pub fn Identifiers(
    customer_id: i64,
    identifiers: Vec<Identifier>,
    can_edit: bool,
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let empty = identifiers.is_empty();
    let kind = RwSignal::new("phone".to_owned());
    let value = RwSignal::new(String::new());
    let failed = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let done = move |result: Result<(), AppError>| {
        busy.set(false);
        match result {
            Ok(()) => {
                failed.set(None);
                value.set(String::new());
                reload.run(());
            }
            Err(e) => failed.set(Some(e)),
        }
    };
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        let (k, v) = (kind.get_untracked(), value.get_untracked());
        leptos::task::spawn_local(async move { done(add_customer_identifier(customer_id, k, v).await) });
    };
    let remove = move |k: String, v: String| {
        busy.set(true);
        leptos::task::spawn_local(async move { done(remove_customer_identifier(customer_id, k, v).await) });
    };
    view! {
        <section class="card-section" aria-labelledby="card-identifiers-title" data-testid="card-identifiers">
            <h4 id="card-identifiers-title">{t!(i18n, card_identifiers)}</h4>
            {empty.then(|| view! { <p class="empty">{t!(i18n, card_identifiers_none)}</p> })}
            <ul class="identifiers" data-testid="card-identifiers-list">
                {identifiers.into_iter().map(|id| {
                    let kind = id.kind.clone();
                    let (k, v) = (id.kind.clone(), id.value.clone());
                    view! {
                        <li data-kind=id.kind.clone() data-verified=id.verified.to_string()>
                            <span class="meta">{move || kind_label(i18n, &kind)}": "</span>
                            <span class="value">{id.value.clone()}</span>
                            {id.verified.then(|| view! { " " <span class="badge ok" title=id.source.clone()>"✓ "{t!(i18n, card_id_verified)}</span> })}
                            {(can_edit && !id.verified).then(|| view! {
                                " "
                                <button type="button" class="link" disabled=move || busy.get()
                                    on:click=move |_| remove(k.clone(), v.clone())>
                                    {t!(i18n, card_id_remove)}
                                </button>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            {can_edit.then(|| view! {
                <form class="card-form inline" data-testid="add-identifier" on:submit=add>
                    <select name="identifier_kind" aria-label=move || t_string!(i18n, card_id_kind) bind:value=kind>
                        <option value="phone">{t!(i18n, card_id_phone)}</option>
                        <option value="email">{t!(i18n, card_id_email)}</option>
                        <option value="bank_id">{t!(i18n, card_id_bank_id)}</option>
                    </select>
                    <input
                        name="identifier_value"
                        required
                        maxlength="200"
                        aria-label=move || t_string!(i18n, card_id_value)
                        placeholder=move || match kind.get().as_str() {
                            "phone" => "+998 90 123 45 67".to_owned(),
                            "email" => "name@example.uz".to_owned(),
                            _ => t_string!(i18n, card_id_bank_id).to_string(),
                        }
                        bind:value=value
                    />
                    <button type="submit" disabled=move || busy.get()>{t!(i18n, card_id_add)}</button>
                </form>
                <p class="hint">{t!(i18n, card_id_added_hint)}</p>
            })}
            {move || failed.get().map(|e| view! { <p class="error" role="alert">{error_text(i18n, &e)}</p> })}
        </section>
    }
}

#[component]
pub fn MergePanel(
    customer_id: i64,
    merges: Vec<MergeInfo>,
    offset: i32,
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let query = RwSignal::new(String::new());
    let found: RwSignal<Option<Vec<MergeCandidate>>> = RwSignal::new(None);
    let chosen = RwSignal::new(None::<i64>);
    let failed = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let q = query.get_untracked();
        chosen.set(None);
        leptos::task::spawn_local(async move {
            match merge_candidates(customer_id, q).await {
                Ok(list) => {
                    found.set(Some(list));
                    failed.set(None);
                }
                Err(e) => failed.set(Some(e)),
            }
        });
    };
    let merge = move |other: i64| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            match merge_customer(customer_id, other).await {
                Ok(()) => {
                    found.set(None);
                    failed.set(None);
                    reload.run(());
                }
                Err(e) => failed.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let unmerge = move |merge_id: i64| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            match unmerge_customer(customer_id, merge_id).await {
                Ok(()) => reload.run(()),
                Err(e) => failed.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let has_merges = !merges.is_empty();
    view! {
        <section class="card-section merge-panel" aria-labelledby="card-merge-title" data-testid="merge-panel">
            {has_merges.then(|| view! {
                <h4>{t!(i18n, card_merged_list)}</h4>
                <ul class="merges" data-testid="card-merges">
                    {merges.clone().into_iter().map(|m| {
                        let by = m.merged_by.clone();
                        view! {
                            <li>
                                <strong>{m.absorbed_name.clone()}</strong>
                                <span class="meta">
                                    " · " <time>{crate::time::date_time(&m.merged_at, offset)}</time> " · "
                                    {move || by.clone().unwrap_or_else(|| t_string!(i18n, card_merged_by_system).to_string())}
                                </span>
                                " "
                                <button type="button" class="link" disabled=move || busy.get() on:click=move |_| unmerge(m.id)>
                                    {t!(i18n, card_unmerge)}
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
            <h4 id="card-merge-title">{t!(i18n, card_merge_title)}</h4>
            <form class="card-form inline" on:submit=search>
                <input
                    type="search"
                    name="merge_query"
                    minlength="3"
                    maxlength="100"
                    aria-label=move || t_string!(i18n, card_merge_search)
                    placeholder=move || t_string!(i18n, card_merge_search)
                    bind:value=query
                />
                <button type="submit">{t!(i18n, card_merge_find)}</button>
            </form>
            {move || failed.get().map(|e| view! { <p class="error" role="alert">{error_text(i18n, &e)}</p> })}
            {move || found.get().map(|list| {
                if list.is_empty() {
                    return view! { <p class="empty">{t!(i18n, card_merge_none_found)}</p> }.into_any();
                }
                view! {
                    <ul class="candidates" data-testid="merge-candidates">
                        {list.into_iter().map(|c| {
                            let id = c.customer_id;
                            let channels = c.channels.join(", ");
                            let identifiers = c.identifiers.join(", ");
                            view! {
                                <li data-customer=id.to_string()>
                                    <strong>{c.display_name.clone()}</strong>
                                    <span class="meta">
                                        " · " {channels}
                                        {(!identifiers.is_empty()).then(|| view! { " · " {identifiers.clone()} })}
                                        {c.last_contact.clone().map(|at| view! {
                                            " · " {t!(i18n, card_last_contact)} " " <time>{crate::time::date_time(&at, offset)}</time>
                                        })}
                                    </span>
                                    <Show
                                        when=move || chosen.get() == Some(id)
                                        fallback=move || view! {
                                            <button type="button" class="link" on:click=move |_| chosen.set(Some(id))>
                                                {t!(i18n, card_merge_button)}
                                            </button>
                                        }
                                    >
                                        <button type="button" class="danger" data-testid="confirm-merge" disabled=move || busy.get() on:click=move |_| merge(id)>
                                            {t!(i18n, card_merge_confirm)}
                                        </button>
                                    </Show>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
                .into_any()
            })}
        </section>
    }
}
