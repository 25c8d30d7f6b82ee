//! Answers to the recommendations ("kiến nghị") of a conference: the summary report grouped by topic
//! and by addressee ("báo cáo tổng hợp kiến nghị"), and a letter ("công văn trả lời kiến nghị") to each
//! province that asked, listing its recommendations and their answers. Each recommendation's answer,
//! answering unit and date are kept on the recommendation (`feedback::update_recommendation`); a letter
//! records which recommendations it answered, and delegates see the answer and the letter on their page.

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
use hoinghi_domain::correspondence::{
    AnswerLetterText, AnswersView, DocumentKind, DraftView, IssuedRef, ProvinceAnswers, ReportText, limits,
};
use hoinghi_domain::feedback::{Recommendation, RecommendationTopic};
use hoinghi_domain::text::{clean_line, clean_text};
use hoinghi_domain::time::short_date;
use hoinghi_domain::{AppError, Locale, Message};

const REPORT: &str = "recommendation_report";
const LETTER: &str = "answer_letter";

/// Roman numerals for the report's sections.
const ROMAN: [&str; 10] = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"];

fn topic_name(t: RecommendationTopic) -> String {
    // The report is an official Vietnamese document whatever the organizer's language.
    hoinghi_domain::i18n::t(Locale::Vi, t.label_key())
}

fn report_default(c: &Conference, agency: &Agency, total: usize) -> ReportText {
    ReportText {
        subject: format!("Tổng hợp kiến nghị của các đơn vị tại {}", c.title),
        intro: format!(
            "Tại {} ({}), các đơn vị đã nêu {total} kiến nghị. {} tổng hợp các kiến nghị theo lĩnh vực và theo cơ \
             quan được kiến nghị, cùng kết quả xem xét, trả lời như sau:",
            c.title,
            hoinghi_domain::time::date_range(Locale::Vi, c.starts_on, c.ends_on),
            agency.name
        ),
        closing: format!(
            "Trên đây là tổng hợp kiến nghị của các đơn vị tại hội nghị và kết quả trả lời. {} tiếp tục theo dõi, \
             đôn đốc việc trả lời các kiến nghị còn lại./.",
            agency.name
        ),
        ..Default::default()
    }
}

fn letter_default(agency: &Agency) -> AnswerLetterText {
    AnswerLetterText {
        intro: format!(
            "{} nhận được kiến nghị của {{unit}} tại {{conference}}. Sau khi xem xét, {} trả lời như sau:",
            agency.name, agency.name
        ),
        closing: format!("{} trả lời để {{unit}} biết, thực hiện./.", agency.name),
        ..Default::default()
    }
}

/// "Ông A, Vụ Hợp tác quốc tế, 05/10/2017": who answered and when.
fn answered(r: &Recommendation) -> String {
    let mut parts = Vec::new();
    if !r.answered_by.is_empty() {
        parts.push(r.answered_by.clone());
    }
    if let Some(d) = r.answered_on.as_deref().and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()) {
        parts.push(short_date(d));
    }
    parts.join(", ")
}

/// The report's body: a section per topic, a table per topic with a group row per addressee.
fn report_parts(list: &[Recommendation]) -> Vec<doc::Part> {
    let mut parts = Vec::new();
    let mut section = 0;
    // Numbered through the whole report.
    let mut n = 0;
    for topic in RecommendationTopic::ALL {
        let of_topic: Vec<&Recommendation> = list.iter().filter(|r| r.topic == topic).collect();
        if of_topic.is_empty() {
            continue;
        }
        parts.push(doc::Part::Heading(format!("{}. {}", ROMAN[section.min(9)], topic_name(topic).to_uppercase())));
        section += 1;
        let mut addressees: Vec<String> = Vec::new();
        for r in &of_topic {
            let a = if r.addressed_to.is_empty() {
                "(Không ghi cơ quan được kiến nghị)".to_string()
            } else {
                r.addressed_to.clone()
            };
            if !addressees.contains(&a) {
                addressees.push(a);
            }
        }
        let mut rows = Vec::new();
        for a in &addressees {
            rows.push(doc::PartRow::Group(format!("Kiến nghị tới: {a}")));
            for r in
                of_topic.iter().filter(|r| (r.addressed_to.is_empty() && a.starts_with('(')) || r.addressed_to == *a)
            {
                n += 1;
                let answer = if r.answer.is_empty() {
                    "Đang xem xét, chưa trả lời.".to_string()
                } else {
                    let who = answered(r);
                    if who.is_empty() { r.answer.clone() } else { format!("{}\n({who})", r.answer) }
                };
                let unit = if r.admin_unit_name.is_empty() || r.unit_name.contains(&r.admin_unit_name) {
                    r.unit_name.clone()
                } else {
                    crate::minutes::unit_with_province(&r.unit_name, &r.admin_unit_name)
                };
                rows.push(doc::PartRow::Cells(vec![n.to_string(), unit, r.body.clone(), answer]));
            }
        }
        parts.push(doc::Part::Table {
            columns: vec![
                doc::PartColumn { header: "STT".into(), weight: 0.0, center: true },
                doc::PartColumn { header: "Đơn vị kiến nghị".into(), weight: 0.22, center: false },
                doc::PartColumn { header: "Nội dung kiến nghị".into(), weight: 0.4, center: false },
                doc::PartColumn { header: "Trả lời".into(), weight: 0.38, center: false },
            ],
            rows,
        });
    }
    parts
}

