//! The `dossier` binary: parse the command line, run the command (`cmd/`, one module each),
//! print the errors that stopped it, exit status.

mod cmd;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use dossier::cli::{Cli, Command, Format};
use dossier::diagnostic::Diagnostics;

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
    let root = cli.root.clone();
    let json = matches!(
        cli.command,
        Command::Check {
            format: Format::Json,
            ..
        }
    );
    match run(cli) {
        Ok(code) => code,
        Err(diagnostics) => {
            for d in &diagnostics.0 {
                if json {
                    println!("{}", d.to_json());
                } else {
                    let color = dossier::diagnostic::colour(std::io::stderr().is_terminal());
                    eprint!("{}", cmd::report(d, &root, color));
                }
            }
            let n = diagnostics.errors().count();
            eprintln!("{n} error{}", if n == 1 { "" } else { "s" });
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, Diagnostics> {
    let root = cli.root;
    match cli.command {
        Command::Build {
            output,
            base_url,
            force,
            verbose,
            site,
        } => cmd::build::run(&root, output, base_url, force, verbose, site.drafts),
        Command::Serve {
            bind,
            port,
            open,
            site,
        } => cmd::serve::run(&root, bind, port, open, site.drafts),
        Command::Check {
            deny_warnings,
            external,
            timeout,
            format,
            site,
        } => cmd::check::run(&root, deny_warnings, external, timeout, format, site.drafts),
        Command::Init { dir } => cmd::init::run(&dir.unwrap_or(root)),
        Command::New { kind, title } => cmd::new::run(&root, &kind, &title),
    }
}
