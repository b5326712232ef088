//! The text `dossier new` leaves for the writer to replace: an empty `description` and a body
//! that says what to write. Reading a page that still holds it gives a warning at its place,
//! so `check --deny-warnings` fails until every new page is written.

use std::path::Path;

use super::front_matter::FrontMatter;
use crate::diagnostic::Diagnostic;

/// The body of a new article, note, person, organization or page of another kind.
pub const PAGE_BODY: &str =
    "Write here. Link pages with `[[wikilinks]]` and cite sources with `[@source-key]`.\n";
/// The body of a new source.
pub const SOURCE_BODY: &str = "What this record is, and what the dossier uses it for.\n";
/// The body of a new event.
pub const EVENT_BODY: &str = "What happened, citing a source: `[@source-key]`.\n";

/// Warnings for what a page still holds of `dossier new`'s placeholders.
pub fn warnings(
    front: &FrontMatter,
    file: &Path,
    text: &str,
    front_matter_offset: usize,
    body_offset: usize,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if front
        .description
        .as_deref()
        .is_some_and(|d| d.trim().is_empty())
    {
        let front_matter = text.get(front_matter_offset..body_offset).unwrap_or("");
        let at = front_matter
            .lines()
            .scan(0, |start, line| {
                let here = *start;
                *start += line.len() + 1;
                Some((here, line))
            })
            .find(|(_, line)| line.trim_start().starts_with("description"))
            .map_or(front_matter_offset, |(here, _)| front_matter_offset + here);
        out.push(
            Diagnostic::warning("`description` is empty: write one sentence, or remove the line")
                .in_file(file)
                .at_offset(text, at)
                .code("empty-description"),
        );
    }
    let body = text.get(body_offset..).unwrap_or("");
    for placeholder in [PAGE_BODY, SOURCE_BODY, EVENT_BODY] {
        if let Some(at) = body.find(placeholder.trim_end()) {
            out.push(
                Diagnostic::warning(format!(
                    "the page still holds the text `dossier new` left: \"{}\"",
                    placeholder.trim_end()
                ))
                .in_file(file)
                .at_offset(text, body_offset + at)
                .code("placeholder-text"),
            );
        }
    }
    out
}
