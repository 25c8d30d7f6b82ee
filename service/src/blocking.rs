//! Heavy work off the threads that answer requests.
//!
//! Rendering a PDF of hundreds of pages or reading a large spreadsheet keeps a core busy for seconds. Run
//! on the async threads, that would stall every request scheduled behind it (a health check waited over
//! a second behind two sign-in sheets). [`run`] moves such work to tokio's blocking threads, at most
//! [`slots`] at a time, one fewer than the cores: however many large documents are asked for at once,
//! a core is left for answering requests, and the rest queue for a slot. (Password hashing has its own
//! slots, in `accounts::passwords`.)
//!
//! Slots alone are not enough on two cores: a PDF and two password hashes still keep both busy, and the
//! request threads then wait for the kernel to give them a turn (a health check took 52 ms at p99).
//! So heavy work runs at a lower scheduling priority ([`low_priority`]): whenever a request is ready
//! to run, it gets a core at once, and the heavy work takes what is left.

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
    Ok(tokio::task::spawn_blocking(low_priority(work)).await.map_err(|e| anyhow::anyhow!("heavy work failed: {e}"))?)
}

/// `work`, run at nice 10 on the blocking thread that runs it, then at that thread's earlier priority
/// again (the thread goes back to tokio's pool, which also reads files for requests). Raising it back
/// needs `CAP_SYS_NICE` or a `RLIMIT_NICE` that allows it; without them the thread stays at nice 10,
/// which only makes later blocking work of that thread yield to requests too.
pub fn low_priority<T>(work: impl FnOnce() -> T) -> impl FnOnce() -> T {
    move || {
        #[cfg(target_os = "linux")]
        {
            use rustix::process::{getpriority_process, setpriority_process};
            // `None` is the calling thread on Linux, not the whole process.
            let before = getpriority_process(None).unwrap_or(0);
            let _ = setpriority_process(None, 10);
            let result = work();
            let _ = setpriority_process(None, before);
            result
        }
        #[cfg(not(target_os = "linux"))]
        work()
    }
}
