//! A build's staging folder. It starts as the output of the build before
//! last (kept beside the output by the previous swap), so writing a file
//! whose bytes did not change is no write, and usually no read either (its
//! manifest vouches for it, see `manifest`); nothing is created or deleted
//! but what changed. Its manifest also lists its files, so the folder is
//! walked only when it has none (it was left half-written, or by an older
//! version). Files arrive in batches while the
//! rest of the site still renders; `finish` removes what the new site no
//! longer has, records the manifest and swaps the folder in.

use std::cell::RefCell;
use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use anyhow::{Context, bail};

use super::Written;
use super::manifest::{self, MANIFEST, Record, Recorded, Verdict};
use super::survey::Survey;
use super::swap::Siblings;
use crate::render::OutputFile;

/// A staging folder being filled; dropped unfinished, it is kept as the
/// previous output for the next build (it holds only journeybook's files).
/// The rendering threads write into it side by side: each file is hashed,
/// checked and written outside any lock, so a page's buffer is freed by
/// the thread that made it (a writer thread freeing every page made the
/// allocator fetch fresh memory for the next ones).
pub struct Staging {
    siblings: Siblings,
    /// Files journeybook did not write that live in the output (`--force`).
    foreign: Vec<String>,
    /// The staging folder's manifest, from the build that wrote it.
    recorded: Recorded,
    progress: Mutex<Progress>,
    finished: bool,
}

/// What the writing threads share.
#[derive(Default)]
struct Progress {
    /// Files already in the staging folder that this build has not written.
    stale: HashSet<String>,
    manifest: Vec<(String, Record)>,
    written: Written,
}

thread_local! {
    /// The buffer old files are read into, in chunks, to compare them.
    static CHUNK: RefCell<Box<[u8]>> = RefCell::new(vec![0; 64 * 1024].into_boxed_slice());
}

impl Staging {
    /// Checks the output folder and claims a staging folder beside it.
    pub fn begin(output: &Path, force: bool) -> anyhow::Result<Staging> {
        Staging::claim(Survey::of(output)?, force)
    }

    /// Checks the output folder as `survey` found it and claims a staging
    /// folder beside it.
    pub fn claim(survey: Survey, force: bool) -> anyhow::Result<Staging> {
        let Survey {
            siblings,
            foreign,
            previous_files,
            recorded,
        } = survey;
        let output = &siblings.output;
        let foreign = foreign?;
        if !foreign.is_empty() && !force {
            let shown: Vec<String> = foreign.iter().take(5).map(|f| format!("  {f}")).collect();
            bail!(
                "refusing to write into {}: it holds {} file(s) journeybook did not write:\n{}\nmove them away, choose another output folder, or pass --force to keep them and write beside them",
                output.display(),
                foreign.len(),
                shown.join("\n")
            );
        }
        let parent = siblings.parent();
        fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
        let staging = &siblings.staging;
        let (stale, recorded) = if fs::rename(&siblings.previous, staging).is_ok() {
            // From here on the folder's files change: its manifest goes
            // first, so that it never vouches for a half-written folder.
            match fs::remove_file(staging.join(MANIFEST)) {
                Ok(()) => (previous_files, recorded),
                Err(error) if error.kind() == io::ErrorKind::NotFound => {
                    (previous_files, Recorded::default())
                }
                Err(error) => {
                    return Err(error).context("cannot remove the previous output's manifest");
                }
            }
        } else {
            fs::create_dir(staging)
                .with_context(|| format!("cannot create {}", staging.display()))?;
            (HashSet::new(), Recorded::default())
        };
        Ok(Staging {
            siblings,
            foreign,
            recorded,
            progress: Mutex::new(Progress {
                stale,
                ..Progress::default()
            }),
            finished: false,
        })
    }

    /// Puts `files` into the staging folder, skipping those whose bytes are
    /// already there. Threads may call it side by side.
    pub fn write(&self, files: &[OutputFile]) -> anyhow::Result<()> {
        let records: Vec<Record> = files.iter().map(|f| Record::of(&f.bytes)).collect();
        let present: Vec<bool> = {
            let mut progress = self.progress();
            files
                .iter()
                .map(|f| progress.stale.remove(&f.path))
                .collect()
        };
        let mut changed = 0;
        for ((file, &record), present) in files.iter().zip(&records).zip(present) {
            let target = self.siblings.staging.join(&file.path);
            let unchanged = present
                && match self.recorded.verdict(&target, &file.path, record) {
                    Verdict::Holds => true,
                    Verdict::Differs => false,
                    Verdict::Unknown => {
                        CHUNK.with(|chunk| holds(&target, &file.bytes, &mut chunk.borrow_mut()))
                    }
                };
            if !unchanged {
                write_file(&self.siblings.staging, &file.path, &file.bytes)
                    .with_context(|| format!("cannot write {}", target.display()))?;
                changed += 1;
            }
        }
        let mut progress = self.progress();
        progress.written.changed += changed;
        progress.written.files += files.len();
        progress.written.bytes += files.iter().map(|f| f.bytes.len() as u64).sum::<u64>();
        let entries = files.iter().zip(records).map(|(f, r)| (f.path.clone(), r));
        progress.manifest.extend(entries);
        Ok(())
    }

