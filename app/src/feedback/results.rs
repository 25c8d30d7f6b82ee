//! Organizers: a form's results, charts drawn on the server as SVG.

use crate::conferences::ManageNav;
use crate::i18n::{tr, tr_args};
use crate::page::{PageTitle, id_param, load, param};
use crate::ssr::{request, service};
use hoinghi_domain::AppError;
use hoinghi_domain::feedback::GroupMean;
use leptos::prelude::*;

/// A mean as people write it: "4,25" in Vietnamese, "4.25" in English.
fn decimal(v: f64) -> String {
    let s = format!("{v:.2}");
    if crate::i18n::use_locale() == hoinghi_domain::Locale::Vi { s.replace('.', ",") } else { s }
}

#[component]
fn Groups(title: String, groups: Vec<GroupMean>) -> impl IntoView {
    (!groups.is_empty()).then(|| {
        view! {
            <details class="groups">
                <summary>{title}</summary>
                <table class="data">
                    <thead><tr><th></th><th>{tr("feedback-col-respondents")}</th><th>{tr("feedback-col-mean")}</th></tr></thead>
                    <tbody>{groups.into_iter().map(|g| view! {
                        <tr><td>{g.name}</td><td class="num">{g.count}</td><td class="num">{decimal(g.mean)}</td></tr>
                    }).collect_view()}</tbody>
                </table>
            </details>
        }
    })
}

/// `/manage/c/:slug/feedback/:id/results`
#[component]
pub fn FeedbackResultsPage() -> impl IntoView {
    let (slug, id) = (param("slug"), id_param("id"));
    load(async move {
        let (svc, actor) = (service()?, request().actor);
        let c = hoinghi_service::conferences::by_slug_for_organizer(&svc, &actor, &slug).await?;
        let r = hoinghi_service::feedback::results(&svc, &actor, id?).await?;
        if r.form.conference_id != c.id {
            return Err(AppError::NotFound);
        }
        let base = format!("/manage/c/{}/feedback/{}", c.slug, r.form.id);
        Ok(view! {
            <PageTitle text=format!("{} · {}", tr("feedback-results"), r.form.title)/>
            <ManageNav slug=c.slug.clone() title=c.title.clone() current="feedback"/>
            <h1>{tr("feedback-results")}": "{r.session_title.clone().unwrap_or_else(|| r.form.title.clone())}</h1>
            <p>
                {tr_args("feedback-responses", &[("count", r.respondents.into())])}" · "
                <a href=format!("{base}/results.csv")>{tr("feedback-download-csv")}</a>" · "
                <a href=format!("{base}/results.xlsx")>{tr("feedback-download-xlsx")}</a>" · "
                <a href=format!("{base}/report.pdf")>{tr("feedback-download-pdf")}</a>" · "
                <a href=base.clone()>{tr("feedback-edit")}</a>
            </p>
            {r.questions.into_iter().enumerate().map(|(i, q)| view! {
                <section class="question-result" id=format!("q{}", q.question.id)>
                    <h3>{i + 1}". "{q.question.prompt.clone()}</h3>
                    <p class="muted">
                        {tr_args("feedback-answered", &[("count", q.answered.into())])}
                        {q.mean.map(|m| view! { " · " <strong class="mean">{tr_args("feedback-mean", &[("mean", decimal(m).into())])}</strong> })}
                        {(!q.question.low_label.is_empty()).then(|| format!(" · 1 = {}, 5 = {}", q.question.low_label, q.question.high_label))}
                    </p>
                    {(!q.chart_svg.is_empty()).then(|| view! { <div class="chart" inner_html=q.chart_svg.clone()></div> })}
                    <Groups title=tr("feedback-by-province") groups=q.by_province.clone()/>
                    <Groups title=tr("feedback-by-unit") groups=q.by_unit.clone()/>
                    {(!q.comments.is_empty()).then(|| view! {
                        <details class="comments" open=true>
                            <summary>{tr("feedback-comments")}" ("{q.comments.len()}")"</summary>
                            <ul>{q.comments.iter().map(|t| view! { <li>{t.clone()}</li> }).collect_view()}</ul>
                        </details>
                    })}
                    {(q.answered == 0).then(|| view! { <p class="empty">{tr("feedback-no-answers")}</p> })}
                </section>
            }).collect_view()}
        })
    })
}
