//! dossier: a static site generator for investigative dossiers.
//!
//! The pipeline, in module order: `config` and `content` read the site, `markdown` analyses
//! and renders each page, `resolve` finds what links, citations, relations and events name
//! across pages, `link_check` checks every other address, `render` fills tera templates,
//! `generated` makes the site-wide pages, `site` runs the stages and `output` writes the
//! result. ARCHITECTURE.md has the map.

pub mod bibliography;
pub mod check;
pub mod cli;
pub mod config;
pub mod content;
mod cost;
pub mod derivatives;
pub mod diagnostic;
pub mod editions;
pub mod external;
pub mod generated;
pub mod incremental;
pub mod languages;
pub mod library;
pub mod link_check;
pub mod markdown;
pub mod output;
pub mod render;
pub mod resolve;
pub mod scaffold;
pub mod serve;
pub mod shortcodes;
pub mod site;
pub mod stages;
pub mod suggestion;
mod toml_util;
