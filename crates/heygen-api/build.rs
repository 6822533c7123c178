//! Generates the typed client from `openapi/heygen.yaml` into `OUT_DIR/codegen.rs`.
//!
//! The spec is the single source of truth: edit the workspace's `openapi/heygen.yaml`, `cargo
//! build`, and the `generated_source` snapshot test shows the change for review. This crate reads
//! it through `openapi/heygen.yaml` in its own directory, a symlink that `cargo package` turns
//! into a copy, so the packaged crate builds on its own.
//!
//! With the `lint-spec` feature (on inside the workspace) the spec linter (`heygen-spec`, the
//! same rules as `cargo xtask lint-spec`) runs first: its findings are printed as build
//! warnings, and when progenitor cannot generate (it panics without naming the operation) the
//! build fails with the findings that name the operation and the rule.

use std::{
    env, fs,
    path::{Path, PathBuf},
};

use progenitor::{GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle};

fn main() {
    let manifest_dir =
        PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let link = manifest_dir.join("openapi/heygen.yaml");
    let spec_path = resolve_link(&link);
    println!("cargo:rerun-if-changed={}", spec_path.display());
    println!("cargo:rerun-if-changed=build.rs");

    let text = fs::read_to_string(&spec_path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", spec_path.display()));
    let findings = lint(&text);
    for finding in &findings {
        println!("cargo:warning=openapi/heygen.yaml: {finding}");
    }
    let mut spec: openapiv3::OpenAPI = serde_norway::from_str(&text).unwrap_or_else(|e| {
        panic!(
            "{} is not a valid OpenAPI 3.0 document: {e}",
            spec_path.display()
        )
    });
    skip_handwritten(&mut spec);

    let mut settings = GenerationSettings::default();
    settings
        .with_interface(InterfaceStyle::Builder)
        .with_tag(TagStyle::Merged)
        // BTreeMap keeps serialized maps (template variables) in a stable order for snapshots.
        .with_map_type("std::collections::BTreeMap")
        .with_derive("PartialEq")
        // Retries, OAuth refresh and tracing live in hand-written hooks (src/hooks.rs) that
        // every generated operation goes through; Expected makes forgetting them a compile error.
        .with_inner_type("crate::hooks::ClientState".parse().expect("a Rust path"))
        .with_hooks(HooksMode::Expected)
        // A failed job's `error` is a nullable object; typify would wrap a nullable component
        // in a newtype around Option. The hand-written struct keeps it a plain Option<JobError>.
        .with_replacement("JobError", "crate::errors::JobError", std::iter::empty())
        // Token answers hold secrets; the hand-written type keeps them out of Debug output.
        .with_replacement(
            "OAuthTokenResponse",
            "crate::oauth::TokenResponse",
            std::iter::empty(),
        );
    // progenitor panics on some specs it cannot handle, without naming the operation; the
    // panic is caught (and kept quiet) so that the linter's findings say where and why.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let generated = std::panic::catch_unwind(|| Generator::new(&settings).generate_tokens(&spec));
    std::panic::set_hook(default_hook);
    let tokens = match generated {
        Ok(Ok(tokens)) => tokens,
        Ok(Err(e)) => fail(&format!("progenitor rejected the spec: {e}"), &findings),
        Err(panic) => {
            let reason = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            fail(
                &format!("progenitor panicked on the spec ({reason})"),
                &findings,
            )
        }
    };
    let file = syn::parse2(tokens).expect("progenitor emits valid Rust");
    let source = tidy(&prettyplease::unparse(&file));

    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("codegen.rs");
    fs::write(&out, source).unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
}

/// The spec file to read. `openapi/heygen.yaml` is a symlink into the workspace; a checkout
/// without symlink support (git on Windows by default) holds the link's target path as the
/// file's text instead, which is followed by hand.
fn resolve_link(link: &Path) -> PathBuf {
    match fs::read_to_string(link) {
        Ok(text) if !text.contains('\n') && text.trim_end().ends_with("heygen.yaml") => link
            .parent()
            .map_or_else(|| link.to_owned(), |dir| dir.join(text.trim_end())),
        _ => link.to_owned(),
    }
}

/// The linter's findings on the spec text, one line each.
#[cfg(feature = "lint-spec")]
fn lint(text: &str) -> Vec<String> {
    match heygen_spec::Spec::from_yaml(text) {
        Ok(spec) => heygen_spec::lint::structure(&spec)
            .iter()
            .map(ToString::to_string)
            .collect(),
        Err(e) => vec![e.to_string()],
    }
}

/// Without the `lint-spec` feature (outside the workspace) the spec is the packaged, known-good
/// one: nothing to lint.
#[cfg(not(feature = "lint-spec"))]
fn lint(_text: &str) -> Vec<String> {
    Vec::new()
}

/// Stops the build with what went wrong and every finding that names an operation and rule.
fn fail(what: &str, findings: &[String]) -> ! {
    if findings.is_empty() {
        panic!(
            "{what}; the spec linter found nothing (it runs here with the `lint-spec` feature; \
             run `cargo xtask lint-spec`)"
        );
    }
    panic!(
        "{what}. The spec linter found:\n  {}\n",
        findings.join("\n  ")
    );
}

/// Generated doc comments carry `ignore` code fences; rustdoc would list each as an ignored doctest.
fn tidy(source: &str) -> String {
    source.replace("```ignore", "```text")
}

/// Drops operations marked `x-heygen-handwritten: true` (multipart uploads, which progenitor
/// cannot generate): they stay in the spec, where the mock and the conformance checks use
/// them, and the crate provides their client by hand (`src/assets.rs`).
fn skip_handwritten(spec: &mut openapiv3::OpenAPI) {
    let handwritten = |op: &Option<openapiv3::Operation>| {
        op.as_ref().is_some_and(|op| {
            op.extensions.get("x-heygen-handwritten") == Some(&serde_json::Value::Bool(true))
        })
    };
    for item in spec.paths.paths.values_mut() {
        if let openapiv3::ReferenceOr::Item(item) = item {
            for op in [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.options,
                &mut item.head,
                &mut item.patch,
                &mut item.trace,
            ] {
                if handwritten(op) {
                    *op = None;
                }
            }
        }
    }
}