fn clean_report(t: ReportText) -> ReportText {
    ReportText {
        subject: clean_line(&t.subject),
        intro: clean_text(&t.intro),
        closing: clean_text(&t.closing),
        signer_authority: clean_line(&t.signer_authority),
        signer_position: clean_line(&t.signer_position),
        signer_name: clean_line(&t.signer_name),
        drafting_unit: clean_line(&t.drafting_unit).to_uppercase(),
        recipients: clean_text(&t.recipients),
    }
}

fn clean_letter(t: AnswerLetterText) -> AnswerLetterText {
    AnswerLetterText {
        intro: clean_text(&t.intro),
        closing: clean_text(&t.closing),
        signer_authority: clean_line(&t.signer_authority),
        signer_position: clean_line(&t.signer_position),
        signer_name: clean_line(&t.signer_name),
        drafting_unit: clean_line(&t.drafting_unit).to_uppercase(),
        recipients: clean_text(&t.recipients),
    }
}

fn check_common(ch: &mut Checker, signer: &doc::Signer, texts: &[(&str, &str)], drafting: &str, issuing: bool) {
    for (f, v) in texts {
        ch.max_len(f, v, limits::TEXT);
    }
    ch.max_len("drafting_unit", drafting, 20);
    if issuing {
        letters::check_signer(ch, signer);
    } else {
        ch.max_len("signer_name", &signer.name, limits::LINE).max_len(
            "signer_position",
            &signer.position,
            limits::LINE,
        );
    }
}

struct Loaded {
    conference: Conference,
    agency: Agency,
    list: Vec<Recommendation>,
    report: (ReportText, i64),
    letter: (AnswerLetterText, i64),
    report_issued: Option<hoinghi_domain::correspondence::RegisterEntry>,
}

async fn load(svc: &Service, actor: &Actor, conference_id: i64) -> Result<Loaded> {
    let conference = by_id_internal(svc, conference_id).await?;
    let agency = register::agency_of(svc, &conference).await?;
    let list = crate::feedback::list_recommendations(svc, actor, conference_id).await?;
    let mut conn = svc.db.read().acquire().await?;
    let report = match drafts::load::<ReportText>(&mut conn, conference_id, REPORT).await? {
        Some(s) => s,
        None => (report_default(&conference, &agency, list.len()), 0),
    };
    let letter = match drafts::load::<AnswerLetterText>(&mut conn, conference_id, LETTER).await? {
        Some(s) => s,
        None => (letter_default(&agency), 0),
    };
    let report_issued =
        register::of_conference(&mut conn, conference_id, DocumentKind::RecommendationReport).await?.pop();
    Ok(Loaded { conference, agency, list, report, letter, report_issued })
}

/// The provinces that filed recommendations, by name.
fn provinces(list: &[Recommendation]) -> Vec<ProvinceAnswers> {
    let mut out: Vec<ProvinceAnswers> = Vec::new();
    for r in list {
        let Some(code) = &r.admin_unit_code else { continue };
        match out.iter_mut().find(|p| &p.admin_unit_code == code) {
            Some(p) => {
                p.filed += 1;
                p.answered += i64::from(!r.answer.is_empty());
                if !p.addressee.split("; ").any(|a| a == r.unit_name) {
                    p.addressee = format!("{}; {}", p.addressee, r.unit_name);
                }
            }
            None => out.push(ProvinceAnswers {
                admin_unit_code: code.clone(),
                admin_unit_name: r.admin_unit_name.clone(),
                addressee: r.unit_name.clone(),
                filed: 1,
                answered: i64::from(!r.answer.is_empty()),
                letter: None,
            }),
        }
    }
    for p in &mut out {
        p.letter = list
            .iter()
            .filter(|r| r.admin_unit_code.as_deref() == Some(p.admin_unit_code.as_str()))
            .filter_map(|r| r.answer_letter.clone())
            .max_by_key(|l| l.id);
    }
    out.sort_by(|a, b| crate::collation::compare_places(&a.admin_unit_name, &b.admin_unit_name));
    out
}

