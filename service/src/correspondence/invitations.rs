//! Invitations ("giấy mời") to the units invited to a conference, and the notice of change that follows
//! a change of time or place after they were issued.
//!
//! The invited units are the units of the conference's agency with a quota: their own, or, for units
//! serving a province, the conference's default. Each gets its own invitation, numbered in the register
//! when all are issued at once, addressed to the unit's head, stating the unit's number of delegates,
//! with the published agenda as an appendix and the unit's nomination link (as text and QR code). Each
//! unit with an address is mailed its invitation through the outbox. Organizers edit the shared text
//! (saved with revisions) and, per unit, the addressee's wording and the address.
//!
//! What the issued invitations said about time and place is kept; when the conference's dates, venue
//! or agenda later say otherwise, the page offers a numbered notice of change to the same units.

use super::drafts;
use super::letters::{self, NOMINATION_LINK};
use super::nomination;
use super::register::{self, Agency, NewEntry};
use crate::Service;
use crate::accounts::{Actor, require_organizer};
use crate::agenda::{latest_snapshot, resolve};
use crate::conferences::by_id_internal;
use crate::documents::{Pdf, place_name, programme};
use crate::error::Result;
use crate::validate::Checker;
use chrono::NaiveDate;
use hoinghi_documents as doc;
use hoinghi_domain::agenda::{PublicAgenda, SessionKind};
use hoinghi_domain::conference::Conference;
use hoinghi_domain::correspondence::{
    ChangeNoticeText, DocumentKind, InvitationText, InvitationsView, InvitedUnit, IssueOutcome, IssuedRef, LinkState,
    RecipientInput, ScheduleFacts, limits,
};
use hoinghi_domain::text::{clean_line, clean_text, without_place_type};
use hoinghi_domain::time::{official_date, official_time};
use hoinghi_domain::{AppError, Message};
use sqlx::AnyConnection;

/// The draft kind of the shared invitation text (and of the facts the issued invitations stated).
pub(crate) const KIND: &str = "invitation";
const CHANGE: &str = "change_notice";

/// An invited unit with what the page and the documents need.
#[derive(Clone, Debug)]
pub(crate) struct Invited {
    pub unit_id: i64,
    pub unit_name: String,
    pub admin_unit_name: String,
    pub quota: i64,
    pub nominated: i64,
    pub addressee_custom: String,
    pub email: String,
    pub document: Option<IssuedRef>,
    pub link_generation: i64,
    pub link_active: Option<bool>,
}

impl Invited {
    /// "Giám đốc Bảo hiểm xã hội tỉnh An Giang", or the organizers' own wording.
    fn addressee(&self, title: &str) -> String {
        if !self.addressee_custom.is_empty() {
            return self.addressee_custom.clone();
        }
        let title = clean_line(title);
        if title.is_empty() { self.unit_name.clone() } else { format!("{title} {}", self.unit_name) }
    }
}

type UnitRow = (i64, String, Option<String>, Option<i64>);
type InvitationRow = (i64, String, String, Option<i64>, i64, Option<String>, crate::db::Flag);

/// The invited units of a conference, by province name.
pub(crate) async fn invited(conn: &mut AnyConnection, conference_id: i64, agency_id: i64) -> Result<Vec<Invited>> {
    let default: Option<(Option<i64>,)> =
        sqlx::query_as("SELECT default_unit_quota FROM registration_settings WHERE conference_id = $1")
            .bind(conference_id)
            .fetch_optional(&mut *conn)
            .await?;
    let default = default.and_then(|(d,)| d);
    let units: Vec<UnitRow> = sqlx::query_as(
        "SELECT u.id, u.name, u.admin_unit_code, q.quota FROM units u \
         LEFT JOIN unit_quotas q ON q.unit_id = u.id AND q.conference_id = $1 WHERE u.agency_id = $2",
    )
    .bind(conference_id)
    .bind(agency_id)
    .fetch_all(&mut *conn)
    .await?;
    let rows: Vec<InvitationRow> = sqlx::query_as(
        "SELECT unit_id, addressee, email, document_id, link_generation, link_hash, link_revoked FROM invitation_units \
         WHERE conference_id = $1",
    )
    .bind(conference_id)
    .fetch_all(&mut *conn)
    .await?;
    let docs: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT id, symbol, issued_on FROM outgoing_documents WHERE conference_id = $1 AND kind = 'invitation'",
    )
    .bind(conference_id)
    .fetch_all(&mut *conn)
    .await?;
    let counts: Vec<(Option<i64>, i64)> = sqlx::query_as(
        "SELECT unit_id, COUNT(*) FROM registrations WHERE conference_id = $1 \
         AND status IN ('pending', 'confirmed', 'waiting') GROUP BY unit_id",
    )
    .bind(conference_id)
    .fetch_all(&mut *conn)
    .await?;
    let provinces = crate::reference::admin_units_in(conn).await?;
    let mut out: Vec<Invited> = units
        .into_iter()
        .filter_map(|(unit_id, unit_name, code, own)| {
            let row = rows.iter().find(|r| r.0 == unit_id);
            let issued = row.and_then(|r| r.3);
            let quota = own.or(code.as_ref().and(default)).unwrap_or(0);
            // A unit stays listed once invited, whatever its quota became.
            if quota <= 0 && issued.is_none() {
                return None;
            }
            Some(Invited {
                unit_id,
                admin_unit_name: code
                    .as_ref()
                    .and_then(|c| provinces.iter().find(|p| &p.code == c))
                    .map(|p| p.name.clone())
                    .unwrap_or_default(),
                unit_name,
                quota,
                nominated: counts.iter().find(|(u, _)| *u == Some(unit_id)).map_or(0, |(_, n)| *n),
                addressee_custom: row.map(|r| r.1.clone()).unwrap_or_default(),
                email: row.map(|r| r.2.clone()).unwrap_or_default(),
                document: issued.and_then(|id| {
                    docs.iter().find(|d| d.0 == id).map(|(id, symbol, issued_on)| IssuedRef {
                        id: *id,
                        symbol: symbol.clone(),
                        issued_on: issued_on.clone(),
                    })
                }),
                link_generation: row.map_or(0, |r| r.4),
                link_active: row.and_then(|r| r.5.as_ref().map(|_| !r.6.0)),
            })
        })
        .collect();
    out.sort_by(|a, b| crate::collation::compare_places(&a.unit_name, &b.unit_name));
    Ok(out)
}

