use leptos::prelude::*;

/// A hidden `data-live="true"` mark, set once the browser has hydrated what comes
/// before it (effects run only there): end-to-end tests wait for it before clicking.
#[component]
pub fn LiveMarker() -> impl IntoView {
    let live = RwSignal::new(false);
    Effect::new(move |_| live.set(true));
    view! { <span hidden data-testid="live" data-live=move || live.get().to_string()></span> }
}
