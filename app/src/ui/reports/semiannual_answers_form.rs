//! The organisation's answers to the semi-annual form's rows the data cannot fill, in
//! Russian and in Kazakh (`settings.reports`). Loaded in the browser; what is typed stays
//! when the save is refused.

use crate::error::AppError;
use crate::i18n::*;
use crate::reports::semiannual_model::{StoredAnswer, ROWS};
use crate::reports::{save_semiannual_answers, semiannual_answers};
use crate::ui::client_only::ClientOnly;
use crate::ui::error_text::error_text;
use leptos::prelude::*;

#[component]
pub fn SemiannualAnswersForm(on_saved: Callback<()>) -> impl IntoView {
    view! {
        <ClientOnly>
            <AnswersEditor on_saved />
        </ClientOnly>
    }
}

#[component]
fn AnswersEditor(on_saved: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let loaded = LocalResource::new(semiannual_answers);
    let rows = RwSignal::new(Vec::<(u8, RwSignal<String>, RwSignal<String>)>::new());
    Effect::new(move |_| {
        if let Some(Ok(answers)) = loaded.get() {
            rows.set(
                answers
                    .into_iter()
                    .map(|a| (a.row, RwSignal::new(a.ru), RwSignal::new(a.kk)))
                    .collect(),
            );
        }
    });
    let result = RwSignal::new(None::<Result<(), AppError>>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let answers: Vec<StoredAnswer> = rows
            .get_untracked()
            .into_iter()
            .map(|(row, ru, kk)| StoredAnswer {
                row,
                ru: ru.get_untracked(),
                kk: kk.get_untracked(),
            })
            .collect();
        leptos::task::spawn_local(async move {
            let saved = save_semiannual_answers(answers).await;
            if saved.is_ok() {
                on_saved.run(());
            }
            result.set(Some(saved));
        });
    };
    view! {
        <form class="semiannual-answers" data-testid="semiannual-answers" on:submit=submit>
            <h2>{t!(i18n, semiannual_answers_title)}</h2>
            <table class="grid report">
                <thead>
                    <tr>
                        <th scope="col">"№"</th>
                        <th scope="col">{t!(i18n, kpi_col_indicator)}</th>
                        <th scope="col">{t!(i18n, lang_ru)}</th>
                        <th scope="col">{t!(i18n, lang_kk)}</th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || rows.get() key=|(row, _, _)| *row let:item>
                        {
                            let (row, ru, kk) = item;
                            let indicator = ROWS[usize::from(row) - 1].0;
                            view! {
                                <tr data-row=row>
                                    <td class="num">{row}</td>
                                    <td>{indicator}</td>
                                    <td>
                                        <textarea
                                            rows="2"
                                            maxlength="2000"
                                            aria-label=move || format!("{row} — {}", t_string!(i18n, lang_ru))
                                            prop:value=move || ru.get()
                                            on:input=move |ev| ru.set(event_target_value(&ev))
                                        ></textarea>
                                    </td>
                                    <td>
                                        <textarea
                                            rows="2"
                                            maxlength="2000"
                                            aria-label=move || format!("{row} — {}", t_string!(i18n, lang_kk))
                                            prop:value=move || kk.get()
                                            on:input=move |ev| kk.set(event_target_value(&ev))
                                        ></textarea>
                                    </td>
                                </tr>
                            }
                        }
                    </For>
                </tbody>
            </table>
            <button type="submit">{t!(i18n, semiannual_save)}</button>
            {move || match result.get() {
                Some(Ok(())) => Some(view! { <p class="saved" role="status">{t!(i18n, semiannual_saved)}</p> }.into_any()),
                Some(Err(e)) => Some(view! { <p class="error" role="alert">{error_text(i18n, &e)}</p> }.into_any()),
                None => None,
            }}
        </form>
    }
}
