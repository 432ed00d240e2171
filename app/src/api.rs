//! Typed calls to the JSON API, one function per endpoint. Each returns `Result` with an
//! [`ApiError`] the views can show.

use gloo_net::http::Request;
use serde::{Serialize, de::DeserializeOwned};

use crate::i18n::Texts;
use crate::model::{
    AuditEntry, AuditQuery, AuditVerification, CatalogItem, CatalogItemDetail, CatalogQuery, Claim,
    ClaimDetail, ClaimDetails, Department, DepartmentQuery, ErrorBody, ImportReport, ListResponse,
    LoginRequest, PublicItem, PublicItemQuery, PublicOfficer, Region, SessionInfo, UserAccount,
    Verification, signature::PublicKey,
};
use crate::model::{
    CalendarCoverage, CalendarDay, CalendarImportReport, ChosenDecision, Decision, DecisionInput,
    DecisionList, DecisionQuery, DueDecision, ErrorCode, ErrorDetail, Lang, Msg, Officer,
    OfficerInput, StepMany, StepReport, WorkOverview,
};
use crate::model::{Disclosure, DisclosurePage, DisclosureQuery, Stats, StatsQuery, Withdrawal};

/// Why a call failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// No answer: offline, DNS, connection refused.
    Network,
    /// The server answered with an error body (or the app found the same problem
    /// before sending, [`ApiError::invalid`]).
    Api { status: u16, error: ErrorDetail },
    /// A problem a public page finds before asking, told with the interface's strings: the
    /// public bundles do not carry the message table that [`ApiError::invalid`] renders.
    Local(LocalProblem),
}

/// What a public page can find wrong before it asks the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocalProblem {
    /// The address names no record the page could show (`/spot-checks/abc`).
    NoSuchRecord,
    /// `field` does not hold a date in the form YYYY-MM-DD.
    DateFormat { field: &'static str },
}

impl ApiError {
    /// A problem with `field` found in the browser, shown as the server would show it.
    pub fn invalid(field: &str, msg: Msg) -> Self {
        Self::Api {
            status: 422,
            error: ErrorDetail {
                code: ErrorCode::Validation,
                message: msg.text(Some(field), Lang::default()),
                field: Some(field.to_owned()),
                rule: Some(msg.key().to_owned()),
                params: msg.params(),
            },
        }
    }

    fn unreadable(status: u16) -> Self {
        Self::Api {
            status,
            error: ErrorDetail {
                code: ErrorCode::Internal,
                message: String::new(),
                field: None,
                rule: None,
                params: Default::default(),
            },
        }
    }

    pub fn field(&self) -> Option<&str> {
        match self {
            Self::Api { error, .. } => error.field.as_deref(),
            Self::Local(LocalProblem::DateFormat { field }) => Some(field),
            Self::Network | Self::Local(LocalProblem::NoSuchRecord) => None,
        }
    }

    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Network => None,
            Self::Api { status, .. } => Some(*status),
            Self::Local(LocalProblem::NoSuchRecord) => Some(404),
            Self::Local(LocalProblem::DateFormat { .. }) => Some(422),
        }
    }

    /// A message for people in the current language, written from the error's rule key
    /// (the same table the server writes its messages from).
    pub fn message(&self, t: &Texts) -> String {
        match self {
            Self::Network => t.error_network().to_owned(),
            Self::Local(LocalProblem::NoSuchRecord) => t.not_found_body().to_owned(),
            Self::Local(LocalProblem::DateFormat { .. }) => t.date_format_problem().to_owned(),
            Self::Api { error, .. } => match error.code {
                ErrorCode::InvalidCredentials => t.login_invalid().to_owned(),
                ErrorCode::SessionExpired | ErrorCode::Unauthenticated => {
                    t.session_expired().to_owned()
                }
                ErrorCode::Internal | ErrorCode::Unknown => t.error_server().to_owned(),
                // The workspace, whose forms check input with the message table, writes
                // the message from its rule. The public bundles show the server's text,
                // already in the language the request asked for, and so do not carry the
                // table to phones.
                #[cfg(feature = "workspace")]
                _ => error.text(t.lang),
                #[cfg(not(feature = "workspace"))]
                _ => error.message.clone(),
            },
        }
    }
}

