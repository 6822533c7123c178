//! The spec linter: progenitor's hard limits and our own rules, each finding naming the
//! operation (or schema) and the rule, so that a spec edit that would make code generation
//! panic is reported as `POST /v2/x (op): needs exactly one success body type …`.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::{Operation, Spec};

/// A problem the linter found, naming where it is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    /// The operation label or schema path.
    pub location: String,
    /// What is wrong and why it matters.
    pub message: String,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// Media types progenitor can generate request code for.
const REQUEST_MEDIA: [&str; 2] = ["application/json", "application/x-www-form-urlencoded"];

/// Checks the spec against progenitor's limits and our own rules (no example checks, which
/// need the `validate` feature: see [`all`]).
pub fn structure(spec: &Spec) -> Vec<Finding> {
    collect(|add| {
        let version = spec
            .document()
            .get("openapi")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if !version.starts_with("3.0.") {
            add(
                "openapi",
                format!("version {version:?}: progenitor only accepts 3.0.x"),
            );
        }
        let mut ids: BTreeMap<&str, usize> = BTreeMap::new();
        for op in spec.operations() {
            *ids.entry(op.operation_id.as_str()).or_default() += 1;
        }
        for op in spec.operations() {
            let at = op.label();
            if op.operation_id.is_empty() {
                add(
                    &at,
                    "no operationId: progenitor needs one to name the method".into(),
                );
            } else if ids.get(op.operation_id.as_str()).copied().unwrap_or(0) > 1 {
                add(&at, "operationId is used by more than one operation".into());
            }
            if op
                .node
                .get("tags")
                .and_then(Value::as_array)
                .is_none_or(Vec::is_empty)
            {
                add(&at, "no tag".into());
            }
            if op
                .node
                .get("summary")
                .and_then(Value::as_str)
                .is_none_or(str::is_empty)
            {
                add(&at, "no summary".into());
            }
            lint_request(spec, op, add);
            lint_responses(spec, op, add);
        }
        lint_refs(spec, spec.document(), "#", add);
    })
}

/// Runs rules that report through `add`; findings come out sorted and without repeats.
fn collect(rules: impl FnOnce(&mut dyn FnMut(&str, String))) -> Vec<Finding> {
    let mut findings = BTreeSet::new();
    rules(&mut |location: &str, message: String| {
        findings.insert(Finding {
            location: location.to_owned(),
            message,
        });
    });
    findings.into_iter().collect()
}

fn lint_request(spec: &Spec, op: &Operation, add: &mut dyn FnMut(&str, String)) {
    let Some(body) = op.node.get("requestBody").map(|b| spec.resolve(b)) else {
        return;
    };
    let at = op.label();
    let content = body.get("content").and_then(Value::as_object);
    match content {
        // A hand-written operation may take several raw types (HeyGen's `/v1/asset` takes the
        // file's own `Content-Type`); generated ones must have exactly one.
        Some(media) if media.len() == 1 || (op.is_handwritten() && !media.is_empty()) => {
            for (name, m) in media {
                if !REQUEST_MEDIA.contains(&name.as_str()) && !op.is_handwritten() {
                    add(
                        &at,
                        format!(
                            "request media type {name} is not one progenitor supports \
                             (mark the operation x-heygen-handwritten: true and write its client by hand)"
                        ),
                    );
                }
                if m.pointer("/schema/$ref").is_none() {
                    add(
                        &at,
                        "request body schema must be a $ref into components/schemas".into(),
                    );
                }
                if let Some(schema) = m.get("schema")
                    && name == "application/json"
                {
                    lint_optional_nullable(spec, schema, &at, &mut BTreeSet::new(), add);
                }
            }
        }
        _ => add(
            &at,
            "request body must have exactly one media type (progenitor panics otherwise)".into(),
        ),
    }
}

