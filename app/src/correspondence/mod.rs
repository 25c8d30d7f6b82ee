//! Official correspondence pages: the register of outgoing documents, the invitations to units (with
//! their nomination links and the notice of change), the conclusion notice, the answers to
//! recommendations, and the units' nomination page behind their link.

mod answers;
mod conclusion;
mod invitations;
mod nomination;
mod overview;

pub use answers::AnswersPage;
pub use conclusion::ConclusionPage;
pub use invitations::InvitationsPage;
pub use nomination::NominationPage;
pub use overview::CorrespondencePage;

use crate::forms::{TextArea, TextField};
use crate::i18n::tr;
use hoinghi_domain::correspondence::limits;
use leptos::prelude::*;

/// The sub-pages of the correspondence, under the conference's tabs.
#[component]
fn SubNav(#[prop(into)] slug: String, current: &'static str) -> impl IntoView {
    let base = format!("/manage/c/{slug}/correspondence");
    let links = [
        ("register", base.clone(), "correspondence-register"),
        ("invitations", format!("{base}/invitations"), "correspondence-invitations"),
        ("conclusion", format!("{base}/conclusion"), "correspondence-conclusion"),
        ("answers", format!("{base}/answers"), "correspondence-answers"),
    ];
    view! {
        <nav class="subtabs" aria-label=tr("manage-tab-correspondence")>
            {links.into_iter().map(|(key, href, label)| {
                let here = key == current;
                view! { <a href=href aria-current=here.then_some("page") class:current=here>{tr(label)}</a> }
            }).collect_view()}
        </nav>
    }
}

/// Where a file of the conference's correspondence is downloaded.
fn file_url(slug: &str, name: &str) -> String {
    format!("/manage/c/{slug}/correspondence/files/{name}")
}

/// `YYYY-MM-DD` as "18/9/2017".
fn short(iso: &str) -> String {
    chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d").map(hoinghi_domain::time::short_date).unwrap_or_default()
}

/// The signature block's fields and the drafting unit, named `input[…]`.
#[component]
fn SignerFields(authority: String, position: String, name: String, drafting_unit: String) -> impl IntoView {
    view! {
        <fieldset>
            <legend>{tr("correspondence-signature")}</legend>
            <div class="row three">
                <TextField name="input[signer_authority]" error_for="signer_authority" label=tr("correspondence-signer-authority") value=authority max_len=limits::LINE help=tr("correspondence-signer-authority-help")/>
                <TextField name="input[signer_position]" error_for="signer_position" label=tr("correspondence-signer-position") value=position max_len=limits::LINE/>
                <TextField name="input[signer_name]" error_for="signer_name" label=tr("correspondence-signer-name") value=name max_len=limits::LINE/>
            </div>
            <TextField name="input[drafting_unit]" error_for="drafting_unit" label=tr("correspondence-drafting-unit") value=drafting_unit max_len=20usize help=tr("correspondence-drafting-unit-help")/>
        </fieldset>
    }
}

/// "Nơi nhận" besides the addressees, one per line.
#[component]
fn RecipientsField(value: String) -> impl IntoView {
    view! {
        <TextArea name="input[recipients]" error_for="recipients" label=tr("correspondence-recipients") value=value max_len=limits::TEXT rows=3 help=tr("correspondence-recipients-help")/>
    }
}

/// A number given outside the system, offered when a single document is issued.
#[component]
fn OutsideNumber() -> impl IntoView {
    view! {
        <TextField name="outside_number" label=tr("correspondence-outside-number") max_len=limits::SYMBOL help=tr("correspondence-outside-number-help")/>
    }
}
