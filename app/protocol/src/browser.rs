//! A WebSocket for the browser that reconnects by itself, with growing pauses
//! (0.5 s … 10 s), and tells its owner when it (re)opens so the owner can
//! fetch what it may have missed.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, WebSocket};

pub struct Handlers {
    /// Each text frame.
    pub on_text: Box<dyn Fn(String)>,
    /// Each (re)connection; `true` after a reconnect.
    pub on_open: Box<dyn Fn(bool)>,
    pub on_close: Box<dyn Fn()>,
}

struct Inner {
    url: String,
    handlers: Handlers,
    ws: RefCell<Option<WebSocket>>,
    connected_before: Cell<bool>,
    attempts: Cell<u32>,
    stopped: Cell<bool>,
}

#[derive(Clone)]
pub struct ReconnectingSocket(Rc<Inner>);

impl ReconnectingSocket {
    /// Connects to a path on this page's host (`ws:` or `wss:` to match the page).
    pub fn connect(path_and_query: &str, handlers: Handlers) -> Self {
        let socket = ReconnectingSocket(Rc::new(Inner {
            url: same_host_url(path_and_query),
            handlers,
            ws: RefCell::new(None),
            connected_before: Cell::new(false),
            attempts: Cell::new(0),
            stopped: Cell::new(false),
        }));
        socket.open();
        socket
    }

    fn open(&self) {
        if self.0.stopped.get() {
            return;
        }
        let Ok(ws) = WebSocket::new(&self.0.url) else {
            self.reconnect_later();
            return;
        };
        let me = self.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            if let Some(text) = ev.data().as_string() {
                (me.0.handlers.on_text)(text);
            }
        });
        ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();

        let me = self.clone();
        let on_open = Closure::<dyn FnMut()>::new(move || {
            me.0.attempts.set(0);
            let reconnected = me.0.connected_before.replace(true);
            (me.0.handlers.on_open)(reconnected);
        });
        ws.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        on_open.forget();

        let me = self.clone();
        let on_close = Closure::<dyn FnMut()>::new(move || {
            (me.0.handlers.on_close)();
            me.reconnect_later();
        });
        ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        on_close.forget();

        *self.0.ws.borrow_mut() = Some(ws);
    }

    fn reconnect_later(&self) {
        if self.0.stopped.get() {
            return;
        }
        let attempt = self.0.attempts.get();
        self.0.attempts.set(attempt + 1);
        let delay = (500u32 << attempt.min(5)).min(10_000);
        let me = self.clone();
        gloo_timers::callback::Timeout::new(delay, move || me.open()).forget();
    }

    /// Sends a text frame if connected; `false` if it could not be sent now.
    pub fn send_text(&self, text: &str) -> bool {
        match self.0.ws.borrow().as_ref() {
            Some(ws) if ws.ready_state() == WebSocket::OPEN => ws.send_with_str(text).is_ok(),
            _ => false,
        }
    }

    pub fn is_open(&self) -> bool {
        self.0
            .ws
            .borrow()
            .as_ref()
            .is_some_and(|ws| ws.ready_state() == WebSocket::OPEN)
    }

    /// Closes for good: no reconnect.
    pub fn stop(&self) {
        self.0.stopped.set(true);
        if let Some(ws) = self.0.ws.borrow_mut().take() {
            let _ = ws.close();
        }
    }
}

fn same_host_url(path_and_query: &str) -> String {
    let location = web_sys::window().expect("a window").location();
    let scheme = if location.protocol().ok().as_deref() == Some("https:") {
        "wss"
    } else {
        "ws"
    };
    format!(
        "{scheme}://{}{path_and_query}",
        location.host().unwrap_or_default()
    )
}

/// A fresh random id (for a message's `client_id`, or a visitor token).
pub fn random_uuid() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_default()
}

/// Milliseconds since the epoch.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}
