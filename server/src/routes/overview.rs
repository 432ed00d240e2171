//! The workspace's overview: what needs doing today, counted for the user's department
//! (clerks and reviewers) or the whole province (admins and auditors).

use axum::extract::State;

use app::model::{DepartmentDue, Role, WorkOverview};

use super::extract::Json;
use super::table::{EVERYONE, Route};
use crate::{Result, auth::AuthContext, auth::policy::Scope, cases, db, state::AppState};

pub fn routes() -> Vec<Route> {
    vec![
        Route::get("/workspace/overview", overview)
            .about("What needs doing: drafts, reviews, publications due, flagged claims, expiring certificates")
            .allow(EVERYONE, Scope::Province),
    ]
}

/// Publications due within this many working days count as due soon.
const DUE_SOON_WORKING_DAYS: i64 = 2;
/// Certificates ending within this many days count as expiring.
const EXPIRING_DAYS: i64 = 30;

async fn overview(State(state): State<AppState>, ctx: AuthContext) -> Result<Json<WorkOverview>> {
    let department = match ctx.user.role {
        Role::Admin | Role::Auditor => None,
        Role::Clerk | Role::Reviewer => Some(ctx.user.department_id),
    };
    let [drafts, awaiting_review, returned, ready_to_issue] =
        db::decisions::draft_counts(&state.db, department).await?;
    let due = cases::disclosure::due(&state.db, department).await?;
    let (_, flagged_claims) = db::claims::list(&state.db, department, None, true, Some(1)).await?;
    let today = state.db.clock().today();
    let certificates_expiring =
        db::officers::expiring(&state.db, department, today, today.plus_days(EXPIRING_DAYS))
            .await?;
    let publication = due.iter().filter(|d| d.duty == app::model::Duty::Publish);
    let soon = |d: &&app::model::DueDecision| !d.overdue && d.days_left <= DUE_SOON_WORKING_DAYS;
    let mut departments = std::collections::BTreeMap::<i64, DepartmentDue>::new();
    if department.is_none() {
        for d in publication.clone().filter(|d| d.overdue || soon(d)) {
            let entry = departments
                .entry(d.department_id)
                .or_insert_with(|| DepartmentDue {
                    department_id: d.department_id,
                    department_name: d.department_name.clone(),
                    ..Default::default()
                });
            if d.overdue {
                entry.overdue += 1;
            } else {
                entry.due_soon += 1;
            }
        }
    }
    let mut departments: Vec<DepartmentDue> = departments.into_values().collect();
    departments.sort_by(|a, b| {
        (b.overdue, b.due_soon, &a.department_name).cmp(&(
            a.overdue,
            a.due_soon,
            &b.department_name,
        ))
    });
    Ok(Json(WorkOverview {
        department_id: department,
        drafts,
        awaiting_review,
        returned,
        ready_to_issue,
        publication_due_soon: publication.clone().filter(soon).count() as i64,
        publication_overdue: publication.filter(|d| d.overdue).count() as i64,
        flagged_claims,
        certificates_expiring,
        departments,
    }))
}
