//! Vietnamese order for people: by given name, then middle names, then family name, each compared
//! with the CLDR "vi" collation (ă after a, đ after d, ơ after ô; tones only break ties), which code
//! point order gets wrong.

use hoinghi_domain::text::PersonName;
use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};
use std::cmp::Ordering;
use std::sync::LazyLock;

static VI: LazyLock<CollatorBorrowed<'static>> = LazyLock::new(|| {
    let locale: icu_locale_core::Locale = "vi".parse().expect("valid locale");
    Collator::try_new(locale.into(), CollatorOptions::default()).expect("the vi collation is compiled in")
});

/// Compares two strings in Vietnamese alphabetical order.
pub fn compare(a: &str, b: &str) -> Ordering {
    VI.compare(a, b)
}

/// Compares two places (or units named after them) the way official lists sort provinces: by the name
/// without "Tỉnh" or "Thành phố", so "Thành phố Hồ Chí Minh" comes among the H's.
pub fn compare_places(a: &str, b: &str) -> Ordering {
    use hoinghi_domain::text::without_place_type;
    compare(&without_place_type(a), &without_place_type(b)).then_with(|| compare(a, b))
}

/// Compares two names the way Vietnamese lists are sorted.
pub fn compare_names(a: &PersonName, b: &PersonName) -> Ordering {
    compare(&a.given, &b.given).then_with(|| compare(&a.middle, &b.middle)).then_with(|| compare(&a.family, &b.family))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reference_list_sorts_by_given_name() {
        let mut names: Vec<PersonName> =
            ["Đỗ Minh Đức", "Hoàng Văn Dũng", "Lê Văn Bình", "Trần Thị Ánh", "Nguyễn Văn An", "Phạm Thị An"]
                .iter()
                .map(|n| PersonName::from_full(n))
                .collect();
        names.sort_by(compare_names);
        let sorted: Vec<String> = names.iter().map(PersonName::display).collect();
        assert_eq!(
            sorted,
            ["Phạm Thị An", "Nguyễn Văn An", "Trần Thị Ánh", "Lê Văn Bình", "Hoàng Văn Dũng", "Đỗ Minh Đức"]
        );
    }

    #[test]
    fn provinces_sort_by_name_without_their_type() {
        let mut places = vec![
            "Thành phố Hồ Chí Minh",
            "Tỉnh An Giang",
            "Thành phố Cần Thơ",
            "Tỉnh Đắk Lắk",
            "Thành phố Hà Nội",
            "Tỉnh Khánh Hòa",
        ];
        places.sort_by(|a, b| compare_places(a, b));
        assert_eq!(
            places,
            [
                "Tỉnh An Giang",
                "Thành phố Cần Thơ",
                "Tỉnh Đắk Lắk",
                "Thành phố Hà Nội",
                "Thành phố Hồ Chí Minh",
                "Tỉnh Khánh Hòa"
            ]
        );
        let mut units = ["Bảo hiểm xã hội Thành phố Hồ Chí Minh", "Bảo hiểm xã hội tỉnh An Giang"];
        units.sort_by(|a, b| compare_places(a, b));
        assert_eq!(units[0], "Bảo hiểm xã hội tỉnh An Giang");
    }

    #[test]
    fn letters_and_tones_follow_the_vietnamese_alphabet() {
        // đ after d (not after z), ư after u, tones as tie-breakers in the order none, huyền, hỏi, ngã, sắc, nặng.
        assert_eq!(compare("Đào", "Dương"), Ordering::Greater);
        assert_eq!(compare("Đào", "Giang"), Ordering::Less);
        assert_eq!(compare("Ưng", "Vân"), Ordering::Less);
        let mut tones = vec!["ma", "mạ", "má", "mã", "mả", "mà"];
        tones.sort_by(|a, b| compare(a, b));
        assert_eq!(tones, ["ma", "mà", "mả", "mã", "má", "mạ"]);
    }
}
