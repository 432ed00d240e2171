//! Inspections of businesses (涉企行政检查):
//!
//! - [`entities`]: the market-entity registry and its CSV/XLSX import;
//! - [`plans`]: spot-check plans (双随机), their approval with a published commitment,
//!   the draw that anyone can re-run (`app::model::spot_check`), cancellation;
//! - [`visits`]: inspection codes (检查码) and their signatures, inspections outside a
//!   plan, results, the public verdict on a code, ratings by the inspected and reports of
//!   inspections without a code;
//! - [`public`]: what the public sees of plans and draws (一公开), and the supervision
//!   figures.

pub mod entities;
pub mod plans;
pub mod public;
pub mod visits;

use app::model::{Category, ClaimStatus, InspectionItem, Msg, Officer};
use sqlx::AnyConnection;

use crate::{AppError, Result, db};

/// The inspection items behind `claim_ids`: each must be the department's own published
/// claim on an inspection item (category JC).
pub(crate) async fn inspection_items(
    conn: &mut AnyConnection,
    department_id: i64,
    claim_ids: &[i64],
) -> Result<Vec<InspectionItem>> {
    let mut items = Vec::with_capacity(claim_ids.len());
    for &id in claim_ids {
        let claim = db::claims::find(conn, department_id, id)
            .await?
            .filter(|c| c.published.is_some() && c.status != ClaimStatus::Withdrawn);
        match claim {
            Some(c) if c.item.category == Category::Inspection => items.push(InspectionItem {
                code: c.item.code.to_string(),
                name: c.item.name.clone(),
                legal_basis: c.item.legal_basis.clone(),
            }),
            _ => {
                return Err(AppError::validation(
                    "claim_ids",
                    Msg::PlanItemNotInspection {
                        item: id.to_string(),
                    },
                ));
            }
        }
    }
    Ok(items)
}

/// Whether the officer's certificate allows enforcement on every day from `from` to
/// `until`.
pub(crate) fn valid_throughout(
    o: &Officer,
    from: app::model::Date,
    until: app::model::Date,
) -> bool {
    o.valid_on(from) && o.valid_on(until)
}
