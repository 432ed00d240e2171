//! The registry of public signing keys and the check value of the deployment secret.

use app::model::signature::PublicKey;
use sqlx::Row;

use super::Db;
use crate::Result;

/// Every registered key, newest first.
pub async fn list(db: &Db) -> Result<Vec<PublicKey>> {
    let rows = sqlx::query(
        "SELECT id, algorithm, public_key, created_at, retired_at FROM signing_keys \
         ORDER BY created_at DESC, id DESC",
    )
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(PublicKey {
                id: r.try_get("id")?,
                algorithm: r.try_get("algorithm")?,
                public_key: r.try_get("public_key")?,
                created_at: r.try_get("created_at")?,
                current: false,
                retired_at: r.try_get("retired_at")?,
            })
        })
        .collect()
}

/// Registers a key; a key already there is left as it is.
pub async fn register(db: &Db, key: &PublicKey) -> Result<()> {
    sqlx::query(
        "INSERT INTO signing_keys (id, algorithm, public_key, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (id) DO NOTHING",
    )
    .bind(&key.id)
    .bind(&key.algorithm)
    .bind(&key.public_key)
    .bind(key.created_at)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Marks a key retired now.
pub async fn retire(db: &Db, id: &str) -> Result<()> {
    sqlx::query("UPDATE signing_keys SET retired_at = $1 WHERE id = $2 AND retired_at IS NULL")
        .bind(db.clock().now())
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// The check value of the deployment secret, once the first server set it.
pub async fn secret_check(db: &Db) -> Result<Option<String>> {
    Ok(
        sqlx::query_scalar("SELECT secret_check FROM deployment WHERE id = 1")
            .fetch_optional(db.pool())
            .await?,
    )
}

/// Sets the check value unless another server set one first; returns the one that holds.
pub async fn set_secret_check(db: &Db, check: &str) -> Result<String> {
    sqlx::query(
        "INSERT INTO deployment (id, secret_check) VALUES (1, $1) ON CONFLICT (id) DO NOTHING",
    )
    .bind(check)
    .execute(db.pool())
    .await?;
    Ok(secret_check(db).await?.unwrap_or_else(|| check.to_owned()))
}
