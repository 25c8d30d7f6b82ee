//! The outbox: every message sent (or waiting to be), readable and resendable by organizers.

use crate::conferences::ManageNav;
use crate::forms::{Form, Notice};
use crate::i18n::tr;
use crate::page::PageTitle;
use crate::page::{load, param};
use hoinghi_domain::AppError;
use hoinghi_domain::conference::Conference;
use hoinghi_domain::registration::OutboxMessage;
use hoinghi_domain::time::instant_vn;
use leptos::prelude::*;

async fn outbox(slug: &str) -> Result<(Conference, Vec<OutboxMessage>), AppError> {
    let (svc, actor) = (crate::ssr::service()?, crate::ssr::request().actor);
    let c = hoinghi_service::conferences::by_slug_for_organizer(&svc, &actor, slug).await?;
    let messages = hoinghi_service::mail::list(&svc, &actor, c.id).await?;
    Ok((c, messages))
}

#[server(prefix = "/fn", endpoint = "outbox/resend")]
pub async fn resend(id: i64, slug: String) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    hoinghi_service::mail::resend(&service()?, &request().actor, id).await.map_err(fail)?;
    redirect(&format!("/manage/c/{slug}/outbox?done=notice-resent"));
    Ok(())
}

#[component]
pub fn OutboxPage() -> impl IntoView {
    let slug = param("slug");
    let action = ServerAction::<Resend>::new();
    load(async move {
        let (c, messages) = outbox(&slug).await?;
        let slug = StoredValue::new(c.slug.clone());
        Ok(view! {
            <PageTitle text=tr("outbox-title")/>
            <ManageNav slug=slug.get_value() title=c.title.clone() current="outbox"/>
            <Notice/>
            <h1>{tr("outbox-title")}</h1>
            {messages.is_empty().then(|| view! { <p class="empty">{tr("outbox-empty")}</p> })}
            {messages.into_iter().map(|m| view! {
                <details class="message">
                    <summary>
                        <span class=format!("badge mail-{}", m.status)>{tr(&format!("outbox-status-{}", m.status))}</span>" "
                        {instant_vn(m.created_at)}" · "{m.to.clone()}" · "{m.subject.clone()}
                    </summary>
                    <pre class="mail-body">{m.body.clone()}</pre>
                    {(!m.last_error.is_empty()).then(|| view! { <p class="form-error">{m.last_error.clone()}</p> })}
                    <Form action=action class="inline">
                        <input type="hidden" name="id" value=m.id/>
                        <input type="hidden" name="slug" value=slug.get_value()/>
                        <button type="submit">{tr("outbox-resend")}</button>
                    </Form>
                </details>
            }).collect_view()}
        })
    })
}
