//! Organizer accounts in the UI: sign-in, sign-out, accounts (administrators) and API tokens.

mod login;
mod tokens;
mod users;

pub use login::{LoginPage, LogoutButton};
pub use tokens::TokensPage;
pub use users::UsersPage;
