//! Sign-in limits: a back-off per account and per client address.
//!
//! Why this design. Each account (its email, known or not) and each client address has a count of
//! failed attempts in a row. The first few are free; after them every attempt must wait a delay that
//! doubles with each further failure, up to fifteen minutes. It is a time gate, not a lockout: once the
//! delay has passed one attempt is let through, and the right password signs in and clears the account's
//! count. So an attacker cannot keep the real user (or the administrator) out for more than fifteen
//! minutes at a time, while guessing one account drops to four tries an hour after the first twenty
//! minutes. The address limit is looser (offices share an address) and catches one client trying many
//! accounts.
//!
//! An attempt is counted before its password is checked: the count is read, decided on and written in one
//! transaction, under a lock per key ([`Db::lock`] on PostgreSQL, the single writer on SQLite). Parallel
//! guesses therefore queue on the count and all but the free ones are refused; none of them reaches
//! argon2. The password check itself runs after the transaction ends, holding no lock.
//!
//! [`Db::lock`]: crate::db::Db::lock

use crate::Service;
use crate::db::{LockScope, Tx, now};
use crate::error::Result;
use hoinghi_domain::AppError;
use sha2::{Digest, Sha256};

/// How one kind of key backs off.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Policy {
    /// Failed attempts in a row that need no wait.
    pub free: i64,
    /// The wait after the last free failure; each further failure doubles it.
    pub base_secs: i64,
    pub max_secs: i64,
}

pub(crate) const PER_ACCOUNT: Policy = Policy { free: 5, base_secs: 2, max_secs: 15 * 60 };
/// Looser: colleagues in one office share an address.
pub(crate) const PER_ADDRESS: Policy = Policy { free: 20, base_secs: 2, max_secs: 15 * 60 };
/// A key left alone this long starts again from nothing.
const FORGET_AFTER_SECS: i64 = 24 * 3600;

/// The stored count of one key.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, sqlx::FromRow)]
struct Count {
    failures: i64,
    blocked_until: i64,
    last_at: i64,
}

impl Policy {
    /// The wait imposed after `failures` failures in a row.
    fn delay(self, failures: i64) -> i64 {
        if failures < self.free {
            return 0;
        }
        let doublings = (failures - self.free).min(32) as u32;
        self.base_secs.saturating_mul(1i64 << doublings).min(self.max_secs)
    }

    /// An attempt at `at`: refused with the seconds left to wait, or let through with the count it leaves
    /// (the attempt counted as a failure until it turns out otherwise).
    fn gate(self, count: Count, at: i64) -> std::result::Result<Count, i64> {
        let count = if at - count.last_at > FORGET_AFTER_SECS { Count::default() } else { count };
        if count.blocked_until > at {
            return Err(count.blocked_until - at);
        }
        let failures = count.failures + 1;
        let wait = self.delay(failures);
        Ok(Count { failures, blocked_until: if wait > 0 { at + wait } else { count.blocked_until }, last_at: at })
    }
}

/// The keys an admitted attempt was counted under.
pub(crate) struct Attempt {
    account: String,
    address: String,
}

/// The advisory lock of a key: a stable hash, the same on every app server.
fn lock_id(key: &str) -> i64 {
    let digest = Sha256::digest(key.as_bytes());
    i32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]]) as i64
}

/// Locks both keys, always in the same order, so two attempts never wait on each other crosswise.
async fn lock_keys(svc: &Service, tx: &mut Tx, attempt: &Attempt) -> Result<()> {
    let mut ids = [lock_id(&attempt.account), lock_id(&attempt.address)];
    ids.sort_unstable();
    for id in ids {
        svc.db.lock(tx, LockScope::SignIn, id).await?;
    }
    Ok(())
}

async fn load(tx: &mut Tx, key: &str) -> Result<Count> {
    let found: Option<Count> =
        sqlx::query_as("SELECT failures, blocked_until, last_at FROM login_throttle WHERE key = $1")
            .bind(key)
            .fetch_optional(&mut **tx)
            .await?;
    Ok(found.unwrap_or_default())
}

