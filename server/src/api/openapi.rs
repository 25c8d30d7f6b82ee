//! The OpenAPI document, generated from the handlers' annotations (so it cannot drift from the code);
//! `super::tests` holds it to the router.

use super::error::{ErrorBody, ErrorDetail, FieldProblem};
use axum::Json;
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::response::ResponseBuilder;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{Content, Ref, RefOr};
use utoipa::{Modify, OpenApi};

const DESCRIPTION: &str = "Review and training conferences: agenda, people, registration, check-in, feedback, \
recommendations, minutes and printed documents.

**Authentication.** Public reads need nothing; everything else needs an organizer's API token \
(`Authorization: Bearer hn_…`). The first token of an account comes from `hoinghi create-token --email …` on \
the server, or from \"Khóa API\" on the site while signed in. A token cannot create tokens.

**Errors** are `{\"error\": {\"code\", \"message\", \"fields\"}}` with the status the code implies: \
`invalid` 422 (one entry in `fields` per wrong field), `rejected` and `conflict` 409, `not_found` 404 (also for \
any address under /api/v1 that does not exist), `method_not_allowed` 405 (with an `Allow` header), \
`unauthorized` 401, `forbidden` 403, `rate_limited` 429 (with `Retry-After`), `too_large` 413, `bad_request` 400, \
`internal` 500, `unavailable` 503 (nothing was changed: send the same request again). Messages follow \
`Accept-Language` (Vietnamese by default, English).

**Lists** come a page at a time as `{\"items\", \"total\", \"limit\", \"offset\", \"next_offset\"}`. Ask with \
`limit` (1–1000, 100 by default) and `offset` (0 by default); read the next page at `next_offset` until it is \
null. Each list has a stable order, given with it, ending in the id, so pages neither repeat nor skip items \
while the list does not change.";

#[derive(OpenApi)]
#[openapi(
    info(title = "hoinghi API", description = DESCRIPTION),
    paths(
        document,
        super::conferences::list, super::conferences::get, super::conferences::create, super::conferences::update,
        super::conferences::publish, super::conferences::close, super::conferences::export, super::conferences::import,
        super::agenda::published, super::agenda::sessions, super::agenda::session, super::agenda::people,
        super::agenda::draft, super::agenda::create, super::agenda::get, super::agenda::update, super::agenda::delete,
        super::agenda::publish, super::agenda::versions,
        super::rooms::list, super::rooms::create, super::rooms::get, super::rooms::update, super::rooms::delete,
        super::tracks::list, super::tracks::create, super::tracks::get, super::tracks::update, super::tracks::delete,
        super::people::list, super::people::create, super::people::get, super::people::update, super::people::delete,
        super::people::set_photo, super::people::remove_photo,
        super::roles::list, super::roles::add, super::roles::remove,
        super::registrations::public_state, super::registrations::list, super::registrations::create,
        super::registrations::csv, super::registrations::xlsx, super::registrations::get_settings,
        super::registrations::settings, super::registrations::quota, super::registrations::quotas,
        super::registrations::class_quota, super::registrations::get,
        super::registrations::approve, super::registrations::reject, super::registrations::cancel,
        super::registrations::reset_calendar,
        super::questions::list, super::questions::create, super::questions::get, super::questions::update,
        super::questions::delete,
        super::checkin::search, super::checkin::check_in, super::checkin::undo,
        super::feedback::list, super::feedback::create, super::feedback::get, super::feedback::update,
        super::feedback::open, super::feedback::close, super::feedback::add_question, super::feedback::delete_question,
        super::feedback::results, super::feedback::results_csv, super::feedback::results_xlsx, super::feedback::report_pdf,
        super::recommendations::list, super::recommendations::create, super::recommendations::get,
        super::recommendations::update,
        super::minutes::get, super::minutes::save, super::minutes::review, super::minutes::back_to_draft,
        super::minutes::finalize, super::minutes::correct,
        super::documents::minutes, super::documents::agenda, super::documents::delegates, super::documents::signin,
        super::documents::badges, super::documents::certificates,
        super::tokens::list, super::tokens::create, super::tokens::revoke,
        super::reference::admin_units, super::reference::agencies, super::reference::create_agency,
        super::reference::create_unit,
    ),
    components(schemas(ErrorBody, ErrorDetail, FieldProblem)),
    modifiers(&TokenAuth, &CommonAnswers),
    tags(
        (name = "conferences"), (name = "agenda", description = "The published agenda (public) and the organizers' draft"),
        (name = "rooms"), (name = "tracks"), (name = "people", description = "Speakers, trainers, chairs… with contact details and photo"),
        (name = "session-roles", description = "Who has which role in a session"),
        (name = "registration"), (name = "registration-questions", description = "The registration form's own questions"),
        (name = "checkin"), (name = "feedback"), (name = "recommendations"), (name = "minutes", description = "Biên bản"),
        (name = "documents", description = "PDFs in the official layout"), (name = "tokens"), (name = "reference"),
        (name = "meta"),
    )
)]
pub struct ApiDoc;

struct TokenAuth;

impl Modify for TokenAuth {
    fn modify(&self, api: &mut utoipa::openapi::OpenApi) {
        let components = api.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("An organizer API token (hn_…)"))
                    .build(),
            ),
        );
    }
}

/// Answers every operation can give, added where a handler's annotation does not list them: 401 and
/// 403 where a token is needed, 404 where the path names something, 400 and 422 where a body or query is
/// read.
struct CommonAnswers;

fn error_answer(description: &str) -> RefOr<utoipa::openapi::Response> {
    ResponseBuilder::new()
        .description(description)
        .content("application/json", Content::new(Some(Ref::from_schema_name("ErrorBody"))))
        .build()
        .into()
}

impl CommonAnswers {
    fn complete(op: &mut Operation) {
        let secured = op.security.as_ref().is_some_and(|s| !s.is_empty());
        let params = op.parameters.as_deref().unwrap_or_default();
        let in_path = params.iter().any(|p| matches!(p.parameter_in, ParameterIn::Path));
        let in_query = params.iter().any(|p| matches!(p.parameter_in, ParameterIn::Query));
        let body = op.request_body.is_some();
        let mut add = |status: &str, description: &str| {
            op.responses.responses.entry(status.to_string()).or_insert_with(|| error_answer(description));
        };
        if secured {
            add("401", "No token, or one that is not valid (code `unauthorized`)");
            add("403", "The token's account may not do this (code `forbidden`)");
        }
        if in_path {
            add("404", "Nothing with that name or id, or not visible to the caller (code `not_found`)");
        }
        if body {
            add("400", "The body is not JSON of the expected content type (code `bad_request`)");
            add("422", "Some fields are wrong: one entry per field (code `invalid`)");
        }
        if in_query {
            add("422", "A query parameter is wrong (code `invalid`)");
        }
    }
}

impl Modify for CommonAnswers {
    fn modify(&self, api: &mut utoipa::openapi::OpenApi) {
        for item in api.paths.paths.values_mut() {
            for op in [&mut item.get, &mut item.put, &mut item.post, &mut item.delete].into_iter().flatten() {
                CommonAnswers::complete(op);
            }
        }
    }
}

/// This document.
#[utoipa::path(get, operation_id = "get_openapi_document", path = "/api/v1/openapi.json", tag = "meta",
    responses((status = 200, description = "The OpenAPI 3.1 document of this API", body = Object)))]
pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
