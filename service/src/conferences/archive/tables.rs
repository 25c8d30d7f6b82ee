//! What the archive holds, table by table: every conference-scoped table of the schema, its columns and
//! how each is written. The archive's tables mirror the database's (same names, same columns), except
//! that ids become archive numbers, accounts become emails, units become numbers in the archive's own
//! list, and file bytes travel beside the JSON. A test compares this list with the schema, so a new
//! migration cannot add a conference's table that the archive forgets.

/// How one column is written in the archive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// The row's own id, written as its archive number (1, 2, … in id order).
    Id,
    /// The conference's id (or, in `conferences`, the row's own): not written, an archive holds one
    /// conference.
    Conference,
    /// An id of a row of an archived table, written as that row's archive number.
    Ref(&'static str),
    /// An account, written as its email.
    User,
    /// A unit of an agency, written as its number in the archive's `units`.
    Unit,
    /// An agency (the conference's, or the one whose register numbered a document), written as its name.
    Agency,
    Int,
    Text,
    Flag,
    /// A published agenda version: JSON whose ids are written as archive numbers (see `snapshot.rs`).
    Snapshot,
    /// JSON text, written as the JSON value itself.
    Json,
    /// A stored file's bytes: not in the JSON, but beside it as `files/<sha256>`.
    Bytes,
    /// Not written: an anonymous feedback submission's edit tag, an HMAC under the server secret that
    /// names (form, registration). It would let the secret's holder pair submissions with respondents,
    /// and cannot survive new ids anyway; the import derives what it can (see `restore.rs`).
    EditTag,
    /// The hash of a unit's nomination link, written only as whether the unit has a link (`true`/`false`).
    /// The link is an HMAC of (conference, unit, generation) under the server secret, so it cannot survive
    /// new ids; the import gives the unit the link of the same generation for its new ids (see
    /// `restore.rs`), so everything the importing site shows, mails and prints carries a working link.
    NominationLink,
}

/// What a value must be to be imported, beyond its type (the database checks the rest).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Check {
    None,
    OneOf(&'static [&'static str]),
    /// An ISO date.
    Date,
    /// Minutes' content: JSON the minutes editor reads.
    MinutesContent,
    /// An issued document's content: empty (a number given to a document made outside the system) or the
    /// letter its PDF is made from again.
    Letter,
    /// The kind of a correspondence draft.
    DraftKind,
    /// A correspondence draft's saved text: JSON of the text its kind edits (the row's `kind`).
    DraftContent,
}

#[derive(Clone, Copy, Debug)]
pub(super) struct Column {
    pub name: &'static str,
    pub kind: Kind,
    pub check: Check,
}

const fn c(name: &'static str, kind: Kind) -> Column {
    Column { name, kind, check: Check::None }
}

const fn checked(name: &'static str, kind: Kind, check: Check) -> Column {
    Column { name, kind, check }
}

pub(super) struct Table {
    pub name: &'static str,
    pub columns: &'static [Column],
    /// The rows of the conference `$1`.
    pub scope: &'static str,
    /// Whether rows of other tables (or published versions) point at this one's ids, so the import must
    /// learn each new id as it inserts.
    pub referenced: bool,
}

impl Table {
    pub fn has_id(&self) -> bool {
        self.columns.iter().any(|c| c.kind == Kind::Id)
    }
}

use Kind::*;

const CONFERENCE: &str = "conference_id = $1";
const OF_SESSIONS: &str = "session_id IN (SELECT id FROM sessions WHERE conference_id = $1)";
const OF_REGISTRATIONS: &str = "registration_id IN (SELECT id FROM registrations WHERE conference_id = $1)";
const OF_FORMS: &str = "form_id IN (SELECT id FROM feedback_forms WHERE conference_id = $1)";

