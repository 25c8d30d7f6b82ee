//! Small building blocks for validating typed-in forms: each check records a message for its field and
//! the whole set is reported at once, so users fix every problem in one round.

use crate::error::Error;
use chrono::NaiveDate;
use hoinghi_domain::text::char_len;
use hoinghi_domain::{FieldErrors, Message};

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

    pub fn required(&mut self, field: &str, value: &str) -> &mut Self {
        if value.trim().is_empty() {
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

    /// A required `YYYY-MM-DD` date.
    pub fn date(&mut self, field: &str, value: &str) -> Option<NaiveDate> {
        let value = value.trim();
        if value.is_empty() {
            self.errors.add(field, Message::new("error-required"));
            return None;
        }
        match NaiveDate::parse_from_str(value, "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                self.errors.add(field, Message::new("error-not-a-date"));
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

    /// Ends the check: `Err` with every recorded message, if any.
    /// A local date and time typed in a `datetime-local` field (`YYYY-MM-DDTHH:MM`), in the conference's
    /// zone; empty is `None` without a problem.
    pub fn local_time(&mut self, field: &str, value: &str, clock: &crate::agenda::ConferenceClock) -> Option<i64> {
        let value = value.trim();
        if value.is_empty() {
            return None;
        }
        let parsed = chrono::NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M")
            .or_else(|_| chrono::NaiveDateTime::parse_from_str(value, "%Y-%m-%d %H:%M"));
        match parsed.ok().and_then(|t| clock.instant(t.date(), t.time())) {
            Some(t) => Some(t),
            None => {
                self.add(field, Message::new("registration-error-datetime"));
                None
            }
        }
    }

    pub fn finish(&mut self) -> Result<(), Error> {
        let errors = std::mem::take(&mut self.errors);
        if errors.is_empty() { Ok(()) } else { Err(errors.into()) }
    }
}
