//! Printed documents of a conference, for organizers: the agenda, the delegate list by province and
//! unit, sign-in sheets per session, badges and training certificates. Each gathers its data here and
//! renders with `hoinghi-documents` (the minutes are in `crate::minutes`).
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
use hoinghi_domain::agenda::{AgendaSnapshot, SessionKind};
use hoinghi_domain::conference::Conference;
use hoinghi_domain::registration::Registration;
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

fn header(c: &Conference) -> doc::HeaderSpec {
    doc::HeaderSpec {
        parent_agency: None,
        issuing_agency: c.agency.as_ref().map(|a| a.name.clone()).unwrap_or_else(|| "Ban Tổ chức hội nghị".into()),
        number: String::new(),
        place_date: None,
    }
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

/// Confirmed delegates by province, then unit, then name (Vietnamese order).
fn grouped(list: &[Registration]) -> Vec<&Registration> {
    let mut v: Vec<&Registration> = list.iter().collect();
    v.sort_by(|a, b| {
        crate::collation::compare(&province(a), &province(b))
            .then_with(|| crate::collation::compare(&a.organization, &b.organization))
            .then_with(|| crate::collation::compare_names(&a.name, &b.name))
            .then(a.id.cmp(&b.id))
    });
    v
}

pub async fn agenda(svc: &Service, actor: &Actor, conference_id: i64) -> Result<Pdf> {
    let d = data(svc, actor, conference_id).await?;
    let snapshot = d.snapshot.as_ref().ok_or(AppError::rejected("documents-error-no-agenda"))?;
    let agenda = resolve(snapshot, &d.conference);
    let mut days: Vec<doc::AgendaDay> = Vec::new();
    for s in agenda.sessions.iter().filter(|s| !s.cancelled) {
        let presenter = s
            .people
            .iter()
            .map(|p| {
                if p.honorific.is_empty() {
                    p.display_name.clone()
                } else {
                    format!("{} {}", p.honorific, p.display_name)
                }
            })
            .collect::<Vec<_>>()
            .join("; ");
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
    let count = days.iter().map(|d| d.sessions.len()).sum();
    let bytes = rendered(
        doc::Agenda {
            header: header(&d.conference),
            conference_name: d.conference.title.clone(),
            venue: d.conference.venue_name.clone(),
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

/// One sheet per session of the published agenda (breaks left out): a class lists the delegates with a
/// seat in it; other sessions list the confirmed delegates attending that day.
pub async fn signin_sheets(svc: &Service, actor: &Actor, conference_id: i64) -> Result<Pdf> {
    let d = data(svc, actor, conference_id).await?;
    let snapshot = d.snapshot.as_ref().ok_or(AppError::rejected("documents-error-no-agenda"))?;
    let agenda = resolve(snapshot, &d.conference);
    let people = grouped(&d.confirmed);
    let sessions: Vec<doc::SigninSession> = agenda
        .sessions
        .iter()
        .filter(|s| !s.cancelled && s.kind != SessionKind::Break)
        .map(|s| {
            let class: Vec<&&Registration> =
                people.iter().filter(|r| r.sessions.iter().any(|c| c.uid == s.uid && c.confirmed)).collect();
            let rows = if !s.plenary && !class.is_empty() {
                class
            } else {
                people.iter().filter(|r| r.days.is_empty() || r.days.contains(&s.day)).collect()
            };
            doc::SigninSession {
                title: s.title.clone(),
                date: s.day,
                start: s.start,
                room: s.room.as_ref().map(|r| r.name.clone()).unwrap_or_default(),
                rows: rows
                    .into_iter()
                    .map(|r| doc::SigninRow { name: r.name.display(), unit: r.organization.clone() })
                    .collect(),
            }
        })
        .collect();
    let count = sessions.len();
    let bytes = rendered(
        doc::SigninSheets { header: header(&d.conference), conference_name: d.conference.title.clone(), sessions },
        doc::render_signin_sheets,
    )
    .await?;
    Ok(Pdf { bytes, filename: file(&d.conference.slug, "danh-sach-ky-ten"), count })
}

/// Badges for confirmed delegates; the QR code holds the check-in code.
pub async fn badges(svc: &Service, actor: &Actor, conference_id: i64) -> Result<Pdf> {
    let d = data(svc, actor, conference_id).await?;
    let badges: Vec<doc::Badge> = grouped(&d.confirmed)
        .into_iter()
        .map(|r| doc::Badge {
            name: r.name.display(),
            position: r.position_title.clone(),
            unit: r.organization.clone(),
            role: "Đại biểu".into(),
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
    let bytes = rendered(
        doc::CertificateBatch {
            header: header(c),
            achievement: format!("Đã hoàn thành chương trình {}", c.title),
            place_date: format!(
                "{}, {}",
                if c.venue_name.is_empty() { "Hà Nội" } else { &c.venue_name },
                official_date(c.ends_on)
            ),
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
        delegates: d.confirmed.len(),
        badges: d.confirmed.len(),
        certificates: d.confirmed.iter().filter(|r| hours(r, d.snapshot.as_ref()) + 1e-9 >= threshold).count(),
        threshold_hours: threshold,
    })
}
