//! Content: the Markdown files of a site read into `Page`s (sections included),
//! with their front matter, URLs and place in the section tree. Knows nothing of templates.

pub mod date;
pub mod document;
pub mod expansion;
pub mod fields;
pub mod front_matter;
pub mod kind;
pub mod language;
pub mod pagination;
pub mod placeholder;
pub mod records;
pub mod terms;
pub mod url;
pub mod vault;
mod walk;
pub mod web_link;
pub mod yaml;

use std::borrow::Cow;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::bibliography::{Bibliography, Record};
use crate::config::DEFAULT_CONTENT_DIR;
use crate::diagnostic::{Diagnostic, Diagnostics};
pub use document::Document;
use fields::{PAGE_FIELDS, SECTION_FIELDS};
use front_matter::{FrontMatter, SectionFrontMatter};
pub use walk::{covers, discover, discover_all, Discovery, Listing};

pub type PageId = usize;

/// A content file: an ordinary page, or a section (`_index.md`).
#[derive(Debug, Clone)]
pub struct Page {
    /// The file, relative to the site root (`content/notes/huawei.md`, or in the folder
    /// `content_dir` names: `vault/notes/huawei.md`): what diagnostics name.
    pub file: PathBuf,
    /// The file relative to the content folder, with `/` separators (`notes/huawei.md`).
    pub rel: String,
    /// The whole text of the file, shared: a rebuild takes an unchanged page again without
    /// copying it.
    pub text: Arc<String>,
    /// Byte offset where the front matter starts in `text`.
    pub front_matter_offset: usize,
    /// Byte offset where the Markdown body starts in `text`.
    pub body_offset: usize,
    pub is_section: bool,
    /// Boxed: pages are moved between lists as a build reads them, and this is most of one.
    pub front_matter: Arc<FrontMatter>,
    pub title: String,
    pub slug: String,
    /// URL path: `/notes/huawei/`.
    pub path: String,
    /// Output file relative to the output directory.
    pub output: String,
    /// For a page bundle (`…/index.md`), its folder relative to `content/`.
    pub bundle: Option<String>,
    /// A bundle's files other than Markdown, by name.
    pub documents: Vec<Document>,
    /// The language of a translation (`huawei.fr.md`); `None` for the default language.
    pub lang: Option<String>,
    /// The section this page or section belongs to.
    pub parent: Option<PageId>,
    /// For sections: the pages directly in it, and its subsections.
    pub pages: Vec<PageId>,
    pub subsections: Vec<PageId>,
    /// Findings about the file made while reading it, which `dossier check` reports (the
    /// text is let go before then).
    pub warnings: Vec<Diagnostic>,
    /// The bibliography's record of this source, when it has one (`records::join`).
    pub record: Option<Arc<Record>>,
    /// The body with its shortcodes expanded, if it calls any (`shortcodes::expand`).
    pub shortcodes: Option<expansion::Expansion>,
}

impl Page {
    /// The Markdown to analyse and render: the body with its shortcodes expanded.
    pub fn body(&self) -> &str {
        match &self.shortcodes {
            Some(expanded) => &expanded.body,
            None => self.written_body(),
        }
    }

    /// The body as the file has it.
    pub fn written_body(&self) -> &str {
        &self.text[self.body_offset..]
    }

    /// The byte of `text` that byte `offset` of `body()` stands for.
    pub fn text_offset(&self, offset: usize) -> usize {
        let offset = self
            .shortcodes
            .as_ref()
            .map_or(offset, |e| e.written_offset(offset));
        self.body_offset + offset
    }

    pub fn kind(&self) -> Option<&str> {
        self.front_matter.kind.as_deref()
    }

    /// The page's kind when it is one the dossier knows.
    pub fn known_kind(&self) -> Option<kind::Kind> {
        self.kind().and_then(kind::Kind::of)
    }

    pub fn is_source(&self) -> bool {
        self.known_kind() == Some(kind::Kind::Source)
    }

