//! What the feature modules share: `common` writes fixture sites and runs the binary, `reader`
//! holds the fixture dossier with every page type, `serve` drives a live server and compares it
//! with a full build.

pub mod common;
pub mod reader;
pub mod serve;
