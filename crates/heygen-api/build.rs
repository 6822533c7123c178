//! Generates the typed client from `openapi/heygen.yaml` into `OUT_DIR/codegen.rs`.
//!
//! The spec is the single source of truth: edit it, `cargo build`, and the `generated_source`
//! snapshot test shows the change for review. Run `cargo xtask lint-spec` first when a build
//! fails here: progenitor panics without naming the operation, the linter names it.

use std::{env, fs, path::PathBuf};

use progenitor::{GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle};

fn main() {
    let manifest_dir =
        PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let spec_path = manifest_dir.join("../../openapi/heygen.yaml");
    println!("cargo:rerun-if-changed={}", spec_path.display());
    println!("cargo:rerun-if-changed=build.rs");

    let text = fs::read_to_string(&spec_path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", spec_path.display()));
    let spec: openapiv3::OpenAPI = serde_yaml::from_str(&text).unwrap_or_else(|e| {
        panic!(
            "{} is not a valid OpenAPI 3.0 document: {e}",
            spec_path.display()
        )
    });

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
    let mut generator = Generator::new(&settings);
    let tokens = generator.generate_tokens(&spec).unwrap_or_else(|e| {
        panic!("progenitor rejected the spec (try `cargo xtask lint-spec`): {e}")
    });
    let file = syn::parse2(tokens).expect("progenitor emits valid Rust");
    let source = tidy(&prettyplease::unparse(&file));

    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("codegen.rs");
    fs::write(&out, source).unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
}

/// Generated doc comments carry `ignore` code fences; rustdoc would list each as an ignored doctest.
fn tidy(source: &str) -> String {
    source.replace("```ignore", "```text")
}
