//! dossier: a static site generator for investigative dossiers.
//!
//! The pipeline, in module order: `config` and `content` read the site, `markdown` analyses
//! and renders each page, `graph` resolves links, citations, relations and events across
//! pages, `render` fills tera templates, `site` runs the stages and `output` writes the result.

pub mod check;
pub mod cli;
pub mod config;
pub mod content;
mod cost;
pub mod diagnostic;
pub mod external;
pub mod graph;
pub mod incremental;
pub mod library;
pub mod link_check;
pub mod markdown;
pub mod output;
pub mod reader;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod site;
pub mod suggestion;
mod toml_util;
