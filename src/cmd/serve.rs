//! `dossier serve`: the site from memory, rebuilt on every save, until Ctrl-C.

use std::net::IpAddr;
use std::path::Path;
use std::process::ExitCode;

use dossier::diagnostic::Diagnostics;
use dossier::serve::{self, ServeOptions};

pub fn run(
    root: &Path,
    bind: IpAddr,
    port: u16,
    open: bool,
    drafts: bool,
) -> Result<ExitCode, Diagnostics> {
    let options = ServeOptions {
        bind,
        port,
        drafts,
        ..ServeOptions::default()
    };
    serve::run(root, options, open)?;
    Ok(ExitCode::SUCCESS)
}
