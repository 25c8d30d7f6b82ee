//! The content of minutes: cleaning (NFC), validation with field messages, the canonical form that is
//! hashed when minutes become final, and the conversion to the PDF's data.

use crate::error::Result;
use crate::validate::Checker;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use hoinghi_documents as doc;
use hoinghi_domain::Message;
use hoinghi_domain::minutes::{MinutesContent, limits};
use hoinghi_domain::text::{clean_line, clean_text};
use sha2::{Digest, Sha256};

/// Every field through `clean_line`/`clean_text`; empty rows of the lists dropped.
pub(crate) fn clean(c: MinutesContent) -> MinutesContent {
    let l = |s: String| clean_line(&s);
    let t = |s: String| clean_text(&s);
    MinutesContent {
        parent_agency: l(c.parent_agency),
        issuing_agency: l(c.issuing_agency),
        number: l(c.number),
        place_date: l(c.place_date),
        meeting_name: l(c.meeting_name),
        start_date: l(c.start_date),
        start_time: l(c.start_time),
        end_date: l(c.end_date),
        end_time: l(c.end_time),
        venue: l(c.venue),
        chair_name: l(c.chair_name),
        chair_position: l(c.chair_position),
        secretary_name: l(c.secretary_name),
        secretary_position: l(c.secretary_position),
        attendance_summary: t(c.attendance_summary),
        expected: l(c.expected),
        present: l(c.present),
        by_unit: t(c.by_unit),
        absentees: t(c.absentees),
        key_delegates: t(c.key_delegates),
        guests: t(c.guests),
        proceedings: c
            .proceedings
            .into_iter()
            .map(|p| hoinghi_domain::minutes::ProceedingInput {
                heading: l(p.heading),
                presenter: l(p.presenter),
                body: t(p.body),
            })
            .filter(|p| !(p.heading.is_empty() && p.presenter.is_empty() && p.body.is_empty()))
            .collect(),
        opinions: c
            .opinions
            .into_iter()
            .map(|o| hoinghi_domain::minutes::OpinionInput {
                speaker: l(o.speaker),
                position: l(o.position),
                unit: l(o.unit),
                content: t(o.content),
            })
            .filter(|o| !(o.speaker.is_empty() && o.content.is_empty()))
            .collect(),
        conclusions: t(c.conclusions),
        tasks: c
            .tasks
            .into_iter()
            .map(|x| hoinghi_domain::minutes::TaskInput { unit: l(x.unit), task: t(x.task), deadline: l(x.deadline) })
            .filter(|x| !(x.unit.is_empty() && x.task.is_empty() && x.deadline.is_empty()))
            .collect(),
        recipients: t(c.recipients),
    }
}

fn time(ch: &mut Checker, field: &str, value: &str) -> Option<NaiveTime> {
    if value.is_empty() {
        ch.add(field, Message::new("error-required"));
        return None;
    }
    let parsed = NaiveTime::parse_from_str(value, "%H:%M").ok();
    if parsed.is_none() {
        ch.add(field, Message::new("error-not-a-time"));
    }
    parsed
}

fn count(ch: &mut Checker, field: &str, value: &str) -> u32 {
    ch.optional_int(field, value, 0, 1_000_000).flatten().unwrap_or(0) as u32
}

/// Rows of `a | b | c` lines; a line with fewer cells leaves the rest empty.
pub(crate) fn rows(text: &str, cells: usize) -> Vec<Vec<String>> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let mut v: Vec<String> = l.splitn(cells, '|').map(|c| c.trim().to_string()).collect();
            v.resize(cells, String::new());
            v
        })
        .collect()
}

