//! A pool of threads for work that waits on the disk rather than
//! computes: reading the content files and listing the output folders.
//!
//! On a cold cache each file read or folder listed is a wait, and the
//! rendering pool (one thread per core) waited on them one or two at a
//! time: at 100,000 pages, seconds each for reading the content and for
//! listing the output. [`with_readers`] runs such work on [`READERS`]
//! threads, made for it and ended after it: a pool kept idle held the
//! memory its threads had allocated.

/// Threads waiting on the disk at once: enough to keep its queue full.
pub const READERS: usize = 16;

/// Runs `work` (which uses rayon's parallel iterators) on a pool of
/// [`READERS`] threads, ended when it returns. If the threads cannot be
/// started, `work` runs on the caller's pool.
pub fn with_readers<R: Send>(work: impl FnOnce() -> R + Send) -> R {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(READERS)
        .thread_name(|i| format!("journeybook-reader-{i}"))
        .build();
    match pool {
        Ok(pool) => pool.install(work),
        Err(_) => work(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rayon::prelude::*;

    #[test]
    fn work_runs_on_the_readers_and_returns_its_result() {
        let threads = with_readers(rayon::current_num_threads);
        assert_eq!(threads, READERS);
        let sum: u64 = with_readers(|| (1..=100u64).into_par_iter().sum());
        assert_eq!(sum, 5050);
    }
}
