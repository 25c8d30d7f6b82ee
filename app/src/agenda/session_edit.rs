//! Creating and editing a session: its fields, the people in it, its materials, and moving,
//! duplicating or deleting it.

use crate::conferences::ManageNav;
use crate::forms::{CheckboxField, ConfirmBox, Echo, Form, Notice, SelectField, TextArea, TextField, csrf_token};
use crate::i18n::{tr, use_locale};
use crate::page::PageTitle;
use crate::page::{id_param, load, param, query};
use chrono::NaiveDate;
use hoinghi_domain::AppError;
use hoinghi_domain::agenda::{Room, Session, SessionInput, SessionKind, Track, limits};
use hoinghi_domain::conference::Conference;
use hoinghi_domain::people::{Person, PersonRole};
use hoinghi_domain::time::day_heading;
use leptos::prelude::*;

struct SessionEditorData {
    conference: Conference,
    days: Vec<NaiveDate>,
    rooms: Vec<Room>,
    tracks: Vec<Track>,
    people: Vec<Person>,
    /// The session being edited; none for a new one.
    session: Option<Session>,
}

async fn session_editor(slug: &str, id: Option<i64>) -> Result<SessionEditorData, AppError> {
    use crate::ssr::{request, service};
    let (svc, actor) = (service()?, request().actor);
    let conference = hoinghi_service::conferences::by_slug_for_organizer(&svc, &actor, slug).await?;
    let draft = hoinghi_service::agenda::draft(&svc, &actor, conference.id).await?;
    let people = hoinghi_service::people::list(&svc, &actor, conference.id).await?;
    let session = match id {
        Some(id) => Some(draft.sessions.iter().find(|s| s.id == id).cloned().ok_or(AppError::NotFound)?),
        None => None,
    };
    Ok(SessionEditorData { conference, days: draft.days, rooms: draft.rooms, tracks: draft.tracks, people, session })
}

fn number(v: &str) -> Result<i64, AppError> {
    v.trim().parse().map_err(|_| AppError::NotFound)
}

#[server(prefix = "/fn", endpoint = "agenda/session/create")]
pub async fn create_session(
    conference_id: String,
    slug: String,
    #[server(flatten)] input: SessionInput,
) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    let id = number(&conference_id).map_err(fail)?;
    let s = hoinghi_service::agenda::create(&service()?, &request().actor, id, input).await.map_err(fail)?;
    redirect(&format!("/manage/c/{slug}/sessions/{}?done=notice-session-created", s.id));
    Ok(())
}

#[server(prefix = "/fn", endpoint = "agenda/session/update")]
pub async fn update_session(id: String, slug: String, #[server(flatten)] input: SessionInput) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    let id = number(&id).map_err(fail)?;
    hoinghi_service::agenda::update(&service()?, &request().actor, id, input).await.map_err(fail)?;
    redirect(&format!("/manage/c/{slug}/sessions/{id}?done=notice-saved"));
    Ok(())
}

#[server(prefix = "/fn", endpoint = "agenda/session/move")]
pub async fn move_session(
    id: i64,
    slug: String,
    day: String,
    start: String,
    #[server(default)] room_id: String,
    #[server(default)] back: String,
) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    hoinghi_service::agenda::move_to(&service()?, &request().actor, id, &day, &start, &room_id).await.map_err(fail)?;
    // From the agenda grid, back to the grid at the session.
    if back == "agenda" {
        redirect(&format!("/manage/c/{slug}/agenda?done=notice-session-moved#s-{id}"));
    } else {
        redirect(&format!("/manage/c/{slug}/sessions/{id}?done=notice-saved"));
    }
    Ok(())
}

#[server(prefix = "/fn", endpoint = "agenda/session/duplicate")]
pub async fn duplicate_session(id: i64, slug: String) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    let copy = hoinghi_service::agenda::duplicate(&service()?, &request().actor, id).await.map_err(fail)?;
    redirect(&format!("/manage/c/{slug}/sessions/{}?done=notice-session-duplicated", copy.id));
    Ok(())
}

#[server(prefix = "/fn", endpoint = "agenda/session/delete")]
pub async fn delete_session(id: i64, slug: String, #[server(default)] confirm: Option<String>) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    crate::forms::require_confirmation(&confirm).map_err(fail)?;
    hoinghi_service::agenda::delete(&service()?, &request().actor, id).await.map_err(fail)?;
    redirect(&format!("/manage/c/{slug}/agenda?done=notice-session-deleted"));
    Ok(())
}

