//! The demo conference a new installation starts with, from `seed.toml`: the 2017 review and training
//! conference on foreign-information work of Vietnam Social Security for the southern provinces.
//!
//! It is loaded through the ordinary service functions, so the demo obeys the same rules as real data.

use crate::accounts::Actor;
use crate::error::Result;
use crate::reference::{AgencyInput, UnitInput, create_agency, create_unit};
use crate::{Service, conferences};
use hoinghi_domain::conference::ConferenceInput;
use serde::Deserialize;

const SEED: &str = include_str!("seed.toml");

#[derive(Deserialize)]
pub(crate) struct Seed {
    pub agency: AgencyInput,
    pub units: Vec<UnitInput>,
    pub conference: ConferenceInput,
}

pub(crate) fn seed() -> Seed {
    toml::from_str(SEED).expect("demo/seed.toml is valid")
}

/// Loads the demo when the database holds no conference and no account: a fresh installation.
pub async fn load_if_empty(svc: &Service) -> Result<bool> {
    let (conferences,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM conferences").fetch_one(svc.db.read()).await?;
    let (users,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users").fetch_one(svc.db.read()).await?;
    if conferences > 0 || users > 0 {
        return Ok(false);
    }
    load(svc).await?;
    Ok(true)
}

/// Loads the demo conference and returns its slug.
pub async fn load(svc: &Service) -> Result<String> {
    let seed = seed();
    let actor = Actor::System;
    let agency = create_agency(svc, &actor, seed.agency).await?;
    for unit in seed.units {
        create_unit(svc, &actor, agency.id, unit).await?;
    }
    let mut input = seed.conference;
    input.agency_id = agency.id.to_string();
    let conference = conferences::create(svc, &actor, input).await?;
    conferences::publish(svc, &actor, conference.id).await?;
    tracing::info!(slug = %conference.slug, "loaded the demo conference");
    Ok(conference.slug)
}
