use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::{
    api::{self, ApiError, NewUserForm},
    components::{
        ErrorMessage, Loading, draft, set_title,
        table::{SortHeading, list_url, sort_param},
    },
    i18n::use_i18n,
    model::{DepartmentQuery, Role, UserAccount},
    session::use_session,
};

/// `/workspace/users`: every account in the province as a table — search by name,
/// username or department, role and status filters in the URL, sortable columns. Admins
/// create, disable, enable and reset; auditors read.
#[component]
pub fn Accounts() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    Effect::new(move |_| set_title(i18n.t().users_title(), i18n.t().brand()));
    let is_admin = move || session.role() == Some(Role::Admin);
    let accounts = LocalResource::new(|| async { api::users().await });
    let notice = RwSignal::new(None::<&'static str>);
    let reload = move || accounts.refetch();

    let query = use_query_map();
    let param = move |k: &str| {
        query
            .read()
            .get(k)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    let search = Memo::new(move |_| param("q").unwrap_or_default());
    let role = Memo::new(move |_| param("role").and_then(|r| Role::parse(&r)));
    let inactive = Memo::new(move |_| param("disabled").is_some_and(|v| v == "1"));
    let sort = Memo::new(move |_| {
        let text = param("sort").unwrap_or_default();
        let descending = text.starts_with('-');
        let key = match text.trim_start_matches('-') {
            "username" => UserSort::Username,
            "department" => UserSort::Department,
            "role" => UserSort::Role,
            _ => UserSort::Name,
        };
        (key, descending)
    });
    let navigate = use_navigate();
    let go = move |q: String, role: Option<Role>, disabled: bool, sort: (UserSort, bool)| {
        let params = [
            ("q", q),
            (
                "role",
                role.map(|r| r.as_str().to_owned()).unwrap_or_default(),
            ),
            ("disabled", if disabled { "1" } else { "" }.to_owned()),
            (
                "sort",
                sort_param(sort.0.as_str(), sort.1, sort == (UserSort::Name, false)),
            ),
        ];
        navigate(&list_url("/workspace/users", &params), Default::default());
    };
    let typed = RwSignal::new(search.get_untracked());
    Effect::new(move |_| typed.set(search.get()));
    let shown = Memo::new(move |_| {
        let Some(Ok(list)) = accounts.get() else {
            return Vec::new();
        };
        let words = search.get().to_lowercase();
        let (key, descending) = sort.get();
        let mut rows: Vec<UserAccount> = list
            .items
            .into_iter()
            .filter(|a| {
                words.is_empty()
                    || a.username.contains(&words)
                    || a.display_name.to_lowercase().contains(&words)
                    || a.department_name.contains(&words)
            })
            .filter(|a| role.get().is_none_or(|r| a.role == r))
            .filter(|a| !inactive.get() || !a.active)
            .collect();
        rows.sort_by(|a, b| {
            let o = key.compare(a, b);
            if descending { o.reverse() } else { o }
        });
        rows
    });
    let go_search = go.clone();
    let on_search = move |ev: SubmitEvent| {
        ev.prevent_default();
        go_search(
            typed.get_untracked(),
            role.get_untracked(),
            inactive.get_untracked(),
            sort.get_untracked(),
        );
    };
    let go_role = go.clone();
    let go_disabled = go.clone();
    let go_sort = go.clone();
    let heading = move |key: UserSort, label: fn(&'static crate::i18n::Texts) -> &'static str| {
        let go_sort = go_sort.clone();
        let sorted = Signal::derive(move || match sort.get() {
            (k, descending) if k == key => Some(descending),
            _ => None,
        });
        let on_sort = Callback::new(move |()| {
            let (k, descending) = sort.get_untracked();
            go_sort(
                search.get_untracked(),
                role.get_untracked(),
                inactive.get_untracked(),
                (key, k == key && !descending),
            );
        });
        view! { <SortHeading label sorted on_sort key=key.as_str() /> }
    };

    view! {
        <h1>{move || i18n.t().users_title()}</h1>
        <Show when=move || !is_admin()>
            <p class="notice">{move || i18n.t().users_readonly()}</p>
        </Show>
        <Show when=is_admin>
            <CreateAccount on_created=move || { notice.set(Some(i18n.t().users_created())); reload(); } />
        </Show>
        <p class="success" role="status">{move || notice.get()}</p>
        <SignInLocks admin=is_admin() />
        <form class="filters" role="search" on:submit=on_search>
            <div class="field wide">
                <label for="us-q">{move || i18n.t().users_search()}</label>
                <div class="input-row">
                    <input id="us-q" type="search" prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev)) />
                    <button type="submit" class="button primary">{move || i18n.t().tbl_apply()}</button>
                </div>
            </div>
            <div class="field">
                <label for="us-role">{move || i18n.t().user_role()}</label>
                <select id="us-role" on:change=move |ev| go_role(search.get_untracked(), Role::parse(&event_target_value(&ev)), inactive.get_untracked(), sort.get_untracked())>
                    <option value="">{move || i18n.t().filter_all()}</option>
                    {Role::ALL.into_iter().map(|r| view! {
                        <option value=r.as_str() selected=move || role.get() == Some(r)>{move || i18n.t().role(r)}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field check-row">
                <input id="us-disabled" type="checkbox" prop:checked=move || inactive.get()
                    on:change=move |ev| go_disabled(search.get_untracked(), role.get_untracked(), event_target_checked(&ev), sort.get_untracked()) />
                <label for="us-disabled">{move || i18n.t().users_disabled_only()}</label>
            </div>
        </form>
        {move || match accounts.get() {
            None => view! { <Loading /> }.into_any(),
            Some(Err(e)) => {
                session.handle(&e);
                view! { <ErrorMessage error=e retry=move || accounts.refetch() /> }.into_any()
            }
            Some(Ok(list)) => view! {
                <p class="count" role="status"><strong data-testid="user-count">{move || shown.with(Vec::len)}</strong>" / "{list.total}" "{move || i18n.t().users_count()}</p>
                <div class="table-wrap">
                    <table class="data-table" aria-label=move || i18n.t().users_title() data-testid="user-table">
                        <thead><tr>
                            {heading(UserSort::Name, |t| t.user_display_name())}
                            {heading(UserSort::Username, |t| t.user_username())}
                            {heading(UserSort::Role, |t| t.user_role())}
                            {heading(UserSort::Department, |t| t.user_department())}
                            <th scope="col">{move || i18n.t().col_status()}</th>
                            <Show when=is_admin><th scope="col">{move || i18n.t().users_actions()}</th></Show>
                        </tr></thead>
                        <tbody>
                            <For each=move || shown.get() key=|a| (a.id, a.active, a.must_change_password) let:account>
                                <AccountRow account admin=is_admin() on_change=move |msg| { notice.set(Some(msg)); reload(); } />
                            </For>
                        </tbody>
                    </table>
                </div>
            }.into_any(),
        }}
    }
}

/// The accounts table's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum UserSort {
    Name,
    Username,
    Department,
    Role,
}

impl UserSort {
    fn as_str(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Username => "username",
            Self::Department => "department",
            Self::Role => "role",
        }
    }

    fn compare(self, a: &UserAccount, b: &UserAccount) -> std::cmp::Ordering {
        match self {
            Self::Name => a.display_name.cmp(&b.display_name),
            Self::Username => a.username.cmp(&b.username),
            Self::Department => a.department_name.cmp(&b.department_name),
            Self::Role => a.role.as_str().cmp(b.role.as_str()),
        }
        .then(a.id.cmp(&b.id))
    }
}

/// The sign-in locks in force; admins lift them.
#[component]
fn SignInLocks(admin: bool) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let locks = LocalResource::new(|| async { api::sign_in_locks().await });
    let error = RwSignal::new(None::<ApiError>);
    let lift = move |key: String| {
        let csrf = session.csrf();
        spawn_local(async move {
            match api::lift_sign_in_lock(&csrf, &key).await {
                Ok(()) => {
                    error.set(None);
                    locks.refetch();
                }
                Err(e) => {
                    if !session.handle(&e) {
                        error.set(Some(e));
                    }
                }
            }
        });
    };
    view! {
        <section class="panel" aria-labelledby="locks-title" data-testid="sign-in-locks">
            <h2 id="locks-title">{move || i18n.t().locks_title()}</h2>
            {move || locks.get().and_then(|r| r.ok()).map(|l| {
                if l.items.is_empty() {
                    return view! { <p class="empty">{move || i18n.t().locks_none()}</p> }.into_any();
                }
                view! {
                    <ul>
                        {l.items.into_iter().map(|lock| {
                            let key = lock.key.clone();
                            let t = i18n.t();
                            let what = match lock.kind {
                                crate::model::SignInLockKind::AccountFromAddress => t.locks_pair(),
                                crate::model::SignInLockKind::Address => t.locks_address(),
                                crate::model::SignInLockKind::AccountFromStrangers => t.locks_strangers(),
                            };
                            view! {
                                <li>
                                    <strong>{what}</strong>" · "
                                    {lock.account.clone().unwrap_or_default()}" "
                                    <code>{lock.address.clone().unwrap_or_default()}</code>" · "
                                    {t.locks_until()}" "{crate::components::format::china_time(lock.locked_until)}" "
                                    <Show when=move || admin>
                                        {
                                            let key = key.clone();
                                            view! { <button type="button" class="button secondary" on:click=move |_| lift(key.clone())>{move || i18n.t().locks_lift()}</button> }
                                        }
                                    </Show>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            })}
            <p class="field-error" role="alert">{move || error.get().map(|e| e.message(i18n.t()))}</p>
        </section>
    }
}

#[component]
fn AccountRow(
    account: UserAccount,
    admin: bool,
    on_change: impl Fn(&'static str) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let UserAccount {
        id,
        username,
        display_name,
        role,
        department_name,
        active,
        must_change_password,
        ..
    } = account;
    let resetting = RwSignal::new(false);
    let temp = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let is_self = session.user().is_some_and(|u| u.id == id);

    let toggle = move |_| {
        let csrf = session.csrf();
        spawn_local(async move {
            match api::set_user_active(&csrf, id, !active).await {
                Ok(_) => on_change(if active {
                    i18n.t().users_disabled()
                } else {
                    i18n.t().users_active()
                }),
                Err(e) => {
                    if !session.handle(&e) {
                        error.set(Some(e));
                    }
                }
            }
        });
    };
    let reset = move |ev: SubmitEvent| {
        ev.prevent_default();
        let csrf = session.csrf();
        let password = temp.get_untracked();
        spawn_local(async move {
            match api::reset_password(&csrf, id, &password).await {
                Ok(_) => {
                    resetting.set(false);
                    temp.set(String::new());
                    on_change(i18n.t().users_reset_done());
                }
                Err(e) => {
                    if !session.handle(&e) {
                        error.set(Some(e));
                    }
                }
            }
        });
    };
    let input_id = format!("reset-{id}");
    let label = |f: fn(&'static crate::i18n::Texts) -> &'static str| move || f(i18n.t());
    view! {
        <tr data-testid="user-row" data-username=username.clone()>
            <th scope="row" data-label=label(|t| t.user_display_name())>{display_name}</th>
            <td data-label=label(|t| t.user_username())><code>{username.clone()}</code></td>
            <td data-label=label(|t| t.user_role())>{move || i18n.t().role(role)}</td>
            <td data-label=label(|t| t.user_department())>{department_name}</td>
            <td data-label=label(|t| t.col_status())>
                <span class=if active { "status ok" } else { "status off" }>
                    {move || if active { i18n.t().users_active() } else { i18n.t().users_disabled() }}
                </span>
                <Show when=move || must_change_password>
                    " "<span class="status warn">{move || i18n.t().users_must_change()}</span>
                </Show>
            </td>
            {admin.then(|| view! {
                <td data-label=label(|t| t.users_actions())>
                    <Show when=move || !is_self>
                        <div class="actions">
                            <button type="button" class="button secondary" on:click=toggle>
                                {move || if active { i18n.t().users_disable() } else { i18n.t().users_enable() }}
                            </button>
                            <button type="button" class="button secondary" on:click=move |_| resetting.update(|r| *r = !*r)>
                                {move || i18n.t().users_reset()}
                            </button>
                        </div>
                    </Show>
                    <Show when=move || resetting.get()>
                        <form class="inline-form" on:submit=reset>
                            <label for=input_id.clone()>{move || i18n.t().users_reset_label()}</label>
                            <div class="input-row">
                                <input id=input_id.clone() type="text" autocomplete="off"
                                    prop:value=move || temp.get() on:input=move |ev| temp.set(event_target_value(&ev)) />
                                <button type="submit" class="button primary">{move || i18n.t().users_reset_submit()}</button>
                            </div>
                        </form>
                    </Show>
                    <p class="field-error" role="alert">{move || error.get().map(|e| e.message(i18n.t()))}</p>
                </td>
            })}
        </tr>
    }
}

/// The admin's form for a new account. What is typed survives a trip to the sign-in page.
#[component]
fn CreateAccount(on_created: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let username = draft("new-user.username");
    let display_name = draft("new-user.display-name");
    let department = draft("new-user.department");
    let role = draft("new-user.role");
    let password = RwSignal::new(String::new());
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let departments =
        LocalResource::new(|| async { api::departments(&DepartmentQuery::default()).await });

    let field_error = move |field: &'static str| {
        move || {
            error
                .get()
                .filter(|e| e.field() == Some(field))
                .map(|e| e.message(i18n.t()))
        }
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        pending.set(true);
        error.set(None);
        let form = NewUserForm {
            username: username.get_untracked(),
            display_name: display_name.get_untracked(),
            department_id: department.get_untracked().parse().unwrap_or_default(),
            role: if role.get_untracked().is_empty() {
                "clerk".into()
            } else {
                role.get_untracked()
            },
            password: password.get_untracked(),
        };
        let csrf = session.csrf();
        spawn_local(async move {
            match api::create_user(&csrf, &form).await {
                Ok(_) => {
                    for s in [username, display_name, department, role, password] {
                        s.set(String::new());
                    }
                    on_created();
                }
                Err(e) => {
                    if !session.handle(&e) {
                        error.set(Some(e));
                    }
                }
            }
            pending.set(false);
        });
    };
    view! {
        <details class="panel">
            <summary>{move || i18n.t().users_create()}</summary>
            <form on:submit=on_submit novalidate>
                <div class="field">
                    <label for="nu-username">{move || i18n.t().user_username()}</label>
                    <p id="nu-username-hint" class="hint">{move || i18n.t().user_username_hint()}</p>
                    <input id="nu-username" type="text" autocomplete="off" autocapitalize="none" aria-describedby="nu-username-hint"
                        prop:value=move || username.get() on:input=move |ev| username.set(event_target_value(&ev)) />
                    <p class="field-error">{field_error("username")}</p>
                </div>
                <div class="field">
                    <label for="nu-name">{move || i18n.t().user_display_name()}</label>
                    <input id="nu-name" type="text" autocomplete="off"
                        prop:value=move || display_name.get() on:input=move |ev| display_name.set(event_target_value(&ev)) />
                    <p class="field-error">{field_error("display_name")}</p>
                </div>
                <div class="field">
                    <label for="nu-department">{move || i18n.t().user_department()}</label>
                    <select id="nu-department" prop:value=move || department.get()
                        on:change=move |ev| department.set(event_target_value(&ev))>
                        <option value="">"—"</option>
                        {move || departments.get().and_then(Result::ok).map(|list| list.items.into_iter().map(|d| {
                            let value = d.id.to_string();
                            let selected = department.get_untracked() == value;
                            view! { <option value=value selected=selected>{d.name}</option> }
                        }).collect_view())}
                    </select>
                    <p class="field-error">{field_error("department_id")}</p>
                </div>
                <div class="field">
                    <label for="nu-role">{move || i18n.t().user_role()}</label>
                    <select id="nu-role" prop:value=move || role.get() on:change=move |ev| role.set(event_target_value(&ev))>
                        {Role::ALL.into_iter().map(|r| view! {
                            <option value=r.as_str() selected=move || role.get() == r.as_str()>{move || i18n.t().role(r)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="nu-password">{move || i18n.t().user_initial_password()}</label>
                    <p id="nu-password-hint" class="hint">{move || i18n.t().pw_hint()}</p>
                    <input id="nu-password" type="text" autocomplete="off" aria-describedby="nu-password-hint"
                        prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev)) />
                    <p class="field-error">{field_error("password")}</p>
                </div>
                <p class="field-error" role="alert">
                    {move || error.get().filter(|e| e.field().is_none()).map(|e| e.message(i18n.t()))}
                </p>
                <button type="submit" class="button primary" prop:disabled=move || pending.get()>
                    {move || if pending.get() { i18n.t().saving() } else { i18n.t().users_create_submit() }}
                </button>
            </form>
        </details>
    }
}
