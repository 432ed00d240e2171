//! The events feed of decisions and the webhook deliveries that push it.
//!
//! An event's `seq` is taken from the one-row `feed_counter` inside the transaction that
//! writes the step: a second writer waits on that row until the first commits, so
//! events become visible in `seq` order and a reader's cursor never passes one that
//! commits later.

use sqlx::{AnyConnection, Row, any::AnyRow};

use app::model::{
    DecisionEvent, Delivery, DeliveryState, EventKind, Timestamp, TokenScope, retry_after_secs,
};

use super::{Db, Tx};
use crate::Result;

/// Writes `kind` for the decision into the feed, and a pending delivery for each live
/// token of its department that has a webhook and may read decisions.
pub async fn emit(tx: &mut Tx, decision_id: i64, kind: EventKind) -> Result<()> {
    let now = tx.clock().now();
    let today = tx.clock().today();
    let conn: &mut AnyConnection = tx;
    let seq: i64 =
        sqlx::query_scalar("UPDATE feed_counter SET seq = seq + 1 WHERE id = 1 RETURNING seq")
            .fetch_one(&mut *conn)
            .await?;
    let department_id: i64 = sqlx::query_scalar(
        "INSERT INTO decision_feed (seq, department_id, decision_id, kind, at) \
         SELECT $1, department_id, id, $3, $4 FROM decisions WHERE id = $2 RETURNING department_id",
    )
    .bind(seq)
    .bind(decision_id)
    .bind(kind)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    let hooks = sqlx::query(
        "SELECT id, scopes FROM api_tokens WHERE department_id = $1 AND webhook_url IS NOT NULL \
         AND revoked_at IS NULL AND expires_on >= $2",
    )
    .bind(department_id)
    .bind(today)
    .fetch_all(&mut *conn)
    .await?;
    for hook in hooks {
        let scopes: String = hook.try_get("scopes")?;
        if !reads_events(&super::codes_of::<TokenScope>("scopes", &scopes)?) {
            continue;
        }
        sqlx::query(
            "INSERT INTO webhook_deliveries (token_id, seq, state, attempts, next_attempt_at) \
             VALUES ($1, $2, 'pending', 0, $3)",
        )
        .bind(hook.try_get::<i64, _>("id")?)
        .bind(seq)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Whether a token with these scopes hears its department's decision events.
pub fn reads_events(scopes: &[TokenScope]) -> bool {
    scopes
        .iter()
        .any(|s| matches!(s, TokenScope::DecisionsRead | TokenScope::DecisionsWrite))
}

const EVENT_COLUMNS: &str = "f.seq, f.kind, f.at, f.decision_id, x.document_number, \
    x.case_code, x.status FROM decision_feed f JOIN decisions x ON x.id = f.decision_id";

fn event_of(row: &AnyRow) -> Result<DecisionEvent> {
    let code: Option<String> = row.try_get("case_code")?;
    Ok(DecisionEvent {
        cursor: row.try_get("seq")?,
        kind: row.try_get("kind")?,
        at: row.try_get("at")?,
        decision_id: row.try_get("decision_id")?,
        document_number: row.try_get("document_number")?,
        case_code: code
            .map(|c| app::model::CaseCode::parse(&c))
            .transpose()
            .map_err(|e| anyhow::anyhow!("stored case code: {e:?}"))?,
        status: row.try_get("status")?,
    })
}

/// Up to `limit` events of the department after `after`, oldest first.
pub async fn page(
    db: &Db,
    department_id: i64,
    after: i64,
    limit: i64,
) -> Result<Vec<DecisionEvent>> {
    let rows = sqlx::query(&format!(
        "SELECT {EVENT_COLUMNS} WHERE f.department_id = $1 AND f.seq > $2 ORDER BY f.seq LIMIT $3"
    ))
    .bind(department_id)
    .bind(after)
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(event_of).collect()
}

/// Issued decisions whose publication deadline has passed unpublished and that have no
/// overdue event yet (a few hundred at a time).
pub async fn newly_overdue(db: &Db) -> Result<Vec<i64>> {
    let today = db.clock().today();
    Ok(sqlx::query_scalar(
        "SELECT id FROM decisions WHERE status = 'issued' AND published_at IS NULL \
         AND publish_by IS NOT NULL AND publish_by < $1 AND overdue_noted_at IS NULL \
         ORDER BY id LIMIT 500",
    )
    .bind(today)
    .fetch_all(db.pool())
    .await?)
}

/// Marks the decision's overdue event as written; false when another server did first.
pub async fn note_overdue(tx: &mut Tx, decision_id: i64) -> Result<bool> {
    let now = tx.clock().now();
    let conn: &mut AnyConnection = tx;
    let done = sqlx::query(
        "UPDATE decisions SET overdue_noted_at = $1 WHERE id = $2 AND overdue_noted_at IS NULL",
    )
    .bind(now)
    .bind(decision_id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Sets (or, with `None`, removes) a token's webhook and its signing secret.
pub async fn set_webhook(
    tx: &mut Tx,
    token_id: i64,
    url: Option<&str>,
    secret: Option<&str>,
) -> Result<()> {
    let conn: &mut AnyConnection = tx;
    sqlx::query("UPDATE api_tokens SET webhook_url = $1, webhook_secret = $2 WHERE id = $3")
        .bind(url)
        .bind(secret)
        .bind(token_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// A delivery due now, claimed for one attempt.
pub struct Due {
    pub id: i64,
    pub attempts: i64,
    pub url: String,
    pub secret: String,
    pub event: DecisionEvent,
}

/// Claims up to `limit` deliveries due now: each is pushed `lease_secs` into the future
/// first, so another server does not send it too, and comes back due if this one stops
/// before recording the attempt.
pub async fn claim_due(db: &Db, limit: i64, lease_secs: i64) -> Result<Vec<Due>> {
    let now = db.clock().now();
    let rows = sqlx::query(&format!(
        "SELECT w.id AS delivery_id, w.attempts, w.next_attempt_at, t.webhook_url, t.webhook_secret, \
         {EVENT_COLUMNS} JOIN webhook_deliveries w ON w.seq = f.seq \
         JOIN api_tokens t ON t.id = w.token_id \
         WHERE w.state = 'pending' AND w.next_attempt_at <= $1 ORDER BY w.next_attempt_at, w.id LIMIT $2"
    ))
    .bind(now)
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    let mut due = Vec::with_capacity(rows.len());
    for row in &rows {
        let id: i64 = row.try_get("delivery_id")?;
        let was: Timestamp = row.try_get("next_attempt_at")?;
        let url: Option<String> = row.try_get("webhook_url")?;
        let secret: Option<String> = row.try_get("webhook_secret")?;
        let claimed = sqlx::query(
            "UPDATE webhook_deliveries SET next_attempt_at = $1 WHERE id = $2 AND state = 'pending' \
             AND next_attempt_at = $3",
        )
        .bind(now.plus_secs(lease_secs))
        .bind(id)
        .bind(was)
        .execute(db.pool())
        .await?
        .rows_affected()
            == 1;
        match (claimed, url, secret) {
            (true, Some(url), Some(secret)) => due.push(Due {
                id,
                attempts: row.try_get("attempts")?,
                url,
                secret,
                event: event_of(row)?,
            }),
            // The webhook was removed since: nothing to send it to.
            (true, _, _) => {
                record_attempt(db, id, 0, None, Some("the webhook was removed"), None).await?;
            }
            (false, _, _) => {}
        }
    }
    Ok(due)
}

/// Records an attempt: delivered (2xx), or failed with the next attempt due after the
/// backoff, or given up after the last attempt.
pub async fn record_attempt(
    db: &Db,
    id: i64,
    attempts_before: i64,
    status: Option<u16>,
    error: Option<&str>,
    retry_base_secs: Option<u64>,
) -> Result<DeliveryState> {
    let now = db.clock().now();
    let attempts = attempts_before + 1;
    let delivered = status.is_some_and(|s| (200..300).contains(&s)) && error.is_none();
    let (state, next) = match (delivered, retry_base_secs) {
        (true, _) => (DeliveryState::Delivered, None),
        (false, Some(base)) if attempts < app::model::DELIVERY_ATTEMPTS => {
            let wait = i64::try_from(retry_after_secs(base, attempts)).unwrap_or(3_600);
            (DeliveryState::Pending, Some(now.plus_secs(wait)))
        }
        (false, _) => (DeliveryState::Failed, None),
    };
    sqlx::query(
        "UPDATE webhook_deliveries SET state = $1, attempts = $2, next_attempt_at = $3, \
         last_attempt_at = $4, last_status = $5, last_error = $6 WHERE id = $7",
    )
    .bind(state)
    .bind(attempts)
    .bind(next)
    .bind(now)
    .bind(status.map(i64::from))
    .bind(error.map(|e| e.chars().take(300).collect::<String>()))
    .bind(id)
    .execute(db.pool())
    .await?;
    Ok(state)
}

/// The newest deliveries of a token, up to `limit`.
pub async fn deliveries(db: &Db, token_id: i64, limit: i64) -> Result<Vec<Delivery>> {
    let rows = sqlx::query(
        "SELECT w.id, w.seq, f.kind, w.state, w.attempts, w.last_status, w.last_error, \
         w.last_attempt_at, w.next_attempt_at FROM webhook_deliveries w \
         JOIN decision_feed f ON f.seq = w.seq WHERE w.token_id = $1 ORDER BY w.id DESC LIMIT $2",
    )
    .bind(token_id)
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|row| {
            let state: DeliveryState = row.try_get("state")?;
            Ok(Delivery {
                id: row.try_get("id")?,
                cursor: row.try_get("seq")?,
                kind: row.try_get("kind")?,
                state,
                attempts: row.try_get("attempts")?,
                last_status: row.try_get("last_status")?,
                last_error: row.try_get("last_error")?,
                last_attempt_at: row.try_get("last_attempt_at")?,
                next_attempt_at: if state == DeliveryState::Pending {
                    row.try_get("next_attempt_at")?
                } else {
                    None
                },
            })
        })
        .collect()
}