/// "02 ngày, bắt đầu từ 08 giờ 00 phút, ngày 18 tháng 9 năm 2017": from the first session that is not a
/// break (the welcome before the opening is not the start).
fn time_from(c: &Conference, agenda: Option<&PublicAgenda>) -> String {
    let days = (c.ends_on - c.starts_on).num_days() + 1;
    let first = agenda.and_then(|a| {
        a.sessions.iter().filter(|s| !s.cancelled && s.kind != SessionKind::Break).min_by_key(|s| s.starts_at)
    });
    match first {
        Some(s) => format!("{days:02} ngày, bắt đầu từ {}, {}", official_time(s.start), official_date(s.day)),
        None if days == 1 => official_date(c.starts_on),
        None => format!("{days:02} ngày, từ {} đến {}", official_date(c.starts_on), official_date(c.ends_on)),
    }
}

/// The venue's name and address, once each.
fn venue_of(c: &Conference) -> String {
    let mut parts: Vec<&str> =
        [c.venue_name.trim(), c.venue_address.trim()].into_iter().filter(|v| !v.is_empty()).collect();
    parts.dedup();
    parts.join(", ")
}

/// Time and place as the invitations print them: the organizers' wording, else the conference's.
fn facts(c: &Conference, agenda: Option<&PublicAgenda>, text: &InvitationText) -> ScheduleFacts {
    ScheduleFacts {
        time: if text.time_text.trim().is_empty() { time_from(c, agenda) } else { clean_line(&text.time_text) },
        venue: if text.venue_text.trim().is_empty() { venue_of(c) } else { clean_line(&text.venue_text) },
    }
}

/// The invitation text before any save: from the conference, its agency and the chair of its agenda.
fn default_text(c: &Conference, agency: &Agency, agenda: Option<&PublicAgenda>) -> InvitationText {
    let chair = agenda.and_then(|a| {
        a.sessions.iter().flat_map(|s| s.people.iter()).find(|p| p.role == hoinghi_domain::people::PersonRole::Chair)
    });
    let (signer_authority, signer_position, signer_name) = match chair {
        Some(p) => {
            let (authority, position) = letters::authority_for(&p.position_title, &agency.name);
            (authority, position, p.display_name.clone())
        }
        None => Default::default(),
    };
    let content =
        clean_text(&c.description).split('\n').map(str::trim).find(|l| !l.is_empty()).unwrap_or("").to_string();
    InvitationText {
        subject: format!("Dự {}", c.title),
        content,
        positions: "Lãnh đạo đơn vị và cán bộ phụ trách lĩnh vực liên quan".into(),
        deadline: (c.starts_on - chrono::Days::new(7)).to_string(),
        addressee_title: "Giám đốc".into(),
        signer_authority,
        signer_position,
        signer_name,
        recipients: String::new(),
        ..Default::default()
    }
}

