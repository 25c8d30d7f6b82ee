//! The conclusion notice ("thông báo kết luận"): the chair's conclusions, the tasks assigned and the
//! recommendations to higher levels, as the final minutes record them. Pre-filled from the final
//! minutes, edited with revisions like the minutes, issued once with a number (then locked).

use super::drafts;
use super::letters;
use super::register::{self, Agency, NewEntry};
use crate::Service;
use crate::accounts::{Actor, require_organizer};
use crate::conferences::by_id_internal;
use crate::documents::{Pdf, place_name};
use crate::error::Result;
use crate::validate::Checker;
use chrono::NaiveDate;
use hoinghi_documents as doc;
use hoinghi_domain::conference::Conference;
use hoinghi_domain::correspondence::{ConclusionText, DocumentKind, DraftView, IssuedRef, limits};
use hoinghi_domain::minutes::{MinutesContent, TaskInput};
use hoinghi_domain::text::{capitalize_first, clean_line, clean_text, search_key};
use hoinghi_domain::time::official_date;
use hoinghi_domain::{AppError, Message};

const KIND: &str = "conclusion_notice";

fn date(iso: &str, fallback: NaiveDate) -> NaiveDate {
    NaiveDate::parse_from_str(iso, "%Y-%m-%d").unwrap_or(fallback)
}

/// The notice as the final minutes and the recommendations to higher levels make it.
fn prefill(c: &Conference, agency: &Agency, m: &MinutesContent, proposals: Vec<String>) -> ConclusionText {
    let (start, end) = (date(&m.start_date, c.starts_on), date(&m.end_date, c.ends_on));
    let when = if start == end {
        capitalize_first(&official_date(start))
    } else {
        format!("Từ {} đến {}", official_date(start), official_date(end))
    };
    let chair = clean_line(&m.chair_name);
    let position = letters::short_position(&m.chair_position, &agency.name);
    let mut intro = format!("{when}, tại {}, {} tổ chức {}.", m.venue, agency.name, m.meeting_name);
    if !chair.is_empty() {
        intro.push_str(&format!(" {} {chair} chủ trì hội nghị.", letters::sentence(&position)));
    }
    let attendance = clean_line(&m.attendance_summary);
    if !attendance.is_empty() {
        intro.push_str(&format!(" Tham dự hội nghị có: {}.", letters::lower_first(attendance.trim_end_matches('.'))));
    }
    intro.push_str(&format!(
        " Sau khi nghe các báo cáo và ý kiến của đại biểu, {} {chair} kết luận như sau:",
        letters::lower_first(&position)
    ));
    let (signer_authority, signer_position) = letters::authority_for(&m.chair_position, &agency.name);
    ConclusionText {
        subject: format!("Kết luận của {position} {chair} tại {}", m.meeting_name),
        intro,
        conclusions: m.conclusions.clone(),
        tasks: m.tasks.clone(),
        proposals: proposals.join("\n"),
        signer_authority,
        signer_position,
        signer_name: chair,
        drafting_unit: String::new(),
        recipients: m.recipients.clone(),
    }
}

/// Recommendations the conference carries to higher levels: those selected for the minutes that are
/// addressed to someone other than the agency itself.
async fn proposals(svc: &Service, conference_id: i64, agency: &Agency) -> Result<Vec<String>> {
    let own = search_key(&agency.name);
    Ok(crate::feedback::selected_for_minutes(svc, conference_id)
        .await?
        .into_iter()
        .filter(|r| !r.addressed_to.trim().is_empty() && search_key(&r.addressed_to) != own)
        .map(|r| format!("{} (kiến nghị tới: {})", clean_line(&r.body).trim_end_matches('.'), r.addressed_to))
        .collect())
}

fn clean(t: ConclusionText) -> ConclusionText {
    ConclusionText {
        subject: clean_line(&t.subject),
        intro: clean_text(&t.intro),
        conclusions: clean_text(&t.conclusions),
        tasks: t
            .tasks
            .into_iter()
            .map(|x| TaskInput {
                unit: clean_line(&x.unit),
                task: clean_text(&x.task),
                deadline: clean_line(&x.deadline),
            })
            .filter(|x| !(x.unit.is_empty() && x.task.is_empty() && x.deadline.is_empty()))
            .collect(),
        proposals: clean_text(&t.proposals),
        signer_authority: clean_line(&t.signer_authority),
        signer_position: clean_line(&t.signer_position),
        signer_name: clean_line(&t.signer_name),
        drafting_unit: clean_line(&t.drafting_unit).to_uppercase(),
        recipients: clean_text(&t.recipients),
    }
}

