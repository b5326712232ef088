//! The integration tests, as one binary (one link, one build of the fixtures' helpers), a
//! module per feature as mdBook and ripgrep arrange theirs. `support` writes fixture sites and
//! reads what was built. Tests that need a browser, the Nu checker or Python are `#[ignore]`:
//! `scripts/test.sh` runs them with `--include-ignored`.

mod support;

mod bench_corpus;
mod build_errors;
mod build_layout;
mod build_markdown;
mod build_output;
mod build_streaming;
mod build_templates;
mod check;
mod check_external;
mod citations;
mod citing;
mod cli_scaffold;
mod content_dir;
mod content_originality;
mod default_site;
mod diagnostics;
mod evidence_links;
mod hardening_growth;
mod hardening_injection;
mod hardening_output;
mod hardening_serve;
mod highlight;
mod images;
mod import_obsidian;
mod import_zola;
mod import_zotero;
mod languages;
mod links;
mod outputs;
mod pagination;
mod reader_browser;
mod reader_explore;
mod reader_feeds;
mod reader_graph;
mod reader_pages;
mod reader_print;
mod reader_search;
mod reader_theme;
mod reader_timeline;
mod relations;
mod search_queries;
mod serve;
mod serve_browser;
mod serve_cli;
mod serve_incremental;
mod shortcodes;
mod taxonomies;
