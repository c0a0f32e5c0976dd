//! The folders journeybook keeps beside the output folder, and the swap
//! that puts a finished staging folder in place of the output:
//! `.<name>.journeybook-tmp-<pid>` (a build's staging folder),
//! `.<name>.journeybook-prev` (the output before the last build, reused as
//! the next staging folder) and `.<name>.journeybook-old-<pid>` (the output
//! moved aside, only where an atomic exchange is not available). All three
//! hold only what journeybook wrote, so it may move or delete them.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use anyhow::Context;

/// The sibling folders of one output folder.
pub struct Siblings {
    pub output: PathBuf,
    pub staging: PathBuf,
    pub previous: PathBuf,
    parent: PathBuf,
    name: String,
}

impl Siblings {
    pub fn of(output: &Path) -> anyhow::Result<Siblings> {
        let parent = match output.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = output
            .file_name()
            .with_context(|| format!("the output path {} has no folder name", output.display()))?
            .to_string_lossy()
            .into_owned();
        Ok(Siblings {
            output: output.to_path_buf(),
            staging: parent.join(format!(".{name}.journeybook-tmp-{}", std::process::id())),
            previous: parent.join(format!(".{name}.journeybook-prev")),
            parent,
            name,
        })
    }

    pub fn parent(&self) -> &Path {
        &self.parent
    }

    /// After a run killed mid-swap, puts the output moved aside back; keeps
    /// one leftover staging folder as the previous output (its files are
    /// journeybook's own, so the next build can reuse them) and removes the
    /// others.
    pub fn recover_interrupted_runs(&self) -> anyhow::Result<()> {
        let Ok(entries) = fs::read_dir(&self.parent) else {
            return Ok(());
        };
        let backup_prefix = format!(".{}.journeybook-old-", self.name);
        let staging_prefix = format!(".{}.journeybook-tmp-", self.name);
        for entry in entries.flatten() {
            let entry_name = entry.file_name().to_string_lossy().into_owned();
            if entry_name.starts_with(&backup_prefix) && !self.output.exists() {
                fs::rename(entry.path(), &self.output)
                    .with_context(|| format!("cannot restore {}", self.output.display()))?;
            } else if entry_name.starts_with(&backup_prefix)
                || entry_name.starts_with(&staging_prefix)
            {
                self.keep_as_previous(&entry.path())?;
            }
        }
        Ok(())
    }

    /// Makes `folder` (journeybook's own) the previous output, or removes
    /// it when there already is one.
    pub fn keep_as_previous(&self, folder: &Path) -> anyhow::Result<()> {
        if self.previous.exists() || fs::rename(folder, &self.previous).is_err() {
            fs::remove_dir_all(folder)
                .with_context(|| format!("cannot remove {}", folder.display()))?;
        }
        Ok(())
    }

    /// Puts the finished staging folder in place of the output; the old
    /// output becomes the previous one. Atomic where the file system can
    /// exchange two names; elsewhere the old output is moved aside first,
    /// and a run killed between the two moves is repaired by
    /// [`Siblings::recover_interrupted_runs`].
    pub fn swap_in(&self) -> anyhow::Result<()> {
        let output = &self.output;
        if !output.exists() {
            return fs::rename(&self.staging, output)
                .with_context(|| format!("cannot move the new site to {}", output.display()));
        }
        if exchange(&self.staging, output).is_ok() {
            return self.keep_as_previous(&self.staging);
        }
        let backup = self.parent.join(format!(
            ".{}.journeybook-old-{}",
            self.name,
            std::process::id()
        ));
        fs::rename(output, &backup)
            .with_context(|| format!("cannot move the old site aside from {}", output.display()))?;
        if let Err(error) = fs::rename(&self.staging, output) {
            let _ = fs::rename(&backup, output);
            return Err(error)
                .with_context(|| format!("cannot move the new site to {}", output.display()));
        }
        self.keep_as_previous(&backup)
    }
}

/// Swaps the names of two folders in one atomic step.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both are valid NUL-terminated paths that outlive the call;
    // AT_FDCWD makes relative paths relative to the current folder.
    let status = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if status == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exchange_swaps_two_folders() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        fs::create_dir(&a).unwrap();
        fs::create_dir(&b).unwrap();
        fs::write(a.join("f"), "a").unwrap();
        fs::write(b.join("f"), "b").unwrap();
        if exchange(&a, &b).is_ok() {
            assert_eq!(fs::read_to_string(a.join("f")).unwrap(), "b");
            assert_eq!(fs::read_to_string(b.join("f")).unwrap(), "a");
        }
    }

    #[test]
    fn a_leftover_staging_folder_becomes_the_previous_output() {
        let dir = tempfile::tempdir().unwrap();
        let siblings = Siblings::of(&dir.path().join("public")).unwrap();
        let leftover = dir.path().join(".public.journeybook-tmp-4");
        fs::create_dir(&leftover).unwrap();
        fs::write(leftover.join("index.html"), "half").unwrap();
        siblings.recover_interrupted_runs().unwrap();
        assert!(!leftover.exists());
        assert_eq!(
            fs::read_to_string(siblings.previous.join("index.html")).unwrap(),
            "half"
        );
    }
}