/// The interface's language (`<html lang>`), for the server's messages.
fn accept_language() -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|root| root.get_attribute("lang"))
        .unwrap_or_else(|| Lang::default().tag().to_owned())
}

async fn get_json<T: DeserializeOwned>(url: &str) -> Result<T, ApiError> {
    let response = Request::get(url)
        .header("Accept", "application/json")
        .header("Accept-Language", &accept_language())
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    read(response).await
}

/// POSTs JSON with the session's CSRF token; `T = ()` for empty answers (204).
async fn post_json<B: Serialize, T: DeserializeOwned>(
    url: &str,
    csrf: &str,
    body: &B,
) -> Result<T, ApiError> {
    send_json(Request::post(url), csrf, body).await
}

/// PUTs JSON with the session's CSRF token.
async fn put_json<B: Serialize, T: DeserializeOwned>(
    url: &str,
    csrf: &str,
    body: &B,
) -> Result<T, ApiError> {
    send_json(Request::put(url), csrf, body).await
}

async fn send_json<B: Serialize, T: DeserializeOwned>(
    request: gloo_net::http::RequestBuilder,
    csrf: &str,
    body: &B,
) -> Result<T, ApiError> {
    let response = request
        .header("Accept", "application/json")
        .header("Accept-Language", &accept_language())
        .header("X-CSRF-Token", csrf)
        .json(body)
        .map_err(|_| ApiError::Network)?
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    read(response).await
}

async fn read<T: DeserializeOwned>(response: gloo_net::http::Response) -> Result<T, ApiError> {
    let status = response.status();
    if status == 204 {
        return serde_json::from_str("null").map_err(|_| ApiError::Network);
    }
    if response.ok() {
        return response
            .json::<T>()
            .await
            .map_err(|_| ApiError::unreadable(status));
    }
    Err(match response.json::<ErrorBody>().await {
        Ok(body) => ApiError::Api {
            status,
            error: body.error,
        },
        Err(_) => ApiError::unreadable(status),
    })
}

/// Percent-encodes a query value (RFC 3986 unreserved characters pass through).
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

pub async fn regions() -> Result<ListResponse<Region>, ApiError> {
    get_json("/api/v1/regions").await
}

pub async fn departments(query: &DepartmentQuery) -> Result<ListResponse<Department>, ApiError> {
    let mut params = Vec::new();
    if let Some(region) = &query.region {
        params.push(format!("region={region}"));
    }
    if let Some(level) = query.level {
        params.push(format!("level={}", level.as_str()));
    }
    if let Some(kind) = query.kind {
        params.push(format!("kind={}", kind.as_str()));
    }
    if let Some(q) = &query.q {
        params.push(format!("q={}", encode(q)));
    }
    if let Some(limit) = query.limit {
        params.push(format!("limit={limit}"));
    }
    get_json(&format!("/api/v1/departments?{}", params.join("&"))).await
}

pub async fn department(id: i64) -> Result<Department, ApiError> {
    get_json(&format!("/api/v1/departments/{id}")).await
}

/// Looks up a case code, with the signature from the QR code when there is one.
pub async fn verify(code: &str, signature: Option<&str>) -> Result<Verification, ApiError> {
    let mut url = format!("/api/v1/verify/{}", encode(code));
    if let Some(sig) = signature {
        url.push_str(&format!("?sig={}", encode(sig)));
    }
    get_json(&url).await
}

/// One page of published decisions.
pub async fn disclosures(q: &DisclosureQuery) -> Result<DisclosurePage, ApiError> {
    let mut qs = q.to_query_string();
    for (k, v) in [
        ("after", q.after.clone()),
        ("limit", q.limit.map(|l| l.to_string())),
    ] {
        if let Some(v) = v {
            if !qs.is_empty() {
                qs.push('&');
            }
            qs.push_str(&format!("{k}={}", encode(&v)));
        }
    }
    get_json(&format!("/api/v1/disclosures?{qs}")).await
}

pub async fn disclosure(id: i64) -> Result<Disclosure, ApiError> {
    get_json(&format!("/api/v1/disclosures/{id}")).await
}

pub async fn withdrawals() -> Result<ListResponse<Withdrawal>, ApiError> {
    get_json("/api/v1/disclosures/withdrawn?limit=20").await
}

