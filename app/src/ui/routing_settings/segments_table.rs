use super::{number, submit, SaveStatus, Status};
use crate::i18n::*;
use crate::model::Segment;
use crate::settings::save_segment;
use leptos::prelude::*;

/// Customer segments (Premium, Standard, Helper and custom ones) with their weights.
#[component]
pub fn SegmentsTable(segments: Vec<Segment>, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let code = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let weight = RwSignal::new("0".to_owned());
    let added: Status = RwSignal::new(None);
    let on_add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let parsed = number(&weight.get_untracked()).map(|weight| Segment {
            id: 0,
            code: code.get_untracked().trim().to_owned(),
            name: name.get_untracked(),
            built_in: false,
            weight,
        });
        submit(added, parsed, move |s| async move {
            save_segment(s).await?;
            reload.run(());
            Ok(())
        });
    };
    view! {
        <section aria-labelledby="segments-title">
            <h2 id="segments-title">{t!(i18n, segments_title)}</h2>
            <table class="grid" data-testid="segments">
                <thead>
                    <tr>
                        <th>{t!(i18n, col_segment)}</th>
                        <th>{t!(i18n, col_code)}</th>
                        <th>{t!(i18n, col_weight)}</th>
                        <th></th>
                    </tr>
                </thead>
                <tbody>
                    {segments.into_iter().map(|s| view! { <SegmentRow segment=s /> }).collect_view()}
                </tbody>
            </table>
            <form class="settings-form inline" on:submit=on_add>
                <label>{t!(i18n, col_code)}<input type="text" maxlength="40" bind:value=code /></label>
                <label>{t!(i18n, col_name)}<input type="text" maxlength="100" bind:value=name /></label>
                <label>{t!(i18n, col_weight)}<input type="number" bind:value=weight /></label>
                <button type="submit">{t!(i18n, add_segment)}</button>
                <SaveStatus status=added />
            </form>
        </section>
    }
}

#[component]
fn SegmentRow(segment: Segment) -> impl IntoView {
    let i18n = use_i18n();
    let weight = RwSignal::new(segment.weight.to_string());
    let status: Status = RwSignal::new(None);
    let shown = segment.clone();
    let on_save = move |_| {
        let parsed = number(&weight.get_untracked()).map(|weight| Segment {
            weight,
            ..segment.clone()
        });
        submit(
            status,
            parsed,
            |s| async move { save_segment(s).await.map(|_| ()) },
        );
    };
    let (label, code) = (shown.name.clone(), shown.code.clone());
    view! {
        <tr>
            <td>{move || segment_name(i18n, &shown.code, shown.built_in, &shown.name)}</td>
            <td><code>{code}</code></td>
            <td><input type="number" aria-label=label bind:value=weight /></td>
            <td>
                <button type="button" on:click=on_save>{t!(i18n, save_button)}</button>
                <SaveStatus status />
            </td>
        </tr>
    }
}

/// A built-in segment's translated name; a custom segment's own name.
pub fn segment_name(
    i18n: leptos_i18n::I18nContext<Locale>,
    code: &str,
    built_in: bool,
    name: &str,
) -> String {
    match (built_in, code) {
        (true, "premium") => t_string!(i18n, segment_premium).to_string(),
        (true, "standard") => t_string!(i18n, segment_standard).to_string(),
        (true, "helper") => t_string!(i18n, segment_helper).to_string(),
        _ => name.to_owned(),
    }
}
