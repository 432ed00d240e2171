//! One module per route, each built into the bundle its feature names (`app/Cargo.toml`,
//! and `model::routes::PAGES` for the server's side). A build routes only its own pages
//! (`shell`); a path of another bundle is [`OtherBundle`], which loads the bundle that has it.

use crate::model::routes::{Bundle, bundle_of};

/// `pages!("feature" => module: Page, …)`: the module and its pages, in a build with the
/// feature.
macro_rules! pages {
    ($feature:literal => $module:ident: $($page:ident),+) => {
        #[cfg(feature = $feature)]
        mod $module;
        #[cfg(feature = $feature)]
        pub use $module::{$($page),+};
    };
}

pages!("verify" => verify: Verify);
pages!("inspection" => inspection: InspectionPage);
pages!("verify" => home: Home);
pages!("disclosures" => disclosures: DisclosureDetail, Disclosures);
// Unknown paths are answered with the first page's bundle (and a 404 status): another
// bundle loads it for them.
pages!("disclosures" => not_found: NotFound);
#[cfg(not(feature = "disclosures"))]
pub use OtherBundle as NotFound;
pages!("powers" => items: Items);
pages!("powers" => item_detail: ItemDetail);
pages!("powers" => departments: Departments);
pages!("powers" => officers: Officers);
pages!("stats" => stats: StatsPage);
pages!("spot-checks" => spot_checks: SpotCheckDetail, SpotChecks);
pages!("scan" => scan: Scan);

#[cfg(feature = "workspace")]
mod login;
#[cfg(feature = "workspace")]
pub mod workspace;
#[cfg(feature = "workspace")]
pub use login::Login;

/// Whether this build renders the pages of `bundle` itself.
pub fn built_here(bundle: Bundle) -> bool {
    match bundle {
        Bundle::Verify => cfg!(feature = "verify"),
        Bundle::Inspection => cfg!(feature = "inspection"),
        Bundle::Public => cfg!(feature = "disclosures"),
        Bundle::Powers => cfg!(feature = "powers"),
        Bundle::Stats => cfg!(feature = "stats"),
        Bundle::SpotChecks => cfg!(feature = "spot-checks"),
        Bundle::Scan => cfg!(feature = "scan"),
        Bundle::Workspace => cfg!(feature = "workspace"),
    }
}

/// The path this tab last reloaded to reach another bundle, kept (in the tab's session
/// storage) until a bundle that renders it has started.
const RELOADED: &str = "anma.reloaded";

fn tab_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

fn current_path() -> Option<String> {
    web_sys::window()?.location().pathname().ok()
}

/// On the app's start: when this build renders the page at the address, the load that
/// brought the tab here (if any) reached its bundle.
pub fn arrived() {
    let (Some(path), Some(storage)) = (current_path(), tab_storage()) else {
        return;
    };
    if built_here(bundle_of(&path).unwrap_or(Bundle::Public)) {
        let _ = storage.remove_item(RELOADED);
    }
}

/// A page of another bundle: the server answers its path with that bundle's page, so a
/// full load gets there. Should the load come back to a bundle without the page (the
/// server's files and this build disagree, say a page file is missing), a second load
/// would only come back again: the page then says it is not found instead of loading
/// forever.
#[leptos::component]
pub fn OtherBundle() -> impl leptos::IntoView {
    use leptos::prelude::*;
    // The address being opened, as the router has it: during a client-side navigation the
    // window's address still shows the page being left.
    let location = leptos_router::hooks::use_location();
    let path = location.pathname.get_untracked();
    let search = location.search.get_untracked();
    let target = format!(
        "{path}{}{search}{}",
        if search.is_empty() { "" } else { "?" },
        location.hash.get_untracked()
    );
    let storage = tab_storage();
    let reloaded = storage
        .as_ref()
        .and_then(|s| s.get_item(RELOADED).ok().flatten());
    let bundle = bundle_of(&path).unwrap_or(Bundle::Public);
    if built_here(bundle) || reloaded.as_deref() == Some(path.as_str()) {
        if let Some(s) = &storage {
            let _ = s.remove_item(RELOADED);
        }
        let i18n = crate::i18n::use_i18n();
        return Some(view! {
            <h1>{move || i18n.t().not_found_title()}</h1>
        });
    }
    if let Some(s) = &storage {
        let _ = s.set_item(RELOADED, &path);
    }
    // Once the router has put the address in the history, the load replaces that entry,
    // so that Back leads to the page before.
    set_timeout(
        move || {
            if let Some(w) = web_sys::window() {
                let _ = w.location().replace(&target);
            }
        },
        std::time::Duration::ZERO,
    );
    None
}
