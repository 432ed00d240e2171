//! The public listing of decisions (执法决定公示), its exports and statistics; the
//! workspace's publication duties and the working calendar.

use std::{
    net::{IpAddr, SocketAddr},
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    task::Poll,
};

use axum::{
    body::{Body, Bytes},
    extract::{ConnectInfo, State},
    http::{HeaderMap, header},
    response::{IntoResponse, Response},
};
use serde::Deserialize;

use app::model::{
    CalendarCoverage, CalendarDay, Decision, Disclosure, DisclosurePage, DisclosureQuery,
    DueDecision, ListResponse, Msg, Stats, StatsQuery, Withdrawal,
};

use super::extract::{Json, Path, Query};
use super::openapi::media;
use super::table::{ADMIN, DECIDERS, EVERYONE, OVERSIGHT, Route};
use crate::auth::policy::Scope;
use crate::{
    AppError, Result,
    auth::{AuthContext, client::client_ip},
    cases,
    db::{self, disclosures::Filter},
    state::AppState,
};

/// Public disclosure and statistics; publishing, publication duties and the working
/// calendar in the workspace.
pub fn routes() -> Vec<Route> {
    vec![
        Route::get("/disclosures", list).answers::<DisclosurePage>(),
        Route::get("/disclosures.csv", export_csv).file(media::CSV),
        Route::get("/disclosures.json", export_json).answers::<Vec<Disclosure>>(),
        Route::get("/disclosures/withdrawn", withdrawn),
        Route::get("/disclosures/{id}", show),
        Route::get("/stats", stats).answers::<Stats>(),
        Route::post(
            "/workspace/departments/{dept}/decisions/{id}/publish",
            publish,
        )
        .allow(DECIDERS, Scope::Department)
        .token(super::table::WRITE_DECISIONS),
        Route::get(
            "/workspace/departments/{dept}/disclosures/due",
            due_of_department,
        )
        .allow(EVERYONE, Scope::Department),
        Route::get("/workspace/disclosures/due", due_everywhere).allow(OVERSIGHT, Scope::Province),
        Route::get("/workspace/calendar", calendar).allow(EVERYONE, Scope::Province),
        Route::post("/workspace/calendar", set_calendar_day).allow(ADMIN, Scope::Province),
        Route::get("/workspace/calendar/years", calendar_years).allow(EVERYONE, Scope::Province),
        Route::post("/workspace/calendar/import", import_calendar)
            .upload(media::ANY)
            .answers::<app::model::CalendarImportReport>()
            .allow(ADMIN, Scope::Province),
    ]
}

/// The client's address, for the limits on heavy work.
fn client(state: &AppState, headers: &HeaderMap, peer: SocketAddr) -> IpAddr {
    client_ip(headers, Some(peer), &state.network.trusted_proxies)
}

async fn list(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Query(q): Query<DisclosureQuery>,
) -> Result<Response> {
    let filter = Filter::parse(&q)?;
    // As the statistics: many people asking for one page (the newest decisions, a common
    // term) while nothing changes cost one search.
    let body = state
        .kept
        .listings
        .answer(&state.db, &filter, async {
            let _permit = state
                .limits
                .searches
                .try_start(client(&state, &headers, peer))?;
            let _slot = state.limits.db_slot().await?;
            let today = state.db.clock().today();
            let (items, next) = db::disclosures::page(&state.db, &filter, today).await?;
            Ok(DisclosurePage { items, next })
        })
        .await?;
    Ok(crate::kept::json(body))
}

