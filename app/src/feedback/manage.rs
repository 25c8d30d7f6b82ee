//! Organizers: the feedback overview of a conference and the editor of one form.

use crate::conferences::ManageNav;
use crate::forms::{CheckboxField, Form, Notice, SelectField, TextArea, TextField};
use crate::i18n::{tr, tr_args};
use crate::page::{PageTitle, id_param, load, param};
use crate::ssr::{request, service};
use hoinghi_domain::AppError;
use hoinghi_domain::conference::Conference;
use hoinghi_domain::feedback::{FeedbackForm, FeedbackFormInput, FeedbackQuestionInput, FeedbackQuestionKind, limits};
use leptos::prelude::*;

#[server(prefix = "/fn", endpoint = "feedback/create")]
pub async fn create_form(slug: String, #[server(default)] session_uid: String) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    let (svc, actor) = (service()?, request().actor);
    let c = hoinghi_service::conferences::by_slug_for_organizer(&svc, &actor, &slug).await.map_err(fail)?;
    let uid = (!session_uid.is_empty()).then_some(session_uid.as_str());
    let form = hoinghi_service::feedback::open_form(&svc, &actor, c.id, uid).await.map_err(fail)?;
    redirect(&format!("/manage/c/{slug}/feedback/{}", form.id));
    Ok(())
}

/// A form, its public address and that address as a QR code (to print beside the session's room), and its
/// window as local times for the inputs.
struct FormEdit {
    conference: Conference,
    form: FeedbackForm,
    url: String,
    qr: String,
    opens_local: String,
    closes_local: String,
}

/// The id from the address is read after the conference, so a stranger is asked to sign in rather than
/// told that the form does not exist.
async fn get_form(slug: &str, id: Result<i64, AppError>) -> Result<FormEdit, AppError> {
    let (svc, actor) = (service()?, request().actor);
    let c = hoinghi_service::conferences::by_slug_for_organizer(&svc, &actor, slug).await?;
    let id = id?;
    let form = hoinghi_service::feedback::form_for_organizer(&svc, &actor, id).await?;
    if form.conference_id != c.id {
        return Err(AppError::NotFound);
    }
    let url = format!("{}/c/{slug}/feedback/{id}", svc.settings.public_url.trim_end_matches('/'));
    let qr = hoinghi_service::qr::svg(&url);
    let clock = hoinghi_service::agenda::ConferenceClock::of(&c);
    let local = |t: Option<i64>| t.map(|t| clock.local(t).format("%Y-%m-%dT%H:%M").to_string()).unwrap_or_default();
    Ok(FormEdit {
        opens_local: local(form.opens_at),
        closes_local: local(form.closes_at),
        conference: c,
        form,
        url,
        qr,
    })
}

#[server(prefix = "/fn", endpoint = "feedback/save")]
pub async fn save_form(slug: String, id: i64, #[server(flatten)] input: FeedbackFormInput) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    hoinghi_service::feedback::update_form(&service()?, &request().actor, id, input).await.map_err(fail)?;
    redirect(&format!("/manage/c/{slug}/feedback/{id}?done=notice-saved"));
    Ok(())
}

#[server(prefix = "/fn", endpoint = "feedback/publish")]
pub async fn publish_form(slug: String, id: i64, publish: String) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    hoinghi_service::feedback::publish_form(&service()?, &request().actor, id, publish == "true")
        .await
        .map_err(fail)?;
    redirect(&format!("/manage/c/{slug}/feedback/{id}?done=notice-saved"));
    Ok(())
}

#[server(prefix = "/fn", endpoint = "feedback/question/add")]
pub async fn add_question(
    slug: String,
    id: i64,
    #[server(flatten)] input: FeedbackQuestionInput,
) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    hoinghi_service::feedback::add_question(&service()?, &request().actor, id, input).await.map_err(fail)?;
    redirect(&format!("/manage/c/{slug}/feedback/{id}?done=notice-saved#questions"));
    Ok(())
}

#[server(prefix = "/fn", endpoint = "feedback/question/delete")]
pub async fn delete_question(slug: String, id: i64, question_id: i64) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    hoinghi_service::feedback::delete_question(&service()?, &request().actor, id, question_id).await.map_err(fail)?;
    redirect(&format!("/manage/c/{slug}/feedback/{id}?done=notice-saved#questions"));
    Ok(())
}