/// Content checked for saving: every problem at once. Minutes in progress may be incomplete, but what is
/// there must make sense (dates, times, numbers, lengths), and the meeting must be named.
pub(crate) fn validate(c: &MinutesContent) -> Result<()> {
    let mut ch = Checker::new();
    ch.required("meeting_name", &c.meeting_name);
    for (field, value) in [
        ("parent_agency", &c.parent_agency),
        ("issuing_agency", &c.issuing_agency),
        ("number", &c.number),
        ("place_date", &c.place_date),
        ("meeting_name", &c.meeting_name),
        ("venue", &c.venue),
        ("chair_name", &c.chair_name),
        ("chair_position", &c.chair_position),
        ("secretary_name", &c.secretary_name),
        ("secretary_position", &c.secretary_position),
    ] {
        ch.max_len(field, value, limits::LINE);
    }
    for (field, value) in [
        ("attendance_summary", &c.attendance_summary),
        ("by_unit", &c.by_unit),
        ("absentees", &c.absentees),
        ("key_delegates", &c.key_delegates),
        ("guests", &c.guests),
        ("conclusions", &c.conclusions),
        ("recipients", &c.recipients),
    ] {
        ch.max_len(field, value, limits::TEXT);
    }
    let start = times(&mut ch, c);
    if let Some((start, end)) = start
        && end < start
    {
        ch.add("end_time", Message::new("minutes-error-end-before-start"));
    }
    let expected = count(&mut ch, "expected", &c.expected);
    let present = count(&mut ch, "present", &c.present);
    if present > expected && expected > 0 {
        ch.add("present", Message::new("minutes-error-present-over-expected"));
    }
    for (i, row) in rows(&c.by_unit, 3).iter().enumerate() {
        if row[1..].iter().any(|n| !n.is_empty() && n.parse::<u32>().is_err()) {
            ch.add("by_unit", Message::new("minutes-error-row-numbers").arg("line", (i + 1) as i64));
            break;
        }
    }
    if c.proceedings.len() > limits::ITEMS || c.opinions.len() > limits::ITEMS || c.tasks.len() > limits::ITEMS {
        ch.add("proceedings", Message::new("minutes-error-too-many").arg("max", limits::ITEMS));
    }
    for (i, p) in c.proceedings.iter().enumerate() {
        ch.required(&format!("proceedings.{i}.heading"), &p.heading);
        ch.max_len(&format!("proceedings.{i}.heading"), &p.heading, limits::LINE);
        ch.max_len(&format!("proceedings.{i}.presenter"), &p.presenter, limits::LINE);
        ch.max_len(&format!("proceedings.{i}.body"), &p.body, limits::TEXT);
    }
    for (i, o) in c.opinions.iter().enumerate() {
        ch.required(&format!("opinions.{i}.speaker"), &o.speaker);
        ch.max_len(&format!("opinions.{i}.speaker"), &o.speaker, limits::LINE);
        ch.max_len(&format!("opinions.{i}.position"), &o.position, limits::LINE);
        ch.max_len(&format!("opinions.{i}.unit"), &o.unit, limits::LINE);
        ch.max_len(&format!("opinions.{i}.content"), &o.content, limits::TEXT);
    }
    for (i, t) in c.tasks.iter().enumerate() {
        ch.required(&format!("tasks.{i}.unit"), &t.unit);
        ch.required(&format!("tasks.{i}.task"), &t.task);
        ch.max_len(&format!("tasks.{i}.unit"), &t.unit, limits::LINE);
        ch.max_len(&format!("tasks.{i}.task"), &t.task, limits::TEXT);
        ch.max_len(&format!("tasks.{i}.deadline"), &t.deadline, limits::LINE);
    }
    ch.finish()
}

fn times(ch: &mut Checker, c: &MinutesContent) -> Option<(NaiveDateTime, NaiveDateTime)> {
    let sd = ch.date("start_date", &c.start_date);
    let st = time(ch, "start_time", &c.start_time);
    // The end date defaults to the start date.
    let ed = if c.end_date.is_empty() { sd } else { ch.date("end_date", &c.end_date) };
    let et = time(ch, "end_time", &c.end_time);
    Some((sd?.and_time(st?), ed?.and_time(et?)))
}

/// What a final version must have besides valid content: both signatures' names.
pub(crate) fn validate_final(c: &MinutesContent) -> Result<()> {
    let mut ch = Checker::new();
    ch.required("chair_name", &c.chair_name);
    ch.required("secretary_name", &c.secretary_name);
    ch.required("issuing_agency", &c.issuing_agency);
    ch.finish()
}

