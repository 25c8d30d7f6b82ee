//! JSON checked against the server's OpenAPI document by an independent validator (Python's
//! `jsonschema`, see `tests/tools/check_json.py`).

use serde_json::{Value, json};

fn run(input: Value) -> Result<(), String> {
    crate::tools::run("check_json.py", &[], input.to_string().as_bytes()).map(|_| ())
}

/// Whether `instance` conforms to `schema` (a schema object of `doc`).
pub fn conforms(doc: &Value, schema: &Value, instance: &Value) -> Result<(), String> {
    run(json!({ "doc": doc, "schema": schema, "instance": instance }))
}

/// Whether the document itself is a valid OpenAPI document.
pub fn valid_document(doc: &Value) -> Result<(), String> {
    run(json!({ "doc": doc }))
}