pub async fn stats(q: &StatsQuery) -> Result<Stats, ApiError> {
    let mut params = Vec::new();
    if let Some(y) = q.year {
        params.push(format!("year={y}"));
    }
    if let Some(r) = &q.region {
        params.push(format!("region={}", encode(r)));
    }
    if let Some(d) = q.department {
        params.push(format!("department={d}"));
    }
    get_json(&format!("/api/v1/stats?{}", params.join("&"))).await
}

/// Every public key decisions were signed with.
pub async fn keys() -> Result<ListResponse<PublicKey>, ApiError> {
    get_json("/api/v1/keys").await
}

/// An officer by certificate number.
pub async fn officer(certificate: &str) -> Result<PublicOfficer, ApiError> {
    get_json(&format!("/api/v1/officers/{}", encode(certificate))).await
}

// Workspace: sign-in and session.

pub async fn login(username: &str, password: &str) -> Result<SessionInfo, ApiError> {
    let body = LoginRequest {
        username: username.to_owned(),
        password: password.to_owned(),
    };
    // No session yet, so no CSRF token; the server checks the request is same-origin.
    post_json("/api/v1/auth/login", "", &body).await
}

/// The current session; a 401 means nobody is signed in.
pub async fn session() -> Result<SessionInfo, ApiError> {
    get_json("/api/v1/auth/session").await
}

pub async fn logout(csrf: &str) -> Result<(), ApiError> {
    post_json("/api/v1/auth/logout", csrf, &serde_json::json!({})).await
}

pub async fn change_password(csrf: &str, current: &str, new: &str) -> Result<(), ApiError> {
    let body = serde_json::json!({ "current_password": current, "new_password": new });
    post_json("/api/v1/auth/password", csrf, &body).await
}

// Workspace: accounts.

pub async fn users() -> Result<ListResponse<UserAccount>, ApiError> {
    get_json("/api/v1/workspace/users").await
}

/// Sign-in locks in force (admins, auditors).
pub async fn sign_in_locks() -> Result<ListResponse<crate::model::SignInLock>, ApiError> {
    get_json("/api/v1/workspace/sign-in-locks").await
}

/// Lifts a sign-in lock (admins).
pub async fn lift_sign_in_lock(csrf: &str, key: &str) -> Result<(), ApiError> {
    post_json(
        "/api/v1/workspace/sign-in-locks/lift",
        csrf,
        &serde_json::json!({ "key": key }),
    )
    .await
}

pub async fn department_users(department_id: i64) -> Result<ListResponse<UserAccount>, ApiError> {
    get_json(&format!(
        "/api/v1/workspace/departments/{department_id}/users"
    ))
    .await
}

/// Fields of a new account as typed; the server validates them.
#[derive(Debug, Clone, Serialize)]
pub struct NewUserForm {
    pub username: String,
    pub display_name: String,
    pub department_id: i64,
    pub role: String,
    pub password: String,
}

pub async fn create_user(csrf: &str, form: &NewUserForm) -> Result<UserAccount, ApiError> {
    post_json("/api/v1/workspace/users", csrf, form).await
}

pub async fn set_user_active(csrf: &str, id: i64, active: bool) -> Result<UserAccount, ApiError> {
    let action = if active { "enable" } else { "disable" };
    post_json(
        &format!("/api/v1/workspace/users/{id}/{action}"),
        csrf,
        &serde_json::json!({}),
    )
    .await
}

pub async fn reset_password(
    csrf: &str,
    id: i64,
    new_password: &str,
) -> Result<UserAccount, ApiError> {
    let body = serde_json::json!({ "new_password": new_password });
    post_json(
        &format!("/api/v1/workspace/users/{id}/reset-password"),
        csrf,
        &body,
    )
    .await
}

// Workspace: audit log.

pub async fn audit(query: &AuditQuery) -> Result<ListResponse<AuditEntry>, ApiError> {
    let mut params = Vec::new();
    if let Some(u) = &query.user {
        params.push(format!("user={}", encode(u)));
    }
    if let Some(d) = query.department {
        params.push(format!("department={d}"));
    }
    if let Some(a) = &query.action {
        params.push(format!("action={}", encode(a)));
    }
    if let Some(f) = query.from {
        params.push(format!("from={f}"));
    }
    if let Some(t) = query.to {
        params.push(format!("to={t}"));
    }
    if let Some(b) = query.before {
        params.push(format!("before={b}"));
    }
    if let Some(a) = query.after {
        params.push(format!("after={a}"));
    }
    if let Some(o) = &query.order {
        params.push(format!("order={}", encode(o)));
    }
    params.push(format!("limit={}", query.limit.unwrap_or(50)));
    get_json(&format!("/api/v1/workspace/audit?{}", params.join("&"))).await
}

