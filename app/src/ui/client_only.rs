//! Parts rendered only in the browser, once the page is live.

use leptos::prelude::*;

/// Renders its children only in the browser, after hydration. For parts that load their
/// own data there (`LocalResource`): rendered on the server, such a part would leave its
/// suspense boundary unfinished, and the browser would have to match the boundary by
/// number, which a server that renders a page's guarded part twice cannot promise.
#[component]
pub fn ClientOnly(children: ChildrenFn) -> impl IntoView {
    let mounted = RwSignal::new(false);
    Effect::new(move |_| mounted.set(true));
    view! { <Show when=move || mounted.get()>{children()}</Show> }
}
