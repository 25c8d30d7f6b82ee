//! Navigation within one conference: the organizers' tabs and the public ones.

use crate::i18n::tr;
use leptos::prelude::*;

fn tab(href: String, label: String, here: bool) -> impl IntoView {
    view! { <a href=href aria-current=here.then_some("page") class:current=here>{label}</a> }
}

/// The organizers' tabs; `current` is the key of the page shown.
#[component]
pub fn ManageNav(#[prop(into)] slug: String, #[prop(into)] title: String, current: &'static str) -> impl IntoView {
    let base = format!("/manage/c/{slug}");
    let tabs = [
        ("overview", base.clone(), "manage-tab-overview"),
        ("settings", format!("{base}/settings"), "manage-tab-settings"),
        ("agenda", format!("{base}/agenda"), "manage-tab-agenda"),
        ("rooms", format!("{base}/rooms"), "manage-tab-rooms"),
        ("people", format!("{base}/people"), "manage-tab-people"),
        ("versions", format!("{base}/versions"), "manage-tab-versions"),
        ("registrations", format!("{base}/registrations"), "manage-tab-registrations"),
        ("registration-settings", format!("{base}/registration-settings"), "manage-tab-registration-settings"),
        ("checkin", format!("{base}/checkin"), "manage-tab-checkin"),
        ("outbox", format!("{base}/outbox"), "manage-tab-outbox"),
        ("feedback", format!("{base}/feedback"), "manage-tab-feedback"),
        ("recommendations", format!("{base}/recommendations"), "manage-tab-recommendations"),
        ("minutes", format!("{base}/minutes"), "manage-tab-minutes"),
        ("correspondence", format!("{base}/correspondence"), "manage-tab-correspondence"),
    ];
    view! {
        <p class="breadcrumb"><a href="/manage">{tr("nav-dashboard")}</a>" › "{title.clone()}</p>
        <nav class="tabs" aria-label=title>
            {tabs.into_iter().map(|(key, href, label)| tab(href, tr(label), key == current)).collect_view()}
        </nav>
    }
}

/// The public tabs of a conference.
#[component]
pub fn ConferenceNav(#[prop(into)] slug: String, #[prop(into)] title: String, current: &'static str) -> impl IntoView {
    let base = format!("/c/{slug}");
    let tabs = [
        ("about", base.clone(), "conference-tab-about"),
        ("agenda", format!("{base}/agenda"), "conference-tab-agenda"),
        ("speakers", format!("{base}/speakers"), "conference-tab-speakers"),
        ("register", format!("{base}/register"), "conference-tab-register"),
    ];
    let heading =
        (current != "about").then(|| view! { <p class="conference-name"><a href=base.clone()>{title.clone()}</a></p> });
    view! {
        {heading}
        <nav class="tabs" aria-label=title>
            {tabs.into_iter().map(|(key, href, label)| tab(href, tr(label), key == current)).collect_view()}
        </nav>
    }
}
