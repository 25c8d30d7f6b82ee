//! The OpenAPI document, generated from the handlers' annotations (so it cannot drift from the code).

use super::error::{ErrorBody, ErrorDetail, FieldProblem};
use super::tokens::TokenRequest;
use axum::Json;
use hoinghi_domain::account::{ApiToken, NewApiToken};
use hoinghi_domain::agenda::{
    AgendaDraft, AgendaVersion, Change, Conflict, Material, PublicAgenda, PublicSession, PublicSessionPerson,
    PublishedPerson, Room, RoomInput, Session, SessionInput, SessionKind, SessionPerson, Track, TrackInput,
};
use hoinghi_domain::conference::{Conference, ConferenceInput, ConferenceKind, ConferenceStatus};
use hoinghi_domain::people::{Person, PersonInput, PersonRole, PersonSummary, PublicSpeaker, SpeakerSession};
use hoinghi_domain::reference::{AdminUnit, Agency, AgencyRef, Unit};
use hoinghi_domain::registration::{
    Answer, ClassQuota, ClassQuotaInput, DelegateGroup, DelegateList, PublicRegistrationState, Quotas, Registration,
    RegistrationCounts, RegistrationInput, RegistrationSettings, RegistrationStatus, SessionChoice, SettingsInput,
    UnitQuota,
};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "hoinghi API", description = "Review and training conferences. Errors: {\"error\": {\"code\", \"message\", \"fields\"}}; messages follow Accept-Language (vi by default, en)."),
    paths(
        super::conferences::list, super::conferences::get, super::conferences::create, super::conferences::update,
        super::conferences::publish, super::conferences::close, super::conferences::export, super::conferences::import,
        super::tokens::list, super::tokens::create, super::tokens::revoke,
        super::reference::admin_units,
        super::agenda::published, super::agenda::sessions, super::agenda::session, super::agenda::people,
        super::agenda::draft, super::agenda::create, super::agenda::update, super::agenda::delete,
        super::agenda::publish, super::agenda::versions, super::agenda::create_room, super::agenda::create_track,
        super::agenda::create_person, super::agenda::add_person,
        super::registrations::public_state, super::registrations::list, super::registrations::create,
        super::registrations::get, super::registrations::approve, super::registrations::reject,
        super::registrations::cancel, super::registrations::check_in, super::registrations::reset_calendar,
        super::registrations::settings,
        super::registrations::quota, super::registrations::quotas, super::registrations::class_quota,
        super::registrations::agencies, super::registrations::create_agency,
        super::registrations::create_unit,
    ),
    components(schemas(
        Conference, ConferenceInput, ConferenceKind, ConferenceStatus, AgencyRef, AdminUnit,
        ApiToken, NewApiToken, TokenRequest, ErrorBody, ErrorDetail, FieldProblem,
        PublicAgenda, PublicSession, PublicSessionPerson, Room, Track, Material, SessionKind, PersonRole,
        PublicSpeaker, PublishedPerson, SpeakerSession, AgendaDraft, Session, SessionPerson, SessionInput,
        Conflict, AgendaVersion, Change, PersonSummary, RoomInput, TrackInput, Person, PersonInput,
        super::agenda::RoleRequest,
        PublicRegistrationState, DelegateList, DelegateGroup, Registration, RegistrationInput, RegistrationCounts,
        RegistrationStatus, SessionChoice, Answer, RegistrationSettings, SettingsInput, Agency, Unit,
        Quotas, UnitQuota, ClassQuota, ClassQuotaInput,
        hoinghi_service::reference::AgencyInput, hoinghi_service::reference::UnitInput,
        super::registrations::Reason, super::registrations::CheckinRequest, super::registrations::QuotaRequest,
    )),
    modifiers(&TokenAuth),
    tags((name = "conferences"), (name = "agenda"), (name = "registration"), (name = "tokens"), (name = "reference"))
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

pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
