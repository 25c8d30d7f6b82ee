//! Seats: the conference's capacity, each unit's quota, each training class's seats and its seats per
//! unit, and the waiting lists behind them.
//!
//! Everything here runs inside a transaction holding the conference's seat lock
//! (`Db::begin_locked(LockScope::ConferenceSeats)`; on SQLite also the single writer): counting and then
//! writing is therefore atomic, and no limit can be exceeded however many requests arrive at once.
//! Counts are taken from the registrations themselves with indexed queries whose cost is bounded by the
//! limits (never by the length of a waiting list), then kept in [`Seats`] for the rest of the
//! transaction, so a batch of registrations counts once.
//!
//! Waiting positions are stored: 1, 2, 3 … in each queue (the conference's, and each class's), without
//! gaps. A registration joins at the end; when one leaves, [`Seats::finish`] moves those behind it up in
//! one statement. Reading a position never counts a queue. Only delegates holding a conference seat queue
//! for a class; a delegate promoted later joins the class's queue at its end.

use super::hot;
use super::store::{Actorship, record_event};
use crate::db::{Flag, LockScope, Locked, Tx, now};
use crate::error::Result;
use crate::mail;
use hoinghi_domain::registration::RegistrationStatus;
use std::collections::{HashMap, HashSet};

/// The rows a promotion reads at a time while it looks for a delegate whose unit has room.
const PAGE: i64 = 100;

#[derive(Clone, Debug)]
pub(crate) struct Limits {
    /// The conference's state and registration window, read under the lock (the form's copy may be a
    /// second old).
    pub status: hoinghi_domain::conference::ConferenceStatus,
    pub opens_at: Option<i64>,
    pub closes_at: Option<i64>,
    pub capacity: Option<i64>,
    pub waitlist: bool,
    pub requires_approval: bool,
    pub default_unit_quota: Option<i64>,
}

/// Which limit stops a registration from getting a seat now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Full {
    Conference,
    Unit,
}

/// Where a chosen class leaves a delegate holding a conference seat.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ClassSeat {
    Seated,
    Queued(i64),
}

/// A class's quota for a unit: the unit's own, else the one for every unit. `None`: no limit per unit.
pub(crate) fn class_quota_of(quotas: &[(String, Option<i64>, i64)], uid: &str, unit: Option<i64>) -> Option<i64> {
    let unit = unit?;
    let of = |u: Option<i64>| quotas.iter().find(|(s, x, _)| s == uid && *x == u).map(|(_, _, q)| *q);
    of(Some(unit)).or_else(|| of(None))
}

/// The seats of one conference as its locked transaction sees them.
pub(crate) struct Seats {
    conference_id: i64,
    pub limits: Limits,
    capacities: Vec<(String, Option<i64>)>,
    /// (class uid, unit or `None` for every unit, seats).
    class_quotas: Vec<(String, Option<i64>, i64)>,
    confirmed: Option<i64>,
    unit_confirmed: HashMap<i64, i64>,
    /// Units' own quotas.
    unit_quota: HashMap<i64, i64>,
    class_taken: HashMap<String, i64>,
    class_unit_taken: HashMap<(String, i64), i64>,
    last_position: Option<i64>,
    class_last: HashMap<String, i64>,
    /// The conference queue has gaps after this position (someone left); closed by `finish`.
    gap_after: Option<i64>,
    class_gaps: HashMap<String, i64>,
}

impl Seats {
    /// Starts a transaction holding the conference's seat lock, with its seats (class seats from the
    /// latest published agenda).
    pub async fn lock(svc: &crate::Service, conference_id: i64) -> Result<(Locked, Seats)> {
        let mut tx = svc.db.begin_locked(LockScope::ConferenceSeats, conference_id).await?;
        let capacities = super::form::class_capacities(&mut tx, conference_id).await?;
        let seats = Seats::open(&mut tx, conference_id, capacities).await?;
        Ok((tx, seats))
    }

