//! The audit log: append-only and hash-chained.
//!
//! Entry `n` stores `hash_n = SHA-256(layout_n)`, where `layout_n` is the entry's fields
//! in this order, each followed by the byte 0x1F (unit separator), absent values written
//! as the empty string:
//!
//! `seq, at, user_id, username, department_id, action, entity, entity_id,
//!  before_digest, after_digest, detail, prev_hash`
//!
//! and `prev_hash` is `hash_{n-1}` (64 zeros for the first entry). Changing, deleting or
//! inserting a row breaks the chain at that row; the `audit_head` row, updated in the
//! same transaction as each append, also catches removal of the newest entries.
//!
//! An unkeyed chain only shows accidents and clumsy edits: whoever can write to the
//! database can rewrite a row and recompute every later hash. So at least daily, and on
//! demand (`anma audit checkpoint`), the server signs the head — sequence number, hash and
//! time, laid out by `AuditCheckpoint::signed_bytes` — with its Ed25519 signing key, and
//! publishes the checkpoints at `GET /api/v1/audit/checkpoints`. Verification checks each
//! checkpoint's signature against the published keys and that the chain still has that
//! hash at that sequence number: a rewritten history fails without the key.

use app::model::{
    AuditCheckpoint, AuditEntry, AuditQuery, AuditVerification, Date, Timestamp, base32, signature,
};
use sha2::{Digest, Sha256};
use sqlx::{AnyConnection, Row, any::AnyRow};

use super::Db;
use crate::{Result, keys::KeyRing};

/// The chain's starting point.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Who did it.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: Option<i64>,
    pub username: String,
    pub department_id: Option<i64>,
}

/// What happened.
#[derive(Debug, Clone)]
pub struct Event<'a> {
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: String,
    /// Digests of the entity's state before and after (see [`digest_json`]).
    pub before: Option<String>,
    pub after: Option<String>,
    /// A short JSON description for people reading the log.
    pub detail: serde_json::Value,
}

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// Digest of an entity's state: SHA-256 of its JSON (serde_json writes object keys in
/// declaration order, so the same state always gives the same digest).
pub fn digest_json<T: serde::Serialize>(state: &T) -> String {
    sha256_hex(&serde_json::to_vec(state).unwrap_or_default())
}

struct Fields<'a> {
    seq: i64,
    at: &'a str,
    user_id: Option<i64>,
    username: &'a str,
    department_id: Option<i64>,
    action: &'a str,
    entity: &'a str,
    entity_id: &'a str,
    before: Option<&'a str>,
    after: Option<&'a str>,
    detail: &'a str,
    prev_hash: &'a str,
}

fn chain_hash(f: &Fields<'_>) -> String {
    let opt = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
    let parts = [
        f.seq.to_string(),
        f.at.to_owned(),
        opt(f.user_id),
        f.username.to_owned(),
        opt(f.department_id),
        f.action.to_owned(),
        f.entity.to_owned(),
        f.entity_id.to_owned(),
        f.before.unwrap_or_default().to_owned(),
        f.after.unwrap_or_default().to_owned(),
        f.detail.to_owned(),
        f.prev_hash.to_owned(),
    ];
    let mut layout = Vec::new();
    for p in parts {
        layout.extend_from_slice(p.as_bytes());
        layout.push(0x1f);
    }
    sha256_hex(&layout)
}

/// The hash an entry must have after `prev_hash` (the layout above): what anyone holding
/// the log can recompute, and why only signed checkpoints anchor it.
pub fn entry_hash(e: &AuditEntry, prev_hash: &str) -> String {
    chain_hash(&Fields {
        seq: e.seq,
        at: &e.at.to_string(),
        user_id: e.user_id,
        username: &e.username,
        department_id: e.department_id,
        action: &e.action,
        entity: &e.entity,
        entity_id: &e.entity_id,
        before: e.before_digest.as_deref(),
        after: e.after_digest.as_deref(),
        detail: &e.detail,
        prev_hash,
    })
}

