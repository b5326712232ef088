//! `dossier init` and `dossier new`: files a writer starts from.

use std::fs;
use std::path::{Path, PathBuf};

use crate::content::url::slugify;
use crate::diagnostic::Diagnostic;

/// The section a kind of page lives in by convention.
pub fn section_for(kind: &str) -> String {
    match kind {
        "article" => "articles".into(),
        "note" => "notes".into(),
        "person" => "people".into(),
        "organization" => "organizations".into(),
        "event" => "events".into(),
        "source" => "sources".into(),
        other => format!("{}s", slugify(other)),
    }
}

/// The front matter and body a new page of `kind` starts with.
pub fn new_page_text(kind: &str, title: &str, today: &str) -> String {
    // The toml crate quotes it: quotes, backslashes and any other character as TOML wants.
    let title = toml::Value::String(title.to_string());
    let mut fm = format!("+++\ntitle = {title}\nkind = \"{kind}\"\n");
    match kind {
        "article" | "note" => fm.push_str(&format!("date = {today}\ndescription = \"\"\ntags = []\n")),
        "person" | "organization" => fm.push_str("aka = []\n"),
        "event" => fm.push_str(&format!("date = {today}\n")),
        "source" => fm.push_str("publisher = \"\"\nauthors = []\n# date = 2018-09-05      # when it was published\n# url = \"https://…\"     # only an address you are sure of\n# accessed = 2026-01-31  # only if you opened the url and checked it that day\n"),
        _ => {}
    }
    fm.push_str("+++\n\n");
    let body = match kind {
        "source" => "What this record is, and what the dossier uses it for.\n",
        "event" => "What happened, citing a source: `[@source-key]`.\n",
        _ => "Write here. Link pages with `[[wikilinks]]` and cite sources with `[@source-key]`.\n",
    };
    fm + body
}

fn write_new(path: &Path, text: &str) -> Result<(), Diagnostic> {
    use std::io::Write;
    let exists = || {
        Diagnostic::error(format!(
            "{} already exists; not overwriting it",
            path.display()
        ))
    };
    if path.exists() {
        return Err(exists());
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)
            .map_err(|e| Diagnostic::error(format!("cannot create {}: {e}", parent.display())))?;
    }
    let failed =
        |e: std::io::Error| Diagnostic::error(format!("cannot write {}: {e}", path.display()));
    // `create_new`: a file made between the check and the write is not overwritten either.
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => exists(),
            _ => failed(e),
        })?;
    file.write_all(text.as_bytes()).map_err(failed)
}

/// `dossier new <kind> "<Title>"`: creates `content/<section>/<slug>.md`.
pub fn new_page(root: &Path, kind: &str, title: &str, today: &str) -> Result<PathBuf, Diagnostic> {
    if let Some(c) = title.chars().find(|c| c.is_control()) {
        return Err(Diagnostic::error(format!(
            "the title \"{}\" holds the control character {c:?}; a title is one line of text",
            title.escape_debug()
        )));
    }
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(Diagnostic::error(format!(
            "cannot make a file name from the title \"{title}\""
        )));
    }
    let kind = slugify(kind);
    let rel = Path::new("content")
        .join(section_for(&kind))
        .join(format!("{slug}.md"));
    write_new(&root.join(&rel), &new_page_text(&kind, title, today))?;
    Ok(rel)
}

const INIT_FILES: &[(&str, &str)] = &[
    (
        "site.toml",
        "title = \"My dossier\"\ndescription = \"An investigative dossier\"\nbase_url = \"https://example.org\"\nlanguage = \"en\"\ntheme = \"dossier\"\noutput_dir = \"public\"\n",
    ),
    (
        "content/_index.md",
        "+++\ntitle = \"My dossier\"\n+++\n\nStart with the lead article: [[the-story]].\n",
    ),
    ("content/articles/_index.md", "+++\ntitle = \"Articles\"\n+++\n"),
    ("content/people/_index.md", "+++\ntitle = \"People\"\n+++\n"),
    ("content/sources/_index.md", "+++\ntitle = \"Sources\"\n+++\n"),
    (
        "content/articles/the-story.md",
        "+++\ntitle = \"The story\"\nkind = \"article\"\ndate = 2026-01-01\ndescription = \"The lead article.\"\n+++\n\n[[jane-doe|Jane Doe]] said something on the record [@example-report].\n",
    ),
    (
        "content/people/jane-doe.md",
        "+++\ntitle = \"Jane Doe\"\nkind = \"person\"\n\n[[relations]]\nto = \"the-story\"\nkind = \"appears in\"\nsources = [\"example-report\"]\n+++\n\nWho Jane Doe is, with a citation [@example-report].\n",
    ),
    (
        "content/sources/example-report.md",
        "+++\ntitle = \"An example report\"\nkind = \"source\"\npublisher = \"Example Publisher\"\ndate = 2026-01-01\n+++\n\nWhat this record is, and what the dossier uses it for.\n",
    ),
];

/// `dossier init [DIR]`: a small site that builds at once. Refuses to overwrite anything.
pub fn init(dir: &Path) -> Result<(), Diagnostic> {
    if let Some((rel, _)) = INIT_FILES.iter().find(|(rel, _)| dir.join(rel).exists()) {
        return Err(Diagnostic::error(format!(
            "{} already exists; `init` only writes into a folder without a site",
            dir.join(rel).display()
        )));
    }
    for (rel, text) in INIT_FILES {
        write_new(&dir.join(rel), text)?;
    }
    Ok(())
}
