//! Every plain address a page writes — Markdown links and images, `<a href>` and `<img src>`
//! in raw HTML — that points inside the site is checked against the files the build writes,
//! before anything is written: a reader must never meet a 404 or a broken image the build
//! could have seen. A `#fragment` must name a heading (or an id) of the page it goes to.
//! Addresses with another scheme or host are the business of `dossier check --external`.

use std::collections::HashSet;
use std::sync::Arc;

use rayon::prelude::*;

use crate::content::{Page, PageId};
use crate::diagnostic::Diagnostic;
use crate::markdown::{Analysis, UrlRef};
use crate::render::ThemeFiles;

/// What the build writes, by path relative to the output folder (`notes/x/index.html`,
/// `style.css`), and which of those files are pages, for their ids.
#[derive(Debug, Default)]
pub struct SiteFiles {
    /// The files that are not pages. (foldhash rather than SipHash, as in `resolve`: made
    /// again on every rebuild of a big site's shape.)
    files: foldhash::HashSet<String>,
    /// The pages' files, for their ids.
    pages: foldhash::HashMap<String, PageId>,
    /// Ids the theme writes on every page (`id="references"`), which a link may name too.
    theme_ids: HashSet<String>,
    /// The addresses to suggest from, indexed on the first broken link.
    suggestions: std::sync::OnceLock<crate::suggestion::Names>,
}

impl SiteFiles {
    /// The pages' outputs and `other` outputs (copied files, static files, generated files).
    pub fn new(
        pages: &[Page],
        other: impl IntoIterator<Item = String>,
        theme_ids: HashSet<String>,
    ) -> SiteFiles {
        let pages: foldhash::HashMap<String, PageId> = pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.output.clone(), i))
            .collect();
        let files = (other.into_iter())
            .filter(|f| !pages.contains_key(f))
            .collect();
        SiteFiles {
            files,
            pages,
            theme_ids,
            suggestions: std::sync::OnceLock::new(),
        }
    }

    /// The address the build writes closest to `wanted` (a site path with its `/`), if one
    /// is close: from an index made once, each distinct address searched once.
    fn suggest(&self, wanted: &str) -> Option<String> {
        self.suggestions
            .get_or_init(|| crate::suggestion::Names::new(self.addresses()))
            .closest(wanted)
    }

    /// The file a site path (without its leading `/`) is served from, if the build writes it:
    /// the file itself, or the `index.html` of the folder it names.
    fn file_for(&self, path: &str) -> Option<String> {
        let folder_index = if path.is_empty() || path.ends_with('/') {
            format!("{path}index.html")
        } else {
            format!("{path}/index.html")
        };
        [path.to_string(), folder_index]
            .into_iter()
            .find(|f| !f.is_empty() && (self.pages.contains_key(f) || self.files.contains(f)))
    }

    /// Every file, by path relative to the output folder, sorted.
    pub fn paths(&self) -> Vec<&str> {
        let mut paths: Vec<&str> = self.all().map(String::as_str).collect();
        paths.sort_unstable();
        paths
    }

    /// Whether a page's output is `output` (a path relative to the output folder).
    pub fn is_page(&self, output: &str) -> bool {
        self.pages.contains_key(output)
    }

    /// The page whose output is `output` (a path relative to the output folder), if any.
    pub fn page_of(&self, output: &str) -> Option<PageId> {
        self.pages.get(output).copied()
    }

    /// Whether the build writes what a site path (`timeline/`, `/style.css`) names.
    pub fn has(&self, path: &str) -> bool {
        let path = path.split(['#', '?']).next().unwrap_or_default();
        self.file_for(&normalise(path)).is_some()
    }

    /// The address closest to `path` that the build writes, if one is close.
    pub fn closest(&self, path: &str) -> Option<String> {
        let wanted = format!("/{}", normalise(path));
        self.suggest(&wanted)
    }

    /// Every file, pages first, each once.
    fn all(&self) -> impl Iterator<Item = &String> {
        self.pages.keys().chain(&self.files)
    }

    /// The address readers use for each file: `/notes/x/` for a folder's `index.html`.
    fn addresses(&self) -> impl Iterator<Item = String> + '_ {
        self.all().map(|f| match f.strip_suffix("index.html") {
            Some(folder) => format!("/{folder}"),
            None => format!("/{f}"),
        })
    }
}

