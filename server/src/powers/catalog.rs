//! Master catalog maintenance: add, adjust, split, merge, retire — each with a reason and
//! an effective date, each recorded as a version of the items it touches, each audited.
//! Retiring, splitting or merging an item flags the claims on it for action.

use serde_json::json;

use app::model::{
    AdjustItemRequest, CatalogItem, DepartmentLevel, ItemFields, ItemStatus, Maintenance,
    MergeItemsRequest, Msg, SplitItemRequest,
};

use crate::{
    AppError, Result,
    db::{
        self, Db,
        audit::{self, Actor, digest_json},
    },
};

/// Checks an item's fields: name, legal basis, levels; the code's prefix must be the
/// category's; the township tier and the township guidance catalog go together.
pub fn validate_fields(f: &ItemFields, prefix: &str) -> Result<()> {
    let field = |name: &str| format!("{prefix}{name}");
    if f.name.trim().is_empty() || f.name.chars().count() > 200 {
        return Err(AppError::validation(field("name"), Msg::ItemName));
    }
    if f.legal_basis.trim().is_empty() {
        return Err(AppError::validation(
            field("legal_basis"),
            Msg::ItemLegalBasis,
        ));
    }
    if f.code.category() != f.category {
        return Err(AppError::validation(
            field("code"),
            Msg::ItemCodeCategory {
                category: f.category.as_str().to_owned(),
                prefix: f.category.prefix().to_owned(),
            },
        ));
    }
    if f.levels.is_empty() {
        return Err(AppError::validation(field("levels"), Msg::ItemLevels));
    }
    if f.township != f.levels.contains(&DepartmentLevel::Township) {
        return Err(AppError::validation(field("township"), Msg::ItemTownship));
    }
    Ok(())
}

pub fn validate_maintenance(m: &Maintenance) -> Result<()> {
    if m.reason.trim().is_empty() {
        return Err(AppError::validation("reason", Msg::ChangeReason));
    }
    Ok(())
}

fn stale(item: &CatalogItem) -> AppError {
    AppError::conflict(
        "expected_version",
        Msg::ItemChanged {
            at: item.updated_at.china_minute(),
            version: item.version,
        },
    )
}

async fn load(conn: &mut crate::db::Tx, id: i64) -> Result<CatalogItem> {
    db::catalog::find(conn, id)
        .await?
        .ok_or_else(|| AppError::not_found(Msg::NoCatalogItem))
}

async fn load_active(conn: &mut crate::db::Tx, id: i64) -> Result<CatalogItem> {
    let item = load(conn, id).await?;
    if item.status != ItemStatus::Active {
        return Err(AppError::validation(
            "id",
            Msg::ItemNotActive {
                code: item.fields.code.to_string(),
                status: item.status.as_str().to_owned(),
            },
        ));
    }
    Ok(item)
}

/// Inserts a new item and its first version inside the caller's transaction.
pub async fn insert_new(
    conn: &mut crate::db::Tx,
    fields: &ItemFields,
    m: &Maintenance,
    by: &str,
    related: &[i64],
    field_prefix: &str,
) -> Result<CatalogItem> {
    validate_fields(fields, field_prefix)?;
    if db::catalog::id_by_code(conn, &fields.code).await?.is_some() {
        return Err(AppError::conflict(
            format!("{field_prefix}code"),
            Msg::ItemInCatalog {
                code: fields.code.to_string(),
            },
        ));
    }
    let id = db::catalog::insert(conn, fields, m.effective_date).await?;
    let item = load(conn, id).await?;
    db::catalog::record_version(conn, &item, "add", m, by, related).await?;
    Ok(item)
}

async fn audit_item(
    conn: &mut crate::db::Tx,
    actor: &Actor,
    action: &str,
    before: Option<&CatalogItem>,
    after: &CatalogItem,
    m: &Maintenance,
) -> Result<()> {
    audit::append(conn, actor, audit::Event {
        action,
        entity: "catalog_item",
        entity_id: after.id.to_string(),
        before: before.map(digest_json),
        after: Some(digest_json(after)),
        detail: json!({ "code": after.fields.code, "reason": m.reason, "effective_date": m.effective_date }),
    })
    .await?;
    Ok(())
}

