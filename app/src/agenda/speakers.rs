//! Public speakers: everyone with a role in the published agenda, in Vietnamese order.

use super::time_range;
use crate::calendar::SubscribeMenu;
use crate::conferences::ConferenceNav;
use crate::i18n::tr;
use crate::i18n::use_locale;
use crate::page::PageTitle;
use crate::page::{id_param, load, param};
use crate::ssr::service;
use hoinghi_domain::agenda::PublishedPerson;
use hoinghi_domain::people::ConferenceSpeakers;
use hoinghi_domain::time::long_date;
use leptos::prelude::*;

/// The photo, or the initial of the given name in a circle.
#[component]
fn Portrait(person: PublishedPerson) -> impl IntoView {
    match person.photo_url {
        Some(url) => view! { <img class="portrait" src=url alt="" width="96" height="96" loading="lazy"/> }.into_any(),
        None => {
            let initial: String =
                person.name.given.chars().next().map(|c| c.to_uppercase().collect()).unwrap_or_default();
            view! { <span class="portrait initial" aria-hidden="true">{initial}</span> }.into_any()
        }
    }
}

#[component]
pub fn SpeakersPage() -> impl IntoView {
    let slug = param("slug");
    load(async move {
        let ConferenceSpeakers { conference: c, speakers } =
            hoinghi_service::agenda::speakers(&service()?, &slug).await?;
        Ok(view! {
            <PageTitle text=format!("{} · {}", tr("speakers-title"), c.title)/>
            <ConferenceNav slug=c.slug.clone() title=c.title.clone() current="speakers"/>
            <h1>{tr("speakers-title")}</h1>
            {speakers.is_empty().then(|| view! { <p class="empty">{tr("speakers-empty")}</p> })}
            <ul class="speakers">
                {speakers.into_iter().map(|s| view! {
                    <li class="speaker-card">
                        <Portrait person=s.person.clone()/>
                        <div>
                            <h2><a href=format!("/c/{}/speakers/{}", c.slug, s.person.id)>{s.person.name.display()}</a></h2>
                            <p class="position">{s.person.position_title.clone()}</p>
                        </div>
                    </li>
                }).collect_view()}
            </ul>
        })
    })
}

#[component]
pub fn SpeakerPage() -> impl IntoView {
    let (slug, id) = (param("slug"), id_param("id"));
    load(async move {
        let (c, s) = hoinghi_service::agenda::speaker(&service()?, &slug, id?).await?;
        let locale = use_locale();
        Ok(view! {
            <PageTitle text=s.person.name.display()/>
            <ConferenceNav slug=c.slug.clone() title=c.title.clone() current="speakers"/>
            <article class="speaker">
                <Portrait person=s.person.clone()/>
                <h1>{s.person.name.display()}</h1>
                <p class="position">{s.person.position_title.clone()}</p>
                {(!s.person.organization.is_empty() && s.person.organization != s.person.position_title).then(|| view! { <p class="organization">{s.person.organization.clone()}</p> })}
                {(!s.person.biography.is_empty()).then(|| view! {
                    <div class="biography">{s.person.biography.split("\n\n").map(|p| view! { <p>{p.to_string()}</p> }).collect_view()}</div>
                })}
                <h2>{tr("speaker-sessions")}</h2>
                <SubscribeMenu
                    path=format!("/c/{}/speakers/{}/calendar.ics", c.slug, s.person.id)
                    name=format!("{} · {}", c.title, s.person.name.display())/>
                <ul>
                    {s.sessions.iter().map(|x| view! {
                        <li class:cancelled=x.cancelled>
                            <a href=format!("/c/{}/sessions/{}", c.slug, x.uid)>{x.title.clone()}</a>
                            " · "{tr(x.role.label_key())}" · "{long_date(locale, x.day)}", "{time_range(x.start, x.end)}
                            {x.cancelled.then(|| view! { " " <strong class="badge cancelled">{tr("session-cancelled")}</strong> })}
                        </li>
                    }).collect_view()}
                </ul>
            </article>
        })
    })
}
