//! Who may see and handle which registrations: organizers (and administrators) all of a conference's,
//! a unit coordinator only those of their unit. Delegates reach their own through the private link.

use crate::Service;
use crate::accounts::{Actor, require_organizer, require_user};
use crate::error::Result;
use hoinghi_domain::AppError;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    All,
    Unit(i64),
}

impl Scope {
    pub fn allows(self, unit_id: Option<i64>) -> bool {
        match self {
            Scope::All => true,
            Scope::Unit(u) => unit_id == Some(u),
        }
    }
}

pub async fn scope(svc: &Service, actor: &Actor, conference_id: i64) -> Result<Scope> {
    require_user(actor)?;
    if require_organizer(svc, actor, conference_id).await.is_ok() {
        return Ok(Scope::All);
    }
    let unit: Option<(i64,)> =
        sqlx::query_as("SELECT unit_id FROM conference_coordinators WHERE conference_id = $1 AND user_id = $2")
            .bind(conference_id)
            .bind(actor.user_id())
            .fetch_optional(svc.db.read())
            .await?;
    match unit {
        Some((u,)) => Ok(Scope::Unit(u)),
        None => Err(AppError::Forbidden.into()),
    }
}

/// Makes an existing account the coordinator of one unit for this conference.
pub async fn add_coordinator(
    svc: &Service,
    actor: &Actor,
    conference_id: i64,
    email: &str,
    unit_id: &str,
) -> Result<()> {
    use hoinghi_domain::Message;
    require_organizer(svc, actor, conference_id).await?;
    let mut check = crate::validate::Checker::new();
    let unit = check.optional_int("unit_id", unit_id, 1, i64::MAX).flatten();
    if unit.is_none() && !check.has("unit_id") {
        check.add("unit_id", Message::new("error-required"));
    }
    check.finish()?;
    let Some(user) = crate::accounts::find_user_by_email(svc, email).await? else {
        return Err(AppError::invalid("email", Message::new("conference-error-unknown-user")).into());
    };
    let mut tx = svc.db.begin().await?;
    sqlx::query(
        "INSERT INTO conference_coordinators (conference_id, user_id, unit_id) VALUES ($1, $2, $3) \
         ON CONFLICT (conference_id, user_id) DO UPDATE SET unit_id = excluded.unit_id",
    )
    .bind(conference_id)
    .bind(user.id)
    .bind(unit)
    .execute(&mut *tx)
    .await
    .map_err(|e| match e {
        sqlx::Error::Database(d) if d.is_foreign_key_violation() => {
            crate::error::Error::App(AppError::invalid("unit_id", Message::new("registration-error-unknown-unit")))
        }
        other => other.into(),
    })?;
    crate::audit::record(&mut tx, actor, Some(conference_id), "registration.coordinator", &user.email).await?;
    tx.commit().await?;
    Ok(())
}
