//! Events out: the feed a case system reads with a cursor, the publication-overdue
//! events the clock brings, and the webhooks that push each event, signed, with retries.
//!
//! A delivery is a `POST` of one [`DecisionEvent`] as JSON with the headers
//! `Anma-Event` (its kind), `Anma-Delivery` (the delivery's id, the same on every retry)
//! and `Anma-Signature: t=<unix seconds>,v1=<hex>`, where `v1` is HMAC-SHA-256, keyed
//! with the webhook's secret (its text), of `<t>.<body>`. A 2xx answer delivers it;
//! anything else, or no answer in 10 seconds, is retried after the backoff of
//! [`app::model::retry_after_secs`], up to [`app::model::DELIVERY_ATTEMPTS`] attempts.

use std::time::Duration;

use futures_util::StreamExt;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use app::model::{EVENT_PAGE_MAX, EventKind, EventPage, Msg};

use crate::{
    AppError, Result,
    config::WebhookConfig,
    db::{self, Db},
    net::{Unreachable, WebhookReach},
};

/// A page of the department's events after `after`.
pub async fn page(
    db: &Db,
    department_id: i64,
    after: i64,
    limit: Option<i64>,
) -> Result<EventPage> {
    if after < 0 {
        return Err(AppError::validation("after", Msg::BadCursor));
    }
    let limit = limit.unwrap_or(100);
    if !(1..=EVENT_PAGE_MAX).contains(&limit) {
        return Err(AppError::validation(
            "limit",
            Msg::LimitRange {
                max: EVENT_PAGE_MAX,
            },
        ));
    }
    let mut items = db::events::page(db, department_id, after, limit + 1).await?;
    let more = items.len() as i64 > limit;
    items.truncate(limit as usize);
    let cursor = items.last().map_or(after, |e| e.cursor);
    Ok(EventPage {
        items,
        cursor,
        more,
    })
}

/// Writes the publication-overdue event of every decision whose deadline has passed
/// unpublished, once each (safe on several servers at once). Returns how many it wrote.
pub async fn note_overdue(db: &Db) -> Result<usize> {
    let mut written = 0;
    for id in db::events::newly_overdue(db).await? {
        let mut tx = db.begin().await?;
        if db::events::note_overdue(&mut tx, id).await? {
            db::events::emit(&mut tx, id, EventKind::PublicationOverdue).await?;
            written += 1;
        }
        tx.commit().await?;
    }
    Ok(written)
}

/// The `Anma-Signature` header of a body sent at `t` (unix seconds).
pub fn signature(secret: &str, t: i64, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key");
    mac.update(t.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    let v1: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("t={t},v1={v1}")
}

/// How long a claimed delivery stays with the server that claimed it.
const LEASE_SECS: i64 = 60;
/// Deliveries sent at once.
const PARALLEL: usize = 8;

/// Sends due deliveries every `poll`, and notes overdue publications every few minutes,
/// until the server stops.
pub async fn run(db: Db, config: WebhookConfig) {
    let reach = WebhookReach::new(config.webhook_allow.clone());
    // No proxy: the address each delivery connects to is the one the resolver let through.
    let client = match reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .connect_timeout(Duration::from_secs(5))
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .dns_resolver(std::sync::Arc::new(reach.clone()))
        .user_agent(concat!("Anma/", env!("CARGO_PKG_VERSION")))
        .build()
    {
        Ok(client) => client,
        Err(e) => {
            tracing::error!(error = %e, "webhooks: cannot build the HTTP client; no deliveries");
            return;
        }
    };
    let mut tick = tokio::time::interval(config.webhook_poll);
    let mut since_overdue = Duration::MAX;
    loop {
        tick.tick().await;
        if since_overdue >= OVERDUE_EVERY {
            since_overdue = Duration::ZERO;
            match note_overdue(&db).await {
                Ok(n) if n > 0 => tracing::info!(events = n, "publication-overdue events written"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "cannot note overdue publications"),
            }
        }
        since_overdue = since_overdue.saturating_add(config.webhook_poll);
        if let Err(e) = deliver_due(&db, &client, &reach, &config).await {
            tracing::warn!(error = %e, "webhook deliveries failed");
        }
    }
}

/// How often publication-overdue events are looked for.
const OVERDUE_EVERY: Duration = Duration::from_secs(300);

/// Claims the deliveries due now and sends them, a few at a time.
pub async fn deliver_due(
    db: &Db,
    client: &reqwest::Client,
    reach: &WebhookReach,
    config: &WebhookConfig,
) -> Result<()> {
    loop {
        let due = db::events::claim_due(db, 50, LEASE_SECS).await?;
        if due.is_empty() {
            return Ok(());
        }
        let base = config.webhook_retry_base.as_secs().max(1);
        futures_util::stream::iter(due)
            .for_each_concurrent(PARALLEL, |d| async move {
                let (status, error) = match reach.check_url(&d.url) {
                    Ok(()) => send(db, client, &d).await,
                    Err(refused) => (None, Some(refused.to_string())),
                };
                if let Err(e) = db::events::record_attempt(
                    db,
                    d.id,
                    d.attempts,
                    status,
                    error.as_deref(),
                    Some(base),
                )
                .await
                {
                    tracing::warn!(delivery = d.id, error = %e, "cannot record a webhook attempt");
                }
            })
            .await;
    }
}

/// One attempt: the receiver's status, and what went wrong if anything did.
async fn send(
    db: &Db,
    client: &reqwest::Client,
    d: &db::events::Due,
) -> (Option<u16>, Option<String>) {
    let body = match serde_json::to_vec(&d.event) {
        Ok(body) => body,
        Err(e) => return (None, Some(e.to_string())),
    };
    let t = db.clock().now().micros().div_euclid(1_000_000);
    let answer = client
        .post(&d.url)
        .header("content-type", "application/json")
        .header("anma-event", d.event.kind.as_str())
        .header("anma-delivery", d.id.to_string())
        .header("anma-signature", signature(&d.secret, t, &body))
        .body(body)
        .send()
        .await;
    match answer {
        Ok(r) if r.status().is_success() => (Some(r.status().as_u16()), None),
        Ok(r) => (
            Some(r.status().as_u16()),
            Some(format!("the receiver answered {}", r.status())),
        ),
        Err(e) => (None, Some(describe(&e))),
    }
}

fn describe(e: &reqwest::Error) -> String {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(c) = cause {
        if let Some(refused) = c.downcast_ref::<Unreachable>() {
            return refused.to_string();
        }
        cause = c.source();
    }
    if e.is_timeout() {
        "no answer within 10 seconds".into()
    } else if e.is_connect() {
        "cannot connect to the receiver".into()
    } else {
        e.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_cover_the_time_and_the_body() {
        let a = signature("secret", 1_764_633_600, br#"{"cursor":1}"#);
        assert!(a.starts_with("t=1764633600,v1="));
        assert_eq!(a.len(), "t=1764633600,v1=".len() + 64);
        assert_ne!(a, signature("secret", 1_764_633_601, br#"{"cursor":1}"#));
        assert_ne!(a, signature("secret", 1_764_633_600, br#"{"cursor":2}"#));
        assert_ne!(a, signature("other", 1_764_633_600, br#"{"cursor":1}"#));
        // What a receiver computes, e.g. Python's
        // hmac.new(b"secret", b"1764633600." + body, hashlib.sha256).hexdigest().
        assert_eq!(
            a,
            "t=1764633600,v1=4fe99bee941101d2ca59c9251a3bd5c791dfa9c8b3ad5dfb1fe54caf76440ac8"
        );
    }
}
