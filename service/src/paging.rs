//! Reading a list a page at a time: what `limit` and `offset` may be, and the page they give. Each
//! list function keeps its own stable order (ties broken by id); this module only cuts it.

use crate::error::Result;
use crate::validate::Checker;
use hoinghi_domain::paging::Page;

/// Items per page when the caller does not say.
pub const DEFAULT_LIMIT: u64 = 100;
/// The most items one page holds.
pub const MAX_LIMIT: u64 = 1000;
/// The largest offset accepted (far beyond any list the system holds).
pub const MAX_OFFSET: u64 = 10_000_000;

/// Which page of a list to give.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageRequest {
    pub limit: u64,
    pub offset: u64,
}

impl Default for PageRequest {
    fn default() -> Self {
        PageRequest { limit: DEFAULT_LIMIT, offset: 0 }
    }
}

impl PageRequest {
    /// `limit` and `offset` as typed; empty means the default. Wrong values are refused with a message
    /// for each field, never silently corrected.
    pub fn parse(limit: &str, offset: &str) -> Result<PageRequest> {
        let mut check = Checker::new();
        let limit = check.optional_int("limit", limit, 1, MAX_LIMIT as i64);
        let offset = check.optional_int("offset", offset, 0, MAX_OFFSET as i64);
        check.finish()?;
        Ok(PageRequest {
            limit: limit.flatten().map_or(DEFAULT_LIMIT, |n| n as u64),
            offset: offset.flatten().map_or(0, |n| n as u64),
        })
    }

    /// The page of `all` (the whole list, in its order).
    pub fn page<T>(self, all: Vec<T>) -> Page<T> {
        Page::of(all, self.limit, self.offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hoinghi_domain::AppError;

    #[test]
    fn defaults_bounds_and_refusals() {
        assert_eq!(PageRequest::parse("", "").unwrap(), PageRequest { limit: DEFAULT_LIMIT, offset: 0 });
        assert_eq!(PageRequest::parse(" 5 ", "10").unwrap(), PageRequest { limit: 5, offset: 10 });
        let e: AppError = PageRequest::parse("0", "-1").unwrap_err().into();
        let AppError::Invalid { fields } = e else { panic!("invalid expected") };
        let names: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(names, ["limit", "offset"]);
        assert!(PageRequest::parse("1001", "").is_err());
        assert!(PageRequest::parse("mười", "").is_err());
    }
}
