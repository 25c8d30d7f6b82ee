//! The published versions of the agenda, each with its change list.

use crate::conferences::ManageNav;
use crate::forms::Notice;
use crate::i18n::{tr, tr_args};
use crate::page::PageTitle;
use crate::page::{load, param};
use hoinghi_domain::AppError;
use hoinghi_domain::agenda::{AgendaVersion, Change};
use hoinghi_domain::conference::Conference;
use hoinghi_domain::time::instant_vn;
use leptos::prelude::*;

struct VersionsData {
    conference: Conference,
    versions: Vec<AgendaVersion>,
}

async fn versions_data(slug: &str) -> Result<VersionsData, AppError> {
    use crate::ssr::{request, service};
    let (svc, actor) = (service()?, request().actor);
    let conference = hoinghi_service::conferences::by_slug_for_organizer(&svc, &actor, slug).await?;
    let versions = hoinghi_service::agenda::versions(&svc, &actor, conference.id).await?;
    Ok(VersionsData { conference, versions })
}

fn change_text(c: &Change) -> (String, &'static str) {
    match c {
        Change::Added { title, .. } => (tr_args("change-added", &[("title", title.as_str().into())]), "added"),
        Change::Moved { title, from_starts_at, to_starts_at, from_room, to_room, .. } => (
            tr_args(
                "change-moved",
                &[
                    ("title", title.as_str().into()),
                    (
                        "from",
                        format!(
                            "{}{}",
                            instant_vn(*from_starts_at),
                            from_room.as_ref().map(|r| format!(", {r}")).unwrap_or_default()
                        )
                        .into(),
                    ),
                    (
                        "to",
                        format!(
                            "{}{}",
                            instant_vn(*to_starts_at),
                            to_room.as_ref().map(|r| format!(", {r}")).unwrap_or_default()
                        )
                        .into(),
                    ),
                ],
            ),
            "moved",
        ),
        Change::Changed { title, fields, .. } => {
            let names: Vec<String> = fields.iter().map(|f| tr(&format!("field-{f}"))).collect();
            (
                tr_args("change-changed", &[("title", title.as_str().into()), ("fields", names.join(", ").into())]),
                "changed",
            )
        }
        Change::Cancelled { title, .. } => {
            (tr_args("change-cancelled", &[("title", title.as_str().into())]), "cancelled")
        }
        Change::Restored { title, .. } => (tr_args("change-restored", &[("title", title.as_str().into())]), "restored"),
        Change::Removed { title, .. } => (tr_args("change-removed", &[("title", title.as_str().into())]), "removed"),
    }
}

#[component]
pub fn VersionsPage() -> impl IntoView {
    let slug = param("slug");
    load(async move {
        let VersionsData { conference: c, versions } = versions_data(&slug).await?;
        Ok(view! {
            <PageTitle text=tr("versions-title")/>
            <ManageNav slug=c.slug.clone() title=c.title.clone() current="versions"/>
            <Notice/>
            <h1>{tr("versions-title")}</h1>
            {versions.is_empty().then(|| view! { <p class="empty">{tr("versions-empty")}</p> })}
            <ol class="versions" reversed=true>
                {versions.into_iter().map(|v| view! {
                    <li class="version">
                        <h3>{tr_args("version-heading", &[("number", v.number.into())])}</h3>
                        <p class="meta">{instant_vn(v.published_at)}{(!v.published_by.is_empty()).then(|| format!(" · {}", v.published_by))}</p>
                        <ul class="changes">
                            {v.changes.iter().map(|ch| {
                                let (text, kind) = change_text(ch);
                                view! { <li class=format!("change {kind}")>{text}</li> }
                            }).collect_view()}
                        </ul>
                    </li>
                }).collect_view()}
            </ol>
        })
    })
}
