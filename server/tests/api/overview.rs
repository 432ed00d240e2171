//! The workspace overview: what needs doing, counted for a department or the province.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::cases::{issue, penalty, register};
use crate::helpers::{Backend, DEMO_PASSWORD, Session, spawn_with_demo};

async fn overview(s: &Session<'_>) -> Value {
    let response = s.get("/api/v1/workspace/overview").await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

fn count(v: &Value, key: &str) -> i64 {
    v[key].as_i64().unwrap_or_else(|| panic!("{key} in {v}"))
}

async fn the_overview_counts_what_needs_doing(backend: Backend) {
    let app = spawn_with_demo(backend).await;
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    let admin = app.login("admin", DEMO_PASSWORD).await;
    let other = app.login("ns.clerk", DEMO_PASSWORD).await;
    assert_ne!(other.department_id(), clerk.department_id());
    let elsewhere = overview(&other).await;
    let before = overview(&clerk).await;
    assert_eq!(before["department_id"], json!(clerk.department_id()));
    let province = overview(&admin).await;
    assert_eq!(province["department_id"], Value::Null);

    // A new draft is a draft ready to issue; a major one waits for its review.
    let today = app.db.clock().today();
    let year = today.year();
    let mut fresh = penalty(&clerk, &format!("穗天市监罚〔{year}〕8101号")).await;
    fresh["decision_date"] = json!(today);
    let draft = register(&clerk, &fresh).await;
    let mut major = penalty(&clerk, &format!("穗天市监罚〔{year}〕8102号")).await;
    major["decision_date"] = json!(today);
    major["major"] = json!(true);
    register(&clerk, &major).await;
    let after = overview(&clerk).await;
    assert_eq!(count(&after, "drafts"), count(&before, "drafts") + 2);
    assert_eq!(
        count(&after, "ready_to_issue"),
        count(&before, "ready_to_issue") + 1
    );
    assert_eq!(
        count(&after, "awaiting_review"),
        count(&before, "awaiting_review") + 1
    );
    // The province counts the department's drafts too; another department's do not.
    assert_eq!(
        count(&overview(&admin).await, "drafts"),
        count(&province, "drafts") + 2
    );
    assert_eq!(overview(&other).await, elsewhere);

    // Issued, it leaves the drafts and is to be published (within 7 working days, so not
    // yet due soon); past its deadline it is overdue.
    let publish_by = issue(&clerk, &draft).await["publish_by"]
        .as_str()
        .unwrap()
        .to_owned();
    let issued = overview(&clerk).await;
    assert_eq!(count(&issued, "drafts"), count(&after, "drafts") - 1);
    assert_eq!(
        count(&issued, "publication_overdue"),
        count(&after, "publication_overdue")
    );
    // On its last day it is due soon.
    app.db
        .clock()
        .set_utc(&format!("{publish_by}T04:00:00Z"))
        .unwrap();
    let on_the_day = overview(&app.login("th.clerk", DEMO_PASSWORD).await).await;
    assert!(
        count(&on_the_day, "publication_due_soon") > count(&issued, "publication_due_soon"),
        "{on_the_day}"
    );
    app.db
        .clock()
        .set_utc(&format!("{}T04:00:00Z", today.plus_days(60)))
        .unwrap();
    // The session has ended by then: sign in again.
    let clerk_later = app.login("th.clerk", DEMO_PASSWORD).await;
    let late = overview(&clerk_later).await;
    assert!(
        count(&late, "publication_overdue") > count(&issued, "publication_overdue"),
        "{late}"
    );

    // A certificate that ends within 30 days is expiring.
    app.db
        .clock()
        .set_utc(&format!("{today}T04:00:00Z"))
        .unwrap();
    let clerk = app.login("th.clerk", DEMO_PASSWORD).await;
    let officers = crate::helpers::officers_path(&clerk);
    let expiring = json!({
        "name": "周强", "certificate_number": "44010621009901", "field": "市场监管",
        "valid_from": "2024-01-01", "valid_until": today.plus_days(10).to_string(),
    });
    assert_eq!(
        clerk.post(&officers, expiring).await.status(),
        StatusCode::CREATED
    );
    let now = overview(&clerk).await;
    assert_eq!(
        count(&now, "certificates_expiring"),
        count(&issued, "certificates_expiring") + 1
    );
}

crate::on_both_backends!(the_overview_counts_what_needs_doing);
