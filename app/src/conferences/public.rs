use super::nav::ConferenceNav;
use crate::calendar::SubscribeMenu;
use crate::forms::Notice;
use crate::i18n::{tr, tr_args, use_locale};
use crate::page::PageTitle;
use crate::page::{load, param};
use crate::ssr::service;
use hoinghi_domain::AppError;
use hoinghi_domain::conference::Conference;
use hoinghi_domain::registration::PublicRegistrationState;
use hoinghi_domain::time::date_range;
use leptos::prelude::*;
use leptos_meta::Meta;

/// Published conferences, upcoming (soonest first) and past.
struct HomeData {
    pub upcoming: Vec<Conference>,
    pub past: Vec<Conference>,
}

async fn list_public_conferences() -> Result<HomeData, AppError> {
    let all = hoinghi_service::conferences::list_public(&service()?).await?;
    let today = chrono::Utc::now().date_naive();
    let (mut upcoming, past): (Vec<_>, Vec<_>) = all.into_iter().partition(|c| c.ends_on >= today);
    upcoming.reverse(); // soonest first
    Ok(HomeData { upcoming, past })
}

#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <PageTitle text=tr("home-title")/>
        <Notice/>
        <h1>{tr("home-title")}</h1>
        {load(async move {
            let HomeData { upcoming, past } = list_public_conferences().await?;
            Ok(if upcoming.is_empty() && past.is_empty() {
                view! { <p class="empty">{tr("home-empty")}</p> }.into_any()
            } else {
                view! {
                    <ConferenceList title=tr("home-upcoming") items=upcoming/>
                    <ConferenceList title=tr("home-past") items=past/>
                }
                .into_any()
            })
        })}
    }
}

#[component]
fn ConferenceList(title: String, items: Vec<Conference>) -> impl IntoView {
    let locale = use_locale();
    (!items.is_empty()).then(|| view! {
        <section class="conference-list">
            <h2>{title}</h2>
            <ul class="cards">
                {items.into_iter().map(|c| view! {
                    <li class="card">
                        <h3><a href=format!("/c/{}", c.slug)>{c.title.clone()}</a></h3>
                        <p class="meta">
                            <span class="badge">{tr(c.kind.label_key())}</span>
                            " "
                            <time datetime=c.starts_on.to_string()>{date_range(locale, c.starts_on, c.ends_on)}</time>
                            {(!c.venue_name.is_empty()).then(|| format!(" · {}", c.venue_name))}
                        </p>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    })
}

#[component]
pub fn ConferencePage() -> impl IntoView {
    let slug = param("slug");
    load(async move {
        let svc = service()?;
        let c = hoinghi_service::conferences::by_slug_public(&svc, &slug).await?;
        let state = hoinghi_service::registration::public_state(&svc, &slug).await?;
        Ok(view! { <ConferenceView conference=c state=state/> })
    })
}

/// The call to register, with the seats left (or the waiting list), while registration is open.
#[component]
fn RegisterCall(slug: String, state: PublicRegistrationState) -> impl IntoView {
    state.open.then(|| {
        let left = state.capacity.map(|cap| cap - state.confirmed);
        let line = match left {
            Some(n) if n > 0 => tr_args("conference-seats-left", &[("count", n.into())]),
            Some(_) => tr("conference-seats-full"),
            None => String::new(),
        };
        view! {
            <section class="register-call" aria-label=tr("conference-tab-register")>
                <a class="button primary big" href=format!("/c/{slug}/register")>{tr("conference-register")}</a>
                {(!line.is_empty()).then(|| view! { <p class="seats">{line}</p> })}
            </section>
        }
    })
}

#[component]
fn ConferenceView(conference: Conference, state: PublicRegistrationState) -> impl IntoView {
    let locale = use_locale();
    let c = conference;
    let summary: String = c.description.lines().next().unwrap_or_default().chars().take(200).collect();
    let seats = match c.capacity {
        Some(n) => tr_args("conference-seats", &[("count", n.into())]),
        None => tr("conference-no-limit"),
    };
    view! {
        <PageTitle text=c.title.clone()/>
        <Meta name="description" content=summary/>
        <ConferenceNav slug=c.slug.clone() title=c.title.clone() current="about"/>
        <article class="conference">
            <header class="conference-head">
                <p class="kicker">
                    <span class="badge">{tr(c.kind.label_key())}</span>
                    {(c.status == hoinghi_domain::conference::ConferenceStatus::Closed)
                        .then(|| view! { " " <span class="badge muted">{tr("conference-status-closed")}</span> })}
                </p>
                <h1>{c.title.clone()}</h1>
                {c.agency.as_ref().map(|a| view! { <p class="organizer">{a.name.clone()}</p> })}
            </header>
            <RegisterCall slug=c.slug.clone() state=state/>
            <section class="details" aria-label=tr("conference-page-details")>
                <dl>
                    <dt>{tr("conference-dates")}</dt>
                    <dd><time datetime=c.starts_on.to_string()>{date_range(locale, c.starts_on, c.ends_on)}</time></dd>
                    <dt>{tr("conference-venue")}</dt>
                    <dd>
                        {c.venue_name.clone()}
                        {(!c.venue_address.is_empty() && c.venue_address != c.venue_name).then(|| view! { <br/>{c.venue_address.clone()} })}
                    </dd>
                    <dt>{tr("conference-capacity")}</dt>
                    <dd>{seats}</dd>
                </dl>
                <SubscribeMenu path=format!("/c/{}/calendar.ics", c.slug) name=c.title.clone()/>
            </section>
            {(!c.description.is_empty()).then(|| view! {
                <section class="about">
                    <h2>{tr("conference-page-about")}</h2>
                    {c.description.split("\n\n").map(|p| view! { <p>{p.to_string()}</p> }).collect_view()}
                </section>
            })}
        </article>
    }
}
