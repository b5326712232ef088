//! The `dossier` binary: parse the command line, run the command, print findings, exit status.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use clap::Parser;
use dossier::cli::{Cli, Command};
use dossier::diagnostic::{Diagnostics, Severity};
use dossier::site::{self, Options, Parts, Site, Sources};
use dossier::{check, scaffold, serve};

/// jemalloc: a build makes and frees millions of small strings and views on every thread,
/// and glibc's allocator spent 13 % of a build's CPU time on them.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// Memory freed goes back to the system after a tenth of a second instead of ten: a
/// build's large strings (the printable dossier, the search index) are freed and made again
/// on other threads, whose arenas would otherwise each keep their own. At 10,000 pages with
/// every output on that is 300 MB at peak instead of 410; at 0 ms it is 230 MB, but the
/// lean build makes ten times the `madvise` calls. (`_RJEM_MALLOC_CONF` overrides it.)
#[cfg(not(target_env = "msvc"))]
#[unsafe(export_name = "_rjem_malloc_conf")]
static JEMALLOC_CONF: &std::ffi::CStr = c"dirty_decay_ms:100,muzzy_decay_ms:0";

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(diagnostics) => {
            eprintln!("{diagnostics}");
            let n = diagnostics.errors().count();
            eprintln!("{n} error{}", if n == 1 { "" } else { "s" });
            ExitCode::FAILURE
        }
    }
}

/// Today in the writer's time zone, for a new article's `date` (chrono: already in the tree
/// through tera, and it knows the local zone).
fn today() -> String {
    chrono::Local::now().format("%Y-%m-%d").to_string()
}

fn run(cli: Cli) -> Result<ExitCode, Diagnostics> {
    let root = cli.root;
    match cli.command {
        Command::Build {
            output,
            base_url,
            force,
            site,
        } => {
            let options = Options {
                drafts: site.drafts,
                base_url,
                exiting: true,
                force,
            };
            let stats = site::build(&root, &options, output.as_deref())?;
            for warning in &stats.warnings {
                eprintln!("{warning}");
            }
            println!("{stats}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve {
            bind,
            port,
            open,
            site,
        } => {
            let options = serve::ServeOptions {
                bind,
                port,
                drafts: site.drafts,
                ..serve::ServeOptions::default()
            };
            serve::run(&root, options, open)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Check {
            deny_warnings,
            external,
            timeout,
            site,
        } => {
            let options = Options {
                drafts: site.drafts,
                ..Options::default()
            };
            // The external check reads addresses with their places from the pages' text.
            let sources = if external {
                Sources::Keep
            } else {
                Sources::Release
            };
            let (parts, warnings) = Parts::load_reporting(&root, &options, sources)?;
            let mut site =
                Site::from_parts(&root, parts.theme, parts.assets, Arc::new(parts.library))?;
            site.warnings.extend(warnings);
            site.render_all(|_, _| Ok(()))?;
            let mut findings = Diagnostics(check::findings(site.library()));
            findings.0.extend(site.warnings.iter().cloned());
            if external {
                let pages = &site.library().pages;
                let report = dossier::external::check(&root, pages, Duration::from_secs(timeout));
                println!(
                    "{} external addresses: {} asked for, {} from the cache ({})",
                    report.asked + report.cached,
                    report.asked,
                    report.cached,
                    dossier::external::CACHE_FILE
                );
                findings.0.extend(report.findings);
            }
            findings.sort();
            let count = |s: Severity| findings.0.iter().filter(|d| d.severity == s).count();
            let (warnings, notes) = (count(Severity::Warning), count(Severity::Note));
            for d in &findings.0 {
                println!("{d}");
            }
            println!(
                "{} pages checked: 0 errors, {warnings} warning{}, {notes} note{}",
                site.library().pages.len(),
                if warnings == 1 { "" } else { "s" },
                if notes == 1 { "" } else { "s" }
            );
            Ok(if deny_warnings && warnings > 0 {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Init { dir } => {
            let dir = dir.unwrap_or(root);
            scaffold::init(&dir)?;
            println!("Created a dossier in {}", dir.display());
            let cd = if dir == Path::new(".") {
                String::new()
            } else {
                format!("cd {} && ", dir.display())
            };
            println!("Next: `{cd}dossier serve --open`");
            Ok(ExitCode::SUCCESS)
        }
        Command::New { kind, title } => {
            let created =
                scaffold::new_page(&root, &kind, &title, &today()).map_err(Diagnostics::from)?;
            let shown = |p: &Path| p.strip_prefix(".").unwrap_or(p).display().to_string();
            if let Some(section) = &created.section {
                println!("Created {} (a new section)", shown(section));
            }
            println!("Created {}", shown(&created.page));
            Ok(ExitCode::SUCCESS)
        }
    }
}
