//! What the public sees of spot checks (一公开): approved plans with their tasks and
//! results, and each draw's record; and the supervision figures for oversight.

use app::model::{
    DrawRecord, DrawnTaskRecord, Msg, OverInspected, PublicPlan, PublicTask, RegionCode,
    Supervision, SupervisionRow, public_entity_name,
};

use super::visits::public_result;
use crate::{
    AppError, Result,
    db::{self, Db, plans::PlanRow},
};

async fn public_row(db: &Db, id: i64) -> Result<PlanRow> {
    let mut conn = db.pool().acquire().await?;
    db::plans::find(&mut conn, id)
        .await?
        .filter(PlanRow::is_public)
        .ok_or_else(|| AppError::not_found(Msg::NoPlan))
}

/// A published plan with its tasks: the entities drawn (an owner-named individual
/// business masked), the inspectors, and each result once recorded.
pub async fn plan(db: &Db, id: i64) -> Result<PublicPlan> {
    let row = public_row(db, id).await?;
    let mut conn = db.pool().acquire().await?;
    let tasks = db::inspections::of_plan(&mut conn, id).await?;
    Ok(PublicPlan {
        plan: row.plan(),
        task_list: tasks
            .iter()
            .map(|t| PublicTask {
                code: t.code.clone(),
                entity_uscc: t.signed.entity_uscc.clone(),
                entity_name: public_entity_name(&t.signed.entity_uscc, &t.signed.entity_name),
                inspectors: t.officers.iter().map(|o| o.public()).collect(),
                status: t.status,
                result: public_result(t),
            })
            .collect(),
    })
}

/// The draw's record: the commitment and the inputs from approval, the seed and the
/// tasks in their drawn order once drawn.
pub async fn draw(db: &Db, id: i64) -> Result<DrawRecord> {
    let row = public_row(db, id).await?;
    let (Some(input), Some(commitment), Some(committed_at)) = (
        row.draw_input.clone(),
        row.commitment.clone(),
        row.approved_at,
    ) else {
        return Err(anyhow::anyhow!("approved plan {id} lacks its draw record").into());
    };
    let drawn = row.drawn_at.is_some();
    let tasks = if drawn {
        let mut conn = db.pool().acquire().await?;
        db::inspections::of_plan(&mut conn, id)
            .await?
            .into_iter()
            .filter_map(|t| {
                let [first, second] = t.signed.inspectors.as_slice() else {
                    return None;
                };
                Some(DrawnTaskRecord {
                    entity: t.signed.entity_uscc.clone(),
                    inspectors: [first.clone(), second.clone()],
                    code: t.code.clone(),
                })
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(DrawRecord {
        algorithm: app::model::spot_check::DRAW_CONTEXT.to_owned(),
        plan_id: id,
        commitment,
        committed_at,
        seed: if drawn { row.seed.clone() } else { None },
        drawn_at: row.drawn_at,
        input,
        tasks,
    })
}

/// The supervision of business inspections in `year`, within `region` when given.
pub async fn supervision(
    db: &Db,
    year: i64,
    yearly_limit: i64,
    region: Option<&RegionCode>,
) -> Result<Supervision> {
    let pattern = region.map(db::departments::region_pattern);
    let today = db.clock().today();
    let mut departments: Vec<SupervisionRow> =
        db::inspections::figures(db, year, today, pattern.as_deref())
            .await?
            .into_iter()
            .map(|f| {
                let region_code = RegionCode::parse(&f.region_code)
                    .map_err(|_| anyhow::anyhow!("departments row holds an invalid region"))?;
                let seen = f.inspections + f.reports;
                Ok(SupervisionRow {
                    department_id: f.department_id,
                    department_name: f.department_name,
                    region_code,
                    inspections: f.inspections,
                    on_plan: f.on_plan,
                    reports: f.reports,
                    coded_share: if seen == 0 {
                        100.0
                    } else {
                        (f.inspections as f64 * 1000.0 / seen as f64).round() / 10.0
                    },
                    overdue_results: f.overdue_results,
                    ratings: f.ratings,
                    average_score: (f.ratings > 0)
                        .then(|| (f.score_sum as f64 * 10.0 / f.ratings as f64).round() / 10.0),
                })
            })
            .collect::<Result<_>>()?;
    departments.sort_by(|a, b| {
        (b.overdue_results + b.reports)
            .cmp(&(a.overdue_results + a.reports))
            .then(b.inspections.cmp(&a.inspections))
            .then(a.department_id.cmp(&b.department_id))
    });
    let over_inspected =
        db::inspections::over_inspected(db, year, yearly_limit, pattern.as_deref())
            .await?
            .into_iter()
            .map(|(uscc, name, inspections)| OverInspected {
                name: public_entity_name(&uscc, &name),
                uscc,
                inspections,
            })
            .collect();
    Ok(Supervision {
        year,
        yearly_limit,
        departments,
        over_inspected,
    })
}