    /// The document of the bundle a translation shares with its original (`index.fr.md`
    /// beside `index.md`) that an address written relative to the page names (`report.pdf`,
    /// `./scans/p1.png#x`): the translation links to the original's copy, written once.
    pub fn shared_document(&self, url: &str) -> Option<&Document> {
        self.lang.as_ref()?;
        let bundle = self.bundle.as_deref()?;
        let written = url.split(['#', '?']).next()?.trim_start_matches("./");
        if written.is_empty() {
            return None;
        }
        self.documents.iter().find(|d| {
            let in_bundle = match bundle {
                "" => Some(d.rel.as_str()),
                _ => d.rel.strip_prefix(bundle).and_then(|r| r.strip_prefix('/')),
            };
            !d.path.starts_with(&self.path) && in_bundle == Some(written)
        })
    }

    /// The wikilink path of the page: `rel` without `.md` (and without `/index` or `/_index`).
    /// A translation's is its original's: `notes/huawei.fr.md` is `notes/huawei`.
    pub fn link_path(&self) -> &str {
        let p = self.rel.strip_suffix(".md").unwrap_or(&self.rel);
        let p = match &self.lang {
            Some(lang) => p
                .strip_suffix(lang.as_str())
                .and_then(|p| p.strip_suffix('.'))
                .unwrap_or(p),
            None => p,
        };
        p.strip_suffix("/index")
            .or_else(|| p.strip_suffix("/_index"))
            .unwrap_or(p)
    }
}

/// `parse_page_in` the default content folder, `content/`.
pub fn parse_page(rel: &str, text: String) -> Result<Page, Diagnostics> {
    parse_page_in(Path::new(DEFAULT_CONTENT_DIR), rel, text)
}

/// Reads one content file's text into a page (with its section links not yet set), or
/// reports every mistake of its front matter. `folder` is the content folder as site.toml
/// names it (`content`, `vault`), which the page's `file` and its diagnostics start with.
pub fn parse_page_in(folder: &Path, rel: &str, mut text: String) -> Result<Page, Diagnostics> {
    let file = folder.join(rel);
    vault::prepare(&mut text);
    let split = front_matter::split(&text).map_err(|(offset, message)| {
        Diagnostic::error(message)
            .in_file(&file)
            .at_offset(&text, offset)
            .code("front-matter")
    })?;
    let (plain_rel, lang) = language::split(rel);
    let is_section = plain_rel == "_index.md" || plain_rel.ends_with("/_index.md");
    let (mut front, mut warnings, yaml_extras) =
        read_front_matter(&split, &text, &file, is_section)?;
    front.strip_control_characters();
    let named_by_file =
        split.format == front_matter::Format::Yaml || split.front_matter_offset == 0;
    if !is_section && named_by_file && front.title.as_deref().is_none_or(|t| t.trim().is_empty()) {
        front.title = Some(title_from_file_name(rel));
    }
    front.classes = yaml_extras.classes;
    if named_by_file {
        for tag in vault::inline_tags(split.body) {
            if !front.tags.contains(&tag) {
                front.tags.push(tag);
            }
        }
    }
    // A source's title may come from the bibliography: `records::join` checks those.
    let titled_later = records::in_sources(rel);
    if !is_section && !titled_later && front.title.as_deref().is_none_or(|t| t.trim().is_empty()) {
        return Err(Diagnostic::error("missing required field `title`")
            .in_file(&file)
            .at(2, 1)
            .code("missing-field")
            .into());
    }
    let slug = match &front.slug {
        Some(slug) => Some(url::check_slug(slug.get_ref()).map_err(|why| {
            Diagnostic::error(format!(
                "`slug = \"{}\"` is not one URL segment: {why}; use letters, digits, `-`, `_`, `.` and `~`",
                slug.get_ref().escape_debug()
            ))
            .in_file(&file)
            .at_offset(&text, split.front_matter_offset + slug.span().start)
            .code("bad-slug")
        })?),
        None => None,
    };
    warnings.extend(web_link::address_warnings(
        &front,
        &file,
        &text,
        split.front_matter_offset,
    ));
    warnings.extend(placeholder::warnings(
        &front,
        &file,
        &text,
        split.front_matter_offset,
        split.body_offset,
    ));
    let location = match &yaml_extras.permalink {
        Some((permalink, span)) => url::permalink(rel, permalink).map_err(|why| {
            Diagnostic::error(format!("`permalink: {permalink}` is not a URL path: {why}"))
                .in_file(&file)
                .at_offset(&text, split.front_matter_offset + span.start)
                .code("bad-slug")
        })?,
        None => {
            let mut location = url::locate(&plain_rel, slug);
            if let Some(lang) = &lang {
                (location.path, location.output) =
                    language::prefixed(&location.path, &location.output, lang);
            }
            location
        }
    };
    let bundle = location.is_bundle.then(|| {
        plain_rel
            .rsplit_once('/')
            .map_or(String::new(), |(dir, _)| dir.to_string())
    });
    Ok(Page {
        file,
        rel: rel.to_string(),
        front_matter_offset: split.front_matter_offset,
        body_offset: split.body_offset,
        is_section,
        title: front.title.clone().unwrap_or_default(),
        front_matter: Arc::new(front),
        slug: location.slug,
        path: location.path,
        output: location.output,
        bundle,
        documents: Vec::new(),
        lang,
        parent: None,
        pages: Vec::new(),
        subsections: Vec::new(),
        warnings,
        record: None,
        shortcodes: None,
        text: Arc::new(text),
    })
}

