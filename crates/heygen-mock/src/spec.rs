//! The OpenAPI spec as data: operations, JSON Schema validators and the lint rules.
//!
//! The mock validates every request body against the spec's schema for its operation, so the
//! spec, not hand-written checks, decides what is a 40011. The same conversion serves the
//! conformance tests (responses validated per operation and status) and `cargo xtask lint-spec`.
//!
//! OpenAPI 3.0 schemas are not quite JSON Schema; [`to_json_schema`] bridges the gap:
//! `nullable` becomes a `null` type, `$ref`s point into `definitions`, and a `oneOf` with a
//! `discriminator` becomes `if`/`then` branches so that errors name the field inside the chosen
//! variant instead of "not valid under any of the schemas".

use std::{
    collections::{BTreeMap, BTreeSet, HashMap},
    sync::{Arc, LazyLock, OnceLock},
};

use serde_json::{Map, Value, json};

/// The spec text, embedded at compile time so the binary needs no files.
pub const SPEC_YAML: &str = include_str!("../../../openapi/heygen.yaml");

/// The HTTP methods an OpenAPI path item can hold.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Why the spec could not be used.
#[derive(Debug, thiserror::Error)]
pub enum SpecError {
    /// The YAML does not parse.
    #[error("the spec is not valid YAML: {0}")]
    Yaml(#[from] serde_yaml::Error),
    /// A schema does not compile to a JSON Schema validator.
    #[error("schema at {location} does not compile: {message}")]
    Schema {
        /// Where in the spec.
        location: String,
        /// What the validator library said.
        message: String,
    },
}

/// One operation of the spec.
#[derive(Debug, Clone)]
pub struct Operation {
    /// Upper-case HTTP method.
    pub method: String,
    /// Path template with `{param}` placeholders, as in the spec (and in axum 0.8 routes).
    pub path: String,
    /// The `operationId` (empty when missing; the linter reports it).
    pub operation_id: String,
    /// The operation object.
    pub node: Value,
}

impl Operation {
    /// `GET /v2/avatars (list_avatars)`: how findings and test failures name an operation.
    pub fn label(&self) -> String {
        format!("{} {} ({})", self.method, self.path, self.operation_id)
    }
}

/// A compiled validator, or `None` when the schema did not compile (reported by the linter).
type CachedValidator = Option<Arc<jsonschema::Validator>>;

/// A parsed spec with lazily compiled validators.
pub struct Spec {
    doc: Value,
    operations: Vec<Operation>,
    index: HashMap<(String, String), usize>,
    request_validators: Vec<OnceLock<CachedValidator>>,
    response_validators: std::sync::Mutex<HashMap<(usize, u16), CachedValidator>>,
}

impl std::fmt::Debug for Spec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Spec")
            .field("operations", &self.operations.len())
            .finish()
    }
}

static EMBEDDED: LazyLock<Spec> = LazyLock::new(|| {
    // The embedded spec is checked by this crate's tests; failing here is a build defect.
    Spec::from_yaml(SPEC_YAML).unwrap_or_else(|e| panic!("embedded openapi/heygen.yaml: {e}"))
});

