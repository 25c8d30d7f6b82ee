//! `/manage/c/:slug/minutes`: the minutes editor (one form, works without JavaScript), its saves and
//! versions, the state buttons, a conflict shown with both texts, and the download links of every
//! printed document.

use crate::conferences::ManageNav;
use crate::forms::{ConfirmBox, Echo, Form, Notice, TextArea, TextField};
use crate::i18n::{tr, tr_args};
use crate::page::{PageTitle, load, param, query};
use crate::ssr::{request, service};
use hoinghi_domain::AppError;
use hoinghi_domain::conference::Conference;
use hoinghi_domain::minutes::{MinutesContent, MinutesState, MinutesView, OpinionInput, TaskInput, limits};
use hoinghi_domain::time::instant_vn;
use leptos::prelude::*;

/// The document counts shown beside the links.
struct Counts {
    sessions: usize,
    signin_sheets: usize,
    delegates: usize,
    certificates: usize,
    threshold: String,
}

async fn get_minutes(slug: &str, threshold: Option<String>) -> Result<(Conference, MinutesView, Counts), AppError> {
    let (svc, actor) = (service()?, request().actor);
    let c = hoinghi_service::conferences::by_slug_for_organizer(&svc, &actor, slug).await?;
    let view = hoinghi_service::minutes::view(&svc, &actor, c.id).await?;
    let threshold = threshold.filter(|t| !t.trim().is_empty()).unwrap_or_else(|| "4".into());
    let hours = hoinghi_service::documents::parse_threshold(&threshold).unwrap_or(4.0);
    let n = hoinghi_service::documents::counts(&svc, &actor, c.id, hours).await?;
    Ok((
        c,
        view,
        Counts {
            sessions: n.sessions,
            signin_sheets: n.signin_sheets,
            delegates: n.delegates,
            certificates: n.certificates,
            threshold,
        },
    ))
}

#[server(prefix = "/fn", endpoint = "minutes/save")]
pub async fn save_minutes(slug: String, revision: i64, input: MinutesContent) -> Result<i64, AppError> {
    use crate::ssr::{fail, redirect, request, service};
    use hoinghi_service::minutes::SaveOutcome;
    let (svc, actor) = (service()?, request().actor);
    let c = hoinghi_service::conferences::by_slug_for_organizer(&svc, &actor, &slug).await.map_err(fail)?;
    match hoinghi_service::minutes::save(&svc, &actor, c.id, revision, input).await.map_err(fail)? {
        SaveOutcome::Saved { revision } => {
            redirect(&format!("/manage/c/{slug}/minutes?done=notice-minutes-saved"));
            Ok(revision)
        }
        SaveOutcome::Conflict(_) => {
            Err(fail(AppError::Conflict { message: hoinghi_domain::Message::new("minutes-conflict-title") }))
        }
    }
}

#[server(prefix = "/fn", endpoint = "minutes/state")]
pub async fn change_minutes_state(
    slug: String,
    revision: i64,
    action: String,
    #[server(default)] reason: String,
    #[server(default)] confirm: Option<String>,
) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    use hoinghi_service::minutes;
    // Final minutes are locked for good (a correction is a new version): the box must be ticked.
    if action == "final" {
        crate::forms::require_confirmation(&confirm).map_err(fail)?;
    }
    let (svc, actor) = (service()?, request().actor);
    let c = hoinghi_service::conferences::by_slug_for_organizer(&svc, &actor, &slug).await.map_err(fail)?;
    match action.as_str() {
        "review" => minutes::send_for_review(&svc, &actor, c.id, revision).await.map(|_| ()),
        "draft" => minutes::back_to_draft(&svc, &actor, c.id, revision).await,
        "final" => minutes::finalize(&svc, &actor, c.id, revision).await.map(|_| ()),
        "correct" => minutes::correct(&svc, &actor, c.id, &reason).await.map(|_| ()),
        _ => return Err(fail(AppError::invalid("action", hoinghi_domain::Message::new("error-choice")))),
    }
    .map_err(fail)?;
    redirect(&format!("/manage/c/{slug}/minutes?done=notice-minutes-state"));
    Ok(())
}