/// The page: the report's draft, the letters' shared text and each province's state.
pub async fn view(svc: &Service, actor: &Actor, conference_id: i64) -> Result<AnswersView> {
    require_organizer(svc, actor, conference_id).await?;
    let l = load(svc, actor, conference_id).await?;
    Ok(AnswersView {
        total: l.list.len() as i64,
        answered: l.list.iter().filter(|r| !r.answer.is_empty()).count() as i64,
        provinces: provinces(&l.list),
        report: DraftView { text: l.report.0, revision: l.report.1, issued: l.report_issued },
        letter_text: l.letter.0,
        letter_revision: l.letter.1,
    })
}

pub async fn save_report(svc: &Service, actor: &Actor, conference_id: i64, base: i64, text: ReportText) -> Result<i64> {
    require_organizer(svc, actor, conference_id).await?;
    let text = clean_report(text);
    let mut ch = Checker::new();
    ch.max_len("subject", &text.subject, limits::LINE);
    let s = letters::signer(&text.signer_authority, &text.signer_position, &text.signer_name);
    check_common(
        &mut ch,
        &s,
        &[("intro", &text.intro), ("closing", &text.closing), ("recipients", &text.recipients)],
        &text.drafting_unit,
        false,
    );
    ch.finish()?;
    drafts::save(svc, actor, conference_id, REPORT, base, &text).await
}

pub async fn save_letter(
    svc: &Service,
    actor: &Actor,
    conference_id: i64,
    base: i64,
    text: AnswerLetterText,
) -> Result<i64> {
    require_organizer(svc, actor, conference_id).await?;
    let text = clean_letter(text);
    let mut ch = Checker::new();
    let s = letters::signer(&text.signer_authority, &text.signer_position, &text.signer_name);
    check_common(
        &mut ch,
        &s,
        &[("intro", &text.intro), ("closing", &text.closing), ("recipients", &text.recipients)],
        &text.drafting_unit,
        false,
    );
    ch.finish()?;
    drafts::save(svc, actor, conference_id, LETTER, base, &text).await
}

fn report_letter(l: &Loaded, place: &str, number: &str, day: NaiveDate) -> doc::Letter {
    let t = &l.report.0;
    let mut parts = vec![doc::Part::Text(t.intro.clone())];
    parts.extend(report_parts(&l.list));
    parts.push(doc::Part::Text(t.closing.clone()));
    doc::Letter {
        header: letters::header(&l.agency, number, place, day, None),
        type_name: DocumentKind::RecommendationReport.type_name().into(),
        subject: t.subject.clone(),
        addressees: Vec::new(),
        parts,
        signer: letters::signer(&t.signer_authority, &t.signer_position, &t.signer_name),
        recipients: letters::recipients(&[], &t.recipients, &t.drafting_unit),
        appendix: None,
        field_prefix: String::new(),
        title: format!("Báo cáo số {number}"),
    }
}

/// The report as it would be issued now, without its number.
pub async fn preview_report(svc: &Service, actor: &Actor, conference_id: i64) -> Result<Pdf> {
    require_organizer(svc, actor, conference_id).await?;
    let l = load(svc, actor, conference_id).await?;
    let number =
        letters::draft_number(&register::suffix(DocumentKind::RecommendationReport, &l.agency.abbreviation, ""));
    let place = place_name(svc, &l.conference).await?;
    let day = register::today(&l.conference);
    let bytes = doc::render_letter(&report_letter(&l, &place, &number, day)).map_err(letters::render_err)?;
    Ok(Pdf { bytes, filename: "bao-cao-kien-nghi-du-thao.pdf".into(), count: l.list.len() })
}

