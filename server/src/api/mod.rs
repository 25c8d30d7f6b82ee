//! The JSON API under `/api/v1`, for integrations. Authenticated by organizer API tokens
//! (`Authorization: Bearer hn_…`), described by the OpenAPI document at `/api/v1/openapi.json`.
//! Every handler is a thin adapter over the service layer.
//!
//! Each resource has its own module with its handlers and its [`Routes`]; the router is built from
//! those only, and [`Routes`] records what it serves as it adds it, so a test can hold the router and
//! the OpenAPI document to each other (`tests::every_route_is_documented_and_every_document_path_served`).

mod agenda;
mod checkin;
mod conferences;
mod documents;
pub(crate) mod error;
mod extract;
mod feedback;
mod lookup;
mod minutes;
mod openapi;
mod people;
mod questions;
mod recommendations;
mod reference;
mod registrations;
mod roles;
mod rooms;
mod tokens;
mod tracks;

use crate::http::AppState;
use axum::Router;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::{self, MethodRouter};

/// Routes of the API and, beside them, the (method, path) pairs they serve, recorded by the same call.
pub struct Routes {
    router: Router<AppState>,
    served: Vec<(Method, &'static str)>,
}

impl Routes {
    fn new() -> Self {
        Routes { router: Router::new(), served: Vec::new() }
    }

    fn add(mut self, method: Method, path: &'static str, route: MethodRouter<AppState>) -> Self {
        // The same path may be added once per method: axum merges the method routers.
        self.router = self.router.route(path, route);
        self.served.push((method, path));
        self
    }

    fn get<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, handler: H) -> Self {
        self.add(Method::GET, path, routing::get(handler))
    }

    fn post<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, handler: H) -> Self {
        self.add(Method::POST, path, routing::post(handler))
    }

    fn put<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, handler: H) -> Self {
        self.add(Method::PUT, path, routing::put(handler))
    }

    fn delete<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, handler: H) -> Self {
        self.add(Method::DELETE, path, routing::delete(handler))
    }

    /// A multipart upload: its body limit is the upload family's (`http::route_family`).
    fn put_upload<H: Handler<T, AppState>, T: 'static>(self, path: &'static str, handler: H) -> Self {
        self.add(Method::PUT, path, routing::put(handler))
    }

    fn merge(mut self, other: Routes) -> Self {
        self.router = self.router.merge(other.router);
        self.served.extend(other.served);
        self
    }
}

/// Every route of the API, one resource after another.
fn routes() -> Routes {
    Routes::new()
        .get("/openapi.json", openapi::document)
        .merge(conferences::routes())
        .merge(agenda::routes())
        .merge(rooms::routes())
        .merge(tracks::routes())
        .merge(people::routes())
        .merge(roles::routes())
        .merge(registrations::routes())
        .merge(questions::routes())
        .merge(checkin::routes())
        .merge(feedback::routes())
        .merge(recommendations::routes())
        .merge(minutes::routes())
        .merge(documents::routes())
        .merge(tokens::routes())
        .merge(reference::routes())
}

pub fn router() -> Router<AppState> {
    // The 405 answer is set on the routes present, so it comes after all of them.
    routes().router.method_not_allowed_fallback(error::method_not_allowed).fallback(error::not_found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use utoipa::OpenApi;

    /// The router serves exactly what the OpenAPI document describes: the same paths with the same
    /// methods. (The end-to-end suite also asks the running server each documented path with a method
    /// it does not take and compares the `Allow` header with the document.)
    #[test]
    fn every_route_is_documented_and_every_document_path_served() {
        let served: BTreeSet<(String, String)> =
            routes().served.iter().map(|(m, p)| (m.as_str().to_string(), format!("/api/v1{p}"))).collect();
        let doc = openapi::ApiDoc::openapi();
        let documented: BTreeSet<(String, String)> = doc
            .paths
            .paths
            .iter()
            .flat_map(|(path, item)| {
                let methods = [
                    ("GET", item.get.is_some()),
                    ("PUT", item.put.is_some()),
                    ("POST", item.post.is_some()),
                    ("DELETE", item.delete.is_some()),
                    ("OPTIONS", item.options.is_some()),
                    ("HEAD", item.head.is_some()),
                    ("PATCH", item.patch.is_some()),
                    ("TRACE", item.trace.is_some()),
                ];
                methods.into_iter().filter(|(_, on)| *on).map(move |(m, _)| (m.to_string(), path.clone()))
            })
            .collect();
        let undocumented: Vec<_> = served.difference(&documented).collect();
        let unserved: Vec<_> = documented.difference(&served).collect();
        assert!(undocumented.is_empty(), "served but not in the OpenAPI document: {undocumented:?}");
        assert!(unserved.is_empty(), "in the OpenAPI document but not served: {unserved:?}");
        assert_eq!(served.len(), routes().served.len(), "a route added twice");
        println!("{} routes, all documented", served.len());
    }

    /// Every `$ref` of the document names a schema it holds.
    #[test]
    fn every_reference_resolves() {
        let doc = serde_json::to_value(openapi::ApiDoc::openapi()).unwrap();
        if let Ok(path) = std::env::var("HOINGHI_WRITE_OPENAPI") {
            std::fs::write(path, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
        }
        fn refs(v: &serde_json::Value, out: &mut Vec<String>) {
            match v {
                serde_json::Value::Object(m) => {
                    if let Some(r) = m.get("$ref").and_then(|r| r.as_str()) {
                        out.push(r.to_string());
                    }
                    m.values().for_each(|x| refs(x, out));
                }
                serde_json::Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
                _ => {}
            }
        }
        let mut found = Vec::new();
        refs(&doc, &mut found);
        assert!(!found.is_empty());
        for r in found {
            let name = r.strip_prefix("#/components/schemas/").unwrap_or_else(|| panic!("unexpected reference {r}"));
            assert!(doc["components"]["schemas"][name].is_object(), "{r} does not resolve");
        }
    }

    /// Every operation has a unique id, a tag, and documents its error answers in the error format.
    #[test]
    fn operations_are_named_tagged_and_document_their_errors() {
        let doc = serde_json::to_value(openapi::ApiDoc::openapi()).unwrap();
        let mut ids = BTreeSet::new();
        for (path, item) in doc["paths"].as_object().unwrap() {
            for (method, op) in item.as_object().unwrap() {
                let id = op["operationId"].as_str().unwrap_or_else(|| panic!("{method} {path}: no operationId"));
                assert!(ids.insert(id.to_string()), "{id} used twice");
                assert!(op["tags"].as_array().is_some_and(|t| !t.is_empty()), "{id}: no tag");
                for (status, answer) in op["responses"].as_object().unwrap() {
                    if status.starts_with('4') && status != "405" {
                        let schema = &answer["content"]["application/json"]["schema"]["$ref"];
                        assert!(
                            schema.as_str().is_some_and(|r| r.ends_with("/ErrorBody") || r.ends_with("Conflict")),
                            "{id}: answer {status} is not in the error format"
                        );
                    }
                }
            }
        }
    }
}