fn check_text(t: &InvitationText, issuing: bool) -> Result<()> {
    let mut ch = Checker::new();
    for (field, value) in [
        ("subject", &t.subject),
        ("positions", &t.positions),
        ("contact", &t.contact),
        ("addressee_title", &t.addressee_title),
        ("time_text", &t.time_text),
        ("venue_text", &t.venue_text),
        ("signer_authority", &t.signer_authority),
        ("signer_position", &t.signer_position),
        ("signer_name", &t.signer_name),
    ] {
        ch.max_len(field, value, limits::LINE);
    }
    for (field, value) in
        [("content", &t.content), ("preparation", &t.preparation), ("notes", &t.notes), ("recipients", &t.recipients)]
    {
        ch.max_len(field, value, limits::TEXT);
    }
    ch.max_len("drafting_unit", &t.drafting_unit, 20);
    if !t.deadline.trim().is_empty() || issuing {
        ch.date("deadline", &t.deadline);
    }
    if issuing {
        ch.required("subject", &t.subject);
        letters::check_signer(&mut ch, &letters::signer(&t.signer_authority, &t.signer_position, &t.signer_name));
    }
    ch.finish()
}

fn clean(t: InvitationText) -> InvitationText {
    let l = |s: String| clean_line(&s);
    let x = |s: String| clean_text(&s);
    InvitationText {
        subject: l(t.subject),
        content: x(t.content),
        positions: l(t.positions),
        preparation: x(t.preparation),
        deadline: l(t.deadline),
        contact: l(t.contact),
        notes: x(t.notes),
        addressee_title: l(t.addressee_title),
        time_text: l(t.time_text),
        venue_text: l(t.venue_text),
        signer_authority: l(t.signer_authority),
        signer_position: l(t.signer_position),
        signer_name: l(t.signer_name),
        drafting_unit: l(t.drafting_unit).to_uppercase(),
        recipients: x(t.recipients),
    }
}

/// What every invitation of a conference is made from.
struct Ctx {
    conference: Conference,
    agency: Agency,
    place: String,
    programme: Vec<doc::AgendaDay>,
    facts: ScheduleFacts,
    text: InvitationText,
    revision: i64,
}

async fn context(svc: &Service, conference_id: i64) -> Result<Ctx> {
    let conference = by_id_internal(svc, conference_id).await?;
    let agency = register::agency_of(svc, &conference).await?;
    let mut conn = svc.db.read().acquire().await?;
    let agenda = latest_snapshot(&mut conn, conference_id).await?.map(|s| resolve(&s, &conference));
    let (text, revision) = match drafts::load::<InvitationText>(&mut conn, conference_id, KIND).await? {
        Some(saved) => saved,
        None => (default_text(&conference, &agency, agenda.as_ref()), 0),
    };
    drop(conn);
    let place = place_name(svc, &conference).await?;
    Ok(Ctx {
        facts: facts(&conference, agenda.as_ref(), &text),
        programme: agenda.as_ref().map(programme).unwrap_or_default(),
        conference,
        agency,
        place,
        text,
        revision,
    })
}

/// The invitation of unit `u` numbered `number` on `day`; `link` is the nomination page's address (none
/// in a preview).
fn letter(ctx: &Ctx, u: &Invited, number: &str, day: NaiveDate, link: Option<&str>) -> doc::Letter {
    let (t, c, a) = (&ctx.text, &ctx.conference, &ctx.agency);
    let mut parts = vec![
        doc::Part::Text(format!("{} trân trọng kính mời đại biểu của {} tham dự {}.", a.name, u.unit_name, c.title)),
        doc::Part::Labelled { label: "Thời gian:".into(), value: format!("{}.", ctx.facts.time) },
        doc::Part::Labelled { label: "Địa điểm:".into(), value: format!("{}.", ctx.facts.venue) },
    ];
    if !t.content.trim().is_empty() {
        parts.push(doc::Part::Labelled {
            label: "Nội dung:".into(),
            value: clean_line(&t.content).trim_end_matches('.').to_string() + ".",
        });
    }
    let positions = clean_line(&t.positions);
    parts.push(doc::Part::Labelled {
        label: "Thành phần:".into(),
        value: if positions.is_empty() {
            format!("{:02} đại biểu của đơn vị.", u.quota)
        } else {
            format!("{:02} đại biểu của đơn vị: {}.", u.quota, letters::lower_first(&positions).trim_end_matches('.'))
        },
    });
    if !t.preparation.trim().is_empty() {
        parts.push(doc::Part::Labelled { label: "Chuẩn bị:".into(), value: clean_line(&t.preparation) });
    }
    parts.push(doc::Part::Text(format!(
        "Đề nghị {} cử đại biểu và gửi danh sách về {} trước {}.",
        u.unit_name,
        a.name,
        letters::official_day(&t.deadline)
    )));
    if let Some(url) = link {
        parts.push(doc::Part::Qr {
            data: url.to_string(),
            caption: format!(
                "Đơn vị cử đại biểu trực tuyến, không cần tài khoản, tại địa chỉ {url} hoặc quét mã QR bên cạnh. \
                 Đường dẫn dành riêng cho đơn vị."
            ),
        });
    }
    if !t.notes.trim().is_empty() {
        parts.push(doc::Part::Text(t.notes.clone()));
    }
    if !t.contact.trim().is_empty() {
        parts.push(doc::Part::Text(format!("Thông tin liên hệ: {}.", clean_line(&t.contact).trim_end_matches('.'))));
    }
    let closing = if ctx.programme.is_empty() {
        format!("Rất mong đại biểu của {} tham dự đúng thành phần, thời gian./.", u.unit_name)
    } else {
        "Chương trình hội nghị gửi kèm theo Giấy mời này. Rất mong đại biểu tham dự đúng thành phần, thời gian./."
            .into()
    };
    parts.push(doc::Part::Text(closing));
    let when = official_date(day);
    doc::Letter {
        header: letters::header(a, number, &ctx.place, day, None),
        type_name: DocumentKind::Invitation.type_name().into(),
        subject: clean_line(&t.subject),
        addressees: vec![u.addressee(&t.addressee_title)],
        parts,
        signer: letters::signer(&t.signer_authority, &t.signer_position, &t.signer_name),
        recipients: letters::recipients(&["Như trên".into()], &t.recipients, &t.drafting_unit),
        appendix: (!ctx.programme.is_empty()).then(|| doc::Appendix {
            title: "Chương trình".into(),
            subtitle: c.title.clone(),
            reference: format!("(Kèm theo Giấy mời số {number} {when} của {})", a.name),
            venue: ctx.facts.venue.clone(),
            days: ctx.programme.clone(),
        }),
        field_prefix: format!("gm-{}-", u.unit_id),
        title: format!("Giấy mời số {number}"),
    }
}

