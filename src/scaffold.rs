//! `dossier init` and `dossier new`: files a writer starts from.

use std::fs;
use std::path::{Path, PathBuf};

use crate::content::kind::Kind;
use crate::content::placeholder;
use crate::content::url::slugify;
use crate::diagnostic::Diagnostic;

/// The section a kind of page lives in by convention.
pub fn section_for(kind: &str) -> String {
    match Kind::of(kind) {
        Some(known) => known.section().into(),
        None => format!("{}s", slugify(kind)),
    }
}

/// The title of a new section's `_index.md`: "People", "Organizations", "Filings".
fn section_title(section: &str) -> String {
    let mut chars = section.chars();
    chars.next().map_or(String::new(), |first| {
        first
            .to_uppercase()
            .chain(chars.map(|c| if c == '-' { ' ' } else { c }))
            .collect()
    })
}

/// The file name a title makes: transliterated to ASCII first, so "José Núñez" is
/// `jose-nunez`, whose URL needs no percent-encoding (deunicode, as the `slug` crate uses).
pub fn file_slug(title: &str) -> String {
    slugify(&deunicode::deunicode(title))
}

/// The front matter and body a new page of `kind` starts with. What the writer must replace
/// (an empty description, the body) is flagged by `check` until it is replaced.
pub fn new_page_text(kind: &str, title: &str, today: &str) -> String {
    // The toml crate quotes it: quotes, backslashes and any other character as TOML wants.
    let title = toml::Value::String(title.to_string());
    let mut fm = format!("+++\ntitle = {title}\nkind = \"{kind}\"\n");
    match kind {
        "article" | "note" => fm.push_str(&format!("date = {today}\ndescription = \"\"\ntags = []\n")),
        "person" | "organization" => fm.push_str("description = \"\"\naka = []\n"),
        "event" => fm.push_str("# date = 2018-09-05      # when it happened (required for the timeline)\ndescription = \"\"\n"),
        "source" => fm.push_str("publisher = \"\"\nauthors = []\n# date = 2018-09-05      # when it was published\n# url = \"https://…\"     # only an address you are sure of\n# accessed = 2026-01-31  # only if you opened the url and checked it that day\n"),
        _ => {}
    }
    fm.push_str("+++\n\n");
    let body = match kind {
        "source" => placeholder::SOURCE_BODY,
        "event" => placeholder::EVENT_BODY,
        _ => placeholder::PAGE_BODY,
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

/// The site `dir` is in: the nearest folder from `dir` up that holds a `site.toml`.
pub fn find_site(dir: &Path) -> Option<PathBuf> {
    let start = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let absolute = std::path::absolute(start).ok()?;
    let found = absolute
        .ancestors()
        .find(|d| d.join("site.toml").is_file())?;
    // Said the way the writer named it: `.` stays `.`, a parent is `..`.
    let up = absolute.ancestors().position(|d| d == found).unwrap_or(0);
    Some((0..up).fold(start.to_path_buf(), |p, _| p.join("..")))
}

/// What `dossier new` made: the page, and the section's `_index.md` when the section is new.
pub struct Created {
    pub page: PathBuf,
    pub section: Option<PathBuf>,
}

/// `dossier new <kind> "<Title>"`: creates `content/<section>/<slug>.md` (in the folder
/// site.toml's `content_dir` names) in the site that `dir` is in, and the section's
/// `_index.md` if the section has none.
pub fn new_page(dir: &Path, kind: &str, title: &str, today: &str) -> Result<Created, Diagnostic> {
    let root = find_site(dir).ok_or_else(|| {
        Diagnostic::error(format!(
            "no site.toml in {} or any folder above it: `dossier new` adds a page to a site; \
             make one with `dossier init DIR`",
            dir.display()
        ))
    })?;
    if let Some(c) = title.chars().find(|c| c.is_control()) {
        return Err(Diagnostic::error(format!(
            "the title \"{}\" holds the control character {c:?}; a title is one line of text",
            title.escape_debug()
        )));
    }
    let slug = file_slug(title);
    if slug.is_empty() {
        return Err(Diagnostic::error(format!(
            "cannot make a file name from the title \"{title}\""
        )));
    }
    // A site.toml with errors is reported (at its place) before a page is written where
    // the site may not read it.
    let content = root.join(crate::config::SiteConfig::load(&root)?.content_dir);
    let kind = slugify(kind);
    let section = section_for(&kind);
    let page = content.join(&section).join(format!("{slug}.md"));
    write_new(&page, &new_page_text(&kind, title, today))?;
    let index = content.join(&section).join("_index.md");
    let section = if index.exists() {
        None
    } else {
        let title = toml::Value::String(section_title(&section));
        write_new(&index, &format!("+++\ntitle = {title}\n+++\n"))?;
        Some(index)
    };
    Ok(Created { page, section })
}

/// The site `dossier init` writes: one page of every kind, citing and linking each other, so
/// that it builds and passes `check --deny-warnings` at once and shows every feature.
const INIT_FILES: &[(&str, &str)] = &[
    (
        "site.toml",
        "title = \"My dossier\"\ndescription = \"An investigative dossier\"\n# Where the site will live; `dossier build` warns while this is the placeholder.\nbase_url = \"https://example.org\"\nlanguage = \"en\"\ntheme = \"dossier\"\noutput_dir = \"public\"\n\n[extra]\n# The lead article, shown first on the home page.\nlead = \"articles/the-story\"\n",
    ),
    (".gitignore", "/public/\n/.dossier-cache/\n"),
    (
        "content/_index.md",
        "+++\n+++\n\nWhat this dossier is about, in a sentence or two. Start with the lead article, [[the-story]].\n",
    ),
    ("content/articles/_index.md", "+++\ntitle = \"Articles\"\n+++\n"),
    ("content/notes/_index.md", "+++\ntitle = \"Notes\"\n+++\n"),
    ("content/people/_index.md", "+++\ntitle = \"People\"\n+++\n"),
    ("content/organizations/_index.md", "+++\ntitle = \"Organizations\"\n+++\n"),
    ("content/events/_index.md", "+++\ntitle = \"Events\"\n+++\n"),
    ("content/sources/_index.md", "+++\ntitle = \"Sources\"\n+++\n"),
    (
        "content/articles/the-story.md",
        "+++\ntitle = \"The story\"\nkind = \"article\"\ndate = 2026-01-20\ndescription = \"The lead article: what happened, and what the record shows.\"\nauthors = [\"Your Name\"]\n\n[[facts]]\nlabel = \"Who\"\nvalue = \"Jane Doe, chief executive of Example Corp\"\n\n[[facts]]\nlabel = \"When\"\nvalue = \"15 January 2026\"\nsources = [\"example-report\"]\n+++\n\n[[jane-doe|Jane Doe]], who runs [[example-corp]], told the board about the deal at the [[board-meeting|meeting of 15 January]] [@example-report, p. 2].\n\n## What we know\n\nThe [[background]] note says how the deal came about [@example-report].\n",
    ),
    (
        "content/notes/background.md",
        "+++\ntitle = \"Background\"\nkind = \"note\"\ndescription = \"How the deal came about.\"\n+++\n\nA note holds what [[the-story]] stands on: here, the history of [[example-corp]] [@example-report].\n",
    ),
    (
        "content/people/jane-doe.md",
        "+++\ntitle = \"Jane Doe\"\nkind = \"person\"\ndescription = \"Chief executive of Example Corp.\"\naka = [\"J. Doe\"]\n\n[[relations]]\nto = \"example-corp\"\nkind = \"is chief executive of\"\nsince = 2020\nsources = [\"example-report\"]\n+++\n\nJane Doe has run [[example-corp]] since 2020 [@example-report].\n",
    ),
    (
        "content/organizations/example-corp.md",
        "+++\ntitle = \"Example Corp\"\nkind = \"organization\"\ndescription = \"The company at the centre of the story.\"\n\n[[facts]]\nlabel = \"Led by\"\nvalue = \"Jane Doe, since 2020\"\nsources = [\"example-report\"]\n+++\n\nExample Corp is led by [[jane-doe]] [@example-report].\n",
    ),
    (
        "content/events/board-meeting.md",
        "+++\ntitle = \"Board meeting\"\nkind = \"event\"\ndate = 2026-01-15\ndescription = \"The board of Example Corp hears about the deal.\"\n+++\n\nThe board of [[example-corp]] met and heard about the deal [@example-report].\n",
    ),
    (
        "content/sources/example-report.md",
        "+++\ntitle = \"An example report\"\nkind = \"source\"\npublisher = \"Example Publisher\"\ndate = 2026-01-16\n+++\n\nA source page says what the record is and whether this edition consulted it. Cite it with its file name: `[@example-report]`.\n",
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
