//! Structured logs: human-readable by default, one JSON object per line with `format = "json"`.

use crate::config::Log;
use tracing_subscriber::EnvFilter;

pub fn init(log: &Log) {
    let filter = EnvFilter::try_new(&log.filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let _ = if log.format == "json" { builder.json().flatten_event(true).try_init() } else { builder.try_init() };
}
