//! Extractors whose rejections are [`AppError`], so a malformed request gets the same
//! JSON error shape as every other error.
//!
//! Every text a client sends is checked here, before any handler or database sees it: no
//! NUL or other control character in the path, the query string or a JSON string (JSON
//! text may hold tabs and line breaks). A violation is a 422 naming the field.

use axum::{
    body::Bytes,
    extract::{FromRequest, FromRequestParts, Request},
    http::{header, request::Parts},
    response::{IntoResponse, Response},
};
use serde::{Serialize, de::DeserializeOwned};

use crate::AppError;
use app::model::Msg;

/// Whether `c` may appear in text a client sends: no C0 or C1 control character and no
/// DEL, except tab, line feed and carriage return where `multiline`.
fn allowed(c: char, multiline: bool) -> bool {
    !(c.is_control() && !(multiline && matches!(c, '\t' | '\n' | '\r')))
}

fn control_character(field: String) -> AppError {
    AppError::Validation {
        msg: Msg::ControlCharacter,
        field: Some(field),
    }
}

/// The first JSON string (or key) under `value` holding a forbidden character, as a path.
fn bad_json_text(value: &serde_json::Value, path: &str) -> Option<String> {
    use serde_json::Value;
    let join = |key: &str| {
        if path.is_empty() {
            key.to_owned()
        } else {
            format!("{path}.{key}")
        }
    };
    match value {
        Value::String(s) => (!s.chars().all(|c| allowed(c, true))).then(|| path.to_owned()),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, v)| bad_json_text(v, &format!("{path}[{i}]"))),
        Value::Object(map) => map.iter().find_map(|(k, v)| {
            if k.chars().all(|c| allowed(c, false)) {
                bad_json_text(v, &join(k))
            } else {
                Some(join(
                    &k.chars().filter(|c| !c.is_control()).collect::<String>(),
                ))
            }
        }),
        _ => None,
    }
}

fn is_json(parts_or_headers: &axum::http::HeaderMap) -> bool {
    parts_or_headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|m| m.trim().to_ascii_lowercase())
        .is_some_and(|m| {
            m == "application/json" || (m.starts_with("application/") && m.ends_with("+json"))
        })
}

/// A JSON body (request) or JSON response.
pub struct Json<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Json<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !is_json(req.headers()) {
            return Err(AppError::UnsupportedMediaType);
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                AppError::PayloadTooLarge
            } else {
                AppError::BadRequest {
                    msg: Msg::BadRequest {
                        detail: rejection.body_text(),
                    },
                    field: None,
                }
            }
        })?;
        if let Ok(value) = serde_json::from_slice::<serde_json::Value>(&bytes)
            && let Some(field) = bad_json_text(&value, "")
        {
            return Err(control_character(field));
        }
        let axum::Json(value) = axum::Json::<T>::from_bytes(&bytes)?;
        Ok(Self(value))
    }
}

/// Refuses a request whose path or query string carries a control character.
fn check_uri(parts: &Parts) -> Result<(), AppError> {
    let path = percent_encoding::percent_decode_str(parts.uri.path()).decode_utf8_lossy();
    if !path.chars().all(|c| allowed(c, false)) {
        return Err(control_character("path".into()));
    }
    if let Some(query) = parts.uri.query() {
        for (key, value) in form_urlencoded::parse(query.as_bytes()) {
            if !key.chars().all(|c| allowed(c, false)) || !value.chars().all(|c| allowed(c, false))
            {
                return Err(control_character(
                    key.chars().filter(|c| !c.is_control()).collect(),
                ));
            }
        }
    }
    Ok(())
}

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// Path parameters; a malformed one (say, letters for an id) is a 400 in the usual shape.
pub struct Path<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for Path<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        check_uri(parts)?;
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Self(value)),
            Err(rejection) => Err(AppError::BadRequest {
                msg: Msg::BadRequest {
                    detail: rejection.body_text(),
                },
                field: None,
            }),
        }
    }
}

/// A query string.
pub struct Query<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        check_uri(parts)?;
        let axum::extract::Query(value) =
            axum::extract::Query::<T>::from_request_parts(parts, state).await?;
        Ok(Self(value))
    }
}

#[cfg(test)]
mod tests {
    use axum::{Router, body::Body, http::Request as HttpRequest, routing::post};
    use serde::Deserialize;
    use tower::ServiceExt;

    use super::Json;

    #[derive(Deserialize, serde::Serialize)]
    struct Echo {
        n: i64,
    }

    async fn echo(Json(body): Json<Echo>) -> Json<Echo> {
        Json(body)
    }

    async fn call(content_type: Option<&str>, body: &str) -> (u16, serde_json::Value) {
        let app = Router::new()
            .route("/", post(echo))
            .layer(axum::extract::DefaultBodyLimit::max(64));
        let mut req = HttpRequest::post("/");
        if let Some(ct) = content_type {
            req = req.header("content-type", ct);
        }
        let response = app
            .oneshot(req.body(Body::from(body.to_owned())).unwrap())
            .await
            .unwrap();
        let status = response.status().as_u16();
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 16)
            .await
            .unwrap();
        (status, serde_json::from_slice(&bytes).unwrap())
    }

    #[tokio::test]
    async fn a_valid_body_passes_through() {
        let (status, body) = call(Some("application/json"), r#"{"n": 7}"#).await;
        assert_eq!((status, body["n"].as_i64()), (200, Some(7)));
    }

    #[tokio::test]
    async fn malformed_json_gets_the_error_shape() {
        let (status, body) = call(Some("application/json"), r#"{"n": "#).await;
        assert_eq!(status, 400);
        assert_eq!(body["error"]["code"], "bad_request");
    }

    #[tokio::test]
    async fn a_wrong_type_gets_the_error_shape() {
        let (status, body) = call(Some("application/json"), r#"{"n": "seven"}"#).await;
        assert_eq!(status, 422);
        assert_eq!(body["error"]["code"], "validation");
        assert_eq!(body["error"]["field"], "n");
    }

    #[tokio::test]
    async fn a_missing_field_is_named() {
        let (status, body) = call(Some("application/json"), r#"{}"#).await;
        assert_eq!(status, 422);
        assert_eq!(body["error"]["field"], "n");
    }

    #[tokio::test]
    async fn a_missing_content_type_is_415() {
        let (status, body) = call(None, r#"{"n": 1}"#).await;
        assert_eq!(status, 415);
        assert_eq!(body["error"]["code"], "unsupported_media_type");
    }

    #[tokio::test]
    async fn control_characters_are_refused_with_the_field_named() {
        let (status, body) =
            call(Some("application/json"), r#"{"n": 1, "note": "a\u0000b"}"#).await;
        assert_eq!(status, 422);
        assert_eq!(body["error"]["field"], "note");
        let (status, body) = call(
            Some("application/json"),
            r#"{"n": 1, "list": ["ok", "\u001b[31m"]}"#,
        )
        .await;
        assert_eq!(status, 422);
        assert_eq!(body["error"]["field"], "list[1]");
        // Line breaks and tabs are text.
        let (status, _) = call(Some("application/json"), r#"{"n": 1, "note": "a\n\tb"}"#).await;
        assert_eq!(status, 200);
    }

    #[tokio::test]
    async fn an_oversized_body_is_413() {
        let big = format!(r#"{{"n": 1, "pad": "{}"}}"#, "x".repeat(200));
        let (status, body) = call(Some("application/json"), &big).await;
        assert_eq!(status, 413);
        assert_eq!(body["error"]["code"], "payload_too_large");
    }
}
