use crate::forms::{Form, TextField};
use crate::i18n::tr;
use crate::page::{PageTitle, load};
use hoinghi_domain::AppError;
use hoinghi_domain::account::{ApiToken, NewApiToken, limits};
use leptos::prelude::*;

/// The caller's tokens, and a token created a moment ago (shown once) if there is one.
async fn list_tokens() -> Result<(Vec<ApiToken>, Option<String>), AppError> {
    use crate::ssr::{cookies, request, service};
    let req = request();
    let tokens = hoinghi_service::accounts::list_tokens(&service()?, &req.actor).await?;
    // The new secret comes back through a one-time cookie, cleared as it is shown.
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
async fn organizer_calendar() -> Result<String, AppError> {
    use crate::ssr::{request, service};
    Ok(hoinghi_service::calendar::organizer_feed_url(&service()?, &request().actor).await?)
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
    view! {
        <PageTitle text=tr("tokens-title")/>
        <h1>{tr("tokens-title")}</h1>
        <crate::forms::Notice/>
        <p>{tr("tokens-help")}</p>
        {load(async move {
            let (list, fresh) = list_tokens().await?;
            Ok(view! {
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
            })
        })}
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
    view! {
        <section id="calendar">
            <h2>{tr("calendar-organizer")}</h2>
            <p class="help">{tr("calendar-organizer-help")}</p>
            {load(async move {
                Ok(organizer_calendar().await.ok().map(|u| view! {
                    <crate::calendar::SubscribeMenu path=u name=tr("calendar-organizer-name")/>
                }))
            })}
            <Form action=reset class="inline">
                <button type="submit" class="secondary">{tr("calendar-reset")}</button>
            </Form>
        </section>
    }
}
