use super::nav::ConferenceNav;
use crate::calendar::SubscribeMenu;
use crate::errors::ErrorView;
use crate::forms::Notice;
use crate::i18n::{tr, tr_args, use_locale};
use hoinghi_domain::AppError;
use hoinghi_domain::conference::Conference;
use hoinghi_domain::time::date_range;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

/// Published conferences, split by the server's date so browser and server agree.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct HomeData {
    pub upcoming: Vec<Conference>,
    pub past: Vec<Conference>,
}

#[server(prefix = "/fn", endpoint = "conferences/public", input = GetUrl)]
pub async fn list_public_conferences() -> Result<HomeData, AppError> {
    use crate::ssr::{fail, service};
    let all = hoinghi_service::conferences::list_public(&service()?).await.map_err(fail)?;
    let today = chrono::Utc::now().date_naive();
    let (mut upcoming, past): (Vec<_>, Vec<_>) = all.into_iter().partition(|c| c.ends_on >= today);
    upcoming.reverse(); // soonest first
    Ok(HomeData { upcoming, past })
}

#[server(prefix = "/fn", endpoint = "conferences/public/get", input = GetUrl)]
pub async fn get_public_conference(slug: String) -> Result<Conference, AppError> {
    use crate::ssr::{fail, service};
    hoinghi_service::conferences::by_slug_public(&service()?, &slug).await.map_err(fail)
}

#[component]
pub fn HomePage() -> impl IntoView {
    let data = Resource::new(|| (), |_| list_public_conferences());
    view! {
        <Title text=tr("home-title")/>
        <Notice/>
        <h1>{tr("home-title")}</h1>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    Ok(HomeData { upcoming, past }) if upcoming.is_empty() && past.is_empty() => {
                        view! { <p class="empty">{tr("home-empty")}</p> }.into_any()
                    }
                    Ok(HomeData { upcoming, past }) => view! {
                        <ConferenceList title=tr("home-upcoming") items=upcoming/>
                        <ConferenceList title=tr("home-past") items=past/>
                    }.into_any(),
                }
            })}
        </Suspense>
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
    let params = use_params_map();
    let slug = move || params.with(|p| p.get("slug").unwrap_or_default());
    let data = Resource::new(slug, get_public_conference);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    Ok(c) => view! { <ConferenceView conference=c/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ConferenceView(conference: Conference) -> impl IntoView {
    let locale = use_locale();
    let c = conference;
    let summary: String = c.description.lines().next().unwrap_or_default().chars().take(200).collect();
    let seats = match c.capacity {
        Some(n) => tr_args("conference-seats", &[("count", n.into())]),
        None => tr("conference-no-limit"),
    };
    view! {
        <Title text=c.title.clone()/>
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
