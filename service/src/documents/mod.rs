//! Printed documents of a conference, for organizers: the agenda, the delegate list by province and
//! unit, sign-in sheets per day and per class, badges and training certificates. Each gathers its data
//! here and renders with `hoinghi-documents` (the minutes are in `crate::minutes`, the correspondence in
//! `crate::correspondence`).
//!
//! Rendering runs on the heavy-work threads (`crate::blocking`), a few at a time, so large documents never
//! hold up other requests. A document can be downloaded directly (the request waits for it) or made in
//! the background with a page that shows its progress (`jobs`); the page shows how many delegates each
//! document will hold before it is made.

pub mod jobs;

use crate::Service;
use crate::accounts::{Actor, require_organizer};
use crate::agenda::{latest_snapshot, resolve};
use crate::conferences::by_id_internal;
use crate::error::Result;
use hoinghi_documents as doc;
use hoinghi_domain::AppError;
use hoinghi_domain::Message;
use hoinghi_domain::agenda::{AgendaSnapshot, PublicAgenda, PublicSessionPerson, SessionKind};
use hoinghi_domain::conference::Conference;
use hoinghi_domain::people::PersonRole;
use hoinghi_domain::registration::{BadgeRole, Registration};
use hoinghi_domain::text::{capitalize_first, search_key};
use hoinghi_domain::time::official_date;
use serde::{Deserialize, Serialize};

/// A rendered document.
#[derive(Debug)]
pub struct Pdf {
    pub bytes: Vec<u8>,
    /// ASCII, for `Content-Disposition`.
    pub filename: String,
    /// How many items (delegates, badges, certificates, sessions) it holds.
    pub count: usize,
}

/// How many delegates each document would hold (shown before downloading).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DocumentCounts {
    pub sessions: usize,
    /// Days plus training classes with seat holders.
    pub signin_sheets: usize,
    pub delegates: usize,
    pub badges: usize,
    pub certificates: usize,
    pub threshold_hours: f64,
}

struct Data {
    conference: Conference,
    snapshot: Option<AgendaSnapshot>,
    confirmed: Vec<Registration>,
}

async fn data(svc: &Service, actor: &Actor, conference_id: i64) -> Result<Data> {
    require_organizer(svc, actor, conference_id).await?;
    let conference = by_id_internal(svc, conference_id).await?;
    let mut conn = svc.db.read().acquire().await?;
    let snapshot = latest_snapshot(&mut conn, conference_id).await?;
    let confirmed = crate::registration::load_confirmed_registrations(&mut conn, conference_id).await?;
    Ok(Data { conference, snapshot, confirmed })
}

/// The heading of the conference's documents: its agency, under the body the agency reports to.
pub(crate) fn header(c: &Conference) -> doc::HeaderSpec {
    doc::HeaderSpec {
        parent_agency: c.agency.as_ref().map(|a| a.parent_name.clone()).filter(|p| !p.trim().is_empty()),
        issuing_agency: c.agency.as_ref().map(|a| a.name.clone()).unwrap_or_else(|| "Ban Tổ chức hội nghị".into()),
        number: String::new(),
        place_date: None,
        summary: None,
    }
}

/// The place a document's date line names: where the agency has its seat; without one, the province of
/// the venue (found in its address or name); never the venue itself.
pub(crate) async fn place_name(svc: &Service, c: &Conference) -> Result<String> {
    if let Some(place) = c.agency.as_ref().map(|a| a.place_name.trim()).filter(|p| !p.is_empty()) {
        return Ok(place.to_string());
    }
    let mut conn = svc.db.read().acquire().await?;
    let units = crate::reference::admin_units_in(&mut conn).await?;
    for text in [&c.venue_address, &c.venue_name] {
        let key = search_key(text);
        if let Some(u) = units.iter().find(|u| {
            let bare = search_key(&hoinghi_domain::text::without_place_type(&u.name));
            !bare.is_empty() && key.contains(&bare)
        }) {
            return Ok(hoinghi_domain::text::place_for_date_line(&u.name));
        }
    }
    Ok(String::new())
}

/// "Hà Nội, ngày 19 tháng 9 năm 2017" (just the date when no place is known).
pub(crate) fn place_date(place: &str, day: chrono::NaiveDate) -> String {
    if place.is_empty() { capitalize_first(&official_date(day)) } else { format!("{place}, {}", official_date(day)) }
}

/// A person of the agenda as the programme prints them: "Ông Đào Việt Ánh, Phó Tổng Giám đốc …".
pub(crate) fn person_line(p: &PublicSessionPerson) -> String {
    let name = if p.honorific.trim().is_empty() {
        p.display_name.clone()
    } else {
        format!("{} {}", capitalize_first(p.honorific.trim()), p.display_name)
    };
    if p.position_title.trim().is_empty() { name } else { format!("{name}, {}", p.position_title.trim()) }
}

