use axum::{
    Json,
    extract::rejection::{JsonRejection, QueryRejection},
    http::StatusCode,
    response::{IntoResponse, Response},
};

use app::model::{ErrorBody, ErrorDetail};

/// `Result` with [`AppError`] as the default error.
pub type Result<T, E = AppError> = std::result::Result<T, E>;

/// The one error type of the server. Every variant becomes the JSON body
/// `{"error": {"code", "message", "field"}}` with the status named on it.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// 400: the request is malformed (unreadable JSON, a bad query string).
    #[error("{message}")]
    BadRequest {
        message: String,
        field: Option<String>,
    },

    /// 401: not signed in, the session ended, or the credentials are wrong. `code` is
    /// `unauthenticated`, `session_expired` or `invalid_credentials`.
    #[error("{message}")]
    Unauthorized { code: &'static str, message: String },

    /// 403: signed in but not allowed. `code` is `forbidden`, `csrf_failed` or
    /// `password_change_required`.
    #[error("{message}")]
    Forbidden { code: &'static str, message: String },

    /// 429: too many attempts; the `Retry-After` header says how many seconds to wait.
    #[error("{message}")]
    RateLimited {
        retry_after_secs: u64,
        message: String,
    },

    /// 404: no such resource or route.
    #[error("{0}")]
    NotFound(String),

    /// 409: the request conflicts with the current state (a duplicate, a stale version).
    #[error("{message}")]
    Conflict {
        message: String,
        field: Option<String>,
    },

    /// 413: the request body is larger than the server accepts.
    #[error("the request body is too large")]
    PayloadTooLarge,

    /// 415: a body was sent without `Content-Type: application/json`.
    #[error("expected a JSON body with Content-Type: application/json")]
    UnsupportedMediaType,

    /// 422: the request is well-formed but a field is invalid.
    #[error("{message}")]
    Validation {
        field: Option<String>,
        message: String,
    },

    /// 503: the server is at a limit it keeps to stay up (concurrent searches, exports,
    /// password checks); `Retry-After` says when to try again.
    #[error("{message}")]
    Busy {
        retry_after_secs: u64,
        message: String,
    },

    /// 500: anything the client cannot fix. Logged with the request id; the client sees
    /// only a generic message.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl AppError {
    pub fn not_found(what: impl Into<String>) -> Self {
        Self::NotFound(what.into())
    }

    pub fn validation(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Validation {
            field: Some(field.into()),
            message: message.into(),
        }
    }

    pub fn conflict(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Conflict {
            message: message.into(),
            field: Some(field.into()),
        }
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::Forbidden {
            code: "forbidden",
            message: message.into(),
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            Self::Unauthorized { .. } => StatusCode::UNAUTHORIZED,
            Self::Forbidden { .. } => StatusCode::FORBIDDEN,
            Self::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::BadRequest { .. } => StatusCode::BAD_REQUEST,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::Conflict { .. } => StatusCode::CONFLICT,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::Validation { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Busy { .. } => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            Self::Unauthorized { code, .. } | Self::Forbidden { code, .. } => code,
            Self::RateLimited { .. } => "rate_limited",
            Self::BadRequest { .. } => "bad_request",
            Self::NotFound(_) => "not_found",
            Self::Conflict { .. } => "conflict",
            Self::PayloadTooLarge => "payload_too_large",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::Validation { .. } => "validation",
            Self::Busy { .. } => "busy",
            Self::Internal(_) => "internal",
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let field = match &self {
            Self::BadRequest { field, .. }
            | Self::Conflict { field, .. }
            | Self::Validation { field, .. } => field.clone(),
            _ => None,
        };
        let message = match &self {
            Self::Internal(err) => {
                // Runs inside the request's span, so the log line carries the request id.
                tracing::error!(error = ?err, "internal error");
                "an internal error occurred; it has been logged".to_owned()
            }
            other => other.to_string(),
        };
        let retry_after = match &self {
            Self::RateLimited {
                retry_after_secs, ..
            }
            | Self::Busy {
                retry_after_secs, ..
            } => Some(*retry_after_secs),
            _ => None,
        };
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code().to_owned(),
                message,
                field,
            },
        };
        let mut response = (self.status(), Json(body)).into_response();
        if let Some(secs) = retry_after {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, secs.into());
        }
        response
    }
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
            return Self::conflict(field, format!("this {field} is already taken"));
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
                    message: "the text contains characters that cannot be searched or stored"
                        .into(),
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
                    message: detail.to_owned(),
                }
            }
            other => Self::BadRequest {
                message: other.body_text(),
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

impl From<QueryRejection> for AppError {
    fn from(rejection: QueryRejection) -> Self {
        Self::BadRequest {
            message: rejection.body_text(),
            field: None,
        }
    }
}
