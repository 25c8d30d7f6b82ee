//! Calendar links on the pages: subscribe to a feed (webcal://, Google, Outlook, download) and add one
//! session. They are plain links in a `<details>`, so they work without JavaScript.

use crate::i18n::tr;
use hoinghi_domain::calendar::{event_links, subscribe_links};
use leptos::prelude::*;

/// The site's public address (`https://host`), decided on the server and shared with the browser, so the
/// absolute feed addresses are the same in both renderings.
#[derive(Clone, Debug, Default)]
pub struct SiteUrl(pub String);

pub fn site_url() -> String {
    use_context::<SiteUrl>().map(|s| s.0).unwrap_or_default()
}

/// Subscribe links for the feed at `path` (site-relative, e.g. `/c/hoi-nghi/calendar.ics`) or at an
/// absolute address.
#[component]
pub fn SubscribeMenu(path: String, name: String, #[prop(optional, into)] label: Option<String>) -> impl IntoView {
    let absolute = if path.starts_with("http") { path.clone() } else { format!("{}{}", site_url(), path) };
    let links = subscribe_links(&absolute, &name);
    view! {
        <details class="calendar-links">
            <summary>{label.unwrap_or_else(|| tr("calendar-subscribe"))}</summary>
            <p class="help">{tr("calendar-subscribe-help")}</p>
            <ul>
                <li><a href=links.webcal.clone()>{tr("calendar-webcal")}</a></li>
                <li><a href=links.google.clone() rel="noopener noreferrer" target="_blank">{tr("calendar-google")}</a></li>
                <li><a href=links.outlook.clone() rel="noopener noreferrer" target="_blank">{tr("calendar-outlook")}</a></li>
                <li><a href=absolute.clone() download="">{tr("calendar-download")}</a></li>
            </ul>
            <label class="calendar-url">{tr("calendar-copy-url")}" "<input type="url" readonly value=links.https.clone()/></label>
        </details>
    }
}

/// "Add to Google / Outlook" for one session, and its .ics file.
#[component]
pub fn AddSessionMenu(
    ics_path: String,
    title: String,
    starts_at: i64,
    ends_at: i64,
    location: String,
    page_path: String,
) -> impl IntoView {
    let details = format!("{}{}", site_url(), page_path);
    let links = event_links(&title, starts_at, ends_at, &details, &location);
    view! {
        <details class="calendar-links">
            <summary>{tr("calendar-subscribe")}</summary>
            <ul>
                <li><a href=ics_path download="">{tr("calendar-download")}</a></li>
                <li><a href=links.google rel="noopener noreferrer" target="_blank">{tr("calendar-add-google")}</a></li>
                <li><a href=links.outlook rel="noopener noreferrer" target="_blank">{tr("calendar-add-outlook")}</a></li>
            </ul>
        </details>
    }
}
