//! Who is acting, and the permission checks every service function starts with.

use crate::Service;
use crate::error::Result;
use hoinghi_domain::AppError;

#[derive(Clone, Debug, PartialEq)]
pub enum Actor {
    /// A visitor without an account (the public, delegates).
    Anonymous,
    /// A signed-in organizer or administrator, by browser session (or the command line on their behalf).
    User { id: i64, is_admin: bool },
    /// An organizer or administrator through one of their API tokens: their rights, except managing
    /// tokens (so a leaked token cannot outlive its revocation by minting others).
    Token { id: i64, is_admin: bool },
    /// The command line and the demo loader, which run with the machine owner's rights.
    System,
}

impl Actor {
    pub fn user_id(&self) -> Option<i64> {
        match self {
            Actor::User { id, .. } | Actor::Token { id, .. } => Some(*id),
            _ => None,
        }
    }

    pub fn is_admin(&self) -> bool {
        matches!(self, Actor::User { is_admin: true, .. } | Actor::Token { is_admin: true, .. } | Actor::System)
    }
}

/// Any signed-in account.
pub fn require_user(actor: &Actor) -> Result<()> {
    match actor {
        Actor::Anonymous => Err(AppError::Unauthorized.into()),
        _ => Ok(()),
    }
}

/// A person signed in with their password, in a browser (or on the command line): not an API token.
pub fn require_session(actor: &Actor) -> Result<()> {
    match actor {
        Actor::Anonymous => Err(AppError::Unauthorized.into()),
        Actor::Token { .. } => Err(AppError::Forbidden.into()),
        Actor::User { .. } | Actor::System => Ok(()),
    }
}

pub fn require_admin(actor: &Actor) -> Result<()> {
    require_user(actor)?;
    if actor.is_admin() { Ok(()) } else { Err(AppError::Forbidden.into()) }
}

/// An administrator, or an organizer of this conference.
pub async fn require_organizer(svc: &Service, actor: &Actor, conference_id: i64) -> Result<()> {
    require_user(actor)?;
    if actor.is_admin() {
        return Ok(());
    }
    let user_id = actor.user_id().expect("a user");
    let found: Option<(i64,)> =
        sqlx::query_as("SELECT user_id FROM conference_organizers WHERE conference_id = $1 AND user_id = $2")
            .bind(conference_id)
            .bind(user_id)
            .fetch_optional(svc.db.read())
            .await?;
    if found.is_some() { Ok(()) } else { Err(AppError::Forbidden.into()) }
}
