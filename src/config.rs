//! `site.toml`: the site's settings, parsed strictly so a typo is an error, not a silent default.

use std::path::Path;

use serde::Deserialize;

use crate::diagnostic::{closest, Diagnostic};
use crate::toml_util::{self, toml_error};

pub const CONFIG_FILE: &str = "site.toml";

/// Zola's configuration, read when a site has no site.toml (`SiteConfig::load`).
pub const ZOLA_CONFIG_FILE: &str = "config.toml";

/// The address `dossier init` writes into site.toml, to be replaced before deploying
/// (`dossier build` warns while it is there).
pub const PLACEHOLDER_BASE_URL: &str = "https://example.org";

/// Zola settings a Zola user may carry over, which dossier knows by name and does not support.
const ZOLA_SETTINGS: &[&str] = &[
    "compile_sass",
    "build_search_index",
    "generate_feeds",
    "generate_feed",
    "feed_filenames",
    "minify_html",
    "ignored_content",
    "search",
    "slugify",
    "link_checker",
    "paginate_by",
    "hard_link_static",
];

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default = "default_base_url")]
    pub base_url: String,
    /// The default language; Zola calls it `default_language`, which is read as well.
    #[serde(default = "default_language", alias = "default_language")]
    pub language: String,
    /// Zola's `[languages.fr]`: the other languages the dossier is published in.
    #[serde(default)]
    pub languages: std::collections::BTreeMap<String, LanguageConfig>,
    #[serde(default = "default_theme", deserialize_with = "theme_name")]
    pub theme: String,
    #[serde(default = "default_output_dir")]
    pub output_dir: String,
    /// The folder of the site's Markdown, relative to the site's folder: `content` as in
    /// Zola, or an Obsidian vault (`content_dir = "vault"`). Written with `/`, without `.`.
    #[serde(default = "default_content_dir")]
    pub content_dir: String,
    #[serde(default)]
    pub outputs: SiteWide,
    /// Clean the HTML of Markdown (raw HTML, `javascript:` links) with `markdown::sanitise`.
    #[serde(default)]
    pub safe_html: bool,
    /// BibTeX/BibLaTeX and CSL-JSON files, relative to the site root, whose entries are
    /// sources (`bibliography`).
    #[serde(default)]
    pub bibliography: Vec<String>,
    /// The CSL style reference lists write a bibliography's records in (`bibliography::style`).
    #[serde(default)]
    pub citation_style: Option<String>,
    /// Zola's `taxonomies = [{name = "countries", feed = true}]`: groupings beside `tags`.
    #[serde(default)]
    pub taxonomies: Vec<TaxonomyConfig>,
    #[serde(default)]
    pub extra: toml::Table,
    #[serde(default)]
    pub markdown: MarkdownSettings,
    /// What reading the configuration found without failing (Zola settings left out).
    #[serde(skip)]
    pub warnings: Vec<Diagnostic>,
}

/// Of a Zola `config.toml`, the settings dossier reads as Zola means them, and the dotted
/// names of those it leaves out.
fn zola_settings(table: toml::Table) -> (toml::Table, Vec<String>) {
    const TOP: &[&str] = &[
        "title",
        "description",
        "base_url",
        "default_language",
        "output_dir",
        "extra",
        "taxonomies",
        "languages",
        "markdown",
    ];
    const IN: &[(&str, &[&str])] = &[
        ("languages", &["title", "description", "generate_feeds"]),
        (
            "taxonomies",
            &["name", "feed", "paginate_by", "paginate_path", "render"],
        ),
        ("markdown", &["highlight_code"]),
    ];
    let mut left_out = Vec::new();
    let mut kept = toml::Table::new();
    for (key, value) in table {
        if !TOP.contains(&key.as_str()) {
            left_out.push(key);
            continue;
        }
        let allowed = IN.iter().find(|(k, _)| *k == key).map(|(_, a)| *a);
        let value = match (allowed, value) {
            (Some(allowed), value) => {
                zola_keep(&key, value, allowed, key == "languages", &mut left_out)
            }
            (None, value) => value,
        };
        kept.insert(key, value);
    }
    left_out.sort();
    left_out.dedup();
    (kept, left_out)
}

