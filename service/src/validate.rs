//! Small building blocks for validating typed-in forms: each check records a message for its field and
//! the whole set is reported at once, so users fix every problem in one round.

use crate::error::Error;
use chrono::NaiveDate;
use hoinghi_domain::text::{char_len, has_visible};
use hoinghi_domain::{FieldErrors, Message};

/// The first and the last day a date typed into the system may name. Conferences, deadlines and minutes
/// all fall in this century; a year like 0000 or 99999 is a slip (or a probe) that would otherwise end up
/// in calendars, documents and sorting.
pub const FIRST_DAY: NaiveDate = NaiveDate::from_ymd_opt(2000, 1, 1).expect("a valid date");
pub const LAST_DAY: NaiveDate = NaiveDate::from_ymd_opt(2100, 12, 31).expect("a valid date");

/// A `YYYY-MM-DD` date between [`FIRST_DAY`] and [`LAST_DAY`], or the message saying what is wrong.
/// Every date read from input goes through here (forms and the JSON API alike).
pub fn parse_date(value: &str) -> Result<NaiveDate, Message> {
    let day = NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").map_err(|_| Message::new("error-not-a-date"))?;
    in_range(day)
}

fn in_range(day: NaiveDate) -> Result<NaiveDate, Message> {
    if (FIRST_DAY..=LAST_DAY).contains(&day) {
        Ok(day)
    } else {
        Err(Message::new("error-date-range")
            .arg("first", FIRST_DAY.format("%Y-%m-%d").to_string())
            .arg("last", LAST_DAY.format("%Y-%m-%d").to_string()))
    }
}

#[derive(Default)]
pub struct Checker {
    errors: FieldErrors,
}

impl Checker {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn errors(&mut self) -> &mut FieldErrors {
        &mut self.errors
    }

    pub fn add(&mut self, field: &str, message: Message) -> &mut Self {
        self.errors.add(field, message);
        self
    }

    pub fn has(&self, field: &str) -> bool {
        self.errors.get(field).is_some()
    }

    /// The field must show something: whitespace, a byte-order mark or zero-width characters alone do
    /// not count.
    pub fn required(&mut self, field: &str, value: &str) -> &mut Self {
        if !has_visible(value) {
            self.errors.add(field, Message::new("error-required"));
        }
        self
    }

    pub fn max_len(&mut self, field: &str, value: &str, max: usize) -> &mut Self {
        if char_len(value) > max {
            self.errors.add(field, Message::new("error-too-long").arg("max", max));
        }
        self
    }

    pub fn min_len(&mut self, field: &str, value: &str, min: usize) -> &mut Self {
        if char_len(value) < min {
            self.errors.add(field, Message::new("error-too-short").arg("min", min));
        }
        self
    }

    /// A required `YYYY-MM-DD` date (see [`parse_date`]).
    pub fn date(&mut self, field: &str, value: &str) -> Option<NaiveDate> {
        if !has_visible(value) {
            self.errors.add(field, Message::new("error-required"));
            return None;
        }
        match parse_date(value) {
            Ok(d) => Some(d),
            Err(message) => {
                self.errors.add(field, message);
                None
            }
        }
    }

    /// An optional whole number within `min..=max`; `Some(None)` when left empty, `None` when wrong.
    pub fn optional_int(&mut self, field: &str, value: &str, min: i64, max: i64) -> Option<Option<i64>> {
        let value = value.trim();
        if value.is_empty() {
            return Some(None);
        }
        match value.parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => Some(Some(n)),
            Ok(_) => {
                self.errors.add(field, Message::new("error-number-range").arg("min", min).arg("max", max));
                None
            }
            Err(_) => {
                self.errors.add(field, Message::new("error-not-a-number"));
                None
            }
        }
    }

    /// A local date and time typed in a `datetime-local` field (`YYYY-MM-DDTHH:MM`), in the conference's
    /// zone; empty is `None` without a problem.
    pub fn local_time(&mut self, field: &str, value: &str, clock: &crate::agenda::ConferenceClock) -> Option<i64> {
        let value = value.trim();
        if value.is_empty() {
            return None;
        }
        let parsed = chrono::NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M")
            .or_else(|_| chrono::NaiveDateTime::parse_from_str(value, "%Y-%m-%d %H:%M"));
        let Ok(parsed) = parsed else {
            self.add(field, Message::new("registration-error-datetime"));
            return None;
        };
        if let Err(message) = in_range(parsed.date()) {
            self.add(field, message);
            return None;
        }
        match clock.instant(parsed.date(), parsed.time()) {
            Some(t) => Some(t),
            None => {
                self.add(field, Message::new("registration-error-datetime"));
                None
            }
        }
    }

    /// Ends the check: `Err` with every recorded message, if any.
    pub fn finish(&mut self) -> Result<(), Error> {
        let errors = std::mem::take(&mut self.errors);
        if errors.is_empty() { Ok(()) } else { Err(errors.into()) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date_problem(value: &str) -> Option<String> {
        let mut check = Checker::new();
        check.date("day", value);
        check.errors().get("day").map(|m| m.key.clone())
    }

    #[test]
    fn dates_must_fall_in_this_century_or_the_next() {
        assert_eq!(date_problem("2026-03-15"), None);
        assert_eq!(date_problem("2000-01-01"), None);
        assert_eq!(date_problem("2100-12-31"), None);
        for out in ["0000-01-01", "+99999-01-01", "1999-12-31", "2101-01-01"] {
            assert_eq!(date_problem(out).as_deref(), Some("error-date-range"), "{out}");
        }
        assert!(date_problem("99999-01-01").is_some());
        assert_eq!(date_problem("2026-02-30").as_deref(), Some("error-not-a-date"));
        assert_eq!(date_problem(" \u{FEFF}").as_deref(), Some("error-required"));
        let message = parse_date("1999-12-31").unwrap_err();
        let vi = message.render(hoinghi_domain::Locale::Vi);
        assert!(vi.contains("2000-01-01") && vi.contains("2100-12-31"), "{vi}");
        assert!(!message.render(hoinghi_domain::Locale::En).starts_with("error-"));
    }

    #[test]
    fn a_field_of_invisible_characters_is_missing() {
        for blank in ["", "   ", "\u{FEFF}", "\u{200B}\u{200C}\u{200D}", "\u{2060}", "\u{00AD}", "\u{FEFF} \u{200B}"] {
            let mut check = Checker::new();
            check.required("title", blank);
            assert!(check.has("title"), "{blank:?}");
        }
        let mut check = Checker::new();
        check.required("title", "\u{FEFF}Hội nghị");
        assert!(!check.has("title"));
    }
}
