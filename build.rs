//! Finds the site's interface languages: every `src/i18n/<code>.toml` is
//! one language, embedded in the binary under its file name. Adding a
//! language is adding its file; this script writes the table
//! (`$OUT_DIR/languages.rs`) that `src/i18n` includes.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

fn main() {
    let folder = Path::new(&env::var("CARGO_MANIFEST_DIR").expect("set by cargo")).join("src/i18n");
    println!("cargo:rerun-if-changed={}", folder.display());
    let mut files: Vec<(String, PathBuf)> = fs::read_dir(&folder)
        .expect("src/i18n exists")
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let code = path.file_stem()?.to_str()?.to_string();
            (path.extension()? == "toml").then_some((code, path))
        })
        .collect();
    files.sort();
    let english = files
        .iter()
        .position(|(code, _)| code == "en")
        .expect("src/i18n/en.toml is the language every other falls back to");

    let mut table = String::new();
    writeln!(
        table,
        "/// Every language's code and embedded text file, by code."
    )
    .unwrap();
    writeln!(table, "const LANGUAGE_FILES: &[(&str, &str)] = &[").unwrap();
    for (code, path) in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        writeln!(
            table,
            "    ({code:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    writeln!(table, "];").unwrap();
    writeln!(
        table,
        "/// Every language of the site's interface text, by its `[book] language` code."
    )
    .unwrap();
    writeln!(table, "pub const LANGUAGES: &[(&str, Language)] = &[").unwrap();
    for (index, (code, _)) in files.iter().enumerate() {
        writeln!(table, "    ({code:?}, Language({index})),").unwrap();
    }
    writeln!(table, "];").unwrap();
    writeln!(table, "impl Language {{\n    /// English, the default and the fallback for a missing text.\n    pub const EN: Language = Language({english});\n}}").unwrap();

    let out = Path::new(&env::var("OUT_DIR").expect("set by cargo")).join("languages.rs");
    fs::write(out, table).expect("OUT_DIR is writable");
}
