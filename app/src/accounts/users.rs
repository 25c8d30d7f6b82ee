use crate::forms::{CheckboxField, Form, Notice, TextField};
use crate::i18n::tr;
use crate::page::{PageTitle, load};
use crate::ssr::{request, service};
use hoinghi_domain::AppError;
use hoinghi_domain::account::limits;
use leptos::prelude::*;

#[server(prefix = "/fn", endpoint = "users/create")]
pub async fn create_user(
    email: String,
    display_name: String,
    password: String,
    #[server(default)] is_admin: Option<String>,
) -> Result<(), AppError> {
    use crate::ssr::{fail, redirect, request, service};
    let input = hoinghi_service::accounts::CreateUser { email, display_name, password, is_admin: is_admin.is_some() };
    hoinghi_service::accounts::create_user(&service()?, &request().actor, input).await.map_err(fail)?;
    redirect("/admin/users?done=notice-user-created");
    Ok(())
}

#[component]
pub fn UsersPage() -> impl IntoView {
    let create = ServerAction::<CreateUser>::new();
    view! {
        <PageTitle text=tr("users-title")/>
        {load(async move {
            let list = hoinghi_service::accounts::list_users(&service()?, &request().actor).await?;
            Ok(view! {
                <h1>{tr("users-title")}</h1>
                <Notice/>
                <table class="list">
                    <thead><tr><th>{tr("users-name")}</th><th>{tr("users-email")}</th><th>{tr("users-admin")}</th></tr></thead>
                    <tbody>
                        {list.into_iter().map(|u| view! {
                            <tr>
                                <td>{u.display_name}</td>
                                <td>{u.email}</td>
                                <td>{if u.is_admin { tr("users-role-admin") } else { tr("users-role-organizer") }}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                <h2>{tr("users-new")}</h2>
                <Form action=create submit=tr("users-new") class="stack">
                    <TextField name="email" label=tr("users-email") kind="email" required=true max_len=limits::EMAIL/>
                    <TextField name="display_name" label=tr("users-name") required=true max_len=limits::DISPLAY_NAME/>
                    <TextField name="password" label=tr("users-password") kind="password" autocomplete="new-password" required=true max_len=limits::PASSWORD_MAX/>
                    <CheckboxField name="is_admin" label=tr("users-admin")/>
                </Form>
            })
        })}
    }
}
