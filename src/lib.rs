//! journeybook: a static-site generator for customer-journey portfolios.
//! The pipeline (see ARCHITECTURE.md): `config` → `load` → `content::parse`
//! → `link` → `render` → `write`, wired in `pipeline`.

pub mod allocator;
pub mod cli;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod escape;
pub mod export;
pub mod i18n;
pub mod init;
pub mod link;
pub mod load;
pub mod pipeline;
pub mod readers;
pub mod render;
pub mod report;
pub mod schema;
pub mod search;
pub mod serve;
#[cfg(test)]
mod test_support;
pub mod theme;
pub mod write;
