//! Answering a form: the same fields whether reached through the private link or a session's QR code.

use crate::errors::ErrorView;
use crate::forms::{CheckboxGroup, Form, Notice, RadioGroup, TextArea, TextField};
use crate::i18n::tr;
use hoinghi_domain::AppError;
use hoinghi_domain::feedback::{AnswersInput, FeedbackPage, FeedbackQuestionKind, limits};
use hoinghi_domain::registration::answer_key;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

#[server(prefix = "/fn", endpoint = "feedback/delegate", input = GetUrl)]
pub async fn get_delegate_feedback(token: String, id: i64) -> Result<FeedbackPage, AppError> {
    use crate::ssr::{fail, service};
    hoinghi_service::feedback::page_by_token(&service()?, &token, id).await.map_err(fail)
}

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

#[server(prefix = "/fn", endpoint = "feedback/public", input = GetUrl)]
pub async fn get_public_feedback(id: i64) -> Result<FeedbackPage, AppError> {
    use crate::ssr::{fail, service};
    hoinghi_service::feedback::page_by_code(&service()?, id).await.map_err(fail)
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

#[server(prefix = "/fn", endpoint = "feedback/mine", input = GetUrl)]
pub async fn delegate_forms(token: String) -> Result<Vec<(i64, String, Option<String>, bool)>, AppError> {
    use crate::ssr::{fail, service};
    hoinghi_service::feedback::forms_for_delegate(&service()?, &token).await.map_err(fail)
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
    let params = use_params_map();
    let key = move || {
        params.with(|p| (p.get("token").unwrap_or_default(), p.get("id").and_then(|v| v.parse().ok()).unwrap_or(0)))
    };
    let action = ServerAction::<AnswerFeedback>::new();
    let data = Resource::new(key, |(t, id)| get_delegate_feedback(t, id));
    view! {
        <Meta name="robots" content="noindex"/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    Ok(page) => {
                        let (token, id) = key();
                        let token = StoredValue::new(token);
                        let open = page.closed_reason.is_none();
                        let submit = if page.previous.is_empty() { tr("feedback-submit") } else { tr("feedback-update") };
                        view! {
                            <Title text=tr("feedback-title")/>
                            {heading(&page)}
                            {open.then(|| view! {
                                <Form action=action submit=submit class="stack feedback-form">
                                    <input type="hidden" name="token" value=token.get_value()/>
                                    <input type="hidden" name="form_id" value=id/>
                                    <AnswerFields page=page.clone()/>
                                </Form>
                            })}
                            <p><a href=format!("/r/{}#feedback", token.get_value())>{tr("delegate-title")}</a></p>
                        }
                        .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// `/c/:slug/feedback/:id`: reached from a session's QR code; the registration code says who answers.
#[component]
pub fn PublicFeedbackPage() -> impl IntoView {
    let params = use_params_map();
    let key = move || {
        params.with(|p| (p.get("slug").unwrap_or_default(), p.get("id").and_then(|v| v.parse().ok()).unwrap_or(0)))
    };
    let action = ServerAction::<AnswerFeedbackByCode>::new();
    let data = Resource::new(key, |(_, id)| get_public_feedback(id));
    view! {
        <Meta name="robots" content="noindex"/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    Ok(page) => {
                        let (slug, id) = key();
                        let slug = StoredValue::new(slug);
                        let open = page.closed_reason.is_none();
                        view! {
                            <Title text=tr("feedback-title")/>
                            <Notice/>
                            {heading(&page)}
                            {open.then(|| view! {
                                <Form action=action submit=tr("feedback-submit") class="stack feedback-form">
                                    <input type="hidden" name="slug" value=slug.get_value()/>
                                    <input type="hidden" name="form_id" value=id/>
                                    <TextField name="code" label=tr("feedback-code") required=true max_len=20usize help=tr("feedback-code-help")/>
                                    <AnswerFields page=page.clone()/>
                                </Form>
                            })}
                        }
                        .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// The forms a delegate can answer, on their private page.
#[component]
pub fn DelegateFeedbackSection(token: String) -> impl IntoView {
    let t = token.clone();
    let forms = Resource::new(move || t.clone(), delegate_forms);
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let token = token.clone();
                Suspend::new(async move {
                    match forms.await {
                        Ok(list) if !list.is_empty() => view! {
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
                        }.into_any(),
                        _ => ().into_any(),
                    }
                })
            }}
        </Suspense>
    }
}
