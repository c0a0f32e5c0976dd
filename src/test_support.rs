//! Shared by unit tests: the shipped example portfolio, linked, with its
//! theme.

use crate::link::Site;
use crate::theme::Theme;

/// The example portfolio of the repository, checked and linked as of a
/// fixed day, and the theme it is built with.
pub fn example_site() -> (Site, Theme) {
    site_at(std::path::Path::new(env!("CARGO_MANIFEST_DIR")))
}

/// A portfolio of the repository (`tests/fixtures/site`, …) as
/// `example_site` gives the example.
pub fn fixture_site(folder: &str) -> (Site, Theme) {
    site_at(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(folder))
}

/// Runs `check` on each portfolio that exercises the built-in theme: the
/// example, and the site fixture in English and in Spanish.
pub fn for_each_portfolio(check: impl Fn(&Site, &Theme)) {
    let (site, theme) = example_site();
    check(&site, &theme);
    let (mut site, theme) = fixture_site("tests/fixtures/site");
    check(&site, &theme);
    site.config.language = crate::i18n::Language::from_code("es").expect("es");
    check(&site, &theme);
}

fn site_at(root: &std::path::Path) -> (Site, Theme) {
    let options = crate::pipeline::RunOptions {
        drafts: false,
        today: crate::content::date::Date::parse("2026-01-15").expect("date"),
    };
    let checked = crate::pipeline::check(root, &options).expect("check");
    assert!(!checked.has_errors(), "{} has errors", root.display());
    let site = checked.site.expect("site");
    let theme = crate::theme::load(root, &site.config.build.theme)
        .expect("theme")
        .expect("theme loads");
    (site, theme)
}
