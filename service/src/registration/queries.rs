//! Reading registrations: the public form, the delegate's private view, the organizers' list grouped by
//! province and unit, counts.

use super::access::{Scope, scope};
use super::form;
use super::lifecycle::window_closed;
use super::store;
use crate::Service;
use crate::accounts::Actor;
use crate::agenda::{ConferenceClock, latest_snapshot, resolve};
use crate::conferences::{by_id_internal, by_slug_public};
use crate::db::now;
use crate::error::Result;
use crate::paging::PageRequest;
use hoinghi_domain::registration::{
    ClassOption, DelegateGroup, DelegateList, DelegatePage, DelegateView, PublicRegistrationState, Registration,
    RegistrationCounts, RegistrationEvent, RegistrationForm, RegistrationStatus,
};
use hoinghi_domain::{AppError, Message};
use sqlx::AnyConnection;

async fn form_for(
    conn: &mut AnyConnection,
    svc_conference: hoinghi_domain::conference::Conference,
) -> Result<RegistrationForm> {
    let conference = svc_conference;
    let ctx = form::context(conn, &conference).await?;
    let settings = ctx.settings.clone();
    let closed_reason = window_closed(&conference, settings.opens_at, settings.closes_at, now()).map(str::to_string);
    let mut classes = Vec::new();
    for c in &ctx.classes {
        let (taken,): (i64,) = sqlx::query_as(super::hot::CLASS_TAKEN).bind(&c.uid).fetch_one(&mut *conn).await?;
        let start = ctx.clock.local(c.starts_at);
        classes.push(ClassOption {
            uid: c.uid.clone(),
            title: c.title.clone(),
            day: start.date(),
            start: start.time(),
            end: ctx.clock.local(c.ends_at).time(),
            capacity: c.capacity,
            taken,
        });
    }
    let units = match &conference.agency {
        Some(a) => {
            let mut units: Vec<hoinghi_domain::reference::Unit> = ctx
                .units
                .iter()
                .map(|(id, name, admin_unit_code)| hoinghi_domain::reference::Unit {
                    id: *id,
                    agency_id: a.id,
                    name: name.clone(),
                    admin_unit_code: admin_unit_code.clone(),
                })
                .collect();
            units.sort_by(|x, y| crate::collation::compare_places(&x.name, &y.name));
            units
        }
        None => Vec::new(),
    };
    let all_units = crate::reference::admin_units_in(conn).await?;
    let mut admin_units: Vec<_> = all_units.into_iter().filter(|u| ctx.admin_codes.contains(&u.code)).collect();
    admin_units.sort_by(|a, b| crate::collation::compare_places(&a.name, &b.name));
    Ok(RegistrationForm {
        open: closed_reason.is_none(),
        closed_reason,
        days: ctx.clock.days(),
        classes,
        units,
        admin_units,
        questions: ctx.questions,
        settings,
        conference,
    })
}

/// The public registration form of a conference.
pub async fn public_form(svc: &Service, slug: &str) -> Result<RegistrationForm> {
    let conference = by_slug_public(svc, slug).await?;
    let mut conn = svc.db.read().acquire().await?;
    form_for(&mut conn, conference).await
}

/// The form within a connection (imports read it while mapping rows).
pub(crate) async fn organizer_form_in(
    conn: &mut AnyConnection,
    conference: hoinghi_domain::conference::Conference,
) -> Result<RegistrationForm> {
    form_for(conn, conference).await
}

/// The form for organizers and coordinators entering delegates (open whatever the window).
pub async fn organizer_form(svc: &Service, actor: &Actor, conference_id: i64) -> Result<(RegistrationForm, Scope)> {
    let s = scope(svc, actor, conference_id).await?;
    let conference = by_id_internal(svc, conference_id).await?;
    let mut conn = svc.db.read().acquire().await?;
    let mut f = form_for(&mut conn, conference).await?;
    if let Scope::Unit(u) = s {
        f.units.retain(|x| x.id == u);
    }
    Ok((f, s))
}

/// What a delegate sees through their private link: the registration, the form to change it, and their
/// agenda (plenary sessions, their classes, and sessions they have a role in).
pub async fn delegate_view(svc: &Service, token: &str) -> Result<DelegateView> {
    let (id, conference_id) = super::link::resolve(svc, token).await?;
    let conference = by_id_internal(svc, conference_id).await?;
    let mut conn = svc.db.read().acquire().await?;
    let registration = store::load_one(&mut conn, id).await?.ok_or(AppError::NotFound)?;
    let attendance = super::personal::attendance(&mut conn, id).await?;
    let agenda = match latest_snapshot(&mut conn, conference_id).await? {
        Some(snapshot) => {
            let clock = ConferenceClock::of(&conference);
            let mine: Vec<&str> = snapshot
                .sessions
                .iter()
                .filter(|s| super::personal::includes(&attendance, s, clock.local(s.starts_at).date()).is_some())
                .map(|s| s.uid.as_str())
                .collect();
            resolve(&snapshot, &conference).sessions.into_iter().filter(|s| mine.contains(&s.uid.as_str())).collect()
        }
        None => Vec::new(),
    };
    let calendar_url = crate::calendar::personal_feed_url(svc, &mut conn, id).await?;
    let form = form_for(&mut conn, conference.clone()).await?;
    Ok(DelegateView { conference, registration, form, agenda, calendar_url })
}

fn count(regs: &[Registration]) -> RegistrationCounts {
    let by = |s: RegistrationStatus| regs.iter().filter(|r| r.status == s).count() as i64;
    RegistrationCounts {
        registered: regs.iter().filter(|r| r.status.is_active()).count() as i64,
        pending: by(RegistrationStatus::Pending),
        confirmed: by(RegistrationStatus::Confirmed),
        waiting: by(RegistrationStatus::Waiting),
        checked_in: regs.iter().filter(|r| !r.checked_in.is_empty()).count() as i64,
    }
}

