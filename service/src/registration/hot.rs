//! The queries of the registration path that run for every delegate, named, so that
//! `service/tests/rules/query_plans.rs` can ask each engine how it answers them and fail on a full scan of a
//! table that grows with the delegates. Their cost must not grow with the waiting list.
//!
//! They are sent unprepared ([`query_as`]), so PostgreSQL plans each with its values and the
//! table's size at that moment. A prepared statement switches to a generic plan after five runs and
//! keeps it until the table's statistics change; chosen when registration opens and the table is
//! nearly empty, that plan scans the whole table, and during a burst autovacuum (once a minute) does
//! not analyse it in time. Measured at 10,000 attempts: the duplicate check alone grew to 1.5 ms on
//! average and throughput fell to a quarter by the last block.

/// A query of the registration path, sent unprepared (why: above). Every query those writes run for
/// each delegate goes through here.
pub fn query_as<O>(sql: &str) -> sqlx::query::QueryAs<'_, sqlx::Any, O, sqlx::any::AnyArguments<'_>>
where
    O: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow>,
{
    sqlx::query_as(sql).persistent(false)
}

/// A parameter of a listed query, as the plan test fills it in.
#[derive(Clone, Copy, Debug)]
pub enum Param {
    Conference,
    Registration,
    Unit,
    Class,
    Int(i64),
    Text(&'static str),
}

/// A listed query: its name, its SQL and what its parameters are.
#[derive(Clone, Copy, Debug)]
pub struct Query {
    pub name: &'static str,
    pub sql: &'static str,
    pub params: &'static [Param],
}

use Param::*;

/// Confirmed registrations of a conference per unit (bounded by the seats taken, never by the waiting
/// list), read once per transaction.
pub const CONFIRMED_BY_UNIT: &str = "SELECT unit_id, COUNT(*) FROM registrations WHERE conference_id = $1 \
     AND status = 'confirmed' GROUP BY unit_id";
/// Seats taken in a class (bounded by its capacity, plus seats of registrations that ended).
pub const CLASS_TAKEN: &str = "SELECT COUNT(*) FROM registration_sessions rs JOIN registrations r ON r.id = rs.registration_id \
     WHERE rs.session_uid = $1 AND rs.status = 'confirmed' AND r.status = 'confirmed'";
pub const CLASS_UNIT_TAKEN: &str = "SELECT COUNT(*) FROM registration_sessions rs JOIN registrations r ON r.id = rs.registration_id \
     WHERE rs.session_uid = $1 AND rs.status = 'confirmed' AND r.status = 'confirmed' AND r.unit_id = $2";
/// The end of the waiting list: one step down an index, however long the list.
pub const LAST_POSITION: &str = "SELECT waiting_position FROM registrations WHERE conference_id = $1 \
     AND waiting_position IS NOT NULL ORDER BY waiting_position DESC LIMIT 1";
pub const CLASS_LAST_POSITION: &str = "SELECT waiting_position FROM registration_sessions WHERE session_uid = $1 \
     AND waiting_position IS NOT NULL ORDER BY waiting_position DESC LIMIT 1";
/// A page of the waiting list after a position (promotion reads only as far as it needs).
pub const QUEUE_PAGE: &str = "SELECT id, unit_id, waiting_position FROM registrations WHERE conference_id = $1 \
     AND waiting_position > $2 ORDER BY waiting_position LIMIT $3";
pub const CLASS_QUEUE_PAGE: &str = "SELECT rs.registration_id, rs.waiting_position, r.unit_id FROM registration_sessions rs \
     JOIN registrations r ON r.id = rs.registration_id WHERE rs.session_uid = $1 AND rs.waiting_position > $2 \
     ORDER BY rs.waiting_position LIMIT $3";
pub const FIRST_WAITING_OF_UNIT: &str = "SELECT id FROM registrations WHERE conference_id = $1 AND unit_id = $2 \
     AND status = 'waiting' ORDER BY waiting_position LIMIT 1";
/// The earlier registrations a submission repeats or clashes with: by its key, its email, its phone
/// (each branch answered from its own index; the conditions repeat those of the partial unique indexes).
pub const EARLIER: &str = "SELECT 'submission', id FROM registrations WHERE conference_id = $1 AND submission_hash = $2 \
     UNION ALL SELECT 'email', id FROM registrations WHERE conference_id = $1 AND email_key = $3 \
     AND email_key <> '' AND status IN ('pending', 'confirmed', 'waiting') \
     UNION ALL SELECT 'phone', id FROM registrations WHERE conference_id = $1 AND phone_key = $4 \
     AND phone_key <> '' AND status IN ('pending', 'confirmed', 'waiting')";
/// Whether the agenda was published since a form was checked.
pub const LATEST_AGENDA: &str =
    "SELECT number FROM agenda_versions WHERE conference_id = $1 ORDER BY number DESC LIMIT 1";
/// Whether registrations of a batch whose commit went unanswered are stored.
pub const STORED_CODES: &str = "SELECT COUNT(*) FROM registrations WHERE code IN ($1)";

/// Every listed query with its parameters.
pub const ALL: &[Query] = &[
    Query { name: "confirmed_by_unit", sql: CONFIRMED_BY_UNIT, params: &[Conference] },
    Query {
        name: "unit_quotas",
        sql: "SELECT unit_id, quota FROM unit_quotas WHERE conference_id = $1",
        params: &[Conference],
    },
    Query { name: "class_taken", sql: CLASS_TAKEN, params: &[Class] },
    Query { name: "class_unit_taken", sql: CLASS_UNIT_TAKEN, params: &[Class, Unit] },
    Query { name: "last_position", sql: LAST_POSITION, params: &[Conference] },
    Query { name: "class_last_position", sql: CLASS_LAST_POSITION, params: &[Class] },
    Query { name: "queue_page", sql: QUEUE_PAGE, params: &[Conference, Int(4000), Int(100)] },
    Query { name: "class_queue_page", sql: CLASS_QUEUE_PAGE, params: &[Class, Int(10), Int(100)] },
    Query { name: "first_waiting_of_unit", sql: FIRST_WAITING_OF_UNIT, params: &[Conference, Unit] },
    Query {
        name: "earlier",
        sql: EARLIER,
        params: &[Conference, Text("0f1e2d"), Text("dai.bieu.7@bhxh.gov.vn"), Text("0905000007")],
    },
    Query { name: "latest_agenda", sql: LATEST_AGENDA, params: &[Conference] },
    Query { name: "stored_codes", sql: STORED_CODES, params: &[Text("K7Q4M-2XAB9")] },
    Query {
        name: "registration_by_id",
        sql: "SELECT r.id, r.status, r.waiting_position, u.name FROM registrations r LEFT JOIN units u ON u.id = r.unit_id WHERE r.id = $1",
        params: &[Registration],
    },
    Query {
        name: "days_of_registration",
        sql: "SELECT x.registration_id, x.day FROM registration_days x WHERE x.registration_id = $1",
        params: &[Registration],
    },
    Query {
        name: "classes_of_registration",
        sql: "SELECT x.registration_id, x.session_uid, x.status, x.waiting_position FROM registration_sessions x WHERE x.registration_id = $1",
        params: &[Registration],
    },
    Query {
        name: "answers_of_registration",
        sql: "SELECT x.registration_id, x.question_id, q.label, x.value FROM registration_answers x \
              JOIN registration_questions q ON q.id = x.question_id WHERE x.registration_id = $1 ORDER BY q.position, q.id, x.value",
        params: &[Registration],
    },
    Query {
        name: "checkins_of_registration",
        sql: "SELECT x.registration_id, x.scope FROM checkins x WHERE x.registration_id = $1",
        params: &[Registration],
    },
    Query {
        name: "link_by_token",
        sql: "SELECT id, conference_id, token_hash, previous_token_hash FROM registrations WHERE token_hash = $1 OR previous_token_hash = $1",
        params: &[Text("abc")],
    },
];
