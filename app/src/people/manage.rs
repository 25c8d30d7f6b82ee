use crate::agenda::UploadForm;
use crate::conferences::ManageNav;
use crate::forms::{Form, Notice, SelectField, TextArea, TextField};
use crate::i18n::tr;
use crate::page::{PageTitle, id_param, load, param};
use crate::ssr::{request, service};
use hoinghi_domain::AppError;
use hoinghi_domain::people::{HONORIFICS, PersonInput, limits};
use leptos::prelude::*;

#[server(prefix = "/fn", endpoint = "people/create")]
pub async fn create_person(
    conference_id: String,
    slug: String,
    #[server(flatten)] input: PersonInput,
) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    let id: i64 = conference_id.parse().map_err(|_| fail(AppError::NotFound))?;
    let p = hoinghi_service::people::create(&service()?, &request().actor, id, input).await.map_err(fail)?;
    redirect(&format!("/manage/c/{slug}/people/{}?done=notice-person-created", p.id));
    Ok(())
}

#[server(prefix = "/fn", endpoint = "people/update")]
pub async fn update_person(id: String, slug: String, #[server(flatten)] input: PersonInput) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    let id: i64 = id.parse().map_err(|_| fail(AppError::NotFound))?;
    hoinghi_service::people::update(&service()?, &request().actor, id, input).await.map_err(fail)?;
    redirect(&format!("/manage/c/{slug}/people/{id}?done=notice-saved"));
    Ok(())
}

#[server(prefix = "/fn", endpoint = "people/delete")]
pub async fn delete_person(id: i64, slug: String) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    hoinghi_service::people::delete(&service()?, &request().actor, id).await.map_err(fail)?;
    redirect(&format!("/manage/c/{slug}/people?done=notice-person-deleted"));
    Ok(())
}

#[server(prefix = "/fn", endpoint = "people/photo/remove")]
pub async fn remove_photo(id: i64, slug: String) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    hoinghi_service::people::remove_photo(&service()?, &request().actor, id).await.map_err(fail)?;
    redirect(&format!("/manage/c/{slug}/people/{id}?done=notice-saved"));
    Ok(())
}

#[component]
fn PersonFields(values: PersonInput) -> impl IntoView {
    let mut honorifics = vec![(String::new(), tr("person-honorific-none"))];
    honorifics.extend(HONORIFICS.iter().map(|h| (h.to_string(), h.to_string())));
    view! {
        <div class="row three">
            <TextField name="family_name" label=tr("person-family-name") value=values.family_name required=true max_len=limits::NAME_PART/>
            <TextField name="middle_name" label=tr("person-middle-name") value=values.middle_name max_len=limits::NAME_PART/>
            <TextField name="given_name" label=tr("person-given-name") value=values.given_name required=true max_len=limits::NAME_PART/>
        </div>
        <SelectField name="honorific" label=tr("person-honorific") options=honorifics value=values.honorific/>
        <TextField name="position_title" label=tr("person-position") value=values.position_title max_len=limits::POSITION/>
        <TextField name="organization" label=tr("person-organization") value=values.organization max_len=limits::ORGANIZATION/>
        <TextArea name="biography" label=tr("person-biography") value=values.biography max_len=limits::BIOGRAPHY rows=4/>
        <div class="row">
            <TextField name="email" label=tr("person-email") kind="email" value=values.email help=tr("person-contact-help")/>
            <TextField name="phone" label=tr("person-phone") kind="tel" value=values.phone max_len=limits::PHONE/>
        </div>
    }
}

#[component]
pub fn PeoplePage() -> impl IntoView {
    let slug = param("slug");
    let create = ServerAction::<CreatePerson>::new();
    load(async move {
        let (svc, actor) = (service()?, request().actor);
        let c = hoinghi_service::conferences::by_slug_for_organizer(&svc, &actor, &slug).await?;
        let people = hoinghi_service::people::list(&svc, &actor, c.id).await?;
        Ok(view! {
            <PageTitle text=tr("people-title")/>
            <ManageNav slug=c.slug.clone() title=c.title.clone() current="people"/>
            <Notice/>
            <h1>{tr("people-title")}</h1>
            {people.is_empty().then(|| view! { <p class="empty">{tr("people-empty")}</p> })}
            <table class="list">
                <thead><tr><th>{tr("person-name")}</th><th>{tr("person-position")}</th></tr></thead>
                <tbody>
                    {people.into_iter().map(|p| view! {
                        <tr>
                            <td><a href=format!("/manage/c/{}/people/{}", c.slug, p.id)>{p.name.display()}</a></td>
                            <td>{p.position_title}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <h3>{tr("people-add")}</h3>
            <Form action=create submit=tr("people-add") class="stack">
                <input type="hidden" name="conference_id" value=c.id/>
                <input type="hidden" name="slug" value=c.slug.clone()/>
                <PersonFields values=PersonInput::default()/>
            </Form>
        })
    })
}

#[component]
pub fn PersonPage() -> impl IntoView {
    let (slug, id) = (param("slug"), id_param("id"));
    let update = ServerAction::<UpdatePerson>::new();
    let delete = ServerAction::<DeletePerson>::new();
    let unphoto = ServerAction::<RemovePhoto>::new();
    load(async move {
        let (svc, actor) = (service()?, request().actor);
        let c = hoinghi_service::conferences::by_slug_for_organizer(&svc, &actor, &slug).await?;
        let p = hoinghi_service::people::by_id(&svc, &actor, id?).await?;
        let upload = format!("/manage/c/{}/people/{}/photo", c.slug, p.id);
        let slug = StoredValue::new(c.slug.clone());
        let values = PersonInput::from(&p);
        Ok(view! {
            <PageTitle text=p.name.display()/>
            <ManageNav slug=slug.get_value() title=c.title.clone() current="people"/>
            <Notice/>
            <h1>{p.name.display()}</h1>
            {p.photo_url.clone().map(|url| view! {
                <p><img class="portrait" src=url alt=tr("person-photo") width="120"/></p>
                <Form action=unphoto class="inline-block">
                    <input type="hidden" name="id" value=p.id/>
                    <input type="hidden" name="slug" value=slug.get_value()/>
                    <button type="submit" class="link danger">{tr("person-photo-remove")}</button>
                </Form>
            })}
            <UploadForm action=upload echo_path="/upload/photo" field="photo" label=tr("person-photo")
                help=tr("person-photo-help") submit=tr("person-photo-upload") accept="image/jpeg,image/png,image/webp"/>
            <Form action=update submit=tr("action-save") class="stack">
                <input type="hidden" name="id" value=p.id/>
                <input type="hidden" name="slug" value=slug.get_value()/>
                <PersonFields values=values/>
            </Form>
            <Form action=delete class="inline-block">
                <input type="hidden" name="id" value=p.id/>
                <input type="hidden" name="slug" value=slug.get_value()/>
                <button type="submit" class="danger">{tr("person-delete")}</button>
            </Form>
        })
    })
}
