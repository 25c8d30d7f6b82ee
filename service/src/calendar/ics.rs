//! Writing an iCalendar object: the icalendar crate builds and folds the lines (at 75 octets, never
//! inside a character); this module sets what the crate gets wrong for feeds: our PRODID, the
//! VTIMEZONE blocks (which the crate cannot write) and a final CRLF.

use super::timezone::vtimezone;
use chrono_tz::Tz;
use icalendar::{Calendar, Event, Property};

pub const PRODID: &str = concat!("-//hoinghi//hoinghi ", env!("CARGO_PKG_VERSION"), "//VI");

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// A feed people subscribe to.
    Publish,
    /// An invitation in a mail: Outlook offers to add it.
    Request,
}

/// Escapes a TEXT value (RFC 5545 3.3.11) for properties the crate writes as they are.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

pub struct CalendarHead<'a> {
    pub name: &'a str,
    pub description: &'a str,
    pub method: Method,
    /// The zone of the events' local times, and the span they cover (Unix seconds), for VTIMEZONE.
    pub zones: Vec<(Tz, i64, i64)>,
}

pub fn write(head: &CalendarHead, events: Vec<Event>) -> String {
    let mut cal = Calendar::empty();
    cal.append_property(Property::new("VERSION", "2.0"));
    cal.append_property(Property::new("PRODID", PRODID));
    cal.append_property(Property::new("CALSCALE", "GREGORIAN"));
    cal.append_property(Property::new(
        "METHOD",
        match head.method {
            Method::Publish => "PUBLISH",
            Method::Request => "REQUEST",
        },
    ));
    if head.method == Method::Publish {
        // RFC 7986 NAME is not escaped by the crate (unknown type); X-WR-* are.
        cal.append_property(Property::new("NAME", escape(head.name)));
        cal.append_property(Property::new("X-WR-CALNAME", head.name));
        if !head.description.is_empty() {
            cal.append_property(Property::new("X-WR-CALDESC", head.description));
        }
        if let Some((tz, _, _)) = head.zones.first() {
            cal.append_property(Property::new("X-WR-TIMEZONE", tz.name()));
        }
        // Ask clients to poll hourly: agendas change during the conference.
        let mut refresh = Property::new("REFRESH-INTERVAL", "PT1H");
        refresh.add_parameter("VALUE", "DURATION");
        cal.append_property(refresh);
        cal.append_property(Property::new("X-PUBLISHED-TTL", "PT1H"));
    }
    for e in events {
        cal.push(e);
    }
    let mut text = cal.to_string();
    let zones: String = head.zones.iter().map(|(tz, from, to)| vtimezone(*tz, *from, *to)).collect();
    let at = text.find("BEGIN:VEVENT").or_else(|| text.rfind("END:VCALENDAR")).unwrap_or(text.len());
    text.insert_str(at, &zones);
    if !text.ends_with("\r\n") {
        text.push_str("\r\n");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use icalendar::Component;

    #[test]
    fn lines_end_in_crlf_fold_on_characters_and_carry_our_prodid() {
        let title = "Tập huấn nghiệp vụ thu, cấp sổ; quản lý đối tượng tham gia bảo hiểm xã hội tự nguyện ở Đồng Tháp";
        let e = Event::new().uid("x@hoinghi").summary(title).done();
        let text = write(
            &CalendarHead {
                name: "Hội nghị, tập huấn",
                description: "",
                method: Method::Publish,
                zones: vec![(chrono_tz::Asia::Ho_Chi_Minh, 0, 0)],
            },
            vec![e],
        );
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        assert!(text.contains(&format!("PRODID:{PRODID}\r\n")));
        assert!(text.contains("NAME:Hội nghị\\, tập huấn\r\n"));
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{line:?} has {} octets", line.len());
            assert!(!line.contains('\n') && !line.contains('\r'));
        }
        let unfolded = text.replace("\r\n ", "");
        assert!(unfolded.contains(&format!("SUMMARY:{}", title.replace(',', "\\,").replace(';', "\\;"))));
        assert!(text.find("BEGIN:VTIMEZONE") < text.find("BEGIN:VEVENT"));
    }
}
