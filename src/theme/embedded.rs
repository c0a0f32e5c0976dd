//! The default theme's files, compiled into the binary so a fresh
//! `cargo install` works with no theme folder.

/// Templates by file name.
pub const TEMPLATES: &[(&str, &str)] = &[
    (
        "base.html",
        include_str!("../../themes/default/templates/base.html"),
    ),
    (
        "components.html",
        include_str!("../../themes/default/templates/components.html"),
    ),
    (
        "home.html",
        include_str!("../../themes/default/templates/home.html"),
    ),
    (
        "journey.html",
        include_str!("../../themes/default/templates/journey.html"),
    ),
    (
        "persona.html",
        include_str!("../../themes/default/templates/persona.html"),
    ),
    (
        "touchpoint.html",
        include_str!("../../themes/default/templates/touchpoint.html"),
    ),
    (
        "channel.html",
        include_str!("../../themes/default/templates/channel.html"),
    ),
    (
        "opportunity.html",
        include_str!("../../themes/default/templates/opportunity.html"),
    ),
    (
        "page.html",
        include_str!("../../themes/default/templates/page.html"),
    ),
    (
        "section.html",
        include_str!("../../themes/default/templates/section.html"),
    ),
    (
        "404.html",
        include_str!("../../themes/default/templates/404.html"),
    ),
];

/// The templates the renderer asks for by name.
pub const REQUIRED: &[&str] = &[
    "home.html",
    "journey.html",
    "persona.html",
    "touchpoint.html",
    "channel.html",
    "opportunity.html",
    "page.html",
    "section.html",
    "404.html",
];

/// Static files by path under `static/`.
pub const STATIC: &[(&str, &[u8])] = &[
    (
        "style.css",
        include_bytes!("../../themes/default/static/style.css"),
    ),
    (
        "favicon.svg",
        include_bytes!("../../themes/default/static/favicon.svg"),
    ),
];