/// The flat fields of the content: (name, label key, value, multi-line).
fn flat(c: &MinutesContent) -> Vec<(&'static str, &'static str, String, bool)> {
    vec![
        ("parent_agency", "minutes-parent-agency", c.parent_agency.clone(), false),
        ("issuing_agency", "minutes-issuing-agency", c.issuing_agency.clone(), false),
        ("number", "minutes-number", c.number.clone(), false),
        ("place_date", "minutes-place-date", c.place_date.clone(), false),
        ("meeting_name", "minutes-meeting-name", c.meeting_name.clone(), false),
        ("start_date", "minutes-start-date", c.start_date.clone(), false),
        ("start_time", "minutes-start-time", c.start_time.clone(), false),
        ("end_date", "minutes-end-date", c.end_date.clone(), false),
        ("end_time", "minutes-end-time", c.end_time.clone(), false),
        ("venue", "minutes-venue", c.venue.clone(), false),
        ("chair_name", "minutes-chair-name", c.chair_name.clone(), false),
        ("chair_position", "minutes-chair-position", c.chair_position.clone(), false),
        ("secretary_name", "minutes-secretary-name", c.secretary_name.clone(), false),
        ("secretary_position", "minutes-secretary-position", c.secretary_position.clone(), false),
        ("attendance_summary", "minutes-attendance-summary", c.attendance_summary.clone(), true),
        ("expected", "minutes-expected", c.expected.clone(), false),
        ("present", "minutes-present", c.present.clone(), false),
        ("by_unit", "minutes-by-unit", c.by_unit.clone(), true),
        ("absentees", "minutes-absentees", c.absentees.clone(), true),
        ("key_delegates", "minutes-key-delegates", c.key_delegates.clone(), true),
        ("guests", "minutes-guests", c.guests.clone(), true),
        ("conclusions", "minutes-conclusions", c.conclusions.clone(), true),
        ("recipients", "minutes-recipients", c.recipients.clone(), true),
    ]
}

/// Every (input name, label, saved value) of the form, for the conflict view.
fn all_fields(c: &MinutesContent) -> Vec<(String, String, String)> {
    let mut out: Vec<(String, String, String)> =
        flat(c).into_iter().map(|(n, l, v, _)| (format!("input[{n}]"), tr(l), v)).collect();
    for (i, p) in c.proceedings.iter().enumerate() {
        let label = tr_args("minutes-item-heading", &[("n", (i as i64 + 1).into())]);
        out.push((format!("input[proceedings][{i}][heading]"), label.clone(), p.heading.clone()));
        out.push((
            format!("input[proceedings][{i}][body]"),
            format!("{label} · {}", tr("minutes-item-body")),
            p.body.clone(),
        ));
    }
    out
}

fn field(name: &'static str, label: &'static str, value: String, multi: bool) -> AnyView {
    let input = format!("input[{name}]");
    if multi {
        view! { <TextArea name=input error_for=name.to_string() label=tr(label) value=value max_len=limits::TEXT rows=4/> }
            .into_any()
    } else if name.ends_with("_date") {
        // Dates are stored as ISO dates: the browser's date picker shows them in the reader's format.
        view! { <TextField name=input error_for=name.to_string() label=tr(label) value=value kind="date"/> }.into_any()
    } else {
        view! { <TextField name=input error_for=name.to_string() label=tr(label) value=value max_len=limits::LINE/> }
            .into_any()
    }
}

fn section(title: &'static str, names: &[&str], c: &MinutesContent) -> AnyView {
    let fields =
        flat(c).into_iter().filter(|(n, ..)| names.contains(n)).map(|(n, l, v, m)| field(n, l, v, m)).collect_view();
    view! { <fieldset><legend>{tr(title)}</legend>{fields}</fieldset> }.into_any()
}