pub async fn audit_verify() -> Result<AuditVerification, ApiError> {
    get_json("/api/v1/workspace/audit/verify").await
}

// Power lists: public.

pub async fn public_items(q: &PublicItemQuery) -> Result<ListResponse<PublicItem>, ApiError> {
    let mut params = Vec::new();
    if let Some(d) = q.department {
        params.push(format!("department={d}"));
    }
    if let Some(r) = &q.region {
        params.push(format!("region={r}"));
    }
    if let Some(c) = q.category {
        params.push(format!("category={}", c.as_str()));
    }
    if let Some(text) = &q.q {
        params.push(format!("q={}", encode(text)));
    }
    if let Some(sort) = &q.sort {
        params.push(format!("sort={}", encode(sort)));
    }
    params.push(format!("limit={}", q.limit.unwrap_or(50)));
    params.push(format!("offset={}", q.offset.unwrap_or(0)));
    get_json(&format!("/api/v1/items?{}", params.join("&"))).await
}

pub async fn public_item(id: i64) -> Result<PublicItem, ApiError> {
    get_json(&format!("/api/v1/items/{id}")).await
}

pub async fn catalog(q: &CatalogQuery) -> Result<ListResponse<CatalogItem>, ApiError> {
    let mut params = Vec::new();
    if let Some(text) = &q.q {
        params.push(format!("q={}", encode(text)));
    }
    if let Some(c) = q.category {
        params.push(format!("category={}", c.as_str()));
    }
    if let Some(l) = q.level {
        params.push(format!("level={}", l.as_str()));
    }
    if let Some(t) = q.township {
        params.push(format!("township={t}"));
    }
    if let Some(s) = &q.status {
        params.push(format!("status={}", encode(s)));
    }
    params.push(format!("limit={}", q.limit.unwrap_or(100)));
    params.push(format!("offset={}", q.offset.unwrap_or(0)));
    get_json(&format!("/api/v1/catalog?{}", params.join("&"))).await
}

pub async fn catalog_item(id: i64) -> Result<CatalogItemDetail, ApiError> {
    get_json(&format!("/api/v1/catalog/{id}")).await
}

// Power lists: workspace.

fn claims_base(department_id: i64) -> String {
    format!("/api/v1/workspace/departments/{department_id}/claims")
}

pub async fn claims(
    department_id: i64,
    status: Option<&str>,
    flagged: bool,
) -> Result<ListResponse<Claim>, ApiError> {
    let mut url = format!("{}?flagged={flagged}", claims_base(department_id));
    if let Some(s) = status {
        url.push_str(&format!("&status={s}"));
    }
    get_json(&url).await
}

pub async fn flagged_claims() -> Result<ListResponse<Claim>, ApiError> {
    get_json("/api/v1/workspace/claims/flagged").await
}

pub async fn claim_detail(department_id: i64, id: i64) -> Result<ClaimDetail, ApiError> {
    get_json(&format!("{}/{id}", claims_base(department_id))).await
}

pub async fn claim_items(
    csrf: &str,
    department_id: i64,
    item_ids: &[i64],
) -> Result<ListResponse<Claim>, ApiError> {
    post_json(
        &claims_base(department_id),
        csrf,
        &serde_json::json!({ "item_ids": item_ids }),
    )
    .await
}

pub async fn save_claim(
    csrf: &str,
    department_id: i64,
    id: i64,
    details: &ClaimDetails,
    version: i64,
) -> Result<Claim, ApiError> {
    let body = serde_json::json!({ "details": details, "expected_version": version });
    put_json(&format!("{}/{id}", claims_base(department_id)), csrf, &body).await
}