/// `value` with only the `allowed` keys in its tables: a table of them, a list of them, or
/// (`by_name`, as `[languages.fr]`) a table of them by name.
fn zola_keep(
    key: &str,
    value: toml::Value,
    allowed: &[&str],
    by_name: bool,
    left_out: &mut Vec<String>,
) -> toml::Value {
    let mut keep = |t: toml::Table, at: &str| -> toml::Table {
        t.into_iter()
            .filter(|(k, _)| {
                let ok = allowed.contains(&k.as_str());
                if !ok {
                    left_out.push(format!("{at}.{k}"));
                }
                ok
            })
            .collect()
    };
    match value {
        toml::Value::Table(t) if by_name => toml::Value::Table(
            t.into_iter()
                .map(|(name, v)| match v {
                    toml::Value::Table(inner) => {
                        let inner = keep(inner, &format!("{key}.{name}"));
                        (name, toml::Value::Table(inner))
                    }
                    other => (name, other),
                })
                .collect(),
        ),
        toml::Value::Table(t) => toml::Value::Table(keep(t, key)),
        toml::Value::Array(items) => toml::Value::Array(
            items
                .into_iter()
                .map(|v| match v {
                    toml::Value::Table(t) => toml::Value::Table(keep(t, key)),
                    other => other,
                })
                .collect(),
        ),
        other => other,
    }
}

/// `[markdown]`: what the build does to a page's Markdown beyond CommonMark, named as Zola
/// names it where Zola has it.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct MarkdownSettings {
    /// Fenced code in a known language highlighted at build time, as CSS classes (Zola's
    /// `highlight_code`).
    pub highlight_code: bool,
    /// Images of a page given `width`/`height` and, where they are larger than a phone's
    /// screen, smaller copies in `srcset` (`image::content`).
    pub responsive_images: bool,
}

impl Default for MarkdownSettings {
    fn default() -> Self {
        MarkdownSettings {
            highlight_code: true,
            responsive_images: true,
        }
    }
}

/// One language besides the default, as Zola's `[languages.<code>]`.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct LanguageConfig {
    /// The site's title in this language; the default's if not set.
    pub title: Option<String>,
    pub description: Option<String>,
    /// `/<code>/atom.xml`, the feed of this language's pages (Zola's `generate_feeds`).
    #[serde(default = "yes", alias = "generate_feeds")]
    pub feed: bool,
    /// The edition's own site-wide pages, each where the site's `[outputs]` has it too:
    /// `/<code>/search/` and its index (Zola's `build_search_index`), timeline, graph and
    /// print. One switched off leaves the edition's links to the default language's. (Its
    /// tags keep their pages: a tag only the edition has has no other.)
    #[serde(default = "yes", alias = "build_search_index")]
    pub search: bool,
    #[serde(default = "yes")]
    pub timeline: bool,
    #[serde(default = "yes")]
    pub graph: bool,
    #[serde(default = "yes")]
    pub print: bool,
}

impl LanguageConfig {
    /// Whether the edition has its own copy of the generated page `template`.
    pub fn wants_template(&self, template: &str) -> bool {
        match template {
            "search.html" => self.search,
            "timeline.html" => self.timeline,
            "graph.html" => self.graph,
            "print.html" => self.print,
            _ => true,
        }
    }
}

/// One taxonomy of site.toml, with Zola's fields.
#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct TaxonomyConfig {
    /// Also the first segment of its pages' addresses: `/countries/`.
    pub name: String,
    /// Terms' pages listed this many to a pager (`content::pagination`).
    pub paginate_by: Option<usize>,
    pub paginate_path: Option<String>,
    /// An Atom feed for every term, at `/<name>/<term>/atom.xml`.
    #[serde(default)]
    pub feed: bool,
    /// Whether its pages are written at all (the terms are still in templates).
    #[serde(default = "yes")]
    pub render: bool,
}

