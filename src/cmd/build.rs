//! `dossier build`: the site into its output folder, the warnings on stderr, the summary.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use dossier::diagnostic::{colour, Diagnostics};
use dossier::site::{self, Options};

pub fn run(
    root: &Path,
    output: Option<PathBuf>,
    base_url: Option<String>,
    force: bool,
    verbose: bool,
    drafts: bool,
) -> Result<ExitCode, Diagnostics> {
    let options = Options {
        drafts,
        base_url,
        exiting: true,
        force,
        verbose,
    };
    let stats = site::build(root, &options, output.as_deref())?;
    let color = colour(std::io::stderr().is_terminal());
    for warning in &stats.warnings {
        eprint!("{}", super::report(warning, root, color));
    }
    println!("{stats}");
    Ok(ExitCode::SUCCESS)
}
