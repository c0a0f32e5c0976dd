//! Watching the portfolio for `serve --watch`: which paths matter (content,
//! theme, book.toml; never the output or editor leftovers), how a burst of
//! events from one save is coalesced into one rebuild, and the watcher
//! itself: native events, or polling with `--poll` or when native watching
//! cannot start (inotify limits, some network and container file systems).

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::{Duration, Instant};

use notify::{EventKind, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};

use crate::config::CONFIG_FILE;
use crate::load::is_ignored_name;

/// What kind of input changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeKind {
    Content,
    Config,
    Theme,
}

/// Where the inputs live (absolute paths).
#[derive(Clone, Debug)]
pub struct Layout {
    pub root: PathBuf,
    pub content: PathBuf,
    pub themes: PathBuf,
    pub output: PathBuf,
}

impl Layout {
    /// Whether a changed path should trigger a rebuild, and why.
    pub fn classify(&self, path: &Path) -> Option<ChangeKind> {
        if path.starts_with(&self.output) {
            return None;
        }
        let name = path.file_name()?.to_string_lossy();
        if is_ignored_name(&name) {
            return None;
        }
        let hidden_folder = |base: &Path| {
            path.strip_prefix(base).ok().is_some_and(|rel| {
                rel.components()
                    .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
            })
        };
        if path.starts_with(&self.content) {
            return (!hidden_folder(&self.content)).then_some(ChangeKind::Content);
        }
        if path.starts_with(&self.themes) {
            return (!hidden_folder(&self.themes)).then_some(ChangeKind::Theme);
        }
        (path == self.root.join(CONFIG_FILE)).then_some(ChangeKind::Config)
    }
}

/// Coalesces a burst of events: a rebuild starts once no event has come for
/// `quiet`, or `max_wait` after the first one, whichever is sooner.
#[derive(Clone, Debug)]
pub struct Debouncer {
    quiet: Duration,
    max_wait: Duration,
    first: Option<Instant>,
    last: Option<Instant>,
}

impl Debouncer {
    pub fn new(quiet: Duration) -> Self {
        Debouncer {
            quiet,
            max_wait: quiet * 10,
            first: None,
            last: None,
        }
    }

    /// Records a relevant event.
    pub fn note(&mut self, at: Instant) {
        self.first.get_or_insert(at);
        self.last = Some(at);
    }

    /// When the pending rebuild should start; `None` when nothing is pending.
    pub fn deadline(&self) -> Option<Instant> {
        let (first, last) = (self.first?, self.last?);
        Some((last + self.quiet).min(first + self.max_wait))
    }

    /// Forgets the burst once its rebuild starts.
    pub fn reset(&mut self) {
        self.first = None;
        self.last = None;
    }
}

/// A running watcher; dropping it stops watching.
pub enum Running {
    Native(RecommendedWatcher),
    Polling(PollWatcher),
}

/// How often the polling watcher looks at the files.
pub const POLL_INTERVAL: Duration = Duration::from_millis(500);

/// Starts watching the layout's inputs, sending every changed path.
/// Native events unless `poll`; falls back to polling (saying so once) when
/// native watching cannot start.
pub fn start(layout: &Layout, poll: bool, events: Sender<PathBuf>) -> anyhow::Result<Running> {
    let handler = move |result: notify::Result<notify::Event>| {
        if let Ok(event) = result
            && is_change(&event.kind)
        {
            for path in event.paths {
                let _ = events.send(path);
            }
        }
    };
    if !poll {
        let native = RecommendedWatcher::new(handler.clone(), notify::Config::default())
            .and_then(|mut watcher| watch_all(&mut watcher, layout).map(|()| watcher));
        match native {
            Ok(watcher) => return Ok(Running::Native(watcher)),
            Err(error) => eprintln!("{}", fallback_message(&error)),
        }
    }
    // Modification times are compared to the second; comparing contents
    // too catches a second save within the same second.
    let config = notify::Config::default()
        .with_poll_interval(POLL_INTERVAL)
        .with_compare_contents(true);
    let mut watcher = PollWatcher::new(handler, config)?;
    watch_all(&mut watcher, layout)?;
    Ok(Running::Polling(watcher))
}

