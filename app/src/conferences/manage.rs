use super::fields::ConferenceFields;
use super::nav::ManageNav;
use super::new::agencies;
use crate::forms::{Form, Notice, TextField};
use crate::i18n::{tr, use_locale};
use crate::page::PageTitle;
use crate::page::{load, param};
use crate::ssr::{request, service};
use hoinghi_domain::AppError;
use hoinghi_domain::account::User;
use hoinghi_domain::conference::{Conference, ConferenceInput, ConferenceStatus};
use hoinghi_domain::time::date_range;
use leptos::prelude::*;

/// Everything the organizer page of one conference shows.
struct Managed {
    conference: Conference,
    organizers: Vec<User>,
    /// Whether the viewer may add and remove organizers (administrators).
    can_change_organizers: bool,
}

async fn managed(slug: &str) -> Result<Managed, AppError> {
    use crate::ssr::{request, service};
    let (svc, actor) = (service()?, request().actor);
    let conference = hoinghi_service::conferences::by_slug_for_organizer(&svc, &actor, slug).await?;
    let organizers = hoinghi_service::conferences::organizers(&svc, &actor, conference.id).await?;
    let can_change_organizers = hoinghi_service::conferences::may_change_organizers(&actor);
    Ok(Managed { conference, organizers, can_change_organizers })
}

fn parse_id(id: &str) -> Result<i64, AppError> {
    id.parse().map_err(|_| AppError::NotFound)
}

#[server(prefix = "/fn", endpoint = "conferences/update")]
pub async fn update_conference(id: String, #[server(flatten)] input: ConferenceInput) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    let id = parse_id(&id).map_err(fail)?;
    let c = hoinghi_service::conferences::update(&service()?, &request().actor, id, input).await.map_err(fail)?;
    redirect(&format!("/manage/c/{}/settings?done=notice-saved", c.slug));
    Ok(())
}

#[server(prefix = "/fn", endpoint = "conferences/publish")]
pub async fn publish_conference(id: i64) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    let c = hoinghi_service::conferences::publish(&service()?, &request().actor, id).await.map_err(fail)?;
    redirect(&format!("/manage/c/{}?done=notice-conference-published", c.slug));
    Ok(())
}

#[server(prefix = "/fn", endpoint = "conferences/close")]
pub async fn close_conference(id: i64, #[server(default)] confirm: Option<String>) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    // A closed conference takes no more registrations, check-ins or changes: the box must be ticked.
    crate::forms::require_confirmation(&confirm).map_err(fail)?;
    let c = hoinghi_service::conferences::close(&service()?, &request().actor, id).await.map_err(fail)?;
    redirect(&format!("/manage/c/{}?done=notice-conference-closed", c.slug));
    Ok(())
}

#[server(prefix = "/fn", endpoint = "conferences/organizers/add")]
pub async fn add_organizer(id: i64, slug: String, email: String) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    hoinghi_service::conferences::add_organizer(&service()?, &request().actor, id, &email).await.map_err(fail)?;
    redirect(&format!("/manage/c/{slug}/settings?done=notice-saved"));
    Ok(())
}

#[server(prefix = "/fn", endpoint = "conferences/organizers/remove")]
pub async fn remove_organizer(id: i64, slug: String, user_id: i64) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    hoinghi_service::conferences::remove_organizer(&service()?, &request().actor, id, user_id).await.map_err(fail)?;
    redirect(&format!("/manage/c/{slug}/settings?done=notice-saved"));
    Ok(())
}

#[component]
pub fn Dashboard() -> impl IntoView {
    let locale = use_locale();
    view! {
        <PageTitle text=tr("dashboard-title")/>
        {load(async move {
            let items = hoinghi_service::conferences::list_for_organizer(&service()?, &request().actor).await?;
            Ok(view! {
                <div class="title-row">
                    <h1>{tr("dashboard-title")}</h1>
                    <a class="button primary" href="/manage/new">{tr("dashboard-new")}</a>
                </div>
                <Notice/>
                {if items.is_empty() {
                    view! { <p class="empty">{tr("dashboard-empty")}</p> }.into_any()
                } else {
                    view! {
                        <table class="list">
                            <thead><tr>
                                <th>{tr("conference-title")}</th>
                                <th>{tr("conference-dates")}</th>
                                <th>{tr("conference-status")}</th>
                            </tr></thead>
                            <tbody>
                                {items.into_iter().map(|c| view! {
                                    <tr>
                                        <td><a href=format!("/manage/c/{}", c.slug)>{c.title}</a></td>
                                        <td>{date_range(locale, c.starts_on, c.ends_on)}</td>
                                        <td><span class=format!("badge status-{}", c.status.as_str())>{tr(c.status.label_key())}</span></td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                }}
            })
        })}
    }
}

/// `/manage/c/:slug/settings`: the conference's details and its organizers.
#[component]
pub fn ManageConference() -> impl IntoView {
    let slug = param("slug");
    let update = ServerAction::<UpdateConference>::new();
    let add = ServerAction::<AddOrganizer>::new();
    let remove = ServerAction::<RemoveOrganizer>::new();
    load(async move {
        let Managed { conference: c, organizers, can_change_organizers } = managed(&slug).await?;
        let agencies = agencies().await.unwrap_or_default();
        let values = ConferenceInput::from(&c);
        let (id, slug) = (c.id, c.slug.clone());
        let frozen = c.status == ConferenceStatus::Closed;
        Ok(view! {
            <PageTitle text=format!("{} · {}", tr("manage-tab-settings"), c.title)/>
            <ManageNav slug=c.slug.clone() title=c.title.clone() current="settings"/>
            <h1>{tr("conference-edit-title")}</h1>
            <Notice/>
            {if frozen {
                view! { <p class="help">{tr("conference-closed-help")}</p> }.into_any()
            } else {
                view! {
                    <Form action=update submit=tr("conference-save") class="stack">
                        <input type="hidden" name="id" value=id/>
                        <ConferenceFields values=values agencies=agencies/>
                    </Form>
                }.into_any()
            }}
            <h2>{tr("conference-organizers")}</h2>
            <ul>
                {organizers.into_iter().map(|u| {
                    let row_slug = slug.clone();
                    let remove_form = can_change_organizers.then(|| view! {
                        <Form action=remove class="inline-block">
                            <input type="hidden" name="id" value=id/>
                            <input type="hidden" name="slug" value=row_slug.clone()/>
                            <input type="hidden" name="user_id" value=u.id/>
                            <button type="submit">{tr("conference-remove-organizer")}</button>
                        </Form>
                    });
                    view! { <li>{u.display_name}" · "{u.email}{remove_form}</li> }
                }).collect_view()}
            </ul>
            // Only administrators give or take the organizer role.
            {if can_change_organizers {
                view! {
                    <Form action=add submit=tr("conference-add-organizer-button") class="stack">
                        <input type="hidden" name="id" value=id/>
                        <input type="hidden" name="slug" value=slug/>
                        <TextField name="email" label=tr("conference-add-organizer") kind="email" required=true max_len=254/>
                    </Form>
                }.into_any()
            } else {
                view! { <p class="help">{tr("conference-organizers-help")}</p> }.into_any()
            }}
        })
    })
}