fn link_url(svc: &Service, conference_id: i64, u: &Invited) -> Option<String> {
    (u.link_active == Some(true))
        .then(|| letters::nomination_url(svc, &nomination::token(svc, conference_id, u.unit_id, u.link_generation)))
}

fn change_default(ctx: &Ctx, issued: &[IssuedRef], from: &ScheduleFacts) -> ChangeNoticeText {
    let (c, a, now) = (&ctx.conference, &ctx.agency, &ctx.facts);
    let numbers = match (issued.first(), issued.last()) {
        (Some(f), Some(l)) if issued.len() > 1 => {
            format!("các Giấy mời số {} đến số {} {}", f.symbol, l.symbol, letters::official_day(&f.issued_on))
        }
        (Some(f), _) => format!("Giấy mời số {} {}", f.symbol, letters::official_day(&f.issued_on)),
        _ => "giấy mời".into(),
    };
    let mut body = vec![format!(
        "{} đã có {numbers} mời đại biểu các đơn vị tham dự {}. Nay {} thông báo tới các đơn vị được mời \
         thay đổi như sau:",
        a.name, c.title, a.name
    )];
    let mut what = Vec::new();
    if from.time != now.time {
        body.push(format!("- Thời gian: {} (thay cho: {}).", now.time, from.time));
        what.push("thời gian");
    }
    if from.venue != now.venue {
        body.push(format!("- Địa điểm: {} (thay cho: {}).", now.venue, from.venue));
        what.push("địa điểm");
    }
    body.push(format!(
        "Các nội dung khác của giấy mời giữ nguyên. {} thông báo để các đơn vị biết, bố trí đại biểu tham dự./.",
        a.name
    ));
    ChangeNoticeText {
        subject: format!("Thay đổi {} tổ chức {}", what.join(", "), c.title),
        body: body.join("\n"),
        signer_authority: ctx.text.signer_authority.clone(),
        signer_position: ctx.text.signer_position.clone(),
        signer_name: ctx.text.signer_name.clone(),
        drafting_unit: ctx.text.drafting_unit.clone(),
        recipients: ctx.text.recipients.clone(),
    }
}

fn issued_refs(units: &[Invited]) -> Vec<IssuedRef> {
    let mut refs: Vec<IssuedRef> = units.iter().filter_map(|u| u.document.clone()).collect();
    refs.sort_by_key(|r| r.id);
    refs
}

