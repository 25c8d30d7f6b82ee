//! JSON checked against the server's OpenAPI document by an independent validator (Python's
//! `jsonschema`, see `tests/tools/check_json.py`).

use serde_json::{Value, json};
use std::io::Write;
use std::process::{Command, Stdio};

fn python() -> String {
    let cache = std::env::var("HOINGHI_CACHE")
        .unwrap_or_else(|_| format!("{}/.cache/hoinghi", std::env::var("HOME").unwrap_or_default()));
    let venv = format!("{cache}/venv/bin/python");
    assert!(std::path::Path::new(&venv).exists(), "{venv} missing: run `scripts/bootstrap test`");
    venv
}

fn run(input: Value) -> Result<(), String> {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tools/check_json.py");
    let mut child = Command::new(python())
        .arg(script)
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run the validator: {e}"))?;
    child.stdin.take().expect("stdin").write_all(input.to_string().as_bytes()).map_err(|e| e.to_string())?;
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    if out.status.success() { Ok(()) } else { Err(String::from_utf8_lossy(&out.stderr).into_owned()) }
}

/// Whether `instance` conforms to `schema` (a schema object of `doc`).
pub fn conforms(doc: &Value, schema: &Value, instance: &Value) -> Result<(), String> {
    run(json!({ "doc": doc, "schema": schema, "instance": instance }))
}

/// Whether the document itself is a valid OpenAPI document.
pub fn valid_document(doc: &Value) -> Result<(), String> {
    run(json!({ "doc": doc }))
}