/// The front matter of a split file, as its format and kind of file want: YAML (with what
/// only YAML gives), a section's TOML, none at all, or a page's TOML.
fn read_front_matter(
    split: &front_matter::Split<'_>,
    text: &str,
    file: &Path,
    is_section: bool,
) -> Result<(FrontMatter, Vec<Diagnostic>, yaml::YamlExtras), Diagnostics> {
    let (fm, offset) = (split.front_matter, split.front_matter_offset);
    if split.format == front_matter::Format::Yaml {
        let (mut front, extras, notes) = yaml::parse(fm, offset, text, file)?;
        // `taxonomies: {tags: [...]}` joins `tags`; places are TOML's only.
        terms::gather(&mut front, "", text, offset);
        return Ok((front, notes, extras));
    }
    let (front, warnings) = if is_section {
        let (s, warnings): (SectionFrontMatter, _) =
            front_matter::parse(fm, offset, text, file, SECTION_FIELDS)?;
        let front = FrontMatter {
            title: s.title,
            description: s.description,
            draft: s.draft,
            weight: s.weight,
            template: s.template,
            extra: s.extra,
            paginate_by: s.paginate_by,
            paginate_path: s.paginate_path,
            ..FrontMatter::default()
        };
        pagination::check(&front, file, text, offset)?;
        (front, warnings)
    } else if fm.is_empty() && offset == 0 {
        // A note with no front matter at all, as a vault holds many: named by its file.
        (FrontMatter::default(), Vec::new())
    } else {
        let (mut front, warnings): (FrontMatter, _) =
            front_matter::parse(fm, offset, text, file, PAGE_FIELDS)?;
        terms::gather(&mut front, fm, text, offset);
        (front, warnings)
    };
    Ok((front, warnings, yaml::YamlExtras::default()))
}

/// A page's title from its file name, as Obsidian shows a note: `Huawei deal.md` is
/// "Huawei deal"; a bundle (`x/index.md`) is named by its folder.
pub fn title_from_file_name(rel: &str) -> String {
    let stem = rel.strip_suffix(".md").unwrap_or(rel);
    let stem = stem.strip_suffix("/index").unwrap_or(stem);
    stem.rsplit('/').next().unwrap_or(stem).to_string()
}

