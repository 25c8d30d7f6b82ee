//! A new draft filled from what the system knows: the agency, the conference, the published agenda
//! (order of items, presenters, chair and secretary) and the check-ins.

use crate::Service;
use crate::accounts::{Actor, require_organizer};
use crate::agenda::{ConferenceClock, latest_snapshot, resolve};
use crate::conferences::by_id_internal;
use crate::error::Result;
use hoinghi_domain::agenda::SessionKind;
use hoinghi_domain::minutes::{MinutesContent, OpinionInput, ProceedingInput};
use hoinghi_domain::people::PersonRole;
use hoinghi_domain::registration::RegistrationStatus;

/// Delegates' opinions, from the recommendations organizers selected for the minutes, in filing order.
/// Organizers edit them in the draft like any other text.
pub async fn recommendation_opinions(svc: &Service, conference_id: i64) -> Result<Vec<OpinionInput>> {
    Ok(crate::feedback::selected_for_minutes(svc, conference_id)
        .await?
        .into_iter()
        .map(|r| {
            let unit = unit_with_province(&r.unit_name, &r.admin_unit_name);
            // A recommendation of several units has no single speaker: the units speak.
            let (speaker, unit) =
                if r.submitted_by.is_empty() { (unit, String::new()) } else { (r.submitted_by, unit) };
            let content = if r.addressed_to.is_empty() {
                r.body
            } else {
                format!("{} (Kiến nghị tới: {})", r.body, r.addressed_to)
            };
            OpinionInput { speaker, position: String::new(), unit, content }
        })
        .collect())
}

/// A unit with its province in brackets, unless the unit's name already says where it is ("Sở Nội vụ
/// tỉnh Lào Cai" with "Tỉnh Lào Cai" stays as it is, whatever the case of "tỉnh").
pub(crate) fn unit_with_province(unit: &str, province: &str) -> String {
    use hoinghi_domain::text::{search_key, without_place_type};
    let place = search_key(&without_place_type(province));
    if province.trim().is_empty() || place.is_empty() || search_key(unit).contains(&place) {
        unit.to_string()
    } else if unit.trim().is_empty() {
        province.to_string()
    } else {
        format!("{unit} ({province})")
    }
}

fn with_position(name: &str, position: &str) -> String {
    if position.is_empty() { name.to_string() } else { format!("{name}, {position}") }
}

