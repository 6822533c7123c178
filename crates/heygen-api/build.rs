//! Generates the typed client from `openapi/heygen.yaml` into `OUT_DIR/codegen.rs`.
//!
//! The spec is the single source of truth: edit it, `cargo build`, and the `generated_source`
//! snapshot test shows the change for review. The spec linter (`heygen-spec`, the same rules as
//! `cargo xtask lint-spec`) runs first: its findings are printed as build warnings, and when
//! progenitor cannot generate (it panics without naming the operation) the build fails with
//! the findings that name the operation and the rule.

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
    let findings = lint(&text);
    for finding in &findings {
        println!("cargo:warning=openapi/heygen.yaml: {finding}");
    }
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

/// The linter's findings on the spec text, one line each.
fn lint(text: &str) -> Vec<String> {
    match heygen_spec::Spec::from_yaml(text) {
        Ok(spec) => heygen_spec::lint::structure(&spec)
            .iter()
            .map(ToString::to_string)
            .collect(),
        Err(e) => vec![e.to_string()],
    }
}

/// Stops the build with what went wrong and every finding that names an operation and rule.
fn fail(what: &str, findings: &[String]) -> ! {
    if findings.is_empty() {
        panic!("{what}; the spec linter found nothing (run `cargo xtask lint-spec`)");
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