fn yes() -> bool {
    true
}

/// The site-wide outputs built beside the pages, each of which a site can switch off
/// (a 10,000-page leak archive may not want a single printable page of everything).
#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct SiteWide {
    /// `/timeline/` and `/timeline.json`.
    pub timeline: bool,
    /// `/graph/` and `/graph.json`.
    pub graph: bool,
    /// `/search/`, `/search-index.js` and its shards under `/search/`.
    pub search: bool,
    /// `/previews.js` and its shards under `/previews/`: link and citation previews.
    pub previews: bool,
    /// `/print/`: the whole dossier on one page (or its parts, `generated::print`).
    pub print: bool,
    /// `/tags/` and a page per tag.
    pub tags: bool,
    /// The pages and feeds of the taxonomies site.toml declares.
    pub taxonomies: bool,
    /// `/atom.xml`.
    pub feed: bool,
    /// `/sitemap.xml` and `/robots.txt`.
    pub sitemap: bool,
    /// `/corrections/`: every page's corrections log, newest first.
    pub corrections: bool,
    /// `/sources.bib` and `/sources.json`: every source, for Zotero, Pandoc or LaTeX.
    pub sources: bool,
}

impl Default for SiteWide {
    fn default() -> Self {
        SiteWide {
            timeline: true,
            graph: true,
            search: true,
            previews: true,
            print: true,
            tags: true,
            taxonomies: true,
            feed: true,
            sitemap: true,
            corrections: true,
            sources: true,
        }
    }
}

/// One site-wide output: its switch in `[outputs]`, the templates it renders (the first at
/// `path`; `tags` renders one page per tag), and the files it writes beside them. The one
/// list the build, the link check, templates (`output_enabled`) and serve read.
pub struct SiteWideOutput {
    pub name: &'static str,
    pub templates: &'static [&'static str],
    pub path: Option<&'static str>,
    pub files: &'static [&'static str],
}

/// Where the printed dossier is (its parts below it: `/print/1/`…).
pub const PRINT_PATH: &str = "/print/";

/// Every site-wide output, in the order the build makes them.
pub const SITE_WIDE: &[SiteWideOutput] = &[
    SiteWideOutput {
        name: "timeline",
        templates: &["timeline.html"],
        path: Some("/timeline/"),
        files: &["timeline.json"],
    },
    SiteWideOutput {
        name: "graph",
        templates: &["graph.html"],
        path: Some("/graph/"),
        files: &["graph.json"],
    },
    SiteWideOutput {
        name: "search",
        templates: &["search.html"],
        path: Some("/search/"),
        files: &["search-index.js"],
    },
    SiteWideOutput {
        name: "previews",
        templates: &[],
        path: None,
        files: &["previews.js"],
    },
    SiteWideOutput {
        name: "print",
        templates: &["print.html"],
        path: Some(PRINT_PATH),
        files: &[],
    },
    SiteWideOutput {
        name: "tags",
        templates: &["tags.html", "tag.html"],
        path: None,
        files: &[],
    },
    SiteWideOutput {
        name: "taxonomies",
        templates: &["taxonomy_list.html", "taxonomy_single.html"],
        path: None,
        files: &[],
    },
    SiteWideOutput {
        name: "feed",
        templates: &[],
        path: None,
        files: &["atom.xml"],
    },
    SiteWideOutput {
        name: "sitemap",
        templates: &[],
        path: None,
        files: &["sitemap.xml", "robots.txt"],
    },
    SiteWideOutput {
        name: "corrections",
        templates: &["corrections.html"],
        path: Some("/corrections/"),
        files: &[],
    },
    SiteWideOutput {
        name: "sources",
        templates: &[],
        path: None,
        files: &["sources.bib", "sources.json"],
    },
];

