//! `dossier new`: a page of a kind in the site the folder is in (and its section if new).

use std::path::Path;
use std::process::ExitCode;

use dossier::diagnostic::Diagnostics;
use dossier::scaffold;

/// Today in the writer's time zone, for a new article's `date` (chrono: already in the tree
/// through tera, and it knows the local zone).
fn today() -> String {
    chrono::Local::now().format("%Y-%m-%d").to_string()
}

pub fn run(root: &Path, kind: &str, title: &str) -> Result<ExitCode, Diagnostics> {
    let created = scaffold::new_page(root, kind, title, &today()).map_err(Diagnostics::from)?;
    let shown = |p: &Path| p.strip_prefix(".").unwrap_or(p).display().to_string();
    if let Some(section) = &created.section {
        println!("Created {} (a new section)", shown(section));
    }
    println!("Created {}", shown(&created.page));
    Ok(ExitCode::SUCCESS)
}
