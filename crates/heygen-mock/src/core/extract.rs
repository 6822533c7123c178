//! Extractors that validate against the spec and reject in HeyGen's envelope.
//!
//! axum's own `Json`, `Form` and `Query` reject with plain text; these read the same inputs but
//! answer 400/413/415 with code 40011 and a message that names the field, because the body is
//! checked against the operation's request schema in `openapi/heygen.yaml`.

use axum::{
    body::Bytes,
    extract::{FromRequest, FromRequestParts, MatchedPath, Request},
    http::{StatusCode, header, request::Parts},
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use heygen_spec::Spec;

use super::error::{ApiError, truncate_middle};

/// Longest quoted violation, in characters: the validator quotes the whole offending value,
/// which is cut in the middle so that the field and the reason both stay.
const MAX_VIOLATION_CHARS: usize = 300;

/// A JSON body, validated against the operation's schema, then deserialized.
#[derive(Debug)]
pub struct ApiJson<T>(
    /// The deserialized body.
    pub T,
);

/// A form-encoded body, validated against the operation's schema, then deserialized.
#[derive(Debug)]
pub struct ApiForm<T>(
    /// The deserialized form.
    pub T,
);

/// A JSON body that must be an object, for mock-only routes the spec does not describe: an
/// array or a scalar is refused even where serde would read a struct from it.
#[derive(Debug)]
pub struct JsonObject<T>(
    /// The deserialized body.
    pub T,
);

/// Query parameters, deserialized with errors naming the parameter.
#[derive(Debug)]
pub struct ApiQuery<T>(
    /// The deserialized parameters.
    pub T,
);

fn media_type(req: &Request) -> String {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

async fn read_body<S: Send + Sync>(
    req: Request,
    state: &S,
    expected: &str,
) -> Result<(Option<String>, String, Bytes), ApiError> {
    let found = media_type(&req);
    if found != expected {
        let mut error = ApiError::from_status(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            &format!(
                "expected Content-Type {expected}, got {}",
                if found.is_empty() { "none" } else { &found }
            ),
        );
        error.status = StatusCode::UNSUPPORTED_MEDIA_TYPE;
        return Err(error);
    }
    let template = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned());
    let method = req.method().as_str().to_owned();
    let bytes = Bytes::from_request(req, state)
        .await
        .map_err(|rejection| ApiError::from_status(rejection.status(), &rejection.body_text()))?;
    Ok((template, method, bytes))
}

fn validate<T: DeserializeOwned>(
    template: Option<String>,
    method: &str,
    value: Value,
) -> Result<T, ApiError> {
    let spec = Spec::embedded();
    if let Some(op) = template.as_deref().and_then(|t| spec.operation(method, t))
        && let Err(violations) = spec.validate_request(op, &value)
    {
        let listed: Vec<String> = violations
            .iter()
            .take(3)
            .map(|v| truncate_middle(&v.to_string(), MAX_VIOLATION_CHARS))
            .collect();
        let error = ApiError::invalid(listed.join("; "));
        return Err(match violations.first() {
            Some(first) if !first.path.is_empty() => error.with_param(first.path.clone()),
            _ => error,
        });
    }
    serde_json::from_value(value).map_err(ApiError::invalid)
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let (template, method, bytes) = read_body(req, state, "application/json").await?;
        let value: Value = serde_json::from_slice(&bytes)
            .map_err(|e| ApiError::invalid(format!("the body is not valid JSON ({e})")))?;
        validate(template, &method, value).map(ApiJson)
    }
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonObject<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let (_, _, bytes) = read_body(req, state, "application/json").await?;
        let value: Value = serde_json::from_slice(&bytes)
            .map_err(|e| ApiError::invalid(format!("the body is not valid JSON ({e})")))?;
        if !value.is_object() {
            return Err(ApiError::invalid("the body must be a JSON object"));
        }
        serde_json::from_value(value)
            .map(JsonObject)
            .map_err(ApiError::invalid)
    }
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiForm<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let (template, method, bytes) =
            read_body(req, state, "application/x-www-form-urlencoded").await?;
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes)
            .map_err(|e| ApiError::invalid(format!("the body is not form-encoded ({e})")))?;
        let map = pairs
            .into_iter()
            .map(|(k, v)| (k, Value::String(v)))
            .collect();
        validate(template, &method, Value::Object(map)).map(ApiForm)
    }
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or("");
        serde_urlencoded::from_str(query)
            .map(ApiQuery)
            .map_err(|e| ApiError::invalid(format!("query: {e}")))
    }
}