impl SiteWide {
    /// Whether the output of this name (a key of `[outputs]`) is built; `None` for no such
    /// output.
    pub fn wants(&self, name: &str) -> Option<bool> {
        Some(match name {
            "timeline" => self.timeline,
            "graph" => self.graph,
            "search" => self.search,
            "previews" => self.previews,
            "print" => self.print,
            "tags" => self.tags,
            "taxonomies" => self.taxonomies,
            "feed" => self.feed,
            "sitemap" => self.sitemap,
            "corrections" => self.corrections,
            "sources" => self.sources,
            _ => return None,
        })
    }

    /// Whether a page rendered from this template is wanted: a site-wide output's only when
    /// that output is on; any other template's always.
    pub fn wants_template(&self, template: &str) -> bool {
        SITE_WIDE
            .iter()
            .find(|o| o.templates.contains(&template))
            .is_none_or(|o| self.wants(o.name) == Some(true))
    }

    /// The files the site-wide outputs that are on write beside their pages.
    pub fn files(&self) -> impl Iterator<Item = &'static str> + '_ {
        SITE_WIDE
            .iter()
            .filter(|o| self.wants(o.name) == Some(true))
            .flat_map(|o| o.files.iter().copied())
    }
}

/// The pages site-wide outputs render from a template of their own, with their address:
/// (`timeline.html`, `/timeline/`)…
pub fn generated_pages() -> impl Iterator<Item = (&'static str, &'static str)> {
    SITE_WIDE
        .iter()
        .filter_map(|o| Some((*o.templates.first()?, o.path?)))
}

fn default_base_url() -> String {
    "/".into()
}
fn default_language() -> String {
    "en".into()
}
fn default_theme() -> String {
    "dossier".into()
}
/// A theme is a folder of `themes/`, named plainly: a path would load templates from outside
/// the site and publish that folder's `static/` files.
fn theme_name<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let name = String::deserialize(deserializer)?;
    let plain = !name.is_empty()
        && name != "."
        && name != ".."
        && !name
            .chars()
            .any(|c| c == '/' || c == '\\' || c == ':' || c.is_control());
    if plain {
        Ok(name)
    } else {
        Err(serde::de::Error::custom(format!(
            "`{}` is not a theme name: a theme is a folder of themes/, named without `/`, `\\` or `..`",
            name.escape_debug()
        )))
    }
}

fn default_output_dir() -> String {
    "public".into()
}

/// The content folder of a site whose site.toml does not name one, and of a Zola site.
pub const DEFAULT_CONTENT_DIR: &str = "content";

fn default_content_dir() -> String {
    DEFAULT_CONTENT_DIR.into()
}

/// Why `content_dir` cannot be the folder of a site's Markdown, if it cannot; else the
/// folder written plainly (`./vault/` is `vault`).
fn content_folder(dir: &str, output_dir: &str) -> Result<String, String> {
    use std::path::Component;
    let path = Path::new(dir);
    if path.has_root() || path.is_absolute() || dir.contains(':') {
        return Err("is not inside the site's folder: write it relative to site.toml".into());
    }
    let mut parts = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::Normal(name) => match name.to_str() {
                Some(name) if name.starts_with('.') => {
                    return Err(format!(
                        "names the hidden folder `{name}`, whose files are never content"
                    ))
                }
                Some(name) => parts.push(name),
                None => return Err("is not valid UTF-8".into()),
            },
            _ => return Err("leaves the site's folder: write it without `..`".into()),
        }
    }
    let Some(first) = parts.first() else {
        return Err(
            "is the site's own folder, which holds site.toml, the templates and the \
             output; put the Markdown in a folder of its own, such as `vault`"
                .into(),
        );
    };
    let output = Path::new(output_dir);
    if ["templates", "themes", "static"].contains(first) {
        return Err(format!("is inside the site's {first}/ folder"));
    }
    let folder = parts.join("/");
    if Path::new(&folder).starts_with(output) || output.starts_with(&folder) {
        return Err(format!("overlaps the output folder `{output_dir}`"));
    }
    Ok(folder)
}