/// Issues the summary report once, with the next number (or `outside`).
pub async fn issue_report(
    svc: &Service,
    actor: &Actor,
    conference_id: i64,
    revision: i64,
    outside: &str,
) -> Result<IssuedRef> {
    require_organizer(svc, actor, conference_id).await?;
    let l = load(svc, actor, conference_id).await?;
    if l.report_issued.is_some() {
        return Err(AppError::rejected("correspondence-error-issued").into());
    }
    if l.list.is_empty() {
        return Err(AppError::rejected("recommendation-none").into());
    }
    if l.report.1 != revision {
        return Err(AppError::Conflict { message: Message::new("correspondence-error-changed") }.into());
    }
    let t = &l.report.0;
    let mut ch = Checker::new();
    ch.required("subject", &t.subject);
    let s = letters::signer(&t.signer_authority, &t.signer_position, &t.signer_name);
    check_common(&mut ch, &s, &[], &t.drafting_unit, true);
    ch.finish()?;
    let place = place_name(svc, &l.conference).await?;
    let day = register::today(&l.conference);
    let mut tx = svc.db.begin().await?;
    let outside = Some(outside).filter(|o| !o.trim().is_empty());
    let taken = register::take(svc, &mut tx, &l.agency, DocumentKind::RecommendationReport, day, "", outside).await?;
    let (already,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM outgoing_documents WHERE conference_id = $1 AND kind = 'recommendation_report'",
    )
    .bind(conference_id)
    .fetch_one(&mut *tx)
    .await?;
    if already > 0 {
        return Err(AppError::rejected("correspondence-error-issued").into());
    }
    let doc = report_letter(&l, &place, &taken.symbol, day);
    let id = register::insert(
        &mut tx,
        &l.agency,
        &taken,
        NewEntry::conference_letter(
            DocumentKind::RecommendationReport,
            day,
            (&t.subject, &t.signer_name),
            &doc,
            conference_id,
            actor.user_id(),
        )?,
    )
    .await?;
    crate::audit::record(&mut tx, actor, Some(conference_id), "recommendations.report", &taken.symbol).await?;
    tx.commit().await?;
    letters::hash_issued(svc, &[id]).await?;
    Ok(IssuedRef { id, symbol: taken.symbol, issued_on: day.to_string() })
}

/// The answered recommendations of a province not yet carried by a letter.
fn to_answer<'a>(list: &'a [Recommendation], code: &str) -> Vec<&'a Recommendation> {
    list.iter()
        .filter(|r| r.admin_unit_code.as_deref() == Some(code) && !r.answer.is_empty() && r.answer_letter.is_none())
        .collect()
}

fn answer_letter(
    l: &Loaded,
    place: &str,
    p: &ProvinceAnswers,
    recs: &[&Recommendation],
    number: &str,
    day: NaiveDate,
) -> doc::Letter {
    let t = &l.letter.0;
    let unit = p.addressee.split("; ").next().unwrap_or_default().to_string();
    let fill = |s: &str| s.replace("{unit}", &unit).replace("{conference}", &l.conference.title);
    let mut parts = vec![doc::Part::Text(fill(&t.intro))];
    for (i, r) in recs.iter().enumerate() {
        parts.push(doc::Part::Labelled { label: format!("{}. Kiến nghị:", i + 1), value: clean_line(&r.body) });
        let mut answer = clean_line(&r.answer);
        let who = answered(r);
        if !who.is_empty() {
            answer = format!("{answer} ({who})");
        }
        parts.push(doc::Part::Labelled { label: "Trả lời:".into(), value: answer });
    }
    parts.push(doc::Part::Text(fill(&t.closing)));
    doc::Letter {
        header: letters::header(&l.agency, number, place, day, Some(format!("V/v trả lời kiến nghị của {unit}"))),
        type_name: String::new(),
        subject: String::new(),
        addressees: p.addressee.split("; ").map(str::to_string).collect(),
        parts,
        signer: letters::signer(&t.signer_authority, &t.signer_position, &t.signer_name),
        recipients: letters::recipients(&["Như trên".into()], &t.recipients, &t.drafting_unit),
        appendix: None,
        field_prefix: String::new(),
        title: format!("Công văn số {number}"),
    }
}

/// One province's answer letter as it would be issued now, without its number.
pub async fn preview_letter(svc: &Service, actor: &Actor, conference_id: i64, code: &str) -> Result<Pdf> {
    require_organizer(svc, actor, conference_id).await?;
    let l = load(svc, actor, conference_id).await?;
    let p = provinces(&l.list).into_iter().find(|p| p.admin_unit_code == code).ok_or(AppError::NotFound)?;
    let recs = to_answer(&l.list, code);
    if recs.is_empty() {
        return Err(AppError::rejected("answers-error-nothing-to-answer").into());
    }
    let suffix = register::suffix(DocumentKind::AnswerLetter, &l.agency.abbreviation, &l.letter.0.drafting_unit);
    let place = place_name(svc, &l.conference).await?;
    let day = register::today(&l.conference);
    let doc = answer_letter(&l, &place, &p, &recs, &letters::draft_number(&suffix), day);
    let bytes = doc::render_letter(&doc).map_err(letters::render_err)?;
    Ok(Pdf { bytes, filename: format!("cong-van-tra-loi-du-thao-{code}.pdf"), count: recs.len() })
}

