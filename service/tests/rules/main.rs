//! The service layer's tests, against a real SQLite file and a throw-away PostgreSQL database, one
//! module per capability. They are one test binary, not a file each under `tests/`: each binary links
//! the whole service and its dependencies in release, so twenty of them cost most of a build.

#[macro_use]
mod common;

mod accounts;
mod agenda;
mod api_reads;
mod archive;
mod conferences;
mod correspondence;
mod desk;
mod document_jobs;
mod documents;
mod feedback;
mod files;
mod input;
mod minutes;
mod private_links;
mod query_plans;
mod registration;
mod registration_scale;
mod storage;
