//! The demo conference a new installation starts with, from `seed.toml`: the 2017 review and training
//! conference on foreign-information work of Vietnam Social Security for the southern provinces.
//!
//! It is loaded through the ordinary service functions, so the demo obeys the same rules as real data.

use crate::accounts::Actor;
use crate::error::Result;
use crate::reference::{AgencyInput, UnitInput, create_agency, create_unit};
use crate::{Service, agenda, conferences, people};
use hoinghi_domain::agenda::{RoomInput, SessionInput, TrackInput};
use hoinghi_domain::conference::ConferenceInput;
use hoinghi_domain::feedback::RecommendationInput;
use hoinghi_domain::people::PersonInput;
use serde::Deserialize;
use std::collections::HashMap;

const SEED: &str = include_str!("seed.toml");

#[derive(Deserialize)]
pub(crate) struct Seed {
    pub agency: AgencyInput,
    pub units: Vec<UnitInput>,
    pub conference: ConferenceInput,
    pub rooms: Vec<Keyed<RoomInput>>,
    pub tracks: Vec<Keyed<TrackInput>>,
    pub people: Vec<Keyed<PersonInput>>,
    pub sessions: Vec<SeedSession>,
    #[serde(default)]
    pub recommendations: Vec<RecommendationInput>,
}

/// A seed record with a key the sessions refer to it by.
#[derive(Deserialize)]
pub(crate) struct Keyed<T> {
    pub key: String,
    #[serde(flatten)]
    pub value: T,
}

#[derive(Deserialize)]
pub(crate) struct SeedSession {
    #[serde(flatten)]
    pub input: SessionInput,
    #[serde(default)]
    pub room: String,
    #[serde(default)]
    pub track: String,
    #[serde(default)]
    pub people: Vec<(String, String)>,
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
    let id = conference.id;
    let mut rooms = HashMap::new();
    for r in seed.rooms {
        rooms.insert(r.key, agenda::create_room(svc, &actor, id, r.value).await?.id);
    }
    let mut tracks = HashMap::new();
    for t in seed.tracks {
        tracks.insert(t.key, agenda::create_track(svc, &actor, id, t.value).await?.id);
    }
    let mut persons = HashMap::new();
    for p in seed.people {
        persons.insert(p.key, people::create(svc, &actor, id, p.value).await?.id);
    }
    for s in seed.sessions {
        let mut input = s.input;
        input.room_id = rooms.get(&s.room).map(|v| v.to_string()).unwrap_or_default();
        input.track_id = tracks.get(&s.track).map(|v| v.to_string()).unwrap_or_default();
        let session = agenda::create(svc, &actor, id, input).await?;
        for (person, role) in s.people {
            let person_id = persons.get(&person).map(|v| v.to_string()).unwrap_or_default();
            agenda::add_person(svc, &actor, session.id, &person_id, &role).await?;
        }
    }
    agenda::publish(svc, &actor, id).await?;
    conferences::publish(svc, &actor, id).await?;
    // Recommendations were recorded by the secretariat on the delegates' behalf; all go to the minutes.
    for r in seed.recommendations {
        let rid = crate::feedback::file_by_organizer(svc, &actor, id, r).await?;
        let update = hoinghi_domain::feedback::RecommendationUpdate {
            status: "received".into(),
            for_minutes: "true".into(),
            ..Default::default()
        };
        crate::feedback::update_recommendation(svc, &actor, rid, update).await?;
    }
    tracing::info!(slug = %conference.slug, "loaded the demo conference");
    Ok(conference.slug)
}
