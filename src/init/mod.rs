//! `journeybook init <dir>`: writes a small starter portfolio (book.toml, a
//! home page, one persona, one journey, two touchpoints) that builds with
//! no warnings, into a new or empty folder.

use std::fs;
use std::path::Path;

use anyhow::{Context, bail};

use crate::content::date::Date;

/// The starter files; `{today}` is replaced by the current date so the
/// journey is not reported stale.
const FILES: &[(&str, &str)] = &[
    ("book.toml", include_str!("starter/book.toml")),
    ("content/index.md", include_str!("starter/index.md")),
    ("content/personas/sam.md", include_str!("starter/sam.md")),
    (
        "content/journeys/first-order.md",
        include_str!("starter/first-order.md"),
    ),
    (
        "content/touchpoints/website.md",
        include_str!("starter/website.md"),
    ),
    (
        "content/touchpoints/support-chat.md",
        include_str!("starter/support-chat.md"),
    ),
];

/// Writes the starter portfolio; refuses a folder that is not empty.
pub fn init(dir: &Path) -> anyhow::Result<()> {
    if dir.exists() {
        let mut entries =
            fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
        if entries.next().is_some() {
            bail!(
                "refusing to initialise {}: the folder is not empty (choose a new or empty folder)",
                dir.display()
            );
        }
    }
    let today = Date::today().to_string();
    for (rel, text) in FILES {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        fs::write(&path, text.replace("{today}", &today))
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}
