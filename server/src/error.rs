use axum::{
    Json,
    extract::{
        Request,
        rejection::{JsonRejection, QueryRejection},
    },
    http::{HeaderValue, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

use app::model::{ErrorCode, ErrorDetail, Lang, Msg};

/// `Result` with [`AppError`] as the default error.
pub type Result<T, E = AppError> = std::result::Result<T, E>;

/// The one error type of the server. Every variant becomes the JSON body
/// `{"error": {"code", "message", "field", "rule", "params"}}` with the status of its
/// [`ErrorCode`]; the message is a [`Msg`], written in the language the request asked
/// for ([`localize`]).
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// 400: the request is malformed (unreadable JSON, a bad query string).
    #[error("{}", .msg.text(.field.as_deref(), Lang::En))]
    BadRequest { msg: Msg, field: Option<String> },

    /// 401: not signed in, the session ended, or the credentials are wrong.
    #[error("{}", .msg.text(None, Lang::En))]
    Unauthorized { code: ErrorCode, msg: Msg },

    /// 403: signed in but not allowed, a failed CSRF check, or a password to change.
    #[error("{}", .msg.text(None, Lang::En))]
    Forbidden { code: ErrorCode, msg: Msg },

    /// 429: too many attempts; the `Retry-After` header says how many seconds to wait.
    #[error("{}", .msg.text(None, Lang::En))]
    RateLimited { retry_after_secs: u64, msg: Msg },

    /// 404: no such resource or route.
    #[error("{}", .0.text(None, Lang::En))]
    NotFound(Msg),

    /// 409: the request conflicts with the current state (a duplicate, a stale version).
    #[error("{}", .msg.text(.field.as_deref(), Lang::En))]
    Conflict { msg: Msg, field: Option<String> },

    /// 413: the request body is larger than the server accepts.
    #[error("the request body is too large")]
    PayloadTooLarge,

    /// 415: a body was sent without `Content-Type: application/json`.
    #[error("expected a JSON body with Content-Type: application/json")]
    UnsupportedMediaType,

    /// 422: the request is well-formed but a field is invalid.
    #[error("{}", .msg.text(.field.as_deref(), Lang::En))]
    Validation { field: Option<String>, msg: Msg },

    /// 503: the server is at a limit it keeps to stay up (concurrent searches, exports,
    /// password checks); `Retry-After` says when to try again.
    #[error("{}", .msg.text(None, Lang::En))]
    Busy { retry_after_secs: u64, msg: Msg },

    /// 500: anything the client cannot fix. Logged with the request id; the client sees
    /// only a generic message.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl AppError {
    pub fn not_found(msg: Msg) -> Self {
        Self::NotFound(msg)
    }

    pub fn validation(field: impl Into<String>, msg: impl Into<Msg>) -> Self {
        Self::Validation {
            field: Some(field.into()),
            msg: msg.into(),
        }
    }

    pub fn conflict(field: impl Into<String>, msg: Msg) -> Self {
        Self::Conflict {
            msg,
            field: Some(field.into()),
        }
    }

    pub fn forbidden(msg: Msg) -> Self {
        Self::Forbidden {
            code: ErrorCode::Forbidden,
            msg,
        }
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Unauthorized { code, .. } | Self::Forbidden { code, .. } => *code,
            Self::RateLimited { .. } => ErrorCode::RateLimited,
            Self::BadRequest { .. } => ErrorCode::BadRequest,
            Self::NotFound(_) => ErrorCode::NotFound,
            Self::Conflict { .. } => ErrorCode::Conflict,
            Self::PayloadTooLarge => ErrorCode::PayloadTooLarge,
            Self::UnsupportedMediaType => ErrorCode::UnsupportedMediaType,
            Self::Validation { .. } => ErrorCode::Validation,
            Self::Busy { .. } => ErrorCode::Busy,
            Self::Internal(_) => ErrorCode::Internal,
        }
    }

    /// The message and the field it is about.
    pub fn msg(&self) -> (Msg, Option<&str>) {
        match self {
            Self::BadRequest { msg, field }
            | Self::Conflict { msg, field }
            | Self::Validation { field, msg } => (msg.clone(), field.as_deref()),
            Self::Unauthorized { msg, .. }
            | Self::Forbidden { msg, .. }
            | Self::RateLimited { msg, .. }
            | Self::Busy { msg, .. }
            | Self::NotFound(msg) => (msg.clone(), None),
            Self::PayloadTooLarge => (Msg::PayloadTooLarge, None),
            Self::UnsupportedMediaType => (Msg::UnsupportedMediaType, None),
            Self::Internal(_) => (Msg::Internal, None),
        }
    }

    /// The error's JSON body with the message in `lang`.
    pub fn detail(&self, lang: Lang) -> ErrorDetail {
        let (msg, field) = self.msg();
        ErrorDetail {
            code: self.code(),
            message: msg.text(field, lang),
            field: field.map(str::to_owned),
            rule: Some(msg.key().to_owned()),
            params: msg.params(),
        }
    }

    fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.code().status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

/// What [`localize`] needs to write an error answer again in another language: the
/// error, and the report that came with it (the rows of a refused import).
#[derive(Debug, Clone)]
struct Rendered {
    detail: ErrorDetail,
    report: Option<serde_json::Value>,
}

fn error_body(detail: ErrorDetail, report: Option<serde_json::Value>) -> Json<serde_json::Value> {
    let mut body = serde_json::json!({ "error": detail });
    if let Some(report) = report {
        body["report"] = report;
    }
    Json(body)
}

impl AppError {
    /// The error's answer with a report beside it, `{"error": …, "report": …}`: an
    /// import refused for the rows the report lists.
    pub fn with_report(self, report: &impl serde::Serialize) -> Response {
        let mut response = self.into_response();
        let report = serde_json::to_value(report).ok();
        let status = response.status();
        let Some(rendered) = response.extensions_mut().get_mut::<Rendered>() else {
            return response;
        };
        rendered.report = report.clone();
        let mut fresh = (status, error_body(rendered.detail.clone(), report)).into_response();
        std::mem::swap(fresh.extensions_mut(), response.extensions_mut());
        for (name, value) in response.headers() {
            if !fresh.headers().contains_key(name) {
                fresh.headers_mut().insert(name.clone(), value.clone());
            }
        }
        fresh
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let Self::Internal(err) = &self {
            // Runs inside the request's span, so the log line carries the request id.
            tracing::error!(error = ?err, "internal error");
        }
        let retry_after = match &self {
            Self::RateLimited {
                retry_after_secs, ..
            }
            | Self::Busy {
                retry_after_secs, ..
            } => Some(*retry_after_secs),
            _ => None,
        };
        let detail = self.detail(Lang::default());
        let mut response = (self.status(), error_body(detail.clone(), None)).into_response();
        if let Some(secs) = retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, secs.into());
        }
        // For `localize`, which writes the message in the request's language.
        response.extensions_mut().insert(Rendered {
            detail,
            report: None,
        });
        response
    }
}

