//! The browser side of new-assignment alerts: a short chime served by this server
//! (`/sounds/assigned.wav`) and a desktop notification when the staff member has
//! allowed them. Their choice is remembered in this browser's `localStorage`.
//! Called through `js_sys` so the bundle needs no extra `web-sys` features.

use leptos::wasm_bindgen::{JsCast, JsValue};
use leptos::web_sys::js_sys::{self, Array, Function, Object, Promise, Reflect};

const CHOICE_KEY: &str = "cc.desktop-notifications";
const CHIME: &str = "/sounds/assigned.wav";

fn global(name: &str) -> Option<JsValue> {
    Reflect::get(&js_sys::global(), &JsValue::from_str(name))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

fn call(target: &JsValue, method: &str, args: &Array) -> Option<JsValue> {
    let f: Function = Reflect::get(target, &JsValue::from_str(method))
        .ok()?
        .dyn_into()
        .ok()?;
    f.apply(target, args).ok()
}

/// `granted`, `denied`, `default`, or `unsupported` when the browser has no notifications.
pub fn permission() -> String {
    global("Notification")
        .and_then(|n| Reflect::get(&n, &JsValue::from_str("permission")).ok())
        .and_then(|p| p.as_string())
        .unwrap_or_else(|| "unsupported".to_owned())
}

/// Whether the staff member turned desktop notifications on in this browser.
pub fn chosen() -> bool {
    global("localStorage")
        .and_then(|s| call(&s, "getItem", &Array::of1(&JsValue::from_str(CHOICE_KEY))))
        .and_then(|v| v.as_string())
        .is_some_and(|v| v == "on")
}

pub fn remember(on: bool) {
    if let Some(storage) = global("localStorage") {
        let value = if on { "on" } else { "off" };
        call(
            &storage,
            "setItem",
            &Array::of2(&JsValue::from_str(CHOICE_KEY), &JsValue::from_str(value)),
        );
    }
}

/// Asks the browser for permission; `done` gets the answer (`granted`, `denied`, `default`).
pub fn request_permission(done: impl FnOnce(String) + 'static) {
    let Some(notification) = global("Notification") else {
        done("unsupported".to_owned());
        return;
    };
    let Some(promise) =
        call(&notification, "requestPermission", &Array::new()).and_then(|p| p.dyn_into::<Promise>().ok())
    else {
        done(permission());
        return;
    };
    leptos::task::spawn_local(async move {
        let answer = leptos::__reexports::wasm_bindgen_futures::JsFuture::from(promise)
            .await
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_else(permission);
        done(answer);
    });
}

/// Plays the chime (browsers may refuse before the first click on the page; that's fine).
pub fn chime() {
    let Some(audio) = global("Audio").and_then(|a| a.dyn_into::<Function>().ok()) else {
        return;
    };
    if let Ok(player) = Reflect::construct(&audio, &Array::of1(&JsValue::from_str(CHIME))) {
        if let Some(promise) = call(&player, "play", &Array::new()).and_then(|p| p.dyn_into::<Promise>().ok())
        {
            // A refused autoplay rejects the promise: swallow it.
            let ignore = leptos::wasm_bindgen::closure::Closure::<dyn FnMut(JsValue)>::new(|_: JsValue| {});
            let _ = promise.catch(&ignore);
            ignore.forget();
        }
    }
}

/// Shows a desktop notification if allowed and chosen; `tag` replaces an earlier one
/// about the same conversation.
pub fn notify(title: &str, body: &str, tag: &str) {
    if permission() != "granted" || !chosen() {
        return;
    }
    let Some(ctor) = global("Notification").and_then(|n| n.dyn_into::<Function>().ok()) else {
        return;
    };
    let options = Object::new();
    let _ = Reflect::set(&options, &JsValue::from_str("body"), &JsValue::from_str(body));
    let _ = Reflect::set(&options, &JsValue::from_str("tag"), &JsValue::from_str(tag));
    let _ = Reflect::set(
        &options,
        &JsValue::from_str("icon"),
        &JsValue::from_str("/favicon.svg"),
    );
    let _ = Reflect::construct(&ctor, &Array::of2(&JsValue::from_str(title), &options));
}
