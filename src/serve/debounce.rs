//! Coalescing the events of one save into one rebuild. A save is a burst
//! of events (create, writes, close, rename); building in the middle of it
//! could read a half-written file, so the rebuild waits for the burst to go
//! quiet. How long depends on what the events said: while some file is
//! still being written, the full quiet window (50 ms by default); once
//! every file written has been closed or renamed into place, the save is
//! known to be complete and a short settle window (10 ms) only gathers the
//! rest of a multi-file save. Watchers that never report a close (polling,
//! macOS, Windows) always get the full window. A `--debounce-ms` the user
//! gives is used for both.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::watch::Write;

/// The quiet window while a write may still be under way.
pub const QUIET: Duration = Duration::from_millis(50);
/// The quiet window once every write is known to be finished.
pub const SETTLE: Duration = Duration::from_millis(10);

/// How long a burst must be quiet before the rebuild starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Windows {
    /// While some file is still being written.
    pub quiet: Duration,
    /// Once every file written is closed.
    pub settle: Duration,
}

impl Windows {
    /// The default windows, or the user's one window for both.
    pub fn new(chosen: Option<Duration>) -> Windows {
        match chosen {
            Some(window) => Windows {
                quiet: window,
                settle: window,
            },
            None => Windows {
                quiet: QUIET,
                settle: SETTLE,
            },
        }
    }
}

/// Coalesces a burst of events: a rebuild starts once no event has come
/// for the window that applies, or ten quiet windows after the first
/// event, whichever is sooner.
#[derive(Clone, Debug)]
pub struct Debouncer {
    windows: Windows,
    max_wait: Duration,
    first: Option<Instant>,
    last: Option<Instant>,
    /// Files written to since their last close.
    writing: HashSet<PathBuf>,
}

impl Debouncer {
    pub fn new(windows: Windows) -> Self {
        Debouncer {
            windows,
            max_wait: windows.quiet * 10,
            first: None,
            last: None,
            writing: HashSet::new(),
        }
    }

    /// Records a relevant event at `at`: on `path` (with what it says about
    /// writing it), or on nothing in particular.
    pub fn note(&mut self, at: Instant, path: Option<(&Path, Write)>) {
        self.first.get_or_insert(at);
        self.last = Some(at);
        match path {
            Some((path, Write::UnderWay)) => {
                self.writing.insert(path.to_path_buf());
            }
            Some((path, Write::Finished)) => {
                self.writing.remove(path);
            }
            Some((_, Write::Unknown)) | None => {}
        }
    }

    /// When the pending rebuild should start; `None` when nothing is pending.
    pub fn deadline(&self) -> Option<Instant> {
        let (first, last) = (self.first?, self.last?);
        let window = if self.writing.is_empty() {
            self.windows.settle
        } else {
            self.windows.quiet
        };
        Some((last + window).min(first + self.max_wait))
    }

    /// Forgets the burst once its rebuild starts. A write still open then
    /// is forgotten too: its close is a new event, and a new rebuild.
    pub fn reset(&mut self) {
        self.first = None;
        self.last = None;
        self.writing.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn a_burst_becomes_one_rebuild_after_a_quiet_window() {
        let start = Instant::now();
        let mut debouncer = Debouncer::new(Windows::new(Some(ms(100))));
        assert_eq!(debouncer.deadline(), None);
        for at in [0, 10, 30, 60] {
            debouncer.note(start + ms(at), None);
        }
        assert_eq!(debouncer.deadline(), Some(start + ms(160)));
        debouncer.reset();
        assert_eq!(debouncer.deadline(), None);
    }

    #[test]
    fn a_never_ending_burst_still_rebuilds_after_max_wait() {
        let start = Instant::now();
        let mut debouncer = Debouncer::new(Windows::new(Some(ms(100))));
        for at in (0..5000).step_by(50) {
            debouncer.note(start + ms(at), None);
        }
        assert_eq!(debouncer.deadline(), Some(start + ms(1000)));
    }

    #[test]
    fn a_write_under_way_waits_the_quiet_window_and_a_closed_one_settles() {
        let start = Instant::now();
        let file = Path::new("/p/content/journeys/a.md");
        let mut debouncer = Debouncer::new(Windows::new(None));
        debouncer.note(start, Some((file, Write::UnderWay)));
        debouncer.note(start + ms(2), Some((file, Write::UnderWay)));
        assert_eq!(debouncer.deadline(), Some(start + ms(2) + QUIET));
        debouncer.note(start + ms(3), Some((file, Write::Finished)));
        assert_eq!(debouncer.deadline(), Some(start + ms(3) + SETTLE));
    }

    #[test]
    fn every_file_written_must_be_closed_before_the_burst_settles() {
        let start = Instant::now();
        let (a, b) = (Path::new("/p/content/a.md"), Path::new("/p/content/b.md"));
        let mut debouncer = Debouncer::new(Windows::new(None));
        debouncer.note(start, Some((a, Write::UnderWay)));
        debouncer.note(start + ms(1), Some((b, Write::UnderWay)));
        debouncer.note(start + ms(2), Some((a, Write::Finished)));
        assert_eq!(
            debouncer.deadline(),
            Some(start + ms(2) + QUIET),
            "b is open"
        );
        debouncer.note(start + ms(4), Some((b, Write::Finished)));
        assert_eq!(debouncer.deadline(), Some(start + ms(4) + SETTLE));
        // A rename into place, or a change of attributes, opens no write.
        debouncer.note(start + ms(5), Some((a, Write::Unknown)));
        assert_eq!(debouncer.deadline(), Some(start + ms(5) + SETTLE));
    }

    #[test]
    fn a_write_left_open_at_a_rebuild_is_forgotten_with_its_burst() {
        let start = Instant::now();
        let file = Path::new("/p/content/a.md");
        let mut debouncer = Debouncer::new(Windows::new(None));
        debouncer.note(start, Some((file, Write::UnderWay)));
        debouncer.reset();
        debouncer.note(start + ms(100), None);
        assert_eq!(debouncer.deadline(), Some(start + ms(100) + SETTLE));
    }

    #[test]
    fn a_chosen_window_applies_to_finished_writes_too() {
        let windows = Windows::new(Some(ms(150)));
        assert_eq!((windows.quiet, windows.settle), (ms(150), ms(150)));
        let defaults = Windows::new(None);
        assert_eq!((defaults.quiet, defaults.settle), (QUIET, SETTLE));
    }
}
