//! Form fields that survive a trip to the sign-in page: each keystroke is kept in the
//! tab's session storage until the form is submitted.

use leptos::prelude::*;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// A text signal initialised from, and saved to, session storage under `key`.
pub fn draft(key: &'static str) -> RwSignal<String> {
    let full = format!("anma.draft.{key}");
    let initial = storage()
        .and_then(|s| s.get_item(&full).ok().flatten())
        .unwrap_or_default();
    let signal = RwSignal::new(initial);
    Effect::new(move |_| {
        let value = signal.get();
        if let Some(s) = storage() {
            let _ = if value.is_empty() {
                s.remove_item(&full)
            } else {
                s.set_item(&full, &value)
            };
        }
    });
    signal
}
