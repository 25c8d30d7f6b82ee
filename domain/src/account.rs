//! Organizer accounts and what they may do. Delegates never need an account.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct User {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    /// Administrators manage accounts, reference data and every conference.
    pub is_admin: bool,
    pub created_at: i64,
}

/// An API token as listed to its owner; the secret is shown once, at creation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiToken {
    pub id: i64,
    pub name: String,
    /// The first characters of the token, to recognise it.
    pub prefix: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

/// A freshly created token, the only time its secret is visible.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewApiToken {
    pub token: ApiToken,
    pub secret: String,
}

pub mod limits {
    pub const EMAIL: usize = 254;
    pub const DISPLAY_NAME: usize = 120;
    pub const PASSWORD_MIN: usize = 10;
    pub const PASSWORD_MAX: usize = 200;
    pub const TOKEN_NAME: usize = 80;
}