impl Spec {
    /// The spec compiled into this binary.
    pub fn embedded() -> &'static Spec {
        &EMBEDDED
    }

    /// Parses a spec from YAML text.
    pub fn from_yaml(text: &str) -> Result<Spec, SpecError> {
        let doc: Value = serde_yaml::from_str(text)?;
        Ok(Self::from_value(doc))
    }

    /// Builds from an already parsed document.
    pub fn from_value(doc: Value) -> Spec {
        let mut operations = Vec::new();
        if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
            for (path, item) in paths {
                for method in METHODS {
                    if let Some(node) = item.get(method) {
                        operations.push(Operation {
                            method: method.to_uppercase(),
                            path: path.clone(),
                            operation_id: node
                                .get("operationId")
                                .and_then(Value::as_str)
                                .unwrap_or_default()
                                .to_owned(),
                            node: node.clone(),
                        });
                    }
                }
            }
        }
        let index = operations
            .iter()
            .enumerate()
            .map(|(i, op)| ((op.method.clone(), op.path.clone()), i))
            .collect();
        let request_validators = operations.iter().map(|_| OnceLock::new()).collect();
        Spec {
            doc,
            operations,
            index,
            request_validators,
            response_validators: std::sync::Mutex::new(HashMap::new()),
        }
    }

    /// The whole document.
    pub fn document(&self) -> &Value {
        &self.doc
    }

    /// Every operation, in path order.
    pub fn operations(&self) -> &[Operation] {
        &self.operations
    }

    /// The operation for a method and path template.
    pub fn operation(&self, method: &str, template: &str) -> Option<&Operation> {
        self.index
            .get(&(method.to_uppercase(), template.to_owned()))
            .map(|&i| &self.operations[i])
    }

    /// Finds the operation whose template matches a concrete path such as `/v2/template/abc`.
    pub fn match_path(&self, method: &str, path: &str) -> Option<&Operation> {
        let method = method.to_uppercase();
        self.operations
            .iter()
            .find(|op| op.method == method && template_matches(&op.path, path))
    }

    /// Resolves a local `$ref` such as `#/components/responses/V1NotFound`.
    pub fn resolve<'a>(&'a self, node: &'a Value) -> &'a Value {
        let mut node = node;
        // Bounded so that a cyclic reference cannot loop forever.
        for _ in 0..16 {
            match node.get("$ref").and_then(Value::as_str) {
                Some(reference) => match self.pointer(reference) {
                    Some(target) => node = target,
                    None => return node,
                },
                None => return node,
            }
        }
        node
    }

    /// Looks up a `#/...` reference.
    pub fn pointer(&self, reference: &str) -> Option<&Value> {
        reference
            .strip_prefix('#')
            .and_then(|p| self.doc.pointer(p))
    }

    /// The request body schema of an operation and its media type.
    pub fn request_body<'a>(&'a self, op: &'a Operation) -> Option<(String, &'a Value)> {
        let body = self.resolve(op.node.get("requestBody")?);
        let (media, content) = body.get("content")?.as_object()?.iter().next()?;
        Some((media.clone(), content.get("schema")?))
    }

    /// The response object declared for a status (exact code, then `NXX`, then `default`).
    pub fn response<'a>(&'a self, op: &'a Operation, status: u16) -> Option<&'a Value> {
        let responses = op.node.get("responses")?;
        let exact = status.to_string();
        let range = format!("{}XX", status / 100);
        responses
            .get(&exact)
            .or_else(|| responses.get(&range))
            .or_else(|| responses.get("default"))
            .map(|r| self.resolve(r))
    }

    /// Wraps an OpenAPI schema into a self-contained JSON Schema (draft 7) document.
    ///
    /// `strict` forbids properties the spec does not declare (for checking the mock's answers:
    /// a renamed field must not slip through as an "extra" one).
    pub fn json_schema(&self, schema: &Value, strict: bool) -> Value {
        let mut definitions = Map::new();
        if let Some(schemas) = self
            .doc
            .pointer("/components/schemas")
            .and_then(Value::as_object)
        {
            for (name, s) in schemas {
                definitions.insert(name.clone(), to_json_schema(s, strict));
            }
        }
        let mut root = match to_json_schema(schema, strict) {
            Value::Object(map) => map,
            other => {
                let mut m = Map::new();
                m.insert("allOf".into(), json!([other]));
                m
            }
        };
        root.insert(
            "$schema".into(),
            json!("http://json-schema.org/draft-07/schema#"),
        );
        root.insert("definitions".into(), Value::Object(definitions));
        Value::Object(root)
    }

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

    fn op_index(&self, op: &Operation) -> Option<usize> {
        self.index
            .get(&(op.method.clone(), op.path.clone()))
            .copied()
    }

    /// Validates a request body (already parsed as JSON, forms as string maps) for an operation.
    pub fn validate_request(&self, op: &Operation, body: &Value) -> Result<(), Vec<Violation>> {
        let Some(i) = self.op_index(op) else {
            return Ok(());
        };
        let validator = self.request_validators[i].get_or_init(|| {
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
        let Some(i) = self.op_index(op) else {
            return Ok(());
        };
        let validator = {
            let mut cache = self
                .response_validators
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
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

fn check(validator: &jsonschema::Validator, instance: &Value) -> Result<(), Vec<Violation>> {
    let violations: Vec<Violation> = validator
        .iter_errors(instance)
        .map(|e| Violation {
            path: field_path(e.instance_path().as_str()),
            message: e.to_string(),
        })
        .collect();
    if violations.is_empty() {
        Ok(())
    } else {
        Err(violations)
    }
}

/// `/video_inputs/0/voice/speed` → `video_inputs[0].voice.speed`.
pub fn field_path(pointer: &str) -> String {
    let mut out = String::new();
    for segment in pointer.split('/').skip(1) {
        let segment = segment.replace("~1", "/").replace("~0", "~");
        if segment.parse::<usize>().is_ok() {
            out.push('[');
            out.push_str(&segment);
            out.push(']');
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&segment);
        }
    }
    out
}

/// Whether a concrete path fits a `{param}` template.
pub fn template_matches(template: &str, path: &str) -> bool {
    let t: Vec<&str> = template.split('/').collect();
    let p: Vec<&str> = path.split('/').collect();
    t.len() == p.len()
        && t.iter()
            .zip(&p)
            .all(|(t, p)| (t.starts_with('{') && t.ends_with('}') && !p.is_empty()) || t == p)
}

/// Converts one OpenAPI 3.0 schema object into JSON Schema draft 7 (`strict`: see
/// [`Spec::json_schema`]).
pub fn to_json_schema(schema: &Value, strict: bool) -> Value {
    let Some(obj) = schema.as_object() else {
        return schema.clone();
    };
    let mut out = Map::new();
    for (key, value) in obj {
        match key.as_str() {
            "$ref" => {
                let target = value
                    .as_str()
                    .map(|r| r.replace("#/components/schemas/", "#/definitions/"))
                    .unwrap_or_default();
                out.insert(key.clone(), Value::String(target));
            }
            "properties" => {
                let props = value
                    .as_object()
                    .map(|m| {
                        m.iter()
                            .map(|(k, v)| (k.clone(), to_json_schema(v, strict)))
                            .collect()
                    })
                    .unwrap_or_default();
                out.insert(key.clone(), Value::Object(props));
            }
            "items" | "not" => {
                out.insert(key.clone(), to_json_schema(value, strict));
            }
            "additionalProperties" if value.is_object() => {
                out.insert(key.clone(), to_json_schema(value, strict));
            }
            "allOf" | "anyOf" | "oneOf" => {
                let list = value
                    .as_array()
                    .map(|a| a.iter().map(|s| to_json_schema(s, strict)).collect())
                    .unwrap_or_default();
                out.insert(key.clone(), Value::Array(list));
            }
            // OpenAPI-only keywords with no JSON Schema meaning.
            "nullable" | "discriminator" | "example" | "xml" | "externalDocs" | "deprecated" => {}
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    let composed = ["allOf", "anyOf", "oneOf"]
        .iter()
        .any(|k| obj.contains_key(*k));
    if strict
        && obj.contains_key("properties")
        && !obj.contains_key("additionalProperties")
        && !composed
    {
        out.insert("additionalProperties".into(), Value::Bool(false));
    }
    if let Some(discriminator) = obj.get("discriminator") {
        out = discriminated(out, discriminator);
    }
    if obj.get("nullable").and_then(Value::as_bool) == Some(true) {
        return nullable(out);
    }
    Value::Object(out)
}

fn discriminated(mut out: Map<String, Value>, discriminator: &Value) -> Map<String, Value> {
    let (Some(property), Some(mapping)) = (
        discriminator.get("propertyName").and_then(Value::as_str),
        discriminator.get("mapping").and_then(Value::as_object),
    ) else {
        return out;
    };
    out.remove("oneOf");
    let tags: Vec<Value> = mapping.keys().map(|k| Value::String(k.clone())).collect();
    let branches: Vec<Value> = mapping
        .iter()
        .map(|(tag, target)| {
            let target = target
                .as_str()
                .unwrap_or_default()
                .replace("#/components/schemas/", "#/definitions/");
            json!({
                "if": {"properties": {property: {"const": tag}}, "required": [property]},
                "then": {"$ref": target}
            })
        })
        .collect();
    out.insert("type".into(), json!("object"));
    out.insert("required".into(), json!([property]));
    out.insert(
        "properties".into(),
        json!({property: {"type": "string", "enum": tags}}),
    );
    out.insert("allOf".into(), Value::Array(branches));
    out
}

fn nullable(mut out: Map<String, Value>) -> Value {
    match out.get("type").cloned() {
        Some(Value::String(t)) => {
            out.insert("type".into(), json!([t, "null"]));
            if let Some(Value::Array(values)) = out.get_mut("enum") {
                values.push(Value::Null);
            }
            Value::Object(out)
        }
        _ => json!({"anyOf": [{"type": "null"}, Value::Object(out)]}),
    }
}

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

/// Checks the spec against progenitor's limits and our own rules, and every example against
/// its schema. An empty result means the spec is fit to generate from.
pub fn lint(spec: &Spec) -> Vec<Finding> {
    let mut findings = BTreeSet::new();
    let mut add = |location: &str, message: String| {
        findings.insert(Finding {
            location: location.to_owned(),
            message,
        });
    };
    let version = spec
        .doc
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
        lint_request(spec, op, &mut add);
        lint_responses(spec, op, &mut add);
    }
    lint_refs(spec, &spec.doc, "#", &mut add);
    lint_examples(spec, &mut add);
    findings.into_iter().collect()
}

fn lint_request(spec: &Spec, op: &Operation, add: &mut impl FnMut(&str, String)) {
    let Some(body) = op.node.get("requestBody").map(|b| spec.resolve(b)) else {
        return;
    };
    let at = op.label();
    let content = body.get("content").and_then(Value::as_object);
    match content {
        Some(media) if media.len() == 1 => {
            for (name, m) in media {
                if !REQUEST_MEDIA.contains(&name.as_str()) {
                    add(
                        &at,
                        format!("request media type {name} is not one progenitor supports"),
                    );
                }
                if m.pointer("/schema/$ref").is_none() {
                    add(
                        &at,
                        "request body schema must be a $ref into components/schemas".into(),
                    );
                }
            }
        }
        _ => add(
            &at,
            "request body must have exactly one media type (progenitor panics otherwise)".into(),
        ),
    }
}

fn lint_responses(spec: &Spec, op: &Operation, add: &mut impl FnMut(&str, String)) {
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

fn lint_refs(spec: &Spec, node: &Value, at: &str, add: &mut impl FnMut(&str, String)) {
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

fn lint_examples(spec: &Spec, add: &mut impl FnMut(&str, String)) {
    let mut check_example = |location: String, schema: &Value, example: &Value| match spec
        .compile(schema, &location, true)
    {
        Ok(v) => {
            if let Err(violations) = check(&v, example) {
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
        .doc
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_spec_is_clean() {
        let findings = lint(Spec::embedded());
        assert!(
            findings.is_empty(),
            "the spec breaks rules:\n{}",
            findings
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        );
    }

    #[test]
    fn field_paths_read_like_code() {
        assert_eq!(
            field_path("/video_inputs/0/voice/speed"),
            "video_inputs[0].voice.speed"
        );
        assert_eq!(field_path(""), "");
    }

    #[test]
    fn nullable_and_discriminator_convert() {
        let s = to_json_schema(
            &json!({"type": "string", "nullable": true, "enum": ["a"]}),
            false,
        );
        assert_eq!(s, json!({"type": ["string", "null"], "enum": ["a", null]}));
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

    #[test]
    fn lint_names_the_operation_that_breaks_progenitor_rules() {
        let mut doc: Value = serde_yaml::from_str(SPEC_YAML).unwrap();
        let op = doc.pointer_mut("/paths/~1v2~1avatars/get").unwrap();
        op.as_object_mut().unwrap().remove("operationId");
        op["responses"]["202"] = json!({"description": "x", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/VideoIdResponse"}}}});
        let findings = lint(&Spec::from_value(doc));
        let text: Vec<String> = findings.iter().map(ToString::to_string).collect();
        assert!(
            text.iter()
                .any(|f| f.starts_with("GET /v2/avatars") && f.contains("no operationId")),
            "{text:?}"
        );
        assert!(
            text.iter().any(|f| f.contains("exactly one success body")),
            "{text:?}"
        );
    }

    #[test]
    fn lint_catches_an_example_that_does_not_match() {
        let mut doc: Value = serde_yaml::from_str(SPEC_YAML).unwrap();
        doc["components"]["schemas"]["Dimension"]["properties"]["width"]["example"] = json!(99);
        let findings = lint(&Spec::from_value(doc));
        assert!(
            findings
                .iter()
                .any(|f| f.location == "components.schemas.Dimension.width"),
            "{findings:?}"
        );
    }
}
