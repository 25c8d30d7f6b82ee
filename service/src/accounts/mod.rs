//! Organizer accounts: passwords, browser sessions, API tokens, and who may do what.

mod actor;
mod api_tokens;
mod passwords;
mod sessions;
mod throttle;
mod users;

pub use actor::{Actor, require_admin, require_organizer, require_session, require_user};
pub use api_tokens::{authenticate_token, create_token, list_tokens, revoke_token};
pub use sessions::{LoginOutcome, SESSION_DAYS, login, logout, session_user};
pub use users::{CreateUser, create_user, find_user_by_email, has_users, list_users};