#[server(prefix = "/fn", endpoint = "agenda/session/person/add")]
pub async fn add_session_person(
    id: i64,
    slug: String,
    #[server(default)] person_id: String,
    #[server(default)] role: String,
) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    hoinghi_service::agenda::add_person(&service()?, &request().actor, id, &person_id, &role).await.map_err(fail)?;
    redirect(&format!("/manage/c/{slug}/sessions/{id}?done=notice-saved"));
    Ok(())
}

#[server(prefix = "/fn", endpoint = "agenda/session/person/remove")]
pub async fn remove_session_person(id: i64, slug: String, person_id: i64, role: String) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    hoinghi_service::agenda::remove_person(&service()?, &request().actor, id, person_id, &role).await.map_err(fail)?;
    redirect(&format!("/manage/c/{slug}/sessions/{id}?done=notice-saved"));
    Ok(())
}

#[server(prefix = "/fn", endpoint = "agenda/session/link/add")]
pub async fn add_material_link(id: i64, slug: String, title: String, url: String) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    hoinghi_service::agenda::add_link(&service()?, &request().actor, id, &title, &url).await.map_err(fail)?;
    redirect(&format!("/manage/c/{slug}/sessions/{id}?done=notice-saved"));
    Ok(())
}

#[server(prefix = "/fn", endpoint = "agenda/session/material/remove")]
pub async fn remove_material(id: i64, slug: String, material_id: i64) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    hoinghi_service::agenda::remove_material(&service()?, &request().actor, id, material_id).await.map_err(fail)?;
    redirect(&format!("/manage/c/{slug}/sessions/{id}?done=notice-saved"));
    Ok(())
}

/// The fields of a session, shared by the create and edit forms.
#[component]
fn SessionFields(values: SessionInput, days: Vec<NaiveDate>, rooms: Vec<Room>, tracks: Vec<Track>) -> impl IntoView {
    let locale = use_locale();
    let kinds: Vec<(String, String)> =
        SessionKind::ALL.iter().map(|k| (k.as_str().to_string(), tr(k.label_key()))).collect();
    let day_options: Vec<(String, String)> = days.iter().map(|d| (d.to_string(), day_heading(locale, *d))).collect();
    let mut room_options = vec![(String::new(), tr("agenda-no-room"))];
    room_options.extend(rooms.iter().map(|r| (r.id.to_string(), r.name.clone())));
    let mut track_options = vec![(String::new(), tr("agenda-no-track"))];
    track_options.extend(tracks.iter().map(|t| (t.id.to_string(), t.name.clone())));
    let kind = if values.kind.is_empty() { SessionKind::default().as_str().to_string() } else { values.kind.clone() };
    view! {
        <TextField name="title" label=tr("session-title") value=values.title required=true max_len=limits::TITLE/>
        <SelectField name="kind" label=tr("session-kind") options=kinds value=kind/>
        <SelectField name="day" label=tr("session-day") options=day_options value=values.day required=true/>
        <div class="row">
            <TextField name="start" label=tr("session-start") kind="time" value=values.start required=true/>
            <TextField name="end" label=tr("session-end") kind="time" value=values.end required=true/>
        </div>
        <div class="row">
            <SelectField name="room_id" label=tr("session-room") options=room_options value=values.room_id/>
            <SelectField name="track_id" label=tr("session-track") options=track_options value=values.track_id/>
        </div>
        <TextField name="capacity" label=tr("session-capacity") kind="number" value=values.capacity help=tr("session-capacity-help")/>
        <CheckboxField name="plenary" label=tr("session-plenary") checked=values.plenary == "true" help=tr("session-plenary-help")/>
        <CheckboxField name="cancelled" label=tr("session-cancelled-flag") checked=values.cancelled == "true" help=tr("session-cancelled-help")/>
        <TextArea name="description" label=tr("session-description") value=values.description max_len=limits::DESCRIPTION rows=5/>
    }
}

#[component]
pub fn NewSession() -> impl IntoView {
    let slug = param("slug");
    let day = query("day");
    let create = ServerAction::<CreateSession>::new();
    load(async move {
        let d = session_editor(&slug, None).await?;
        let values = SessionInput {
            day: day.or_else(|| d.days.first().map(|x| x.to_string())).unwrap_or_default(),
            start: "08:00".into(),
            end: "09:00".into(),
            ..Default::default()
        };
        Ok(view! {
            <PageTitle text=tr("session-new-title")/>
            <ManageNav slug=d.conference.slug.clone() title=d.conference.title.clone() current="agenda"/>
            <h1>{tr("session-new-title")}</h1>
            <Form action=create submit=tr("session-create") class="stack">
                <input type="hidden" name="conference_id" value=d.conference.id/>
                <input type="hidden" name="slug" value=d.conference.slug.clone()/>
                <SessionFields values=values days=d.days rooms=d.rooms tracks=d.tracks/>
            </Form>
        })
    })
}

