//! `/n/:token`: a unit's nomination page, reached from the link and QR code of its invitation. The unit's
//! coordinator needs no account: the link is the key, limited to the unit. They see the unit's number of
//! places and who is nominated, download the invitation, and nominate delegates up to the number.

use crate::forms::{Form, Notice};
use crate::i18n::{tr, tr_args, use_locale};
use crate::page::{PageTitle, load, param};
use crate::registration::fields::{Mode, RegistrationFields};
use hoinghi_domain::AppError;
use hoinghi_domain::registration::RegistrationInput;
use hoinghi_domain::time::date_range;
use leptos::prelude::*;
use leptos_meta::Meta;

#[server(prefix = "/fn", endpoint = "nomination/add")]
pub async fn nominate_delegate(token: String, #[server(flatten)] input: RegistrationInput) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    hoinghi_service::correspondence::nominate(&service()?, &token, input, request().locale).await.map_err(fail)?;
    redirect(&format!("/n/{token}?done=notice-nominated#nominees"));
    Ok(())
}

#[component]
pub fn NominationPage() -> impl IntoView {
    let token = param("token");
    let add = ServerAction::<NominateDelegate>::new();
    view! {
        <Meta name="robots" content="noindex"/>
        {load(async move {
            let v = hoinghi_service::correspondence::nomination(&crate::ssr::service()?, &token).await?;
            let locale = use_locale();
            let c = v.conference.clone();
            let full = v.nominees.len() as i64 >= v.quota;
            let values = RegistrationInput { admin_unit_code: v.admin_unit_code.clone().unwrap_or_default(), ..Default::default() };
            let deadline = chrono::NaiveDate::parse_from_str(&v.deadline, "%Y-%m-%d").ok();
            Ok(view! {
                <PageTitle text=format!("{} · {}", tr("nomination-title"), v.unit_name)/>
                <Notice/>
                <p class="conference-name"><a href=format!("/c/{}", c.slug)>{c.title.clone()}</a></p>
                <h1>{tr("nomination-title")}": "{v.unit_name.clone()}</h1>
                <p>{date_range(locale, c.starts_on, c.ends_on)}{(!c.venue_name.is_empty()).then(|| format!(" · {}", c.venue_name))}</p>
                <p class="nomination-quota"><strong>{tr_args("nomination-quota", &[("quota", v.quota.into()), ("nominated", (v.nominees.len() as i64).into())])}</strong></p>
                {deadline.map(|d| view! { <p>{tr_args("nomination-deadline", &[("date", hoinghi_domain::time::medium_date(locale, d).into())])}</p> })}
                {v.invitation.as_ref().map(|i| view! {
                    <p><a href=format!("/n/{token}/invitation.pdf")>{tr_args("nomination-invitation", &[("symbol", i.symbol.clone().into())])}</a></p>
                })}
                <h2 id="nominees">{tr("nomination-list")}</h2>
                {v.nominees.is_empty().then(|| view! { <p class="empty">{tr("nomination-none")}</p> })}
                <ol class="nominees">{v.nominees.iter().map(|n| view! {
                    <li>{n.name.clone()}{(!n.position.is_empty()).then(|| format!(", {}", n.position))}" · "{tr(n.status.label_key())}</li>
                }).collect_view()}</ol>
                <h2>{tr("nomination-add")}</h2>
                {full.then(|| view! { <p class="notice">{tr_args("nomination-error-quota", &[("quota", v.quota.into())])}</p> })}
                <Form action=add submit=tr("nomination-submit") class="stack nomination">
                    <input type="hidden" name="token" value=token.clone()/>
                    <RegistrationFields form=v.form.clone() values=values mode=Mode::Nomination/>
                </Form>
                <p class="help">{tr("nomination-private-help")}</p>
            })
        })}
    }
}
