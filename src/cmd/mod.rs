//! One thin module per command: each takes its parsed arguments, calls the library and says
//! what happened; what every command prints the same way (a finding with its excerpt) is
//! here.

pub mod build;
pub mod check;
pub mod init;
pub mod new;
pub mod serve;

use std::path::Path;

use dossier::diagnostic::Diagnostic;

/// A finding as printed for people: its first line, then the source line with a caret and
/// any notes, and a blank line after such an excerpt to set it off from the next finding.
pub fn report(d: &Diagnostic, root: &Path, color: bool) -> String {
    let text = d.report(root, color);
    if text.contains('\n') {
        format!("{text}\n\n")
    } else {
        format!("{text}\n")
    }
}
