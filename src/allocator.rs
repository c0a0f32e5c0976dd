//! The allocator's settings for one-shot commands. mimalloc hands freed
//! memory back to the system after a delay (`purge_delay`), and a build
//! frees and allocates page buffers all the time: at 100,000 pages the
//! kernel spent 18% of the samples zeroing huge pages handed back and
//! faulted in again (`perf record -g`: `do_huge_pmd_anonymous_page` →
//! `clear_page_erms`). A build, check or export ends in seconds, so it
//! keeps what it freed; the dev server keeps mimalloc's default, so that
//! its memory falls back after a rebuild.

use libmimalloc_sys::{mi_option_set, mi_option_t};

/// `mi_option_purge_delay` in mimalloc's `mimalloc.h` (the enum keeps its
/// deprecated members so that these numbers stay stable); libmimalloc-sys
/// does not name it.
const PURGE_DELAY: mi_option_t = 15;

/// Freed memory is never handed back to the system while the process
/// lives. Call before the work starts (it applies from then on).
pub fn keep_freed_memory() {
    // SAFETY: setting an option is a plain store into mimalloc's option
    // table, valid at any time; -1 is the documented "never purge".
    unsafe { mi_option_set(PURGE_DELAY, -1) };
}

#[cfg(test)]
mod tests {
    use super::*;
    use libmimalloc_sys::mi_option_get;

    /// The purge delay in force, in milliseconds (-1: never).
    fn purge_delay() -> std::ffi::c_long {
        // SAFETY: reading an option is a plain load from mimalloc's table.
        unsafe { mi_option_get(PURGE_DELAY) }
    }

    #[test]
    fn option_fifteen_is_the_purge_delay() {
        // mimalloc's default purge delay is 1,000 ms (options.c), unless
        // the environment sets it; no other option defaults to 1,000.
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            assert_eq!(purge_delay(), 1000);
        }
        keep_freed_memory();
        assert_eq!(purge_delay(), -1);
    }
}
