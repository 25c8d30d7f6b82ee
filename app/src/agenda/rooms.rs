//! Rooms (with seats) and tracks (with a colour) of a conference.

use crate::conferences::ManageNav;
use crate::forms::{Form, Notice, TextField};
use crate::i18n::tr;
use crate::page::PageTitle;
use crate::page::{load, param};
use hoinghi_domain::AppError;
use hoinghi_domain::agenda::{Room, RoomInput, Track, TrackInput, limits};
use hoinghi_domain::conference::Conference;
use leptos::prelude::*;

struct RoomsData {
    conference: Conference,
    rooms: Vec<Room>,
    tracks: Vec<Track>,
}

async fn rooms_data(slug: &str) -> Result<RoomsData, AppError> {
    use crate::ssr::{request, service};
    let (svc, actor) = (service()?, request().actor);
    let conference = hoinghi_service::conferences::by_slug_for_organizer(&svc, &actor, slug).await?;
    let draft = hoinghi_service::agenda::draft(&svc, &actor, conference.id).await?;
    Ok(RoomsData { conference, rooms: draft.rooms, tracks: draft.tracks })
}

#[server(prefix = "/fn", endpoint = "agenda/room/create")]
pub async fn create_room(
    conference_id: i64,
    slug: String,
    #[server(flatten)] input: RoomInput,
) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    hoinghi_service::agenda::create_room(&service()?, &request().actor, conference_id, input).await.map_err(fail)?;
    redirect(&format!("/manage/c/{slug}/rooms?done=notice-saved"));
    Ok(())
}

#[server(prefix = "/fn", endpoint = "agenda/room/delete")]
pub async fn delete_room(id: i64, slug: String) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    hoinghi_service::agenda::delete_room(&service()?, &request().actor, id).await.map_err(fail)?;
    redirect(&format!("/manage/c/{slug}/rooms?done=notice-saved"));
    Ok(())
}

#[server(prefix = "/fn", endpoint = "agenda/track/create")]
pub async fn create_track(
    conference_id: i64,
    slug: String,
    #[server(flatten)] input: TrackInput,
) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    hoinghi_service::agenda::create_track(&service()?, &request().actor, conference_id, input).await.map_err(fail)?;
    redirect(&format!("/manage/c/{slug}/rooms?done=notice-saved"));
    Ok(())
}

#[server(prefix = "/fn", endpoint = "agenda/track/delete")]
pub async fn delete_track(id: i64, slug: String) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    hoinghi_service::agenda::delete_track(&service()?, &request().actor, id).await.map_err(fail)?;
    redirect(&format!("/manage/c/{slug}/rooms?done=notice-saved"));
    Ok(())
}

#[component]
pub fn RoomsPage() -> impl IntoView {
    let slug = param("slug");
    let add_room = ServerAction::<CreateRoom>::new();
    let remove_room = ServerAction::<DeleteRoom>::new();
    let add_track = ServerAction::<CreateTrack>::new();
    let remove_track = ServerAction::<DeleteTrack>::new();
    load(async move {
        let RoomsData { conference: c, rooms, tracks } = rooms_data(&slug).await?;
        let slug = StoredValue::new(c.slug.clone());
        Ok(view! {
            <PageTitle text=tr("rooms-title")/>
            <ManageNav slug=slug.get_value() title=c.title.clone() current="rooms"/>
            <Notice/>
            <h1>{tr("rooms-title")}</h1>
            <table class="list">
                <thead><tr><th>{tr("room-name")}</th><th>{tr("room-capacity")}</th><th></th></tr></thead>
                <tbody>
                    {rooms.into_iter().map(|r| view! {
                        <tr>
                            <td>{r.name}</td>
                            <td>{r.capacity.map(|n| n.to_string()).unwrap_or_else(|| "—".into())}</td>
                            <td>
                                <Form action=remove_room class="inline">
                                    <input type="hidden" name="id" value=r.id/>
                                    <input type="hidden" name="slug" value=slug.get_value()/>
                                    <button type="submit" class="link danger">{tr("action-remove")}</button>
                                </Form>
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <Form action=add_room submit=tr("room-add") class="stack compact">
                <input type="hidden" name="conference_id" value=c.id/>
                <input type="hidden" name="slug" value=slug.get_value()/>
                <div class="row">
                    <TextField name="name" label=tr("room-name") required=true max_len=limits::ROOM_NAME/>
                    <TextField name="capacity" label=tr("room-capacity") kind="number"/>
                </div>
            </Form>
            <h2>{tr("tracks-title")}</h2>
            <p class="help">{tr("tracks-help")}</p>
            <ul class="tracks">
                {tracks.into_iter().map(|t| view! {
                    <li>
                        <span class="swatch" style=format!("background:{}", t.color) aria-hidden="true"></span>
                        {t.name}" "
                        <Form action=remove_track class="inline">
                            <input type="hidden" name="id" value=t.id/>
                            <input type="hidden" name="slug" value=slug.get_value()/>
                            <button type="submit" class="link danger">{tr("action-remove")}</button>
                        </Form>
                    </li>
                }).collect_view()}
            </ul>
            <Form action=add_track submit=tr("track-add") class="stack compact">
                <input type="hidden" name="conference_id" value=c.id/>
                <input type="hidden" name="slug" value=slug.get_value()/>
                <div class="row">
                    <TextField name="name" label=tr("track-name") required=true max_len=limits::TRACK_NAME/>
                    <TextField name="color" label=tr("track-color") kind="color" value="#1e40af"/>
                </div>
            </Form>
        })
    })
}