/// The invitations page: the shared text, the invited units and their links, and any change since issue.
pub async fn view(svc: &Service, actor: &Actor, conference_id: i64) -> Result<InvitationsView> {
    require_organizer(svc, actor, conference_id).await?;
    let ctx = context(svc, conference_id).await?;
    let mut conn = svc.db.read().acquire().await?;
    let units = invited(&mut conn, conference_id, ctx.agency.id).await?;
    let stated: Option<ScheduleFacts> =
        serde_json::from_str(&drafts::facts(&mut conn, conference_id, KIND).await?).ok();
    let issued = issued_refs(&units);
    let changed_from = stated.filter(|s| !issued.is_empty() && *s != ctx.facts);
    let (change_text, change_revision) =
        match drafts::load::<ChangeNoticeText>(&mut conn, conference_id, CHANGE).await? {
            Some(saved) => saved,
            None => (changed_from.as_ref().map(|f| change_default(&ctx, &issued, f)).unwrap_or_default(), 0),
        };
    let notices = register::of_conference(&mut conn, conference_id, DocumentKind::ChangeNotice).await?;
    Ok(InvitationsView {
        units: units
            .iter()
            .map(|u| InvitedUnit {
                unit_id: u.unit_id,
                unit_name: u.unit_name.clone(),
                admin_unit_name: u.admin_unit_name.clone(),
                quota: u.quota,
                nominated: u.nominated,
                addressee: u.addressee(&ctx.text.addressee_title),
                addressee_custom: u.addressee_custom.clone(),
                email: u.email.clone(),
                issued: u.document.clone(),
                link: match u.link_active {
                    None => LinkState::None,
                    Some(true) => LinkState::Active,
                    Some(false) => LinkState::Revoked,
                },
                link_url: link_url(svc, conference_id, u),
            })
            .collect(),
        text: ctx.text.clone(),
        revision: ctx.revision,
        now: ctx.facts.clone(),
        changed_from,
        change_text,
        change_revision,
        notices,
    })
}

/// Saves the shared text (revision `base`; a stale one is a conflict).
pub async fn save_text(
    svc: &Service,
    actor: &Actor,
    conference_id: i64,
    base: i64,
    text: InvitationText,
) -> Result<i64> {
    require_organizer(svc, actor, conference_id).await?;
    let text = clean(text);
    check_text(&text, false)?;
    drafts::save(svc, actor, conference_id, KIND, base, &text).await
}

/// Saves how each unit's invitation is addressed and where it is mailed.
pub async fn save_recipients(
    svc: &Service,
    actor: &Actor,
    conference_id: i64,
    rows: Vec<RecipientInput>,
) -> Result<()> {
    require_organizer(svc, actor, conference_id).await?;
    let c = by_id_internal(svc, conference_id).await?;
    let agency = register::agency_of(svc, &c).await?;
    let mut conn = svc.db.read().acquire().await?;
    let units = invited(&mut conn, conference_id, agency.id).await?;
    drop(conn);
    let mut ch = Checker::new();
    let mut clean_rows = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let unit = r.unit_id.trim().parse::<i64>().ok().filter(|id| units.iter().any(|u| u.unit_id == *id));
        let Some(unit) = unit else {
            ch.add(&format!("recipients.{i}.unit_id"), Message::new("error-choice"));
            continue;
        };
        let addressee = clean_line(&r.addressee);
        let email = clean_line(&r.email).to_lowercase();
        ch.max_len(&format!("recipients.{i}.addressee"), &addressee, limits::LINE);
        if !email.is_empty() {
            crate::email::check(ch.errors(), &format!("recipients.{i}.email"), &email);
        }
        clean_rows.push((unit, addressee, email));
    }
    ch.finish()?;
    let mut tx = svc.db.begin().await?;
    for (unit, addressee, email) in clean_rows {
        sqlx::query(
            "INSERT INTO invitation_units (conference_id, unit_id, addressee, email) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (conference_id, unit_id) DO UPDATE SET addressee = excluded.addressee, email = excluded.email",
        )
        .bind(conference_id)
        .bind(unit)
        .bind(&addressee)
        .bind(&email)
        .execute(&mut *tx)
        .await?;
    }
    crate::audit::record(&mut tx, actor, Some(conference_id), "invitations.recipients", "").await?;
    tx.commit().await?;
    Ok(())
}

/// One unit's invitation as it would be issued now, without its number and link.
pub async fn preview(svc: &Service, actor: &Actor, conference_id: i64, unit_id: i64) -> Result<Pdf> {
    require_organizer(svc, actor, conference_id).await?;
    let ctx = context(svc, conference_id).await?;
    let mut conn = svc.db.read().acquire().await?;
    let units = invited(&mut conn, conference_id, ctx.agency.id).await?;
    let u = units.iter().find(|u| u.unit_id == unit_id).ok_or(AppError::NotFound)?;
    let number = letters::draft_number(&register::suffix(DocumentKind::Invitation, &ctx.agency.abbreviation, ""));
    let day = register::today(&ctx.conference);
    let bytes = doc::render_letter(&letter(&ctx, u, &number, day, None)).map_err(letters::render_err)?;
    Ok(Pdf { bytes, filename: format!("giay-moi-du-thao-{unit_id}.pdf"), count: 1 })
}