/// Every table of a conference, parents before children (the order of the import).
pub(super) const TABLES: &[Table] = &[
    Table {
        name: "conferences",
        scope: "id = $1",
        referenced: false,
        columns: &[
            c("id", Conference),
            c("slug", Text),
            c("title", Text),
            c("kind", Text),
            c("status", Text),
            checked("starts_on", Text, Check::Date),
            checked("ends_on", Text, Check::Date),
            c("time_zone", Text),
            c("venue_name", Text),
            c("venue_address", Text),
            c("capacity", Int),
            c("description", Text),
            c("agency_id", Agency),
            c("created_by", User),
            c("created_at", Int),
            c("updated_at", Int),
            c("published_at", Int),
            c("closed_at", Int),
        ],
    },
    Table {
        name: "conference_organizers",
        scope: CONFERENCE,
        referenced: false,
        columns: &[c("conference_id", Conference), c("user_id", User)],
    },
    Table {
        name: "files",
        scope: CONFERENCE,
        referenced: true,
        columns: &[
            c("id", Id),
            c("conference_id", Conference),
            c("sha256", Text),
            c("content_type", Text),
            c("size", Int),
            c("name", Text),
            c("data", Bytes),
            c("created_at", Int),
            c("access_key", Text),
        ],
    },
    Table {
        name: "rooms",
        scope: CONFERENCE,
        referenced: true,
        columns: &[
            c("id", Id),
            c("conference_id", Conference),
            c("name", Text),
            c("capacity", Int),
            c("position", Int),
        ],
    },
    Table {
        name: "tracks",
        scope: CONFERENCE,
        referenced: true,
        columns: &[c("id", Id), c("conference_id", Conference), c("name", Text), c("color", Text), c("position", Int)],
    },
    Table {
        name: "people",
        scope: CONFERENCE,
        referenced: true,
        columns: &[
            c("id", Id),
            c("conference_id", Conference),
            c("family_name", Text),
            c("middle_name", Text),
            c("given_name", Text),
            c("honorific", Text),
            c("position_title", Text),
            c("organization", Text),
            c("biography", Text),
            c("photo_file_id", Ref("files")),
            c("email", Text),
            c("phone", Text),
            c("search_key", Text),
            c("created_at", Int),
            c("updated_at", Int),
        ],
    },
    Table {
        name: "sessions",
        scope: CONFERENCE,
        referenced: true,
        columns: &[
            c("id", Id),
            c("conference_id", Conference),
            c("uid", Text),
            c("kind", Text),
            c("title", Text),
            c("description", Text),
            c("starts_at", Int),
            c("ends_at", Int),
            c("room_id", Ref("rooms")),
            c("track_id", Ref("tracks")),
            c("capacity", Int),
            c("plenary", Flag),
            c("cancelled", Flag),
            c("created_at", Int),
            c("updated_at", Int),
        ],
    },
    Table {
        name: "session_people",
        scope: OF_SESSIONS,
        referenced: false,
        columns: &[
            c("session_id", Ref("sessions")),
            c("person_id", Ref("people")),
            c("role", Text),
            c("position", Int),
        ],
    },
    Table {
        name: "session_materials",
        scope: OF_SESSIONS,
        referenced: true,
        columns: &[
            c("id", Id),
            c("session_id", Ref("sessions")),
            c("title", Text),
            c("url", Text),
            c("file_id", Ref("files")),
            c("position", Int),
        ],
    },
    Table {
        name: "agenda_versions",
        scope: CONFERENCE,
        referenced: false,
        columns: &[
            c("id", Id),
            c("conference_id", Conference),
            c("number", Int),
            c("published_at", Int),
            c("published_by", User),
            c("snapshot", Snapshot),
            c("changes", Json),
        ],
    },
    Table {
        name: "registration_settings",
        scope: CONFERENCE,
        referenced: false,
        columns: &[
            c("conference_id", Conference),
            c("opens_at", Int),
            c("closes_at", Int),
            c("requires_approval", Flag),
            c("waitlist", Flag),
            c("default_unit_quota", Int),
        ],
    },
    Table {
        name: "unit_quotas",
        scope: CONFERENCE,
        referenced: false,
        columns: &[c("conference_id", Conference), c("unit_id", Unit), c("quota", Int)],
    },
    Table {
        name: "class_quotas",
        scope: CONFERENCE,
        referenced: false,
        columns: &[c("conference_id", Conference), c("session_uid", Text), c("unit_id", Unit), c("quota", Int)],
    },
    Table {
        name: "registration_questions",
        scope: CONFERENCE,
        referenced: true,
        columns: &[
            c("id", Id),
            c("conference_id", Conference),
            c("kind", Text),
            c("label", Text),
            c("help", Text),
            c("options", Json),
            c("required", Flag),
            c("position", Int),
        ],
    },
    Table {
        name: "registrations",
        scope: CONFERENCE,
        referenced: true,
        columns: &[
            c("id", Id),
            c("conference_id", Conference),
            c("code", Text),
            c("token_hash", Text),
            c("family_name", Text),
            c("middle_name", Text),
            c("given_name", Text),
            c("gender", Text),
            c("position_title", Text),
            c("unit_id", Unit),
            c("organization", Text),
            c("admin_unit_code", Text),
            c("phone", Text),
            c("phone_key", Text),
            c("email", Text),
            c("email_key", Text),
            c("accommodation", Flag),
            c("dietary", Text),
            c("consent_at", Int),
            checked("locale", Text, Check::OneOf(&["vi", "en"])),
            c("status", Text),
            c("status_reason", Text),
            c("waitlisted_at", Int),
            c("search_key", Text),
            c("source", Text),
            c("created_at", Int),
            c("updated_at", Int),
            c("calendar_generation", Int),
            c("link_generation", Int),
            c("previous_token_hash", Text),
            c("badge_role", Text),
            c("waiting_position", Int),
            c("submission_hash", Text),
        ],
    },
    Table {
        name: "registration_days",
        scope: OF_REGISTRATIONS,
        referenced: false,
        columns: &[c("registration_id", Ref("registrations")), checked("day", Text, Check::Date)],
    },
    Table {
        name: "registration_sessions",
        scope: OF_REGISTRATIONS,
        referenced: false,
        columns: &[
            c("registration_id", Ref("registrations")),
            c("session_uid", Text),
            c("status", Text),
            c("waitlisted_at", Int),
            c("waiting_position", Int),
        ],
    },
    Table {
        name: "registration_answers",
        scope: OF_REGISTRATIONS,
        referenced: false,
        columns: &[
            c("registration_id", Ref("registrations")),
            c("question_id", Ref("registration_questions")),
            c("value", Text),
        ],
    },
    Table {
        name: "registration_events",
        scope: OF_REGISTRATIONS,
        referenced: false,
        columns: &[
            c("id", Id),
            c("registration_id", Ref("registrations")),
            c("at", Int),
            c("actor", Text),
            c("user_id", User),
            c("from_status", Text),
            c("to_status", Text),
            c("detail", Text),
        ],
    },
    Table {
        name: "checkins",
        scope: OF_REGISTRATIONS,
        referenced: false,
        columns: &[c("registration_id", Ref("registrations")), c("scope", Text), c("at", Int), c("user_id", User)],
    },
    Table {
        name: "registration_imports",
        scope: CONFERENCE,
        referenced: false,
        columns: &[
            c("id", Id),
            c("conference_id", Conference),
            c("user_id", User),
            c("unit_id", Unit),
            c("file_name", Text),
            c("headers", Json),
            c("raw_rows", Json),
            c("mapping", Json),
            c("status", Text),
            c("created_at", Int),
        ],
    },
    // The conference's lines of its agency's register of outgoing documents, with the documents as issued.
    // Numbers and symbols are kept as issued (they are printed on documents already sent); on import they
    // enter the target agency's register as used numbers (see `restore.rs`).
    Table {
        name: "outgoing_documents",
        scope: CONFERENCE,
        referenced: true,
        columns: &[
            c("id", Id),
            c("agency_id", Agency),
            c("year", Int),
            c("sequence", Text),
            c("number", Int),
            c("symbol", Text),
            c("external", Flag),
            c("kind", Text),
            checked("issued_on", Text, Check::Date),
            c("subject", Text),
            c("signer", Text),
            c("recipients", Text),
            c("copies", Int),
            c("conference_id", Conference),
            c("unit_id", Unit),
            c("admin_unit_code", Text),
            c("link_generation", Int),
            // Kept as the exact text that was issued (the PDF is made again from it).
            checked("content", Text, Check::Letter),
            c("pdf_sha256", Text),
            c("issued_by", User),
            c("created_at", Int),
        ],
    },
    Table {
        name: "outbox",
        scope: CONFERENCE,
        referenced: false,
        columns: &[
            c("id", Id),
            c("conference_id", Conference),
            c("registration_id", Ref("registrations")),
            c("kind", Text),
            c("to_address", Text),
            c("subject", Text),
            c("body", Text),
            c("calendar", Text),
            c("status", Text),
            c("attempts", Int),
            c("last_error", Text),
            c("claimed_at", Int),
            c("next_attempt_at", Int),
            c("created_at", Int),
            c("sent_at", Int),
            c("document_id", Ref("outgoing_documents")),
        ],
    },
    Table {
        name: "conference_coordinators",
        scope: CONFERENCE,
        referenced: false,
        columns: &[c("conference_id", Conference), c("user_id", User), c("unit_id", Unit)],
    },
    Table {
        name: "feedback_forms",
        scope: CONFERENCE,
        referenced: true,
        columns: &[
            c("id", Id),
            c("conference_id", Conference),
            c("session_uid", Text),
            c("title", Text),
            c("anonymous", Flag),
            c("opens_at", Int),
            c("closes_at", Int),
            c("published", Flag),
            c("created_at", Int),
            c("updated_at", Int),
        ],
    },
    Table {
        name: "feedback_questions",
        scope: OF_FORMS,
        referenced: true,
        columns: &[
            c("id", Id),
            c("form_id", Ref("feedback_forms")),
            c("position", Int),
            c("kind", Text),
            c("prompt", Text),
            c("options", Json),
            c("required", Flag),
            c("low_label", Text),
            c("high_label", Text),
        ],
    },
    // Who answered (one voice per delegate) and what was answered share nothing: two lists, each in its
    // own order (respondents by form and delegate, submissions by their random id).
    Table {
        name: "feedback_respondents",
        scope: OF_FORMS,
        referenced: false,
        columns: &[c("form_id", Ref("feedback_forms")), c("registration_id", Ref("registrations"))],
    },
    Table {
        name: "feedback_submissions",
        scope: OF_FORMS,
        referenced: false,
        columns: &[
            c("id", Text),
            c("form_id", Ref("feedback_forms")),
            c("edit_tag", EditTag),
            c("registration_id", Ref("registrations")),
            c("admin_unit_code", Text),
            c("unit_name", Text),
            c("submitted_at", Int),
        ],
    },
    Table {
        name: "feedback_answers",
        scope: "submission_id IN (SELECT id FROM feedback_submissions WHERE form_id IN \
                (SELECT id FROM feedback_forms WHERE conference_id = $1))",
        referenced: false,
        columns: &[c("submission_id", Text), c("question_id", Ref("feedback_questions")), c("value", Text)],
    },
    Table {
        name: "recommendations",
        scope: CONFERENCE,
        referenced: false,
        columns: &[
            c("id", Id),
            c("conference_id", Conference),
            c("registration_id", Ref("registrations")),
            c("topic", Text),
            c("addressed_to", Text),
            c("body", Text),
            c("unit_name", Text),
            c("admin_unit_code", Text),
            c("submitted_by", Text),
            c("status", Text),
            c("answer", Text),
            c("answered_by", Text),
            c("for_minutes", Flag),
            c("created_at", Int),
            c("updated_at", Int),
            checked("answered_on", Text, Check::Date),
            c("answer_document_id", Ref("outgoing_documents")),
        ],
    },
    Table {
        name: "minutes",
        scope: CONFERENCE,
        referenced: true,
        columns: &[
            c("id", Id),
            c("conference_id", Conference),
            c("version", Int),
            checked("state", Text, Check::OneOf(&["draft", "review", "final"])),
            c("replaces_id", Ref("minutes")),
            c("correction_reason", Text),
            c("revision", Int),
            c("content_hash", Text),
            c("pdf_hash", Text),
            c("finalized_at", Int),
            c("finalized_by", User),
            c("created_at", Int),
        ],
    },
    Table {
        name: "minutes_revisions",
        scope: "minutes_id IN (SELECT id FROM minutes WHERE conference_id = $1)",
        referenced: false,
        columns: &[
            c("minutes_id", Ref("minutes")),
            c("number", Int),
            // Kept as the exact text that was saved (and, for final minutes, hashed).
            checked("content", Text, Check::MinutesContent),
            c("saved_by", User),
            c("saved_at", Int),
        ],
    },
    Table {
        name: "correspondence_drafts",
        scope: CONFERENCE,
        referenced: false,
        columns: &[
            c("conference_id", Conference),
            checked("kind", Text, Check::DraftKind),
            c("revision", Int),
            // What the issued invitations said about time and place (JSON, or empty), kept as written.
            c("facts", Text),
        ],
    },
    Table {
        name: "correspondence_revisions",
        scope: CONFERENCE,
        referenced: false,
        columns: &[
            c("conference_id", Conference),
            checked("kind", Text, Check::DraftKind),
            c("number", Int),
            checked("content", Text, Check::DraftContent),
            c("saved_by", User),
            c("saved_at", Int),
        ],
    },
    // The invited units: how each invitation is addressed and mailed, the invitation issued, the link.
    Table {
        name: "invitation_units",
        scope: CONFERENCE,
        referenced: false,
        columns: &[
            c("conference_id", Conference),
            c("unit_id", Unit),
            c("addressee", Text),
            c("email", Text),
            c("document_id", Ref("outgoing_documents")),
            c("link_generation", Int),
            c("link_hash", NominationLink),
            c("link_revoked", Flag),
        ],
    },
    Table {
        name: "audit_log",
        scope: CONFERENCE,
        referenced: false,
        columns: &[
            c("id", Id),
            c("at", Int),
            c("user_id", User),
            c("conference_id", Conference),
            c("action", Text),
            c("detail", Text),
        ],
    },
];

/// Tables that hold nothing of one conference: accounts and their sign-ins, reference data (agencies and
/// units travel in the archive's own lists, agencies with their place name and numbering scheme),
/// throttles, the site's revision counter; and background document jobs, whose files are made again
/// from the archived data and kept only a day.
pub const NOT_ARCHIVED: &[&str] = &[
    "_sqlx_migrations",
    "admin_units",
    "agencies",
    "units",
    "users",
    "login_sessions",
    "login_throttle",
    "api_tokens",
    "site_state",
    "link_requests",
    "document_jobs",
];

/// The names of the archived tables, in import order.
pub fn archived() -> impl Iterator<Item = &'static str> {
    TABLES.iter().map(|t| t.name)
}

/// The columns of an archived table, as the archive knows them (a test compares them with the schema).
pub fn columns(name: &str) -> Option<Vec<&'static str>> {
    table(name).map(|t| t.columns.iter().map(|c| c.name).collect())
}

pub(super) fn table(name: &str) -> Option<&'static Table> {
    TABLES.iter().find(|t| t.name == name)
}