/// submit, approve, return, adjust or withdraw.
pub async fn claim_step(
    csrf: &str,
    department_id: i64,
    id: i64,
    step: &str,
    version: i64,
    comment: Option<String>,
) -> Result<Claim, ApiError> {
    let body = serde_json::json!({ "expected_version": version, "comment": comment });
    post_json(
        &format!("{}/{id}/{step}", claims_base(department_id)),
        csrf,
        &body,
    )
    .await
}

pub async fn retire_item(
    csrf: &str,
    id: i64,
    reason: &str,
    effective_date: &str,
) -> Result<CatalogItem, ApiError> {
    let body = serde_json::json!({ "reason": reason, "effective_date": effective_date });
    post_json(
        &format!("/api/v1/workspace/catalog/{id}/retire"),
        csrf,
        &body,
    )
    .await
}

/// Uploads a CSV file; on a 422 the report comes back inside the error's body, which is
/// returned here as `Ok` with nothing imported.
pub async fn import_catalog(
    csrf: &str,
    file: web_sys::File,
    valid_only: bool,
) -> Result<ImportReport, ApiError> {
    upload_for_report(
        &format!("/api/v1/workspace/catalog/import?valid_only={valid_only}"),
        csrf,
        file,
    )
    .await
}

/// Loads a year of the holiday notice; problems come back in the report.
pub async fn import_calendar(
    csrf: &str,
    file: web_sys::File,
) -> Result<CalendarImportReport, ApiError> {
    upload_for_report("/api/v1/workspace/calendar/import", csrf, file).await
}

/// What needs doing, for the user's department or the province.
pub async fn overview() -> Result<WorkOverview, ApiError> {
    get_json("/api/v1/workspace/overview").await
}

/// Which years the working calendar covers and lacks.
pub async fn calendar_years() -> Result<CalendarCoverage, ApiError> {
    get_json("/api/v1/workspace/calendar/years").await
}

/// Posts `file` as CSV to an import route whose answer is a row report, also inside a
/// 422's body when nothing was imported.
async fn upload_for_report<R: serde::de::DeserializeOwned>(
    url: &str,
    csrf: &str,
    file: web_sys::File,
) -> Result<R, ApiError> {
    let response = Request::post(url)
        .header("Accept", "application/json")
        .header("Accept-Language", &accept_language())
        .header("X-CSRF-Token", csrf)
        .header("Content-Type", "text/csv")
        .body(file)
        .map_err(|_| ApiError::Network)?
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    report_or_error(response).await
}

/// Uploads a file of decisions and reads its progress lines as they come (`on_progress`
/// hears rows done and rows in all); the report, also when nothing was kept.
#[cfg(feature = "workspace")]
pub async fn import_decisions(
    csrf: &str,
    department_id: i64,
    file: web_sys::File,
    issue: bool,
    all_or_nothing: bool,
    on_progress: impl Fn(usize, usize),
) -> Result<crate::model::BatchReport, ApiError> {
    use crate::model::BatchProgress;
    use wasm_bindgen::JsCast;
    let url = format!(
        "{}/import?issue={issue}&all_or_nothing={all_or_nothing}",
        decisions_base(department_id)
    );
    let response = Request::post(&url)
        .header("Accept", "application/x-ndjson, application/json")
        .header("Accept-Language", &accept_language())
        .header("X-CSRF-Token", csrf)
        .header("Content-Type", "text/csv")
        .body(file)
        .map_err(|_| ApiError::Network)?
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    if response.status() != 200 {
        return report_or_error(response).await;
    }
    let reader = response
        .body()
        .and_then(|b| {
            b.get_reader()
                .dyn_into::<web_sys::ReadableStreamDefaultReader>()
                .ok()
        })
        .ok_or(ApiError::Network)?;
    let mut pending: Vec<u8> = Vec::new();
    loop {
        let chunk = wasm_bindgen_futures::JsFuture::from(reader.read())
            .await
            .map_err(|_| ApiError::Network)?;
        let done = js_sys::Reflect::get(&chunk, &"done".into())
            .ok()
            .and_then(|d| d.as_bool())
            .unwrap_or(true);
        if let Ok(value) = js_sys::Reflect::get(&chunk, &"value".into())
            && let Ok(bytes) = value.dyn_into::<js_sys::Uint8Array>()
        {
            pending.extend(bytes.to_vec());
        }
        while let Some(at) = pending.iter().position(|b| *b == b'\n') {
            let line: Vec<u8> = pending.drain(..=at).collect();
            match serde_json::from_slice::<BatchProgress>(&line) {
                Ok(BatchProgress::Progress { done, rows }) => on_progress(done, rows),
                Ok(BatchProgress::Report(report)) => return Ok(report),
                Ok(BatchProgress::Error(problem)) => {
                    return Err(ApiError::Api {
                        status: 500,
                        error: ErrorDetail {
                            code: if problem.rule.is_some() {
                                ErrorCode::Validation
                            } else {
                                ErrorCode::Internal
                            },
                            message: problem.message,
                            field: Some(problem.field),
                            rule: problem.rule,
                            params: problem.params,
                        },
                    });
                }
                Err(_) => return Err(ApiError::unreadable(200)),
            }
        }
        if done {
            // The stream ended without a report: the connection broke.
            return Err(ApiError::Network);
        }
    }
}

