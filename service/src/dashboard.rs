//! A conference's first page for its organizers: the figures of the day, what waits for them, and how far
//! the conference is set up. Everything is read from the capabilities that own it (registration, agenda,
//! feedback, minutes, mail); this module only gathers and counts.
//!
//! "Invitations sent" is not among the setup steps: official invitations are not recorded yet, and the
//! confirmation mails are not invitations.

use crate::Service;
use crate::accounts::{Actor, require_organizer};
use crate::agenda::ConferenceClock;
use crate::conferences::by_id_internal;
use crate::db::now;
use crate::error::Result;
use crate::registration::Scope;
use chrono::NaiveTime;
use hoinghi_domain::Locale;
use hoinghi_domain::desk::{Dashboard, SetupStep, Todo, UnitFigures};
use hoinghi_domain::feedback::closed_reason;
use hoinghi_domain::html::escape_text as escape;
use hoinghi_domain::minutes::MinutesState;

/// The dashboard of a conference, for its organizers; unit names without a unit read in `locale`.
pub async fn dashboard(svc: &Service, actor: &Actor, conference_id: i64, locale: Locale) -> Result<Dashboard> {
    require_organizer(svc, actor, conference_id).await?;
    let conference = by_id_internal(svc, conference_id).await?;
    let clock = ConferenceClock::of(&conference);
    let today = clock.today();
    let mut conn = svc.db.read().acquire().await?;
    let counts = crate::registration::counts(&mut conn, conference_id, Scope::All).await?;

    let midnight = NaiveTime::MIN;
    let from = clock.instant(today, midnight).unwrap_or_else(now);
    let to = today.succ_opt().and_then(|d| clock.instant(d, midnight)).unwrap_or(from + 86_400);
    let (checked_in_today,): (i64,) = sqlx::query_as(
        "SELECT COUNT(DISTINCT c.registration_id) FROM checkins c JOIN registrations r ON r.id = c.registration_id \
         WHERE r.conference_id = $1 AND c.at >= $2 AND c.at < $3",
    )
    .bind(conference_id)
    .bind(from)
    .bind(to)
    .fetch_one(&mut *conn)
    .await?;

    let units = unit_figures(&mut conn, conference_id, locale).await?;
    let units_chart = chart(&units, locale);

    let draft = crate::agenda::draft(svc, actor, conference_id).await?;
    let forms = crate::feedback::forms(svc, actor, conference_id).await?;
    let status_count = |sql: &'static str| async move {
        let (n,): (i64,) = sqlx::query_as(sql).bind(conference_id).fetch_one(svc.db.read()).await?;
        Ok::<i64, crate::Error>(n)
    };
    let failed_mail =
        status_count("SELECT COUNT(*) FROM outbox WHERE conference_id = $1 AND status = 'failed'").await?;
    let new_recommendations =
        status_count("SELECT COUNT(*) FROM recommendations WHERE conference_id = $1 AND status = 'received'").await?;
    let minutes_versions = status_count("SELECT COUNT(*) FROM minutes WHERE conference_id = $1").await?;
    let in_review: Option<(String,)> =
        sqlx::query_as("SELECT state FROM minutes WHERE conference_id = $1 ORDER BY version DESC LIMIT 1")
            .bind(conference_id)
            .fetch_optional(&mut *conn)
            .await?;
    let minutes_in_review = in_review.is_some_and(|(s,)| s == MinutesState::Review.as_str());

    let todo = [
        ("dashboard-todo-pending", counts.pending, "/registrations?status=pending"),
        ("dashboard-todo-conflicts", draft.conflicts.len() as i64, "/agenda"),
        (
            "dashboard-todo-unpublished",
            i64::from(draft.unpublished_changes && draft.published_version.is_some()),
            "/agenda",
        ),
        ("dashboard-todo-mail-failed", failed_mail, "/outbox"),
        ("dashboard-todo-recommendations", new_recommendations, "/recommendations"),
        ("dashboard-todo-minutes-review", i64::from(minutes_in_review), "/minutes"),
    ]
    .into_iter()
    .filter(|(_, n, _)| *n > 0)
    .map(|(key, count, path)| Todo { key: key.into(), count, path: path.into() })
    .collect();

    let at = now();
    let setup = vec![
        SetupStep { key: "dashboard-setup-published".into(), done: conference.status.is_public(), path: String::new() },
        SetupStep {
            key: "dashboard-setup-agenda".into(),
            done: draft.published_version.is_some(),
            path: "/agenda".into(),
        },
        SetupStep {
            key: "dashboard-setup-registration".into(),
            done: crate::registration::is_open(svc, &conference).await?,
            path: "/registration-settings".into(),
        },
        SetupStep {
            key: "dashboard-setup-feedback".into(),
            done: forms.iter().any(|f| closed_reason(f, at).is_none()),
            path: "/feedback".into(),
        },
        SetupStep { key: "dashboard-setup-minutes".into(), done: minutes_versions > 0, path: "/minutes".into() },
    ];

    Ok(Dashboard { counts, today, checked_in_today, capacity: conference.capacity, units, units_chart, todo, setup })
}