fn check(t: &ConclusionText, issuing: bool) -> Result<()> {
    let mut ch = Checker::new();
    ch.max_len("subject", &t.subject, limits::LINE);
    for (f, v) in [
        ("intro", &t.intro),
        ("conclusions", &t.conclusions),
        ("proposals", &t.proposals),
        ("recipients", &t.recipients),
    ] {
        ch.max_len(f, v, limits::TEXT);
    }
    ch.max_len("drafting_unit", &t.drafting_unit, 20);
    if t.tasks.len() > limits::TASKS {
        ch.add("tasks", Message::new("minutes-error-too-many").arg("max", limits::TASKS));
    }
    for (i, x) in t.tasks.iter().enumerate() {
        ch.required(&format!("tasks.{i}.unit"), &x.unit).required(&format!("tasks.{i}.task"), &x.task);
        ch.max_len(&format!("tasks.{i}.unit"), &x.unit, limits::LINE);
        ch.max_len(&format!("tasks.{i}.task"), &x.task, limits::TEXT);
        ch.max_len(&format!("tasks.{i}.deadline"), &x.deadline, limits::LINE);
    }
    if issuing {
        ch.required("subject", &t.subject).required("conclusions", &t.conclusions);
        letters::check_signer(&mut ch, &letters::signer(&t.signer_authority, &t.signer_position, &t.signer_name));
    }
    ch.finish()
}

fn letter(agency: &Agency, place: &str, t: &ConclusionText, number: &str, day: NaiveDate) -> doc::Letter {
    let mut parts = vec![doc::Part::Text(t.intro.clone()), doc::Part::Text(t.conclusions.clone())];
    if !t.tasks.is_empty() {
        parts.push(doc::Part::Heading("Phân công thực hiện:".into()));
        parts.push(doc::Part::Table {
            columns: vec![
                doc::PartColumn { header: "STT".into(), weight: 0.0, center: true },
                doc::PartColumn { header: "Đơn vị thực hiện".into(), weight: 0.3, center: false },
                doc::PartColumn { header: "Nhiệm vụ".into(), weight: 0.5, center: false },
                doc::PartColumn { header: "Thời hạn".into(), weight: 0.2, center: true },
            ],
            rows: t
                .tasks
                .iter()
                .enumerate()
                .map(|(i, x)| {
                    doc::PartRow::Cells(vec![(i + 1).to_string(), x.unit.clone(), x.task.clone(), x.deadline.clone()])
                })
                .collect(),
        });
    }
    let proposals: Vec<String> = t.proposals.lines().map(clean_line).filter(|l| !l.is_empty()).collect();
    if !proposals.is_empty() {
        parts.push(doc::Part::Heading("Kiến nghị với cấp trên:".into()));
        parts.push(doc::Part::Text(
            proposals.iter().map(|p| format!("- {};", p.trim_end_matches(['.', ';']))).collect::<Vec<_>>().join("\n"),
        ));
    }
    parts.push(doc::Part::Text(format!("{} thông báo để các đơn vị biết, thực hiện./.", agency.name)));
    doc::Letter {
        header: letters::header(agency, number, place, day, None),
        type_name: DocumentKind::ConclusionNotice.type_name().into(),
        subject: t.subject.clone(),
        addressees: Vec::new(),
        parts,
        signer: letters::signer(&t.signer_authority, &t.signer_position, &t.signer_name),
        recipients: letters::recipients(&[], &t.recipients, &t.drafting_unit),
        appendix: None,
        field_prefix: String::new(),
        title: format!("Thông báo kết luận số {number}"),
    }
}

struct Loaded {
    conference: Conference,
    agency: Agency,
    draft: Option<(ConclusionText, i64)>,
    issued: Option<hoinghi_domain::correspondence::RegisterEntry>,
}

async fn load(svc: &Service, conference_id: i64) -> Result<Loaded> {
    let conference = by_id_internal(svc, conference_id).await?;
    let agency = register::agency_of(svc, &conference).await?;
    let mut conn = svc.db.read().acquire().await?;
    let saved = drafts::load::<ConclusionText>(&mut conn, conference_id, KIND).await?;
    let issued = register::of_conference(&mut conn, conference_id, DocumentKind::ConclusionNotice).await?.pop();
    drop(conn);
    let draft = match saved {
        Some(s) => Some(s),
        None => match crate::minutes::final_content(svc, conference_id).await? {
            Some((m, _)) => Some((prefill(&conference, &agency, &m, proposals(svc, conference_id, &agency).await?), 0)),
            None => None,
        },
    };
    Ok(Loaded { conference, agency, draft, issued })
}

