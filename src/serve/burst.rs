//! What one burst of changes touched, to tell open pages how to show the
//! build it makes: in place (the new body swapped in) when only Markdown
//! changed, since stylesheets, scripts and pictures are then as they were;
//! a reload after anything else. An editor's or a tool's temporary file
//! (`sed -i` writes `sedXXXXXX` and renames it over the file) is no change
//! of its own: it is gone by the time the burst is built, and it never was
//! a file of the portfolio.

use std::path::{Path, PathBuf};

use super::watch::ChangeKind;

/// The changes of one burst, as the rebuild loop sees them.
#[derive(Debug)]
pub struct Burst {
    /// No theme or config change, and no lost events.
    content_only: bool,
    /// Content paths other than Markdown files.
    others: Vec<PathBuf>,
}

impl Default for Burst {
    fn default() -> Self {
        Burst {
            content_only: true,
            others: Vec::new(),
        }
    }
}

impl Burst {
    /// A change of `kind` to `path`.
    pub fn note(&mut self, path: &Path, kind: ChangeKind) {
        if kind != ChangeKind::Content {
            self.content_only = false;
        } else if path.extension().is_none_or(|e| e != "md") {
            self.others.push(path.to_path_buf());
        }
    }

    /// Events were lost: anything may have changed.
    pub fn lost_events(&mut self) {
        self.content_only = false;
    }

    /// Whether only Markdown files changed. A path other than Markdown
    /// counts unless it is gone now and `was_loaded` says the last load
    /// did not find it either (a temporary file).
    pub fn markdown_only(&self, was_loaded: impl Fn(&Path) -> bool) -> bool {
        self.content_only
            && self
                .others
                .iter()
                .all(|path| std::fs::symlink_metadata(path).is_err() && !was_loaded(path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_edits_and_temporary_files_refresh_in_place() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut burst = Burst::default();
        burst.note(&dir.path().join("journeys/a.md"), ChangeKind::Content);
        // Written, then renamed over a.md: gone when the burst is built.
        burst.note(&dir.path().join("journeys/sedAb12Cd"), ChangeKind::Content);
        assert!(burst.markdown_only(|_| false));
    }

    #[test]
    fn a_picture_the_theme_or_lost_events_mean_a_reload() {
        let dir = tempfile::tempdir().expect("temp dir");
        let picture = dir.path().join("ana.svg");
        std::fs::write(&picture, "<svg/>").expect("write");
        let mut burst = Burst::default();
        burst.note(&picture, ChangeKind::Content);
        assert!(!burst.markdown_only(|_| false), "a picture changed");

        let gone = dir.path().join("bob.svg");
        let mut burst = Burst::default();
        burst.note(&gone, ChangeKind::Content);
        assert!(!burst.markdown_only(|p| p == gone), "a picture removed");

        for kind in [ChangeKind::Theme, ChangeKind::Config] {
            let mut burst = Burst::default();
            burst.note(&dir.path().join("style.css"), kind);
            assert!(!burst.markdown_only(|_| false), "{kind:?}");
        }
        let mut burst = Burst::default();
        burst.lost_events();
        assert!(!burst.markdown_only(|_| false));
    }
}