fn mean(m: Option<f64>) -> String {
    m.map(|m| format!("{m:.2}")).unwrap_or_else(|| "–".into())
}

#[component]
fn FormLine(
    slug: String,
    form: Option<FeedbackForm>,
    session_uid: String,
    create: ServerAction<CreateForm>,
) -> impl IntoView {
    match form {
        Some(f) => view! {
            <a href=format!("/manage/c/{slug}/feedback/{}", f.id)>{tr("feedback-edit")}</a>" · "
            <a href=format!("/manage/c/{slug}/feedback/{}/results", f.id)>{tr("feedback-results")}</a>" · "
            <span class="badge">{if f.published { tr("feedback-published") } else { tr("feedback-draft") }}</span>" "
            {tr_args("feedback-responses", &[("count", f.responses.into())])}
        }
        .into_any(),
        None => view! {
            <Form action=create class="inline">
                <input type="hidden" name="slug" value=slug/>
                <input type="hidden" name="session_uid" value=session_uid/>
                <button type="submit" class="secondary">{tr("feedback-create")}</button>
            </Form>
        }
        .into_any(),
    }
}

/// `/manage/c/:slug/feedback`
#[component]
pub fn FeedbackOverviewPage() -> impl IntoView {
    let slug = param("slug");
    let create = ServerAction::<CreateForm>::new();
    load(async move {
        let (svc, actor) = (service()?, request().actor);
        let c = hoinghi_service::conferences::by_slug_for_organizer(&svc, &actor, &slug).await?;
        let o = hoinghi_service::feedback::overview(&svc, &actor, c.id).await?;
        let slug = o.conference.slug.clone();
        Ok(view! {
            <PageTitle text=tr("feedback-manage-title")/>
            <ManageNav slug=slug.clone() title=o.conference.title.clone() current="feedback"/>
            <h1>{tr("feedback-manage-title")}</h1>
            <Notice/>
            <h2>{tr("feedback-conference-form")}</h2>
            <p><FormLine slug=slug.clone() form=o.conference_form.clone() session_uid=String::new() create=create/></p>
            <h2>{tr("feedback-session-forms")}</h2>
            <ul class="feedback-sessions">
                {o.sessions.iter().map(|(uid, title, form)| view! {
                    <li>{title.clone()}" — "<FormLine slug=slug.clone() form=form.clone() session_uid=uid.clone() create=create/></li>
                }).collect_view()}
            </ul>
            {(!o.scores.is_empty()).then(|| view! {
                <h2>{tr("feedback-compare")}</h2>
                <table class="data">
                    <thead><tr><th>{tr("feedback-col-session")}</th><th>{tr("feedback-col-people")}</th><th>{tr("feedback-col-respondents")}</th><th>{tr("feedback-col-mean")}</th></tr></thead>
                    <tbody>{o.scores.iter().map(|s| view! {
                        <tr>
                            <td><a href=format!("/manage/c/{slug}/feedback/{}/results", s.form_id)>{s.title.clone()}</a></td>
                            <td>{s.people.join(", ")}</td>
                            <td class="num">{s.respondents}</td>
                            <td class="num">{mean(s.mean)}</td>
                        </tr>
                    }).collect_view()}</tbody>
                </table>
            })}
            {(!o.people.is_empty()).then(|| view! {
                <h2>{tr("feedback-compare-people")}</h2>
                <table class="data">
                    <thead><tr><th>{tr("feedback-col-people")}</th><th>{tr("feedback-col-ratings")}</th><th>{tr("feedback-col-mean")}</th></tr></thead>
                    <tbody>{o.people.iter().map(|(name, n, m)| view! {
                        <tr><td>{name.clone()}</td><td class="num">{*n}</td><td class="num">{format!("{m:.2}")}</td></tr>
                    }).collect_view()}</tbody>
                </table>
            })}
            <p><a href=format!("/manage/c/{slug}/recommendations")>{tr("recommendations-title")}</a></p>
        })
    })
}