    /// The pages (`.html` files) written so far.
    pub fn pages(&self) -> Vec<String> {
        let progress = self.progress();
        let paths = progress.manifest.iter().map(|(path, _)| path);
        paths.filter(|p| p.ends_with(".html")).cloned().collect()
    }

    fn progress(&self) -> MutexGuard<'_, Progress> {
        self.progress.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Copies the kept foreign files, removes stale files, writes the
    /// manifest and swaps the staging folder in for the output.
    pub fn finish(mut self) -> anyhow::Result<Written> {
        let mut progress =
            std::mem::take(self.progress.get_mut().unwrap_or_else(|e| e.into_inner()));
        let generated: HashSet<&str> = progress.manifest.iter().map(|(p, _)| p.as_str()).collect();
        let staging = self.siblings.staging.clone();
        let mut kept = Vec::new();
        for rel in self
            .foreign
            .iter()
            .filter(|f| !generated.contains(f.as_str()))
        {
            progress.stale.remove(rel);
            let from = self.siblings.output.join(rel);
            let bytes =
                fs::read(&from).with_context(|| format!("cannot keep {}", from.display()))?;
            write_file(&staging, rel, &bytes)
                .with_context(|| format!("cannot keep {}", from.display()))?;
            kept.push(rel.as_str());
        }
        progress.written.kept = kept.len();
        progress.stale.remove(MANIFEST);
        remove_stale(&staging, &progress.stale)?;
        // Written last: it vouches only for files written before it, and
        // names the kept files so that it lists every file of the folder.
        let manifest = manifest::text(&mut progress.manifest, &mut kept);
        fs::write(staging.join(MANIFEST), manifest).context("cannot write the output manifest")?;
        self.siblings.swap_in()?;
        self.finished = true;
        Ok(std::mem::take(&mut progress.written))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished && self.siblings.staging.exists() {
            let _ = self.siblings.keep_as_previous(&self.siblings.staging);
        }
    }
}

/// Whether the file at `path` holds exactly `bytes`. Reads it into `chunk`
/// piece by piece and stops at the first difference (a different size
/// reads nothing), so comparing a whole site allocates nothing: a fresh
/// buffer per file cost more in page faults than the reading itself.
fn holds(path: &Path, bytes: &[u8], chunk: &mut [u8]) -> bool {
    use std::io::Read;
    let Ok(mut file) = fs::File::open(path) else {
        return false;
    };
    if file.metadata().map(|m| m.len()).ok() != Some(bytes.len() as u64) {
        return false;
    }
    let mut rest = bytes;
    loop {
        match file.read(chunk) {
            Ok(0) => return rest.is_empty(),
            Ok(n) if n <= rest.len() && chunk[..n] == rest[..n] => rest = &rest[n..],
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            _ => return false,
        }
    }
}

/// Writes `bytes` to `rel` under `root`, making its folders, and clearing
/// the way when an older build left a file where a folder must go (or
/// the reverse): everything under the staging folder is journeybook's.
fn write_file(root: &Path, rel: &str, bytes: &[u8]) -> io::Result<()> {
    let target = root.join(rel);
    match fs::write(&target, bytes) {
        Ok(()) => return Ok(()),
        Err(error) if error.kind() == io::ErrorKind::NotFound => {}
        Err(_) if target.is_dir() => fs::remove_dir_all(&target)?,
        Err(error) => return Err(error),
    }
    if let Some(dir) = target.parent()
        && fs::create_dir_all(dir).is_err()
    {
        clear_file_ancestors(root, rel)?;
        fs::create_dir_all(dir)?;
    }
    fs::write(&target, bytes)
}

/// Removes files standing where `rel` needs folders.
fn clear_file_ancestors(root: &Path, rel: &str) -> io::Result<()> {
    let mut path = root.to_path_buf();
    let parts: Vec<&str> = rel.split('/').collect();
    for part in &parts[..parts.len().saturating_sub(1)] {
        path.push(part);
        if path.is_file() {
            fs::remove_file(&path)?;
        }
    }
    Ok(())
}

/// Deletes the stale files, then the folders they leave empty.
fn remove_stale(root: &Path, stale: &HashSet<String>) -> anyhow::Result<()> {
    let mut folders: Vec<PathBuf> = Vec::new();
    for rel in stale {
        let path = root.join(rel);
        match fs::remove_file(&path) {
            Ok(()) => {}
            Err(error) if error.kind() == io::ErrorKind::NotFound => {}
            Err(error) => {
                return Err(error).with_context(|| format!("cannot remove {}", path.display()));
            }
        }
        folders.extend(
            path.ancestors()
                .skip(1)
                .take_while(|p| *p != root)
                .map(Path::to_path_buf),
        );
    }
    folders.sort_by(|a, b| (b.components().count(), b).cmp(&(a.components().count(), a)));
    folders.dedup();
    for folder in folders {
        // Fails, as it should, when the folder still holds files.
        let _ = fs::remove_dir(folder);
    }
    Ok(())
}
