//! Links that put the agenda in people's calendars: subscriptions to a feed (webcal://, Google, Outlook)
//! and "add this one session" links. Pure string building, shared by server rendering and the browser.

/// Percent-encodes everything but the unreserved characters (RFC 3986), byte by byte of the UTF-8.
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Ways to subscribe to one feed, given its absolute `https://` (or `http://`) address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubscribeLinks {
    /// The feed itself (download, or paste into any calendar app).
    pub https: String,
    /// Apple Calendar, Thunderbird, Outlook for Windows open this as a subscription.
    pub webcal: String,
    pub google: String,
    pub outlook: String,
}

pub fn subscribe_links(feed_url: &str, name: &str) -> SubscribeLinks {
    let webcal = match feed_url.split_once("://") {
        Some((_, rest)) => format!("webcal://{rest}"),
        None => feed_url.to_string(),
    };
    SubscribeLinks {
        https: feed_url.to_string(),
        // Google subscribes to webcal:// addresses given as `cid`; it fetches them over HTTPS.
        google: format!("https://calendar.google.com/calendar/r?cid={}", encode_component(&webcal)),
        outlook: format!(
            "https://outlook.live.com/calendar/0/addfromweb?url={}&name={}",
            encode_component(feed_url),
            encode_component(name)
        ),
        webcal,
    }
}

/// "Add to my calendar" links for one event. Times are UTC instants (Unix seconds).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventLinks {
    pub google: String,
    pub outlook: String,
}

fn utc_compact(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0).map(|t| t.format("%Y%m%dT%H%M%SZ").to_string()).unwrap_or_default()
}

fn utc_iso(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0).map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string()).unwrap_or_default()
}

pub fn event_links(title: &str, starts_at: i64, ends_at: i64, details: &str, location: &str) -> EventLinks {
    EventLinks {
        google: format!(
            "https://calendar.google.com/calendar/render?action=TEMPLATE&text={}&dates={}/{}&details={}&location={}",
            encode_component(title),
            utc_compact(starts_at),
            utc_compact(ends_at),
            encode_component(details),
            encode_component(location)
        ),
        outlook: format!(
            "https://outlook.live.com/calendar/0/deeplink/compose?path=%2Fcalendar%2Faction%2Fcompose&rru=addevent&subject={}&startdt={}&enddt={}&body={}&location={}",
            encode_component(title),
            encode_component(&utc_iso(starts_at)),
            encode_component(&utc_iso(ends_at)),
            encode_component(details),
            encode_component(location)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subscriptions_point_at_the_same_feed() {
        let l = subscribe_links("https://hn.example.vn/c/hoi-nghi/calendar.ics", "Hội nghị & tập huấn");
        assert_eq!(l.webcal, "webcal://hn.example.vn/c/hoi-nghi/calendar.ics");
        assert!(l.google.ends_with("cid=webcal%3A%2F%2Fhn.example.vn%2Fc%2Fhoi-nghi%2Fcalendar.ics"));
        assert!(l.outlook.contains("url=https%3A%2F%2Fhn.example.vn"));
        assert!(l.outlook.ends_with("name=H%E1%BB%99i%20ngh%E1%BB%8B%20%26%20t%E1%BA%ADp%20hu%E1%BA%A5n"));
    }

    #[test]
    fn event_links_carry_utc_times() {
        // 2026-03-12 08:00 in Hồ Chí Minh City is 01:00 UTC.
        let l = event_links("Khai mạc", 1_773_277_200, 1_773_279_000, "", "Hội trường A");
        assert!(l.google.contains("dates=20260312T010000Z/20260312T013000Z"), "{}", l.google);
        assert!(l.outlook.contains("startdt=2026-03-12T01%3A00%3A00Z"), "{}", l.outlook);
    }
}
