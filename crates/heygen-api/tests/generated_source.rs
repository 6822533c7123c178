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
    let spec: serde_json::Value =
        serde_yaml::from_str(include_str!("../../../openapi/heygen.yaml")).expect("spec parses");
    let paths = spec["paths"].as_object().expect("paths");
    let mut ids = Vec::new();
    for item in paths.values() {
        for op in item.as_object().expect("path item").values() {
            if let Some(id) = op.get("operationId").and_then(|v| v.as_str()) {
                ids.push(id.to_owned());
            }
        }
    }
    assert_eq!(ids.len(), 20);
    for id in ids {
        assert!(
            heygen_api::GENERATED_SOURCE.contains(&format!("pub fn {id}(&self)")),
            "no client method for operation {id}"
        );
    }
}
