use crate::history::model::SnippetPart;
use leptos::prelude::*;

/// A message snippet: matched words in `<mark>`, all of it as text (never HTML).
#[component]
pub fn Snippet(parts: Vec<SnippetPart>) -> impl IntoView {
    parts
        .into_iter()
        .map(|p| {
            if p.hit {
                view! { <mark>{p.text}</mark> }.into_any()
            } else {
                p.text.into_any()
            }
        })
        .collect_view()
}
