use crate::errors::ErrorView;
use crate::forms::{Form, TextField};
use crate::i18n::tr;
use hoinghi_domain::AppError;
use hoinghi_domain::account::{ApiToken, NewApiToken, limits};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use leptos_meta::Title;

/// The caller's tokens, and a token created a moment ago (shown once) if there is one.
#[server(prefix = "/fn", endpoint = "tokens/list", input = GetUrl)]
pub async fn list_tokens() -> Result<(Vec<ApiToken>, Option<String>), AppError> {
    use crate::ssr::{cookies, fail, request, service};
    let req = request();
    let tokens = hoinghi_service::accounts::list_tokens(&service()?, &req.actor).await.map_err(fail)?;
    // Without JavaScript the new secret comes back through a one-time cookie, cleared as it is shown.
    let fresh = use_context::<http::request::Parts>().and_then(|p| {
        p.headers
            .get_all(http::header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .find_map(|c| c.trim().strip_prefix(&format!("{FLASH}=")).map(str::to_string))
    });
    if fresh.is_some()
        && let (Some(response), Ok(v)) = (
            use_context::<leptos_axum::ResponseOptions>(),
            http::HeaderValue::from_str(&cookies::clear(FLASH, req.secure_cookies)),
        )
    {
        response.append_header(http::header::SET_COOKIE, v);
    }
    Ok((tokens, fresh.filter(|s| s.starts_with("hn_"))))
}

/// The caller's private calendar of the conferences they organize.
#[server(prefix = "/fn", endpoint = "tokens/calendar", input = GetUrl)]
pub async fn organizer_calendar() -> Result<String, AppError> {
    use crate::ssr::{fail, request, service};
    hoinghi_service::calendar::organizer_feed_url(&service()?, &request().actor).await.map_err(fail)
}

#[server(prefix = "/fn", endpoint = "tokens/calendar-reset")]
pub async fn reset_organizer_calendar() -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    hoinghi_service::calendar::reset_organizer_feed(&service()?, &request().actor).await.map_err(fail)?;
    redirect("/account/tokens?done=notice-calendar-reset");
    Ok(())
}

#[cfg(feature = "ssr")]
const FLASH: &str = "hoinghi_new_token";

#[server(prefix = "/fn", endpoint = "tokens/create")]
pub async fn create_token(name: String) -> Result<NewApiToken, AppError> {
    use crate::ssr::{cookies, fail, redirect, request, service};
    let req = request();
    let created = hoinghi_service::accounts::create_token(&service()?, &req.actor, &name).await.map_err(fail)?;
    if let (Some(response), Ok(v)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(&cookies::set(FLASH, &created.secret, 120, true, req.secure_cookies)),
    ) {
        response.append_header(http::header::SET_COOKIE, v);
    }
    redirect("/account/tokens");
    Ok(created)
}

#[server(prefix = "/fn", endpoint = "tokens/revoke")]
pub async fn revoke_token(id: i64) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    hoinghi_service::accounts::revoke_token(&service()?, &request().actor, id).await.map_err(fail)?;
    redirect("/account/tokens");
    Ok(())
}

#[component]
pub fn TokensPage() -> impl IntoView {
    let create = ServerAction::<CreateToken>::new();
    let revoke = ServerAction::<RevokeToken>::new();
    let tokens = Resource::new(move || (create.version().get(), revoke.version().get()), |_| list_tokens());
    let fresh_from_action = move || create.value().get().and_then(|r| r.ok()).map(|t| t.secret);
    view! {
        <Title text=tr("tokens-title")/>
        <h1>{tr("tokens-title")}</h1>
        <crate::forms::Notice/>
        <p>{tr("tokens-help")}</p>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match tokens.await {
                    Err(e) => view! { <ErrorView error=e/> }.into_any(),
                    Ok((list, fresh)) => {
                        let fresh = fresh_from_action().or(fresh);
                        view! {
                            {fresh.map(|secret| view! {
                                <div class="notice" role="status">
                                    <p>{tr("tokens-created")}</p>
                                    <pre class="secret"><code>{secret}</code></pre>
                                </div>
                            })}
                            {if list.is_empty() {
                                view! { <p>{tr("tokens-empty")}</p> }.into_any()
                            } else {
                                view! {
                                    <table class="list">
                                        <thead><tr><th>{tr("tokens-name")}</th><th>{tr("tokens-token")}</th><th>{tr("tokens-last-used")}</th><th></th></tr></thead>
                                        <tbody>
                                            {list.into_iter().map(|t| view! { <TokenRow token=t revoke=revoke/> }).collect_view()}
                                        </tbody>
                                    </table>
                                }.into_any()
                            }}
                        }.into_any()
                    }
                }
            })}
        </Suspense>
        <OrganizerCalendar/>
        <h2>{tr("tokens-create")}</h2>
        <Form action=create submit=tr("tokens-create") class="stack">
            <TextField name="name" label=tr("tokens-name") required=true max_len=limits::TOKEN_NAME/>
        </Form>
    }
}

#[component]
fn TokenRow(token: ApiToken, revoke: ServerAction<RevokeToken>) -> impl IntoView {
    let last_used = token.last_used_at.map(hoinghi_domain::time::instant_vn).unwrap_or_else(|| tr("tokens-never"));
    view! {
        <tr>
            <td>{token.name}</td>
            <td><code>{format!("{}…", token.prefix)}</code></td>
            <td>{last_used}</td>
            <td>
                {if token.revoked_at.is_some() {
                    view! { <span class="badge">{tr("tokens-revoked")}</span> }.into_any()
                } else {
                    view! {
                        <Form action=revoke class="inline">
                            <input type="hidden" name="id" value=token.id/>
                            <button type="submit" class="link danger">{tr("tokens-revoke")}</button>
                        </Form>
                    }.into_any()
                }}
            </td>
        </tr>
    }
}

#[component]
fn OrganizerCalendar() -> impl IntoView {
    let reset = ServerAction::<ResetOrganizerCalendar>::new();
    let url = Resource::new(move || reset.version().get(), |_| organizer_calendar());
    view! {
        <section id="calendar">
            <h2>{tr("calendar-organizer")}</h2>
            <p class="help">{tr("calendar-organizer-help")}</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    url.await.ok().map(|u| view! {
                        <crate::calendar::SubscribeMenu path=u name=tr("calendar-organizer-name")/>
                    })
                })}
            </Suspense>
            <Form action=reset class="inline">
                <button type="submit" class="secondary">{tr("calendar-reset")}</button>
            </Form>
        </section>
    }
}
