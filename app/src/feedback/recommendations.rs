//! Recommendations: organizers' triage page, and the delegate's own list and form on their private page.

use crate::conferences::ManageNav;
use crate::forms::{CheckboxField, Form, Notice, SelectField, TextArea, TextField};
use crate::i18n::{tr, tr_args};
use crate::page::{PageTitle, load, param};
use crate::ssr::{request, service};
use hoinghi_domain::AppError;
use hoinghi_domain::feedback::{
    Recommendation, RecommendationInput, RecommendationStatus, RecommendationTopic, RecommendationUpdate, limits,
};
use leptos::prelude::*;

#[server(prefix = "/fn", endpoint = "recommendations/update")]
pub async fn update_recommendation(
    slug: String,
    id: i64,
    #[server(flatten)] input: RecommendationUpdate,
) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    hoinghi_service::feedback::update_recommendation(&service()?, &request().actor, id, input).await.map_err(fail)?;
    redirect(&format!("/manage/c/{slug}/recommendations?done=notice-recommendation-updated#r{id}"));
    Ok(())
}

#[server(prefix = "/fn", endpoint = "recommendations/file-for")]
pub async fn file_for(slug: String, #[server(flatten)] input: RecommendationInput) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    let (svc, actor) = (service()?, request().actor);
    let c = hoinghi_service::conferences::by_slug_for_organizer(&svc, &actor, &slug).await.map_err(fail)?;
    hoinghi_service::feedback::file_by_organizer(&svc, &actor, c.id, input).await.map_err(fail)?;
    redirect(&format!("/manage/c/{slug}/recommendations?done=notice-recommendation-filed"));
    Ok(())
}

#[server(prefix = "/fn", endpoint = "recommendations/file")]
pub async fn file_recommendation(token: String, #[server(flatten)] input: RecommendationInput) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, service};
    hoinghi_service::feedback::file_by_token(&service()?, &token, input).await.map_err(fail)?;
    redirect(&format!("/r/{token}?done=notice-recommendation-filed#recommendations"));
    Ok(())
}

/// `YYYY-MM-DD` as "5/10/2017".
fn short_day(iso: &str) -> String {
    chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d").map(hoinghi_domain::time::short_date).unwrap_or_default()
}

fn topics() -> Vec<(String, String)> {
    RecommendationTopic::ALL.iter().map(|t| (t.as_str().to_string(), tr(t.label_key()))).collect()
}

fn statuses() -> Vec<(String, String)> {
    RecommendationStatus::ALL.iter().map(|s| (s.as_str().to_string(), tr(s.label_key()))).collect()
}

#[component]
fn Summary(r: Recommendation) -> impl IntoView {
    view! {
        <p class="kicker">
            <span class="badge">{tr(r.topic.label_key())}</span>" "
            <span class=format!("badge status-{}", r.status.as_str())>{tr(r.status.label_key())}</span>" "
            {[r.unit_name.clone(), r.admin_unit_name.clone(), r.submitted_by.clone()].into_iter().filter(|x| !x.is_empty()).collect::<Vec<_>>().join(" · ")}
        </p>
        {(!r.addressed_to.is_empty()).then(|| view! { <p class="muted">{tr("recommendation-addressed-to")}": "{r.addressed_to.clone()}</p> })}
        <div class="body">{r.body.split('\n').map(|l| view! { <p>{l.to_string()}</p> }).collect_view()}</div>
        {(!r.answer.is_empty()).then(|| {
            let by = [r.answered_by.clone(), r.answered_on.as_deref().map(short_day).unwrap_or_default()]
                .into_iter()
                .filter(|x| !x.is_empty())
                .collect::<Vec<_>>()
                .join(", ");
            view! {
                <blockquote class="answer">
                    <p>{r.answer.clone()}</p>
                    {(!by.is_empty()).then(|| view! { <footer>"— "{by}</footer> })}
                    {r.answer_letter.as_ref().map(|l| view! {
                        <p class="meta">{tr_args("recommendation-answer-letter", &[("symbol", l.symbol.clone().into()), ("date", short_day(&l.issued_on).into())])}</p>
                    })}
                </blockquote>
            }
        })}
    }
}

