//! Password hashing with argon2id (the PHC string keeps algorithm, parameters and salt together, so
//! parameters can be raised later without breaking old hashes).
//!
//! Argon2 is slow and takes 19 MiB on purpose. The service calls it through [`hash_password`] and
//! [`check_password`], which run it on tokio's blocking threads (never on the threads that serve
//! requests) and at most a few at a time, so a burst of sign-ins cannot stall other requests or exhaust
//! memory.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use rand::rngs::OsRng;

fn hasher() -> Argon2<'static> {
    // OWASP's second configuration for argon2id: 19 MiB, 2 iterations, 1 lane.
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

fn hash(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("hashing a password: {e}"))
}

fn verify(password: &str, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(parsed) => hasher().verify_password(password.as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    }
}

/// Verifies against a fixed hash so that a sign-in for an unknown email takes as long as one for a
/// known email (no account enumeration by timing).
fn verify_dummy(password: &str) {
    static DUMMY: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| hash("not a real password").expect("hash"));
    let _ = verify(password, &DUMMY);
}

/// How many argon2 computations may run at once: one per core, at least two.
static SLOTS: std::sync::LazyLock<tokio::sync::Semaphore> = std::sync::LazyLock::new(|| {
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
    tokio::sync::Semaphore::new(cores.max(2))
});

async fn off_thread<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> anyhow::Result<T> {
    let _slot = SLOTS.acquire().await.map_err(|e| anyhow::anyhow!("password slots closed: {e}"))?;
    tokio::task::spawn_blocking(crate::blocking::low_priority(work))
        .await
        .map_err(|e| anyhow::anyhow!("password task failed: {e}"))
}

/// [`hash`], off the request threads.
pub async fn hash_password(password: String) -> anyhow::Result<String> {
    off_thread(move || hash(&password)).await?
}

/// Whether `password` matches `stored`, off the request threads. Without a stored hash (unknown account)
/// it verifies against a dummy hash, so both cases take the same time.
pub async fn check_password(password: String, stored: Option<String>) -> anyhow::Result<bool> {
    off_thread(move || match stored {
        Some(stored) => verify(&password, &stored),
        None => {
            verify_dummy(&password);
            false
        }
    })
    .await
}

/// A password as typed, in the one form it is hashed and checked in (NFC, no surrounding spaces or
/// copy-paste noise): the same keys typed on another keyboard or input method must match.
pub fn normalize(typed: &str) -> String {
    hoinghi_domain::text::clean_text(typed)
}

#[cfg(test)]
mod tests {
    #[test]
    fn hashes_with_argon2id_and_verifies() {
        let h = super::hash("mật khẩu đủ dài").unwrap();
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(super::verify("mật khẩu đủ dài", &h));
        assert!(!super::verify("mat khau du dai", &h));
        assert!(!super::verify("x", "not a hash"));
    }
}
