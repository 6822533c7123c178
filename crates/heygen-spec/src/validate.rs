//! Request and response bodies checked against the spec, with validators compiled once per
//! operation (and status) on first use.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex, OnceLock, PoisonError},
};

use serde_json::Value;

use crate::{Operation, Spec, SpecError, field_path};

/// A compiled validator, or `None` when the schema did not compile (reported by the linter).
type CachedValidator = Option<Arc<jsonschema::Validator>>;

/// The validators a [`Spec`] compiles lazily.
pub(crate) struct Validators {
    requests: Vec<OnceLock<CachedValidator>>,
    responses: Mutex<HashMap<(usize, u16), CachedValidator>>,
}

impl Validators {
    pub(crate) fn new(operations: usize) -> Self {
        Self {
            requests: (0..operations).map(|_| OnceLock::new()).collect(),
            responses: Mutex::default(),
        }
    }
}

/// One schema violation: where in the instance, and what is wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// The field, as `video_inputs[0].voice.speed` (empty for the whole body).
    pub path: String,
    /// What the validator said.
    pub message: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl Spec {
    /// Compiles a JSON Schema validator for an OpenAPI schema node.
    pub fn compile(
        &self,
        schema: &Value,
        location: &str,
        strict: bool,
    ) -> Result<jsonschema::Validator, SpecError> {
        jsonschema::options()
            .with_draft(jsonschema::Draft::Draft7)
            .build(&self.json_schema(schema, strict))
            .map_err(|e| SpecError::Schema {
                location: location.to_owned(),
                message: e.to_string(),
            })
    }

    /// Validates a request body (already parsed as JSON, forms as string maps) for an operation.
    pub fn validate_request(&self, op: &Operation, body: &Value) -> Result<(), Vec<Violation>> {
        let Some(i) = self.operation_index(op) else {
            return Ok(());
        };
        let validator = self.validators.requests[i].get_or_init(|| {
            let (_, schema) = self.request_body(op)?;
            self.compile(schema, &op.label(), false).ok().map(Arc::new)
        });
        match validator {
            Some(v) => check(v, body),
            None => Ok(()),
        }
    }

    /// Validates a JSON response body for an operation and status.
    ///
    /// An undeclared status, or a declared one without a JSON body where one was sent, is a
    /// violation too: clients generated from the spec cannot read it.
    pub fn validate_response(
        &self,
        op: &Operation,
        status: u16,
        body: &Value,
    ) -> Result<(), Vec<Violation>> {
        let Some(response) = self.response(op, status) else {
            return Err(vec![Violation {
                path: String::new(),
                message: format!("status {status} is not declared"),
            }]);
        };
        let Some(schema) = response.pointer("/content/application~1json/schema") else {
            return Err(vec![Violation {
                path: String::new(),
                message: format!("status {status} declares no JSON body"),
            }]);
        };
        let Some(i) = self.operation_index(op) else {
            return Ok(());
        };
        let validator = {
            let mut cache = self
                .validators
                .responses
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            cache
                .entry((i, status))
                .or_insert_with(|| self.compile(schema, &op.label(), true).ok().map(Arc::new))
                .clone()
        };
        match validator {
            Some(v) => check(&v, body),
            None => Ok(()),
        }
    }
}

/// Every violation of `instance` against a compiled validator.
pub fn check(validator: &jsonschema::Validator, instance: &Value) -> Result<(), Vec<Violation>> {
    let mut violations = Vec::new();
    for error in validator.iter_errors(instance) {
        collect(&error, &mut violations);
    }
    if violations.is_empty() {
        Ok(())
    } else {
        Err(violations)
    }
}

/// Adds the violations an error stands for. A `nullable` property is `anyOf: [null, its
/// schema]`; when the value is not null, what matters is why the schema itself refused it, at
/// the field that is wrong (`voice_settings.speed`, not `voice_settings`).
fn collect(error: &jsonschema::ValidationError<'_>, out: &mut Vec<Violation>) {
    use jsonschema::error::ValidationErrorKind;
    if let ValidationErrorKind::AnyOf { context } = error.kind() {
        let not_null: Vec<_> = context
            .iter()
            .filter(|branch| !matches!(branch.as_slice(), [e] if is_null_type(e)))
            .collect();
        if let [inner] = not_null.as_slice()
            && not_null.len() < context.len()
            && !inner.is_empty()
        {
            for e in inner.iter() {
                collect(e, out);
            }
            return;
        }
    }
    out.push(Violation {
        path: field_path(error.instance_path().as_str()),
        message: alternatives_message(error).unwrap_or_else(|| error.to_string()),
    });
}

