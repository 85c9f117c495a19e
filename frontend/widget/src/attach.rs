//! Files: the paperclip that sends one, and how a message's file is shown. The
//! customer proves who they are with the same channel key and visitor token as on
//! the socket; the file goes over HTTP (`/files/widget`), and the stored message
//! comes back both as the answer and over the socket.

use crate::connection::{Chat, Notice};
use crate::i18n::*;
use leptos::prelude::*;
use protocol::upload::{chosen_file, upload};
use protocol::{size_parts, Attachment, Message, SizeUnit};

#[component]
pub fn AttachButton() -> impl IntoView {
    let i18n = use_i18n();
    let chat = expect_context::<Chat>();
    view! {
        <label class="attach" title=move || t_string!(i18n, attach_file)>
            <input
                type="file"
                class="visually-hidden"
                data-testid="widget-attach"
                aria-label=move || t_string!(i18n, attach_file)
                disabled=move || chat.uploading.get().is_some()
                on:change=move |ev| send_file(chat, ev.target())
            />
            <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20">
                <path
                    fill="none"
                    stroke="currentColor"
                    stroke-width="2"
                    stroke-linecap="round"
                    d="M21 11.5l-8.5 8.5a5.5 5.5 0 0 1-7.8-7.8l9.2-9.2a3.7 3.7 0 0 1 5.2 5.2l-9.2 9.2a1.8 1.8 0 0 1-2.6-2.6l8.5-8.5"
                />
            </svg>
        </label>
    }
}

fn send_file(chat: Chat, target: Option<web_sys::EventTarget>) {
    let Some((input, file)) = chosen_file(target) else {
        return;
    };
    let (channel, visitor, lang) = chat.credentials.get_value();
    let client_id = protocol::browser::random_uuid();
    chat.notice.set(None);
    chat.uploading.set(Some(0));
    upload(
        "/files/widget",
        &[
            ("channel", &channel),
            ("visitor", &visitor),
            ("lang", &lang),
            ("client_id", &client_id),
        ],
        &file,
        move |p| chat.uploading.set(Some(p)),
        move |done| {
            chat.uploading.set(None);
            input.set_value("");
            match done.status {
                200 => match serde_json::from_str::<Message>(&done.body) {
                    Ok(message) => chat.add_message(message),
                    Err(_) => chat.notice.set(Some(Notice::UploadFailed)),
                },
                413 => {
                    let max_kb = serde_json::from_str::<serde_json::Value>(&done.body)
                        .ok()
                        .and_then(|v| v["FileTooLarge"]["max_kb"].as_i64())
                        .unwrap_or(0);
                    chat.notice.set(Some(Notice::FileTooLarge(max_kb)));
                }
                415 => chat.notice.set(Some(Notice::FileType)),
                _ => chat.notice.set(Some(Notice::UploadFailed)),
            }
        },
    );
}

/// A picture as a preview (a click opens it full size), anything else as a chip
/// with a download link.
#[component]
pub fn AttachmentView(attachment: Option<Attachment>) -> impl IntoView {
    let i18n = use_i18n();
    let chat = expect_context::<Chat>();
    attachment.map(|a| {
        let (channel, visitor, _) = chat.credentials.get_value();
        let url = format!(
            "{}?channel={}&visitor={}",
            a.url(),
            js_sys::encode_uri_component(&channel),
            js_sys::encode_uri_component(&visitor)
        );
        if a.is_image {
            let href = url.clone();
            view! {
                <a class="attachment-image" href=href target="_blank" rel="noopener" title=move || t_string!(i18n, open_full_size)>
                    <img src=url alt=a.name.clone() data-testid="attachment-image" />
                </a>
            }
            .into_any()
        } else {
            let (size, unit) = size_parts(a.size);
            let size = match unit {
                SizeUnit::Bytes => t!(i18n, file_size_b, size).into_any(),
                SizeUnit::Kilobytes => t!(i18n, file_size_kb, size).into_any(),
                SizeUnit::Megabytes => t!(i18n, file_size_mb, size).into_any(),
            };
            view! {
                <a class="file-chip" href=url download=a.name.clone() data-testid="attachment-file">
                    // A drawn icon: a bank's browsers may have no emoji font.
                    <svg class="file-icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
                        <path d="M6 2h8l4 4v16H6z M14 2v4h4" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round" />
                    </svg>
                    <span class="file-name">{a.name.clone()}</span>
                    <span class="file-size">{size}</span>
                </a>
            }
            .into_any()
        }
    })
}
