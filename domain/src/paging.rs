//! Lists in pages. Every list the API gives has a stable order (documented with it) and is read
//! `limit` items at a time from `offset`; the page says how many there are in all and where the next
//! page starts.

use serde::{Deserialize, Serialize};

/// One page of a list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    /// The items of this page, in the list's order.
    pub items: Vec<T>,
    /// How many items the whole list has.
    pub total: u64,
    /// The largest number of items a page holds (as asked, or the default).
    pub limit: u64,
    /// How many items of the list come before this page.
    pub offset: u64,
    /// The `offset` of the next page; null on the last page.
    pub next_offset: Option<u64>,
}

impl<T> Page<T> {
    /// The page of `all` (the whole list, in order) that starts at `offset` and holds at most `limit`.
    pub fn of(all: Vec<T>, limit: u64, offset: u64) -> Page<T> {
        let total = all.len() as u64;
        let items: Vec<T> =
            all.into_iter().skip(usize::try_from(offset).unwrap_or(usize::MAX)).take(limit as usize).collect();
        let end = offset.saturating_add(items.len() as u64);
        let next_offset = (end < total && !items.is_empty()).then_some(end);
        Page { items, total, limit, offset, next_offset }
    }

    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            total: self.total,
            limit: self.limit,
            offset: self.offset,
            next_offset: self.next_offset,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Page;

    #[test]
    fn pages_cover_the_list_once_in_order() {
        let all: Vec<u32> = (0..7).collect();
        let mut seen = Vec::new();
        let mut offset = Some(0);
        while let Some(o) = offset {
            let p = Page::of(all.clone(), 3, o);
            assert_eq!(p.total, 7);
            seen.extend(p.items);
            offset = p.next_offset;
        }
        assert_eq!(seen, all);
        let last = Page::of(all.clone(), 3, 6);
        assert_eq!((last.items, last.next_offset), (vec![6], None));
        let beyond = Page::of(all, 3, 50);
        assert!(beyond.items.is_empty() && beyond.next_offset.is_none());
    }
}