/// The ids `id="…"` written as they are (no template code) in templates: the theme's own
/// anchors, such as its list of references.
pub fn ids_in_templates<'a>(texts: impl Iterator<Item = &'a str>) -> HashSet<String> {
    let mut ids = HashSet::new();
    for text in texts {
        for (i, _) in text.match_indices("id=\"") {
            let value = &text[i + 4..];
            let Some(end) = value.find('"') else { continue };
            let id = &value[..end];
            let before = text[..i].chars().next_back();
            if before.is_some_and(|c| c.is_ascii_whitespace()) && !id.contains(['{', '}']) {
                ids.insert(id.to_string());
            }
        }
    }
    ids
}

/// Addresses written as they are in templates (`href="/about/"`, no template code) that
/// start with `/`, checked like a page's: an error at their place in the template. Those a
/// template computes are checked by `get_url` as each page renders.
pub fn check_templates(theme: &ThemeFiles, files: &SiteFiles) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for (name, template) in &theme.templates {
        let text = &template.text;
        for attribute in ["href=\"", "src=\""] {
            for (i, _) in text.match_indices(attribute) {
                let start = i + attribute.len();
                let Some(end) = text[start..].find('"') else {
                    continue;
                };
                let url = &text[start..start + end];
                let before = text[..i].chars().next_back();
                let literal = !url.contains(['{', '}']) && url.starts_with('/');
                if !literal || url.starts_with("//") || !before.is_some_and(char::is_whitespace) {
                    continue;
                }
                if !files.has(url) {
                    let did_you_mean = files
                        .closest(url)
                        .map_or(String::new(), |s| format!("; did you mean `{s}`?"));
                    errors.push(
                        Diagnostic::error(format!(
                            "template `{name}` links to `{url}`, which is no page or file the \
                             build writes{did_you_mean}"
                        ))
                        .in_file(&template.origin)
                        .at_offset(text, start),
                    );
                }
            }
        }
    }
    errors
}

/// The addresses inside the site that a rendered page (served at `page_path`) links to and
/// the build does not write: what templates made, since the page's own Markdown was checked
/// at its source before rendering. Only `href` and `src` written in double quotes, as tera
/// and pulldown-cmark write them; their `#fragment`s are not checked here.
pub fn broken_in_rendered(
    html: &str,
    page_path: &str,
    base_url: &str,
    files: &SiteFiles,
) -> Vec<String> {
    /// Both attributes found in one pass (a printed part is megabytes of HTML).
    static ATTRIBUTES: std::sync::LazyLock<aho_corasick::AhoCorasick> =
        std::sync::LazyLock::new(|| {
            aho_corasick::AhoCorasick::new([" href=\"", " src=\""]).expect("two literals")
        });
    let base = Base::new(base_url);
    // The broken `href`s, then the broken `src`s, each once.
    let mut broken: [Vec<String>; 2] = Default::default();
    // What precedes a `#` in the addresses found in the site so far: a page links to the
    // same few places many times (the printed dossier to its parts), and a fragment alone
    // leads into the page itself.
    let mut found: foldhash::HashSet<&str> = foldhash::HashSet::default();
    for attribute in ATTRIBUTES.find_iter(html) {
        let start = attribute.end();
        let Some(end) = html[start..].find('"') else {
            continue;
        };
        let written = &html[start..start + end];
        let file = written.split_once('#').map_or(written, |(file, _)| file);
        if file.is_empty() || found.contains(file) {
            continue;
        }
        let url = unescape_attribute(written);
        let Some(target) = site_path(&url, page_path, &base) else {
            continue;
        };
        // Image derivatives are made after rendering, from what the pages asked for.
        let derivative = target
            .path
            .trim_start_matches('/')
            .starts_with(crate::derivatives::FOLDER);
        if derivative || files.file_for(&target.path).is_some() {
            found.insert(file);
        } else {
            broken[attribute.pattern().as_usize()].push(url);
        }
    }
    let [mut all, srcs] = broken;
    all.extend(srcs);
    let mut said = foldhash::HashSet::default();
    all.retain(|url| said.insert(url.clone()));
    all
}