/// `/manage/c/:slug/feedback/:id`
#[component]
pub fn FeedbackFormPage() -> impl IntoView {
    let (slug, id) = (param("slug"), id_param("id"));
    let save = ServerAction::<SaveForm>::new();
    let publish = ServerAction::<PublishForm>::new();
    let add = ServerAction::<AddQuestion>::new();
    let remove = ServerAction::<DeleteQuestion>::new();
    load(async move {
        let FormEdit { conference: c, form: f, url, qr, opens_local, closes_local } = get_form(&slug, id).await?;
        let slug = StoredValue::new(c.slug.clone());
        let locked = f.responses > 0;
        let fid = f.id;
        let kinds: Vec<(String, String)> =
            FeedbackQuestionKind::ALL.iter().map(|k| (k.as_str().to_string(), tr(k.label_key()))).collect();
        Ok(view! {
            <PageTitle text=f.title.clone()/>
            <ManageNav slug=slug.get_value() title=c.title.clone() current="feedback"/>
            <Notice/>
            <h1>{f.title.clone()}</h1>
            <p>
                <span class="badge">{if f.published { tr("feedback-published") } else { tr("feedback-draft") }}</span>" "
                <span class="badge">{if f.anonymous { tr("feedback-anonymous-badge") } else { tr("feedback-named-badge") }}</span>" "
                {tr_args("feedback-responses", &[("count", f.responses.into())])}" · "
                <a href=format!("/manage/c/{}/feedback/{}/results", slug.get_value(), f.id)>{tr("feedback-results")}</a>
            </p>
            <Form action=publish class="inline">
                <input type="hidden" name="slug" value=slug.get_value()/>
                <input type="hidden" name="id" value=fid/>
                <input type="hidden" name="publish" value=if f.published { "false" } else { "true" }/>
                <button type="submit">{if f.published { tr("feedback-unpublish") } else { tr("feedback-publish") }}</button>
            </Form>
            <Form action=save submit=tr("action-save") class="stack">
                <input type="hidden" name="slug" value=slug.get_value()/>
                <input type="hidden" name="id" value=fid/>
                <TextField name="title" label=tr("feedback-form-title") value=f.title.clone() required=true max_len=300usize/>
                <CheckboxField name="anonymous" label=tr("feedback-anonymous") checked=f.anonymous value="true"/>
                <TextField name="opens_at" label=tr("feedback-opens-at") kind="datetime-local" value=opens_local/>
                <TextField name="closes_at" label=tr("feedback-closes-at") kind="datetime-local" value=closes_local/>
            </Form>
            <section class="qr-share">
                <div class="qr" inner_html=qr role="img" aria-label=tr("feedback-qr-help")></div>
                <p class="help">{tr("feedback-qr-help")}<br/><a href=url.clone()>{url.clone()}</a></p>
            </section>
            <h3 id="questions">{tr("feedback-questions")}</h3>
            <ol class="questions">
                {f.questions.clone().into_iter().map(|q| view! {
                    <li>
                        {q.prompt.clone()}" "<span class="muted">"("{tr(q.kind.label_key())}{q.required.then(|| format!(", {}", tr("feedback-required-mark")))}")"</span>
                        {(!q.options.is_empty()).then(|| view! { <br/><span class="muted">{q.options.join(" · ")}</span> })}
                        {(!locked).then(|| view! {
                            <Form action=remove class="inline">
                                <input type="hidden" name="slug" value=slug.get_value()/>
                                <input type="hidden" name="id" value=fid/>
                                <input type="hidden" name="question_id" value=q.id/>
                                <button type="submit" class="link danger">{tr("feedback-question-delete")}</button>
                            </Form>
                        })}
                    </li>
                }).collect_view()}
            </ol>
            {(!locked).then(|| view! {
                <h3>{tr("feedback-question-add")}</h3>
                <Form action=add submit=tr("feedback-question-add") class="stack">
                    <input type="hidden" name="slug" value=slug.get_value()/>
                    <input type="hidden" name="id" value=fid/>
                    <SelectField name="kind" label=tr("feedback-question-kind") options=kinds.clone() required=true/>
                    <TextArea name="prompt" label=tr("feedback-question-prompt") required=true max_len=limits::PROMPT rows=2/>
                    <TextArea name="options" label=tr("feedback-question-options") rows=3/>
                    <TextField name="low_label" label=tr("feedback-question-low") max_len=limits::LABEL/>
                    <TextField name="high_label" label=tr("feedback-question-high") max_len=limits::LABEL/>
                    <CheckboxField name="required" label=tr("feedback-question-required") value="true"/>
                </Form>
            })}
        })
    })
}