/// Reads and parses one Markdown file of the content folder `folder` of the site at `root`
/// (`rel` relative to the folder).
pub fn read_page(root: &Path, folder: &str, rel: &str) -> Result<Page, Diagnostics> {
    let file = Path::new(folder).join(rel);
    let text = std::fs::read_to_string(root.join(&file))
        .map_err(|e| Diagnostic::error(format!("cannot read file: {e}")).in_file(&file))?;
    parse_page_in(Path::new(folder), rel, text)
}

/// Page `page`'s text read from its file again, as parsing it saw it (`vault::prepare`d): for
/// a build that let go of the text it analysed.
pub fn read_text_again(root: &Path, page: &Page) -> std::io::Result<String> {
    let mut text = std::fs::read_to_string(root.join(&page.file))?;
    vault::prepare(&mut text);
    Ok(text)
}

/// A file in `content/` that is not Markdown, copied beside the pages.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Relative to the content folder.
    pub rel: String,
    /// Relative to the output directory.
    pub output: String,
}

/// Every page, section and asset of a site, with the section tree linked up.
#[derive(Debug, Clone, Default)]
pub struct Content {
    pub pages: Vec<Page>,
    pub assets: Vec<Asset>,
    /// The drafts left out (without their text), so that a link to one can say so.
    pub drafts: Vec<Page>,
}

/// Every site has a home, as in Zola: an empty one, last, without content/_index.md. And
/// every folder of pages is a section, as a vault's folders are: one without `_index.md`
/// gets an empty one named by the folder, which lists what is in it. `folder` is the content
/// folder as site.toml names it.
pub fn add_home(pages: &mut Vec<Page>, folder: &Path) {
    let mut sections: std::collections::HashSet<&str> = pages
        .iter()
        .filter(|p| p.is_section)
        .map(|p| section_dir(&p.rel))
        .collect();
    sections.insert("");
    let bundles: std::collections::HashSet<&str> =
        pages.iter().filter_map(|p| p.bundle.as_deref()).collect();
    let mut missing = std::collections::BTreeSet::new();
    for page in pages.iter() {
        let mut dir = content_dir_of(page);
        while !dir.is_empty() && !bundles.contains(dir) && !sections.contains(dir) {
            missing.insert(dir.to_string());
            dir = dir.rsplit_once('/').map_or("", |(d, _)| d);
        }
    }
    let made: Vec<Page> = missing
        .into_iter()
        .map(|dir| {
            let name = dir.rsplit('/').next().unwrap_or(&dir);
            // No text: there is no file to read again (see `library::release_text`).
            let mut section = parse_page_in(folder, &format!("{dir}/_index.md"), String::new())
                .expect("an empty section parses");
            section.title = name.to_string();
            Arc::make_mut(&mut section.front_matter).title = Some(name.to_string());
            section
        })
        .collect();
    pages.extend(made);
    if !pages.iter().any(|p| p.rel == "_index.md") {
        pages.push(
            parse_page_in(folder, "_index.md", String::new()).expect("an empty section parses"),
        );
    }
}

/// Dotfiles and editor leftovers are never content.
pub fn is_hidden_or_noise(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
}

impl Content {
    /// Reads and parses every file under `content/` in parallel; all errors are returned.
    pub fn load(root: &Path, drafts: bool) -> Result<Content, Vec<Diagnostic>> {
        let none = Bibliography::default();
        Content::load_reusing(root, DEFAULT_CONTENT_DIR, drafts, &none, &|_| None, None)
            .map(|(content, ..)| content)
    }