impl SiteConfig {
    /// Parses `text`, the content of `path`, reporting errors at their line and column.
    pub fn parse(text: &str, path: &Path) -> Result<SiteConfig, Diagnostic> {
        let mut config: SiteConfig = toml::from_str(text).map_err(|e| {
            let d = toml_error(&e, text, 0, path);
            match toml_util::unknown_field(&e) {
                Some(field) if ZOLA_SETTINGS.contains(&field.as_str()) => Diagnostic {
                    message: format!(
                        "`{field}` is a Zola setting that dossier does not support; remove it"
                    ),
                    ..d
                },
                Some(field) => {
                    let expected = toml_util::expected_fields(&e);
                    let hint = closest(&field, expected.iter().copied())
                        .map_or(String::new(), |s| format!("; did you mean `{s}`?"));
                    Diagnostic {
                        message: format!("unknown field `{field}`{hint}"),
                        ..d
                    }
                    .code("unknown-field")
                }
                None => d.code("toml"),
            }
        })?;
        config.base_url = config.base_url.trim_end_matches('/').to_string();
        config.check_taxonomies(text, path)?;
        match content_folder(&config.content_dir, &config.output_dir) {
            Ok(folder) => config.content_dir = folder,
            Err(why) => return Err(config.content_dir_error(why, text, path)),
        }
        Ok(config)
    }

    /// `content_dir` refused, at its place in site.toml.
    fn content_dir_error(&self, why: String, text: &str, path: &Path) -> Diagnostic {
        let error = Diagnostic::error(format!(
            "`content_dir = \"{}\"` {why}",
            self.content_dir.escape_debug()
        ))
        .in_file(path)
        .code("content-dir");
        match toml_util::value_span(text, &["content_dir"]) {
            Some(span) => error.at_offset(text, span.start),
            None => error,
        }
    }

    /// A `content_dir` site.toml names must be a folder of the site (the default `content`
    /// may be missing: a site of a home page only).
    fn check_content_dir_exists(&self, root: &Path, text: &str) -> Result<(), Diagnostic> {
        let named = toml_util::value_span(text, &["content_dir"]).is_some();
        if !named || root.join(&self.content_dir).is_dir() {
            return Ok(());
        }
        let why = match root.join(&self.content_dir).exists() {
            true => "is a file; it names the folder of the site's Markdown".to_string(),
            false => format!(
                "does not exist: there is no folder {}/ beside {CONFIG_FILE}",
                self.content_dir
            ),
        };
        Err(self.content_dir_error(why, text, Path::new(CONFIG_FILE)))
    }

    /// Each taxonomy's name is a plain name, used once. `tags` may be declared, as Zola
    /// sites do: it is dossier's own tags, which `[taxonomies] tags = […]` feeds.
    fn check_taxonomies(&self, text: &str, path: &Path) -> Result<(), Diagnostic> {
        for (i, t) in self.taxonomies.iter().enumerate() {
            let plain = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
            let why = if t.name.is_empty() || !t.name.chars().all(plain) {
                "is not a plain name: write it with letters, digits, `-` and `_`"
            } else if self.taxonomies[..i].iter().any(|o| o.name == t.name) {
                "is declared twice"
            } else {
                continue;
            };
            let error = Diagnostic::error(format!("taxonomy `{}` {why}", t.name.escape_debug()))
                .in_file(path)
                .code("taxonomy");
            let at = text.find(&format!("\"{}\"", t.name));
            return Err(match at {
                Some(offset) => error.at_offset(text, offset),
                None => error,
            });
        }
        Ok(())
    }

