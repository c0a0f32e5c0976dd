//! What a build finds where it will write, read before it renders: the
//! files of the output folder that journeybook did not write, and the
//! previous output (the next staging folder) with its manifest. At
//! 100,000 pages these walks of 100,000 folders take seconds, mostly
//! waiting on the disk; `build` takes the survey on a thread of its own
//! while the content is read and parsed, once it knows the output folder.
//! Nothing is written, except that an output a killed build moved aside
//! is put back first (see `swap`).

use std::collections::HashSet;
use std::path::Path;

use super::foreign::foreign_files;
use super::manifest::Recorded;
use super::swap::Siblings;

/// The output folder and the previous output, as found.
pub struct Survey {
    pub(super) siblings: Siblings,
    /// Files in the output that its manifest does not list, or why the
    /// output could not be read.
    pub(super) foreign: anyhow::Result<Vec<String>>,
    /// Every file of the previous output.
    pub(super) previous_files: HashSet<String>,
    /// The previous output's manifest.
    pub(super) recorded: Recorded,
}

impl Survey {
    /// Surveys the output folder `output` and the folders beside it.
    pub fn of(output: &Path) -> anyhow::Result<Survey> {
        let siblings = Siblings::of(output)?;
        siblings.recover_interrupted_runs()?;
        // Both walks touch every file of a site: they run side by side.
        let (foreign, (previous_files, recorded)) = crate::readers::with_readers(|| {
            rayon::join(
                || match output.exists() {
                    true => foreign_files(output),
                    false => Ok(Vec::new()),
                },
                || {
                    let mut recorded = Recorded::read(&siblings.previous);
                    let files = recorded
                        .take_files()
                        .unwrap_or_else(|| previous_files(&siblings.previous));
                    look_up_each(&siblings.previous, &files);
                    (files, recorded)
                },
            )
        });
        Ok(Survey {
            siblings,
            foreign,
            previous_files,
            recorded,
        })
    }
}

/// Looks each file of the previous output up once, on the reader
/// threads, so that the staging verdict's own look-up (one per file, from
/// the rendering threads, two at a time) finds it in the inode cache: this
/// VM empties that cache within a minute, and 229,000 look-ups from disk
/// two at a time were seconds of waiting.
fn look_up_each(root: &Path, files: &HashSet<String>) {
    use rayon::prelude::*;
    files.par_iter().for_each(|rel| {
        let _ = std::fs::symlink_metadata(root.join(rel));
    });
}

/// The files of the previous output, when its manifest does not list
/// them: those not written again are stale. A folder that cannot be read
/// keeps its files (they are not deleted).
fn previous_files(root: &Path) -> HashSet<String> {
    super::walk::files_under(root).files.into_iter().collect()
}