/// A 422 that carries a report (returned as `Ok`), or the error.
async fn report_or_error<R: serde::de::DeserializeOwned>(
    response: gloo_net::http::Response,
) -> Result<R, ApiError> {
    if response.status() == 422 {
        #[derive(serde::Deserialize)]
        struct WithReport<R> {
            report: Option<R>,
        }
        let text = response.text().await.map_err(|_| ApiError::Network)?;
        if let Ok(WithReport {
            report: Some(report),
        }) = serde_json::from_str::<WithReport<R>>(&text)
        {
            return Ok(report);
        }
        return Err(match serde_json::from_str::<ErrorBody>(&text) {
            Ok(b) => ApiError::Api {
                status: 422,
                error: b.error,
            },
            Err(_) => ApiError::Network,
        });
    }
    read(response).await
}

// Workspace: officers and decisions.

pub fn decisions_base(department_id: i64) -> String {
    format!("/api/v1/workspace/departments/{department_id}/decisions")
}

fn officers_base(department_id: i64) -> String {
    format!("/api/v1/workspace/departments/{department_id}/officers")
}

pub async fn officers(department_id: i64) -> Result<ListResponse<Officer>, ApiError> {
    get_json(&officers_base(department_id)).await
}

pub async fn add_officer(
    csrf: &str,
    department_id: i64,
    input: &OfficerInput,
) -> Result<Officer, ApiError> {
    post_json(&officers_base(department_id), csrf, input).await
}

pub async fn update_officer(
    csrf: &str,
    department_id: i64,
    id: i64,
    input: &OfficerInput,
) -> Result<Officer, ApiError> {
    put_json(
        &format!("{}/{id}", officers_base(department_id)),
        csrf,
        input,
    )
    .await
}

/// A page of a department's decisions: `q`'s filters and order, from `q.after` on.
pub async fn decisions(department_id: i64, q: &DecisionQuery) -> Result<DecisionList, ApiError> {
    let mut qs = q.to_query_string();
    for (k, v) in [
        ("after", q.after.clone()),
        ("limit", q.limit.map(|l| l.to_string())),
    ] {
        if let Some(v) = v {
            if !qs.is_empty() {
                qs.push('&');
            }
            qs.push_str(&format!("{k}={}", encode(&v)));
        }
    }
    get_json(&format!("{}?{qs}", decisions_base(department_id))).await
}

/// Issues (`step = "issue"`) or publishes (`"publish"`) the chosen decisions, each on its
/// own, with a result per decision.
pub async fn decisions_step(
    csrf: &str,
    department_id: i64,
    step: &str,
    items: Vec<ChosenDecision>,
) -> Result<StepReport, ApiError> {
    post_json(
        &format!("{}/{step}", decisions_base(department_id)),
        csrf,
        &StepMany { items },
    )
    .await
}

pub async fn decision(department_id: i64, id: i64) -> Result<Decision, ApiError> {
    get_json(&format!("{}/{id}", decisions_base(department_id))).await
}

pub async fn register_decision(
    csrf: &str,
    department_id: i64,
    input: &DecisionInput,
) -> Result<Decision, ApiError> {
    post_json(&decisions_base(department_id), csrf, input).await
}