    /// Reads the limits (one query each for the conference's and the classes'). `capacities` are the
    /// classes' seats from the published agenda.
    pub async fn open(tx: &mut Tx, conference_id: i64, capacities: Vec<(String, Option<i64>)>) -> Result<Seats> {
        type Row = (String, Option<i64>, Option<Flag>, Option<Flag>, Option<i64>, Option<i64>, Option<i64>);
        let (status, capacity, waitlist, approval, quota, opens_at, closes_at): Row = sqlx::query_as(
            "SELECT c.status, c.capacity, s.waitlist, s.requires_approval, s.default_unit_quota, s.opens_at, s.closes_at \
             FROM conferences c LEFT JOIN registration_settings s ON s.conference_id = c.id WHERE c.id = $1",
        )
        .bind(conference_id)
        .fetch_one(&mut **tx)
        .await?;
        let unit_quota: HashMap<i64, i64> =
            sqlx::query_as::<_, (i64, i64)>("SELECT unit_id, quota FROM unit_quotas WHERE conference_id = $1")
                .bind(conference_id)
                .fetch_all(&mut **tx)
                .await?
                .into_iter()
                .collect();
        let class_quotas: Vec<(String, Option<i64>, i64)> =
            sqlx::query_as("SELECT session_uid, unit_id, quota FROM class_quotas WHERE conference_id = $1")
                .bind(conference_id)
                .fetch_all(&mut **tx)
                .await?;
        Ok(Seats {
            conference_id,
            limits: Limits {
                status: hoinghi_domain::conference::ConferenceStatus::parse(&status).unwrap_or_default(),
                opens_at,
                closes_at,
                capacity,
                waitlist: waitlist.is_none_or(|f| f.0),
                requires_approval: approval.is_some_and(|f| f.0),
                default_unit_quota: quota,
            },
            capacities,
            class_quotas,
            confirmed: None,
            unit_confirmed: HashMap::new(),
            unit_quota,
            class_taken: HashMap::new(),
            class_unit_taken: HashMap::new(),
            last_position: None,
            class_last: HashMap::new(),
            gap_after: None,
            class_gaps: HashMap::new(),
        })
    }

    /// Confirmed registrations, in all and per unit: one query (bounded by the seats taken), the first
    /// time a count is needed.
    async fn counts(&mut self, tx: &mut Tx) -> Result<()> {
        if self.confirmed.is_some() {
            return Ok(());
        }
        let rows: Vec<(Option<i64>, i64)> =
            hot::query_as(hot::CONFIRMED_BY_UNIT).bind(self.conference_id).fetch_all(&mut **tx).await?;
        self.confirmed = Some(rows.iter().map(|(_, n)| n).sum());
        self.unit_confirmed = rows.into_iter().filter_map(|(u, n)| u.map(|u| (u, n))).collect();
        Ok(())
    }

    async fn confirmed(&mut self, tx: &mut Tx) -> Result<i64> {
        self.counts(tx).await?;
        Ok(self.confirmed.unwrap_or(0))
    }

    async fn unit_confirmed(&mut self, tx: &mut Tx, unit: i64) -> Result<i64> {
        self.counts(tx).await?;
        Ok(self.unit_confirmed.get(&unit).copied().unwrap_or(0))
    }

    /// The quota of a unit: its own, else the conference's default; `None` is no limit.
    fn unit_quota(&self, unit: i64) -> Option<i64> {
        self.unit_quota.get(&unit).copied().or(self.limits.default_unit_quota)
    }

    async fn unit_has_room(&mut self, tx: &mut Tx, unit: Option<i64>) -> Result<bool> {
        let Some(unit) = unit else { return Ok(true) };
        Ok(match self.unit_quota(unit) {
            None => true,
            Some(q) => self.unit_confirmed(tx, unit).await? < q,
        })
    }

    /// Whether a registration of `unit` would get a seat now.
    pub async fn seat_for(&mut self, tx: &mut Tx, unit: Option<i64>) -> Result<Option<Full>> {
        if let Some(capacity) = self.limits.capacity
            && self.confirmed(tx).await? >= capacity
        {
            return Ok(Some(Full::Conference));
        }
        if !self.unit_has_room(tx, unit).await? {
            return Ok(Some(Full::Unit));
        }
        Ok(None)
    }

    /// Counts the seat a new registration of `unit` took.
    pub fn took_seat(&mut self, unit: Option<i64>) {
        self.count_seat(unit, 1);
    }

    /// Keeps the counts right after a registration of `unit` took (+1) or gave up (-1) a seat.
    fn count_seat(&mut self, unit: Option<i64>, delta: i64) {
        if let Some(n) = &mut self.confirmed {
            *n += delta;
        }
        if let Some(u) = unit
            && self.confirmed.is_some()
        {
            *self.unit_confirmed.entry(u).or_insert(0) += delta;
        }
    }

    pub fn class_capacity(&self, uid: &str) -> Option<i64> {
        self.capacities.iter().find(|(u, _)| u == uid).and_then(|(_, c)| *c)
    }

    async fn class_taken(&mut self, tx: &mut Tx, uid: &str) -> Result<i64> {
        if let Some(n) = self.class_taken.get(uid) {
            return Ok(*n);
        }
        let (n,): (i64,) = hot::query_as(hot::CLASS_TAKEN).bind(uid).fetch_one(&mut **tx).await?;
        self.class_taken.insert(uid.to_string(), n);
        Ok(n)
    }

