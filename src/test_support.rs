//! Shared by unit tests: the shipped example portfolio, linked, with its
//! theme.

use crate::link::Site;
use crate::theme::Theme;

/// The example portfolio of the repository, checked and linked as of a
/// fixed day, and the theme it is built with.
pub fn example_site() -> (Site, Theme) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let options = crate::pipeline::RunOptions {
        drafts: false,
        today: crate::content::date::Date::parse("2026-01-15").expect("date"),
    };
    let checked = crate::pipeline::check(root, &options).expect("check");
    assert!(!checked.has_errors(), "the example portfolio has errors");
    let site = checked.site.expect("site");
    let theme = crate::theme::load(root, &site.config.build.theme)
        .expect("theme")
        .expect("theme loads");
    (site, theme)
}