/// An attribute value as written in HTML, its few escapes undone.
fn unescape_attribute(value: &str) -> String {
    if !value.contains('&') {
        return value.to_string();
    }
    value
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&#x2F;", "/")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Where the site is served: `base_url` split into its origin and its path.
struct Base<'a> {
    url: &'a str,
    path: &'a str,
}

impl<'a> Base<'a> {
    fn new(base_url: &'a str) -> Base<'a> {
        let url = base_url.trim_end_matches('/');
        let after_scheme = url.find("://").map_or(0, |i| i + 3);
        let path = url[after_scheme..]
            .find('/')
            .map_or("", |i| &url[after_scheme + i..]);
        Base { url, path }
    }
}

/// An address as the site sees it: the path inside the output folder and the fragment.
#[derive(Debug, PartialEq, Eq)]
struct SitePath {
    path: String,
    fragment: Option<String>,
}

/// The place inside the site `url`, written on a page served at `page_path`, points to;
/// `None` for an address elsewhere (another host or scheme) or to the page itself.
fn site_path(url: &str, page_path: &str, base: &Base<'_>) -> Option<SitePath> {
    let url = url.trim();
    let local = if has_scheme(url) {
        let rest = strip_prefix_ignore_case(url, base.url)?;
        if !(rest.is_empty() || rest.starts_with(['/', '#', '?'])) {
            return None;
        }
        if rest.starts_with('/') {
            rest.to_string()
        } else {
            format!("/{rest}")
        }
    } else if url.starts_with("//") || url.is_empty() {
        return None;
    } else {
        url.to_string()
    };
    let (rest, fragment) = match local.split_once('#') {
        Some((r, f)) => (r, Some(percent_decode(f))),
        None => (local.as_str(), None),
    };
    let path = rest.split_once('?').map_or(rest, |(p, _)| p);
    let path = percent_decode(path);
    let joined = if path.is_empty() {
        page_path.to_string()
    } else if path.starts_with('/') {
        let inside = path
            .strip_prefix(base.path)
            .filter(|p| !base.path.is_empty() && (p.is_empty() || p.starts_with('/')));
        inside.unwrap_or(&path).to_string()
    } else {
        format!("{page_path}{path}")
    };
    Some(SitePath {
        path: normalise(&joined),
        fragment: fragment.filter(|f| !f.is_empty()),
    })
}

pub(crate) fn has_scheme(url: &str) -> bool {
    url.split_once(':').is_some_and(|(scheme, _)| {
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    })
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// `/a/./b/../c/` → `a/c/`: the path relative to the output folder. A path that climbs
/// above the site keeps its `..`, and so matches no file.
pub(crate) fn normalise(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let last = segments.len() - 1;
    for (i, s) in segments.iter().enumerate() {
        match *s {
            "." => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            "" if i != last => {}
            s => parts.push(s),
        }
    }
    let mut out = parts.join("/");
    if (segments[last] == "." || segments[last] == "..") && !out.is_empty() {
        out.push('/');
    }
    out
}

/// An address's `%XX` escapes decoded (percent-encoding, already in the tree through url);
/// a stray `%` stays as it is, and bytes that are not UTF-8 become U+FFFD.
fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

/// Checks every plain address of every page; an error at each broken one.
pub fn check(
    pages: &[Page],
    analyses: &[Arc<Analysis>],
    files: &SiteFiles,
    base_url: &str,
) -> Vec<Diagnostic> {
    let base = Base::new(base_url);
    (0..pages.len())
        .into_par_iter()
        .flat_map_iter(|id| {
            let base = &base;
            analyses[id]
                .urls
                .iter()
                .filter_map(move |u| check_url(pages, analyses, files, base, id, u))
        })
        .collect()
}

/// One address of page `id`: `None` when it is fine.
fn check_url(
    pages: &[Page],
    analyses: &[Arc<Analysis>],
    files: &SiteFiles,
    base: &Base<'_>,
    id: PageId,
    url: &UrlRef,
) -> Option<Diagnostic> {
    let page = &pages[id];
    if page.shared_document(&url.url).is_some() {
        return None;
    }
    let target = site_path(&url.url, &page.path, base)?;
    let error = |message: String| {
        Diagnostic::error(message)
            .in_file(&page.file)
            .at_offset(&page.text, page.text_offset(url.offset))
    };
    let what = if url.image { "image" } else { "link" };
    let Some(file) = files.file_for(&target.path) else {
        let wanted = format!("/{}", target.path);
        let suggestion = files.suggest(&wanted).map(|s| {
            // Shown as written: relative to the page when the address was.
            let relative = !url.url.starts_with('/') && !has_scheme(&url.url);
            match s.strip_prefix(page.path.as_str()) {
                Some(rest) if relative && !rest.is_empty() => rest.to_string(),
                _ => s,
            }
        });
        let did_you_mean = match suggestion {
            Some(s) => format!("; did you mean `{s}`?"),
            // A Markdown file's address is its page's, which `@/` finds.
            None if target.path.ends_with(".md") => {
                "; link to a page's file as `@/path/to/page.md` or with a [[wikilink]]".to_string()
            }
            None => String::new(),
        };
        return Some(error(format!(
            "{what} `{}` goes to no page or file of the site{did_you_mean}",
            url.url
        )));
    };
    let fragment = target.fragment?;
    let &to = files.pages.get(&file)?;
    let analysis = &analyses[to];
    let known = analysis.headings.iter().any(|h| h.id == fragment)
        || analysis.ids.contains(&fragment)
        || files.theme_ids.contains(&fragment);
    if known {
        return None;
    }
    let heading_ids = analysis.headings.iter().map(|h| h.id.as_str());
    let suggestion = crate::suggestion::closest(&fragment, heading_ids);
    Some(error(format!(
        "{what} `{}`: {} has no heading with id `#{fragment}`{}",
        url.url,
        pages[to].file.display(),
        suggestion.map_or(String::new(), |s| format!("; did you mean `#{s}`?"))
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(url: &str) -> Option<(String, Option<String>)> {
        let base = Base::new("https://example.org/sub");
        site_path(url, "/notes/huawei/", &base).map(|s| (s.path, s.fragment))
    }

    #[test]
    fn a_rendered_page_s_broken_addresses_are_listed_once_hrefs_first() {
        let files = SiteFiles::new(
            &[],
            ["notes/huawei/index.html", "style.css"].map(String::from),
            HashSet::new(),
        );
        let html = concat!(
            r#"<img src="/gone.png"><a href="/notes/huawei/#x">ok</a> <a href="/nope/">"#,
            r##"<link href="/style.css"> <a href="#top"> <a href="https://example.com/">"##,
            r#"<a href="../missing/"> <img src="/gone.png"> <a href="/nope/#y">"#,
            r#"<a title="x" href="/a&amp;b/"> <img data-src="/unread.png">"#,
        );
        let broken = broken_in_rendered(html, "/notes/huawei/", "https://example.org", &files);
        assert_eq!(
            broken,
            ["/nope/", "../missing/", "/nope/#y", "/a&b/", "/gone.png"]
        );
        assert!(broken_in_rendered("", "/", "https://example.org", &files).is_empty());
    }

    #[test]
    fn addresses_resolve_to_paths_in_the_output() {
        let p = |path: &str, f: Option<&str>| Some((path.to_string(), f.map(str::to_string)));
        assert_eq!(at("minutes.pdf"), p("notes/huawei/minutes.pdf", None));
        assert_eq!(at("../zte/#deal"), p("notes/zte/", Some("deal")));
        assert_eq!(at("/organizations/x/"), p("organizations/x/", None));
        assert_eq!(at("/sub/organizations/x/"), p("organizations/x/", None));
        assert_eq!(at("https://EXAMPLE.org/sub/tags/?q=1"), p("tags/", None));
        assert_eq!(at("#history"), p("notes/huawei/", Some("history")));
        assert_eq!(at("a%20b.pdf"), p("notes/huawei/a b.pdf", None));
        assert_eq!(at("../../../../x"), p("../../x", None));
        for elsewhere in [
            "https://example.com/",
            "https://example.org/subway",
            "mailto:a@b.org",
            "tel:+1",
            "//cdn.example.com/x.js",
            "",
        ] {
            assert_eq!(at(elsewhere), None, "{elsewhere}");
        }
    }

    #[test]
    fn theme_ids_are_the_literal_ones() {
        let ids = ids_in_templates(
            [r#"<ol id="references"><li id="ref-{{ r.number }}"><a data-id="x">"#].into_iter(),
        );
        assert_eq!(ids, HashSet::from(["references".to_string()]));
    }
}
