//! The conference's wall clock: local day and time in its IANA zone, and back to UTC instants.
//! The only place that needs the time-zone database; everything else works on instants.

use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Tz;
use hoinghi_domain::conference::Conference;

#[derive(Clone, Debug)]
pub struct ConferenceClock {
    pub tz: Tz,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

impl ConferenceClock {
    pub fn of(c: &Conference) -> ConferenceClock {
        // The zone was validated when the conference was saved.
        let tz = c.time_zone.parse().unwrap_or(chrono_tz::Asia::Ho_Chi_Minh);
        ConferenceClock { tz, starts_on: c.starts_on, ends_on: c.ends_on }
    }

    pub fn days(&self) -> Vec<NaiveDate> {
        self.starts_on.iter_days().take_while(|d| *d <= self.ends_on).collect()
    }

    /// The conference's date now, in its time zone.
    pub fn today(&self) -> NaiveDate {
        self.local(crate::db::now()).date()
    }

    pub fn is_conference_day(&self, day: NaiveDate) -> bool {
        day >= self.starts_on && day <= self.ends_on
    }

    /// The instant of a local wall-clock time. In a daylight-saving gap there is none; in an overlap
    /// the earlier one is taken.
    pub fn instant(&self, day: NaiveDate, time: NaiveTime) -> Option<i64> {
        match self.tz.from_local_datetime(&NaiveDateTime::new(day, time)) {
            LocalResult::Single(t) => Some(t.timestamp()),
            LocalResult::Ambiguous(earlier, _) => Some(earlier.timestamp()),
            LocalResult::None => None,
        }
    }

    pub fn local(&self, instant: i64) -> NaiveDateTime {
        DateTime::from_timestamp(instant, 0).unwrap_or_default().with_timezone(&self.tz).naive_local()
    }
}

/// Parses "08:00" or "8:00" (also "08:00:00").
pub fn parse_clock(s: &str) -> Option<NaiveTime> {
    let s = s.trim();
    NaiveTime::parse_from_str(s, "%H:%M").or_else(|_| NaiveTime::parse_from_str(s, "%H:%M:%S")).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clock(tz: &str) -> ConferenceClock {
        ConferenceClock {
            tz: tz.parse().unwrap(),
            starts_on: NaiveDate::from_ymd_opt(2017, 9, 18).unwrap(),
            ends_on: NaiveDate::from_ymd_opt(2017, 9, 19).unwrap(),
        }
    }

    #[test]
    fn ho_chi_minh_city_is_utc_plus_seven() {
        let c = clock("Asia/Ho_Chi_Minh");
        let day = NaiveDate::from_ymd_opt(2017, 9, 18).unwrap();
        let t = c.instant(day, parse_clock("08:00").unwrap()).unwrap();
        assert_eq!(t, 1_505_696_400); // 01:00 UTC
        assert_eq!(c.local(t).time(), NaiveTime::from_hms_opt(8, 0, 0).unwrap());
        assert_eq!(c.days().len(), 2);
    }

    #[test]
    fn daylight_saving_gaps_have_no_instant() {
        let c = clock("Europe/Berlin");
        let spring = NaiveDate::from_ymd_opt(2026, 3, 29).unwrap();
        assert_eq!(c.instant(spring, parse_clock("02:30").unwrap()), None);
        assert!(parse_clock("25:00").is_none() && parse_clock("8h").is_none());
        assert_eq!(parse_clock(" 8:05 "), NaiveTime::from_hms_opt(8, 5, 0));
    }
}
