//! Writing an iCalendar object (RFC 5545). The icalendar crate builds the events (typed setters for
//! dates, status, sequence); this module writes every line of the object itself, in one place:
//!
//! - the object is a tree of components ([`Node`]): the calendar, its VTIMEZONE blocks, the events. The
//!   VTIMEZONE is a child like any other, so no text a user typed can move it (the crate cannot write
//!   one, and splicing it into the crate's text would search text that names may contain);
//! - each value is escaped for its type: TEXT per RFC 5545 3.3.11 (backslash, `;`, `,`, line breaks as
//!   `\n`), parameter values quoted with `"` removed, other values (dates, addresses) as they are; control
//!   characters are dropped from all of them, so no value can end its line and start a property or a
//!   component of its own;
//! - lines are folded at 75 octets, never inside a character. None of the crate's own output is used:
//!   its folding leaves a 76-octet last line when exactly 75 octets remain after a fold, and it passes
//!   carriage returns, control characters and `"` in parameter values through.

use chrono_tz::Tz;
use icalendar::{Component, Event, Property, ValueType};

pub const PRODID: &str = concat!("-//hoinghi//hoinghi ", env!("CARGO_PKG_VERSION"), "//VI");

/// RFC 5545 3.1: at most 75 octets per line, not counting the CRLF.
const LINE_OCTETS: usize = 75;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// A feed people subscribe to.
    Publish,
    /// An invitation in a mail: Outlook offers to add it.
    Request,
}

/// Control characters no value may carry: C0 (a TAB is kept in text), DEL and C1.
fn is_dropped_control(c: char) -> bool {
    c.is_control() && c != '\t'
}