/// Issues the invitations of every invited unit not invited yet, at once: each takes its number, is
/// recorded in the register, gets its unit's nomination link, and is mailed to the unit's address.
/// `revision` is the shared text's revision the organizer saw.
pub async fn issue(svc: &Service, actor: &Actor, conference_id: i64, revision: i64) -> Result<IssueOutcome> {
    require_organizer(svc, actor, conference_id).await?;
    let ctx = context(svc, conference_id).await?;
    if ctx.revision != revision {
        return Err(AppError::Conflict { message: Message::new("correspondence-error-changed") }.into());
    }
    check_text(&ctx.text, true)?;
    if ctx.programme.is_empty() {
        return Err(AppError::rejected("documents-error-no-agenda").into());
    }
    let mut conn = svc.db.read().acquire().await?;
    let all = invited(&mut conn, conference_id, ctx.agency.id).await?;
    drop(conn);
    if all.is_empty() {
        return Err(AppError::rejected("invitations-error-no-units").into());
    }
    let todo: Vec<&Invited> = all.iter().filter(|u| u.document.is_none()).collect();
    if todo.is_empty() {
        return Err(AppError::rejected("invitations-error-all-issued").into());
    }
    let day = register::today(&ctx.conference);
    let placeholder = letters::nomination_url(svc, NOMINATION_LINK);
    let mut ids = Vec::new();
    let mut outcome = IssueOutcome { issued: Vec::new(), mailed: 0, without_email: Vec::new() };
    let mut tx = svc.db.begin().await?;
    for u in todo {
        let taken = register::take(svc, &mut tx, &ctx.agency, DocumentKind::Invitation, day, "", None).await?;
        let doc = letter(&ctx, u, &taken.symbol, day, Some(&placeholder));
        let addressee = u.addressee(&ctx.text.addressee_title);
        let id = register::insert(
            &mut tx,
            &ctx.agency,
            &taken,
            NewEntry {
                kind: DocumentKind::Invitation,
                issued_on: day,
                subject: ctx.text.subject.clone(),
                signer: ctx.text.signer_name.clone(),
                recipients: addressee.clone(),
                copies: 1,
                conference_id: Some(conference_id),
                unit_id: Some(u.unit_id),
                admin_unit_code: None,
                link_generation: Some(u.link_generation),
                content: serde_json::to_string(&doc).map_err(anyhow::Error::from)?,
                issued_by: actor.user_id(),
            },
        )
        .await?;
        sqlx::query(
            "INSERT INTO invitation_units (conference_id, unit_id, document_id, link_generation, link_hash, link_revoked) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (conference_id, unit_id) DO UPDATE SET \
             document_id = excluded.document_id, link_hash = excluded.link_hash, link_revoked = excluded.link_revoked",
        )
        .bind(conference_id)
        .bind(u.unit_id)
        .bind(id)
        .bind(u.link_generation)
        .bind(nomination::token_hash(svc, conference_id, u.unit_id, u.link_generation))
        .bind(false)
        .execute(&mut *tx)
        .await?;
        if u.email.is_empty() {
            outcome.without_email.push(u.unit_name.clone());
        } else {
            let body = format!(
                "Kính gửi: {addressee}.\n\n{} gửi Giấy mời số {} {} về việc {} (tệp PDF kèm theo thư này).\n\n\
                 Số đại biểu của đơn vị: {:02}. Hạn gửi danh sách đại biểu: {}.\n\
                 Đơn vị cử đại biểu tại địa chỉ sau, không cần tài khoản (đường dẫn dành riêng cho đơn vị, xin không \
                 chuyển cho đơn vị khác):\n{placeholder}\n{}",
                ctx.agency.name,
                taken.symbol,
                official_date(day),
                letters::lower_first(&ctx.text.subject),
                u.quota,
                letters::official_day(&ctx.text.deadline),
                if ctx.text.contact.is_empty() {
                    String::new()
                } else {
                    format!("\nLiên hệ: {}\n", ctx.text.contact)
                },
            );
            crate::mail::enqueue_document(
                svc,
                &mut tx,
                conference_id,
                "invitation",
                &u.email,
                &format!("Giấy mời số {}: {}", taken.symbol, ctx.text.subject),
                &body,
                id,
            )
            .await?;
            outcome.mailed += 1;
        }
        ids.push(id);
        outcome.issued.push(IssuedRef { id, symbol: taken.symbol, issued_on: day.to_string() });
    }
    drafts::set_facts(&mut tx, conference_id, KIND, &serde_json::to_string(&ctx.facts).map_err(anyhow::Error::from)?)
        .await?;
    crate::audit::record(
        &mut tx,
        actor,
        Some(conference_id),
        "invitations.issue",
        &format!("{} invitations", ids.len()),
    )
    .await?;
    tx.commit().await?;
    letters::hash_issued(svc, &ids).await?;
    Ok(outcome)
}

