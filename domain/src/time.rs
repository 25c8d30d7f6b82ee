//! Dates and times in the wording of Vietnamese official documents, and their English counterparts.
//!
//! The official long date zero-pads days under 10 and only the months 1 and 2 ("ngày 05 tháng 01 năm
//! 2020", "ngày 18 tháng 9 năm 2017"); ICU's long Vietnamese date is not this form.

use crate::i18n::Locale;
use chrono::{Datelike, NaiveDate, NaiveTime, Timelike, Weekday};

/// "ngày 18 tháng 9 năm 2017".
pub fn official_date(d: NaiveDate) -> String {
    format!("ngày {:02} tháng {} năm {}", d.day(), official_month(d.month()), d.year())
}

fn official_month(m: u32) -> String {
    if m <= 2 { format!("{m:02}") } else { m.to_string() }
}

/// "08 giờ 00 phút".
pub fn official_time(t: NaiveTime) -> String {
    format!("{:02} giờ {:02} phút", t.hour(), t.minute())
}

/// "18/9/2017", the short form used in tables and lists.
pub fn short_date(d: NaiveDate) -> String {
    format!("{}/{}/{}", d.day(), d.month(), d.year())
}

/// "08:00", the 24-hour clock.
pub fn clock(t: NaiveTime) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// "thứ Hai" … "Chủ nhật".
pub fn weekday_vi(d: NaiveDate) -> &'static str {
    match d.weekday() {
        Weekday::Mon => "thứ Hai",
        Weekday::Tue => "thứ Ba",
        Weekday::Wed => "thứ Tư",
        Weekday::Thu => "thứ Năm",
        Weekday::Fri => "thứ Sáu",
        Weekday::Sat => "thứ Bảy",
        Weekday::Sun => "Chủ nhật",
    }
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A date for reading on screen: "thứ Hai, 18/9/2017" or "Monday, 18 September 2017".
pub fn long_date(locale: Locale, d: NaiveDate) -> String {
    match locale {
        Locale::Vi => format!("{}, {}", weekday_vi(d), short_date(d)),
        Locale::En => format!("{}, {} {} {}", weekday_en(d), d.day(), MONTHS_EN[d.month0() as usize], d.year()),
    }
}

/// [`long_date`] as a heading starts: "Thứ hai, 18/9/2017".
pub fn day_heading(locale: Locale, d: NaiveDate) -> String {
    let text = long_date(locale, d);
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

/// A date without weekday: "18/9/2017" or "18 September 2017".
pub fn medium_date(locale: Locale, d: NaiveDate) -> String {
    match locale {
        Locale::Vi => short_date(d),
        Locale::En => format!("{} {} {}", d.day(), MONTHS_EN[d.month0() as usize], d.year()),
    }
}

/// A range of days such as "18–19/9/2017" or "18–19 September 2017".
pub fn date_range(locale: Locale, start: NaiveDate, end: NaiveDate) -> String {
    if start == end {
        return medium_date(locale, start);
    }
    let same_month = start.year() == end.year() && start.month() == end.month();
    match (locale, same_month) {
        (Locale::Vi, true) => format!("{}–{}", start.day(), short_date(end)),
        (Locale::En, true) => format!("{}–{}", start.day(), medium_date(locale, end)),
        _ => format!("{} – {}", medium_date(locale, start), medium_date(locale, end)),
    }
}

fn weekday_en(d: NaiveDate) -> &'static str {
    match d.weekday() {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

/// An instant (Unix seconds) as Vietnamese wall-clock time, "18/9/2017 08:00", for records such as
/// "last used". Vietnam has had no daylight saving since 1975, so a fixed UTC+07:00 is exact.
pub fn instant_vn(unix_seconds: i64) -> String {
    let offset = chrono::FixedOffset::east_opt(7 * 3600).expect("valid offset");
    match chrono::DateTime::from_timestamp(unix_seconds, 0) {
        Some(t) => {
            let local = t.with_timezone(&offset);
            format!("{} {}", short_date(local.date_naive()), clock(local.time()))
        }
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn official_date_pads_days_and_only_january_and_february() {
        assert_eq!(official_date(d(2017, 9, 18)), "ngày 18 tháng 9 năm 2017");
        assert_eq!(official_date(d(2020, 1, 5)), "ngày 05 tháng 01 năm 2020");
        assert_eq!(official_date(d(2020, 2, 29)), "ngày 29 tháng 02 năm 2020");
        assert_eq!(official_date(d(2020, 12, 1)), "ngày 01 tháng 12 năm 2020");
    }

    #[test]
    fn official_time_and_clock() {
        let t = NaiveTime::from_hms_opt(8, 0, 0).unwrap();
        assert_eq!(official_time(t), "08 giờ 00 phút");
        assert_eq!(clock(NaiveTime::from_hms_opt(13, 5, 0).unwrap()), "13:05");
    }

    #[test]
    fn instants_show_in_vietnam_time() {
        // 2017-09-18 01:00 UTC is 08:00 in Hà Nội.
        assert_eq!(instant_vn(1_505_696_400), "18/9/2017 08:00");
    }

    #[test]
    fn dates_for_screens() {
        assert_eq!(short_date(d(2017, 9, 18)), "18/9/2017");
        assert_eq!(long_date(Locale::Vi, d(2017, 9, 18)), "thứ Hai, 18/9/2017");
        assert_eq!(long_date(Locale::En, d(2017, 9, 18)), "Monday, 18 September 2017");
        assert_eq!(date_range(Locale::Vi, d(2017, 9, 18), d(2017, 9, 19)), "18–19/9/2017");
        assert_eq!(date_range(Locale::En, d(2017, 9, 18), d(2017, 9, 19)), "18–19 September 2017");
        assert_eq!(date_range(Locale::Vi, d(2017, 9, 30), d(2017, 10, 1)), "30/9/2017 – 1/10/2017");
    }
}