    /// Reads the content folder `folder` (as site.toml names it), taking each page `reuse`
    /// gives for a file (parsed before and not changed since: `dossier serve`) rather than
    /// reading it, and the files `listed` gives rather than walking the folder when it gives
    /// them; returns what was listed (a Markdown file removed between listing and reading
    /// left out, as a removal) and the warnings of listing the folder (symbolic links
    /// followed or left out).
    pub fn load_reusing(
        root: &Path,
        folder: &str,
        drafts: bool,
        bibliography: &Bibliography,
        reuse: &(dyn Fn(&str) -> Option<Page> + Sync),
        listed: Option<Listing>,
    ) -> Result<(Content, Listing, Vec<Diagnostic>), Vec<Diagnostic>> {
        let content_dir = root.join(folder);
        let Discovery {
            markdown,
            other,
            mut errors,
            warnings,
        } = match listed {
            Some(l) => Discovery {
                markdown: l.markdown,
                other: l.other,
                ..Discovery::default()
            },
            None => discover_all(root, folder),
        };
        let results: Vec<Result<Option<Page>, Diagnostics>> = markdown
            .par_iter()
            .map(|rel| match reuse(rel) {
                Some(page) => Ok(Some(page)),
                None => match read_page(root, folder, rel) {
                    Ok(page) => Ok(Some(page)),
                    Err(_) if !content_dir.join(rel).exists() => Ok(None),
                    Err(e) => Err(e),
                },
            })
            .collect();
        let mut pages = Vec::with_capacity(results.len());
        for r in results {
            match r {
                Ok(p) => pages.extend(p),
                Err(e) => errors.extend(e.0),
            }
        }
        errors.extend(records::join(&mut pages, bibliography));
        if !errors.is_empty() {
            return Err(errors);
        }
        // Files gone since they were listed are left out (when every one was read, none).
        let markdown: Vec<String> = if pages.len() == markdown.len() {
            markdown
        } else {
            let read: HashSet<&str> = pages.iter().map(|p| p.rel.as_str()).collect();
            (markdown.iter())
                .filter(|rel| read.contains(rel.as_str()))
                .cloned()
                .collect()
        };
        add_home(&mut pages, Path::new(folder));
        let listing = Listing {
            markdown,
            other: other.clone(),
            exact: warnings.is_empty(),
        };
        let mut content = Content::assemble(pages, other, drafts)?;
        measure_documents(&mut content.pages, &content_dir);
        Ok((content, listing, warnings))
    }

