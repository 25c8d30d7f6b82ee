//! The delegate's private page (`/r/<secret>`): status, waiting position, check-in code and QR code,
//! their own agenda, and changing or cancelling the registration. No account needed: the link is the key.

use super::fields::{Mode, RegistrationFields};
use crate::agenda::time_range;
use crate::calendar::SubscribeMenu;
use crate::forms::{CheckboxField, Form, Notice};
use crate::i18n::{tr, tr_args, use_locale};
use crate::page::PageTitle;
use crate::page::{load, param};
use hoinghi_domain::AppError;
use hoinghi_domain::registration::{DelegateView, Registration, RegistrationInput, RegistrationStatus, answer_key};
use hoinghi_domain::time::{date_range, long_date};
use leptos::prelude::*;
use leptos_meta::Meta;

struct DelegatePageData {
    pub view: DelegateView,
    /// The check-in code's QR code, as SVG made by the server.
    pub qr_svg: String,
}

async fn delegate_page(token: &str) -> Result<DelegatePageData, AppError> {
    let view = hoinghi_service::registration::delegate_view(&crate::ssr::service()?, token).await?;
    let qr_svg = hoinghi_service::qr::svg(&view.registration.code);
    Ok(DelegatePageData { view, qr_svg })
}

#[server(prefix = "/fn", endpoint = "registration/update")]
pub async fn update_registration(token: String, #[server(flatten)] input: RegistrationInput) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, service};
    hoinghi_service::registration::update_by_delegate(&service()?, &token, input).await.map_err(fail)?;
    redirect(&format!("/r/{token}?done=notice-saved"));
    Ok(())
}

#[server(prefix = "/fn", endpoint = "registration/cancel")]
pub async fn cancel_registration(token: String, #[server(default)] confirm: Option<String>) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, service};
    if confirm.is_none() {
        return Err(fail(AppError::invalid(
            "confirm",
            hoinghi_domain::Message::new("registration-cancel-confirm-needed"),
        )));
    }
    hoinghi_service::registration::cancel_by_delegate(&service()?, &token).await.map_err(fail)?;
    redirect(&format!("/r/{token}?done=notice-registration-cancelled"));
    Ok(())
}

#[server(prefix = "/fn", endpoint = "registration/calendar-reset")]
pub async fn reset_calendar(token: String) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, service};
    hoinghi_service::calendar::reset_personal_feed(&service()?, &token).await.map_err(fail)?;
    redirect(&format!("/r/{token}?done=notice-calendar-reset#calendar"));
    Ok(())
}

/// The registration as it stands, as the form's starting values.
fn values_of(r: &Registration) -> RegistrationInput {
    RegistrationInput {
        family_name: r.name.family.clone(),
        middle_name: r.name.middle.clone(),
        given_name: r.name.given.clone(),
        gender: r.gender.clone(),
        position_title: r.position_title.clone(),
        phone: r.phone.clone(),
        email: r.email.clone(),
        days: r.days.iter().map(|d| d.to_string()).collect(),
        sessions: r.sessions.iter().map(|s| s.uid.clone()).collect(),
        accommodation: if r.accommodation { "true".into() } else { String::new() },
        dietary: r.dietary.clone(),
        answers: r.answers.iter().map(|a| (answer_key(a.question_id), a.values.clone())).collect(),
        ..Default::default()
    }
}

