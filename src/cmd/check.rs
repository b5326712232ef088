//! `dossier check`: load and resolve everything, write nothing, and list what an editor
//! would flag (`check.rs`), with `--external` what has gone dead on other hosts; as text
//! with excerpts, or as JSON lines for editors and CI.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use dossier::check;
use dossier::cli::Format;
use dossier::diagnostic::{colour, Diagnostics, Severity};
use dossier::external;
use dossier::site::{LoadedSite, Options, PageText, Site};

pub fn run(
    root: &Path,
    deny_warnings: bool,
    external: bool,
    timeout: u64,
    format: Format,
    drafts: bool,
) -> Result<ExitCode, Diagnostics> {
    let options = Options {
        drafts,
        ..Options::default()
    };
    // The external check reads addresses with their places from the pages' text.
    let text = if external {
        PageText::Keep
    } else {
        PageText::Release
    };
    let (parts, warnings) = LoadedSite::load_reporting(root, &options, text)?;
    let mut site = Site::from_parts(
        root,
        parts.theme,
        parts.assets,
        Arc::new(parts.library),
        parts.rendering,
    )?;
    site.warnings.extend(warnings);
    site.render_all(|_, _| Ok(()))?;
    let mut findings = Diagnostics(check::findings(site.library()));
    findings.0.extend(site.warnings.iter().cloned());
    if external {
        let pages = &site.library().pages;
        let report = external::check(root, pages, Duration::from_secs(timeout));
        let summary = format!(
            "{} external addresses: {} asked for, {} from the cache ({})",
            report.asked + report.cached,
            report.asked,
            report.cached,
            external::CACHE_FILE
        );
        if format == Format::Json {
            eprintln!("{summary}");
        } else {
            println!("{summary}");
        }
        findings.0.extend(report.findings);
    }
    findings.sort();
    let count = |s: Severity| findings.0.iter().filter(|d| d.severity == s).count();
    let (warnings, notes) = (count(Severity::Warning), count(Severity::Note));
    let color = colour(std::io::stdout().is_terminal());
    for d in &findings.0 {
        match format {
            Format::Json => println!("{}", d.to_json()),
            Format::Human => print!("{}", super::report(d, root, color)),
        }
    }
    let summary = format!(
        "{} pages checked: 0 errors, {warnings} warning{}, {notes} note{}",
        site.library().pages.len(),
        if warnings == 1 { "" } else { "s" },
        if notes == 1 { "" } else { "s" }
    );
    match format {
        Format::Json => eprintln!("{summary}"),
        Format::Human => println!("{summary}"),
    }
    Ok(if deny_warnings && warnings > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