pub async fn add(
    db: &Db,
    actor: &Actor,
    fields: &ItemFields,
    m: &Maintenance,
) -> Result<CatalogItem> {
    validate_maintenance(m)?;
    let mut tx = db.begin().await?;
    let item = insert_new(&mut tx, fields, m, &actor.username, &[], "fields.").await?;
    audit_item(&mut tx, actor, "catalog.add", None, &item, m).await?;
    tx.commit().await?;
    Ok(item)
}

pub async fn adjust(
    db: &Db,
    actor: &Actor,
    id: i64,
    req: &AdjustItemRequest,
) -> Result<CatalogItem> {
    validate_maintenance(&req.maintenance)?;
    let mut tx = db.begin().await?;
    let before = load_active(&mut tx, id).await?;
    if before.version != req.expected_version {
        return Err(stale(&before));
    }
    let fields = ItemFields {
        code: before.fields.code.clone(),
        name: req.name.trim().to_owned(),
        category: before.fields.category,
        legal_basis: req.legal_basis.trim().to_owned(),
        levels: req.levels.clone(),
        township: req.township,
    };
    validate_fields(&fields, "")?;
    if !db::catalog::update(
        &mut tx,
        id,
        req.expected_version,
        &fields,
        ItemStatus::Active,
        req.maintenance.effective_date,
    )
    .await?
    {
        return Err(stale(&before));
    }
    let after = load(&mut tx, id).await?;
    db::catalog::record_version(
        &mut tx,
        &after,
        "adjust",
        &req.maintenance,
        &actor.username,
        &[],
    )
    .await?;
    // Claims whose department may no longer exercise the item need action.
    let no_longer_fit: Vec<i64> = db::claims::live_on_item(&mut tx, id)
        .await?
        .into_iter()
        .filter(|(_, level)| {
            DepartmentLevel::parse(level).is_none_or(|l| !after.fields.levels.contains(&l))
        })
        .map(|(claim, _)| claim)
        .collect();
    db::claims::flag_claims(&mut tx, &no_longer_fit, "item_adjusted", &actor.username).await?;
    for claim in &no_longer_fit {
        let note = format!("item_adjusted: {}", req.maintenance.reason);
        db::claims::add_event(&mut tx, *claim, &actor.username, "flag", Some(&note), &[]).await?;
    }
    audit_item(
        &mut tx,
        actor,
        "catalog.adjust",
        Some(&before),
        &after,
        &req.maintenance,
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// Ends an item with `status`, flags its claims, records the version.
async fn end_item(
    conn: &mut crate::db::Tx,
    actor: &Actor,
    item: &CatalogItem,
    status: ItemStatus,
    m: &Maintenance,
    related: &[i64],
) -> Result<CatalogItem> {
    if !db::catalog::update(
        conn,
        item.id,
        item.version,
        &item.fields,
        status,
        m.effective_date,
    )
    .await?
    {
        return Err(stale(item));
    }
    let after = load(conn, item.id).await?;
    let operation = match status {
        ItemStatus::Split => "split",
        ItemStatus::Merged => "merge",
        _ => "retire",
    };
    db::catalog::record_version(conn, &after, operation, m, &actor.username, related).await?;
    let flag = format!("item_{}", status.as_str());
    for claim_id in db::claims::flag_item(conn, item.id, &flag, &actor.username).await? {
        db::claims::add_event(
            conn,
            claim_id,
            &actor.username,
            "flag",
            Some(&format!("{}: {}", flag, m.reason)),
            &[],
        )
        .await?;
    }
    audit_item(
        conn,
        actor,
        &format!("catalog.{operation}"),
        Some(item),
        &after,
        m,
    )
    .await?;
    Ok(after)
}

pub async fn retire(db: &Db, actor: &Actor, id: i64, m: &Maintenance) -> Result<CatalogItem> {
    validate_maintenance(m)?;
    let mut tx = db.begin().await?;
    let item = load_active(&mut tx, id).await?;
    let after = end_item(&mut tx, actor, &item, ItemStatus::Retired, m, &[]).await?;
    tx.commit().await?;
    Ok(after)
}

pub async fn split(
    db: &Db,
    actor: &Actor,
    id: i64,
    req: &SplitItemRequest,
) -> Result<Vec<CatalogItem>> {
    validate_maintenance(&req.maintenance)?;
    if req.into.len() < 2 {
        return Err(AppError::validation("into", Msg::SplitTwo));
    }
    let mut tx = db.begin().await?;
    let item = load_active(&mut tx, id).await?;
    let mut created = Vec::new();
    for (i, fields) in req.into.iter().enumerate() {
        let new = insert_new(
            &mut tx,
            fields,
            &req.maintenance,
            &actor.username,
            &[id],
            &format!("into[{i}]."),
        )
        .await?;
        audit_item(&mut tx, actor, "catalog.add", None, &new, &req.maintenance).await?;
        created.push(new);
    }
    let ids: Vec<i64> = created.iter().map(|c| c.id).collect();
    end_item(
        &mut tx,
        actor,
        &item,
        ItemStatus::Split,
        &req.maintenance,
        &ids,
    )
    .await?;
    tx.commit().await?;
    Ok(created)
}

pub async fn merge(db: &Db, actor: &Actor, req: &MergeItemsRequest) -> Result<CatalogItem> {
    validate_maintenance(&req.maintenance)?;
    let mut sources = req.sources.clone();
    sources.sort_unstable();
    sources.dedup();
    if sources.len() < 2 {
        return Err(AppError::validation("sources", Msg::MergeTwo));
    }
    let mut tx = db.begin().await?;
    let mut items = Vec::new();
    for id in &sources {
        items.push(load_active(&mut tx, *id).await?);
    }
    let new = insert_new(
        &mut tx,
        &req.into,
        &req.maintenance,
        &actor.username,
        &sources,
        "into.",
    )
    .await?;
    audit_item(&mut tx, actor, "catalog.add", None, &new, &req.maintenance).await?;
    for item in &items {
        end_item(
            &mut tx,
            actor,
            item,
            ItemStatus::Merged,
            &req.maintenance,
            &[new.id],
        )
        .await?;
    }
    tx.commit().await?;
    Ok(new)
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::model::{Category, ItemCode};

    fn fields() -> ItemFields {
        ItemFields {
            code: ItemCode::parse("CF00001000").unwrap(),
            name: "对未取得食品生产经营许可从事食品生产经营活动的行政处罚".into(),
            category: Category::Penalty,
            legal_basis: "《中华人民共和国食品安全法》第一百二十二条".into(),
            levels: vec![DepartmentLevel::City, DepartmentLevel::County],
            township: false,
        }
    }

    #[test]
    fn a_sound_item_passes() {
        validate_fields(&fields(), "").unwrap();
    }

    #[test]
    fn the_code_must_match_the_category() {
        let f = ItemFields {
            category: Category::Licence,
            ..fields()
        };
        assert!(
            matches!(validate_fields(&f, ""), Err(AppError::Validation { field: Some(f), .. }) if f == "code")
        );
    }

    #[test]
    fn township_level_and_township_catalog_go_together() {
        let f = ItemFields {
            township: true,
            ..fields()
        };
        assert!(validate_fields(&f, "").is_err());
        let f = ItemFields {
            levels: vec![DepartmentLevel::Township],
            ..fields()
        };
        assert!(validate_fields(&f, "").is_err());
        let f = ItemFields {
            levels: vec![DepartmentLevel::Township],
            township: true,
            ..fields()
        };
        assert!(validate_fields(&f, "").is_ok());
    }

    #[test]
    fn maintenance_needs_a_reason() {
        let date = app::model::Date::parse("2025-02-28").unwrap();
        assert!(
            validate_maintenance(&Maintenance {
                reason: " ".into(),
                effective_date: date
            })
            .is_err()
        );
        assert!(
            validate_maintenance(&Maintenance {
                reason: "修法".into(),
                effective_date: date
            })
            .is_ok()
        );
    }
}
