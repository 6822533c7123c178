//! The generated client as a reviewable snapshot: edit `openapi/heygen.yaml`, run `cargo test`,
//! and the diff of `snapshots/generated_source__codegen.snap` shows what changed for users.
//! Accept an intended change with `INSTA_UPDATE=always cargo test -p heygen-api` (or
//! `cargo insta review`).

#[test]
fn codegen() {
    insta::assert_snapshot!(heygen_api::GENERATED_SOURCE);
}

#[test]
fn every_operation_has_a_method() {
    let operations = heygen_spec::Spec::embedded().operations();
    assert!(!operations.is_empty(), "the spec has operations");
    for op in operations.iter().filter(|op| !op.is_handwritten()) {
        // prettyplease wraps long signatures, so `&self` may follow on the next line.
        let opening = format!("pub fn {}(", op.operation_id);
        let method = heygen_api::GENERATED_SOURCE
            .match_indices(&opening)
            .any(|(at, _)| {
                heygen_api::GENERATED_SOURCE[at + opening.len()..]
                    .trim_start()
                    .starts_with("&self")
            });
        assert!(method, "no client method for {}", op.label());
    }
}
