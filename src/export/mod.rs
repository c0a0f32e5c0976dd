//! `journeybook export`: the linked portfolio for other tools, as JSON (the
//! whole portfolio), CSV (one row per step) or Mermaid (one journey).

pub mod csv;
pub mod json;
pub mod mermaid;
