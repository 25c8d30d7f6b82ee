//! Agencies (e.g. Bảo hiểm xã hội Việt Nam) and their units (e.g. its office in tỉnh Khánh Hòa).

use crate::Service;
use crate::accounts::{Actor, require_admin, require_user};
use crate::audit;
use crate::db::{is_unique_violation, now};
use crate::error::Result;
use crate::validate::Checker;
use hoinghi_domain::reference::{Agency, Unit};
use hoinghi_domain::{AppError, Message, text};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AgencyInput {
    pub name: String,
    #[serde(default)]
    pub abbreviation: String,
    #[serde(default)]
    pub parent_name: String,
    /// Where the agency has its seat ("Hà Nội"), for the date line of its documents.
    #[serde(default)]
    pub place_name: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, utoipa::ToSchema)]
pub struct UnitInput {
    pub name: String,
    #[serde(default)]
    pub admin_unit_code: String,
}

pub async fn create_agency(svc: &Service, actor: &Actor, input: AgencyInput) -> Result<Agency> {
    require_admin(actor)?;
    let name = text::clean_line(&input.name);
    let abbreviation = text::clean_line(&input.abbreviation).to_uppercase();
    let parent_name = text::clean_line(&input.parent_name);
    let place_name = text::clean_line(&input.place_name);
    let mut check = Checker::new();
    check.required("name", &name).max_len("name", &name, 200);
    check.max_len("abbreviation", &abbreviation, 20).max_len("parent_name", &parent_name, 200);
    check.max_len("place_name", &place_name, 100);
    check.finish()?;
    let mut tx = svc.db.begin().await?;
    let inserted: std::result::Result<(i64,), sqlx::Error> = sqlx::query_as(
        "INSERT INTO agencies (name, abbreviation, parent_name, place_name, created_at) VALUES ($1, $2, $3, $4, $5) \
         RETURNING id",
    )
    .bind(&name)
    .bind(&abbreviation)
    .bind(&parent_name)
    .bind(&place_name)
    .bind(now())
    .fetch_one(&mut *tx)
    .await;
    let id = match inserted {
        Ok((id,)) => id,
        Err(e) if is_unique_violation(&e) => {
            return Err(AppError::invalid("name", Message::new("agency-error-name-taken")).into());
        }
        Err(e) => return Err(e.into()),
    };
    audit::record(&mut tx, actor, None, "agency.create", &name).await?;
    tx.commit().await?;
    Ok(Agency { id, name, abbreviation, parent_name, place_name, units: vec![] })
}

pub async fn create_unit(svc: &Service, actor: &Actor, agency_id: i64, input: UnitInput) -> Result<Unit> {
    require_admin(actor)?;
    let name = text::clean_line(&input.name);
    let code = text::clean_line(&input.admin_unit_code);
    let mut check = Checker::new();
    check.required("name", &name).max_len("name", &name, 200);
    check.finish()?;
    let admin_unit_code = if code.is_empty() { None } else { Some(code) };
    if let Some(code) = &admin_unit_code {
        let known: Option<(String,)> = sqlx::query_as("SELECT code FROM admin_units WHERE code = $1 LIMIT 1")
            .bind(code)
            .fetch_optional(svc.db.read())
            .await?;
        if known.is_none() {
            return Err(AppError::invalid("admin_unit_code", Message::new("error-choice")).into());
        }
    }
    let inserted: std::result::Result<(i64,), sqlx::Error> =
        sqlx::query_as("INSERT INTO units (agency_id, name, admin_unit_code) VALUES ($1, $2, $3) RETURNING id")
            .bind(agency_id)
            .bind(&name)
            .bind(&admin_unit_code)
            .fetch_one(svc.db.write())
            .await;
    match inserted {
        Ok((id,)) => {
            crate::registration::forget_form(svc, None);
            Ok(Unit { id, agency_id, name, admin_unit_code })
        }
        Err(e) if is_unique_violation(&e) => {
            Err(AppError::invalid("name", Message::new("agency-error-unit-taken")).into())
        }
        Err(sqlx::Error::Database(d)) if d.is_foreign_key_violation() => Err(AppError::NotFound.into()),
        Err(e) => Err(e.into()),
    }
}

/// Every agency with its units, for choosers in forms.
pub async fn list_agencies(svc: &Service, actor: &Actor) -> Result<Vec<Agency>> {
    require_user(actor)?;
    let agencies: Vec<(i64, String, String, String, String)> =
        sqlx::query_as("SELECT id, name, abbreviation, parent_name, place_name FROM agencies ORDER BY name, id")
            .fetch_all(svc.db.read())
            .await?;
    let units: Vec<(i64, i64, String, Option<String>)> =
        sqlx::query_as("SELECT id, agency_id, name, admin_unit_code FROM units ORDER BY name, id")
            .fetch_all(svc.db.read())
            .await?;
    Ok(agencies
        .into_iter()
        .map(|(id, name, abbreviation, parent_name, place_name)| Agency {
            id,
            name,
            abbreviation,
            parent_name,
            place_name,
            units: units
                .iter()
                .filter(|u| u.1 == id)
                .map(|(uid, aid, uname, code)| Unit {
                    id: *uid,
                    agency_id: *aid,
                    name: uname.clone(),
                    admin_unit_code: code.clone(),
                })
                .collect(),
        })
        .collect())
}
