//! Private feed addresses: `<owner id>-<generation>-<MAC>`, the MAC an HMAC-SHA-256 (128 bits kept) of the
//! kind, id and generation under the server secret. The address can be shown again whenever the owner
//! looks (nothing secret is stored), cannot be guessed or derived from an id, and resetting raises the
//! generation, so every older address stops working at once.

use crate::Service;
use crate::secrets::{constant_time_eq, hmac_hex};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owner {
    /// A delegate's registration.
    Registration,
    /// An organizer's account.
    User,
}

impl Owner {
    fn label(self) -> &'static str {
        match self {
            Owner::Registration => "registration",
            Owner::User => "user",
        }
    }

    /// The path segment of the feed: `/cal/d/...` for delegates, `/cal/o/...` for organizers.
    pub fn path(self) -> &'static str {
        match self {
            Owner::Registration => "d",
            Owner::User => "o",
        }
    }
}

fn mac(svc: &Service, owner: Owner, id: i64, generation: i64) -> String {
    let full = hmac_hex(&svc.settings.secret, format!("calendar/{}/{id}/{generation}", owner.label()).as_bytes());
    full[..32].to_string()
}

pub fn token(svc: &Service, owner: Owner, id: i64, generation: i64) -> String {
    format!("{id}-{generation}-{}", mac(svc, owner, id, generation))
}

/// The absolute address of a private feed.
pub fn url(svc: &Service, owner: Owner, id: i64, generation: i64) -> String {
    format!(
        "{}/cal/{}/{}.ics",
        svc.settings.public_url.trim_end_matches('/'),
        owner.path(),
        token(svc, owner, id, generation)
    )
}

/// The owner id and generation a token names, if its MAC is right. The caller still checks that the
/// generation is the owner's current one.
pub fn verify(svc: &Service, owner: Owner, token: &str) -> Option<(i64, i64)> {
    let token = token.trim().trim_end_matches(".ics");
    let mut parts = token.splitn(3, '-');
    let id: i64 = parts.next()?.parse().ok()?;
    let generation: i64 = parts.next()?.parse().ok()?;
    let given = parts.next()?;
    constant_time_eq(given, &mac(svc, owner, id, generation)).then_some((id, generation))
}
