//! A department's decisions: register, edit, legal review, issue, revoke, change, and
//! the QR code to print.

use axum::{
    extract::State,
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Deserialize;
use utoipa::openapi::{AllOfBuilder, Ref, RefOr, Schema};

use app::model::{
    BATCH_MAX, BatchDone, BatchReport, ChangeRequest, ConfirmRequest, DECISION_STEP_MAX, Decision,
    DecisionList, DecisionQuery, LegalReviewRequest, Msg, RegisterDecision, RevokeRequest,
    SaveDecisionRequest, StepMany, StepReport, StepResult, base32, verify_url,
};

use super::extract::{Json, Path, Query};
use super::openapi::media;
use super::table::{CLERK, DECIDERS, EVERYONE, REVIEWER, Route};
use crate::auth::policy::Scope;
use crate::{
    AppError, Result, auth::AuthContext, cases, db, db::decisions::DecisionRow, state::AppState,
};

/// A path under `/workspace/departments/{dept}/decisions`.
macro_rules! at {
    ($rest:literal) => {
        concat!("/workspace/departments/{dept}/decisions", $rest)
    };
}

/// A department's decisions: clerks register and issue, reviewers give the legal review,
/// both may end an issued decision; everyone of the department and oversight read.
pub fn routes() -> Vec<Route> {
    const D: Scope = Scope::Department;
    use super::table::{READ_DECISIONS as READ, WRITE_DECISIONS as WRITE};
    vec![
        Route::get(at!(""), list).allow(EVERYONE, D).token(READ),
        Route::post(at!(""), register).allow(CLERK, D).token(WRITE),
        Route::post(at!("/batch"), batch)
            .answers::<BatchReport>()
            .map(|h| h.layer(axum::extract::DefaultBodyLimit::max(BATCH_BYTES)))
            .allow(CLERK, D)
            .token(WRITE),
        Route::post(at!("/import"), import)
            .upload(media::ANY)
            .file(media::NDJSON)
            .map(|h| h.layer(axum::extract::DefaultBodyLimit::max(BATCH_BYTES)))
            .allow(CLERK, D),
        Route::post(at!("/issue"), issue_many)
            .about("Issues up to 100 drafts, each in its own transaction, with a result per decision")
            .allow(CLERK, D)
            .token(WRITE),
        Route::post(at!("/publish"), publish_many)
            .about("Publishes up to 100 issued decisions, each in its own transaction, with a result per decision")
            .allow(DECIDERS, D)
            .token(WRITE),
        Route::get(at!("/{id}"), show)
            .allow(EVERYONE, D)
            .token(READ),
        Route::put(at!("/{id}"), save).allow(CLERK, D).token(WRITE),
        Route::get(at!("/{id}/qr.svg"), qr_svg)
            .file(media::SVG)
            .allow(EVERYONE, D)
            .token(READ),
        Route::get(at!("/{id}/qr.png"), qr_png)
            .file(media::PNG)
            .allow(EVERYONE, D)
            .token(READ),
        Route::post(at!("/{id}/review"), review).allow(REVIEWER, D),
        Route::post(at!("/{id}/issue"), issue)
            .allow(CLERK, D)
            .token(WRITE),
        Route::post(at!("/{id}/revoke"), revoke)
            .allow(DECIDERS, D)
            .token(WRITE),
        Route::post(at!("/{id}/change"), change)
            .allow(DECIDERS, D)
            .token(WRITE),
        Route::post(at!("/{id}/confirm"), confirm)
            .allow(DECIDERS, D)
            .token(WRITE),
    ]
}

/// The base of verify URLs: `--public-url`, or the address this request came to.
pub(super) fn public_base(state: &AppState, headers: &HeaderMap) -> String {
    state.network.public_url.clone().unwrap_or_else(|| {
        let host = headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("localhost");
        format!("http://{host}")
    })
}

/// A decision as the workspace shows it, built from its record in one step: with where
/// it stands in the public listing today, and for an issued one the text its QR code
/// carries and that symbol's version.
pub(super) fn present(state: &AppState, headers: &HeaderMap, d: DecisionRow) -> Decision {
    let publication = d.record.publication(state.db.clock().today());
    let base = public_base(state, headers);
    let qr = d.issuance.as_ref().and_then(|i| {
        let url = verify_url(&base, &i.case_code, &base32::decode(&i.signature)?);
        let version = cases::qr::Symbol::encode(&url).ok().map(|s| s.version);
        Some((url, version))
    });
    let (verify_url, qr_version) = qr.unzip();
    let (case_code, key_id, signature, issued_at) = match d.issuance {
        Some(i) => (
            Some(i.case_code),
            Some(i.key_id),
            Some(i.signature),
            Some(i.issued_at),
        ),
        None => (None, None, None, None),
    };
    Decision {
        record: d.record,
        case_code,
        key_id,
        signature,
        issued_at,
        verify_url,
        qr_version: qr_version.flatten(),
        publication,
    }
}

async fn list(
    State(state): State<AppState>,
    Path(dept): Path<i64>,
    Query(q): Query<DecisionQuery>,
) -> Result<Json<DecisionList>> {
    let filter = q
        .filter()
        .map_err(|(field, msg)| AppError::validation(field, msg))?;
    Ok(Json(db::decisions::list(&state.db, dept, &filter).await?))
}

/// Who sent a request, for its idempotency keys: `token:<id>` or `user:<id>`.
fn caller_of(ctx: &AuthContext) -> String {
    match ctx.token_id {
        Some(id) => format!("token:{id}"),
        None => format!("user:{}", ctx.user.id),
    }
}

async fn register(
    State(state): State<AppState>,
    ctx: AuthContext,
    headers: HeaderMap,
    Path(dept): Path<i64>,
    RegisterBody(req): RegisterBody,
) -> Result<(StatusCode, Json<Decision>)> {
    let key = idempotency_key(&headers)?;
    let caller = caller_of(&ctx);
    let body_hash =
        crate::db::audit::sha256_hex(&serde_json::to_vec(&req).map_err(anyhow::Error::from)?);
    let retry = key.as_deref().map(|key| cases::decisions::Retry {
        caller: &caller,
        key,
        body_hash: &body_hash,
    });
    let (d, _) = cases::decisions::register_with(
        &state.db,
        &state.keys,
        &ctx.actor(),
        dept,
        &req.decision,
        req.issue,
        retry.as_ref(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(present(&state, &headers, d))))
}

/// The body of `POST …/decisions`: the decision as the workspace sends it, and `issue`.
/// Read in two steps so that a problem in the decision names its field exactly as for a
/// plain decision (serde's flattening would lose the field's path).
struct RegisterBody(RegisterDecision);

impl<S: Send + Sync> axum::extract::FromRequest<S> for RegisterBody {
    type Rejection = AppError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self> {
        let Json(mut value) = Json::<serde_json::Value>::from_request(req, state).await?;
        let issue = match value.as_object_mut().and_then(|m| m.remove("issue")) {
            None | Some(serde_json::Value::Null) => false,
            Some(serde_json::Value::Bool(b)) => b,
            Some(_) => {
                return Err(AppError::Validation {
                    msg: Msg::JsonShape {
                        detail: "issue: expected a boolean".into(),
                    },
                    field: Some("issue".into()),
                });
            }
        };
        let bytes = serde_json::to_vec(&value).map_err(anyhow::Error::from)?;
        let axum::Json(decision) = axum::Json::<app::model::DecisionInput>::from_bytes(&bytes)?;
        Ok(Self(RegisterDecision { decision, issue }))
    }
}

impl super::openapi::Input for RegisterBody {
    fn describe(op: &mut super::openapi::Operation) {
        <Json<RegisterDecision> as super::openapi::Input>::describe(op);
        op.header(
            "Idempotency-Key",
            "Makes a retry safe: the same key and body return the decision the first request \
             made; the same key with another body is 409. 1 to 100 visible ASCII characters.",
            "^[!-~]{1,100}$",
        );
    }
}

/// The largest batch body or decisions file: 1,000 decisions with long texts.
const BATCH_BYTES: usize = 16 << 20;

/// The report of a batch: each kept row as the workspace would show its decision.
fn report_of(
    state: &AppState,
    headers: &HeaderMap,
    rows: usize,
    all_or_nothing: bool,
    outcome: cases::batch::Outcome,
) -> BatchReport {
    let failed = outcome
        .errors
        .iter()
        .map(|e| e.row)
        .collect::<std::collections::HashSet<_>>()
        .len();
    let done: Vec<BatchDone> = outcome
        .done
        .into_iter()
        .map(|(row, d, repeated)| {
            let d = present(state, headers, d);
            BatchDone {
                row,
                id: d.record.id,
                document_number: d.record.document_number,
                status: d.record.status,
                case_code: d.case_code,
                verify_url: d.verify_url,
                signature: d.signature,
                repeated,
            }
        })
        .collect();
    BatchReport {
        rows,
        kept: done.len(),
        failed,
        all_or_nothing,
        done,
        errors: outcome.errors,
    }
}

/// Up to 1,000 decisions in one call: each row is checked with the rules of one and
/// reported by row and field; the valid rows are registered (and issued), or none with
/// `all_or_nothing` (then 422 with the same report).
async fn batch(
    State(state): State<AppState>,
    ctx: AuthContext,
    headers: HeaderMap,
    Path(dept): Path<i64>,
    BatchBody {
        rows,
        issue,
        all_or_nothing,
    }: BatchBody,
) -> Result<Response> {
    let caller = caller_of(&ctx);
    let actor = ctx.actor();
    let batch = cases::batch::Batch {
        actor: &actor,
        caller: &caller,
        department_id: dept,
        issue,
        all_or_nothing,
        lang: crate::error::request_lang(&headers),
    };
    let count = rows.len();
    let outcome = cases::batch::run(&state.db, &state.keys, &batch, rows, &mut |_| {}).await?;
    let committed = outcome.committed;
    let report = report_of(&state, &headers, count, all_or_nothing, outcome);
    if !committed {
        let error = AppError::validation(
            "decisions",
            Msg::ImportRowsInvalid {
                invalid: report.failed,
                rows: count,
            },
        );
        return Ok(error.with_report(&report));
    }
    Ok(Json(report).into_response())
}

/// The body of `POST …/decisions/batch`, each row read on its own so that one wrong row
/// is that row's problem, not the whole request's.
struct BatchBody {
    rows: Vec<cases::batch::Row>,
    issue: bool,
    all_or_nothing: bool,
}

impl<S: Send + Sync> axum::extract::FromRequest<S> for BatchBody {
    type Rejection = AppError;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self> {
        use serde_json::Value;
        let Json(value) = Json::<Value>::from_request(req, state).await?;
        let shape = |field: &str, detail: &str| AppError::Validation {
            msg: Msg::JsonShape {
                detail: detail.into(),
            },
            field: Some(field.into()),
        };
        let Value::Object(mut body) = value else {
            return Err(shape("decisions", "expected an object with \"decisions\""));
        };
        let flag = |body: &mut serde_json::Map<String, Value>, name: &str, default: bool| match body
            .remove(name)
        {
            None | Some(Value::Null) => Ok(default),
            Some(Value::Bool(b)) => Ok(b),
            Some(_) => Err(shape(name, "expected a boolean")),
        };
        let issue = flag(&mut body, "issue", true)?;
        let all_or_nothing = flag(&mut body, "all_or_nothing", false)?;
        let decisions = match body.remove("decisions") {
            Some(Value::Array(items)) => items,
            None | Some(Value::Null) => {
                return Err(AppError::validation("decisions", Msg::Required));
            }
            Some(_) => return Err(shape("decisions", "expected an array of decisions")),
        };
        if decisions.is_empty() {
            return Err(AppError::validation("decisions", Msg::Required));
        }
        if decisions.len() > BATCH_MAX {
            return Err(AppError::validation(
                "decisions",
                Msg::TooManyRows { max: BATCH_MAX },
            ));
        }
        let rows = decisions
            .into_iter()
            .enumerate()
            .map(|(i, v)| cases::batch::Row {
                row: i + 1,
                parsed: cases::batch::parse_row(v),
            })
            .collect();
        Ok(Self {
            rows,
            issue,
            all_or_nothing,
        })
    }
}

impl super::openapi::Input for BatchBody {
    fn describe(op: &mut super::openapi::Operation) {
        <Json<app::model::DecisionBatch> as super::openapi::Input>::describe(op);
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct ImportParams {
    /// Issue each valid row (default true), or register drafts.
    issue: Option<bool>,
    /// Keep nothing when any row is wrong (default false).
    all_or_nothing: Option<bool>,
}

/// A clerk's file of decisions (CSV or XLSX, the columns of `docs/integration.md`), run
/// as a batch. The answer streams `application/x-ndjson`: progress lines as rows are
/// done, then the report (or the error that stopped it, nothing kept).
async fn import(
    State(state): State<AppState>,
    ctx: AuthContext,
    headers: HeaderMap,
    Path(dept): Path<i64>,
    Query(p): Query<ImportParams>,
    body: axum::body::Bytes,
) -> Result<Response> {
    use app::model::BatchProgress;
    let lang = crate::error::request_lang(&headers);
    if body.is_empty() {
        return Err(AppError::validation("file", Msg::EmptyFile));
    }
    let owned = body.to_vec();
    let (text, _) = tokio::task::spawn_blocking(move || crate::powers::files::read_upload(&owned))
        .await
        .map_err(anyhow::Error::from)?
        .map_err(|detail| AppError::validation("file", Msg::FileUnreadable { detail }))?;
    let directory = directory(&state, dept).await?;
    let all_or_nothing = p.all_or_nothing.unwrap_or(false);
    let rows = match cases::batch::rows_of_file(&text, &directory, lang) {
        Ok(rows) if rows.is_empty() => return Err(AppError::validation("file", Msg::EmptyFile)),
        Ok(rows) => rows,
        Err(e) => {
            let report = BatchReport {
                rows: 0,
                kept: 0,
                failed: 1,
                all_or_nothing,
                done: vec![],
                errors: vec![e],
            };
            let error = AppError::validation(
                "file",
                Msg::ImportRowsInvalid {
                    invalid: 1,
                    rows: 0,
                },
            );
            return Ok(error.with_report(&report));
        }
    };
    let count = rows.len();
    let (sender, receiver) = tokio::sync::mpsc::channel::<BatchProgress>(64);
    let caller = caller_of(&ctx);
    let actor = ctx.actor();
    let issue = p.issue.unwrap_or(true);
    // The batch runs to its end even when the browser goes away; the clerk then finds
    // the decisions in the list.
    tokio::spawn(async move {
        let batch = cases::batch::Batch {
            actor: &actor,
            caller: &caller,
            department_id: dept,
            issue,
            all_or_nothing,
            lang,
        };
        let progress = sender.clone();
        let mut tell = move |done: usize| {
            let _ = progress.try_send(BatchProgress::Progress { done, rows: count });
        };
        let last = match cases::batch::run(&state.db, &state.keys, &batch, rows, &mut tell).await {
            Ok(outcome) => {
                BatchProgress::Report(report_of(&state, &headers, count, all_or_nothing, outcome))
            }
            Err(e) => {
                if let AppError::Internal(ref cause) = e {
                    tracing::error!(error = %cause, "a decisions file stopped");
                }
                let (msg, field) = e.msg();
                BatchProgress::Error(app::model::FieldProblemText::new(
                    field.unwrap_or("file"),
                    &msg,
                    lang,
                ))
            }
        };
        let _ = sender.send(last).await;
    });
    let lines = futures_util::stream::unfold(receiver, |mut receiver| async move {
        let item = receiver.recv().await?;
        let mut line = serde_json::to_vec(&item).unwrap_or_default();
        line.push(b'\n');
        Some((
            Ok::<_, std::convert::Infallible>(axum::body::Bytes::from(line)),
            receiver,
        ))
    });
    Ok((
        [(header::CONTENT_TYPE, media::NDJSON)],
        axum::body::Body::from_stream(lines),
    )
        .into_response())
}

/// The department's published claims by item code and officers by certificate, for the
/// rows of a file.
async fn directory(state: &AppState, dept: i64) -> Result<cases::batch::Directory> {
    let (claims, _) = db::claims::list(
        &state.db,
        Some(dept),
        Some(app::model::ClaimStatus::Published),
        false,
        None,
    )
    .await?;
    let officers = db::officers::list(&state.db, dept).await?;
    Ok(cases::batch::Directory {
        claims: claims
            .into_iter()
            .map(|c| (c.item.code.as_str().to_owned(), c.id))
            .collect(),
        officers: officers
            .into_iter()
            .map(|o| (o.certificate_number, o.id))
            .collect(),
    })
}

/// The request's `Idempotency-Key`, if it sends one: 1 to 100 visible ASCII characters.
fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>> {
    let Some(value) = headers.get("idempotency-key") else {
        return Ok(None);
    };
    let key = value.to_str().unwrap_or_default().trim();
    if key.is_empty() || key.len() > 100 || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(AppError::validation(
            "Idempotency-Key",
            Msg::IdempotencyKeyShape,
        ));
    }
    Ok(Some(key.to_owned()))
}

async fn find(state: &AppState, dept: i64, id: i64) -> Result<DecisionRow> {
    let mut conn = state.db.pool().acquire().await?;
    db::decisions::find(&mut conn, dept, id)
        .await?
        .ok_or_else(|| AppError::not_found(Msg::NoDecision))
}

async fn show(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((dept, id)): Path<(i64, i64)>,
) -> Result<Json<Decision>> {
    let d = find(&state, dept, id).await?;
    Ok(Json(present(&state, &headers, d)))
}

async fn save(
    State(state): State<AppState>,
    ctx: AuthContext,
    headers: HeaderMap,
    Path((dept, id)): Path<(i64, i64)>,
    Json(req): Json<SaveDecisionRequest>,
) -> Result<Json<Decision>> {
    let d = cases::decisions::save(
        &state.db,
        &ctx.actor(),
        dept,
        id,
        req.expected_version,
        &req.decision,
    )
    .await?;
    Ok(Json(present(&state, &headers, d)))
}

/// A body carrying only the version the client saw.
#[derive(Debug, Deserialize)]
struct Versioned<T> {
    expected_version: i64,
    #[serde(flatten)]
    body: T,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
struct Nothing {}

/// The request's own fields with `expected_version`, named `…AtVersion`.
impl<T: utoipa::ToSchema> utoipa::PartialSchema for Versioned<T> {
    fn schema() -> RefOr<Schema> {
        AllOfBuilder::new()
            .item(Ref::from_schema_name(T::name()))
            .item(super::openapi::expected_version())
            .into()
    }
}

impl<T: utoipa::ToSchema> utoipa::ToSchema for Versioned<T> {
    fn name() -> std::borrow::Cow<'static, str> {
        format!("{}AtVersion", T::name()).into()
    }

    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        schemas.push((T::name().into_owned(), T::schema()));
        T::schemas(schemas);
    }
}

async fn issue(
    State(state): State<AppState>,
    ctx: AuthContext,
    headers: HeaderMap,
    Path((dept, id)): Path<(i64, i64)>,
    Json(req): Json<Versioned<Nothing>>,
) -> Result<Json<Decision>> {
    let d = cases::decisions::issue(
        &state.db,
        &state.keys,
        &ctx.actor(),
        dept,
        id,
        req.expected_version,
    )
    .await?;
    Ok(Json(present(&state, &headers, d)))
}

async fn issue_many(
    State(state): State<AppState>,
    ctx: AuthContext,
    headers: HeaderMap,
    Path(dept): Path<i64>,
    Json(req): Json<StepMany>,
) -> Result<Json<StepReport>> {
    step_many(&state, &ctx, &headers, dept, &req, Step::Issue).await
}

async fn publish_many(
    State(state): State<AppState>,
    ctx: AuthContext,
    headers: HeaderMap,
    Path(dept): Path<i64>,
    Json(req): Json<StepMany>,
) -> Result<Json<StepReport>> {
    step_many(&state, &ctx, &headers, dept, &req, Step::Publish).await
}

/// The steps a clerk may take on many decisions at once.
#[derive(Debug, Clone, Copy)]
enum Step {
    Issue,
    Publish,
}

/// Runs one step on each chosen decision in turn, each in its own transaction (the
/// step's), and reports each: a decision that fails is left as it was and the others go
/// on. The list itself is checked first: 1 to 100 decisions, each once.
async fn step_many(
    state: &AppState,
    ctx: &AuthContext,
    headers: &HeaderMap,
    dept: i64,
    req: &StepMany,
    step: Step,
) -> Result<Json<StepReport>> {
    if req.items.is_empty() || req.items.len() > DECISION_STEP_MAX {
        return Err(AppError::validation(
            "items",
            Msg::BatchSize {
                max: DECISION_STEP_MAX,
            },
        ));
    }
    let mut seen = std::collections::HashSet::new();
    if let Some(i) = req.items.iter().position(|c| !seen.insert(c.id)) {
        return Err(AppError::validation(
            format!("items[{i}].id"),
            Msg::DuplicateInBatch,
        ));
    }
    let lang = crate::error::request_lang(headers);
    let mut results = Vec::with_capacity(req.items.len());
    let actor = ctx.actor();
    for chosen in &req.items {
        let (id, version) = (chosen.id, chosen.expected_version);
        let outcome = match step {
            Step::Issue => {
                cases::decisions::issue(&state.db, &state.keys, &actor, dept, id, version).await
            }
            Step::Publish => {
                let small_fine = state.publication.small_fine_fen();
                cases::disclosure::publish(&state.db, &actor, dept, id, version, small_fine).await
            }
        };
        results.push(match outcome {
            Ok(d) => StepResult {
                id: chosen.id,
                document_number: Some(d.record.document_number.clone()),
                ok: true,
                status: Some(d.record.status),
                case_code: d.case_code().cloned(),
                error: None,
            },
            Err(e) => {
                if let AppError::Internal(inner) = &e {
                    tracing::error!(decision = chosen.id, error = %inner, "batch step failed");
                }
                StepResult {
                    id: chosen.id,
                    document_number: None,
                    ok: false,
                    status: None,
                    case_code: None,
                    error: Some(e.detail(lang)),
                }
            }
        });
    }
    let done = results.iter().filter(|r| r.ok).count();
    Ok(Json(StepReport {
        done,
        failed: results.len() - done,
        results,
    }))
}

/// The handler of a step on one decision that takes a request at the version the user
/// saw: the legal review, and the acts that end an issued decision (revoke, change, a
/// ruling that confirms it unlawful or void).
macro_rules! decision_step {
    ($name:ident, $request:ty, $act:path) => {
        async fn $name(
            State(state): State<AppState>,
            ctx: AuthContext,
            headers: HeaderMap,
            Path((dept, id)): Path<(i64, i64)>,
            Json(req): Json<Versioned<$request>>,
        ) -> Result<Json<Decision>> {
            let d = $act(
                &state.db,
                &ctx.actor(),
                dept,
                id,
                req.expected_version,
                &req.body,
            )
            .await?;
            Ok(Json(present(&state, &headers, d)))
        }
    };
}

decision_step!(review, LegalReviewRequest, cases::decisions::review);
decision_step!(revoke, RevokeRequest, cases::decisions::revoke);
decision_step!(change, ChangeRequest, cases::decisions::change);
decision_step!(confirm, ConfirmRequest, cases::decisions::confirm);

/// The symbol of an issued decision's verify URL.
async fn symbol(
    state: &AppState,
    headers: &HeaderMap,
    dept: i64,
    id: i64,
) -> Result<(Decision, cases::qr::Symbol)> {
    let d = present(state, headers, find(state, dept, id).await?);
    let url = d
        .verify_url
        .clone()
        .ok_or_else(|| AppError::validation("status", Msg::DraftHasNoCode))?;
    let symbol = cases::qr::Symbol::encode(&url)?;
    Ok((d, symbol))
}

fn qr_response(
    d: &Decision,
    version: i16,
    content_type: &str,
    ext: &str,
    body: Vec<u8>,
) -> Response {
    let code = d
        .case_code
        .as_ref()
        .map(|c| c.as_str())
        .unwrap_or("decision");
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"anma-{code}.{ext}\""),
            ),
            (
                header::HeaderName::from_static("x-qr-version"),
                version.to_string(),
            ),
            (header::CACHE_CONTROL, "private, no-cache".to_owned()),
        ],
        body,
    )
        .into_response()
}

async fn qr_svg(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((dept, id)): Path<(i64, i64)>,
) -> Result<Response> {
    let (d, symbol) = symbol(&state, &headers, dept, id).await?;
    Ok(qr_response(
        &d,
        symbol.version,
        "image/svg+xml",
        "svg",
        symbol.svg().into_bytes(),
    ))
}

async fn qr_png(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((dept, id)): Path<(i64, i64)>,
) -> Result<Response> {
    let (d, symbol) = symbol(&state, &headers, dept, id).await?;
    let png = symbol.png(8)?;
    Ok(qr_response(&d, symbol.version, "image/png", "png", png))
}