/// Active registrations per unit (the unit's quota beside them), units with a quota first in name order,
/// then delegates of units not in the list.
async fn unit_figures(conn: &mut sqlx::AnyConnection, conference_id: i64, locale: Locale) -> Result<Vec<UnitFigures>> {
    let rows: Vec<(Option<i64>, Option<String>, String, i64)> = sqlx::query_as(
        "SELECT r.unit_id, u.name, r.status, COUNT(*) FROM registrations r LEFT JOIN units u ON u.id = r.unit_id \
         WHERE r.conference_id = $1 AND r.status IN ('pending', 'confirmed', 'waiting') GROUP BY r.unit_id, u.name, r.status",
    )
    .bind(conference_id)
    .fetch_all(&mut *conn)
    .await?;
    let quotas: Vec<(i64, String, i64)> = sqlx::query_as(
        "SELECT q.unit_id, u.name, q.quota FROM unit_quotas q JOIN units u ON u.id = q.unit_id WHERE q.conference_id = $1",
    )
    .bind(conference_id)
    .fetch_all(&mut *conn)
    .await?;
    let default: Option<(Option<i64>,)> =
        sqlx::query_as("SELECT default_unit_quota FROM registration_settings WHERE conference_id = $1")
            .bind(conference_id)
            .fetch_optional(&mut *conn)
            .await?;
    let default = default.and_then(|(q,)| q);
    let quota_of = |unit_id: Option<i64>| {
        unit_id.and_then(|u| quotas.iter().find(|q| q.0 == u).map(|q| q.2)).or(unit_id.and(default))
    };
    let mut out: Vec<UnitFigures> = quotas
        .iter()
        .map(|(u, name, q)| UnitFigures {
            unit_id: Some(*u),
            name: name.clone(),
            confirmed: 0,
            waiting: 0,
            pending: 0,
            quota: Some(*q),
        })
        .collect();
    for (unit_id, name, status, n) in rows {
        let i = match out.iter().position(|f| f.unit_id == unit_id) {
            Some(i) => i,
            None => {
                let name = name.unwrap_or_else(|| hoinghi_domain::i18n::t(locale, "dashboard-unit-other"));
                out.push(UnitFigures { unit_id, name, confirmed: 0, waiting: 0, pending: 0, quota: quota_of(unit_id) });
                out.len() - 1
            }
        };
        match status.as_str() {
            "confirmed" => out[i].confirmed += n,
            "waiting" => out[i].waiting += n,
            _ => out[i].pending += n,
        }
    }
    out.sort_by(|a, b| {
        a.unit_id.is_none().cmp(&b.unit_id.is_none()).then_with(|| crate::collation::compare(&a.name, &b.name))
    });
    Ok(out)
}