#[component]
pub fn DelegatePage() -> impl IntoView {
    let token = param("token");
    let update = ServerAction::<UpdateRegistration>::new();
    let cancel = ServerAction::<CancelRegistration>::new();
    let reset = ServerAction::<ResetCalendar>::new();
    view! {
        <Meta name="robots" content="noindex"/>
        {load(async move {
            let DelegatePageData { view: v, qr_svg } = delegate_page(&token).await?;
            let locale = use_locale();
            let r = v.registration.clone();
            let c = v.conference.clone();
            let active = r.status.is_active();
            let status_line = match (r.status, r.waiting_position) {
                (RegistrationStatus::Waiting, Some(n)) => tr_args("registration-waiting-position", &[("position", n.into())]),
                (s, _) => tr(s.label_key()),
            };
            let token = StoredValue::new(token.clone());
            Ok(view! {
                <PageTitle text=format!("{} · {}", tr("delegate-title"), c.title)/>
                <Notice/>
                <p class="conference-name"><a href=format!("/c/{}", c.slug)>{c.title.clone()}</a></p>
                <h1>{r.name.display()}</h1>
                <section class="delegate-status">
                    <p class=format!("status status-{}", r.status.as_str())><strong>{status_line}</strong></p>
                    {(!r.status_reason.is_empty()).then(|| view! { <p>{tr_args("registration-reason", &[("reason", r.status_reason.as_str().into())])}</p> })}
                    <p>{date_range(locale, c.starts_on, c.ends_on)}{(!c.venue_name.is_empty()).then(|| format!(" · {}", c.venue_name))}</p>
                </section>
                {(r.status == RegistrationStatus::Confirmed).then(|| view! {
                    <section class="badge-code">
                        <div class="qr" inner_html=qr_svg.clone() role="img" aria-label=tr("delegate-qr")></div>
                        <p>{tr("delegate-code")}" "<strong class="code">{r.code.clone()}</strong></p>
                        <p class="help">{tr("delegate-code-help")}</p>
                    </section>
                })}
                {(!r.sessions.is_empty()).then(|| view! {
                    <h2>{tr("registration-classes")}</h2>
                    <ul>{r.sessions.iter().map(|s| view! {
                        <li>{s.title.clone()}" · "{if s.confirmed { tr("delegate-class-seat") } else {
                            s.waiting_position.map(|n| tr_args("delegate-class-waiting", &[("position", n.into())])).unwrap_or_else(|| tr("delegate-class-pending"))
                        }}</li>
                    }).collect_view()}</ul>
                })}
                {(!v.agenda.is_empty()).then(|| view! {
                    <h2>{tr("delegate-agenda")}</h2>
                    <ol class="personal-agenda">{v.agenda.iter().map(|s| view! {
                        <li class:cancelled=s.cancelled>
                            <span class="when">{hoinghi_domain::text::capitalize_first(&long_date(locale, s.day))}", "{time_range(s.start, s.end)}</span>" "
                            <a href=format!("/c/{}/sessions/{}", c.slug, s.uid)>{s.title.clone()}</a>
                            {s.room.as_ref().map(|room| format!(" · {}", room.name))}
                            {s.cancelled.then(|| view! { " " <strong class="badge cancelled">{tr("session-cancelled")}</strong> })}
                        </li>
                    }).collect_view()}</ol>
                })}
                {(r.status == RegistrationStatus::Confirmed).then(|| view! {
                    <crate::feedback::DelegateFeedbackSection token=token.get_value()/>
                })}
                {active.then(|| view! { <crate::feedback::DelegateRecommendations token=token.get_value()/> })}
                <section id="calendar" class="personal-calendar">
                    <h2>{tr("calendar-mine")}</h2>
                    <p class="help">{tr("calendar-mine-help")}</p>
                    <SubscribeMenu path=v.calendar_url.clone() name=format!("{} · {}", c.title, r.name.display())/>
                    <Form action=reset class="inline">
                        <input type="hidden" name="token" value=token.get_value()/>
                        <button type="submit" class="secondary">{tr("calendar-reset")}</button>
                    </Form>
                </section>
                {active.then(|| view! {
                    <h2>{tr("delegate-edit")}</h2>
                    <Form action=update submit=tr("action-save") class="stack">
                        <input type="hidden" name="token" value=token.get_value()/>
                        <RegistrationFields form=v.form.clone() values=values_of(&r) mode=Mode::Delegate/>
                    </Form>
                    <h2>{tr("delegate-cancel")}</h2>
                    <Form action=cancel class="stack">
                        <input type="hidden" name="token" value=token.get_value()/>
                        <CheckboxField name="confirm" label=tr("delegate-cancel-confirm")/>
                        <div class="actions"><button type="submit" class="danger">{tr("delegate-cancel")}</button></div>
                    </Form>
                })}
                <p class="help">{tr("delegate-private-help")}</p>
            })
        })}
    }
}
