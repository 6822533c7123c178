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
    for op in operations {
        assert!(
            heygen_api::GENERATED_SOURCE.contains(&format!("pub fn {}(&self)", op.operation_id)),
            "no client method for {}",
            op.label()
        );
    }
}
