//! The crate README's quick start is the program CI builds from the packaged crate
//! (`tests/consumer`, see `.ci/run`): the two must not drift apart. The README itself is the
//! crate's documentation, so its examples also compile as doctests.

use std::path::Path;

#[test]
fn the_quick_start_is_the_consumer_ci_builds() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    let consumer_path = root.join("../../tests/consumer/src/main.rs");
    let consumer = std::fs::read_to_string(&consumer_path).expect("tests/consumer/src/main.rs");
    let quick_start = readme
        .split_once("## Quick start")
        .and_then(|(_, rest)| rest.split_once("```rust,no_run\n"))
        .and_then(|(_, rest)| rest.split_once("```\n"))
        .map(|(code, _)| code)
        .expect("the README has a ```rust,no_run block under ## Quick start");
    assert!(
        quick_start == consumer,
        "the README's quick start and tests/consumer/src/main.rs differ: copy one onto the other \
         (the consumer is rustfmt-formatted), then run .ci/run's consumer step"
    );
}

#[test]
fn the_spec_in_the_crate_is_the_workspace_spec() {
    // openapi/heygen.yaml here is a symlink (a copy inside the package): never a stale file.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let here = std::fs::read_to_string(root.join("openapi/heygen.yaml")).expect("crate spec");
    let workspace = std::fs::read_to_string(root.join("../../openapi/heygen.yaml")).expect("spec");
    assert!(
        here == workspace,
        "crates/heygen-api/openapi/heygen.yaml differs from openapi/heygen.yaml; restore the \
         symlink: ln -sf ../../../openapi/heygen.yaml crates/heygen-api/openapi/heygen.yaml"
    );
}