    async fn class_unit_taken(&mut self, tx: &mut Tx, uid: &str, unit: i64) -> Result<i64> {
        let key = (uid.to_string(), unit);
        if let Some(n) = self.class_unit_taken.get(&key) {
            return Ok(*n);
        }
        let (n,): (i64,) = hot::query_as(hot::CLASS_UNIT_TAKEN).bind(uid).bind(unit).fetch_one(&mut **tx).await?;
        self.class_unit_taken.insert(key, n);
        Ok(n)
    }

    /// Whether the class has a seat left, and one left for `unit`.
    async fn class_has_room(&mut self, tx: &mut Tx, uid: &str, unit: Option<i64>) -> Result<bool> {
        if let Some(cap) = self.class_capacity(uid)
            && self.class_taken(tx, uid).await? >= cap
        {
            return Ok(false);
        }
        self.unit_has_class_room(tx, uid, unit).await
    }

    async fn unit_has_class_room(&mut self, tx: &mut Tx, uid: &str, unit: Option<i64>) -> Result<bool> {
        match (unit, class_quota_of(&self.class_quotas, uid, unit)) {
            (Some(u), Some(q)) => Ok(self.class_unit_taken(tx, uid, u).await? < q),
            _ => Ok(true),
        }
    }

    fn count_class_seat(&mut self, uid: &str, unit: Option<i64>, delta: i64) {
        if let Some(n) = self.class_taken.get_mut(uid) {
            *n += delta;
        }
        if let Some(u) = unit
            && let Some(n) = self.class_unit_taken.get_mut(&(uid.to_string(), u))
        {
            *n += delta;
        }
    }

    /// The next position at the end of the conference's waiting list.
    pub async fn take_position(&mut self, tx: &mut Tx) -> Result<i64> {
        self.finish(tx).await?;
        let last = match self.last_position {
            Some(n) => n,
            None => {
                let row: Option<(i64,)> =
                    hot::query_as(hot::LAST_POSITION).bind(self.conference_id).fetch_optional(&mut **tx).await?;
                row.map(|(n,)| n).unwrap_or(0)
            }
        };
        self.last_position = Some(last + 1);
        Ok(last + 1)
    }

    async fn take_class_position(&mut self, tx: &mut Tx, uid: &str) -> Result<i64> {
        if self.class_gaps.contains_key(uid) {
            self.finish(tx).await?;
        }
        let last = match self.class_last.get(uid) {
            Some(n) => *n,
            None => {
                let row: Option<(i64,)> =
                    hot::query_as(hot::CLASS_LAST_POSITION).bind(uid).fetch_optional(&mut **tx).await?;
                row.map(|(n,)| n).unwrap_or(0)
            }
        };
        self.class_last.insert(uid.to_string(), last + 1);
        Ok(last + 1)
    }

    fn left_queue(&mut self, position: i64) {
        self.gap_after = Some(self.gap_after.map_or(position - 1, |g| g.min(position - 1)));
        self.last_position = None;
    }

    fn left_class_queue(&mut self, uid: &str, position: i64) {
        let g = self.class_gaps.entry(uid.to_string()).or_insert(position - 1);
        *g = (*g).min(position - 1);
        self.class_last.remove(uid);
    }

    /// A class seat for a delegate of `unit` who holds a conference seat, or the end of the class's queue.
    /// The caller writes the row.
    pub async fn place_in_class(&mut self, tx: &mut Tx, uid: &str, unit: Option<i64>) -> Result<ClassSeat> {
        if self.class_has_room(tx, uid, unit).await? {
            self.count_class_seat(uid, unit, 1);
            Ok(ClassSeat::Seated)
        } else {
            Ok(ClassSeat::Queued(self.take_class_position(tx, uid).await?))
        }
    }

    /// Closes the gaps left in the queues: those behind a delegate who left move up. Call before commit.
    pub async fn finish(&mut self, tx: &mut Tx) -> Result<()> {
        if let Some(after) = self.gap_after.take() {
            sqlx::query(
                "UPDATE registrations SET waiting_position = q.n + $2 \
                 FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY waiting_position) AS n FROM registrations \
                       WHERE conference_id = $1 AND waiting_position > $2) AS q \
                 WHERE registrations.id = q.id",
            )
            .bind(self.conference_id)
            .bind(after)
            .execute(&mut **tx)
            .await?;
            self.last_position = None;
        }
        for (uid, after) in std::mem::take(&mut self.class_gaps) {
            sqlx::query(
                "UPDATE registration_sessions SET waiting_position = q.n + $2 \
                 FROM (SELECT registration_id, ROW_NUMBER() OVER (ORDER BY waiting_position) AS n \
                       FROM registration_sessions WHERE session_uid = $1 AND waiting_position > $2) AS q \
                 WHERE registration_sessions.session_uid = $1 AND registration_sessions.registration_id = q.registration_id",
            )
            .bind(&uid)
            .bind(after)
            .execute(&mut **tx)
            .await?;
            self.class_last.remove(&uid);
        }
        Ok(())
    }

