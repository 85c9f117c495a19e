use crate::i18n::*;
use leptos::prelude::*;
use protocol::{size_parts, Attachment, SizeUnit};

/// A message's file: a picture as a preview (a click opens it full size in a new
/// tab), anything else as a chip with its name, size and a download link.
#[component]
pub fn AttachmentView(attachment: Option<Attachment>) -> impl IntoView {
    let i18n = use_i18n();
    attachment.map(|a| {
        let url = a.url();
        if a.is_image {
            let href = url.clone();
            view! {
                <a class="attachment-image" href=href target="_blank" rel="noopener" title=move || t_string!(i18n, file_open_full)>
                    <img src=url alt=a.name.clone() data-testid="attachment-image" />
                </a>
            }
            .into_any()
        } else {
            view! {
                <a class="file-chip" href=url download=a.name.clone() data-testid="attachment-file">
                    // A drawn icon: a bank's browsers may have no emoji font.
                    <svg class="file-icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
                        <path d="M6 2h8l4 4v16H6z M14 2v4h4" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round" />
                    </svg>
                    <span class="file-name">{a.name.clone()}</span>
                    <span class="file-size">{size_text(i18n, a.size)}</span>
                </a>
            }
            .into_any()
        }
    })
}

fn size_text(i18n: leptos_i18n::I18nContext<Locale>, bytes: i64) -> String {
    let (size, unit) = size_parts(bytes);
    match unit {
        SizeUnit::Bytes => t_string!(i18n, file_size_b, size).to_string(),
        SizeUnit::Kilobytes => t_string!(i18n, file_size_kb, size).to_string(),
        SizeUnit::Megabytes => t_string!(i18n, file_size_mb, size).to_string(),
    }
}