fn watch_all(watcher: &mut impl Watcher, layout: &Layout) -> notify::Result<()> {
    watcher.watch(&layout.content, RecursiveMode::Recursive)?;
    if layout.themes.is_dir() {
        watcher.watch(&layout.themes, RecursiveMode::Recursive)?;
    }
    // book.toml, and a themes/ folder created later, appear in the root.
    watcher.watch(&layout.root, RecursiveMode::NonRecursive)
}

/// Whether an event changes a file. Reads are not changes: the build itself
/// reads every file, and reacting to that would rebuild forever. Closing a
/// file written to is (it is the surest sign a save has finished).
pub fn is_change(kind: &EventKind) -> bool {
    use notify::event::{AccessKind, AccessMode};
    matches!(
        kind,
        EventKind::Create(_)
            | EventKind::Modify(_)
            | EventKind::Remove(_)
            | EventKind::Any
            | EventKind::Access(AccessKind::Close(AccessMode::Write))
    )
}

/// The one line printed when native watching fails and polling takes over.
pub fn fallback_message(error: &notify::Error) -> String {
    let hint = match error.kind {
        notify::ErrorKind::MaxFilesWatch => {
            " (raise the limit with `sysctl fs.inotify.max_user_watches=524288`, or keep --poll)"
        }
        _ => "",
    };
    format!(
        "warning: native file watching is unavailable ({error}); polling every {} ms instead{hint}",
        POLL_INTERVAL.as_millis()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout() -> Layout {
        Layout {
            root: "/p".into(),
            content: "/p/content".into(),
            themes: "/p/themes".into(),
            output: "/p/public".into(),
        }
    }

    #[test]
    fn classifies_inputs_and_ignores_the_rest() {
        let l = layout();
        assert_eq!(
            l.classify(Path::new("/p/content/journeys/a.md")),
            Some(ChangeKind::Content)
        );
        assert_eq!(
            l.classify(Path::new("/p/content/personas/ana.jpg")),
            Some(ChangeKind::Content)
        );
        assert_eq!(
            l.classify(Path::new("/p/book.toml")),
            Some(ChangeKind::Config)
        );
        assert_eq!(
            l.classify(Path::new("/p/themes/x/static/style.css")),
            Some(ChangeKind::Theme)
        );
        for ignored in [
            "/p/content/journeys/.a.md.swp",
            "/p/content/journeys/a.md~",
            "/p/content/journeys/#a.md#",
            "/p/content/journeys/4913",
            "/p/content/.git/index",
            "/p/public/index.html",
            "/p/target/debug/x",
            "/p/README.md",
        ] {
            assert_eq!(l.classify(Path::new(ignored)), None, "{ignored}");
        }
    }

    #[test]
    fn reading_a_file_is_not_a_change() {
        use notify::event::{AccessKind, AccessMode, CreateKind, ModifyKind, RemoveKind};
        assert!(!is_change(&EventKind::Access(AccessKind::Open(
            AccessMode::Read
        ))));
        assert!(!is_change(&EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(is_change(&EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(is_change(&EventKind::Create(CreateKind::File)));
        assert!(is_change(&EventKind::Modify(ModifyKind::Any)));
        assert!(is_change(&EventKind::Remove(RemoveKind::File)));
    }

    #[test]
    fn a_burst_becomes_one_rebuild_after_a_quiet_window() {
        let start = Instant::now();
        let quiet = Duration::from_millis(100);
        let mut debouncer = Debouncer::new(quiet);
        assert_eq!(debouncer.deadline(), None);
        for ms in [0, 10, 30, 60] {
            debouncer.note(start + Duration::from_millis(ms));
        }
        assert_eq!(
            debouncer.deadline(),
            Some(start + Duration::from_millis(160))
        );
        debouncer.reset();
        assert_eq!(debouncer.deadline(), None);
    }

    #[test]
    fn a_never_ending_burst_still_rebuilds_after_max_wait() {
        let start = Instant::now();
        let mut debouncer = Debouncer::new(Duration::from_millis(100));
        for ms in (0..5000).step_by(50) {
            debouncer.note(start + Duration::from_millis(ms));
        }
        assert_eq!(
            debouncer.deadline(),
            Some(start + Duration::from_millis(1000))
        );
    }
}
