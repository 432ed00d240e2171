//! The visitor's language in the app: a signal shared through context, stored in the
//! browser and in the `anma_lang` cookie, and reflected in `<html lang>`. The strings
//! themselves are in [`crate::texts`].

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::texts::LANG_COOKIE;
pub use crate::texts::{EN, Lang, Texts, ZH};

const STORAGE_KEY: &str = "anma.lang";

/// The current language, shared through context.
#[derive(Debug, Clone, Copy)]
pub struct I18n {
    lang: RwSignal<Lang>,
}

impl I18n {
    /// The strings of the current language (tracks the language signal).
    pub fn t(&self) -> &'static Texts {
        match self.lang.get() {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }

    pub fn toggle(&self) {
        self.lang.update(|l| {
            *l = match l {
                Lang::Zh => Lang::En,
                Lang::En => Lang::Zh,
            }
        });
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Provides the language context: the stored choice, else Chinese. Every change is stored
/// and reflected in `<html lang>`.
pub fn provide_i18n() -> I18n {
    let stored = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
    let lang = RwSignal::new(if stored.as_deref() == Some("en") {
        Lang::En
    } else {
        Lang::Zh
    });
    Effect::new(move |_| {
        let lang = lang.get();
        if let Some(s) = storage() {
            let _ = s.set_item(STORAGE_KEY, if lang == Lang::En { "en" } else { "zh" });
        }
        set_lang_cookie(lang);
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute("lang", lang.tag());
        }
    });
    let i18n = I18n { lang };
    provide_context(i18n);
    i18n
}

/// Mirrors the choice in a cookie, for the pages the server writes itself.
fn set_lang_cookie(lang: Lang) {
    let Some(doc) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
    else {
        return;
    };
    let _ = doc.set_cookie(&format!(
        "{LANG_COOKIE}={}; path=/; max-age=31536000; samesite=lax",
        lang.tag()
    ));
}

pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or_else(|| I18n {
        lang: RwSignal::new(Lang::Zh),
    })
}
