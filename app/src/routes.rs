//! The application root: routes, and the HTML shell the server renders around them.

use crate::accounts::{LoginPage, TokensPage, UsersPage};
use crate::agenda::{
    AgendaEditor, AgendaPage, EditSession, NewSession, RoomsPage, SessionPage, SpeakerPage, SpeakersPage, VersionsPage,
};
use crate::conferences::{ConferenceDashboard, ConferencePage, Dashboard, HomePage, ManageConference, NewConference};
use crate::errors::NotFound;
use crate::forms::{Echo, FormEcho};
use crate::layout::Layout;
use crate::minutes::MinutesPage;
use crate::page::{Assets, IslandsOnPage};
use crate::people::{PeoplePage, PersonPage};
use crate::registration::{
    CheckinPage, DelegatePage, ImportPage, ImportPreviewPage, LinkRequestPage, NominatePage, OutboxPage, RegisterPage,
    RegistrationDetail, RegistrationSettingsPage, RegistrationsPage,
};
use hoinghi_domain::Locale;
use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{SsrMode, path};

/// The document around the app. Everything here runs on the server: the browser receives HTML, plus
/// the islands' script on pages that hold an island.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let _ = options;
    let request = crate::ssr::request();
    // Islands mode: only islands hydrate, so the rest of the page needs no hydration markers.
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    // The renderer's own scripts carry this answer's CSP nonce.
    provide_context(leptos::nonce::Nonce::from_value(request.nonce.clone()));
    let lang = request.locale.code();
    view! {
        <!DOCTYPE html>
        <html lang=lang>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let request = crate::ssr::request();
    provide_context::<Locale>(request.locale);
    let site =
        crate::ssr::service().map(|s| s.settings.public_url.trim_end_matches('/').to_string()).unwrap_or_default();
    provide_context(crate::calendar::SiteUrl(site));
    provide_context(Echo(use_context::<FormEcho>()));
    provide_context(IslandsOnPage::default());
    let css = use_context::<Assets>().map(|a| a.css).unwrap_or_else(|| "/pkg/hoinghi.css".into());
    let app_name = crate::i18n::tr("app-name");

    view! {
        <Stylesheet id="leptos" href=css/>
        // Page titles arrive escaped (`PageTitle`); the application's name is ours.
        <Title formatter=move |text: String| if text.is_empty() { app_name.clone() } else { format!("{text} · {app_name}") }/>
        <Router>
            <Routes fallback=NotFound>
                <ParentRoute path=path!("") view=Layout ssr=SsrMode::Async>
                    <Route path=path!("") view=HomePage/>
                    <Route path=path!("c/:slug") view=ConferencePage/>
                    <Route path=path!("c/:slug/agenda") view=AgendaPage/>
                    <Route path=path!("c/:slug/sessions/:uid") view=SessionPage/>
                    <Route path=path!("c/:slug/speakers") view=SpeakersPage/>
                    <Route path=path!("c/:slug/speakers/:id") view=SpeakerPage/>
                    <Route path=path!("c/:slug/register") view=RegisterPage/>
                    <Route path=path!("c/:slug/register/link") view=LinkRequestPage/>
                    <Route path=path!("r/:token") view=DelegatePage/>
                    <Route path=path!("n/:token") view=crate::correspondence::NominationPage/>
                    <Route path=path!("r/:token/feedback/:id") view=crate::feedback::DelegateFeedbackPage/>
                    <Route path=path!("c/:slug/feedback/:id") view=crate::feedback::PublicFeedbackPage/>
                    <Route path=path!("login") view=LoginPage/>
                    <Route path=path!("manage") view=Dashboard/>
                    <Route path=path!("manage/new") view=NewConference/>
                    <Route path=path!("manage/c/:slug") view=ConferenceDashboard/>
                    <Route path=path!("manage/c/:slug/settings") view=ManageConference/>
                    <Route path=path!("manage/c/:slug/agenda") view=AgendaEditor/>
                    <Route path=path!("manage/c/:slug/sessions/new") view=NewSession/>
                    <Route path=path!("manage/c/:slug/sessions/:id") view=EditSession/>
                    <Route path=path!("manage/c/:slug/rooms") view=RoomsPage/>
                    <Route path=path!("manage/c/:slug/people") view=PeoplePage/>
                    <Route path=path!("manage/c/:slug/people/:id") view=PersonPage/>
                    <Route path=path!("manage/c/:slug/versions") view=VersionsPage/>
                    <Route path=path!("manage/c/:slug/registrations") view=RegistrationsPage/>
                    <Route path=path!("manage/c/:slug/registrations/new") view=NominatePage/>
                    <Route path=path!("manage/c/:slug/registrations/import") view=ImportPage/>
                    <Route path=path!("manage/c/:slug/registrations/import/:id") view=ImportPreviewPage/>
                    <Route path=path!("manage/c/:slug/registrations/:id") view=RegistrationDetail/>
                    <Route path=path!("manage/c/:slug/registration-settings") view=RegistrationSettingsPage/>
                    <Route path=path!("manage/c/:slug/checkin") view=CheckinPage/>
                    <Route path=path!("manage/c/:slug/minutes") view=MinutesPage/>
                    <Route path=path!("manage/c/:slug/document-jobs") view=crate::documents::DocumentJobsPage/>
                    <Route path=path!("manage/c/:slug/document-jobs/:id") view=crate::documents::DocumentJobPage/>
                    <Route path=path!("manage/c/:slug/outbox") view=OutboxPage/>
                    <Route path=path!("manage/c/:slug/correspondence") view=crate::correspondence::CorrespondencePage/>
                    <Route path=path!("manage/c/:slug/correspondence/invitations") view=crate::correspondence::InvitationsPage/>
                    <Route path=path!("manage/c/:slug/correspondence/conclusion") view=crate::correspondence::ConclusionPage/>
                    <Route path=path!("manage/c/:slug/correspondence/answers") view=crate::correspondence::AnswersPage/>
                    <Route path=path!("manage/c/:slug/feedback") view=crate::feedback::FeedbackOverviewPage/>
                    <Route path=path!("manage/c/:slug/feedback/:id") view=crate::feedback::FeedbackFormPage/>
                    <Route path=path!("manage/c/:slug/feedback/:id/results") view=crate::feedback::FeedbackResultsPage/>
                    <Route path=path!("manage/c/:slug/recommendations") view=crate::feedback::RecommendationsPage/>
                    <Route path=path!("admin/users") view=UsersPage/>
                    <Route path=path!("account/tokens") view=TokensPage/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