/// Every issued invitation of the conference in one file (for printing), each with its own page numbers.
pub async fn merged(svc: &Service, actor: &Actor, conference_id: i64) -> Result<Pdf> {
    require_organizer(svc, actor, conference_id).await?;
    let c = by_id_internal(svc, conference_id).await?;
    let mut conn = svc.db.read().acquire().await?;
    let entries = register::of_conference(&mut conn, conference_id, DocumentKind::Invitation).await?;
    if entries.is_empty() {
        return Err(AppError::rejected("invitations-error-none-issued").into());
    }
    let mut stored = Vec::new();
    for e in &entries {
        stored.push(register::stored(&mut conn, e.id).await?.ok_or(AppError::NotFound)?);
    }
    drop(conn);
    // In unit order, as the page lists them.
    stored.sort_by(|a, b| {
        let name = |s: &register::Stored| s.entry.recipients.clone();
        crate::collation::compare_places(&without_place_type(&name(a)), &without_place_type(&name(b)))
    });
    let mut letters_all = Vec::new();
    for s in &stored {
        letters_all.push(letters::letter_of(svc, s).await?);
    }
    let bytes = doc::render_letters(&letters_all, &format!("Giấy mời dự {}", c.title)).map_err(letters::render_err)?;
    let ascii: String = c.slug.chars().filter(|ch| ch.is_ascii_alphanumeric() || *ch == '-').collect();
    Ok(Pdf { bytes, filename: format!("{ascii}-giay-moi.pdf"), count: stored.len() })
}

/// Saves the notice of change's text.
pub async fn save_change(
    svc: &Service,
    actor: &Actor,
    conference_id: i64,
    base: i64,
    text: ChangeNoticeText,
) -> Result<i64> {
    require_organizer(svc, actor, conference_id).await?;
    let text = clean_change(text);
    check_change(&text, false)?;
    drafts::save(svc, actor, conference_id, CHANGE, base, &text).await
}

fn clean_change(t: ChangeNoticeText) -> ChangeNoticeText {
    ChangeNoticeText {
        subject: clean_line(&t.subject),
        body: clean_text(&t.body),
        signer_authority: clean_line(&t.signer_authority),
        signer_position: clean_line(&t.signer_position),
        signer_name: clean_line(&t.signer_name),
        drafting_unit: clean_line(&t.drafting_unit).to_uppercase(),
        recipients: clean_text(&t.recipients),
    }
}

fn check_change(t: &ChangeNoticeText, issuing: bool) -> Result<()> {
    let mut ch = Checker::new();
    ch.max_len("subject", &t.subject, limits::LINE).max_len("body", &t.body, limits::TEXT);
    ch.max_len("recipients", &t.recipients, limits::TEXT).max_len("drafting_unit", &t.drafting_unit, 20);
    if issuing {
        ch.required("subject", &t.subject).required("body", &t.body);
        letters::check_signer(&mut ch, &letters::signer(&t.signer_authority, &t.signer_position, &t.signer_name));
    } else {
        ch.max_len("signer_name", &t.signer_name, limits::LINE).max_len(
            "signer_position",
            &t.signer_position,
            limits::LINE,
        );
    }
    ch.finish()
}

/// The invited units in one entry of "Nơi nhận": "Bảo hiểm xã hội các tỉnh, thành phố: An Giang, Bắc Ninh,
/// …" when their names share a beginning, else each name.
fn invited_line(units: &[&Invited]) -> String {
    let names: Vec<&str> = units.iter().map(|u| u.unit_name.as_str()).collect();
    let words: Vec<Vec<&str>> = names.iter().map(|n| n.split_whitespace().collect()).collect();
    let common = match words.first() {
        Some(first) => {
            (0..first.len()).take_while(|&i| words.iter().all(|w| w.len() > i + 1 && w[i] == first[i])).count()
        }
        None => 0,
    };
    if names.len() > 2 && common >= 2 {
        let prefix = words[0][..common].join(" ");
        let places: Vec<String> =
            words.iter().map(|w| without_place_type(&w[common..].join(" "))).filter(|p| !p.is_empty()).collect();
        format!("{prefix} các tỉnh, thành phố: {}", places.join(", "))
    } else {
        names.join("; ")
    }
}

/// The notice of change: a notice (no "Kính gửi"), sent to every invited unit, listed in "Nơi nhận".
fn change_letter(ctx: &Ctx, units: &[Invited], t: &ChangeNoticeText, number: &str, day: NaiveDate) -> doc::Letter {
    let invited: Vec<&Invited> = units.iter().filter(|u| u.document.is_some()).collect();
    doc::Letter {
        header: letters::header(&ctx.agency, number, &ctx.place, day, None),
        type_name: DocumentKind::ChangeNotice.type_name().into(),
        subject: t.subject.clone(),
        addressees: Vec::new(),
        parts: vec![doc::Part::Text(t.body.clone())],
        signer: letters::signer(&t.signer_authority, &t.signer_position, &t.signer_name),
        recipients: letters::recipients(&[invited_line(&invited)], &t.recipients, &t.drafting_unit),
        appendix: None,
        field_prefix: String::new(),
        title: format!("Thông báo số {number}"),
    }
}