    /// Gives a registration that now holds a conference seat its chosen classes where there are seats;
    /// the others join the classes' queues.
    pub async fn settle_classes(&mut self, tx: &mut Tx, registration_id: i64, unit: Option<i64>) -> Result<()> {
        let waiting: Vec<(String,)> = sqlx::query_as(
            "SELECT session_uid FROM registration_sessions WHERE registration_id = $1 AND status = 'waiting' \
             AND waiting_position IS NULL ORDER BY session_uid",
        )
        .bind(registration_id)
        .fetch_all(&mut **tx)
        .await?;
        for (uid,) in waiting {
            let (status, position) = match self.place_in_class(tx, &uid, unit).await? {
                ClassSeat::Seated => ("confirmed", None),
                ClassSeat::Queued(p) => ("waiting", Some(p)),
            };
            sqlx::query(
                "UPDATE registration_sessions SET status = $1, waiting_position = $2 \
                 WHERE registration_id = $3 AND session_uid = $4",
            )
            .bind(status)
            .bind(position)
            .bind(registration_id)
            .bind(&uid)
            .execute(&mut **tx)
            .await?;
        }
        Ok(())
    }

    /// A delegate leaves a class they chose (dropped it, or lost their conference seat): a seat they held
    /// goes to the class's queue (see [`Seats::refill_class`]); a place in the queue closes up.
    pub fn left_class(&mut self, uid: &str, unit: Option<i64>, status: &str, position: Option<i64>) {
        if status == "confirmed" {
            self.count_class_seat(uid, unit, -1);
        } else if let Some(p) = position {
            self.left_class_queue(uid, p);
        }
    }

