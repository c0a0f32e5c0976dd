//! The content model and its readers: front-matter and Markdown, the
//! format-neutral node tree, and the `parse` stage.

pub mod date;
pub mod frontmatter;
pub mod highlight;
pub mod markdown;
pub mod model;
pub mod nesting;
pub mod node;
pub mod parse;
pub mod reader;
pub mod slug;
