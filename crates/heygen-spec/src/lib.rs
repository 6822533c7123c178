//! `openapi/heygen.yaml` as data: operations, schema conversion, validation and the linter.
//!
//! This crate knows nothing of the generated client, so it works on a spec that progenitor
//! cannot generate from: the client's build script and `cargo xtask lint-spec` use it to name
//! the operation and the rule at fault instead of a bare codegen panic. The mock validates
//! every request body with it (so the spec, not hand-written checks, decides what is a 40011),
//! and the conformance tests validate every answer per operation and status.
//!
//! - [`Spec`]: the parsed document, its operations and `$ref` resolution;
//! - [`schema`]: OpenAPI 3.0 schema objects as JSON Schema draft 7;
//! - [`lint`]: progenitor's limits and our own rules, each finding naming its operation;
//! - [`validate`] (feature `validate`): compiled validators for request and response bodies.

#![warn(missing_docs)]

pub mod lint;
pub mod schema;
#[cfg(feature = "validate")]
pub mod validate;

use std::{collections::HashMap, sync::LazyLock};

use serde_json::Value;

/// The spec text, embedded at compile time so that binaries need no files.
///
/// `openapi/heygen.yaml` inside this crate is a symlink to the workspace's `openapi/heygen.yaml`
/// (the one file to edit), so the crate also builds from its package, where the symlink has
/// become a copy.
pub const SPEC_YAML: &str = include_str!("../openapi/heygen.yaml");

/// The HTTP methods an OpenAPI path item can hold.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Why the spec could not be used.
#[derive(Debug, thiserror::Error)]
pub enum SpecError {
    /// The YAML does not parse.
    #[error("the spec is not valid YAML: {0}")]
    Yaml(#[from] serde_norway::Error),
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

    /// Whether the operation is marked `x-heygen-tutorial: true`: one the tutorial documents,
    /// which its end-to-end test (`tests/tests/tutorial.rs`) exercises; the other legacy
    /// operations are those real integrations call (`tests/tests/legacy.rs`).
    pub fn is_tutorial(&self) -> bool {
        self.node
            .get("x-heygen-tutorial")
            .and_then(Value::as_bool)
            .unwrap_or(false)
    }

    /// Whether the operation is marked `x-heygen-handwritten: true`: in the spec (for the mock
    /// and the conformance checks) but left out of code generation, because progenitor cannot
    /// generate it (multipart uploads); the client crate provides it by hand.
    pub fn is_handwritten(&self) -> bool {
        self.node
            .get("x-heygen-handwritten")
            .and_then(Value::as_bool)
            == Some(true)
    }

    /// Whether the operation is marked `deprecated: true` (HeyGen's legacy generations).
    pub fn is_deprecated(&self) -> bool {
        self.node.get("deprecated").and_then(Value::as_bool) == Some(true)
    }
}

/// A parsed spec (with lazily compiled validators when the `validate` feature is on).
pub struct Spec {
    doc: Value,
    operations: Vec<Operation>,
    index: HashMap<(String, String), usize>,
    #[cfg(feature = "validate")]
    validators: validate::Validators,
}

impl std::fmt::Debug for Spec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Spec")
            .field("operations", &self.operations.len())
            .finish()
    }
}

static EMBEDDED: LazyLock<Spec> = LazyLock::new(|| {
    // The embedded spec is parsed by this crate's tests; failing here is a build defect.
    Spec::from_yaml(SPEC_YAML).unwrap_or_else(|e| panic!("embedded openapi/heygen.yaml: {e}"))
});

impl Spec {
    /// The spec compiled into this binary.
    pub fn embedded() -> &'static Spec {
        &EMBEDDED
    }

    /// Parses a spec from YAML text.
    pub fn from_yaml(text: &str) -> Result<Spec, SpecError> {
        let doc: Value = serde_norway::from_str(text)?;
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
        Spec {
            #[cfg(feature = "validate")]
            validators: validate::Validators::new(operations.len()),
            doc,
            operations,
            index,
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

    /// The position of an operation in [`Spec::operations`].
    pub fn operation_index(&self, op: &Operation) -> Option<usize> {
        self.index
            .get(&(op.method.clone(), op.path.clone()))
            .copied()
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
        schema::document(&self.doc, schema, strict)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_paths_read_like_code() {
        assert_eq!(
            field_path("/video_inputs/0/voice/speed"),
            "video_inputs[0].voice.speed"
        );
        assert_eq!(field_path(""), "");
    }

    #[test]
    fn templates_match_concrete_paths() {
        assert!(template_matches("/v2/template/{id}", "/v2/template/abc"));
        assert!(!template_matches("/v2/template/{id}", "/v2/template/"));
        assert!(!template_matches("/v2/template/{id}", "/v2/templates"));
    }

    #[test]
    fn the_embedded_spec_is_the_workspace_spec() {
        // openapi/heygen.yaml in this crate is a symlink to the workspace's (a copy only inside
        // the package, where this test does not run).
        let workspace = concat!(env!("CARGO_MANIFEST_DIR"), "/../../openapi/heygen.yaml");
        let text = std::fs::read_to_string(workspace).expect("the workspace spec");
        assert!(
            text == SPEC_YAML,
            "crates/heygen-spec/openapi/heygen.yaml differs from openapi/heygen.yaml; restore \
             the symlink: ln -sf ../../../openapi/heygen.yaml crates/heygen-spec/openapi/heygen.yaml"
        );
    }

    #[test]
    fn the_embedded_spec_indexes_every_operation() {
        let spec = Spec::embedded();
        assert!(!spec.operations().is_empty());
        for op in spec.operations() {
            assert_eq!(
                spec.operation(&op.method, &op.path).map(|o| &o.path),
                Some(&op.path)
            );
        }
    }
}