/// Issues the answer letter to one province (its answered recommendations not answered by letter yet),
/// or, with `code` empty, to every province that has such answers. Returns the letters issued.
pub async fn issue_letters(
    svc: &Service,
    actor: &Actor,
    conference_id: i64,
    revision: i64,
    code: &str,
    outside: &str,
) -> Result<Vec<IssuedRef>> {
    require_organizer(svc, actor, conference_id).await?;
    let l = load(svc, actor, conference_id).await?;
    if l.letter.1 != revision {
        return Err(AppError::Conflict { message: Message::new("correspondence-error-changed") }.into());
    }
    let t = &l.letter.0;
    let mut ch = Checker::new();
    let s = letters::signer(&t.signer_authority, &t.signer_position, &t.signer_name);
    check_common(&mut ch, &s, &[], &t.drafting_unit, true);
    ch.finish()?;
    let targets: Vec<ProvinceAnswers> = provinces(&l.list)
        .into_iter()
        .filter(|p| {
            (code.is_empty() || p.admin_unit_code == code) && !to_answer(&l.list, &p.admin_unit_code).is_empty()
        })
        .collect();
    if targets.is_empty() {
        return Err(AppError::rejected("answers-error-nothing-to-answer").into());
    }
    if targets.len() > 1 && !outside.trim().is_empty() {
        return Err(AppError::invalid("outside_number", Message::new("answers-error-outside-one")).into());
    }
    let place = place_name(svc, &l.conference).await?;
    let day = register::today(&l.conference);
    let mut issued = Vec::new();
    let mut tx = svc.db.begin().await?;
    for p in &targets {
        let recs = to_answer(&l.list, &p.admin_unit_code);
        let outside = Some(outside).filter(|o| !o.trim().is_empty());
        let taken =
            register::take(svc, &mut tx, &l.agency, DocumentKind::AnswerLetter, day, &t.drafting_unit, outside).await?;
        // Under the register lock: a letter issued meanwhile for these answers makes this one stale.
        let ids: Vec<String> = recs.iter().map(|r| r.id.to_string()).collect();
        let (lettered,): (i64,) = sqlx::query_as(&format!(
            "SELECT COUNT(*) FROM recommendations WHERE id IN ({}) AND answer_document_id IS NOT NULL",
            ids.join(",")
        ))
        .fetch_one(&mut *tx)
        .await?;
        if lettered > 0 {
            return Err(AppError::Conflict { message: Message::new("correspondence-error-changed") }.into());
        }
        let doc = answer_letter(&l, &place, p, &recs, &taken.symbol, day);
        let id = register::insert(
            &mut tx,
            &l.agency,
            &taken,
            NewEntry {
                kind: DocumentKind::AnswerLetter,
                issued_on: day,
                subject: doc.header.summary.clone().unwrap_or_default(),
                signer: t.signer_name.clone(),
                recipients: p.addressee.clone(),
                copies: 1,
                conference_id: Some(conference_id),
                unit_id: None,
                admin_unit_code: Some(p.admin_unit_code.clone()),
                link_generation: None,
                content: serde_json::to_string(&doc).map_err(anyhow::Error::from)?,
                issued_by: actor.user_id(),
            },
        )
        .await?;
        for r in &recs {
            // Only if still unanswered by letter: a letter issued meanwhile keeps its own.
            sqlx::query(
                "UPDATE recommendations SET answer_document_id = $1 WHERE id = $2 AND answer_document_id IS NULL",
            )
            .bind(id)
            .bind(r.id)
            .execute(&mut *tx)
            .await?;
        }
        issued.push(IssuedRef { id, symbol: taken.symbol, issued_on: day.to_string() });
    }
    crate::audit::record(&mut tx, actor, Some(conference_id), "recommendations.letters", &issued.len().to_string())
        .await?;
    tx.commit().await?;
    letters::hash_issued(svc, &issued.iter().map(|i| i.id).collect::<Vec<_>>()).await?;
    Ok(issued)
}
