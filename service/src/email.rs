//! Email addresses typed by people: the one rule every form, the JSON API and imports go through.
//!
//! The syntax is checked by the `email_address` crate (RFC 5322 dot-atoms, 64-octet local parts), without
//! display names or `[ip]` domain literals. On top of it, what that syntax allows but the mail servers
//! our delegates use would not deliver, or what is nearly always a typing slip, is refused:
//! - one address per field: no `,` `;` or whitespace (lists pasted from a mail client);
//! - no quoted local parts, comments or escapes (`"a b"@…`, `a(x)@…`);
//! - an ASCII local part: a diacritic there needs SMTPUTF8, and is almost always the Vietnamese input
//!   method left on (`an.nguyễn@…`); internationalised domain names stay allowed;
//! - domain labels of letters, digits and inner hyphens only, at least two labels, a top-level label
//!   that is not all digits;
//! - at most 254 octets in all; invisible characters anywhere.

use email_address::{EmailAddress, Options};
use hoinghi_domain::account::limits;
use hoinghi_domain::text::is_invisible;
use hoinghi_domain::{FieldErrors, Message};

/// Records a problem with `email` (already cleaned, lower-cased) for `field`: required if empty,
/// invalid if it is not one deliverable address.
pub fn check(errors: &mut FieldErrors, field: &str, email: &str) {
    if email.is_empty() {
        errors.add(field, Message::new("error-required"));
    } else if !is_valid(email) {
        errors.add(field, Message::new("users-error-email"));
    }
}

/// Whether `email` is one address we can send to.
pub fn is_valid(email: &str) -> bool {
    if email.len() > limits::EMAIL || email.chars().any(forbidden) {
        return false;
    }
    let Some((local, domain)) = email.split_once('@') else { return false };
    if domain.contains('@') || !local_part_ok(local) || !domain_ok(domain) {
        return false;
    }
    let options = Options::default().without_display_text().without_domain_literal().with_required_tld();
    EmailAddress::parse_with_options(email, options).is_ok()
}

/// Characters never found in a single deliverable address: list separators, whitespace, controls and
/// invisible characters, and the quoting, comment, display-name and literal syntax.
fn forbidden(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || is_invisible(c)
        || matches!(c, ',' | ';' | '"' | '(' | ')' | '<' | '>' | '[' | ']' | '\\' | ':')
}

fn local_part_ok(local: &str) -> bool {
    !local.is_empty()
        && local.len() <= 64
        && local.is_ascii()
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
}

fn domain_ok(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_alphanumeric() || c == '-')
    };
    labels.len() >= 2
        && labels.iter().all(label_ok)
        && labels.last().is_some_and(|tld| !tld.chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_vietnamese_addresses_pass() {
        for ok in [
            "an.nguyen@bhxh.gov.vn",
            "dai.bieu.12@bhxh-khanhhoa.vn",
            "tran_thi.thu+hoinghi@gmail.com",
            "vanphong@sotttt.hochiminhcity.gov.vn",
            "o'brien@example.com",
            "thu@bảohiểm.vn",
        ] {
            assert!(is_valid(ok), "{ok}");
        }
    }

    #[test]
    fn more_than_one_address_is_refused() {
        for bad in ["x@a.test,y@a.test", "x@a.test;y@a.test", "x@a.test y@a.test", "x@a.test\ny@a.test", "x@y@a.test"] {
            assert!(!is_valid(bad), "{bad}");
        }
    }

    #[test]
    fn what_mail_servers_would_not_deliver_is_refused() {
        let long_local = format!("{}@a.test", "a".repeat(65));
        let long_domain = format!("a@{}.vn", vec!["b".repeat(60); 5].join("."));
        for bad in [
            "a..b@bhxh.gov.vn",
            ".ab@bhxh.gov.vn",
            "ab.@bhxh.gov.vn",
            long_local.as_str(),
            long_domain.as_str(),
            "\"a b\"@bhxh.gov.vn",
            "a(comment)@bhxh.gov.vn",
            "An <an@bhxh.gov.vn>",
            "a@[127.0.0.1]",
            "a@localhost",
            "a@1.2.3.4",
            "a@-bhxh.vn",
            "a@bhxh-.vn",
            "a@bh_xh.vn",
            "a@bh!xh.vn",
            "a@bhxh..vn",
            "an.nguyễn@bhxh.gov.vn",
            "an\u{200B}@bhxh.gov.vn",
            "\u{FEFF}an@bhxh.gov.vn",
            "@bhxh.gov.vn",
            "an@",
            "an",
        ] {
            assert!(!is_valid(bad), "{bad}");
        }
        assert!(is_valid(&format!("{}@a.test", "a".repeat(64))));
    }

    #[test]
    fn an_empty_address_is_missing_not_wrong() {
        let mut errors = FieldErrors::new();
        check(&mut errors, "email", "");
        assert_eq!(errors.get("email").unwrap().key, "error-required");
        let mut errors = FieldErrors::new();
        check(&mut errors, "email", "x@a.test,y@a.test");
        assert_eq!(errors.get("email").unwrap().key, "users-error-email");
    }
}
