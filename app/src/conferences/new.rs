use super::fields::ConferenceFields;
use crate::errors::ErrorView;
use crate::forms::Form;
use crate::i18n::tr;
use hoinghi_domain::AppError;
use hoinghi_domain::conference::ConferenceInput;
use hoinghi_domain::reference::Agency;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use leptos_meta::Title;

/// Agencies an organizer can choose from.
#[server(prefix = "/fn", endpoint = "agencies", input = GetUrl)]
pub async fn list_agencies() -> Result<Vec<Agency>, AppError> {
    use crate::ssr::{fail, request, service};
    hoinghi_service::reference::list_agencies(&service()?, &request().actor).await.map_err(fail)
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
    let agencies = Resource::new(|| (), |_| list_agencies());
    view! {
        <Title text=tr("conference-new-title")/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match agencies.await {
                    Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    Ok(agencies) => view! {
                        <h1>{tr("conference-new-title")}</h1>
                        <Form action=action submit=tr("conference-create") class="stack">
                            <ConferenceFields values=ConferenceInput::default() agencies=agencies/>
                        </Form>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
