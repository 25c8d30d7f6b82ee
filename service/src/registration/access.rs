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

/// A delegate as other capabilities (feedback, recommendations) know them: found by their private
/// link or their registration code, with the province and unit they speak for.
pub(crate) struct DelegateRef {
    pub id: i64,
    pub conference_id: i64,
    pub status: String,
    /// The registration's province, else its unit's.
    pub admin_unit_code: Option<String>,
    /// The unit's name, else the organization as typed.
    pub unit_name: String,
    pub name: String,
}

/// How a delegate is looked up: by registration id (behind a private link) or by registration code.
enum By<'a> {
    Id(i64),
    Code(&'a str),
}

async fn delegate_where(svc: &Service, by: By<'_>) -> Result<Option<DelegateRef>> {
    let column = match by {
        By::Id(_) => "id",
        By::Code(_) => "code",
    };
    let sql = format!(
        "SELECT r.id, r.conference_id, r.status, COALESCE(r.admin_unit_code, u.admin_unit_code), \
         COALESCE(u.name, r.organization), r.family_name, r.middle_name, r.given_name \
         FROM registrations r LEFT JOIN units u ON u.id = r.unit_id WHERE r.{column} = $1"
    );
    let query = sqlx::query_as(&sql);
    let query = match by {
        By::Id(id) => query.bind(id),
        By::Code(code) => query.bind(code),
    };
    let row: Option<(i64, i64, String, Option<String>, String, String, String, String)> =
        query.fetch_optional(svc.db.read()).await?;
    Ok(row.map(|(id, conference_id, status, admin_unit_code, unit_name, family, middle, given)| DelegateRef {
        id,
        conference_id,
        status,
        admin_unit_code,
        unit_name,
        name: hoinghi_domain::text::PersonName::new(&family, &middle, &given).display(),
    }))
}

/// The delegate behind a private link; 404 for an unknown one.
pub(crate) async fn delegate_by_token(svc: &Service, token: &str) -> Result<DelegateRef> {
    let (id, _) = super::link::resolve(svc, token).await?;
    delegate_where(svc, By::Id(id)).await?.ok_or_else(|| AppError::NotFound.into())
}

/// The delegate with a registration code (typed, so normalized first), if any.
pub(crate) async fn delegate_by_code(svc: &Service, code: &str) -> Result<Option<DelegateRef>> {
    delegate_where(svc, By::Code(&super::normalize_code(code))).await
}

/// The conference whose registrations `actor` handles, by its slug: organizers reach drafts too; unit
/// coordinators, who are not organizers, reach it once it is public. What they may see in it is
/// checked by each registration function ([`scope`]).
pub async fn managed_conference(
    svc: &Service,
    actor: &Actor,
    slug: &str,
) -> Result<hoinghi_domain::conference::Conference> {
    match crate::conferences::by_slug_for_organizer(svc, actor, slug).await {
        Ok(c) => Ok(c),
        Err(_) => crate::conferences::by_slug_public(svc, slug).await,
    }
}
