//! The default theme's files, compiled into the binary so a fresh
//! `cargo install` works with no theme folder.

/// `(name, contents)` of a file under `themes/default/templates/`.
macro_rules! template {
    ($name:literal) => {
        (
            $name,
            include_str!(concat!("../../themes/default/templates/", $name)),
        )
    };
}

/// `(name, bytes)` of a file under `themes/default/static/`.
macro_rules! static_file {
    ($name:literal) => {
        (
            $name,
            include_bytes!(concat!("../../themes/default/static/", $name)),
        )
    };
}

/// Templates by file name.
pub const TEMPLATES: &[(&str, &str)] = &[
    template!("base.html"),
    template!("components.html"),
    template!("home.html"),
    template!("journey.html"),
    template!("persona.html"),
    template!("touchpoint.html"),
    template!("channel.html"),
    template!("opportunity.html"),
    template!("page.html"),
    template!("section.html"),
    template!("metrics.html"),
    template!("metric.html"),
    template!("opportunities.html"),
    template!("action-plans.html"),
    template!("search.html"),
    template!("pages.html"),
    template!("journey-map.html"),
    template!("print.html"),
    template!("404.html"),
];

/// Static files by path under `static/`.
pub const STATIC: &[(&str, &[u8])] = &[
    static_file!("style.css"),
    static_file!("favicon.svg"),
    static_file!("sortable.js"),
    static_file!("highlight.css"),
    static_file!("search.js"),
];