async fn show(State(state): State<AppState>, Path(id): Path<i64>) -> Result<Json<Disclosure>> {
    db::disclosures::find(&state.db, id, state.db.clock().today())
        .await?
        .map(Json)
        .ok_or_else(|| AppError::not_found(Msg::NoPublishedDecision))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct WithdrawnParams {
    #[param(schema_with = app::model::schema::query::limit_500)]
    limit: Option<i64>,
}

async fn withdrawn(
    State(state): State<AppState>,
    Query(p): Query<WithdrawnParams>,
) -> Result<Json<ListResponse<Withdrawal>>> {
    let limit = p.limit.unwrap_or(50);
    if !(1..=500).contains(&limit) {
        return Err(AppError::validation("limit", Msg::LimitRange { max: 500 }));
    }
    let items = db::disclosures::withdrawals(&state.db, limit).await?;
    let total = items.len() as i64;
    Ok(Json(ListResponse { items, total }))
}

async fn stats(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Query(q): Query<StatsQuery>,
) -> Result<Response> {
    let today = state.db.clock().today();
    // Only computing the figures is heavy work: a kept answer costs one light read.
    let body = state
        .kept
        .stats
        .answer(&state.db, &q, async {
            let _permit = state
                .limits
                .searches
                .try_start(client(&state, &headers, peer))?;
            let _slot = state.limits.db_slot().await?;
            db::disclosures::stats(&state.db, &q, today).await
        })
        .await?;
    Ok(crate::kept::json(body))
}

/// Rows read from the database per chunk of an export.
const CHUNK_ROWS: i64 = 200;

/// Streams every decision the filter matches, a keyset page of `CHUNK_ROWS` at a time: the
/// database connection is held only while a page is read, never while the client reads,
/// and a client that reads nothing for `export_stall` is dropped. The export's permit is
/// held until the last byte is sent.
fn export(
    state: AppState,
    permit: crate::limits::Permit,
    mut filter: Filter,
    head: Vec<u8>,
    tail: Vec<u8>,
    encode: fn(&Disclosure, bool) -> Result<Vec<u8>>,
) -> Body {
    let (tx, rx) = tokio::sync::mpsc::channel::<std::result::Result<Bytes, std::io::Error>>(2);
    let complete = Arc::new(AtomicBool::new(false));
    let body = streamed(rx, complete.clone());
    tokio::spawn(async move {
        let _permit = permit;
        let stall = state.export_stall;
        let send = |chunk: std::result::Result<Bytes, std::io::Error>| {
            let tx = tx.clone();
            async move {
                matches!(
                    tokio::time::timeout(stall, tx.send(chunk)).await,
                    Ok(Ok(()))
                )
            }
        };
        let today = state.db.clock().today();
        filter.limit = CHUNK_ROWS;
        filter.after = None;
        let mut buffer = head;
        let mut first = true;
        loop {
            // A slot while the chunk is read and encoded; none while the client reads it.
            let slot = match state.limits.db_slot().await {
                Ok(slot) => slot,
                Err(_) => {
                    let _ = send(Err(std::io::Error::other("server busy"))).await;
                    return;
                }
            };
            let page = db::disclosures::page(&state.db, &filter, today).await;
            let (items, next) = match page {
                Ok(page) => page,
                Err(e) => {
                    tracing::error!(error = %e, "export query failed");
                    let _ = send(Err(std::io::Error::other("export failed"))).await;
                    return;
                }
            };
            // Encoding is CPU work: on the blocking pool, so the runtime's threads stay
            // free for light requests, and under the slot, so only a few encode at once.
            let was_first = first;
            first &= items.is_empty();
            let encoded = tokio::task::spawn_blocking(move || {
                let mut out = buffer;
                for (i, d) in items.iter().enumerate() {
                    out.extend_from_slice(&encode(d, was_first && i == 0)?);
                }
                Ok::<_, crate::AppError>(out)
            })
            .await;
            drop(slot);
            buffer = match encoded {
                Ok(Ok(out)) => out,
                Ok(Err(e)) => {
                    tracing::error!(error = %e, "export row failed");
                    let _ = send(Err(std::io::Error::other("export failed"))).await;
                    return;
                }
                Err(e) => {
                    tracing::error!(error = %e, "export encoding failed");
                    let _ = send(Err(std::io::Error::other("export failed"))).await;
                    return;
                }
            };
            let Some(after) = next.as_deref().and_then(cursor) else {
                break;
            };
            filter.after = Some(after);
            if !send(Ok(Bytes::from(std::mem::take(&mut buffer)))).await {
                return; // the client went away or stopped reading
            }
        }
        buffer.extend_from_slice(&tail);
        if send(Ok(Bytes::from(buffer))).await {
            complete.store(true, Ordering::Release);
        }
    });
    body
}

/// The body of the chunks `rx` receives. If the sender stops before it set `complete` (a
/// client that stopped reading, a busy or failing database), the body ends with an error,
/// so the connection is cut without the end of a chunked body: a client sees a broken
/// download, never a file that looks whole but is short.
fn streamed(
    mut rx: tokio::sync::mpsc::Receiver<std::result::Result<Bytes, std::io::Error>>,
    complete: Arc<AtomicBool>,
) -> Body {
    // Once an error has gone out (the sender's own, or ours) the body is over.
    let mut failed = false;
    Body::from_stream(futures_util::stream::poll_fn(move |cx| {
        if failed {
            return Poll::Ready(None);
        }
        let next = match rx.poll_recv(cx) {
            Poll::Ready(None) if !complete.load(Ordering::Acquire) => Poll::Ready(Some(Err(
                std::io::Error::other("the export stopped before its end"),
            ))),
            other => other,
        };
        failed = matches!(next, Poll::Ready(Some(Err(_))));
        next
    }))
}

/// A `next` cursor as the keyset position it names.
fn cursor(next: &str) -> Option<(String, i64)> {
    let (key, id) = next.rsplit_once('~')?;
    Some((key.to_owned(), id.parse().ok()?))
}

fn attachment(body: Body, content_type: &str, filename: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// The columns of the CSV export, in order.
pub const CSV_HEADER: [&str; 16] = [
    "案码",
    "决定书文号",
    "作出决定机关",
    "地区代码",
    "决定日期",
    "类别",
    "事项编码",
    "事项名称",
    "当事人",
    "统一社会信用代码",
    "违法事实",
    "法律依据",
    "决定内容",
    "罚没金额（元）",
    "公示日期",
    "公示截止日期",
];

fn csv_line(d: &Disclosure, _first: bool) -> Result<Vec<u8>> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let amount = d
        .amount_fen
        .map(|f| format!("{}.{:02}", f / 100, f % 100))
        .unwrap_or_default();
    let fields: [&str; 16] = [
        d.case_code.as_str(),
        &d.document_number,
        &d.department_name,
        &d.region_code,
        &d.decision_date.to_string(),
        d.kind.name_zh(),
        &d.item_code,
        &d.item_name,
        &d.party_name,
        d.party_uscc.as_deref().unwrap_or(""),
        &d.facts,
        &d.legal_basis,
        &d.result,
        &amount,
        &d.published_on.to_string(),
        &d.published_until.to_string(),
    ];
    writer
        .write_record(fields.map(|f| crate::powers::files::neutralise(f).into_owned()))
        .map_err(anyhow::Error::from)?;
    writer
        .into_inner()
        .map_err(|e| anyhow::anyhow!("{e}").into())
}

fn json_item(d: &Disclosure, first: bool) -> Result<Vec<u8>> {
    let mut out = if first { Vec::new() } else { b",\n".to_vec() };
    serde_json::to_writer(&mut out, d).map_err(anyhow::Error::from)?;
    Ok(out)
}

/// An export's filter, and a place among the exports running (429 or 503 past the limits).
fn start_export(
    state: &AppState,
    headers: &HeaderMap,
    peer: SocketAddr,
    q: &DisclosureQuery,
) -> Result<(Filter, crate::limits::Permit)> {
    let filter = Filter::parse(q)?;
    let permit = state
        .limits
        .exports
        .try_start(client(state, headers, peer))?;
    Ok((filter, permit))
}

async fn export_csv(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Query(q): Query<DisclosureQuery>,
) -> Result<Response> {
    let (filter, permit) = start_export(&state, &headers, peer, &q)?;
    let mut head = "\u{feff}".as_bytes().to_vec();
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record(CSV_HEADER)
        .map_err(anyhow::Error::from)?;
    head.extend(writer.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?);
    let body = export(state, permit, filter, head, Vec::new(), csv_line);
    Ok(attachment(
        body,
        "text/csv; charset=utf-8",
        "anma-disclosures.csv",
    ))
}

async fn export_json(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Query(q): Query<DisclosureQuery>,
) -> Result<Response> {
    let (filter, permit) = start_export(&state, &headers, peer, &q)?;
    let body = export(
        state,
        permit,
        filter,
        b"[\n".to_vec(),
        b"\n]\n".to_vec(),
        json_item,
    );
    Ok(attachment(
        body,
        "application/json",
        "anma-disclosures.json",
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[schema(as = VersionOnly)]
struct Versioned {
    expected_version: i64,
}

async fn publish(
    State(state): State<AppState>,
    ctx: AuthContext,
    headers: HeaderMap,
    Path((dept, id)): Path<(i64, i64)>,
    Json(req): Json<Versioned>,
) -> Result<Json<Decision>> {
    let d = cases::disclosure::publish(
        &state.db,
        &ctx.actor(),
        dept,
        id,
        req.expected_version,
        state.publication.small_fine_fen(),
    )
    .await?;
    Ok(Json(super::decisions::present(&state, &headers, d)))
}

async fn due_of_department(
    State(state): State<AppState>,
    Path(dept): Path<i64>,
) -> Result<Json<ListResponse<DueDecision>>> {
    let items = cases::disclosure::due(&state.db, Some(dept)).await?;
    let total = items.len() as i64;
    Ok(Json(ListResponse { items, total }))
}

async fn due_everywhere(State(state): State<AppState>) -> Result<Json<ListResponse<DueDecision>>> {
    let items = cases::disclosure::due(&state.db, None).await?;
    let total = items.len() as i64;
    Ok(Json(ListResponse { items, total }))
}

async fn calendar(State(state): State<AppState>) -> Result<Json<ListResponse<CalendarDay>>> {
    let items = db::calendar::list(&state.db).await?;
    let total = items.len() as i64;
    Ok(Json(ListResponse { items, total }))
}

async fn calendar_years(State(state): State<AppState>) -> Result<Json<CalendarCoverage>> {
    Ok(Json(cases::disclosure::coverage(&state.db).await?))
}

/// Loads a year of the State Council's notice from a CSV file (the request body).
async fn import_calendar(
    State(state): State<AppState>,
    ctx: AuthContext,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<axum::response::Response> {
    use axum::response::IntoResponse;
    if body.is_empty() {
        return Err(AppError::validation("file", Msg::EmptyFile));
    }
    let lang = crate::error::request_lang(&headers);
    let report = cases::disclosure::import_calendar(&state.db, &ctx.actor(), &body, lang).await?;
    if !report.imported {
        let error = AppError::validation(
            "file",
            Msg::ImportLinesInvalid {
                invalid: report.problems.len(),
            },
        );
        return Ok(error.with_report(&report));
    }
    Ok(Json(report).into_response())
}

async fn set_calendar_day(
    State(state): State<AppState>,
    ctx: AuthContext,
    Json(day): Json<CalendarDay>,
) -> Result<axum::http::StatusCode> {
    cases::disclosure::set_calendar_day(&state.db, &ctx.actor(), &day).await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn body_of(
        chunks: &[&'static str],
        complete: bool,
    ) -> std::result::Result<Bytes, String> {
        let (tx, rx) = tokio::sync::mpsc::channel(4);
        let done = Arc::new(AtomicBool::new(false));
        let body = streamed(rx, done.clone());
        for chunk in chunks {
            tx.send(Ok(Bytes::from_static(chunk.as_bytes())))
                .await
                .unwrap();
        }
        done.store(complete, Ordering::Release);
        drop(tx);
        axum::body::to_bytes(body, usize::MAX)
            .await
            .map_err(|e| e.to_string())
    }

    #[tokio::test]
    async fn an_export_that_stops_early_ends_in_an_error() {
        assert_eq!(
            body_of(&["a,b\n", "1,2\n"], true).await.unwrap(),
            Bytes::from_static(b"a,b\n1,2\n")
        );
        let cut = body_of(&["a,b\n"], false).await;
        assert!(cut.is_err(), "{cut:?}");
    }
}