async fn save(tx: &mut Tx, key: &str, c: Count) -> Result<()> {
    sqlx::query(
        "INSERT INTO login_throttle (key, failures, blocked_until, last_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, blocked_until = excluded.blocked_until, \
         last_at = excluded.last_at",
    )
    .bind(key)
    .bind(c.failures)
    .bind(c.blocked_until)
    .bind(c.last_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Counts a sign-in attempt for account `email_key` from address `ip`, or refuses it with
/// [`AppError::RateLimited`] while either must wait. Call it before checking the password.
pub(crate) async fn admit(svc: &Service, email_key: &str, ip: &str) -> Result<Attempt> {
    let attempt = Attempt { account: format!("email:{email_key}"), address: format!("ip:{ip}") };
    let at = now();
    let mut tx = svc.db.begin().await?;
    lock_keys(svc, &mut tx, &attempt).await?;
    let account = PER_ACCOUNT.gate(load(&mut tx, &attempt.account).await?, at);
    let address = PER_ADDRESS.gate(load(&mut tx, &attempt.address).await?, at);
    match (account, address) {
        (Ok(account), Ok(address)) => {
            save(&mut tx, &attempt.account, account).await?;
            save(&mut tx, &attempt.address, address).await?;
            // Counts nobody has touched for a day are of no further use.
            sqlx::query("DELETE FROM login_throttle WHERE last_at < $1")
                .bind(at - FORGET_AFTER_SECS)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(attempt)
        }
        (account, address) => {
            tx.rollback().await?;
            let wait = account.err().unwrap_or(0).max(address.err().unwrap_or(0));
            Err(AppError::RateLimited { retry_after_secs: wait as u64 }.into())
        }
    }
}

/// The attempt signed in: the account's count is cleared and the address gets this attempt back. (The
/// address's other failures stay: signing in to one's own account must not buy guesses at others.)
pub(crate) async fn succeeded(svc: &Service, attempt: &Attempt) -> Result<()> {
    let mut tx = svc.db.begin().await?;
    lock_keys(svc, &mut tx, attempt).await?;
    sqlx::query("DELETE FROM login_throttle WHERE key = $1").bind(&attempt.account).execute(&mut *tx).await?;
    sqlx::query("UPDATE login_throttle SET failures = failures - 1 WHERE key = $1 AND failures > 0")
        .bind(&attempt.address)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_failures_are_free_then_waits_double_up_to_fifteen_minutes() {
        let p = PER_ACCOUNT;
        let waits: Vec<i64> = (1..=16).map(|n| p.delay(n)).collect();
        assert_eq!(waits, [0, 0, 0, 0, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900]);
        assert_eq!(p.delay(10_000), 900, "no overflow");
    }

    #[test]
    fn a_waiting_key_is_refused_until_its_time_then_lets_one_attempt_through() {
        let p = PER_ACCOUNT;
        let mut c = Count::default();
        for _ in 0..5 {
            c = p.gate(c, 1_000).unwrap();
        }
        assert_eq!(c, Count { failures: 5, blocked_until: 1_002, last_at: 1_000 });
        assert_eq!(p.gate(c, 1_000), Err(2));
        assert_eq!(p.gate(c, 1_001), Err(1));
        let c = p.gate(c, 1_002).expect("the delay has passed");
        assert_eq!(c.blocked_until, 1_006, "the next wait is longer");
        assert_eq!(p.gate(c, 1_003), Err(3));
    }

    #[test]
    fn an_attacker_gets_a_handful_of_guesses_an_hour() {
        let p = PER_ACCOUNT;
        let (mut c, mut at, mut admitted) = (Count::default(), 0, 0);
        // Guessing as fast as allowed for two hours.
        while at < 7_200 {
            match p.gate(c, at) {
                Ok(next) => {
                    c = next;
                    admitted += 1;
                    if at >= 3_600 {
                        assert!(c.blocked_until - at == 900, "one guess per fifteen minutes by the second hour");
                    }
                }
                Err(wait) => at += wait,
            }
        }
        // 5 free, 9 more in the first 17 minutes, then one every fifteen minutes.
        assert_eq!(admitted, 20);
    }

    #[test]
    fn a_day_of_quiet_forgets_the_count() {
        let p = PER_ACCOUNT;
        let c = Count { failures: 12, blocked_until: 1_900, last_at: 1_000 };
        assert_eq!(p.gate(c, 1_000 + FORGET_AFTER_SECS + 1).unwrap().failures, 1);
    }

    #[test]
    fn lock_ids_are_stable() {
        assert_eq!(lock_id("email:an@bhxh.gov.vn"), lock_id("email:an@bhxh.gov.vn"));
        assert_ne!(lock_id("email:an@bhxh.gov.vn"), lock_id("ip:10.0.0.1"));
    }
}
