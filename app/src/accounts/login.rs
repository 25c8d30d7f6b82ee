use crate::forms::{Form, TextField};
use crate::i18n::tr;
use crate::page::{PageTitle, query};
use hoinghi_domain::AppError;
use leptos::prelude::*;

/// Signs in with email and password, sets the session cookie and goes to `next`.
#[server(prefix = "/fn", endpoint = "login")]
pub async fn login(email: String, password: String, #[server(default)] next: String) -> Result<(), AppError> {
    use crate::ssr::{cookies, fail, redirect, request, service};
    // Checked before signing in, so a bad target cannot fail the request after the session is made.
    let next = hoinghi_domain::redirect::safe_next(&next, "/manage");
    let (svc, req) = (service()?, request());
    let outcome = hoinghi_service::accounts::login(&svc, &email, &password, &req.client_ip).await.map_err(fail)?;
    let response = expect_context::<leptos_axum::ResponseOptions>();
    let max_age = hoinghi_service::accounts::SESSION_DAYS * 86_400;
    let cookie = cookies::set(cookies::SESSION, &outcome.token, max_age, true, req.secure_cookies);
    response.append_header(
        http::header::SET_COOKIE,
        http::HeaderValue::from_str(&cookie).map_err(|_| fail(AppError::BadRequest { detail: "cookie".into() }))?,
    );
    redirect(&next);
    Ok(())
}

#[server(prefix = "/fn", endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    use crate::ssr::{cookies, fail, redirect, request, service};
    let (svc, req) = (service()?, request());
    if let Some(token) = &req.session_token {
        hoinghi_service::accounts::logout(&svc, token).await.map_err(fail)?;
    }
    let response = expect_context::<leptos_axum::ResponseOptions>();
    if let Ok(v) = http::HeaderValue::from_str(&cookies::clear(cookies::SESSION, req.secure_cookies)) {
        response.append_header(http::header::SET_COOKIE, v);
    }
    redirect("/?done=notice-logged-out");
    Ok(())
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let action = ServerAction::<Login>::new();
    let next = query("next").unwrap_or_else(|| "/manage".into());
    view! {
        <PageTitle text=tr("login-title")/>
        <section class="narrow">
            <h1>{tr("login-title")}</h1>
            <Form action=action submit=tr("login-submit") class="stack">
                <input type="hidden" name="next" value=next/>
                <TextField name="email" label=tr("login-email") kind="email" autocomplete="username" required=true max_len=254/>
                <TextField name="password" label=tr("login-password") kind="password" autocomplete="current-password" required=true/>
            </Form>
        </section>
    }
}

#[component]
pub fn LogoutButton() -> impl IntoView {
    let action = ServerAction::<Logout>::new();
    view! {
        <Form action=action class="inline">
            <button type="submit" class="link">{tr("nav-logout")}</button>
        </Form>
    }
}