/// The language a request asks for: the first of `Accept-Language` (by quality) that
/// Anma speaks, else Simplified Chinese.
pub fn request_lang(headers: &axum::http::HeaderMap) -> Lang {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map_or_else(Lang::default, lang_of)
}

/// The language an `Accept-Language` value asks for.
fn lang_of(raw: &str) -> Lang {
    accept_language::parse(raw)
        .iter()
        .find_map(|tag| Lang::from_tag(tag))
        .unwrap_or_default()
}

/// Middleware: every error answer is written in the language the request asked for, and
/// says which (`Content-Language`).
pub async fn localize(request: Request, next: Next) -> Response {
    // Read only when the answer is an error: most answers are not.
    let asked = request.headers().get(header::ACCEPT_LANGUAGE).cloned();
    let mut response = next.run(request).await;
    let Some(Rendered { detail, report }) = response.extensions_mut().remove::<Rendered>() else {
        return response;
    };
    let lang = asked
        .as_ref()
        .and_then(|v| v.to_str().ok())
        .map_or_else(Lang::default, lang_of);
    let mut response = if lang == Lang::default() {
        response
    } else {
        let message = detail.text(lang);
        let (mut parts, _) = response.into_parts();
        parts.headers.remove(header::CONTENT_LENGTH);
        let mut fresh = error_body(ErrorDetail { message, ..detail }, report).into_response();
        *fresh.status_mut() = parts.status;
        for (name, value) in fresh.headers() {
            parts.headers.insert(name.clone(), value.clone());
        }
        Response::from_parts(parts, fresh.into_body())
    };
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_LANGUAGE,
        HeaderValue::from_static(lang.tag()),
    );
    headers.append(header::VARY, HeaderValue::from_static("accept-language"));
    response
}