    /// Links parsed pages into the section tree, drops drafts, checks output collisions.
    pub fn assemble(
        pages: Vec<Page>,
        other_files: Vec<String>,
        drafts: bool,
    ) -> Result<Content, Vec<Diagnostic>> {
        let draft_dirs: Vec<String> = pages
            .iter()
            .filter(|p| p.is_section && p.front_matter.draft && !drafts)
            .map(|p| section_dir(&p.rel))
            .filter(|d| !d.is_empty())
            .map(|d| format!("{d}/"))
            .collect();
        let published = |p: &Page| {
            (drafts || !p.front_matter.draft) && !draft_dirs.iter().any(|d| p.rel.starts_with(d))
        };
        // Pages are large: split only when a draft is left out (`partition` grows both
        // vectors a push at a time, moving every page again at each growth).
        let (mut pages, mut left_out): (Vec<Page>, Vec<Page>) = if pages.iter().all(published) {
            (pages, Vec::new())
        } else {
            pages.into_iter().partition(published)
        };
        for draft in &mut left_out {
            draft.text = Arc::default();
        }

        let mut errors = Vec::new();
        // By lowercased output: paths differing only in case are one file on macOS and Windows.
        // (These maps use foldhash rather than SipHash: made again on every rebuild of a big
        // site's shape in `dossier serve`.)
        let mut by_output = foldhash::HashMap::<Cow<str>, usize>::default();
        by_output.reserve(pages.len());
        for (i, p) in pages.iter().enumerate() {
            let lowercase = match p
                .output
                .bytes()
                .any(|b| !b.is_ascii() || b.is_ascii_uppercase())
            {
                true => Cow::Owned(p.output.to_lowercase()),
                false => Cow::Borrowed(p.output.as_str()),
            };
            if let Some(&j) = by_output.get(&lowercase) {
                let other = &pages[j];
                let place = if other.output == p.output {
                    p.output.clone()
                } else {
                    format!(
                        "{} and {}, which are one file on macOS and Windows",
                        other.output, p.output
                    )
                };
                errors.push(
                    Diagnostic::error(format!(
                        "{} and {} would both be written to {place}; give one of them another `slug`",
                        other.file.display(),
                        p.file.display(),
                    ))
                    .in_file(&p.file)
                    .code("same-output"),
                );
            } else {
                by_output.insert(lowercase, i);
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }

        let sections: foldhash::HashMap<(Option<&str>, &str), PageId> = pages
            .iter()
            .enumerate()
            .filter(|(_, p)| p.is_section)
            .map(|(i, p)| ((p.lang.as_deref(), section_dir(&p.rel)), i))
            .collect();
        let parents: Vec<Option<PageId>> = (pages.iter().enumerate())
            .map(|(i, page)| {
                let mut dir = content_dir_of(page);
                let lang = page.lang.as_deref();
                loop {
                    if let Some(&s) = sections.get(&(lang, dir)) {
                        if s != i {
                            break Some(s);
                        }
                    }
                    if dir.is_empty() {
                        break None;
                    }
                    dir = dir.rsplit_once('/').map_or("", |(d, _)| d);
                }
            })
            .collect();
        drop(sections);
        for (i, parent) in parents.into_iter().enumerate() {
            pages[i].parent = parent;
            if let Some(s) = parent {
                if pages[i].is_section {
                    pages[s].subsections.push(i);
                } else {
                    pages[s].pages.push(i);
                }
            }
        }

        // Pages kept from an earlier load (`dossier serve`) are given their documents anew.
        for page in &mut pages {
            page.documents.clear();
        }
        let mut bundles: foldhash::HashMap<String, PageId> = pages
            .iter()
            .enumerate()
            .filter(|(_, p)| p.lang.is_none())
            .filter_map(|(i, p)| p.bundle.clone().map(|b| (b, i)))
            .collect();
        // A bundle with only translations keeps its files under the first one's address.
        for (i, p) in pages.iter().enumerate() {
            if let (Some(b), Some(_)) = (&p.bundle, &p.lang) {
                bundles.entry(b.clone()).or_insert(i);
            }
        }
        let assets: Vec<Asset> = other_files
            .into_iter()
            .map(|rel| {
                let (dir, name) = rel.rsplit_once('/').unwrap_or(("", &rel));
                let output = match bundles.get(dir) {
                    Some(&id) => {
                        let path = format!("{}{}", pages[id].path, name);
                        pages[id].documents.push(Document::new(&rel, path.clone()));
                        path.trim_start_matches('/').to_string()
                    }
                    None => rel.clone(),
                };
                Asset { rel, output }
            })
            .collect();
        share_bundle_documents(&mut pages, &bundles);
        attach_loose_files(&mut pages, &assets);
        for page in &mut pages {
            page.documents.sort_by(|a, b| a.name.cmp(&b.name));
        }
        Ok(Content {
            pages,
            assets,
            drafts: left_out,
        })
    }
}

/// A translated bundle (`index.fr.md` beside `index.md`) gets its original's documents, at
/// the original's addresses: the files are written once, and `Page::shared_document`
/// points the translation's relative links there.
fn share_bundle_documents(pages: &mut [Page], bundles: &foldhash::HashMap<String, PageId>) {
    for i in 0..pages.len() {
        let original = match (&pages[i].lang, &pages[i].bundle) {
            (Some(_), Some(b)) => bundles.get(b).copied().filter(|&o| o != i),
            _ => None,
        };
        if let Some(o) = original {
            let documents = pages[o].documents.clone();
            pages[i].documents.extend(documents);
        }
    }
}

/// Files outside any bundle (a vault's attachments, wherever they are) become documents of
/// the home page, so that `![[scan.png]]` finds one by its name from any note, as
/// Obsidian's shortest-path links do. They are written where they are, as before.
fn attach_loose_files(pages: &mut [Page], assets: &[Asset]) {
    use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
    const IN_PATH: &AsciiSet = &CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'#')
        .add(b'%')
        .add(b'?')
        .add(b'<')
        .add(b'>');
    let Some(home) = pages.iter().position(|p| p.rel == "_index.md") else {
        return;
    };
    let in_bundles: foldhash::HashSet<&str> = pages
        .iter()
        .flat_map(|p| p.documents.iter().map(|d| d.rel.as_str()))
        .collect();
    let loose: Vec<&Asset> = assets
        .iter()
        .filter(|a| !in_bundles.contains(a.rel.as_str()))
        .collect();
    for asset in loose {
        let path = format!("/{}", utf8_percent_encode(&asset.rel, IN_PATH));
        pages[home].documents.push(Document::new(&asset.rel, path));
    }
}

