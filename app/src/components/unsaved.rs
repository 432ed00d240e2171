//! Asks before work typed into a form is lost: when the page is closed or reloaded (the
//! browser's own question), and when a link in the app or the browser's back and forward
//! buttons would leave it (a confirmation in the interface's language).

use std::{
    cell::{Cell, RefCell},
    rc::Rc,
};

use leptos::prelude::*;
use wasm_bindgen::{JsCast, closure::Closure};

/// While `dirty()` holds, leaving the page asks first. The listeners go with the
/// component that set them.
pub fn guard_unsaved(
    dirty: impl Fn() -> bool + Copy + Send + Sync + 'static,
    question: impl Fn() -> &'static str + Copy + Send + Sync + 'static,
) {
    let unload = window_event_listener(leptos::ev::beforeunload, move |ev| {
        if dirty() {
            ev.prevent_default();
            ev.set_return_value("");
        }
    });
    // Links are followed by the router's click handler on the window; one that runs
    // before it (in the capture phase) and prevents the default keeps the page.
    let on_click = Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |ev: web_sys::MouseEvent| {
        if !dirty() || ev.default_prevented() || ev.button() != 0 {
            return;
        }
        let link = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("a[href]").ok().flatten());
        if link.is_none() {
            return;
        }
        let stay = web_sys::window()
            .and_then(|w| w.confirm_with_message(question()).ok())
            .is_some_and(|leave| !leave);
        if stay {
            ev.prevent_default();
            ev.stop_propagation();
        }
    })
    .into_js_value();
    // Back and forward are the history's `popstate` (see `watch_history`): this form is
    // made the open one, with its question and its address, which is where the router
    // still is while the event is on its way.
    let location = leptos_router::hooks::use_location();
    let here = move || {
        let mark = |sign: char, part: String| match part.chars().next() {
            None => String::new(),
            Some(c) if c == sign => part,
            Some(_) => format!("{sign}{part}"),
        };
        format!(
            "{}{}{}",
            location.pathname.get_untracked(),
            mark('?', location.search.get_untracked()),
            mark('#', location.hash.get_untracked())
        )
    };
    let id = NEXT.with(|n| n.replace(n.get() + 1));
    OPEN.with_borrow_mut(|open| {
        *open = Some(Open {
            id,
            ask: Rc::new(move || dirty().then(|| (question(), here()))),
        })
    });
    if let Some(w) = web_sys::window() {
        let _ =
            w.add_event_listener_with_callback_and_bool("click", on_click.unchecked_ref(), true);
    }
    // Kept on this thread; the cleanup (which must be `Send`) holds only its handle.
    let on_click = StoredValue::new_local(on_click);
    on_cleanup(move || {
        unload.remove();
        OPEN.with_borrow_mut(|open| {
            if open.as_ref().is_some_and(|o| o.id == id) {
                *open = None;
            }
        });
        on_click.try_with_value(|f| {
            if let Some(w) = web_sys::window() {
                let _ = w.remove_event_listener_with_callback_and_bool(
                    "click",
                    f.unchecked_ref(),
                    true,
                );
            }
        });
    });
}

/// The form that asks before it is left: while it has unsaved changes, `ask` gives the
/// question and the form's address.
struct Open {
    id: u64,
    ask: Rc<dyn Fn() -> Option<(&'static str, String)>>,
}

thread_local! {
    static OPEN: RefCell<Option<Open>> = const { RefCell::new(None) };
    static NEXT: Cell<u64> = const { Cell::new(0) };
}

/// Back and forward within the app arrive as `popstate`, which the router answers by
/// leaving the page at once. A window's listeners run in the order they were added, so
/// this is called once, as the app starts, before the router adds its own. By the time it
/// runs the address bar shows the other page: staying stops the event short of the router
/// and puts the form's address back, so the router never learns of the move.
pub fn watch_history() {
    let on_pop = Closure::<dyn Fn(web_sys::Event)>::new(|ev: web_sys::Event| {
        let ask = OPEN.with_borrow(|open| open.as_ref().map(|o| o.ask.clone()));
        let Some((question, here)) = ask.and_then(|ask| ask()) else {
            return;
        };
        let Some(w) = web_sys::window() else { return };
        if w.confirm_with_message(question).unwrap_or(true) {
            return;
        }
        ev.stop_immediate_propagation();
        if let Ok(history) = w.history() {
            let _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&here));
        }
    });
    if let Some(w) = web_sys::window() {
        let _ = w.add_event_listener_with_callback_and_bool(
            "popstate",
            on_pop.as_ref().unchecked_ref(),
            true,
        );
    }
    // Listens for the app's whole life.
    on_pop.forget();
}
