//! Watching the portfolio for `serve --watch`: which paths matter (content,
//! theme, book.toml; never the output or editor leftovers), what each event
//! says about a write (under way, or finished), and the watcher itself:
//! native events, or polling with `--poll` or when native watching cannot
//! start (inotify limits, some network and container file systems).

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify::{EventKind, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};

use crate::config::CONFIG_FILE;
use crate::load::{is_ignored_name, is_ignored_path};

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
        if let Ok(rel) = path.strip_prefix(&self.content) {
            // Exactly what the content walk leaves out.
            return (!is_ignored_path(rel)).then_some(ChangeKind::Content);
        }
        if let Ok(rel) = path.strip_prefix(&self.themes) {
            let hidden_folder = rel
                .components()
                .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
            return (!hidden_folder).then_some(ChangeKind::Theme);
        }
        (path == self.root.join(CONFIG_FILE)).then_some(ChangeKind::Config)
    }
}

/// A running watcher; dropping it stops watching.
pub enum Running {
    Native(RecommendedWatcher),
    Polling(PollWatcher),
}

/// How often the polling watcher looks at the files.
pub const POLL_INTERVAL: Duration = Duration::from_millis(500);

/// What the watcher saw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// `path` changed, and what the event says about writing to it.
    Path(PathBuf, Write),
    /// Events were lost (the kernel's queue overflowed): anything may have
    /// changed.
    Rescan,
}

/// What an event says about writing to its file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Write {
    /// Bytes were written, or the file created: more may follow until it
    /// is closed.
    UnderWay,
    /// The writer closed the file, or it was renamed into place or
    /// removed: this file's save is complete.
    Finished,
    /// Nothing about writing (attributes, folders, unknown kinds).
    Unknown,
}

/// Starts watching the layout's inputs, sending every change. Native
/// events unless `poll`; falls back to polling (saying so once) when
/// native watching cannot start.
pub fn start(layout: &Layout, poll: bool, events: Sender<Change>) -> anyhow::Result<Running> {
    let handler = move |result: notify::Result<notify::Event>| {
        let Ok(event) = result else { return };
        if event.need_rescan() {
            let _ = events.send(Change::Rescan);
        }
        if let Some(write) = write_of(&event.kind) {
            for path in event.paths {
                let _ = events.send(Change::Path(path, write));
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

/// What an event of `kind` says about writing, or `None` when it changes
/// nothing. Reads are not changes: the build itself reads every file, and
/// reacting to that would rebuild forever. Closing a file written to is
/// the surest sign its save has finished (inotify reports it; polling and
/// other platforms never do, so their writes never look finished).
pub fn write_of(kind: &EventKind) -> Option<Write> {
    use notify::event::{AccessKind, AccessMode, CreateKind, ModifyKind};
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write))
        | EventKind::Modify(ModifyKind::Name(_))
        | EventKind::Remove(_) => Some(Write::Finished),
        EventKind::Create(CreateKind::Folder) | EventKind::Modify(ModifyKind::Metadata(_)) => {
            Some(Write::Unknown)
        }
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Any => Some(Write::UnderWay),
        EventKind::Access(_) | EventKind::Other => None,
    }
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
            "/p/content/#drafts#/a.md",
            "/p/public/index.html",
            "/p/target/debug/x",
            "/p/README.md",
        ] {
            assert_eq!(l.classify(Path::new(ignored)), None, "{ignored}");
        }
    }

    #[test]
    fn reading_a_file_is_not_a_change() {
        use notify::event::{AccessKind, AccessMode};
        for read in [
            AccessKind::Open(AccessMode::Read),
            AccessKind::Open(AccessMode::Any),
            AccessKind::Close(AccessMode::Read),
        ] {
            assert_eq!(write_of(&EventKind::Access(read)), None, "{read:?}");
        }
        assert_eq!(write_of(&EventKind::Other), None);
    }

    #[test]
    fn events_tell_a_write_under_way_from_a_finished_one() {
        use notify::event::{
            AccessKind, AccessMode, CreateKind, DataChange, MetadataKind, ModifyKind, RemoveKind,
            RenameMode,
        };
        let cases = [
            (EventKind::Create(CreateKind::File), Write::UnderWay),
            (EventKind::Create(CreateKind::Any), Write::UnderWay),
            (
                EventKind::Modify(ModifyKind::Data(DataChange::Any)),
                Write::UnderWay,
            ),
            (EventKind::Modify(ModifyKind::Any), Write::UnderWay),
            (EventKind::Any, Write::UnderWay),
            (
                EventKind::Access(AccessKind::Close(AccessMode::Write)),
                Write::Finished,
            ),
            (
                EventKind::Modify(ModifyKind::Name(RenameMode::To)),
                Write::Finished,
            ),
            (
                EventKind::Modify(ModifyKind::Name(RenameMode::From)),
                Write::Finished,
            ),
            (EventKind::Remove(RemoveKind::File), Write::Finished),
            (EventKind::Create(CreateKind::Folder), Write::Unknown),
            (
                EventKind::Modify(ModifyKind::Metadata(MetadataKind::Any)),
                Write::Unknown,
            ),
        ];
        for (kind, write) in cases {
            assert_eq!(write_of(&kind), Some(write), "{kind:?}");
        }
    }
}