/// `/manage/c/:slug/recommendations`
#[component]
pub fn RecommendationsPage() -> impl IntoView {
    let slug = param("slug");
    let update = ServerAction::<UpdateRecommendation>::new();
    let file = ServerAction::<FileFor>::new();
    load(async move {
        let (svc, actor) = (service()?, request().actor);
        let c = hoinghi_service::conferences::by_slug_for_organizer(&svc, &actor, &slug).await?;
        let list = hoinghi_service::feedback::list_recommendations(&svc, &actor, c.id).await?;
        let today = chrono::Utc::now().date_naive().to_string();
        let provinces = hoinghi_service::reference::list_admin_units(&svc, &today).await?;
        let slug = StoredValue::new(c.slug.clone());
        let mut province_options = vec![(String::new(), String::new())];
        province_options.extend(provinces.into_iter().map(|p| (p.code, p.name)));
        Ok(view! {
            <PageTitle text=tr("recommendations-title")/>
            <ManageNav slug=slug.get_value() title=c.title.clone() current="recommendations"/>
            <Notice/>
            <h1>{tr("recommendations-title")}" ("{list.len()}")"</h1>
            {list.is_empty().then(|| view! { <p class="empty">{tr("recommendation-none")}</p> })}
            {list.into_iter().map(|r| view! {
                <article class="recommendation" id=format!("r{}", r.id)>
                    <Summary r=r.clone()/>
                    <details>
                        <summary>{tr("recommendation-save")}</summary>
                        <Form action=update submit=tr("recommendation-save") class="stack">
                            <input type="hidden" name="slug" value=slug.get_value()/>
                            <input type="hidden" name="id" value=r.id/>
                            <SelectField name="status" label=tr("recommendation-status") options=statuses() value=r.status.as_str().to_string()/>
                            <TextArea name="answer" label=tr("recommendation-answer") value=r.answer.clone() max_len=limits::ANSWER rows=3/>
                            <TextField name="answered_by" label=tr("recommendation-answered-by") value=r.answered_by.clone() max_len=200usize/>
                            <TextField name="answered_on" kind="date" label=tr("recommendation-answered-on") value=r.answered_on.clone().unwrap_or_default() help=tr("recommendation-answered-on-help")/>
                            <CheckboxField name="for_minutes" label=tr("recommendation-for-minutes") checked=r.for_minutes value="true"/>
                        </Form>
                    </details>
                </article>
            }).collect_view()}
            <h2>{tr("recommendation-file-for")}</h2>
            <Form action=file submit=tr("recommendation-file") class="stack">
                <input type="hidden" name="slug" value=slug.get_value()/>
                <SelectField name="topic" label=tr("recommendation-topic") options=topics() required=true/>
                <TextField name="addressed_to" label=tr("recommendation-addressed-to") max_len=limits::ADDRESSED_TO/>
                <TextArea name="body" label=tr("recommendation-body") required=true max_len=limits::RECOMMENDATION rows=5/>
                <TextField name="unit_name" label=tr("recommendation-unit") required=true max_len=200usize/>
                <SelectField name="admin_unit_code" label=tr("recommendation-province") options=province_options/>
                <TextField name="submitted_by" label=tr("recommendation-submitted-by") max_len=200usize/>
            </Form>
        })
    })
}

/// The delegate's recommendations and the form to file one, on their private page.
#[component]
pub fn DelegateRecommendations(token: String) -> impl IntoView {
    let file = ServerAction::<FileRecommendation>::new();
    let t = token.clone();
    view! {
        <section id="recommendations">
            <h2>{tr("recommendation-mine")}</h2>
            {load(async move {
                let list = hoinghi_service::feedback::recommendations_for_delegate(&service()?, &t).await.ok();
                Ok(list.map(|l| view! {
                    {l.is_empty().then(|| view! { <p class="empty">{tr("recommendation-none")}</p> })}
                    {l.into_iter().map(|r| view! { <article class="recommendation"><Summary r=r/></article> }).collect_view()}
                }))
            })}
            <Form action=file submit=tr("recommendation-file") class="stack">
                <input type="hidden" name="token" value=token.clone()/>
                <SelectField name="topic" label=tr("recommendation-topic") options=topics() required=true/>
                <TextField name="addressed_to" label=tr("recommendation-addressed-to") max_len=limits::ADDRESSED_TO/>
                <TextArea name="body" label=tr("recommendation-body") required=true max_len=limits::RECOMMENDATION rows=4/>
            </Form>
        </section>
    }
}