#[component]
pub fn EditSession() -> impl IntoView {
    let (slug, id) = (param("slug"), id_param("id"));
    let update = ServerAction::<UpdateSession>::new();
    let moved = ServerAction::<MoveSession>::new();
    let duplicate = ServerAction::<DuplicateSession>::new();
    let delete = ServerAction::<DeleteSession>::new();
    let add_person = ServerAction::<AddSessionPerson>::new();
    let remove_person = ServerAction::<RemoveSessionPerson>::new();
    let add_link = ServerAction::<AddMaterialLink>::new();
    let remove_material = ServerAction::<RemoveMaterial>::new();
    load(async move {
        let SessionEditorData { conference: c, days, rooms, tracks, people, session } =
            session_editor(&slug, Some(id?)).await?;
        let s = session.ok_or(AppError::NotFound)?;
        let slug = StoredValue::new(c.slug.clone());
        let values = SessionInput::from(&s);
        let role_options: Vec<(String, String)> =
            PersonRole::ALL.iter().map(|r| (r.as_str().to_string(), tr(r.label_key()))).collect();
        let mut person_options = vec![(String::new(), tr("session-choose-person"))];
        // Two people of one name are told apart by position and unit.
        person_options.extend(people.iter().map(|p| {
            let who = crate::registration::who_line(&p.position_title, &p.organization);
            (p.id.to_string(), if who.is_empty() { p.name.display() } else { format!("{} · {who}", p.name.display()) })
        }));
        let room_options: Vec<(String, String)> = std::iter::once((String::new(), tr("agenda-no-room")))
            .chain(rooms.iter().map(|r| (r.id.to_string(), r.name.clone())))
            .collect();
        let locale = use_locale();
        let day_options: Vec<(String, String)> =
            days.iter().map(|d| (d.to_string(), day_heading(locale, *d))).collect();
        let upload_action = format!("/manage/c/{}/sessions/{}/materials", slug.get_value(), s.id);
        Ok(view! {
            <PageTitle text=s.title.clone()/>
            <ManageNav slug=slug.get_value() title=c.title.clone() current="agenda"/>
            <Notice/>
            <h1>{s.title.clone()}</h1>
            <p class="help">{tr("session-uid")}": "<code>{s.uid.clone()}</code></p>
            <Form action=update submit=tr("action-save") class="stack">
                <input type="hidden" name="id" value=s.id/>
                <input type="hidden" name="slug" value=slug.get_value()/>
                <SessionFields values=values days=days.clone() rooms=rooms.clone() tracks=tracks/>
            </Form>

            <h2>{tr("session-people")}</h2>
            <ul class="people-roles">
                {s.people.clone().into_iter().map(|p| view! {
                    <li>
                        {p.person.display_name.clone()}{(!p.person.position_title.is_empty()).then(|| format!(" ({})", p.person.position_title))}" · "{tr(p.role.label_key())}" "
                        <Form action=remove_person class="inline">
                            <input type="hidden" name="id" value=s.id/>
                            <input type="hidden" name="slug" value=slug.get_value()/>
                            <input type="hidden" name="person_id" value=p.person.id/>
                            <input type="hidden" name="role" value=p.role.as_str()/>
                            <button type="submit" class="link danger">{tr("action-remove")}</button>
                        </Form>
                    </li>
                }).collect_view()}
            </ul>
            <Form action=add_person submit=tr("session-add-person") class="stack compact">
                <input type="hidden" name="id" value=s.id/>
                <input type="hidden" name="slug" value=slug.get_value()/>
                <div class="row">
                    <SelectField name="person_id" label=tr("session-person") options=person_options/>
                    <SelectField name="role" label=tr("session-role") options=role_options/>
                </div>
                <p class="help"><a href=format!("/manage/c/{}/people", slug.get_value())>{tr("people-manage-link")}</a></p>
            </Form>

            <h2>{tr("session-materials")}</h2>
            <ul>
                {s.materials.clone().into_iter().map(|m| view! {
                    <li>
                        <a href=m.url.clone()>{m.title.clone()}</a>" "
                        <Form action=remove_material class="inline">
                            <input type="hidden" name="id" value=s.id/>
                            <input type="hidden" name="slug" value=slug.get_value()/>
                            <input type="hidden" name="material_id" value=m.id/>
                            <button type="submit" class="link danger">{tr("action-remove")}</button>
                        </Form>
                    </li>
                }).collect_view()}
            </ul>
            <Form action=add_link submit=tr("session-add-link") class="stack compact">
                <input type="hidden" name="id" value=s.id/>
                <input type="hidden" name="slug" value=slug.get_value()/>
                <div class="row">
                    <TextField name="title" label=tr("material-title") max_len=limits::MATERIAL_TITLE/>
                    <TextField name="url" label=tr("material-url") kind="url" max_len=limits::URL placeholder="https://"/>
                </div>
            </Form>
            <UploadForm action=upload_action echo_path="/upload/material" field="file" label=tr("material-file")
                help=tr("material-file-help") submit=tr("session-add-file") with_title=true accept=".pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.zip"/>

            <h2>{tr("session-move")}</h2>
            <Form action=moved submit=tr("session-move-button") class="stack compact">
                <input type="hidden" name="id" value=s.id/>
                <input type="hidden" name="slug" value=slug.get_value()/>
                <div class="row">
                    <SelectField name="day" label=tr("session-day") options=day_options value=s.day.to_string()/>
                    <TextField name="start" label=tr("session-start") kind="time" value=hoinghi_domain::time::clock(s.start)/>
                </div>
                <SelectField name="room_id" label=tr("session-room") options=room_options value=s.room_id.map(|r| r.to_string()).unwrap_or_default()/>
            </Form>

            <Form action=duplicate class="inline-block">
                <input type="hidden" name="id" value=s.id/>
                <input type="hidden" name="slug" value=slug.get_value()/>
                <button type="submit">{tr("session-duplicate")}</button>
            </Form>
            <section class="danger-zone" aria-labelledby="delete-h">
                <h2 id="delete-h">{tr("session-delete")}</h2>
                <p class="help">{tr("session-delete-help")}</p>
                <Form action=delete class="stack compact">
                    <input type="hidden" name="id" value=s.id/>
                    <input type="hidden" name="slug" value=slug.get_value()/>
                    <ConfirmBox label=tr("session-delete-confirm")/>
                    <div class="actions"><button type="submit" class="danger">{tr("session-delete")}</button></div>
                </Form>
            </section>
        })
    })
}