/// For a rule that one of some fields must be given (a schema's "give `url` or `asset_id`"),
/// a message naming them, rather than the validator's, which quotes the whole value and names
/// no field. The spec writes such a rule as `not: {properties: {url: {enum: [null]}, …}}` ("not
/// all of them absent or null"), which code generators ignore; an `anyOf` of `required` lists says the
/// same and is read too.
fn alternatives_message(error: &jsonschema::ValidationError<'_>) -> Option<String> {
    use jsonschema::error::ValidationErrorKind;
    let mut fields = Vec::new();
    match error.kind() {
        ValidationErrorKind::Not { schema } => {
            let object = schema.as_object()?;
            if object.len() != 1 {
                return None;
            }
            for (field, rule) in object.get("properties")?.as_object()? {
                // `x: {enum: [null]}`: x absent or null, so none of them was given.
                if rule.get("enum")? != &serde_json::json!([null]) {
                    return None;
                }
                fields.push(field.clone());
            }
        }
        ValidationErrorKind::AnyOf { context } => {
            for e in context.iter().flatten() {
                match e.kind() {
                    ValidationErrorKind::Required { property } => {
                        fields.push(property.as_str()?.to_owned());
                    }
                    _ => return None,
                }
            }
        }
        _ => return None,
    }
    let (last, rest) = fields.split_last()?;
    Some(if rest.is_empty() {
        format!("{last} is required")
    } else {
        format!("give {} or {last}", rest.join(", "))
    })
}

/// Whether the error is "not of type null": the `null` branch of a `nullable` wrapper.
fn is_null_type(error: &jsonschema::ValidationError<'_>) -> bool {
    use jsonschema::error::{TypeKind, ValidationErrorKind};
    matches!(
        error.kind(),
        ValidationErrorKind::Type {
            kind: TypeKind::Single(jsonschema::JsonType::Null)
        }
    )
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn required_alternatives_are_named() {
        let spec = Spec::embedded();
        let op = spec.operation("POST", "/v2/video/generate").unwrap();
        let bad = json!({"video_inputs": [{"voice": {"type": "audio"}, "background": {"type": "image"}}]});
        let violations = spec.validate_request(op, &bad).unwrap_err();
        let named = |path: &str, fields: &[&str]| {
            violations.iter().any(|v| {
                v.path == path
                    && v.message.starts_with("give ")
                    && fields.iter().all(|f| v.message.contains(f))
            })
        };
        assert!(
            named(
                "video_inputs[0].voice",
                &["input_audio", "audio_url", "audio_asset_id"]
            ),
            "{violations:?}"
        );
        assert!(
            named("video_inputs[0].background", &["url", "image_asset_id"]),
            "{violations:?}"
        );
        let good =
            json!({"video_inputs": [{"voice": {"type": "audio", "audio_url": "https://a/b.mp3"}}]});
        assert!(spec.validate_request(op, &good).is_ok());
    }

    #[test]
    fn discriminated_errors_name_the_field_inside_the_variant() {
        let spec = Spec::embedded();
        let op = spec.operation("POST", "/v2/video/generate").unwrap();
        let bad = json!({"video_inputs": [{"voice": {"type": "text", "voice_id": "v", "input_text": "hi", "speed": 3.0}}]});
        let violations = spec.validate_request(op, &bad).unwrap_err();
        assert!(
            violations
                .iter()
                .any(|v| v.path == "video_inputs[0].voice.speed"),
            "{violations:?}"
        );
        let unknown = json!({"video_inputs": [{"voice": {"type": "shout"}}]});
        let violations = spec.validate_request(op, &unknown).unwrap_err();
        assert!(
            violations
                .iter()
                .any(|v| v.path == "video_inputs[0].voice.type"),
            "{violations:?}"
        );
    }

    #[test]
    fn responses_are_checked_strictly() {
        let spec = Spec::embedded();
        let op = spec.operation("POST", "/v2/video/generate").unwrap();
        let good = json!({"error": null, "data": {"video_id": "x"}});
        assert!(spec.validate_response(op, 200, &good).is_ok());
        let renamed = json!({"error": null, "data": {"videoId": "x"}});
        let violations = spec.validate_response(op, 200, &renamed).unwrap_err();
        assert!(
            violations
                .iter()
                .any(|v| v.path == "data" && v.message.contains("videoId")),
            "{violations:?}"
        );
        assert!(
            spec.validate_response(op, 418, &good).is_err(),
            "undeclared status"
        );
    }
}
