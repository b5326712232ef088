//! `dossier init`: a small site that builds at once, and what to do next.

use std::path::Path;
use std::process::ExitCode;

use dossier::diagnostic::Diagnostics;
use dossier::scaffold;

pub fn run(dir: &Path) -> Result<ExitCode, Diagnostics> {
    scaffold::init(dir)?;
    println!("Created a dossier in {}", dir.display());
    let cd = if dir == Path::new(".") {
        String::new()
    } else {
        format!("cd {} && ", dir.display())
    };
    println!("Next: `{cd}dossier serve --open`");
    Ok(ExitCode::SUCCESS)
}