/// A file upload: a plain multipart form (the same with and without JavaScript), whose refusal comes
/// back as an echo under `echo_path` (refusals not about a field show in the page banner).
#[component]
pub fn UploadForm(
    #[prop(into)] action: String,
    echo_path: &'static str,
    field: &'static str,
    #[prop(into)] label: String,
    #[prop(into)] help: String,
    #[prop(into)] submit: String,
    #[prop(optional)] with_title: bool,
    #[prop(into, optional)] accept: String,
) -> impl IntoView {
    let echo = use_context::<Echo>().and_then(|e| e.0).filter(|e| e.fn_path == echo_path);
    let locale = use_locale();
    let file_error =
        echo.as_ref().and_then(|e| e.error.field(field).or(e.error.field("file")).map(|m| m.render(locale)));
    let title_error = echo.as_ref().and_then(|e| e.error.field("title").map(|m| m.render(locale)));
    let title_value = echo.as_ref().and_then(|e| e.value("title").map(str::to_string)).unwrap_or_default();
    let title_invalid = title_error.is_some();
    let file_invalid = file_error.is_some();
    let id = format!("f-{field}");
    view! {
        <form method="post" action=action enctype="multipart/form-data" class="stack compact upload">
            <input type="hidden" name="_csrf" value=csrf_token()/>
            {with_title.then(|| view! {
                <div class="field" class:invalid=title_invalid>
                    <label for="f-upload-title">{tr("material-title")}</label>
                    <input id="f-upload-title" name="title" value=title_value maxlength=limits::MATERIAL_TITLE/>
                    {title_error.map(|t| view! { <p class="field-error" id="f-title-error">{t}</p> })}
                </div>
            })}
            <div class="field" class:invalid=file_invalid>
                <label for=id.clone()>{label}</label>
                <input id=id type="file" name=field accept=accept/>
                <p class="help">{help}</p>
                {file_error.map(|t| view! { <p class="field-error" id=format!("f-{field}-error")>{t}</p> })}
            </div>
            <div class="actions"><button type="submit">{submit}</button></div>
        </form>
    }
}