/// HeyGen's own clients (its MCP server among them) send `"callback_id": null` for an optional
/// field they leave unset, and the real API takes it; a request schema that refused that null
/// would turn those clients away. So every optional property of a request body says
/// `nullable: true` (a `$ref` one as `allOf: [$ref]` with the target's `type` beside it, since
/// OpenAPI 3.0 ignores siblings of a bare `$ref` and `nullable` without a `type`).
fn lint_optional_nullable(
    spec: &Spec,
    schema: &Value,
    at: &str,
    seen: &mut BTreeSet<String>,
    add: &mut dyn FnMut(&str, String),
) {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        if seen.insert(reference.to_owned())
            && let Some(target) = spec.pointer(reference)
        {
            lint_optional_nullable(spec, target, at, seen, add);
        }
        return;
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        for branch in schema
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            lint_optional_nullable(spec, branch, at, seen, add);
        }
    }
    for key in ["items", "additionalProperties"] {
        if let Some(inner) = schema.get(key).filter(|v| v.is_object()) {
            lint_optional_nullable(spec, inner, at, seen, add);
        }
    }
    let required: BTreeSet<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    for (name, property) in schema
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        if !required.contains(name.as_str())
            && property.get("nullable").and_then(Value::as_bool) != Some(true)
        {
            add(
                at,
                format!(
                    "optional request property {name:?} is not `nullable: true` \
                     (HeyGen accepts an explicit null for it)"
                ),
            );
        }
        if property.get("nullable").and_then(Value::as_bool) == Some(true)
            && property.get("type").is_none()
        {
            add(
                at,
                format!(
                    "request property {name:?} is nullable without a `type` beside it \
                     (OpenAPI 3.0.3 ignores `nullable` there)"
                ),
            );
        }
        if property.get("nullable").and_then(Value::as_bool) == Some(true)
            && property
                .get("enum")
                .and_then(Value::as_array)
                .is_some_and(|values| !values.contains(&Value::Null))
        {
            add(
                at,
                format!(
                    "request property {name:?} is a nullable enum without `null` among its values \
                     (OpenAPI 3.0.3 reads that as refusing null)"
                ),
            );
        }
        lint_optional_nullable(spec, property, at, seen, add);
    }
}

fn lint_responses(spec: &Spec, op: &Operation, add: &mut dyn FnMut(&str, String)) {
    let at = op.label();
    let Some(responses) = op.node.get("responses").and_then(Value::as_object) else {
        add(&at, "no responses".into());
        return;
    };
    let mut success = BTreeSet::new();
    let mut errors = BTreeSet::new();
    for (status, response) in responses {
        let response = spec.resolve(response);
        let content = response.get("content").and_then(Value::as_object);
        if content.is_some_and(|c| c.len() > 1) {
            add(
                &at,
                format!("response {status} has more than one media type"),
            );
        }
        let body = content.and_then(|c| c.iter().next()).map(|(media, m)| {
            let schema = m.get("schema");
            let reference = schema.and_then(|s| s.get("$ref")).and_then(Value::as_str);
            if media.contains("json") && reference.is_none() {
                add(
                    &at,
                    format!("response {status}: JSON body schema must be a $ref"),
                );
            }
            reference
                .map(str::to_owned)
                .unwrap_or_else(|| format!("{media} inline"))
        });
        let body = body.unwrap_or_else(|| "no body".into());
        if status.starts_with('2') {
            success.insert(body);
        } else {
            errors.insert(body);
        }
    }
    if success.len() != 1 {
        add(
            &at,
            format!("needs exactly one success body type, has {success:?} (progenitor's limit)"),
        );
    }
    if errors.len() > 1 {
        add(
            &at,
            format!(
                "error responses must share one body type, have {errors:?} (progenitor's limit)"
            ),
        );
    }
    if errors.is_empty() {
        add(
            &at,
            "declares no error response: clients could not read HeyGen's error envelope".into(),
        );
    }
}