    /// The feeds of the other languages: `fr/atom.xml`… (when `[outputs] feed` is on).
    pub fn language_feeds(&self) -> impl Iterator<Item = String> + '_ {
        self.languages
            .iter()
            .filter(|(_, l)| l.feed && self.outputs.feed)
            .map(|(code, _)| format!("{code}/atom.xml"))
    }

    /// The taxonomies other than `tags`, which have pages of their own.
    pub fn taxonomies(&self) -> impl Iterator<Item = &TaxonomyConfig> {
        self.taxonomies.iter().filter(|t| t.name != "tags")
    }

    /// The taxonomy of this name (not `tags`).
    pub fn taxonomy(&self, name: &str) -> Option<&TaxonomyConfig> {
        self.taxonomies().find(|t| t.name == name)
    }

    pub fn load(root: &Path) -> Result<SiteConfig, Diagnostic> {
        let path = root.join(CONFIG_FILE);
        if !path.exists() && root.join(ZOLA_CONFIG_FILE).is_file() {
            return SiteConfig::load_zola(root);
        }
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Diagnostic::error(format!("cannot read {CONFIG_FILE}: {e}")).in_file(CONFIG_FILE)
        })?;
        let config = SiteConfig::parse(&text, Path::new(CONFIG_FILE))?;
        config.check_content_dir_exists(root, &text)?;
        Ok(config)
    }

    /// A Zola site's `config.toml`, read for the settings dossier shares with Zola; the
    /// others are left out and named in one warning (`SiteConfig::warnings`).
    fn load_zola(root: &Path) -> Result<SiteConfig, Diagnostic> {
        let file = Path::new(ZOLA_CONFIG_FILE);
        let text = std::fs::read_to_string(root.join(file)).map_err(|e| {
            Diagnostic::error(format!("cannot read {ZOLA_CONFIG_FILE}: {e}")).in_file(file)
        })?;
        let table: toml::Table =
            toml::from_str(&text).map_err(|e| toml_error(&e, &text, 0, file).code("toml"))?;
        let (kept, left_out) = zola_settings(table);
        let mut config = SiteConfig::parse(&toml::to_string(&kept).unwrap_or_default(), file)
            .map_err(|e| Diagnostic {
                line: None,
                column: None,
                ..e
            })?;
        if !left_out.is_empty() {
            let names = left_out
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>();
            config.warnings.push(
                Diagnostic::warning(format!(
                    "read as a Zola configuration (there is no {CONFIG_FILE}); left out, as \
                     dossier does not support them: {}",
                    names.join(", ")
                ))
                .in_file(file)
                .code("zola-config"),
            );
        }
        Ok(config)
    }

    /// The absolute URL of a site path such as `/notes/huawei/`.
    pub fn permalink(&self, path: &str) -> String {
        // Made for every link on every page: plain pushes, not the formatting machinery.
        let mut url = String::with_capacity(self.base_url.len() + path.len());
        url.push_str(&self.base_url);
        url.push_str(path);
        url
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_trailing_slash() {
        let c = SiteConfig::parse(
            "title = \"T\"\nbase_url = \"https://x.org/\"\n",
            Path::new("site.toml"),
        )
        .unwrap();
        assert_eq!(c.base_url, "https://x.org");
        assert_eq!(c.permalink("/a/"), "https://x.org/a/");
        assert_eq!(c.theme, "dossier");
        assert_eq!(c.output_dir, "public");
    }

    #[test]
    fn unknown_field_names_line_and_column() {
        let e =
            SiteConfig::parse("title = \"T\"\ntitel = 3\n", Path::new("site.toml")).unwrap_err();
        assert_eq!(e.line, Some(2));
        assert_eq!(e.column, Some(1));
        assert!(e.message.contains("unknown field `titel`"), "{}", e.message);
    }

    #[test]
    fn outputs_default_on_and_switch_off_one_by_one() {
        let c = SiteConfig::parse(
            "title = \"T\"\n[outputs]\nprint = false\n",
            Path::new("site.toml"),
        )
        .unwrap();
        assert!(!c.outputs.print && c.outputs.search && c.outputs.timeline);
        assert!(!c.outputs.wants_template("print.html"));
        assert!(c.outputs.wants_template("page.html"));
        let e = SiteConfig::parse(
            "title = \"T\"\n[outputs]\npdf = true\n",
            Path::new("site.toml"),
        )
        .unwrap_err();
        assert_eq!(e.line, Some(3));
    }

    #[test]
    fn theme_is_a_plain_name() {
        for bad in ["../../elsewhere", "/abs", "a/b", "..", "a\\\\b", ""] {
            let e = SiteConfig::parse(
                &format!("title = \"T\"\ntheme = \"{bad}\"\n"),
                Path::new("site.toml"),
            )
            .unwrap_err();
            assert_eq!((e.line, e.column), (Some(2), Some(9)), "{bad}");
            assert!(e.message.contains("is not a theme name"), "{}", e.message);
        }
        let c = SiteConfig::parse("title = \"T\"\ntheme = \"mine\"\n", Path::new("site.toml"));
        assert_eq!(c.unwrap().theme, "mine");
    }

    #[test]
    fn content_dir_is_a_folder_inside_the_site() {
        let parse = |dir: &str| {
            let text = format!("title = \"T\"\ncontent_dir = \"{dir}\"\n");
            SiteConfig::parse(&text, Path::new("site.toml"))
        };
        assert_eq!(parse("vault").unwrap().content_dir, "vault");
        assert_eq!(parse("./notes/vault/").unwrap().content_dir, "notes/vault");
        assert_eq!(
            SiteConfig::parse("title = \"T\"\n", Path::new("site.toml"))
                .unwrap()
                .content_dir,
            "content"
        );
        for (bad, why) in [
            ("/home/me/vault", "is not inside the site's folder"),
            ("../vault", "leaves the site's folder"),
            ("vault/../..", "leaves the site's folder"),
            (".", "is the site's own folder"),
            ("", "is the site's own folder"),
            (".obsidian", "names the hidden folder `.obsidian`"),
            ("static/notes", "is inside the site's static/ folder"),
            ("public", "overlaps the output folder `public`"),
        ] {
            let e = parse(bad).unwrap_err();
            assert_eq!((e.line, e.column), (Some(2), Some(15)), "{bad}");
            assert!(e.message.contains(why), "{bad}: {}", e.message);
        }
    }

    #[test]
    fn zola_setting_is_named() {
        let e = SiteConfig::parse(
            "title = \"T\"\ncompile_sass = true\n",
            Path::new("site.toml"),
        )
        .unwrap_err();
        assert!(
            e.message.contains("`compile_sass` is a Zola setting"),
            "{}",
            e.message
        );
    }

    #[test]
    fn the_registry_names_every_switch_of_outputs() {
        let switches = serde_json::to_value(SiteWide::default()).unwrap();
        let mut keys: Vec<&str> = switches
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        let mut names: Vec<&str> = SITE_WIDE.iter().map(|o| o.name).collect();
        names.sort_unstable();
        assert_eq!(keys, names);
        let off = SiteWide {
            search: false,
            ..SiteWide::default()
        };
        for name in names {
            assert_eq!(off.wants(name), Some(name != "search"), "{name}");
        }
        assert_eq!(off.wants("nothing"), None);
        assert!(!off.wants_template("search.html") && off.wants_template("note.html"));
        assert!(!off.files().any(|f| f == "search-index.js"));
        assert_eq!(
            generated_pages().collect::<Vec<_>>(),
            [
                ("timeline.html", "/timeline/"),
                ("graph.html", "/graph/"),
                ("search.html", "/search/"),
                ("print.html", "/print/"),
                ("corrections.html", "/corrections/")
            ]
        );
    }
}