impl From<sqlx::Error> for AppError {
    /// Constraint violations a client can cause become 409 with the field named; the
    /// mapping lives in [`crate::db::constraint_field`], the one place that knows the
    /// schema's constraint names.
    fn from(err: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db_err) = &err
            && db_err.is_unique_violation()
            && let Some(field) = crate::db::constraint_field(db_err.as_ref())
        {
            return Self::conflict(field, Msg::Taken);
        }
        // A backstop behind the extractors' text checks: text the database refuses
        // (PostgreSQL: invalid byte sequence, untranslatable character; SQLite's full-text
        // index: a query it cannot parse) is the client's, never a 500.
        if let sqlx::Error::Database(db_err) = &err {
            let code = db_err.code().unwrap_or_default();
            if matches!(code.as_ref(), "22021" | "22P05")
                || db_err.message().starts_with("fts5: syntax error")
                || db_err.message().starts_with("unterminated string")
            {
                return Self::Validation {
                    field: None,
                    msg: Msg::Unstorable,
                };
            }
        }
        Self::Internal(err.into())
    }
}

impl From<JsonRejection> for AppError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::MissingJsonContentType(_) => Self::UnsupportedMediaType,
            JsonRejection::BytesRejection(_)
                if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE =>
            {
                Self::PayloadTooLarge
            }
            JsonRejection::JsonDataError(err) => {
                // Well-formed JSON of the wrong shape: name the field serde stopped at.
                let text = err.body_text();
                let detail = text
                    .split_once("target type: ")
                    .map_or(text.as_str(), |(_, d)| d);
                Self::Validation {
                    field: json_error_field(detail),
                    msg: if is_date_error(detail) {
                        Msg::DateFormat
                    } else {
                        Msg::JsonShape {
                            detail: detail.to_owned(),
                        }
                    },
                }
            }
            other => Self::BadRequest {
                msg: Msg::BadRequest {
                    detail: other.body_text(),
                },
                field: None,
            },
        }
    }
}

/// The field a serde error is about: the path serde_path_to_error puts first
/// (`items[0].name: invalid type…`), or the name in "missing field `name`".
fn json_error_field(detail: &str) -> Option<String> {
    if let Some((path, _)) = detail.split_once(": ")
        && !path.is_empty()
        && !path.contains(char::is_whitespace)
        && path != "."
    {
        return Some(path.to_owned());
    }
    let rest = detail.split_once("missing field `")?.1;
    Some(rest.split_once('`')?.0.to_owned())
}

/// Whether serde stopped at a [`Date`](app::model::Date) or
/// [`Timestamp`](app::model::Timestamp) that did not parse.
fn is_date_error(detail: &str) -> bool {
    use app::model::date::TimeError;
    [TimeError::Date, TimeError::Timestamp]
        .iter()
        .any(|e| detail.contains(&e.to_string()))
}

impl From<QueryRejection> for AppError {
    /// A query string serde could not read: a bad date is a 422 naming its parameter,
    /// like a bad date in a body; anything else a 400, naming the parameter when serde
    /// says which.
    fn from(rejection: QueryRejection) -> Self {
        let text = rejection.body_text();
        let detail = text
            .split_once("query string: ")
            .map_or(text.as_str(), |(_, d)| d);
        let field = json_error_field(detail);
        if is_date_error(detail) {
            Self::Validation {
                msg: Msg::DateFormat,
                field,
            }
        } else {
            Self::BadRequest {
                msg: Msg::BadRequest { detail: text },
                field,
            }
        }
    }
}