/// Appends an entry inside the caller's transaction, so the entry exists exactly when
/// the change it records does.
pub async fn append(tx: &mut super::Tx, actor: &Actor, event: Event<'_>) -> Result<i64> {
    let clock = tx.clock().clone();
    let conn: &mut AnyConnection = tx;
    // Locks the head row until commit: appends are serialised and the chain cannot fork.
    let head = sqlx::query("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash")
        .fetch_one(&mut *conn)
        .await?;
    let seq: i64 = head.try_get("seq")?;
    let prev_hash: String = head.try_get("hash")?;
    let at = clock.now();
    let detail = event.detail.to_string();
    let hash = chain_hash(&Fields {
        seq,
        at: &at.to_string(),
        user_id: actor.user_id,
        username: &actor.username,
        department_id: actor.department_id,
        action: event.action,
        entity: event.entity,
        entity_id: &event.entity_id,
        before: event.before.as_deref(),
        after: event.after.as_deref(),
        detail: &detail,
        prev_hash: &prev_hash,
    });
    sqlx::query(
        "INSERT INTO audit_log (seq, at, user_id, username, department_id, action, entity, entity_id, \
         before_digest, after_digest, detail, prev_hash, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(seq)
    .bind(at)
    .bind(actor.user_id)
    .bind(&actor.username)
    .bind(actor.department_id)
    .bind(event.action)
    .bind(event.entity)
    .bind(&event.entity_id)
    .bind(event.before.as_deref())
    .bind(event.after.as_deref())
    .bind(&detail)
    .bind(&prev_hash)
    .bind(&hash)
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1")
        .bind(&hash)
        .execute(&mut *conn)
        .await?;
    Ok(seq)
}

const COLUMNS: &str = "seq, at, user_id, username, department_id, action, entity, entity_id, \
    before_digest, after_digest, detail, prev_hash, hash";

fn entry_from_row(row: &AnyRow) -> Result<AuditEntry> {
    Ok(AuditEntry {
        seq: row.try_get("seq")?,
        at: row.try_get("at")?,
        user_id: row.try_get("user_id")?,
        username: row.try_get("username")?,
        department_id: row.try_get("department_id")?,
        action: row.try_get("action")?,
        entity: row.try_get("entity")?,
        entity_id: row.try_get("entity_id")?,
        before_digest: row.try_get("before_digest")?,
        after_digest: row.try_get("after_digest")?,
        detail: row.try_get("detail")?,
        hash: row.try_get("hash")?,
    })
}

/// The most entries one page holds.
pub const MAX_PAGE: i64 = 200;

/// Entries matching the filters, newest first (or oldest first), and how many match in
/// all. `from`/`to` are inclusive China dates; `before`/`after` are the keyset cursors of
/// the two orders.
pub async fn list(db: &Db, q: &AuditQuery) -> Result<(Vec<AuditEntry>, i64)> {
    let from = q.from.map(Date::china_start);
    let to_exclusive = q.to.map(|d| d.plus_days(1).china_start());
    const FILTERS: &str = "($1 IS NULL OR username = $1) AND ($2 IS NULL OR department_id = $2) \
         AND ($3 IS NULL OR action = $3) AND ($4 IS NULL OR at >= $4) AND ($5 IS NULL OR at < $5)";
    let (cursor, order) = if q.oldest_first() {
        ("($6 IS NULL OR seq > $6)", "ASC")
    } else {
        ("($6 IS NULL OR seq < $6)", "DESC")
    };
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM audit_log WHERE {FILTERS} AND {cursor} ORDER BY seq {order} LIMIT $7"
    ))
    .bind(q.user.as_deref())
    .bind(q.department)
    .bind(q.action.as_deref())
    .bind(from)
    .bind(to_exclusive)
    .bind(if q.oldest_first() { q.after } else { q.before })
    .bind(q.limit.unwrap_or(50).clamp(1, MAX_PAGE))
    .fetch_all(db.pool())
    .await?;
    let total: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM audit_log WHERE {FILTERS}"))
        .bind(q.user.as_deref())
        .bind(q.department)
        .bind(q.action.as_deref())
        .bind(from)
        .bind(to_exclusive)
        .fetch_one(db.pool())
        .await?;
    Ok((
        rows.iter().map(entry_from_row).collect::<Result<_>>()?,
        total,
    ))
}

