//! VTIMEZONE blocks computed from the time-zone database.
//!
//! Events carry `DTSTART;TZID=<zone>` so calendar apps show them in the conference's zone; RFC 5545
//! then wants the zone's definition in the file. Rather than a rule (RRULE) that may not hold in a
//! given year, we list the actual offset changes around the events, found in chrono-tz: for
//! Asia/Ho_Chi_Minh (no change since 1975) that is one STANDARD block.

use super::ics::{Line, Node};
use chrono::{DateTime, Offset, TimeZone, Utc};
use chrono_tz::{OffsetName, Tz};

fn offset_secs(tz: Tz, at: i64) -> i32 {
    tz.offset_from_utc_datetime(&DateTime::from_timestamp(at, 0).unwrap_or_default().naive_utc())
        .fix()
        .local_minus_utc()
}

fn abbreviation(tz: Tz, at: i64) -> String {
    let o = tz.offset_from_utc_datetime(&DateTime::from_timestamp(at, 0).unwrap_or_default().naive_utc());
    o.abbreviation().unwrap_or("").to_string()
}

fn utc_offset(secs: i32) -> String {
    let sign = if secs < 0 { '-' } else { '+' };
    let s = secs.abs();
    if s % 60 == 0 {
        format!("{sign}{:02}{:02}", s / 3600, s % 3600 / 60)
    } else {
        format!("{sign}{:02}{:02}{:02}", s / 3600, s % 3600 / 60, s % 60)
    }
}

/// The instants in `[from, to]` where the zone's offset changes, to the second.
fn transitions(tz: Tz, from: i64, to: i64) -> Vec<i64> {
    const STEP: i64 = 6 * 3600;
    let mut found = Vec::new();
    let mut t = from;
    while t < to {
        let next = (t + STEP).min(to);
        if offset_secs(tz, t) != offset_secs(tz, next) {
            // Binary search for the first second with the new offset.
            let (mut lo, mut hi) = (t, next);
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                if offset_secs(tz, mid) == offset_secs(tz, t) { lo = mid } else { hi = mid }
            }
            found.push(hi);
        }
        t = next;
    }
    found
}

fn local_stamp(at: i64, offset: i32) -> String {
    DateTime::<Utc>::from_timestamp(at + i64::from(offset), 0).unwrap_or_default().format("%Y%m%dT%H%M%S").to_string()
}

/// The VTIMEZONE component covering `[from, to]` (Unix seconds), padded by a year on each side so a
/// client's recurring copies or edits nearby still resolve.
pub fn vtimezone(tz: Tz, from: i64, to: i64) -> Node {
    const YEAR: i64 = 366 * 24 * 3600;
    let (from, to) = (from - YEAR, to.max(from) + YEAR);
    let mut zone = Node::new("VTIMEZONE");
    zone.line(Line::text("TZID", tz.name()));
    let start = offset_secs(tz, from);
    // The offset in force at the start of the window, as if it began then.
    let mut blocks = vec![(from, start, start, abbreviation(tz, from))];
    for at in transitions(tz, from, to) {
        let before = offset_secs(tz, at - 1);
        blocks.push((at, before, offset_secs(tz, at), abbreviation(tz, at)));
    }
    let standard_offset = blocks.iter().map(|b| b.2).min().unwrap_or(start);
    for (at, before, after, name) in blocks {
        let mut block = Node::new(if after > standard_offset { "DAYLIGHT" } else { "STANDARD" });
        // DTSTART is the local time, in the offset before the change, at which the change happens.
        block
            .line(Line::raw("DTSTART", &local_stamp(at, before)))
            .line(Line::raw("TZOFFSETFROM", &utc_offset(before)))
            .line(Line::raw("TZOFFSETTO", &utc_offset(after)));
        if !name.is_empty() {
            block.line(Line::text("TZNAME", &name));
        }
        zone.child(block);
    }
    zone
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ho_chi_minh_city_is_one_standard_block_at_plus_seven() {
        let z = vtimezone(chrono_tz::Asia::Ho_Chi_Minh, 1_773_277_200, 1_773_363_600).render();
        assert_eq!(z.matches("BEGIN:STANDARD").count(), 1, "{z}");
        assert!(z.contains("TZOFFSETFROM:+0700\r\nTZOFFSETTO:+0700\r\n"), "{z}");
        assert!(!z.contains("DAYLIGHT"));
    }

    #[test]
    fn zones_with_summer_time_list_each_change() {
        // Berlin, March 2026: changes on 2025-03-30, 2025-10-26, 2026-03-29, 2026-10-25, 2027-03-28, ...
        let z = vtimezone(chrono_tz::Europe::Berlin, 1_773_277_200, 1_773_363_600).render();
        assert!(
            z.contains("BEGIN:DAYLIGHT\r\nDTSTART:20260329T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n"),
            "{z}"
        );
        assert!(
            z.contains("BEGIN:STANDARD\r\nDTSTART:20261025T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\n"),
            "{z}"
        );
    }
}
