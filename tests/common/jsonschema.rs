//! A small JSON Schema (draft-07) validator for the tests: the keywords the
//! project's schemas use (type, enum, const, properties, required,
//! additionalProperties, items, anyOf, minimum, maximum). `pattern` is not
//! checked. Returns every violation with its JSON path.

use serde_json::Value;

pub fn validate(schema: &Value, value: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    check(schema, value, "$", &mut errors);
    errors
}

fn type_matches(name: &str, value: &Value) -> bool {
    match name {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "boolean" => value.is_boolean(),
        "null" => value.is_null(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        _ => false,
    }
}

fn check(schema: &Value, value: &Value, path: &str, errors: &mut Vec<String>) {
    if let Some(kind) = schema.get("type") {
        let ok = match kind {
            Value::String(name) => type_matches(name, value),
            Value::Array(names) => names
                .iter()
                .filter_map(Value::as_str)
                .any(|n| type_matches(n, value)),
            _ => true,
        };
        if !ok {
            errors.push(format!("{path}: expected type {kind}, found {value}"));
            return;
        }
    }
    if let Some(Value::Array(allowed)) = schema.get("enum")
        && !allowed.contains(value)
    {
        errors.push(format!("{path}: {value} is not one of {allowed:?}"));
    }
    if let Some(constant) = schema.get("const")
        && constant != value
    {
        errors.push(format!("{path}: expected {constant}, found {value}"));
    }
    if let Some(Value::Array(options)) = schema.get("anyOf")
        && !options
            .iter()
            .any(|option| validate(option, value).is_empty())
    {
        errors.push(format!("{path}: matches none of anyOf"));
    }
    if let (Some(min), Some(number)) = (
        schema.get("minimum").and_then(Value::as_f64),
        value.as_f64(),
    ) && number < min
    {
        errors.push(format!("{path}: {number} is below {min}"));
    }
    if let (Some(max), Some(number)) = (
        schema.get("maximum").and_then(Value::as_f64),
        value.as_f64(),
    ) && number > max
    {
        errors.push(format!("{path}: {number} is above {max}"));
    }
    if let Value::Object(map) = value {
        check_object(schema, map, path, errors);
    }
    if let (Some(items), Value::Array(values)) = (schema.get("items"), value) {
        for (i, item) in values.iter().enumerate() {
            check(items, item, &format!("{path}[{i}]"), errors);
        }
    }
}

fn check_object(
    schema: &Value,
    map: &serde_json::Map<String, Value>,
    path: &str,
    errors: &mut Vec<String>,
) {
    let properties = schema.get("properties").and_then(Value::as_object);
    for required in schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(key) = required.as_str()
            && !map.contains_key(key)
        {
            errors.push(format!("{path}: missing required `{key}`"));
        }
    }
    for (key, item) in map {
        let child = format!("{path}.{key}");
        match properties.and_then(|p| p.get(key)) {
            Some(property) => check(property, item, &child, errors),
            None => match schema.get("additionalProperties") {
                Some(Value::Bool(false)) => errors.push(format!("{child}: not allowed")),
                Some(extra @ Value::Object(_)) => check(extra, item, &child, errors),
                _ => {}
            },
        }
    }
}