/// Recomputes the whole chain, in order, and names the first entry that does not match.
///
/// `kept` are checkpoints saved outside the database (from `/api/v1/audit/checkpoints`):
/// each is checked like those the database holds, so history rewritten by someone who also
/// deleted the checkpoints from the database is still caught.
pub async fn verify(
    db: &Db,
    keys: &KeyRing,
    kept: &[AuditCheckpoint],
) -> Result<AuditVerification> {
    let mut checkpoints = checkpoints(db, i64::MAX).await?;
    for c in kept {
        if !checkpoints.contains(c) {
            checkpoints.push(c.clone());
        }
    }
    checkpoints.sort_by_key(|c| c.seq);
    // The head first: entries appended while this runs are not part of the check, and the
    // head row is written in the same transaction as the entry it names.
    let head = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1")
        .fetch_one(db.pool())
        .await?;
    let head_seq: i64 = head.try_get("seq")?;
    let head_hash: String = head.try_get("hash")?;
    let sql = format!("SELECT {COLUMNS} FROM audit_log WHERE seq <= $1 ORDER BY seq");
    let mut rows = sqlx::query(&sql).bind(head_seq).fetch(db.pool());
    let mut expected_seq = 1;
    let mut prev = GENESIS.to_owned();
    let mut count = 0;
    let bad = |seq: i64, problem: String, entries: i64| AuditVerification {
        ok: false,
        entries,
        checkpoints: 0,
        first_bad_seq: Some(seq),
        problem: Some(problem),
    };
    // Each checkpoint must carry a valid signature by a published key...
    for c in &checkpoints {
        let message = AuditCheckpoint::signed_bytes(c.seq, &c.hash, &c.at.to_string());
        let valid = match (
            keys.public_key(db, &c.key_id).await?,
            base32::decode(&c.signature),
        ) {
            (Some(key), Some(sig)) => signature::verify(&key, &message, &sig),
            _ => false,
        };
        if !valid {
            return Ok(bad(
                c.seq,
                format!(
                    "the checkpoint at entry {} is not signed by a published key (forged)",
                    c.seq
                ),
                0,
            ));
        }
    }
    let mut pending = checkpoints.iter().peekable();
    use futures_util::TryStreamExt;
    while let Some(row) = rows.try_next().await? {
        count += 1;
        let seq: i64 = row.try_get("seq")?;
        let stored_prev: String = row.try_get("prev_hash")?;
        let stored_hash: String = row.try_get("hash")?;
        if seq != expected_seq {
            let problem = if seq > expected_seq {
                format!("entry {expected_seq} is missing (deleted)")
            } else {
                format!("entry {seq} appears out of order (inserted)")
            };
            return Ok(bad(expected_seq.min(seq), problem, count));
        }
        if stored_prev != prev {
            return Ok(bad(
                seq,
                format!(
                    "entry {seq} does not follow entry {} (inserted or replaced)",
                    seq - 1
                ),
                count,
            ));
        }
        let e = entry_from_row(&row)?;
        let computed = entry_hash(&e, &stored_prev);
        if computed != stored_hash {
            return Ok(bad(
                seq,
                format!("entry {seq} does not match its hash (changed)"),
                count,
            ));
        }
        // ...and the chain must still have the hash each checkpoint signed.
        while let Some(c) = pending.next_if(|c| c.seq == seq) {
            if c.hash != stored_hash {
                return Ok(bad(
                    seq,
                    format!(
                        "entry {seq} differs from the checkpoint signed at {} (history rewritten)",
                        c.at
                    ),
                    count,
                ));
            }
        }
        prev = stored_hash;
        expected_seq += 1;
    }
    drop(rows);
    if let Some(c) = pending.next() {
        return Ok(bad(
            c.seq,
            format!(
                "entry {} named by a signed checkpoint is gone (deleted)",
                c.seq
            ),
            count,
        ));
    }
    if head_seq != expected_seq - 1 || head_hash != prev {
        return Ok(bad(
            expected_seq,
            format!(
                "the log ends at entry {} but {head_seq} were written (newest entries deleted)",
                expected_seq - 1
            ),
            count,
        ));
    }
    // Rows past the head were never written by an append (one statement, one snapshot).
    let beyond: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE seq > (SELECT seq FROM audit_head WHERE id = 1)",
    )
    .fetch_one(db.pool())
    .await?;
    if beyond > 0 {
        return Ok(bad(
            head_seq + 1,
            format!("{beyond} entries after entry {head_seq} were not written by Anma (inserted)"),
            count,
        ));
    }
    Ok(AuditVerification {
        ok: true,
        entries: count,
        checkpoints: checkpoints.len() as i64,
        first_bad_seq: None,
        problem: None,
    })
}

