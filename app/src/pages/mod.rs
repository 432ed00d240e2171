//! One module per route, each built into the bundle its feature names (`app/Cargo.toml`,
//! and `model::routes::PAGES` for the server's side). In a build without a page's feature
//! the page is [`OtherBundle`]: going there loads the bundle that has it.

use crate::model::routes::{Bundle, bundle_of};

/// `pages!("feature" => module: Page, …)`: the module and its pages in a build with the
/// feature; in any other build each of those pages is [`OtherBundle`].
macro_rules! pages {
    ($feature:literal => $module:ident: $($page:ident),+) => {
        #[cfg(feature = $feature)]
        mod $module;
        #[cfg(feature = $feature)]
        pub use $module::{$($page),+};
        $(
            #[cfg(not(feature = $feature))]
            pub use OtherBundle as $page;
        )+
    };
}

pages!("verify" => verify: Verify);
pages!("inspection" => inspection: InspectionPage);
pages!("disclosures" => home: Home);
pages!("disclosures" => disclosures: DisclosureDetail, Disclosures);
// Unknown paths are answered with the first page's bundle (and a 404 status).
pages!("disclosures" => not_found: NotFound);
pages!("powers" => items: Items);
pages!("powers" => item_detail: ItemDetail);
pages!("powers" => departments: Departments);
pages!("powers" => officers: Officers);
pages!("oversight" => stats: StatsPage);
pages!("oversight" => spot_checks: SpotCheckDetail, SpotChecks);
pages!("scan" => scan: Scan);

#[cfg(feature = "workspace")]
mod login;
#[cfg(feature = "workspace")]
pub mod workspace;
#[cfg(feature = "workspace")]
pub use login::Login;

/// Whether this build renders the pages of `bundle` itself. (The workspace's build has
/// every page, and never needs to ask.)
#[cfg_attr(feature = "workspace", allow(dead_code))]
fn built_here(bundle: Bundle) -> bool {
    match bundle {
        Bundle::Verify => cfg!(feature = "verify"),
        Bundle::Inspection => cfg!(feature = "inspection"),
        Bundle::Public => cfg!(feature = "disclosures"),
        Bundle::Powers => cfg!(feature = "powers"),
        Bundle::Oversight => cfg!(feature = "oversight"),
        Bundle::Scan => cfg!(feature = "scan"),
        Bundle::Workspace => cfg!(feature = "workspace"),
    }
}

/// A page of another bundle: the server answers its path with that bundle's page, so a
/// full load gets there. Should the server have answered with this very bundle (its page
/// table and this build disagree), a reload would only come back here: the page then
/// says it is not found instead of loading forever.
#[leptos::component]
pub fn OtherBundle() -> impl leptos::IntoView {
    use leptos::prelude::*;
    let location = web_sys::window()?.location();
    let path = location.pathname().unwrap_or_default();
    let bundle = bundle_of(&path).unwrap_or(Bundle::Public);
    if built_here(bundle) {
        let i18n = crate::i18n::use_i18n();
        return Some(view! {
            <h1>{move || i18n.t().not_found_title}</h1>
        });
    }
    let _ = location.reload();
    None
}