/// A TEXT value (RFC 5545 3.3.11). A line break (LF, CRLF or a lone CR) becomes `\n`.
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\n");
                }
            }
            c if is_dropped_control(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// A parameter value: no control characters and no `"` (a parameter value cannot hold one, RFC 5545
/// 3.1); quoted unless it is a plain token, so `:`, `;` and `,` stay inside it.
fn param(value: &str) -> String {
    // A line break or TAB reads as a space (CRLF as one); other control characters are dropped.
    let clean: String = value
        .replace("\r\n", "\n")
        .chars()
        .filter_map(|c| match c {
            '"' => None,
            '\r' | '\n' | '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect();
    let token = !clean.is_empty() && clean.chars().all(|c| c.is_ascii_alphanumeric() || "-_/.+".contains(c));
    if token { clean } else { format!("\"{clean}\"") }
}

/// A value of another type (date, duration, URI, calendar address, number): written as it is, less any
/// control character.
fn raw(value: &str) -> String {
    value.chars().filter(|c| !c.is_control()).collect()
}

/// Property, parameter and component names are ours, never data; checked anyway.
fn name(n: &str) -> &str {
    debug_assert!(
        !n.is_empty() && n.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-'),
        "{n:?}"
    );
    n
}

/// One content line, its value already encoded.
#[derive(Clone, Debug)]
pub struct Line {
    name: String,
    params: Vec<(String, String)>,
    value: String,
}

impl Line {
    pub fn text(key: &str, value: &str) -> Self {
        Line { name: key.into(), params: Vec::new(), value: text(value) }
    }

    pub fn raw(key: &str, value: &str) -> Self {
        Line { name: key.into(), params: Vec::new(), value: raw(value) }
    }

    pub fn param(mut self, key: &str, value: &str) -> Self {
        self.params.push((key.into(), value.into()));
        self
    }

    /// A property the crate built: TEXT (and properties of a type the crate does not know, such as RFC
    /// 7986 NAME) escaped as text, other types as they are. A text list (CATEGORIES) is one item per
    /// property, so its item is escaped whole.
    fn from_crate(p: &Property) -> Self {
        let value = match p.value_type() {
            Some(ValueType::Text) | None => text(p.value()),
            Some(_) => raw(p.value()),
        };
        let params = p.params().values().map(|x| (x.key().to_string(), x.value().to_string())).collect();
        Line { name: p.key().to_string(), params, value }
    }

    fn write(&self, out: &mut String) {
        let mut line = String::from(name(&self.name));
        for (k, v) in &self.params {
            line.push(';');
            line.push_str(name(k));
            line.push('=');
            line.push_str(&param(v));
        }
        line.push(':');
        line.push_str(&self.value);
        fold(&line, out);
    }
}

/// A component: its properties, then its child components.
#[derive(Clone, Debug)]
pub struct Node {
    name: String,
    lines: Vec<Line>,
    children: Vec<Node>,
}

impl Node {
    pub fn new(kind: &str) -> Self {
        Node { name: kind.into(), lines: Vec::new(), children: Vec::new() }
    }

    pub fn line(&mut self, line: Line) -> &mut Self {
        self.lines.push(line);
        self
    }

    pub fn child(&mut self, node: Node) -> &mut Self {
        self.children.push(node);
        self
    }

    /// A component the crate built (an event, its alarms), with all its properties.
    fn from_crate<C: Component>(c: &C) -> Self {
        let lines =
            c.properties().values().chain(c.multi_properties().values().flatten()).map(Line::from_crate).collect();
        let children = c.components().iter().map(Node::from_crate).collect();
        Node { name: c.component_kind(), lines, children }
    }

    fn write(&self, out: &mut String) {
        Line::raw("BEGIN", name(&self.name)).write(out);
        for l in &self.lines {
            l.write(out);
        }
        for c in &self.children {
            c.write(out);
        }
        Line::raw("END", &self.name).write(out);
    }

    /// The component as CRLF-terminated, folded lines.
    pub fn render(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }
}

/// Appends `line` folded (RFC 5545 3.1): at most 75 octets per line, continuation lines start with a
/// space, and a character is never split.
fn fold(line: &str, out: &mut String) {
    let mut used = 0;
    for c in line.chars() {
        if used + c.len_utf8() > LINE_OCTETS {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += c.len_utf8();
    }
    out.push_str("\r\n");
}

pub struct CalendarHead<'a> {
    pub name: &'a str,
    pub description: &'a str,
    pub method: Method,
    /// The zone of the events' local times, and the span they cover (Unix seconds), for VTIMEZONE.
    pub zones: Vec<(Tz, i64, i64)>,
}

pub fn write(head: &CalendarHead, events: Vec<Event>) -> String {
    let mut cal = Node::new("VCALENDAR");
    cal.line(Line::raw("VERSION", "2.0"))
        .line(Line::text("PRODID", PRODID))
        .line(Line::raw("CALSCALE", "GREGORIAN"))
        .line(Line::raw(
            "METHOD",
            match head.method {
                Method::Publish => "PUBLISH",
                Method::Request => "REQUEST",
            },
        ));
    if head.method == Method::Publish {
        // RFC 7986 NAME, and the X-WR-* properties Apple and Google read.
        cal.line(Line::text("NAME", head.name)).line(Line::text("X-WR-CALNAME", head.name));
        if !head.description.is_empty() {
            cal.line(Line::text("X-WR-CALDESC", head.description));
        }
        if let Some((tz, _, _)) = head.zones.first() {
            cal.line(Line::text("X-WR-TIMEZONE", tz.name()));
        }
        // Ask clients to poll hourly: agendas change during the conference.
        cal.line(Line::raw("REFRESH-INTERVAL", "PT1H").param("VALUE", "DURATION"))
            .line(Line::raw("X-PUBLISHED-TTL", "PT1H"));
    }
    for (tz, from, to) in &head.zones {
        cal.child(super::timezone::vtimezone(*tz, *from, *to));
    }
    for e in &events {
        cal.child(Node::from_crate(e));
    }
    cal.render()
}

#[cfg(test)]
mod tests {
    use super::*;
    use icalendar::{EventLike, Property};

    /// An independent reading of the object: every physical line is checked (CRLF, ≤ 75 octets, whole
    /// characters), then unfolded lines are split into name, parameters and value.
    struct Parsed {
        lines: Vec<(String, Vec<(String, String)>, String)>,
    }

    fn parse(object: &str) -> Parsed {
        let bytes = object.as_bytes();
        assert!(bytes.ends_with(b"\r\n"), "ends with CRLF");
        let mut physical: Vec<&[u8]> = Vec::new();
        let mut rest = &bytes[..bytes.len() - 2];
        while let Some(at) = rest.windows(2).position(|w| w == b"\r\n") {
            physical.push(&rest[..at]);
            rest = &rest[at + 2..];
        }
        physical.push(rest);
        for pair in physical.windows(2) {
            // Folded as late as possible: the next character would not have fitted.
            if let Some(cont) = pair[1].strip_prefix(b" ") {
                let next = std::str::from_utf8(cont).ok().and_then(|c| c.chars().next()).map_or(0, char::len_utf8);
                assert!(pair[0].len() + next > LINE_OCTETS, "folded early: {:?}", String::from_utf8_lossy(pair[0]));
            }
        }
        let mut logical: Vec<String> = Vec::new();
        for l in physical {
            assert!(l.len() <= LINE_OCTETS, "{} octets: {:?}", l.len(), String::from_utf8_lossy(l));
            let s = std::str::from_utf8(l).unwrap_or_else(|_| panic!("a character split by a fold: {l:?}"));
            assert!(!s.contains(['\r', '\n']), "a bare line break in {s:?}");
            assert!(!s.chars().any(|c| c.is_control() && c != '\t'), "a control character in {s:?}");
            match s.strip_prefix(' ') {
                Some(cont) => logical.last_mut().expect("a continuation after a line").push_str(cont),
                None => logical.push(s.to_string()),
            }
        }
        let lines = logical
            .into_iter()
            .map(|l| {
                // Name and parameters end at the first colon outside a quoted parameter value.
                let mut quoted = false;
                let colon = l
                    .char_indices()
                    .find(|(_, c)| {
                        if *c == '"' {
                            quoted = !quoted;
                        }
                        *c == ':' && !quoted
                    })
                    .map(|(i, _)| i)
                    .unwrap_or_else(|| panic!("no value in {l:?}"));
                let (head, value) = (&l[..colon], &l[colon + 1..]);
                let mut parts = head.split(';');
                let name = parts.next().unwrap().to_string();
                assert!(name.bytes().all(|b| b.is_ascii_uppercase() || b == b'-'), "{name:?}");
                let mut params = Vec::new();
                let mut pending = String::new();
                for p in parts {
                    // A quoted value may hold ';': join the pieces until the quotes close.
                    if !pending.is_empty() {
                        pending.push(';');
                    }
                    pending.push_str(p);
                    if pending.matches('"').count().is_multiple_of(2) {
                        let (k, v) = pending.split_once('=').expect("name=value");
                        params.push((k.to_string(), v.trim_matches('"').to_string()));
                        assert!(!v.trim_matches('"').contains('"'), "a quote inside {v:?}");
                        pending.clear();
                    }
                }
                assert!(pending.is_empty(), "unclosed quote in {head:?}");
                (name, params, value.to_string())
            })
            .collect();
        Parsed { lines }
    }

    fn unescape(v: &str) -> String {
        let mut out = String::new();
        let mut chars = v.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some('n') | Some('N') => out.push('\n'),
                    Some(c @ ('\\' | ';' | ',')) => out.push(c),
                    other => panic!("invalid escape \\{other:?} in {v:?}"),
                }
            } else {
                assert!(c != ';' && c != ',', "unescaped {c:?} in {v:?}");
                out.push(c);
            }
        }
        out
    }

    impl Parsed {
        fn values(&self, name: &str) -> Vec<&str> {
            self.lines.iter().filter(|l| l.0 == name).map(|l| l.2.as_str()).collect()
        }
        fn param(&self, name: &str, key: &str) -> Vec<&str> {
            self.lines
                .iter()
                .filter(|l| l.0 == name)
                .flat_map(|l| l.1.iter().filter(|p| p.0 == key).map(|p| p.1.as_str()))
                .collect()
        }
        /// The component tree as "BEGIN:X"/"END:X" lines must nest.
        fn components(&self) -> Vec<String> {
            let mut stack: Vec<&str> = Vec::new();
            let mut seen = Vec::new();
            for (name, params, value) in &self.lines {
                match name.as_str() {
                    "BEGIN" => {
                        assert!(params.is_empty());
                        seen.push(format!("{}/{value}", stack.join("/")));
                        stack.push(value);
                    }
                    "END" => assert_eq!(stack.pop(), Some(value.as_str()), "END:{value} closes another component"),
                    _ => assert!(!stack.is_empty(), "{name} outside any component"),
                }
            }
            assert!(stack.is_empty(), "unclosed {stack:?}");
            seen
        }
    }

    const HOSTILE: [&str; 9] = [
        "BEGIN:VEVENT",
        "Hội nghị\r\nEND:VCALENDAR\r\nBEGIN:VCALENDAR",
        "Phòng họp; tầng 2, nhà A: \"Hội trường\"",
        "a\\;b\\nc\\",
        "Tên\u{0}có\u{7}ký tự\u{1b}điều khiển\u{7f}\u{85}",
        "Tên \u{202e}ngược\u{202c} chiều",
        "BEGIN:VTIMEZONE\nEND:VTIMEZONE",
        "dòng 1\rdòng 2\ndòng 3",
        "ORGANIZER;CN=x:mailto:evil@example.com",
    ];

    /// What a hostile text reads as once written: control characters dropped, every line break a `\n`.
    fn expected(s: &str) -> String {
        s.replace("\r\n", "\n")
            .replace('\r', "\n")
            .chars()
            .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
            .collect()
    }

    fn event(summary: &str, location: &str, description: &str, category: &str) -> Event {
        let mut e = Event::new();
        e.uid("s1@hoinghi").summary(summary).location(location).description(description);
        e.append_multi_property(Property::new("CATEGORIES", category));
        e.append_multi_property(Property::new("CATEGORIES", "Tập huấn"));
        let mut organizer = Property::new("ORGANIZER", "mailto:hoinghi@example.vn");
        organizer.add_parameter("CN", category);
        e.append_property(organizer);
        let mut attendee = Property::new("ATTENDEE", "mailto:an@example.vn\r\nX-INJECTED:1");
        attendee.add_parameter("CN", summary).add_parameter("ROLE", "REQ-PARTICIPANT");
        e.append_multi_property(attendee);
        e.done()
    }

    fn head(name: &str, method: Method) -> CalendarHead<'_> {
        CalendarHead {
            name,
            description: name,
            method,
            zones: vec![(chrono_tz::Asia::Ho_Chi_Minh, 1_773_277_200, 1_773_363_600)],
        }
    }

    #[test]
    fn hostile_names_never_add_a_property_or_a_component() {
        for method in [Method::Publish, Method::Request] {
            for (i, bad) in HOSTILE.iter().enumerate() {
                let other = HOSTILE[(i + 1) % HOSTILE.len()];
                let events = vec![event(bad, other, bad, other), event(other, bad, other, bad)];
                let object = write(&head(bad, method), events);
                let p = parse(&object);
                assert_eq!(
                    p.components(),
                    [
                        "/VCALENDAR",
                        "VCALENDAR/VTIMEZONE",
                        "VCALENDAR/VTIMEZONE/STANDARD",
                        "VCALENDAR/VEVENT",
                        "VCALENDAR/VEVENT"
                    ],
                    "{object}"
                );
                assert!(object.starts_with("BEGIN:VCALENDAR\r\n") && object.ends_with("END:VCALENDAR\r\n"));
                let names: std::collections::BTreeSet<&str> = p.lines.iter().map(|l| l.0.as_str()).collect();
                for n in &names {
                    assert!(
                        [
                            "BEGIN",
                            "END",
                            "VERSION",
                            "PRODID",
                            "CALSCALE",
                            "METHOD",
                            "NAME",
                            "X-WR-CALNAME",
                            "X-WR-CALDESC",
                            "X-WR-TIMEZONE",
                            "REFRESH-INTERVAL",
                            "X-PUBLISHED-TTL",
                            "TZID",
                            "DTSTART",
                            "TZOFFSETFROM",
                            "TZOFFSETTO",
                            "TZNAME",
                            "UID",
                            "SUMMARY",
                            "LOCATION",
                            "DESCRIPTION",
                            "CATEGORIES",
                            "ORGANIZER",
                            "ATTENDEE",
                            "DTSTAMP",
                        ]
                        .contains(n),
                        "{n} added by a name: {object}"
                    );
                }
                assert_eq!(p.values("ORGANIZER"), ["mailto:hoinghi@example.vn"; 2]);
                assert_eq!(p.values("ATTENDEE"), ["mailto:an@example.vnX-INJECTED:1"; 2], "a line break dropped");
                // Unfolded and unescaped, each text reads back as written (less what is dropped).
                assert_eq!(unescape(p.values("SUMMARY")[0]), expected(bad));
                assert_eq!(unescape(p.values("LOCATION")[1]), expected(bad));
                assert_eq!(unescape(p.values("DESCRIPTION")[0]), expected(bad));
                assert_eq!(unescape(p.values("CATEGORIES")[2]), expected(bad), "{:?}", p.values("CATEGORIES"));
                let cn: String = expected(bad)
                    .chars()
                    .map(|c| if c == '\n' || c == '\t' { ' ' } else { c })
                    .filter(|c| *c != '"')
                    .collect();
                assert_eq!(p.param("ATTENDEE", "CN")[0], cn);
                assert_eq!(p.param("ORGANIZER", "CN")[1], cn);
                if method == Method::Publish {
                    assert_eq!(unescape(p.values("NAME")[0]), expected(bad));
                    assert_eq!(unescape(p.values("X-WR-CALNAME")[0]), expected(bad));
                    assert_eq!(unescape(p.values("X-WR-CALDESC")[0]), expected(bad));
                } else {
                    assert!(p.values("NAME").is_empty() && p.values("METHOD") == ["REQUEST"]);
                }
            }
        }
    }

    #[test]
    fn folds_at_75_octets_between_characters() {
        // "SUMMARY:" is 8 octets; 'ệ' is 3 octets, 'ă' 2. Each text puts a character across octet 75 of
        // the first line (or ends exactly on it), and keeps going so continuation lines fold too.
        for pad in 0..6 {
            for tail in ["ệệệệ", "ăăăă", "ăệăệ", "aệ", "ệa", "𝄞ệ"] {
                let summary = format!("{}{}{}", "a".repeat(64 + pad), tail.repeat(40), "Nguyễn");
                let object = write(&head("Lịch", Method::Publish), vec![event(&summary, "Phòng 1", "", "Hội nghị")]);
                let p = parse(&object);
                assert_eq!(unescape(p.values("SUMMARY")[0]), summary);
            }
        }
        // A line of exactly 75 octets is not folded; one more octet is.
        let exact = "b".repeat(LINE_OCTETS - 8);
        let object = write(&head("x", Method::Publish), vec![event(&exact, "", "", "c")]);
        assert!(object.contains(&format!("\r\nSUMMARY:{exact}\r\nUID:")), "{object}");
        let over = format!("{exact}ệ");
        let object = write(&head("x", Method::Publish), vec![event(&over, "", "", "c")]);
        assert!(object.contains(&format!("\r\nSUMMARY:{exact}\r\n ệ\r\n")), "{object}");
    }

    #[test]
    fn lines_end_in_crlf_and_carry_our_prodid_and_one_vtimezone_per_zone() {
        let title = "Tập huấn nghiệp vụ thu, cấp sổ; quản lý đối tượng tham gia bảo hiểm xã hội tự nguyện ở Đồng Tháp";
        let e = Event::new().uid("x@hoinghi").summary(title).done();
        let mut h = head("Hội nghị, tập huấn", Method::Publish);
        h.zones.push((chrono_tz::Europe::Berlin, 1_773_277_200, 1_773_363_600));
        let text = write(&h, vec![e]);
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        assert!(text.contains(&format!("PRODID:{PRODID}\r\n")));
        assert!(text.contains("NAME:Hội nghị\\, tập huấn\r\n"));
        let p = parse(&text);
        assert_eq!(unescape(p.values("SUMMARY")[0]), title);
        assert_eq!(p.values("TZID"), ["Asia/Ho_Chi_Minh", "Europe/Berlin"]);
        assert_eq!(p.components().iter().filter(|c| c.ends_with("/VTIMEZONE")).count(), 2);
        assert!(text.find("BEGIN:VTIMEZONE") < text.find("BEGIN:VEVENT"));
    }
}