/// The delegates of a conference (or of the coordinator's unit), grouped by provincial-level unit and
/// then by agency or unit, each group and each list in Vietnamese order.
pub async fn list(
    svc: &Service,
    actor: &Actor,
    conference_id: i64,
    status: Option<RegistrationStatus>,
) -> Result<DelegateList> {
    let s = scope(svc, actor, conference_id).await?;
    let mut conn = svc.db.read().acquire().await?;
    let all: Vec<Registration> =
        store::load_all(&mut conn, conference_id).await?.into_iter().filter(|r| s.allows(r.unit_id)).collect();
    let totals = count(&all);
    let shown: Vec<Registration> = all.into_iter().filter(|r| status.is_none_or(|st| r.status == st)).collect();
    let mut groups: Vec<DelegateGroup> = Vec::new();
    for r in shown {
        let admin = if r.admin_unit_name.is_empty() { "—".to_string() } else { r.admin_unit_name.clone() };
        match groups.iter_mut().find(|g| g.admin_unit == admin && g.organization == r.organization) {
            Some(g) => g.delegates.push(r),
            None => groups.push(DelegateGroup {
                admin_unit: admin,
                organization: r.organization.clone(),
                counts: RegistrationCounts::default(),
                delegates: vec![r],
            }),
        }
    }
    for g in &mut groups {
        g.counts = count(&g.delegates);
    }
    groups.sort_by(|a, b| {
        crate::collation::compare_places(&a.admin_unit, &b.admin_unit)
            .then_with(|| crate::collation::compare_places(&a.organization, &b.organization))
    });
    Ok(DelegateList { totals, groups })
}

/// The delegate list flat, a page at a time: the order of [`list`] (province, then agency or unit, then
/// name, then id), the totals of everyone the actor may see, and `status` (as typed; empty for all)
/// narrowing the list.
pub async fn list_page(
    svc: &Service,
    actor: &Actor,
    conference_id: i64,
    status: &str,
    page: PageRequest,
) -> Result<DelegatePage> {
    scope(svc, actor, conference_id).await?;
    let status = match status.trim() {
        "" => None,
        s => Some(
            RegistrationStatus::parse(s).ok_or_else(|| AppError::invalid("status", Message::new("error-choice")))?,
        ),
    };
    let DelegateList { totals, groups } = list(svc, actor, conference_id, status).await?;
    let all: Vec<Registration> = groups.into_iter().flat_map(|g| g.delegates).collect();
    Ok(DelegatePage { totals, page: page.page(all) })
}

/// One registration with its history, for organizers (or the unit's coordinator).
pub async fn detail(
    svc: &Service,
    actor: &Actor,
    registration_id: i64,
) -> Result<(Registration, Vec<RegistrationEvent>)> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT conference_id FROM registrations WHERE id = $1")
        .bind(registration_id)
        .fetch_optional(svc.db.read())
        .await?;
    let (conference_id,) = row.ok_or(AppError::NotFound)?;
    let s = scope(svc, actor, conference_id).await?;
    let mut conn = svc.db.read().acquire().await?;
    let registration = store::load_one(&mut conn, registration_id).await?.ok_or(AppError::NotFound)?;
    if !s.allows(registration.unit_id) {
        return Err(AppError::Forbidden.into());
    }
    let rows: Vec<(i64, String, Option<String>, Option<String>, String, String)> = sqlx::query_as(
        "SELECT e.at, e.actor, u.display_name, e.from_status, e.to_status, e.detail FROM registration_events e \
         LEFT JOIN users u ON u.id = e.user_id WHERE e.registration_id = $1 ORDER BY e.id",
    )
    .bind(registration_id)
    .fetch_all(&mut *conn)
    .await?;
    let events = rows
        .into_iter()
        .map(|(at, by, name, from, to, detail)| RegistrationEvent {
            at,
            by,
            by_name: name.unwrap_or_default(),
            from_status: from.and_then(|f| RegistrationStatus::parse(&f)),
            to_status: RegistrationStatus::parse(&to).unwrap_or(RegistrationStatus::Pending),
            detail,
        })
        .collect();
    Ok((registration, events))
}

/// What the public may know: whether registration is open, and counts.
pub async fn public_state(svc: &Service, slug: &str) -> Result<PublicRegistrationState> {
    let conference = by_slug_public(svc, slug).await?;
    let clock = ConferenceClock::of(&conference);
    let mut conn = svc.db.read().acquire().await?;
    let settings = super::settings::load(&mut conn, conference.id, &clock).await?;
    let counts: Vec<(String, i64)> =
        sqlx::query_as("SELECT status, COUNT(*) FROM registrations WHERE conference_id = $1 GROUP BY status")
            .bind(conference.id)
            .fetch_all(&mut *conn)
            .await?;
    let of = |s: &str| counts.iter().find(|(k, _)| k == s).map(|(_, n)| *n).unwrap_or(0);
    Ok(PublicRegistrationState {
        open: window_closed(&conference, settings.opens_at, settings.closes_at, now()).is_none(),
        capacity: conference.capacity,
        confirmed: of("confirmed"),
        waiting: of("waiting"),
    })
}

/// Whether the public form takes registrations now (the conference published, within the window).
pub async fn is_open(svc: &Service, conference: &hoinghi_domain::conference::Conference) -> Result<bool> {
    let clock = ConferenceClock::of(conference);
    let mut conn = svc.db.read().acquire().await?;
    let settings = super::settings::load(&mut conn, conference.id, &clock).await?;
    Ok(window_closed(conference, settings.opens_at, settings.closes_at, now()).is_none())
}
