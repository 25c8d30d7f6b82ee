//! Organizer accounts in the UI: sign-in, sign-out, accounts (administrators) and API tokens.

mod login;
mod me;
mod tokens;
mod users;

pub use login::{LoginPage, LogoutButton};
pub use me::get_me;
pub use tokens::TokensPage;
pub use users::UsersPage;
