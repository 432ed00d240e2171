//! Spot-check plans (双随机): drafted, approved and drawn in the workspace; published with
//! their tasks, results and draw records (一公开).

use axum::{extract::State, http::StatusCode};

use app::model::{
    DrawRecord, ListResponse, PageQuery, Plan, PlanDetail, PlanInput, PlanTransition, PublicPlan,
};

use super::extract::{Json, Path, Query};
use super::openapi::media;
use super::table::{DECIDERS, EVERYONE, REVIEWER, Route};
use crate::auth::policy::Scope;
use crate::{
    AppError, Result,
    auth::AuthContext,
    db::{self, plans::PlanFilter},
    inspections::{plans, public},
    state::AppState,
};

pub fn routes() -> Vec<Route> {
    const D: Scope = Scope::Department;
    macro_rules! at {
        ($rest:literal) => {
            concat!("/workspace/departments/{dept}/spot-checks", $rest)
        };
    }
    vec![
        Route::get("/spot-checks", list_public).about("Published spot-check plans"),
        Route::get("/spot-checks/{id}", show_public)
            .about("A published plan with its tasks and results")
            .may_answer(&[404]),
        Route::get("/spot-checks/{id}/tasks.csv", tasks_csv)
            .file(media::CSV)
            .about("A published plan's tasks and results as CSV")
            .may_answer(&[404]),
        Route::get("/spot-checks/{id}/draw", draw_record)
            .about("A plan's draw record: commitment, inputs, revealed seed, tasks")
            .may_answer(&[404]),
        Route::get(at!(""), list).allow(EVERYONE, D),
        Route::post(at!(""), create).allow(DECIDERS, D),
        Route::get(at!("/{id}"), show).allow(EVERYONE, D),
        Route::post(at!("/{id}/approve"), approve).allow(REVIEWER, D),
        Route::post(at!("/{id}/draw"), draw).allow(DECIDERS, D),
        Route::post(at!("/{id}/cancel"), cancel).allow(REVIEWER, D),
    ]
}

fn page(q: &PageQuery) -> Result<app::model::Page> {
    q.validate()
        .map_err(|(field, msg)| AppError::validation(field, msg))
}

async fn list_public(
    State(state): State<AppState>,
    Query(q): Query<PageQuery>,
) -> Result<Json<ListResponse<Plan>>> {
    let p = page(&q)?;
    let filter = PlanFilter {
        department_id: None,
        public: true,
        q: p.q.as_deref(),
        region: p.region.as_ref(),
        year: p.year,
    };
    let (rows, total) = db::plans::list(&state.db, &filter, p.limit, p.offset).await?;
    Ok(Json(ListResponse {
        items: rows.iter().map(|r| r.plan()).collect(),
        total,
    }))
}

async fn show_public(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<PublicPlan>> {
    Ok(Json(public::plan(&state.db, id).await?))
}

/// The tasks of a published plan, one a row, for a spreadsheet.
async fn tasks_csv(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<axum::response::Response> {
    let plan = public::plan(&state.db, id).await?;
    let table = crate::powers::files::Table {
        header: vec![
            "检查码",
            "统一社会信用代码",
            "被检查主体",
            "检查人员",
            "状态",
            "检查结果",
            "结果说明",
            "整改期限",
            "案码",
            "登记日期",
        ],
        rows: plan
            .task_list
            .iter()
            .map(|t| {
                let r = t.result.as_ref();
                vec![
                    t.code.to_string(),
                    t.entity_uscc.clone(),
                    t.entity_name.clone(),
                    t.inspectors
                        .iter()
                        .map(|i| format!("{}（{}）", i.name, i.certificate_number))
                        .collect::<Vec<_>>()
                        .join("、"),
                    t.status.to_string(),
                    r.map(|r| r.outcome.to_string()).unwrap_or_default(),
                    r.map(|r| r.note.clone()).unwrap_or_default(),
                    r.and_then(|r| r.rectify_by)
                        .map(|d| d.to_string())
                        .unwrap_or_default(),
                    r.and_then(|r| r.case_code.as_ref())
                        .map(|c| c.to_string())
                        .unwrap_or_default(),
                    r.map(|r| r.recorded_on.to_string()).unwrap_or_default(),
                ]
            })
            .collect(),
    };
    Ok(super::catalog::download(
        table.to_csv()?,
        &format!("anma-spot-check-{id}.csv"),
    ))
}

async fn draw_record(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<DrawRecord>> {
    Ok(Json(public::draw(&state.db, id).await?))
}

async fn list(
    State(state): State<AppState>,
    Path(dept): Path<i64>,
    Query(q): Query<PageQuery>,
) -> Result<Json<ListResponse<PlanDetail>>> {
    let p = page(&q)?;
    let filter = PlanFilter {
        department_id: Some(dept),
        public: false,
        q: p.q.as_deref(),
        region: p.region.as_ref(),
        year: p.year,
    };
    let (rows, total) = db::plans::list(&state.db, &filter, p.limit, p.offset).await?;
    Ok(Json(ListResponse {
        items: rows.iter().map(|r| r.detail()).collect(),
        total,
    }))
}

async fn create(
    State(state): State<AppState>,
    ctx: AuthContext,
    Path(dept): Path<i64>,
    Json(input): Json<PlanInput>,
) -> Result<(StatusCode, Json<PlanDetail>)> {
    let row = plans::create(&state.db, &ctx.actor(), dept, &input).await?;
    Ok((StatusCode::CREATED, Json(row.detail())))
}

async fn show(
    State(state): State<AppState>,
    Path((dept, id)): Path<(i64, i64)>,
) -> Result<Json<PlanDetail>> {
    Ok(Json(
        plans::find(&state.db, dept, id, false).await?.detail(),
    ))
}

async fn approve(
    State(state): State<AppState>,
    ctx: AuthContext,
    Path((dept, id)): Path<(i64, i64)>,
    Json(t): Json<PlanTransition>,
) -> Result<Json<PlanDetail>> {
    let row = plans::approve(
        &state.db,
        &ctx.actor(),
        &state.spot_checks,
        dept,
        id,
        t.version,
    )
    .await?;
    Ok(Json(row.detail()))
}

async fn draw(
    State(state): State<AppState>,
    ctx: AuthContext,
    Path((dept, id)): Path<(i64, i64)>,
    Json(t): Json<PlanTransition>,
) -> Result<Json<PlanDetail>> {
    let row = plans::draw(&state.db, &state.keys, &ctx.actor(), dept, id, t.version).await?;
    Ok(Json(row.detail()))
}

async fn cancel(
    State(state): State<AppState>,
    ctx: AuthContext,
    Path((dept, id)): Path<(i64, i64)>,
    Json(t): Json<PlanTransition>,
) -> Result<Json<PlanDetail>> {
    let row = plans::cancel(
        &state.db,
        &ctx.actor(),
        dept,
        id,
        t.version,
        t.reason.as_deref(),
    )
    .await?;
    Ok(Json(row.detail()))
}
