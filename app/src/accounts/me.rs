use hoinghi_domain::AppError;
use hoinghi_domain::account::User;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// The signed-in account, if any (resolved once per request by the HTTP layer).
#[server(prefix = "/fn", endpoint = "me", input = GetUrl)]
pub async fn get_me() -> Result<Option<User>, AppError> {
    Ok(crate::ssr::request().user)
}