/// The notice's draft (pre-filled from the final minutes before the first save) and, once issued, its
/// register entry; `None` while the minutes are not final and nothing was saved.
pub async fn view(svc: &Service, actor: &Actor, conference_id: i64) -> Result<Option<DraftView<ConclusionText>>> {
    require_organizer(svc, actor, conference_id).await?;
    let l = load(svc, conference_id).await?;
    Ok(l.draft.map(|(text, revision)| DraftView { text, revision, issued: l.issued }))
}

/// Every save of the notice, newest first.
pub async fn revisions(
    svc: &Service,
    actor: &Actor,
    conference_id: i64,
) -> Result<Vec<hoinghi_domain::minutes::MinutesRevision>> {
    require_organizer(svc, actor, conference_id).await?;
    let mut conn = svc.db.read().acquire().await?;
    drafts::revisions(&mut conn, conference_id, KIND).await
}

/// Saves the notice (revision `base`; stale is a conflict; an issued notice is locked).
pub async fn save(svc: &Service, actor: &Actor, conference_id: i64, base: i64, text: ConclusionText) -> Result<i64> {
    require_organizer(svc, actor, conference_id).await?;
    let l = load(svc, conference_id).await?;
    if l.issued.is_some() {
        return Err(AppError::rejected("correspondence-error-issued").into());
    }
    if l.draft.is_none() {
        return Err(AppError::rejected("conclusion-error-minutes-not-final").into());
    }
    let text = clean(text);
    check(&text, false)?;
    drafts::save(svc, actor, conference_id, KIND, base, &text).await
}

/// The notice as it would be issued now, without its number.
pub async fn preview(svc: &Service, actor: &Actor, conference_id: i64) -> Result<Pdf> {
    require_organizer(svc, actor, conference_id).await?;
    let l = load(svc, conference_id).await?;
    let (text, _) = l.draft.ok_or(AppError::rejected("conclusion-error-minutes-not-final"))?;
    let number = letters::draft_number(&register::suffix(DocumentKind::ConclusionNotice, &l.agency.abbreviation, ""));
    let place = place_name(svc, &l.conference).await?;
    let day = register::today(&l.conference);
    let bytes = doc::render_letter(&letter(&l.agency, &place, &text, &number, day)).map_err(letters::render_err)?;
    Ok(Pdf { bytes, filename: "thong-bao-ket-luan-du-thao.pdf".into(), count: 1 })
}

/// Issues the notice with the next number (or `outside`, a number given outside the system).
pub async fn issue(
    svc: &Service,
    actor: &Actor,
    conference_id: i64,
    revision: i64,
    outside: &str,
) -> Result<IssuedRef> {
    require_organizer(svc, actor, conference_id).await?;
    let l = load(svc, conference_id).await?;
    if l.issued.is_some() {
        return Err(AppError::rejected("correspondence-error-issued").into());
    }
    let (text, current) = l.draft.ok_or(AppError::rejected("conclusion-error-minutes-not-final"))?;
    if current != revision {
        return Err(AppError::Conflict { message: Message::new("correspondence-error-changed") }.into());
    }
    check(&text, true)?;
    let place = place_name(svc, &l.conference).await?;
    let day = register::today(&l.conference);
    let mut tx = svc.db.begin().await?;
    let outside = Some(outside).filter(|o| !o.trim().is_empty());
    let taken = register::take(svc, &mut tx, &l.agency, DocumentKind::ConclusionNotice, day, "", outside).await?;
    let doc = letter(&l.agency, &place, &text, &taken.symbol, day);
    // One notice per conference: checked again under the register lock.
    let (already,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM outgoing_documents WHERE conference_id = $1 AND kind = 'conclusion_notice'",
    )
    .bind(conference_id)
    .fetch_one(&mut *tx)
    .await?;
    if already > 0 {
        return Err(AppError::rejected("correspondence-error-issued").into());
    }
    let id = register::insert(
        &mut tx,
        &l.agency,
        &taken,
        NewEntry::conference_letter(
            DocumentKind::ConclusionNotice,
            day,
            (&text.subject, &text.signer_name),
            &doc,
            conference_id,
            actor.user_id(),
        )?,
    )
    .await?;
    crate::audit::record(&mut tx, actor, Some(conference_id), "conclusion.issue", &taken.symbol).await?;
    tx.commit().await?;
    letters::hash_issued(svc, &[id]).await?;
    Ok(IssuedRef { id, symbol: taken.symbol, issued_on: day.to_string() })
}