/// The published programme by day: each session with who chairs ("Chủ trì: …") and who presents, one
/// person per line with their position, and its room.
pub(crate) fn programme(agenda: &PublicAgenda) -> Vec<doc::AgendaDay> {
    let mut days: Vec<doc::AgendaDay> = Vec::new();
    for s in agenda.sessions.iter().filter(|s| !s.cancelled) {
        let mut people: Vec<&PublicSessionPerson> =
            s.people.iter().filter(|p| p.role != PersonRole::Secretary).collect();
        // Chairs first, then presenters, trainers and speakers, each in the agenda's order.
        people.sort_by_key(|p| PersonRole::ALL.iter().position(|r| *r == p.role));
        let presenter = people
            .iter()
            .map(|p| if p.role == PersonRole::Chair { format!("Chủ trì: {}", person_line(p)) } else { person_line(p) })
            .collect::<Vec<_>>()
            .join("\n");
        let item = doc::AgendaSession {
            start: s.start,
            end: s.end,
            title: s.title.clone(),
            presenter,
            room: s.room.as_ref().map(|r| r.name.clone()).unwrap_or_default(),
        };
        match days.iter_mut().find(|x| x.date == s.day) {
            Some(day) => day.sessions.push(item),
            None => days.push(doc::AgendaDay { date: s.day, sessions: vec![item] }),
        }
    }
    days
}

fn file(slug: &str, what: &str) -> String {
    let ascii: String = slug.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
    format!("{ascii}-{what}.pdf")
}

fn render_err(e: doc::DocumentError) -> crate::Error {
    anyhow::anyhow!(e).into()
}

/// Renders on the heavy-work threads (`crate::blocking`): a large document never holds up requests.
async fn rendered<T: Send + 'static>(
    data: T,
    render: fn(&T) -> Result<Vec<u8>, doc::DocumentError>,
) -> Result<Vec<u8>> {
    crate::blocking::run(move || render(&data)).await?.map_err(render_err)
}

fn province(r: &Registration) -> String {
    r.admin_unit_name.clone()
}

/// Confirmed delegates by province (by name, without "Tỉnh"/"Thành phố"), then unit, then name.
fn grouped(list: &[Registration]) -> Vec<&Registration> {
    let mut v: Vec<&Registration> = list.iter().collect();
    v.sort_by(|a, b| {
        crate::collation::compare_places(&province(a), &province(b))
            .then_with(|| crate::collation::compare_places(&a.organization, &b.organization))
            .then_with(|| crate::collation::compare_names(&a.name, &b.name))
            .then(a.id.cmp(&b.id))
    });
    v
}

pub async fn agenda(svc: &Service, actor: &Actor, conference_id: i64) -> Result<Pdf> {
    let d = data(svc, actor, conference_id).await?;
    let snapshot = d.snapshot.as_ref().ok_or(AppError::rejected("documents-error-no-agenda"))?;
    let days = programme(&resolve(snapshot, &d.conference));
    let count = days.iter().map(|d| d.sessions.len()).sum();
    let venue = [d.conference.venue_name.as_str(), d.conference.venue_address.as_str()];
    let mut venue: Vec<&str> = venue.into_iter().filter(|v| !v.trim().is_empty()).collect();
    venue.dedup();
    let bytes = rendered(
        doc::Agenda {
            header: header(&d.conference),
            conference_name: d.conference.title.clone(),
            venue: venue.join(", "),
            days,
        },
        doc::render_agenda,
    )
    .await?;
    Ok(Pdf { bytes, filename: file(&d.conference.slug, "chuong-trinh"), count })
}

pub async fn delegate_list(svc: &Service, actor: &Actor, conference_id: i64) -> Result<Pdf> {
    let d = data(svc, actor, conference_id).await?;
    let delegates: Vec<doc::ListedDelegate> = grouped(&d.confirmed)
        .into_iter()
        .map(|r| doc::ListedDelegate {
            name: r.name.display(),
            position: r.position_title.clone(),
            unit: r.organization.clone(),
            province: province(r),
            note: String::new(),
        })
        .collect();
    let count = delegates.len();
    let bytes = rendered(
        doc::DelegateList { header: header(&d.conference), conference_name: d.conference.title.clone(), delegates },
        doc::render_delegate_list,
    )
    .await?;
    Ok(Pdf { bytes, filename: file(&d.conference.slug, "danh-sach-dai-bieu"), count })
}