/// Reads every document's size, and a PDF's page count, in parallel.
pub fn measure_documents(pages: &mut [Page], content_dir: &Path) {
    pages
        .par_iter_mut()
        .flat_map(|p| p.documents.par_iter_mut())
        .for_each(|d| d.measure(content_dir));
}

/// The folder a section file stands for: `notes` for `notes/_index.md`, `` for `_index.md`.
fn section_dir(rel: &str) -> &str {
    rel.rsplit_once('/').map_or("", |(d, _)| d)
}

/// The folder in which to look for a file's section: a section's or bundle's parent folder,
/// an ordinary page's own folder.
fn content_dir_of(page: &Page) -> &str {
    let dir = section_dir(&page.rel);
    if page.is_section || page.bundle.is_some() {
        dir.rsplit_once('/').map_or("", |(d, _)| d)
    } else {
        dir
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(rel: &str, fm: &str) -> Page {
        parse_page(rel, format!("+++\n{fm}\n+++\nBody\n")).unwrap()
    }

    #[test]
    fn sections_own_their_pages() {
        let pages = vec![
            page("_index.md", ""),
            page("notes/_index.md", "title = \"Notes\""),
            page("notes/huawei.md", "title = \"Huawei\""),
            page("notes/deep/_index.md", "title = \"Deep\""),
            page("notes/deep/x.md", "title = \"X\""),
            page("sources/pwc/index.md", "title = \"PwC\""),
        ];
        let c = Content::assemble(
            pages,
            vec!["sources/pwc/report.pdf".into(), "notes/a.png".into()],
            false,
        )
        .unwrap();
        assert_eq!(c.pages[0].pages, vec![5]);
        assert_eq!(c.pages[0].subsections, vec![1]);
        assert_eq!(c.pages[1].pages, vec![2]);
        assert_eq!(c.pages[1].subsections, vec![3]);
        assert_eq!(c.pages[3].pages, vec![4]);
        assert_eq!(c.pages[1].parent, Some(0));
        assert_eq!(c.assets[0].output, "sources/pwc/report.pdf");
        assert_eq!(c.assets[1].output, "notes/a.png");
    }

    #[test]
    fn drafts_are_left_out_unless_asked() {
        let pages = || {
            vec![
                page("a.md", "title = \"A\"\ndraft = true"),
                page("b.md", "title = \"B\""),
            ]
        };
        assert_eq!(
            Content::assemble(pages(), vec![], false)
                .unwrap()
                .pages
                .len(),
            1
        );
        assert_eq!(
            Content::assemble(pages(), vec![], true)
                .unwrap()
                .pages
                .len(),
            2
        );
    }

    #[test]
    fn collisions_name_both_files() {
        let pages = vec![
            page("a/b.md", "title = \"1\""),
            page("a/c.md", "title = \"2\"\nslug = \"b\""),
        ];
        let e = Content::assemble(pages, vec![], false).unwrap_err();
        assert!(
            e[0].message.contains("content/a/b.md and content/a/c.md"),
            "{}",
            e[0].message
        );
    }

    #[test]
    fn missing_title_is_an_error() {
        let e = parse_page("a.md", "+++\nkind = \"note\"\n+++\n".into()).unwrap_err();
        assert!(e.0[0].message.contains("title"));
    }
}