async fn change_ctx(svc: &Service, conference_id: i64) -> Result<(Ctx, Vec<Invited>, ChangeNoticeText, i64, bool)> {
    let ctx = context(svc, conference_id).await?;
    let mut conn = svc.db.read().acquire().await?;
    let units = invited(&mut conn, conference_id, ctx.agency.id).await?;
    let stated: Option<ScheduleFacts> =
        serde_json::from_str(&drafts::facts(&mut conn, conference_id, KIND).await?).ok();
    let issued = issued_refs(&units);
    let changed = stated.as_ref().filter(|s| !issued.is_empty() && **s != ctx.facts);
    let (text, revision) = match drafts::load::<ChangeNoticeText>(&mut conn, conference_id, CHANGE).await? {
        Some(saved) => saved,
        None => (changed.map(|f| change_default(&ctx, &issued, f)).unwrap_or_default(), 0),
    };
    let is_changed = changed.is_some();
    Ok((ctx, units, text, revision, is_changed))
}

/// The notice of change as it would be issued now, without its number.
pub async fn preview_change(svc: &Service, actor: &Actor, conference_id: i64) -> Result<Pdf> {
    require_organizer(svc, actor, conference_id).await?;
    let (ctx, units, text, _, _) = change_ctx(svc, conference_id).await?;
    let number = letters::draft_number(&register::suffix(DocumentKind::ChangeNotice, &ctx.agency.abbreviation, ""));
    let day = register::today(&ctx.conference);
    let bytes = doc::render_letter(&change_letter(&ctx, &units, &text, &number, day)).map_err(letters::render_err)?;
    Ok(Pdf { bytes, filename: "thong-bao-thay-doi-du-thao.pdf".into(), count: 1 })
}

/// Issues the notice of change to every invited unit (numbered; mailed to each unit's address) once time
/// or place differ from what the invitations said; `outside` is a number given outside the system.
pub async fn issue_change(
    svc: &Service,
    actor: &Actor,
    conference_id: i64,
    revision: i64,
    outside: &str,
) -> Result<IssueOutcome> {
    require_organizer(svc, actor, conference_id).await?;
    let (ctx, units, text, current, changed) = change_ctx(svc, conference_id).await?;
    if !changed {
        return Err(AppError::rejected("invitations-error-no-change").into());
    }
    if current != revision {
        return Err(AppError::Conflict { message: Message::new("correspondence-error-changed") }.into());
    }
    check_change(&text, true)?;
    let day = register::today(&ctx.conference);
    let invited_units: Vec<&Invited> = units.iter().filter(|u| u.document.is_some()).collect();
    let mut tx = svc.db.begin().await?;
    let outside = Some(outside).filter(|o| !o.trim().is_empty());
    let taken = register::take(svc, &mut tx, &ctx.agency, DocumentKind::ChangeNotice, day, "", outside).await?;
    let doc = change_letter(&ctx, &units, &text, &taken.symbol, day);
    let id = register::insert(
        &mut tx,
        &ctx.agency,
        &taken,
        NewEntry {
            kind: DocumentKind::ChangeNotice,
            issued_on: day,
            subject: text.subject.clone(),
            signer: text.signer_name.clone(),
            recipients: doc.recipients.join("; "),
            copies: 1,
            conference_id: Some(conference_id),
            unit_id: None,
            admin_unit_code: None,
            link_generation: None,
            content: serde_json::to_string(&doc).map_err(anyhow::Error::from)?,
            issued_by: actor.user_id(),
        },
    )
    .await?;
    let mut outcome = IssueOutcome {
        issued: vec![IssuedRef { id, symbol: taken.symbol.clone(), issued_on: day.to_string() }],
        mailed: 0,
        without_email: Vec::new(),
    };
    for u in invited_units {
        if u.email.is_empty() {
            outcome.without_email.push(u.unit_name.clone());
            continue;
        }
        let body = format!(
            "Kính gửi: {}.\n\n{} gửi Thông báo số {} {} về việc {} (tệp PDF kèm theo thư này).\n",
            u.addressee(&ctx.text.addressee_title),
            ctx.agency.name,
            taken.symbol,
            official_date(day),
            letters::lower_first(&text.subject)
        );
        crate::mail::enqueue_document(
            svc,
            &mut tx,
            conference_id,
            "change_notice",
            &u.email,
            &format!("Thông báo số {}: {}", taken.symbol, text.subject),
            &body,
            id,
        )
        .await?;
        outcome.mailed += 1;
    }
    // What the units were told is now the new time and place; the next change needs a new notice.
    drafts::set_facts(&mut tx, conference_id, KIND, &serde_json::to_string(&ctx.facts).map_err(anyhow::Error::from)?)
        .await?;
    drafts::reset(&mut tx, conference_id, CHANGE).await?;
    crate::audit::record(&mut tx, actor, Some(conference_id), "invitations.change_notice", &taken.symbol).await?;
    tx.commit().await?;
    letters::hash_issued(svc, &[id]).await?;
    Ok(outcome)
}
