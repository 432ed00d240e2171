use leptos::prelude::*;

use crate::{
    api,
    i18n::use_i18n,
    model::{Region, RegionCode, RegionLevel},
};

/// City → district selects. `selected` is the most specific region chosen; `on_change`
/// gets the new choice (a district, a city, or `None` for the whole province).
#[component]
pub fn RegionFilter(
    #[prop(into)] selected: Signal<Option<RegionCode>>,
    #[prop(into)] on_change: Callback<Option<RegionCode>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let regions = LocalResource::new(|| async { api::regions().await });
    let city = Memo::new(move |_| selected.get().and_then(|r| r.city()));
    let options = move |level: RegionLevel, parent: Option<RegionCode>| -> Vec<Region> {
        regions
            .get()
            .and_then(Result::ok)
            .map(|list| {
                list.items
                    .into_iter()
                    .filter(|r| r.level == level && (parent.is_none() || r.parent_code == parent))
                    .collect()
            })
            .unwrap_or_default()
    };
    let selected_text = move || selected.get().map(|r| r.to_string()).unwrap_or_default();
    view! {
        <div class="field">
            <label for="f-city">{move || i18n.t().filter_region()}</label>
            <select id="f-city"
                prop:value=move || city.get().map(|c| c.to_string()).unwrap_or_default()
                on:change=move |ev| on_change.run(RegionCode::parse(&event_target_value(&ev)).ok())>
                <option value="">{move || i18n.t().filter_region_all()}</option>
                {move || options(RegionLevel::City, None).into_iter().map(|r| {
                    let code = r.code.to_string();
                    let is_selected = city.get().map(|c| c.to_string()) == Some(code.clone());
                    view! { <option value=code selected=is_selected>{r.name}</option> }
                }).collect_view()}
            </select>
        </div>
        <Show when=move || city.get().is_some()>
            <div class="field">
                <label for="f-district">{move || i18n.t().filter_district()}</label>
                <select id="f-district" prop:value=selected_text
                    on:change=move |ev| {
                        let choice = RegionCode::parse(&event_target_value(&ev)).ok().or_else(|| city.get_untracked());
                        on_change.run(choice)
                    }>
                    <option value="">{move || i18n.t().filter_all()}</option>
                    {move || options(RegionLevel::County, city.get()).into_iter().map(|r| {
                        let code = r.code.to_string();
                        let is_selected = selected_text() == code;
                        view! { <option value=code selected=is_selected>{r.name}</option> }
                    }).collect_view()}
                </select>
            </div>
        </Show>
    }
}
