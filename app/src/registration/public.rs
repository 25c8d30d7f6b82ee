//! The public registration form, and getting one's private link again.

use super::fields::{Mode, RegistrationFields};
use crate::conferences::ConferenceNav;
use crate::forms::{Form, Notice, TextField};
use crate::i18n::{tr, tr_args};
use crate::page::PageTitle;
use crate::page::{load, param};
use hoinghi_domain::AppError;
use hoinghi_domain::registration::{PublicRegistrationState, RegistrationForm, RegistrationInput};
use leptos::prelude::*;

async fn registration_form(slug: &str) -> Result<(RegistrationForm, PublicRegistrationState), AppError> {
    let svc = crate::ssr::service()?;
    let form = hoinghi_service::registration::public_form(&svc, slug).await?;
    let state = hoinghi_service::registration::public_state(&svc, slug).await?;
    Ok((form, state))
}

#[server(prefix = "/fn", endpoint = "registration/register")]
pub async fn register(conference_id: String, #[server(flatten)] input: RegistrationInput) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    use hoinghi_service::registration::{Acknowledgement, Repeat};
    let req = request();
    let id: i64 = conference_id.parse().map_err(|_| fail(AppError::NotFound))?;
    let done = hoinghi_service::registration::register_public(&service()?, id, input, req.locale, &req.client_ip)
        .await
        .map_err(fail)?;
    match done {
        Acknowledgement::Registered(r) if r.repeat == Repeat::No => {
            redirect(&format!("/r/{}?done=notice-registered", r.token))
        }
        Acknowledgement::Registered(r) => redirect(&format!("/r/{}?done=notice-registered-already", r.token)),
        Acknowledgement::LinkMailed { slug } => redirect(&format!("/c/{slug}/register/link?done=notice-link-resent")),
    }
    Ok(())
}

#[component]
pub fn RegisterPage() -> impl IntoView {
    let slug = param("slug");
    let action = ServerAction::<Register>::new();
    load(async move {
        let (form, state) = registration_form(&slug).await?;
        let c = form.conference.clone();
        let seats = c.capacity.map(|cap| {
            tr_args("registration-public-seats", &[("confirmed", state.confirmed.into()), ("capacity", cap.into())])
        });
        Ok(view! {
            <PageTitle text=format!("{} · {}", tr("registration-title"), c.title)/>
            <ConferenceNav slug=c.slug.clone() title=c.title.clone() current="register"/>
            <h1>{tr("registration-title")}</h1>
            {seats.map(|s| view! { <p class="meta">{s}</p> })}
            {match form.closed_reason.clone() {
                Some(reason) => view! { <p class="form-error" role="status">{tr(&reason)}</p> }.into_any(),
                None => view! {
                    {form.settings.requires_approval.then(|| view! { <p class="help">{tr("registration-needs-approval")}</p> })}
                    <Form action=action submit=tr("registration-submit") class="stack">
                        <input type="hidden" name="conference_id" value=c.id/>
                        <RegistrationFields form=form values=RegistrationInput::default() mode=Mode::Public/>
                    </Form>
                    <p><a href=format!("/c/{}/register/link", c.slug)>{tr("registration-lost-link")}</a></p>
                }.into_any(),
            }}
        })
    })
}

#[server(prefix = "/fn", endpoint = "registration/link")]
pub async fn request_link(slug: String, email: String) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    hoinghi_service::mail::request_link(&service()?, &slug, &email, &request().client_ip).await.map_err(fail)?;
    redirect(&format!("/c/{slug}/register/link?done=notice-link-sent"));
    Ok(())
}

#[component]
pub fn LinkRequestPage() -> impl IntoView {
    let slug = param("slug");
    let action = ServerAction::<RequestLink>::new();
    view! {
        <PageTitle text=tr("registration-lost-link")/>
        <section class="narrow">
            <h1>{tr("registration-lost-link")}</h1>
            <Notice/>
            <p>{tr("registration-lost-link-help")}</p>
            <Form action=action submit=tr("registration-send-link") class="stack">
                <input type="hidden" name="slug" value=slug/>
                <TextField name="email" label=tr("person-email") kind="email" required=true max_len=254 autocomplete="email"/>
            </Form>
        </section>
    }
}
