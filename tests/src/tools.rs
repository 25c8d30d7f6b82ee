//! The independent checkers of `tests/tools`, run in the Python environment `scripts/bootstrap test`
//! prepares.

use std::io::Write;
use std::process::{Command, Stdio};

pub fn python() -> String {
    let cache = std::env::var("HOINGHI_CACHE")
        .unwrap_or_else(|_| format!("{}/.cache/hoinghi", std::env::var("HOME").unwrap_or_default()));
    let venv = format!("{cache}/venv/bin/python");
    assert!(std::path::Path::new(&venv).exists(), "{venv} missing: run `scripts/bootstrap test`");
    venv
}

/// Runs `program tests/tools/<script> args…`, feeding `input`; Ok with its output when it exits 0, else
/// its stderr.
fn run_script(program: &str, script: &str, args: &[&str], input: &[u8]) -> Result<String, String> {
    let path = format!("{}/tools/{script}", crate::tests_dir().display());
    let mut child = Command::new(program)
        .arg(&path)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run {program} {script}: {e}"))?;
    child.stdin.take().expect("stdin").write_all(input).map_err(|e| e.to_string())?;
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

/// Runs a Python checker of `tests/tools` with `args`, feeding `input`.
pub fn run(script: &str, args: &[&str], input: &[u8]) -> Result<String, String> {
    run_script(&python(), script, args, input)
}

/// Runs a Node checker of `tests/tools` (ical.js), feeding `input`.
pub fn node(script: &str, input: &[u8]) -> Result<String, String> {
    run_script("node", script, &[], input)
}

/// Where the tests' data files are.
pub fn data(name: &str) -> String {
    format!("{}/data/{name}", crate::tests_dir().display())
}