fn lint_refs(spec: &Spec, node: &Value, at: &str, add: &mut dyn FnMut(&str, String)) {
    match node {
        Value::Object(map) => {
            for (k, v) in map {
                if k == "$ref" {
                    if let Some(r) = v.as_str()
                        && spec.pointer(r).is_none()
                    {
                        add(at, format!("$ref {r} does not resolve"));
                    }
                } else {
                    lint_refs(spec, v, &format!("{at}/{k}"), add);
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                lint_refs(spec, v, &format!("{at}/{i}"), add);
            }
        }
        _ => {}
    }
}

/// Every rule: [`structure`] and [`examples`]. An empty result means the spec is fit to
/// generate from.
#[cfg(feature = "validate")]
pub fn all(spec: &Spec) -> Vec<Finding> {
    let mut findings = structure(spec);
    findings.extend(examples(spec));
    findings
}

/// Every example in the spec (on schemas, media types and parameters) checked against its
/// schema.
#[cfg(feature = "validate")]
pub fn examples(spec: &Spec) -> Vec<Finding> {
    collect(|add| {
        let mut check_example = |location: String, schema: &Value, example: &Value| match spec
            .compile(schema, &location, true)
        {
            Ok(v) => {
                if let Err(violations) = crate::validate::check(&v, example) {
                    for violation in violations {
                        add(
                            &location,
                            format!("example does not match its schema: {violation}"),
                        );
                    }
                }
            }
            Err(e) => add(&location, e.to_string()),
        };
        // Examples on schemas (components and nested properties).
        let mut stack: Vec<(String, &Value)> = Vec::new();
        if let Some(schemas) = spec
            .document()
            .pointer("/components/schemas")
            .and_then(Value::as_object)
        {
            for (name, s) in schemas {
                stack.push((format!("components.schemas.{name}"), s));
            }
        }
        while let Some((location, schema)) = stack.pop() {
            if let Some(example) = schema.get("example") {
                check_example(location.clone(), schema, example);
            }
            if let Some(props) = schema.get("properties").and_then(Value::as_object) {
                for (name, s) in props {
                    stack.push((format!("{location}.{name}"), s));
                }
            }
            if let Some(items) = schema.get("items") {
                stack.push((format!("{location}[]"), items));
            }
        }
        // Examples on media types and parameters.
        for op in spec.operations() {
            if let Some(body) = op.node.get("requestBody").map(|b| spec.resolve(b)) {
                for (media, m) in body
                    .get("content")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten()
                {
                    if let (Some(schema), Some(example)) = (m.get("schema"), m.get("example")) {
                        check_example(format!("{} request {media}", op.label()), schema, example);
                    }
                }
            }
            for (status, response) in op
                .node
                .get("responses")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                let response = spec.resolve(response);
                for (media, m) in response
                    .get("content")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten()
                {
                    if let (Some(schema), Some(example)) = (m.get("schema"), m.get("example")) {
                        check_example(
                            format!("{} response {status} {media}", op.label()),
                            schema,
                            example,
                        );
                    }
                }
            }
            for p in op
                .node
                .get("parameters")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let p = spec.resolve(p);
                if let (Some(schema), Some(example)) = (p.get("schema"), p.get("example")) {
                    let name = p.get("name").and_then(Value::as_str).unwrap_or("?");
                    check_example(format!("{} parameter {name}", op.label()), schema, example);
                }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::SPEC_YAML;

    fn shown(findings: &[Finding]) -> String {
        findings
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn embedded_spec_is_clean() {
        let findings = structure(Spec::embedded());
        assert!(
            findings.is_empty(),
            "the spec breaks rules:\n{}",
            shown(&findings)
        );
    }

    #[cfg(feature = "validate")]
    #[test]
    fn embedded_examples_match_their_schemas() {
        let findings = examples(Spec::embedded());
        assert!(findings.is_empty(), "examples break:\n{}", shown(&findings));
    }

    #[test]
    fn lint_names_the_operation_that_breaks_progenitor_rules() {
        let mut doc: Value = serde_norway::from_str(SPEC_YAML).unwrap();
        let op = doc.pointer_mut("/paths/~1v2~1avatars/get").unwrap();
        op.as_object_mut().unwrap().remove("operationId");
        op["responses"]["202"] = json!({"description": "x", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/VideoIdResponse"}}}});
        let text = shown(&structure(&Spec::from_value(doc)));
        assert!(
            text.lines()
                .any(|f| f.starts_with("GET /v2/avatars") && f.contains("no operationId")),
            "{text}"
        );
        assert!(text.contains("exactly one success body"), "{text}");
    }

    #[test]
    fn lint_wants_optional_request_properties_nullable() {
        let mut doc: Value = serde_norway::from_str(SPEC_YAML).unwrap();
        let props = &mut doc["components"]["schemas"]["VideoGenerateRequest"]["properties"];
        props["callback_id"]
            .as_object_mut()
            .unwrap()
            .remove("nullable");
        let text = shown(&structure(&Spec::from_value(doc)));
        assert!(
            text.contains("POST /v2/video/generate (generate_video): optional request property \"callback_id\""),
            "{text}"
        );
    }

    #[cfg(feature = "validate")]
    #[test]
    fn lint_catches_an_example_that_does_not_match() {
        let mut doc: Value = serde_norway::from_str(SPEC_YAML).unwrap();
        doc["components"]["schemas"]["Dimension"]["properties"]["width"]["example"] = json!(99);
        let findings = examples(&Spec::from_value(doc));
        assert!(
            findings
                .iter()
                .any(|f| f.location == "components.schemas.Dimension.width"),
            "{findings:?}"
        );
    }
}