    /// Fills the free seats of a class from its queue in order, skipping delegates whose unit has used its
    /// seats in this class.
    pub async fn refill_class(&mut self, tx: &mut Tx, uid: &str) -> Result<Vec<i64>> {
        let mut promoted = Vec::new();
        let mut full_units: HashSet<i64> = HashSet::new();
        let mut after = 0;
        'pages: loop {
            let page: Vec<(i64, i64, Option<i64>)> =
                hot::query_as(hot::CLASS_QUEUE_PAGE).bind(uid).bind(after).bind(PAGE).fetch_all(&mut **tx).await?;
            let Some(last) = page.last().map(|p| p.1) else { break };
            for (id, position, unit) in page {
                if let Some(cap) = self.class_capacity(uid)
                    && self.class_taken(tx, uid).await? >= cap
                {
                    break 'pages;
                }
                if unit.is_some_and(|u| full_units.contains(&u)) {
                    continue;
                }
                if !self.unit_has_class_room(tx, uid, unit).await? {
                    full_units.extend(unit);
                    continue;
                }
                sqlx::query(
                    "UPDATE registration_sessions SET status = 'confirmed', waiting_position = NULL \
                     WHERE registration_id = $1 AND session_uid = $2",
                )
                .bind(id)
                .bind(uid)
                .execute(&mut **tx)
                .await?;
                self.left_class_queue(uid, position);
                self.count_class_seat(uid, unit, 1);
                promoted.push(id);
            }
            after = last;
        }
        Ok(promoted)
    }

    /// Fills free seats of the conference from its waiting list in order, skipping delegates whose unit
    /// is at its quota. When the seat was freed by a unit with a quota, the first waiting delegate of
    /// that same unit goes first. Each promoted delegate gets their classes and is told by mail.
    pub async fn refill(&mut self, svc: &crate::Service, tx: &mut Tx, freed_unit: Option<i64>) -> Result<Vec<i64>> {
        let mut prefer = match freed_unit {
            Some(unit) if self.unit_quota(unit).is_some() => Some(unit),
            _ => None,
        };
        let mut promoted = Vec::new();
        let mut full_units: HashSet<i64> = HashSet::new();
        let mut after = 0;
        loop {
            if let Some(capacity) = self.limits.capacity
                && self.confirmed(tx).await? >= capacity
            {
                break;
            }
            let mut pick: Option<(i64, Option<i64>)> = None;
            if let Some(unit) = prefer.take()
                && self.unit_has_room(tx, Some(unit)).await?
            {
                let first: Option<(i64,)> = hot::query_as(hot::FIRST_WAITING_OF_UNIT)
                    .bind(self.conference_id)
                    .bind(unit)
                    .fetch_optional(&mut **tx)
                    .await?;
                pick = first.map(|(id,)| (id, Some(unit)));
            }
            while pick.is_none() {
                let page: Vec<(i64, Option<i64>, i64)> = hot::query_as(hot::QUEUE_PAGE)
                    .bind(self.conference_id)
                    .bind(after)
                    .bind(PAGE)
                    .fetch_all(&mut **tx)
                    .await?;
                let Some(last) = page.last().map(|p| p.2) else { break };
                for (id, unit, position) in page {
                    if unit.is_some_and(|u| full_units.contains(&u)) {
                        continue;
                    }
                    if self.unit_has_room(tx, unit).await? {
                        pick = Some((id, unit));
                        // Those before it stay unfit: a unit's count only grows while seats are filled.
                        after = position;
                        break;
                    }
                    full_units.extend(unit);
                }
                if pick.is_none() {
                    after = last;
                }
            }
            let Some((id, unit)) = pick else { break };
            self.set_status(
                tx,
                id,
                RegistrationStatus::Waiting,
                RegistrationStatus::Confirmed,
                Actorship::System,
                "promoted",
            )
            .await?;
            self.settle_classes(tx, id, unit).await?;
            mail::registration::queue(svc, tx, id, mail::registration::Kind::Promoted).await?;
            promoted.push(id);
        }
        Ok(promoted)
    }

    /// Moves a registration between states, recording who and when, keeping the queues and counts
    /// right; `false` (and nothing written) when it is no longer in `from`.
    pub async fn set_status(
        &mut self,
        tx: &mut Tx,
        registration_id: i64,
        from: RegistrationStatus,
        to: RegistrationStatus,
        by: Actorship,
        detail: &str,
    ) -> Result<bool> {
        let row: Option<(String, Option<i64>, Option<i64>)> =
            sqlx::query_as("SELECT status, unit_id, waiting_position FROM registrations WHERE id = $1")
                .bind(registration_id)
                .fetch_optional(&mut **tx)
                .await?;
        let Some((status, unit, old_position)) = row else { return Ok(false) };
        if status != from.as_str() {
            return Ok(false);
        }
        let at = now();
        let position = if to == RegistrationStatus::Waiting { Some(self.take_position(tx).await?) } else { None };
        sqlx::query(
            "UPDATE registrations SET status = $1, waitlisted_at = COALESCE($2, waitlisted_at), status_reason = $3, \
             updated_at = $4, waiting_position = $5 WHERE id = $6",
        )
        .bind(to.as_str())
        .bind(position.map(|_| at))
        .bind(if to == RegistrationStatus::Confirmed { "" } else { detail })
        .bind(at)
        .bind(position)
        .bind(registration_id)
        .execute(&mut **tx)
        .await?;
        if let Some(p) = old_position {
            self.left_queue(p);
        }
        if from == RegistrationStatus::Confirmed {
            self.count_seat(unit, -1);
            // Its class seats stop counting; its places in class queues close up.
            let classes: Vec<(String, String, Option<i64>)> = sqlx::query_as(
                "SELECT session_uid, status, waiting_position FROM registration_sessions WHERE registration_id = $1",
            )
            .bind(registration_id)
            .fetch_all(&mut **tx)
            .await?;
            for (uid, status, position) in &classes {
                self.left_class(uid, unit, status, *position);
            }
            sqlx::query(
                "UPDATE registration_sessions SET waiting_position = NULL WHERE registration_id = $1 \
                 AND waiting_position IS NOT NULL",
            )
            .bind(registration_id)
            .execute(&mut **tx)
            .await?;
        }
        if to == RegistrationStatus::Confirmed {
            self.count_seat(unit, 1);
        }
        record_event(tx, registration_id, by, Some(from), to, detail).await?;
        Ok(true)
    }
}

/// A training class's seats, from the published agenda: the session's own, else its room's.
pub(crate) fn class_capacity(snapshot: &hoinghi_domain::agenda::AgendaSnapshot, uid: &str) -> Option<i64> {
    let s = snapshot.sessions.iter().find(|s| s.uid == uid)?;
    s.capacity.or_else(|| s.room_id.and_then(|r| snapshot.rooms.iter().find(|x| x.id == r)).and_then(|r| r.capacity))
}