/// Signs the current head as a checkpoint, unless the newest checkpoint already names
/// it; returns the checkpoint (new or newest), `None` while the log is empty.
pub async fn checkpoint(db: &Db, keys: &KeyRing) -> Result<Option<AuditCheckpoint>> {
    let head = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1")
        .fetch_one(db.pool())
        .await?;
    let seq: i64 = head.try_get("seq")?;
    let hash: String = head.try_get("hash")?;
    if seq == 0 {
        return Ok(None);
    }
    if let Some(last) = checkpoints(db, 1).await?.pop()
        && last.seq == seq
    {
        return Ok(Some(last));
    }
    let at = db.clock().now();
    let (key_id, sig) = keys.sign(&AuditCheckpoint::signed_bytes(seq, &hash, &at.to_string()))?;
    let c = AuditCheckpoint {
        seq,
        hash,
        at,
        key_id,
        signature: base32::encode(&sig),
    };
    // Several servers may checkpoint the same head: one row wins.
    sqlx::query(
        "INSERT INTO audit_checkpoints (seq, hash, at, key_id, signature) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (seq) DO NOTHING",
    )
    .bind(c.seq)
    .bind(&c.hash)
    .bind(c.at)
    .bind(&c.key_id)
    .bind(&c.signature)
    .execute(db.pool())
    .await?;
    Ok(Some(c))
}

/// When the newest checkpoint was signed, if any.
pub async fn last_checkpoint_at(db: &Db) -> Result<Option<Timestamp>> {
    Ok(sqlx::query_scalar("SELECT MAX(at) FROM audit_checkpoints")
        .fetch_one(db.pool())
        .await?)
}

/// The newest `limit` checkpoints in ascending order of sequence.
pub async fn checkpoints(db: &Db, limit: i64) -> Result<Vec<AuditCheckpoint>> {
    let mut rows: Vec<AuditCheckpoint> = sqlx::query(
        "SELECT seq, hash, at, key_id, signature FROM audit_checkpoints ORDER BY seq DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(db.pool())
    .await?
    .iter()
    .map(|r| {
        Ok(AuditCheckpoint {
            seq: r.try_get("seq")?,
            hash: r.try_get("hash")?,
            at: r.try_get("at")?,
            key_id: r.try_get("key_id")?,
            signature: r.try_get("signature")?,
        })
    })
    .collect::<Result<_>>()?;
    rows.reverse();
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(detail: &str) -> String {
        chain_hash(&Fields {
            seq: 1,
            at: "2026-01-01T00:00:00.000000Z",
            user_id: Some(1),
            username: "admin",
            department_id: None,
            action: "user.create",
            entity: "user",
            entity_id: "2",
            before: None,
            after: Some("ab"),
            detail,
            prev_hash: GENESIS,
        })
    }

    #[test]
    fn the_hash_covers_every_field() {
        assert_ne!(fields("{}"), fields("{ }"));
        assert_eq!(fields("{}"), fields("{}"));
        assert_eq!(fields("{}").len(), 64);
    }

    #[test]
    fn sha256_matches_a_known_vector() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
