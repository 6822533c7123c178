//! OpenAPI 3.0 schema objects as JSON Schema draft 7.
//!
//! OpenAPI 3.0 schemas are not quite JSON Schema: `nullable` becomes a `null` type, `$ref`s
//! point into `definitions`, and a `oneOf` with a `discriminator` becomes `if`/`then` branches
//! so that errors name the field inside the chosen variant instead of "not valid under any of
//! the schemas".

use serde_json::{Map, Value, json};

/// A self-contained JSON Schema document for `schema`, with every component schema of `doc`
/// as a definition (`strict`: see [`crate::Spec::json_schema`]).
pub fn document(doc: &Value, schema: &Value, strict: bool) -> Value {
    let mut definitions = Map::new();
    if let Some(schemas) = doc
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

/// Converts one OpenAPI 3.0 schema object into JSON Schema draft 7 (`strict`: see
/// [`crate::Spec::json_schema`]).
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
    // A `$ref` or composition refuses null on its own (an enum behind `allOf`), whatever the
    // `type` beside it says, so null is then allowed beside the whole schema instead.
    let composed = ["allOf", "anyOf", "oneOf", "$ref"]
        .iter()
        .any(|k| out.contains_key(*k));
    match out.get("type").cloned() {
        Some(Value::String(t)) if !composed => {
            out.insert("type".into(), json!([t, "null"]));
            if let Some(Value::Array(values)) = out.get_mut("enum") {
                values.push(Value::Null);
            }
            Value::Object(out)
        }
        _ => json!({"anyOf": [{"type": "null"}, Value::Object(out)]}),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nullable_converts_to_a_null_type() {
        let s = to_json_schema(
            &json!({"type": "string", "nullable": true, "enum": ["a"]}),
            false,
        );
        assert_eq!(s, json!({"type": ["string", "null"], "enum": ["a", null]}));
    }

    #[test]
    fn a_nullable_wrapper_of_a_ref_takes_null_beside_it() {
        let s = to_json_schema(
            &json!({
                "type": "string",
                "nullable": true,
                "allOf": [{"$ref": "#/components/schemas/Style"}]
            }),
            false,
        );
        assert_eq!(
            s,
            json!({"anyOf": [
                {"type": "null"},
                {"type": "string", "allOf": [{"$ref": "#/definitions/Style"}]}
            ]})
        );
    }

    #[test]
    fn strict_schemas_forbid_undeclared_properties() {
        let s = to_json_schema(&json!({"type": "object", "properties": {"a": {}}}), true);
        assert_eq!(s["additionalProperties"], json!(false));
        let loose = to_json_schema(&json!({"type": "object", "properties": {"a": {}}}), false);
        assert!(loose.get("additionalProperties").is_none());
    }
}