/// The canonical content: its JSON with fields in declaration order (serde's), no whitespace.
pub(crate) fn canonical(c: &MinutesContent) -> String {
    serde_json::to_string(c).expect("content serialises")
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn date_or(value: &str, fallback: NaiveDate) -> NaiveDate {
    NaiveDate::parse_from_str(value, "%Y-%m-%d").unwrap_or(fallback)
}

fn time_or(value: &str) -> NaiveTime {
    NaiveTime::parse_from_str(value, "%H:%M").unwrap_or(NaiveTime::MIN)
}

fn opt(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

/// The PDF's data. Content was validated when saved; anything still missing prints empty.
pub(crate) fn to_document(c: &MinutesContent, fallback_day: NaiveDate) -> doc::Minutes {
    let start_day = date_or(&c.start_date, fallback_day);
    let end_day = date_or(&c.end_date, start_day);
    let num = |s: &str| s.trim().parse::<u32>().unwrap_or(0);
    doc::Minutes {
        header: doc::HeaderSpec {
            parent_agency: opt(&c.parent_agency),
            issuing_agency: c.issuing_agency.clone(),
            number: c.number.clone(),
            place_date: opt(&c.place_date),
            summary: None,
        },
        meeting_name: c.meeting_name.clone(),
        start: start_day.and_time(time_or(&c.start_time)),
        end: end_day.and_time(time_or(&c.end_time)),
        venue: c.venue.clone(),
        chair: doc::Person { name: c.chair_name.clone(), position: c.chair_position.clone() },
        secretary: doc::Person { name: c.secretary_name.clone(), position: c.secretary_position.clone() },
        attendance: doc::Attendance {
            summary: c.attendance_summary.clone(),
            expected: num(&c.expected),
            present: num(&c.present),
            by_unit: rows(&c.by_unit, 3)
                .into_iter()
                .map(|r| doc::UnitCount { unit: r[0].clone(), expected: num(&r[1]), present: num(&r[2]) })
                .collect(),
            absentees: rows(&c.absentees, 3)
                .into_iter()
                .map(|r| doc::Absentee { name: r[0].clone(), unit: r[1].clone(), reason: r[2].clone() })
                .collect(),
            key_delegates: rows(&c.key_delegates, 3)
                .into_iter()
                .map(|r| doc::KeyDelegate { name: r[0].clone(), position: r[1].clone(), unit: r[2].clone() })
                .collect(),
            guests: c.guests.clone(),
        },
        proceedings: c
            .proceedings
            .iter()
            .map(|p| doc::ProceedingItem {
                heading: p.heading.clone(),
                presenter: p.presenter.clone(),
                body: p.body.clone(),
            })
            .collect(),
        opinions: c
            .opinions
            .iter()
            .map(|o| doc::Opinion {
                speaker: o.speaker.clone(),
                position: o.position.clone(),
                unit: o.unit.clone(),
                content: o.content.clone(),
            })
            .collect(),
        conclusions: c.conclusions.clone(),
        tasks: c
            .tasks
            .iter()
            .map(|t| doc::AssignedTask { unit: t.unit.clone(), task: t.task.clone(), deadline: t.deadline.clone() })
            .collect(),
        adopted: false,
        copies: None,
        recipients: c.recipients.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_split_on_bars() {
        assert_eq!(
            rows("Khánh Hòa | 5 | 4\n\n Lâm Đồng|3", 3),
            vec![
                vec!["Khánh Hòa".to_string(), "5".into(), "4".into()],
                vec!["Lâm Đồng".to_string(), "3".into(), String::new()],
            ]
        );
    }

    #[test]
    fn cleaning_composes_and_drops_empty_rows() {
        let c = clean(MinutesContent {
            meeting_name: "Hoi nghi Ho\u{0300}a".into(),
            tasks: vec![Default::default()],
            ..Default::default()
        });
        assert_eq!(c.meeting_name, "Hoi nghi Hòa");
        assert!(c.tasks.is_empty());
    }
}