/// The units' figures as horizontal bars: confirmed (solid), waiting (hatched), pending (light), and a
/// mark at the quota. Labels are escaped; the picture carries a title and a description for screen readers,
/// and the page shows the same figures as a table.
fn chart(units: &[UnitFigures], locale: Locale) -> String {
    const WIDTH: i64 = 640;
    const LABEL: i64 = 230;
    const BAR: i64 = 18;
    const GAP: i64 = 10;
    const LEGEND: i64 = 28;
    if units.is_empty() {
        return String::new();
    }
    let max =
        units.iter().map(|u| (u.confirmed + u.waiting + u.pending).max(u.quota.unwrap_or(0))).max().unwrap_or(0).max(1);
    let room = WIDTH - LABEL - 60;
    let height = LEGEND + units.len() as i64 * (BAR + GAP) + GAP;
    let t = |key: &str| hoinghi_domain::i18n::t(locale, key);
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" height=\"{height}\" role=\"img\" aria-labelledby=\"units-chart-title\">\
         <title id=\"units-chart-title\">{}</title>\
         <defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">\
         <rect width=\"6\" height=\"6\" fill=\"#fde68a\"/><rect width=\"3\" height=\"6\" fill=\"#92400e\"/></pattern></defs>",
        escape(&t("dashboard-chart-title"))
    );
    // Legend.
    let legend =
        [("#166534", "dashboard-confirmed"), ("url(#hatch)", "dashboard-waiting"), ("#c7c7d1", "dashboard-pending")];
    let mut x = LABEL;
    for (fill, key) in legend {
        svg.push_str(&format!(
            "<rect x=\"{x}\" y=\"4\" width=\"12\" height=\"12\" fill=\"{fill}\"/><text x=\"{}\" y=\"15\" font-size=\"12\">{}</text>",
            x + 16,
            escape(&t(key))
        ));
        x += 120;
    }
    for (i, u) in units.iter().enumerate() {
        let y = LEGEND + i as i64 * (BAR + GAP);
        let short: String = u.name.chars().take(32).collect();
        let short = if short.chars().count() < u.name.chars().count() { format!("{short}…") } else { short };
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"12\">{}</text>",
            LABEL - 8,
            y + BAR - 4,
            escape(&short)
        ));
        let mut x = LABEL;
        for (n, fill) in [(u.confirmed, "#166534"), (u.waiting, "url(#hatch)"), (u.pending, "#c7c7d1")] {
            let w = n * room / max;
            if w > 0 {
                svg.push_str(&format!("<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{BAR}\" fill=\"{fill}\"/>"));
            }
            x += w;
        }
        let label = match u.quota {
            Some(q) => format!("{}/{q}", u.confirmed),
            None => u.confirmed.to_string(),
        };
        if let Some(q) = u.quota {
            let qx = LABEL + q * room / max;
            svg.push_str(&format!(
                "<line x1=\"{qx}\" y1=\"{}\" x2=\"{qx}\" y2=\"{}\" stroke=\"#1d1d1f\" stroke-width=\"2\"/>",
                y - 3,
                y + BAR + 3
            ));
            x = x.max(qx);
        }
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" font-size=\"12\">{}</text>",
            x + 6,
            y + BAR - 4,
            escape(&label)
        ));
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(name: &str, confirmed: i64, quota: Option<i64>) -> UnitFigures {
        UnitFigures { unit_id: Some(1), name: name.into(), confirmed, waiting: 1, pending: 0, quota }
    }

    #[test]
    fn the_chart_escapes_names_and_marks_quotas() {
        let svg = chart(&[unit("<b>Đồng Nai</b>", 3, Some(3)), unit("Khánh Hòa", 1, None)], Locale::Vi);
        assert!(svg.contains("&lt;b&gt;Đồng Nai&lt;/b&gt;") && !svg.contains("<b>"));
        assert!(svg.contains("3/3") && svg.contains(">1<"), "{svg}");
        assert_eq!(svg.matches("<line").count(), 1, "one quota mark");
        assert!(chart(&[], Locale::Vi).is_empty());
    }
}
