//! Explicit `null` for optional request fields, for every JSON operation of the spec without
//! per-operation code: HeyGen's own MCP client sends `"callback_id": null` and the real API takes
//! it, so the mock must too (issue #14). Each operation's request example is sent twice to fresh
//! mocks, once as written and once with every optional property the schema declares set to
//! `null` (in every object of the example), and the two answers must have the same status. The
//! conformance layer checks the nulled requests against the spec on the way in, so a property
//! the spec forgot to mark `nullable` fails there too; the spec linter requires the marks.

use heygen_spec::{Operation, Spec};
use heygen_tests::Mock;
use serde_json::{Map, Value};

/// The schema branch of a `oneOf`/`anyOf` that an example object takes: the one named by the
/// discriminator, else the first whose required properties are all present and that declares
/// every property present.
fn branch<'a>(spec: &'a Spec, schema: &'a Value, object: &Map<String, Value>) -> &'a Value {
    let branches = ["oneOf", "anyOf"]
        .iter()
        .find_map(|k| schema.get(*k).and_then(Value::as_array));
    let Some(branches) = branches else {
        return schema;
    };
    if let Some(discriminator) = schema.get("discriminator") {
        let property = discriminator["propertyName"].as_str().unwrap_or_default();
        if let Some(target) = object
            .get(property)
            .and_then(Value::as_str)
            .and_then(|tag| discriminator["mapping"][tag].as_str())
            .and_then(|r| spec.pointer(r))
        {
            return target;
        }
    }
    branches
        .iter()
        .map(|b| spec.resolve(b))
        .find(|b| {
            let required_present = b["required"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .all(|r| object.contains_key(r));
            let all_declared = object.keys().all(|k| b["properties"].get(k).is_some());
            required_present && all_declared
        })
        .unwrap_or(schema)
}

/// Adds `null` for every optional, nullable property the schema declares and the example
/// leaves out, recursively; returns how many it added.
fn add_nulls(spec: &Spec, schema: &Value, value: &mut Value) -> usize {
    let schema = spec.resolve(schema);
    let mut added = 0;
    if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
        for part in all {
            added += add_nulls(spec, part, value);
        }
    }
    if let Value::Object(object) = value {
        let chosen = branch(spec, schema, object);
        if !std::ptr::eq(chosen, schema) {
            return added + add_nulls(spec, chosen, value);
        }
    }
    match value {
        Value::Object(object) => {
            if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
                let required: Vec<&str> = schema["required"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .collect();
                for (name, property) in properties {
                    match object.get_mut(name) {
                        Some(inner) => added += add_nulls(spec, property, inner),
                        None if !required.contains(&name.as_str())
                            && property["nullable"] == Value::Bool(true) =>
                        {
                            object.insert(name.clone(), Value::Null);
                            added += 1;
                        }
                        None => {}
                    }
                }
            }
            if let Some(extra) = schema.get("additionalProperties").filter(|s| s.is_object()) {
                let declared = schema.get("properties");
                for (name, inner) in object.iter_mut() {
                    if declared.and_then(|d| d.get(name)).is_none() {
                        added += add_nulls(spec, extra, inner);
                    }
                }
            }
        }
        Value::Array(items) => {
            if let Some(item_schema) = schema.get("items") {
                for item in items {
                    added += add_nulls(spec, item_schema, item);
                }
            }
        }
        _ => {}
    }
    added
}

/// The operation's path with each path parameter replaced by its example (or `x`), and its
/// required query parameters appended from their examples.
fn concrete_path(spec: &Spec, op: &Operation) -> String {
    let mut path = op.path.clone();
    let mut query = Vec::new();
    for parameter in op.node["parameters"].as_array().into_iter().flatten() {
        let parameter = spec.resolve(parameter);
        let name = parameter["name"].as_str().unwrap_or_default();
        let example = parameter
            .get("example")
            .or_else(|| parameter["schema"].get("example"))
            .map(|e| e.as_str().map_or_else(|| e.to_string(), str::to_owned))
            .unwrap_or_else(|| "x".to_owned());
        match parameter["in"].as_str() {
            Some("path") => path = path.replace(&format!("{{{name}}}"), &example),
            Some("query") if parameter["required"] == Value::Bool(true) => {
                query.push(format!("{name}={example}"));
            }
            _ => {}
        }
    }
    if query.is_empty() {
        path
    } else {
        format!("{path}?{}", query.join("&"))
    }
}

async fn status_of(op: &Operation, path: &str, body: &Value) -> (u16, Value) {
    let mock = Mock::start().await;
    match op.method.as_str() {
        "POST" => mock.post_json(path, body).await,
        "PATCH" => mock.patch_json(path, body).await,
        "PUT" => mock.put_json(path, body).await,
        other => panic!("{other} with a JSON body"),
    }
}

#[tokio::test]
async fn optional_fields_sent_as_null_are_taken_like_absent_ones() {
    let spec = Spec::embedded();
    let mut checked = Vec::new();
    let mut total_nulls = 0;
    for op in spec.operations() {
        let Some(body) = op.node.get("requestBody").map(|b| spec.resolve(b)) else {
            continue;
        };
        let Some(media) = body["content"].get("application/json") else {
            continue;
        };
        let example = media
            .get("example")
            .unwrap_or_else(|| panic!("{}: a JSON request body needs an example", op.label()));
        let mut nulled = example.clone();
        let added = add_nulls(spec, &media["schema"], &mut nulled);
        if added == 0 {
            continue;
        }
        total_nulls += added;
        let path = concrete_path(spec, op);
        let (plain_status, plain) = status_of(op, &path, example).await;
        let (nulled_status, answer) = status_of(op, &path, &nulled).await;
        assert_eq!(
            nulled_status,
            plain_status,
            "{}: the example answered {plain_status} ({plain}) but with {added} optional fields \
             as null it answered {nulled_status} ({answer}); sent {nulled}",
            op.label()
        );
        checked.push((op.operation_id.clone(), plain_status));
    }
    // Not vacuous: most JSON operations take their example, so most pairs compare successes,
    // and the one a HeyGen client was refused over is among them.
    let successes = checked
        .iter()
        .filter(|(_, s)| (200..300).contains(s))
        .count();
    assert!(
        successes * 2 > checked.len(),
        "too few examples succeed to compare: {checked:?}"
    );
    assert!(
        checked
            .iter()
            .any(|(id, s)| id == "generate_video" && *s == 200),
        "{checked:?}"
    );
    assert!(total_nulls > 50, "only {total_nulls} nulls were tried");
}

#[tokio::test]
async fn heygen_mcp_style_video_request_with_null_callback_id_is_accepted() {
    let mock = Mock::start().await;
    let mut request = heygen_tests::tutorial_video_request();
    request["callback_id"] = Value::Null;
    request["title"] = Value::Null;
    request["video_inputs"][0]["character"]["avatar_style"] = Value::Null;
    let (status, body) = mock.post_json("/v2/video/generate", &request).await;
    assert_eq!(status, 200, "{body}");
    assert!(body["data"]["video_id"].is_string(), "{body}");
}
