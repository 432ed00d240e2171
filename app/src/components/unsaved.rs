//! Asks before work typed into a form is lost: when the page is closed or reloaded (the
//! browser's own question), and when a link in the app or the browser's back and forward
//! buttons would leave it (a confirmation in the interface's language).

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
    // Back and forward within the app arrive as `popstate`, which the router hears on the
    // window too; a capturing listener there runs before it. By then the address bar shows
    // the other page: staying stops the event short of the router and puts the form's
    // address back, so the router never learns of the move.
    // The form's address is where the router still is while the event is on its way.
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
    let on_pop = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
        if !dirty() {
            return;
        }
        let Some(w) = web_sys::window() else { return };
        if w.confirm_with_message(question()).unwrap_or(true) {
            return;
        }
        ev.stop_immediate_propagation();
        if let Ok(history) = w.history() {
            let _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&here()));
        }
    })
    .into_js_value();
    if let Some(w) = web_sys::window() {
        let _ =
            w.add_event_listener_with_callback_and_bool("click", on_click.unchecked_ref(), true);
        let _ =
            w.add_event_listener_with_callback_and_bool("popstate", on_pop.unchecked_ref(), true);
    }
    // Kept on this thread; the cleanup (which must be `Send`) holds only their handles.
    let listeners = StoredValue::new_local([("click", on_click), ("popstate", on_pop)]);
    on_cleanup(move || {
        unload.remove();
        listeners.try_with_value(|all| {
            if let Some(w) = web_sys::window() {
                for (kind, f) in all {
                    let _ = w.remove_event_listener_with_callback_and_bool(
                        kind,
                        f.unchecked_ref(),
                        true,
                    );
                }
            }
        });
    });
}
