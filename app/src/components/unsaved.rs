//! Asks before work typed into a form is lost: when the page is closed or reloaded (the
//! browser's own question) and when a link in the app would leave it (a confirmation in
//! the interface's language).

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
    if let Some(w) = web_sys::window() {
        let _ =
            w.add_event_listener_with_callback_and_bool("click", on_click.unchecked_ref(), true);
    }
    // Kept on this thread; the cleanup (which must be `Send`) holds only its handle.
    let on_click = StoredValue::new_local(on_click);
    on_cleanup(move || {
        unload.remove();
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