pub async fn save_decision(
    csrf: &str,
    department_id: i64,
    id: i64,
    input: &DecisionInput,
    version: i64,
) -> Result<Decision, ApiError> {
    let body = serde_json::json!({ "decision": input, "expected_version": version });
    put_json(
        &format!("{}/{id}", decisions_base(department_id)),
        csrf,
        &body,
    )
    .await
}

/// review, issue, revoke or change, with the version the page shows.
pub async fn decision_step(
    csrf: &str,
    department_id: i64,
    id: i64,
    step: &str,
    version: i64,
    mut body: serde_json::Value,
) -> Result<Decision, ApiError> {
    body["expected_version"] = version.into();
    post_json(
        &format!("{}/{id}/{step}", decisions_base(department_id)),
        csrf,
        &body,
    )
    .await
}

pub async fn due(department_id: Option<i64>) -> Result<ListResponse<DueDecision>, ApiError> {
    match department_id {
        Some(d) => {
            get_json(&format!(
                "/api/v1/workspace/departments/{d}/disclosures/due"
            ))
            .await
        }
        None => get_json("/api/v1/workspace/disclosures/due").await,
    }
}

pub async fn calendar() -> Result<ListResponse<CalendarDay>, ApiError> {
    get_json("/api/v1/workspace/calendar").await
}

pub async fn set_calendar_day(csrf: &str, day: &CalendarDay) -> Result<(), ApiError> {
    post_json("/api/v1/workspace/calendar", csrf, day).await
}

/// Looks up an inspection code, with the signature from the notice's QR code.
pub async fn inspection(
    code: &str,
    signature: Option<&str>,
) -> Result<crate::model::InspectionVerification, ApiError> {
    let mut url = format!("/api/v1/inspections/{}", encode(code));
    if let Some(sig) = signature {
        url.push_str(&format!("?sig={}", encode(sig)));
    }
    get_json(&url).await
}

/// The inspected company's rating (no session: the token is the notice's).
pub async fn rate_inspection(
    code: &str,
    input: &crate::model::RatingInput,
) -> Result<(), ApiError> {
    post_json(
        &format!("/api/v1/inspections/{}/rating", encode(code)),
        "",
        input,
    )
    .await
}

/// A report of an inspection without a valid code.
pub async fn report_inspection(
    input: &crate::model::ReportInput,
) -> Result<crate::model::Report, ApiError> {
    post_json("/api/v1/inspection-reports", "", input).await
}

pub async fn spot_checks(
    q: &crate::model::PageQuery,
) -> Result<ListResponse<crate::model::Plan>, ApiError> {
    get_json(&format!("/api/v1/spot-checks?{}", q.to_query_string())).await
}

pub async fn spot_check(id: i64) -> Result<crate::model::PublicPlan, ApiError> {
    get_json(&format!("/api/v1/spot-checks/{id}")).await
}

pub async fn draw_record(id: i64) -> Result<crate::model::DrawRecord, ApiError> {
    get_json(&format!("/api/v1/spot-checks/{id}/draw")).await
}

pub async fn plans(department_id: i64) -> Result<ListResponse<crate::model::PlanDetail>, ApiError> {
    get_json(&format!(
        "/api/v1/workspace/departments/{department_id}/spot-checks?limit=100"
    ))
    .await
}

pub async fn plan(department_id: i64, id: i64) -> Result<crate::model::PlanDetail, ApiError> {
    get_json(&format!(
        "/api/v1/workspace/departments/{department_id}/spot-checks/{id}"
    ))
    .await
}

pub async fn create_plan(
    csrf: &str,
    department_id: i64,
    input: &crate::model::PlanInput,
) -> Result<crate::model::PlanDetail, ApiError> {
    post_json(
        &format!("/api/v1/workspace/departments/{department_id}/spot-checks"),
        csrf,
        input,
    )
    .await
}

/// `approve`, `draw` or `cancel` a plan.
pub async fn plan_step(
    csrf: &str,
    department_id: i64,
    id: i64,
    step: &str,
    body: &crate::model::PlanTransition,
) -> Result<crate::model::PlanDetail, ApiError> {
    post_json(
        &format!("/api/v1/workspace/departments/{department_id}/spot-checks/{id}/{step}"),
        csrf,
        body,
    )
    .await
}

