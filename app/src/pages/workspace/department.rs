use leptos::prelude::*;

use crate::{
    api,
    components::{ErrorMessage, Loading, set_title},
    i18n::use_i18n,
    session::use_session,
};

/// `/workspace/department`: the accounts of the user's own department.
#[component]
pub fn DepartmentStaff() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    Effect::new(move |_| set_title(i18n.t().ws_department(), i18n.t().brand()));
    let department = move || session.user().map(|u| u.department_id).unwrap_or_default();
    let staff = LocalResource::new(move || {
        let id = department();
        async move { api::department_users(id).await }
    });
    view! {
        <h1>{move || i18n.t().ws_department()}</h1>
        {move || match staff.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => {
                session.handle(&e);
                view! { <ErrorMessage error=e retry=move || staff.refetch() /> }.into_any()
            }
            Some(Ok(list)) => view! {
                <ul class="cards" aria-label=move || i18n.t().ws_department()>
                    {list.items.into_iter().map(|u| {
                        let role = u.role;
                        view! {
                            <li class="card">
                                <h2 class="card-title">{u.display_name}</h2>
                                <p class="meta">
                                    <span><code>{u.username}</code></span>
                                    <span>{move || i18n.t().role(role)}</span>
                                    <span>{move || if u.active { i18n.t().users_active() } else { i18n.t().users_disabled() }}</span>
                                </p>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any(),
        }}
    }
}
