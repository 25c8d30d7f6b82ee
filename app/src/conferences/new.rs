use super::fields::ConferenceFields;
use crate::forms::Form;
use crate::i18n::tr;
use crate::page::PageTitle;
use crate::page::load;
use hoinghi_domain::AppError;
use hoinghi_domain::conference::ConferenceInput;
use hoinghi_domain::reference::Agency;
use leptos::prelude::*;

/// Agencies an organizer can choose from.
pub async fn agencies() -> Result<Vec<Agency>, AppError> {
    use crate::ssr::{request, service};
    Ok(hoinghi_service::reference::list_agencies(&service()?, &request().actor).await?)
}

#[server(prefix = "/fn", endpoint = "conferences/create")]
pub async fn create_conference(#[server(flatten)] input: ConferenceInput) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    let c = hoinghi_service::conferences::create(&service()?, &request().actor, input).await.map_err(fail)?;
    redirect(&format!("/manage/c/{}?done=notice-conference-created", c.slug));
    Ok(())
}

#[component]
pub fn NewConference() -> impl IntoView {
    let action = ServerAction::<CreateConference>::new();
    view! {
        <PageTitle text=tr("conference-new-title")/>
        {load(async move {
            let agencies = agencies().await?;
            Ok(view! {
                <h1>{tr("conference-new-title")}</h1>
                <Form action=action submit=tr("conference-create") class="stack">
                    <ConferenceFields values=ConferenceInput::default() agencies=agencies/>
                </Form>
            })
        })}
    }
}
