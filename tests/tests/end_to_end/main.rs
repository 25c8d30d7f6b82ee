//! The end-to-end tests: the real `hoinghi` binary over HTTP and in headless Chromium, one module per
//! subject. They are one test binary, not a file each under `tests/`: each binary links reqwest,
//! fantoccini and sqlx in release, so two dozen of them cost minutes of every build.

mod agenda_http;
mod api;
mod api_agenda;
mod api_feedback;
mod api_minutes;
mod api_registration;
mod archive_cli;
mod authorization;
mod bad_input_http;
mod browser_agenda;
mod browser_conferences;
mod browser_correspondence;
mod browser_desk;
mod browser_feedback;
mod browser_registration;
mod browser_security;
mod calendar_http;
mod conferences_http;
mod correspondence_http;
mod documents_http;
mod hostile;
mod registration_http;
mod site;
