//! Heavy work off the threads that answer requests.
//!
//! Rendering a PDF of hundreds of pages or reading a large spreadsheet keeps a core busy for seconds. Run
//! on the async threads, that would stall every request scheduled behind it (a health check waited over
//! a second behind two sign-in sheets). [`run`] moves such work to tokio's blocking threads, at most
//! [`slots`] at a time, one fewer than the cores: however many large documents are asked for at once,
//! a core is left for answering requests, and the rest queue for a slot. (Password hashing has its own
//! slots, in `accounts::passwords`.)

use crate::error::Result;
use std::sync::LazyLock;
use tokio::sync::Semaphore;

static SLOTS: LazyLock<(Semaphore, usize)> = LazyLock::new(|| {
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
    let n = cores.saturating_sub(1).max(1);
    (Semaphore::new(n), n)
});

/// How many heavy tasks may run at once.
pub fn slots() -> usize {
    SLOTS.1
}

/// Runs `work` on a blocking thread once a slot is free, and returns its result.
pub async fn run<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T> {
    let _slot = SLOTS.0.acquire().await.map_err(|e| anyhow::anyhow!("heavy-work slots closed: {e}"))?;
    Ok(tokio::task::spawn_blocking(work).await.map_err(|e| anyhow::anyhow!("heavy work failed: {e}"))?)
}
