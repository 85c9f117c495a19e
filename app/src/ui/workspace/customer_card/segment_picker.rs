use crate::customer_card::model::SegmentChoice;
use crate::customer_card::set_customer_segment;
use crate::i18n::*;
use crate::ui::routing_settings::segments_table::segment_name;
use crate::ui::routing_settings::{SaveStatus, Status};
use leptos::prelude::*;

/// Moves the customer to another segment; a waiting conversation of theirs is
/// re-prioritised at once.
#[component]
pub fn SegmentPicker(
    customer_id: i64,
    current: Option<i64>,
    choices: Vec<SegmentChoice>,
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let status: Status = RwSignal::new(None);
    let on_change = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        let segment_id = value.parse::<i64>().ok();
        leptos::task::spawn_local(async move {
            let saved = set_customer_segment(customer_id, segment_id).await;
            let ok = saved.is_ok();
            status.set(Some(saved));
            if ok {
                reload.run(());
            }
        });
    };
    view! {
        <select
            class="segment-picker"
            aria-label=move || t_string!(i18n, col_segment)
            data-testid="segment-picker"
            on:change=on_change
        >
            <option value="" selected=current.is_none()>{t!(i18n, card_segment_none)}</option>
            {choices
                .into_iter()
                .map(|s| {
                    let selected = current == Some(s.id);
                    view! {
                        <option value=s.id.to_string() selected=selected>
                            {move || segment_name(i18n, &s.code, s.built_in, &s.name)}
                        </option>
                    }
                })
                .collect_view()}
        </select>
        <SaveStatus status />
    }
}