/// The pre-filled content of a conference's first minutes.
pub async fn prefill(svc: &Service, actor: &Actor, conference_id: i64) -> Result<MinutesContent> {
    require_organizer(svc, actor, conference_id).await?;
    let conference = by_id_internal(svc, conference_id).await?;
    let clock = ConferenceClock::of(&conference);
    let mut conn = svc.db.read().acquire().await?;
    let snapshot = latest_snapshot(&mut conn, conference_id).await?;
    let registrations = crate::registration::load_registrations(&mut conn, conference_id).await?;
    drop(conn);
    let agenda = snapshot.as_ref().map(|s| resolve(s, &conference));

    let mut c = MinutesContent {
        meeting_name: conference.title.clone(),
        venue: [conference.venue_name.as_str(), conference.venue_address.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(", "),
        start_date: conference.starts_on.to_string(),
        start_time: "08:00".into(),
        end_date: conference.ends_on.to_string(),
        end_time: "17:00".into(),
        ..MinutesContent::default()
    };
    if let Some(agency) = &conference.agency {
        c.parent_agency = agency.parent_name.clone();
        c.issuing_agency = agency.name.clone();
        if !agency.abbreviation.is_empty() {
            c.number = format!("/BB-{}", agency.abbreviation);
        }
        c.recipients = format!("Lãnh đạo {}\nCác đơn vị tham dự hội nghị", agency.name);
    }

    if let Some(agenda) = &agenda {
        let live: Vec<_> = agenda.sessions.iter().filter(|s| !s.cancelled).collect();
        // The welcome before the opening is not the meeting.
        let meeting: Vec<_> = live.iter().filter(|s| s.kind != SessionKind::Break).collect();
        if let (Some(first), Some(last)) = (meeting.first(), meeting.iter().max_by_key(|s| s.ends_at)) {
            let (start, end) = (clock.local(first.starts_at), clock.local(last.ends_at));
            c.start_date = start.date().to_string();
            c.start_time = start.format("%H:%M").to_string();
            c.end_date = end.date().to_string();
            c.end_time = end.format("%H:%M").to_string();
        }
        let role = |r: PersonRole| {
            live.iter()
                .flat_map(|s| s.people.iter())
                .find(|p| p.role == r)
                .map(|p| (p.display_name.clone(), p.position_title.clone()))
        };
        if let Some((name, position)) = role(PersonRole::Chair) {
            (c.chair_name, c.chair_position) = (name, position);
        }
        if let Some((name, position)) = role(PersonRole::Secretary) {
            (c.secretary_name, c.secretary_position) = (name, position);
        }
        c.proceedings = live
            .iter()
            .filter(|s| s.kind != SessionKind::Break)
            .map(|s| ProceedingInput {
                heading: s.title.clone(),
                presenter: s
                    .people
                    .iter()
                    .filter(|p| matches!(p.role, PersonRole::Presenter | PersonRole::Speaker | PersonRole::Trainer))
                    .map(|p| {
                        let name = if p.honorific.is_empty() {
                            p.display_name.clone()
                        } else {
                            format!("{} {}", p.honorific, p.display_name)
                        };
                        with_position(&name, &p.position_title)
                    })
                    .collect::<Vec<_>>()
                    .join("; "),
                body: String::new(),
            })
            .collect();
    }
    if let Some(s) = &snapshot {
        let mut key: Vec<String> = Vec::new();
        for p in &s.people {
            let line = format!("{} | {} | {}", p.name.display(), p.position_title, p.organization);
            if !key.contains(&line) {
                key.push(line);
            }
        }
        c.key_delegates = key.join("\n");
    }

    // Attendance: confirmed delegates are those summoned; anyone checked in at all was present.
    let confirmed: Vec<_> = registrations.iter().filter(|r| r.status == RegistrationStatus::Confirmed).collect();
    let mut by_unit: Vec<(String, u32, u32)> = Vec::new();
    for r in &confirmed {
        let unit = if r.admin_unit_name.is_empty() { r.organization.clone() } else { r.admin_unit_name.clone() };
        let present = u32::from(!r.checked_in.is_empty());
        match by_unit.iter_mut().find(|(u, _, _)| *u == unit) {
            Some(row) => {
                row.1 += 1;
                row.2 += present;
            }
            None => by_unit.push((unit, 1, present)),
        }
    }
    by_unit.sort_by(|a, b| crate::collation::compare_places(&a.0, &b.0));
    c.expected = confirmed.len().to_string();
    c.present = confirmed.iter().filter(|r| !r.checked_in.is_empty()).count().to_string();
    c.by_unit = by_unit.iter().map(|(u, e, p)| format!("{u} | {e} | {p}")).collect::<Vec<_>>().join("\n");
    c.opinions = recommendation_opinions(svc, conference_id).await?;
    Ok(super::content::clean(c))
}

#[cfg(test)]
mod tests {
    use super::unit_with_province;

    #[test]
    fn a_unit_that_names_its_province_does_not_repeat_it() {
        assert_eq!(unit_with_province("Sở Nội vụ tỉnh Lào Cai", "Tỉnh Lào Cai"), "Sở Nội vụ tỉnh Lào Cai");
        assert_eq!(
            unit_with_province("Bảo hiểm xã hội Thành phố Hồ Chí Minh", "Thành phố Hồ Chí Minh"),
            "Bảo hiểm xã hội Thành phố Hồ Chí Minh"
        );
        assert_eq!(unit_with_province("Văn phòng Tỉnh ủy", "Tỉnh Lào Cai"), "Văn phòng Tỉnh ủy (Tỉnh Lào Cai)");
        assert_eq!(unit_with_province("Sở Nội vụ", ""), "Sở Nội vụ");
    }
}