/// The group a delegate is listed under on lists and sheets: "Tỉnh Khánh Hòa - Bảo hiểm xã hội tỉnh Khánh
/// Hòa" (the province alone when the unit names it already).
fn group_of(r: &Registration) -> String {
    let (p, u) = (province(r), r.organization.trim().to_string());
    if p.is_empty() {
        u
    } else if u.is_empty() || search_key(&u).contains(&search_key(&hoinghi_domain::text::without_place_type(&p))) {
        if u.is_empty() { p } else { u }
    } else {
        format!("{p} - {u}")
    }
}

/// Sign-in sheets: one per day of the conference, listing the confirmed delegates attending that day,
/// and one per training class, listing those with a seat in it; delegates grouped by province and unit.
pub async fn signin_sheets(svc: &Service, actor: &Actor, conference_id: i64) -> Result<Pdf> {
    let d = data(svc, actor, conference_id).await?;
    let snapshot = d.snapshot.as_ref().ok_or(AppError::rejected("documents-error-no-agenda"))?;
    let agenda = resolve(snapshot, &d.conference);
    let people = grouped(&d.confirmed);
    let row = |r: &&Registration| doc::SigninRow {
        name: r.name.display(),
        position: r.position_title.clone(),
        group: group_of(r),
    };
    let live: Vec<_> = agenda.sessions.iter().filter(|s| !s.cancelled && s.kind != SessionKind::Break).collect();
    let mut sheets = Vec::new();
    for (n, day) in agenda.days.iter().enumerate() {
        let rooms: Vec<String> = {
            let mut r: Vec<String> = live
                .iter()
                .filter(|s| s.day == *day && s.plenary)
                .filter_map(|s| s.room.as_ref().map(|r| r.name.clone()))
                .collect();
            r.dedup();
            r
        };
        sheets.push(doc::SigninSheet {
            title: format!("Ngày thứ {}: {}", ordinal(n + 1), crate::documents::day_heading(*day)),
            detail: rooms.join(", "),
            rows: people.iter().filter(|r| r.days.is_empty() || r.days.contains(day)).map(row).collect(),
        });
    }
    for s in live.iter().filter(|s| !s.plenary && s.kind == SessionKind::Training) {
        let class: Vec<&&Registration> =
            people.iter().filter(|r| r.sessions.iter().any(|c| c.uid == s.uid && c.confirmed)).collect();
        if class.is_empty() {
            continue;
        }
        let mut detail = format!(
            "{} - {}, {}",
            hoinghi_domain::time::clock(s.start),
            hoinghi_domain::time::clock(s.end),
            crate::documents::day_heading(s.day)
        );
        if let Some(room) = &s.room {
            detail.push_str(&format!(", {}", room.name));
        }
        sheets.push(doc::SigninSheet {
            title: format!("Lớp: {}", s.title),
            detail,
            rows: class.into_iter().map(row).collect(),
        });
    }
    let count = sheets.len();
    let bytes = rendered(
        doc::SigninSheets { header: header(&d.conference), conference_name: d.conference.title.clone(), sheets },
        doc::render_signin_sheets,
    )
    .await?;
    Ok(Pdf { bytes, filename: file(&d.conference.slug, "danh-sach-ky-ten"), count })
}

/// "nhất", "hai", … for "Ngày thứ nhất".
fn ordinal(n: usize) -> String {
    match n {
        1 => "nhất".into(),
        2 => "hai".into(),
        3 => "ba".into(),
        4 => "tư".into(),
        5 => "năm".into(),
        6 => "sáu".into(),
        7 => "bảy".into(),
        8 => "tám".into(),
        9 => "chín".into(),
        10 => "mười".into(),
        n => n.to_string(),
    }
}

/// "Thứ Hai, ngày 18 tháng 9 năm 2017".
pub(crate) fn day_heading(d: chrono::NaiveDate) -> String {
    format!("{}, {}", capitalize_first(hoinghi_domain::time::weekday_vi(d)), official_date(d))
}

/// The role each delegate's badge prints: the organizers' choice, else their part in the published agenda
/// (matched by name: chair over trainer over presenter), else ĐẠI BIỂU.
fn badge_roles<'a>(
    list: &[&'a Registration],
    snapshot: Option<&AgendaSnapshot>,
    c: &Conference,
) -> Vec<(&'a Registration, BadgeRole)> {
    let mut agenda_roles: Vec<(String, BadgeRole)> = Vec::new();
    if let Some(s) = snapshot {
        for session in resolve(s, c).sessions.iter().filter(|s| !s.cancelled) {
            for p in &session.people {
                let role = match p.role {
                    PersonRole::Chair => BadgeRole::Chair,
                    PersonRole::Trainer => BadgeRole::Trainer,
                    PersonRole::Presenter | PersonRole::Speaker => BadgeRole::Presenter,
                    PersonRole::Secretary => BadgeRole::Organizer,
                };
                agenda_roles.push((search_key(&p.display_name), role));
            }
        }
    }
    // The strongest part a person has: chair, trainer, presenter, organizer (the secretariat).
    let rank = |r: BadgeRole| {
        [BadgeRole::Chair, BadgeRole::Trainer, BadgeRole::Presenter, BadgeRole::Organizer].iter().position(|x| *x == r)
    };
    list.iter()
        .map(|r| {
            let role = r.badge_role.unwrap_or_else(|| {
                let key = r.name.search_key();
                agenda_roles
                    .iter()
                    .filter(|(k, _)| *k == key)
                    .map(|(_, role)| *role)
                    .min_by_key(|role| rank(*role))
                    .unwrap_or(BadgeRole::Delegate)
            });
            (*r, role)
        })
        .collect()
}

