//! Sending a file from the browser: a multipart POST with progress, shared by the
//! workspace and the widget. The text fields go first, the file last, so the server
//! knows who writes where before it reads a single byte of the file.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{File, FormData, HtmlInputElement, ProgressEvent, XmlHttpRequest};

/// How an upload ended: the HTTP status (0 when the network failed) and the body.
pub struct UploadDone {
    pub status: u16,
    pub body: String,
}

/// The file chosen in an `<input type="file">` (the target of a `change` event).
pub fn chosen_file(target: Option<web_sys::EventTarget>) -> Option<(HtmlInputElement, File)> {
    let input = target?.dyn_into::<HtmlInputElement>().ok()?;
    let file = input.files()?.get(0)?;
    Some((input, file))
}

/// POSTs `fields` and then `file` (as `file`) to `path`. `on_progress` gets the
/// share sent, 0–100; `on_done` runs once at the end.
pub fn upload(
    path: &str,
    fields: &[(&str, &str)],
    file: &File,
    on_progress: impl Fn(u8) + 'static,
    on_done: impl FnOnce(UploadDone) + 'static,
) {
    let fail = |on_done: Box<dyn FnOnce(UploadDone)>| {
        on_done(UploadDone {
            status: 0,
            body: String::new(),
        })
    };
    let on_done: Box<dyn FnOnce(UploadDone)> = Box::new(on_done);
    let (Ok(form), Ok(xhr)) = (FormData::new(), XmlHttpRequest::new()) else {
        return fail(on_done);
    };
    for (name, value) in fields {
        if form.append_with_str(name, value).is_err() {
            return fail(on_done);
        }
    }
    if form
        .append_with_blob_and_filename("file", file, &file.name())
        .is_err()
    {
        return fail(on_done);
    }
    if xhr.open("POST", path).is_err() {
        return fail(on_done);
    }
    let _ = xhr.set_request_header("Accept", "application/json");
    if let Ok(upload) = xhr.upload() {
        let progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |ev: ProgressEvent| {
            if ev.length_computable() && ev.total() > 0.0 {
                on_progress((ev.loaded() / ev.total() * 100.0).clamp(0.0, 100.0) as u8);
            }
        });
        upload.set_onprogress(Some(progress.as_ref().unchecked_ref()));
        progress.forget();
    }
    let done_xhr = xhr.clone();
    let on_done = std::rc::Rc::new(std::cell::RefCell::new(Some(on_done)));
    let pending = on_done.clone();
    let loadend = Closure::<dyn FnMut()>::new(move || {
        if let Some(done) = pending.borrow_mut().take() {
            done(UploadDone {
                status: done_xhr.status().unwrap_or(0),
                body: done_xhr.response_text().ok().flatten().unwrap_or_default(),
            });
        }
    });
    xhr.set_onloadend(Some(loadend.as_ref().unchecked_ref()));
    loadend.forget();
    if xhr.send_with_opt_form_data(Some(&form)).is_err() {
        xhr.set_onloadend(None);
        if let Some(done) = on_done.borrow_mut().take() {
            fail(done);
        }
    }
}