fn editor(c: &MinutesContent, locked: bool) -> AnyView {
    // Two empty rows for new opinions and tasks, one for a new proceedings item.
    let mut proceedings = c.proceedings.clone();
    proceedings.push(Default::default());
    let mut opinions = c.opinions.clone();
    opinions.extend([OpinionInput::default(), OpinionInput::default()]);
    let mut tasks = c.tasks.clone();
    tasks.extend([TaskInput::default(), TaskInput::default()]);
    view! {
        <fieldset disabled=locked class="minutes-editor">
            {section("minutes-section-header", &["parent_agency", "issuing_agency", "number", "place_date"], c)}
            {section("minutes-section-meeting", &["meeting_name", "start_date", "start_time", "end_date", "end_time", "venue", "chair_name", "chair_position", "secretary_name", "secretary_position"], c)}
            {section("minutes-section-attendance", &["attendance_summary", "expected", "present", "by_unit", "absentees", "key_delegates", "guests"], c)}
            <fieldset><legend>{tr("minutes-section-proceedings")}</legend>
                {proceedings.into_iter().enumerate().map(|(i, p)| {
                    let n = (i as i64 + 1).into();
                    view! {
                        <div class="minutes-item">
                            <TextField name=format!("input[proceedings][{i}][heading]") error_for=format!("proceedings.{i}.heading") label=tr_args("minutes-item-heading", &[("n", n)]) value=p.heading max_len=limits::LINE/>
                            <TextField name=format!("input[proceedings][{i}][presenter]") error_for=format!("proceedings.{i}.presenter") label=tr("minutes-item-presenter") value=p.presenter max_len=limits::LINE/>
                            <TextArea name=format!("input[proceedings][{i}][body]") error_for=format!("proceedings.{i}.body") label=tr("minutes-item-body") value=p.body max_len=limits::TEXT rows=5/>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <fieldset><legend>{tr("minutes-section-opinions")}</legend>
                {opinions.into_iter().enumerate().map(|(i, o)| view! {
                    <div class="minutes-item">
                        <TextField name=format!("input[opinions][{i}][speaker]") error_for=format!("opinions.{i}.speaker") label=tr("minutes-opinion-speaker") value=o.speaker max_len=limits::LINE/>
                        <TextField name=format!("input[opinions][{i}][position]") error_for=format!("opinions.{i}.position") label=tr("minutes-opinion-position") value=o.position max_len=limits::LINE/>
                        <TextField name=format!("input[opinions][{i}][unit]") error_for=format!("opinions.{i}.unit") label=tr("minutes-opinion-unit") value=o.unit max_len=limits::LINE/>
                        <TextArea name=format!("input[opinions][{i}][content]") error_for=format!("opinions.{i}.content") label=tr("minutes-opinion-content") value=o.content max_len=limits::TEXT rows=3/>
                    </div>
                }).collect_view()}
            </fieldset>
            <fieldset><legend>{tr("minutes-section-conclusions")}</legend>
                {flat(c).into_iter().filter(|(n, ..)| *n == "conclusions").map(|(n, l, v, m)| field(n, l, v, m)).collect_view()}
                <table class="list minutes-tasks">
                    <thead><tr><th>{tr("minutes-task-unit")}</th><th>{tr("minutes-task-task")}</th><th>{tr("minutes-task-deadline")}</th></tr></thead>
                    <tbody>
                        {tasks.into_iter().enumerate().map(|(i, t)| view! {
                            <tr>
                                <td><TextField name=format!("input[tasks][{i}][unit]") error_for=format!("tasks.{i}.unit") label=tr("minutes-task-unit") value=t.unit max_len=limits::LINE/></td>
                                <td><TextArea name=format!("input[tasks][{i}][task]") error_for=format!("tasks.{i}.task") label=tr("minutes-task-task") value=t.task max_len=limits::TEXT rows=2/></td>
                                <td><TextField name=format!("input[tasks][{i}][deadline]") error_for=format!("tasks.{i}.deadline") label=tr("minutes-task-deadline") value=t.deadline max_len=limits::LINE/></td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                {flat(c).into_iter().filter(|(n, ..)| *n == "recipients").map(|(n, l, v, m)| field(n, l, v, m)).collect_view()}
            </fieldset>
        </fieldset>
    }
    .into_any()
}

/// After a conflicting save without JavaScript: what was sent beside what is saved, field by field.
fn conflict_view(current: &MinutesContent, revision: i64) -> Option<AnyView> {
    let echo = use_context::<Echo>().and_then(|e| e.0).filter(|e| matches!(e.error, AppError::Conflict { .. }))?;
    let rows = all_fields(current)
        .into_iter()
        .filter_map(|(name, label, saved)| {
            let yours = echo.value(&name)?.replace("\r\n", "\n");
            (yours.trim() != saved.trim()).then(|| view! {
                <tr><th scope="row">{label}</th><td><pre class="minutes-text">{yours}</pre></td><td><pre class="minutes-text">{saved}</pre></td></tr>
            })
        })
        .collect_view();
    Some(view! {
        <section class="minutes-conflict" role="alert">
            <h2>{tr("minutes-conflict-title")}</h2>
            <p>{tr_args("minutes-conflict-help", &[("revision", revision.into())])}</p>
            <table class="list">
                <thead><tr><th></th><th>{tr("minutes-conflict-yours")}</th><th>{tr("minutes-conflict-current")}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
    .into_any())
}

#[component]
pub fn MinutesPage() -> impl IntoView {
    let (slug, threshold) = (param("slug"), query("threshold"));
    let save = ServerAction::<SaveMinutes>::new();
    let state = ServerAction::<ChangeMinutesState>::new();
    load(async move {
        let (c, v, counts) = get_minutes(&slug, threshold).await?;
        let base = format!("/manage/c/{}/documents", c.slug);
        let recount = format!("/manage/c/{}/minutes#documents", c.slug);
        let slug = StoredValue::new(c.slug.clone());
        let st = v.current.as_ref().map(|x| x.state).unwrap_or(MinutesState::Draft);
        let locked = st == MinutesState::Final;
        let status = match &v.current {
            None => tr("minutes-not-saved"),
            Some(cur) => tr_args(
                "minutes-state",
                &[
                    ("state", tr(st.label_key()).into()),
                    ("version", cur.version.into()),
                    ("revision", v.revision.into()),
                ],
            ),
        };
        let replaces = v.current.as_ref().and_then(|cur| {
            cur.replaces_version.map(|n| {
                tr_args("minutes-replaces", &[("version", n.into()), ("reason", cur.correction_reason.clone().into())])
            })
        });
        let hashes = v.current.as_ref().and_then(|cur| {
            Some(tr_args(
                "minutes-final-hash",
                &[("content", cur.content_hash.clone()?.into()), ("pdf", cur.pdf_hash.clone()?.into())],
            ))
        });
        let state_buttons: Vec<(&str, &str)> = match (&v.current, st) {
            (None, _) => vec![],
            (_, MinutesState::Draft) => vec![("review", "minutes-send-review")],
            (_, MinutesState::Review) => vec![("draft", "minutes-back-draft")],
            (_, MinutesState::Final) => vec![],
        };
        Ok(view! {
            <PageTitle text=tr("minutes-title")/>
            <ManageNav slug=slug.get_value() title=c.title.clone() current="minutes"/>
            <Notice/>
            <h1>{tr("minutes-title")}</h1>
            <p class="meta minutes-status">{status}</p>
            {replaces.map(|r| view! { <p class="meta">{r}</p> })}
            {hashes.map(|h| view! { <p class="meta minutes-hash">{h}</p> })}
            {locked.then(|| view! { <p class="notice">{tr("minutes-locked")}</p> })}
            {conflict_view(&v.content, v.revision)}
            <Form action=save class="stack minutes">
                <input type="hidden" name="slug" value=slug.get_value()/>
                <input type="hidden" name="revision" value=v.revision/>
                {editor(&v.content, locked)}
                {(!locked).then(|| view! { <div class="actions"><button type="submit" class="primary">{tr("minutes-save")}</button></div> })}
            </Form>
            {state_buttons.into_iter().map(|(action, label)| view! {
                <Form action=state class="inline">
                    <input type="hidden" name="slug" value=slug.get_value()/>
                    <input type="hidden" name="revision" value=v.revision/>
                    <input type="hidden" name="action" value=action/>
                    <button type="submit">{tr(label)}</button>
                </Form>
            }).collect_view()}
            {(st == MinutesState::Review && v.current.is_some()).then(|| view! {
                <section class="danger-zone" aria-labelledby="final-h">
                    <h2 id="final-h">{tr("minutes-make-final")}</h2>
                    <p class="help">{tr("minutes-final-help")}</p>
                    <Form action=state class="stack compact">
                        <input type="hidden" name="slug" value=slug.get_value()/>
                        <input type="hidden" name="revision" value=v.revision/>
                        <input type="hidden" name="action" value="final"/>
                        <ConfirmBox label=tr("minutes-final-confirm")/>
                        <div class="actions"><button type="submit" class="danger">{tr("minutes-make-final")}</button></div>
                    </Form>
                </section>
            })}
            {locked.then(|| view! {
                <Form action=state class="stack compact">
                    <input type="hidden" name="slug" value=slug.get_value()/>
                    <input type="hidden" name="revision" value=v.revision/>
                    <input type="hidden" name="action" value="correct"/>
                    <TextArea name="reason" label=tr("minutes-correct-reason") max_len=limits::REASON rows=2 required=true/>
                    <div class="actions"><button type="submit">{tr("minutes-correct")}</button></div>
                </Form>
            })}
            <h2>{tr("minutes-revisions")}</h2>
            <ul class="minutes-revisions">
                {v.revisions.iter().map(|r| view! { <li>{tr_args("minutes-revision-line", &[("number", r.number.into()), ("by", r.saved_by.clone().into()), ("at", instant_vn(r.saved_at).into())])}</li> }).collect_view()}
            </ul>
            <h2>{tr("minutes-versions")}</h2>
            <ul class="minutes-versions">
                {v.versions.iter().map(|x| view! { <li>{tr_args("minutes-version-line", &[("version", x.version.into()), ("state", tr(x.state.label_key()).into())])}</li> }).collect_view()}
            </ul>
            <h2 id="documents">{tr("documents-title")}</h2>
            <p class="meta">{tr("documents-help")}</p>
            <ul class="documents">
                <li><a href=format!("{base}/minutes.pdf")>{tr("documents-minutes")}</a></li>
                <li><a href=format!("{base}/agenda.pdf")>{tr_args("documents-agenda", &[("count", (counts.sessions as i64).into())])}</a></li>
                <li><a href=format!("{base}/delegates.pdf")>{tr_args("documents-delegates", &[("count", (counts.delegates as i64).into())])}</a></li>
                <li><a href=format!("{base}/signin.pdf")>{tr_args("documents-signin", &[("count", (counts.signin_sheets as i64).into())])}</a></li>
                <li><a href=format!("{base}/badges.pdf")>{tr_args("documents-badges", &[("count", (counts.delegates as i64).into())])}</a></li>
                <li><a href=format!("{base}/certificates.pdf?threshold={}", counts.threshold)>{tr_args("documents-certificates", &[("count", (counts.certificates as i64).into()), ("hours", counts.threshold.clone().into())])}</a></li>
            </ul>
            <p><a href=format!("/manage/c/{}/document-jobs", slug.get_value())>{tr("documents-jobs-link")}</a></p>
            <form method="get" action=recount class="inline">
                <label for="threshold">{tr("documents-threshold")}</label>" "
                <input id="threshold" name="threshold" value=counts.threshold.clone() inputmode="decimal" size="5"/>" "
                <button type="submit">{tr("documents-threshold-apply")}</button>
            </form>
        })
    })
}
