use leptos::prelude::*;

use super::oversees;
use crate::{
    api,
    components::{format::china_time, set_title},
    i18n::use_i18n,
    model::Role,
    session::use_session,
};

/// `/workspace`: who you are and what you can do here.
#[component]
pub fn Overview() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    Effect::new(move |_| set_title(i18n.t().workspace_title(), i18n.t().brand()));
    // Admins keep the working calendar: warn while this year's or next year's official
    // holiday notice is not loaded.
    let coverage = LocalResource::new(move || {
        let is_admin = session.role() == Some(Role::Admin);
        async move {
            if is_admin {
                api::calendar_years().await.ok()
            } else {
                None
            }
        }
    });
    let calendar_warning = move || {
        coverage
            .get()
            .flatten()
            .filter(|c| !c.missing.is_empty())
            .map(|c| {
                let years = c
                    .missing
                    .iter()
                    .map(i64::to_string)
                    .collect::<Vec<_>>()
                    .join("、");
                view! {
                    <p class="notice warning" role="alert" data-testid="calendar-missing">
                        {move || i18n.t().calendar_missing().replace("{years}", &years)}" "
                        <a href="/workspace/publication">{move || i18n.t().pub_title()}</a>
                    </p>
                }
            })
    };
    let todo = LocalResource::new(|| async { api::overview().await.ok() });
    move || {
        session.info.get().flatten().map(|info| {
            let user = info.user;
            let role = user.role;
            view! {
                <h1>{move || i18n.t().workspace_title()}</h1>
                {calendar_warning}
                {move || todo.get().flatten().map(|o| view! { <ToDo overview=o role=role /> })}
                <p class="lead">{move || i18n.t().ws_welcome()}{user.display_name.clone()}</p>
                <dl class="facts">
                    <dt>{move || i18n.t().ws_role()}</dt><dd data-testid="role">{move || i18n.t().role(role)}</dd>
                    <dt>{move || i18n.t().ws_department_label()}</dt><dd>{user.department_name.clone()}</dd>
                    <dt>{move || i18n.t().ws_session_until()}</dt><dd>{china_time(info.expires_at)}</dd>
                </dl>
                <p class="hint">{info.idle_timeout_minutes}" "{move || i18n.t().ws_idle_note()}</p>
                <p class="notice">
                    {move || match role {
                        Role::Admin => i18n.t().ws_can_admin(),
                        Role::Auditor => i18n.t().ws_can_auditor(),
                        _ if oversees(role) => i18n.t().ws_can_admin(),
                        _ => i18n.t().ws_can_department(),
                    }}
                </p>
            }
        })
    }
}

/// The counts of what needs doing, each linking to where it is done.
#[component]
fn ToDo(overview: crate::model::WorkOverview, role: Role) -> impl IntoView {
    let i18n = use_i18n();
    let department = !oversees(role);
    // Each count opens the decision table filtered to exactly what it counts.
    let decisions = |filter: &'static str| department.then_some(filter);
    let review = if role == Role::Reviewer {
        Some("/workspace/review")
    } else {
        decisions("/workspace/decisions?stage=awaiting_review")
    };
    let claims = if department {
        "/workspace/claims?flagged=1"
    } else {
        "/workspace/flagged"
    };
    let officers = department.then_some("/workspace/officers?expiring=1");
    type Label = fn(&crate::i18n::Texts) -> &'static str;
    let items: [(&str, Label, i64, Option<&str>, bool); 8] = [
        (
            "overdue",
            |t| t.todo_overdue(),
            overview.publication_overdue,
            Some("/workspace/publication"),
            true,
        ),
        (
            "due-soon",
            |t| t.todo_due_soon(),
            overview.publication_due_soon,
            Some("/workspace/publication"),
            true,
        ),
        (
            "awaiting-review",
            |t| t.todo_awaiting_review(),
            overview.awaiting_review,
            review,
            false,
        ),
        (
            "returned",
            |t| t.todo_returned(),
            overview.returned,
            decisions("/workspace/decisions?stage=returned"),
            true,
        ),
        (
            "ready",
            |t| t.todo_ready(),
            overview.ready_to_issue,
            decisions("/workspace/decisions?stage=ready"),
            false,
        ),
        (
            "drafts",
            |t| t.todo_drafts(),
            overview.drafts,
            decisions("/workspace/decisions?status=draft"),
            false,
        ),
        (
            "flagged",
            |t| t.todo_flagged(),
            overview.flagged_claims,
            Some(claims),
            true,
        ),
        (
            "expiring",
            |t| t.todo_expiring(),
            overview.certificates_expiring,
            officers,
            true,
        ),
    ];
    view! {
        <section class="todo" aria-labelledby="todo-title">
            <h2 id="todo-title">
                {move || i18n.t().todo_title()}
                {move || (!department).then(|| i18n.t().todo_province())}
            </h2>
            <ul class="cards">
                {items
                    .into_iter()
                    .map(|(id, label, count, href, urgent)| {
                        let class = if urgent && count > 0 { "todo-item urgent" } else { "todo-item" };
                        let body = view! {
                            <strong class="count">{count}</strong>
                            " "
                            <span>{move || label(i18n.t())}</span>
                        };
                        view! {
                            <li class=class data-testid=format!("todo-{id}")>
                                {match href {
                                    Some(href) => view! { <a href=href>{body}</a> }.into_any(),
                                    None => view! { <span>{body}</span> }.into_any(),
                                }}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            {(!overview.departments.is_empty()).then(|| view! {
                <h3 class="todo-sub">{move || i18n.t().todo_departments()}</h3>
                <div class="table-wrap">
                    <table class="audit" data-testid="todo-departments">
                        <thead><tr>
                            <th scope="col">{move || i18n.t().ws_department_label()}</th>
                            <th scope="col">{move || i18n.t().todo_overdue()}</th>
                            <th scope="col">{move || i18n.t().todo_due_soon()}</th>
                        </tr></thead>
                        <tbody>
                            {overview.departments.into_iter().map(|d| view! {
                                <tr>
                                    <th scope="row">{d.department_name}</th>
                                    <td class:urgent=d.overdue != 0>{d.overdue}</td>
                                    <td>{d.due_soon}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
        </section>
    }
}
