//! Answering a form: the same fields whether reached through the private link or a session's QR code.

use crate::forms::{CheckboxGroup, Form, Notice, RadioGroup, TextArea, TextField};
use crate::i18n::tr;
use crate::page::{PageTitle, id_param, load, param};
use crate::ssr::service;
use hoinghi_domain::AppError;
use hoinghi_domain::feedback::{AnswersInput, FeedbackPage, FeedbackQuestionKind, limits};
use hoinghi_domain::registration::answer_key;
use leptos::prelude::*;
use leptos_meta::Meta;

#[server(prefix = "/fn", endpoint = "feedback/answer")]
pub async fn answer_feedback(
    token: String,
    form_id: i64,
    #[server(default)] answers: AnswersInput,
) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, service};
    hoinghi_service::feedback::submit_by_token(&service()?, &token, form_id, answers).await.map_err(fail)?;
    redirect(&format!("/r/{token}?done=notice-feedback-saved#feedback"));
    Ok(())
}

#[server(prefix = "/fn", endpoint = "feedback/answer-code")]
pub async fn answer_feedback_by_code(
    slug: String,
    form_id: i64,
    code: String,
    #[server(default)] answers: AnswersInput,
) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, service};
    hoinghi_service::feedback::submit_by_code(&service()?, form_id, &code, answers).await.map_err(fail)?;
    redirect(&format!("/c/{slug}/feedback/{form_id}?done=notice-feedback-saved"));
    Ok(())
}

/// The questions of a form, filled with earlier answers.
#[component]
fn AnswerFields(page: FeedbackPage) -> impl IntoView {
    page.form
        .questions
        .into_iter()
        .map(|q| {
            let name = format!("answers[{}][]", answer_key(q.id));
            let error_for = format!("answer-{}", q.id);
            let given = page.previous.get(&q.id).cloned().unwrap_or_default();
            let first = given.first().cloned().unwrap_or_default();
            match q.kind {
                FeedbackQuestionKind::Rating => {
                    let options = (1..=5).map(|i| (i.to_string(), i.to_string())).collect();
                    view! {
                        <RadioGroup name=name error_for=error_for legend=q.prompt options=options value=first
                            required=q.required low=q.low_label high=q.high_label/>
                    }
                    .into_any()
                }
                FeedbackQuestionKind::SingleChoice => {
                    let options = q.options.iter().map(|o| (o.clone(), o.clone())).collect();
                    view! { <RadioGroup name=name error_for=error_for legend=q.prompt options=options value=first required=q.required/> }
                        .into_any()
                }
                FeedbackQuestionKind::MultipleChoice => {
                    let options = q.options.iter().map(|o| (o.clone(), o.clone())).collect();
                    view! { <CheckboxGroup name=name error_for=error_for legend=q.prompt options=options checked=given/> }.into_any()
                }
                FeedbackQuestionKind::ShortText => view! {
                    <TextField name=name error_for=error_for label=q.prompt value=first required=q.required max_len=limits::SHORT_TEXT/>
                }
                .into_any(),
                FeedbackQuestionKind::LongText => view! {
                    <TextArea name=name error_for=error_for label=q.prompt value=first required=q.required max_len=limits::LONG_TEXT rows=5/>
                }
                .into_any(),
            }
        })
        .collect_view()
}

fn heading(page: &FeedbackPage) -> impl IntoView + use<> {
    let note = if page.form.anonymous { tr("feedback-anonymous-note") } else { tr("feedback-named-note") };
    view! {
        <p class="conference-name"><a href=format!("/c/{}", page.conference.slug)>{page.conference.title.clone()}</a></p>
        <h1>{tr("feedback-title")}": "{page.session_title.clone().unwrap_or_else(|| page.form.title.clone())}</h1>
        <p class="help">{note}" "{tr("feedback-edit-note")}</p>
        {page.closed_reason.clone().map(|r| view! { <p class="form-error" role="status">{tr(&r)}</p> })}
    }
}

/// `/r/:token/feedback/:id`: a delegate answers through their private link.
#[component]
pub fn DelegateFeedbackPage() -> impl IntoView {
    let (token, id) = (param("token"), id_param("id"));
    let action = ServerAction::<AnswerFeedback>::new();
    view! {
        <Meta name="robots" content="noindex"/>
        {load(async move {
            let id = id?;
            let page = hoinghi_service::feedback::page_by_token(&service()?, &token, id).await?;
            let open = page.closed_reason.is_none();
            let submit = if page.previous.is_empty() { tr("feedback-submit") } else { tr("feedback-update") };
            let token = StoredValue::new(token);
            Ok(view! {
                <PageTitle text=tr("feedback-title")/>
                {heading(&page)}
                {open.then(|| view! {
                    <Form action=action submit=submit class="stack feedback-form">
                        <input type="hidden" name="token" value=token.get_value()/>
                        <input type="hidden" name="form_id" value=id/>
                        <AnswerFields page=page.clone()/>
                    </Form>
                })}
                <p><a href=format!("/r/{}#feedback", token.get_value())>{tr("delegate-title")}</a></p>
            })
        })}
    }
}

/// `/c/:slug/feedback/:id`: reached from a session's QR code; the registration code says who answers.
#[component]
pub fn PublicFeedbackPage() -> impl IntoView {
    let (slug, id) = (param("slug"), id_param("id"));
    let action = ServerAction::<AnswerFeedbackByCode>::new();
    view! {
        <Meta name="robots" content="noindex"/>
        {load(async move {
            let id = id?;
            let page = hoinghi_service::feedback::page_by_code(&service()?, id).await?;
            let open = page.closed_reason.is_none();
            Ok(view! {
                <PageTitle text=tr("feedback-title")/>
                <Notice/>
                {heading(&page)}
                {open.then(|| view! {
                    <Form action=action submit=tr("feedback-submit") class="stack feedback-form">
                        <input type="hidden" name="slug" value=slug/>
                        <input type="hidden" name="form_id" value=id/>
                        <TextField name="code" label=tr("feedback-code") required=true max_len=20usize help=tr("feedback-code-help")/>
                        <AnswerFields page=page.clone()/>
                    </Form>
                })}
            })
        })}
    }
}

/// The forms a delegate can answer, on their private page.
#[component]
pub fn DelegateFeedbackSection(token: String) -> impl IntoView {
    load(async move {
        let list = hoinghi_service::feedback::forms_for_delegate(&service()?, &token).await.unwrap_or_default();
        Ok((!list.is_empty()).then(|| {
            view! {
                <section id="feedback">
                    <h2>{tr("feedback-forms-open")}</h2>
                    <ul>
                        {list.into_iter().map(|(id, title, closed, answered)| view! {
                            <li>
                                <a href=format!("/r/{token}/feedback/{id}")>{title}</a>
                                {answered.then(|| view! { " " <span class="badge">"✓"</span> })}
                                {closed.map(|k| view! { " · " <span class="muted">{tr(&k)}</span> })}
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
            }
        }))
    })
}