pub async fn inspections(
    department_id: i64,
    q: &crate::model::PageQuery,
) -> Result<ListResponse<crate::model::Inspection>, ApiError> {
    get_json(&format!(
        "/api/v1/workspace/departments/{department_id}/inspections?{}",
        q.to_query_string()
    ))
    .await
}

pub async fn inspection_detail(
    department_id: i64,
    id: i64,
) -> Result<crate::model::Inspection, ApiError> {
    get_json(&format!(
        "/api/v1/workspace/departments/{department_id}/inspections/{id}"
    ))
    .await
}

pub async fn open_inspection(
    csrf: &str,
    department_id: i64,
    input: &crate::model::AdHocInput,
) -> Result<crate::model::Inspection, ApiError> {
    post_json(
        &format!("/api/v1/workspace/departments/{department_id}/inspections"),
        csrf,
        input,
    )
    .await
}

pub async fn record_result(
    csrf: &str,
    department_id: i64,
    id: i64,
    input: &crate::model::ResultInput,
) -> Result<crate::model::Inspection, ApiError> {
    post_json(
        &format!("/api/v1/workspace/departments/{department_id}/inspections/{id}/result"),
        csrf,
        input,
    )
    .await
}

pub async fn entities(
    q: &crate::model::PageQuery,
) -> Result<ListResponse<crate::model::Entity>, ApiError> {
    get_json(&format!(
        "/api/v1/workspace/entities?{}",
        q.to_query_string()
    ))
    .await
}

/// Uploads a CSV or XLSX of market entities; problems come back in the report.
pub async fn import_entities(
    csrf: &str,
    file: web_sys::File,
) -> Result<crate::model::EntityImportReport, ApiError> {
    upload_for_report("/api/v1/workspace/entities/import", csrf, file).await
}

pub async fn supervision(year: i64) -> Result<crate::model::Supervision, ApiError> {
    get_json(&format!(
        "/api/v1/workspace/supervision/inspections?year={year}"
    ))
    .await
}

/// Ratings and reports: the department's (a reviewer's) or every department's.
pub async fn feedback(
    department_id: Option<i64>,
) -> Result<crate::model::InspectionFeedback, ApiError> {
    match department_id {
        Some(d) => {
            get_json(&format!(
                "/api/v1/workspace/departments/{d}/inspection-feedback"
            ))
            .await
        }
        None => get_json("/api/v1/workspace/supervision/feedback").await,
    }
}

/// Links the decision of the case an inspection opened.
pub async fn link_case(
    csrf: &str,
    department_id: i64,
    id: i64,
    case_code: &str,
) -> Result<crate::model::Inspection, ApiError> {
    put_json(
        &format!("/api/v1/workspace/departments/{department_id}/inspections/{id}/case"),
        csrf,
        &serde_json::json!({ "case_code": case_code }),
    )
    .await
}

pub async fn tokens(department_id: i64) -> Result<ListResponse<crate::model::ApiToken>, ApiError> {
    get_json(&format!(
        "/api/v1/workspace/departments/{department_id}/tokens"
    ))
    .await
}

pub async fn create_token(
    csrf: &str,
    department_id: i64,
    input: &crate::model::NewToken,
) -> Result<crate::model::CreatedToken, ApiError> {
    post_json(
        &format!("/api/v1/workspace/departments/{department_id}/tokens"),
        csrf,
        input,
    )
    .await
}

pub async fn set_webhook(
    csrf: &str,
    department_id: i64,
    id: i64,
    url: Option<String>,
) -> Result<crate::model::WebhookSet, ApiError> {
    put_json(
        &format!("/api/v1/workspace/departments/{department_id}/tokens/{id}/webhook"),
        csrf,
        &crate::model::WebhookInput { url },
    )
    .await
}

pub async fn deliveries(
    department_id: i64,
    id: i64,
) -> Result<ListResponse<crate::model::Delivery>, ApiError> {
    get_json(&format!(
        "/api/v1/workspace/departments/{department_id}/tokens/{id}/deliveries"
    ))
    .await
}

pub async fn revoke_token(
    csrf: &str,
    department_id: i64,
    id: i64,
) -> Result<crate::model::ApiToken, ApiError> {
    post_json(
        &format!("/api/v1/workspace/departments/{department_id}/tokens/{id}/revoke"),
        csrf,
        &serde_json::json!({}),
    )
    .await
}