/// Badges for confirmed delegates; the QR code holds the check-in code.
pub async fn badges(svc: &Service, actor: &Actor, conference_id: i64) -> Result<Pdf> {
    let d = data(svc, actor, conference_id).await?;
    let badges: Vec<doc::Badge> = badge_roles(&grouped(&d.confirmed), d.snapshot.as_ref(), &d.conference)
        .into_iter()
        .map(|(r, role)| doc::Badge {
            name: r.name.display(),
            position: r.position_title.clone(),
            unit: r.organization.clone(),
            role: role.printed().into(),
            qr_payload: r.code.clone(),
        })
        .collect();
    let count = badges.len();
    let bytes =
        rendered(doc::BadgeSheet { conference_name: d.conference.title.clone(), badges }, doc::render_badges).await?;
    Ok(Pdf { bytes, filename: file(&d.conference.slug, "the-dai-bieu"), count })
}

/// Hours of the published sessions a delegate was checked in to.
fn hours(r: &Registration, snapshot: Option<&AgendaSnapshot>) -> f64 {
    snapshot.map(|s| crate::registration::hours_attended(r.checked_in.iter().map(String::as_str), s)).unwrap_or(0.0)
}

/// A threshold in hours, as typed ("4", "3,5"); 0 < h ≤ 1000.
pub fn parse_threshold(value: &str) -> Result<f64> {
    match value.trim().replace(',', ".").parse::<f64>() {
        Ok(h) if h > 0.0 && h <= 1000.0 => Ok(h),
        _ => Err(AppError::invalid("threshold", Message::new("documents-error-threshold")).into()),
    }
}

/// Certificates for confirmed delegates whose checked-in hours reach `threshold` hours.
pub async fn certificates(svc: &Service, actor: &Actor, conference_id: i64, threshold: f64) -> Result<Pdf> {
    let d = data(svc, actor, conference_id).await?;
    let recipients: Vec<doc::CertificateRecipient> = grouped(&d.confirmed)
        .into_iter()
        .filter(|r| hours(r, d.snapshot.as_ref()) + 1e-9 >= threshold)
        .map(|r| doc::CertificateRecipient { name: r.name.display(), unit: r.organization.clone() })
        .collect();
    if recipients.is_empty() {
        return Err(AppError::rejected("documents-error-no-certificates").into());
    }
    let count = recipients.len();
    let c = &d.conference;
    let place = place_name(svc, c).await?;
    let bytes = rendered(
        doc::CertificateBatch {
            header: header(c),
            achievement: format!("Đã hoàn thành chương trình {}", c.title),
            place_date: place_date(&place, c.ends_on),
            signer_title: "TM. Ban Tổ chức".into(),
            signer_name: String::new(),
            recipients,
        },
        doc::render_certificates,
    )
    .await?;
    Ok(Pdf { bytes, filename: file(&c.slug, "giay-chung-nhan"), count })
}

/// How many delegates each document holds, for the documents page.
pub async fn counts(svc: &Service, actor: &Actor, conference_id: i64, threshold: f64) -> Result<DocumentCounts> {
    let d = data(svc, actor, conference_id).await?;
    Ok(DocumentCounts {
        sessions: d
            .snapshot
            .as_ref()
            .map(|s| s.sessions.iter().filter(|x| !x.cancelled && x.kind != SessionKind::Break).count())
            .unwrap_or(0),
        signin_sheets: d
            .snapshot
            .as_ref()
            .map(|s| {
                let agenda = resolve(s, &d.conference);
                let classes = agenda
                    .sessions
                    .iter()
                    .filter(|x| !x.cancelled && !x.plenary && x.kind == SessionKind::Training)
                    .filter(|x| d.confirmed.iter().any(|r| r.sessions.iter().any(|c| c.uid == x.uid && c.confirmed)))
                    .count();
                agenda.days.len() + classes
            })
            .unwrap_or(0),
        delegates: d.confirmed.len(),
        badges: d.confirmed.len(),
        certificates: d.confirmed.iter().filter(|r| hours(r, d.snapshot.as_ref()) + 1e-9 >= threshold).count(),
        threshold_hours: threshold,
    })
}
