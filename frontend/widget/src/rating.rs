use crate::connection::Chat;
use crate::i18n::*;
use leptos::prelude::*;

/// Shown when the operator closes the conversation: an optional comment and a score on
/// the channel's scale (1–5 or 1–10) that sends both, and a way back into the chat.
#[component]
pub fn RatingForm() -> impl IntoView {
    let i18n = use_i18n();
    let chat = expect_context::<Chat>();
    let comment = RwSignal::new(String::new());
    let send = move |score: i16| {
        let text = comment.get_untracked().trim().to_owned();
        chat.rate(score, (!text.is_empty()).then_some(text));
    };
    let rated = move || chat.conversation.get().and_then(|c| c.rating);
    view! {
        <div class="rating" role="group" aria-labelledby="cc-rate">
            <p class="closed-note">{t!(i18n, conversation_closed)}</p>
            <Show
                when=move || rated().is_none()
                fallback=move || view! { <p class="thanks">{t!(i18n, thanks_for_rating)} " " {rated} " / " {move || chat.rating_scale.get()}</p> }
            >
                <p id="cc-rate">{t!(i18n, rate_prompt)}</p>
                <textarea
                    class="rating-comment"
                    rows="2"
                    maxlength="1000"
                    aria-label=move || t_string!(i18n, rate_comment)
                    placeholder=move || t_string!(i18n, rate_comment)
                    prop:value=comment
                    on:input=move |ev| comment.set(event_target_value(&ev))
                ></textarea>
                <div class="scores">
                    {move || {
                        (1..=chat.rating_scale.get())
                            .map(|score| {
                                view! {
                                    <button class="score" on:click=move |_| send(score)>
                                        {score}
                                    </button>
                                }
                            })
                            .collect_view()
                    }}
                </div>
            </Show>
            <button class="resume" on:click=move |_| chat.resume()>{t!(i18n, resume_chat)}</button>
        </div>
    }
}
