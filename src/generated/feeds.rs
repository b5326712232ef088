//! Files for machines: `atom.xml` (articles and pages with an `updated` date), `sitemap.xml`
//! and `robots.txt`. URLs in them are absolute when `base_url` is.

use crate::content::PageId;
use crate::library::Library;
use crate::markdown::escape_html;
use crate::render::markdown::Rendering;

use super::dates;
use crate::content::kind::Kind;

const EPOCH: &str = "1970-01-01T00:00:00Z";

/// Text for XML: escaped, and without the characters XML 1.0 cannot hold at all (control
/// characters other than tab, newline and carriage return; U+FFFE, U+FFFF), which a page's
/// body may carry and which would make the whole feed ill-formed. No XML writer among our
/// dependencies does both, and the rule fits in one line.
fn escape_xml(text: &str) -> String {
    let allowed = |c: &char| !matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}');
    if text.chars().all(|c| allowed(&c)) {
        return escape_html(text);
    }
    escape_html(&text.chars().filter(allowed).collect::<String>())
}

/// The newest of a page's `updated` and `date`, as RFC 3339.
fn last_change(lib: &Library, id: PageId) -> Option<String> {
    let fm = &lib.pages[id].front_matter;
    fm.updated
        .as_ref()
        .or(fm.date.as_ref())
        .and_then(|d| dates::rfc3339(&d.datetime()))
}

/// The pages of the feed: dated articles, and any page with an `updated` date; newest first.
pub fn feed_entries(lib: &Library) -> Vec<PageId> {
    let mut ids: Vec<PageId> = (0..lib.pages.len())
        .filter(|&i| {
            let p = &lib.pages[i];
            let fm = &p.front_matter;
            !p.is_section
                && p.lang.is_none()
                && ((p.known_kind() == Some(Kind::Article) && fm.date.is_some())
                    || fm.updated.is_some())
        })
        .collect();
    ids.sort_by(|&a, &b| {
        last_change(lib, b)
            .cmp(&last_change(lib, a))
            .then_with(|| lib.pages[a].path.cmp(&lib.pages[b].path))
    });
    ids
}

/// `atom.xml`.
pub fn atom(lib: &Library, html: &Rendering) -> String {
    let home = format!("{}/", lib.config.base_url);
    atom_of(
        (lib, html),
        &feed_entries(lib),
        &lib.config.title,
        "/atom.xml",
        &home,
    )
}

/// `<code>/atom.xml`: the feed of the pages in language `code`, as `atom.xml` is of the
/// default language's.
pub fn language_atom(lib: &Library, html: &Rendering, code: &str) -> String {
    let entries = language_entries(lib, code);
    let title = lib.config.languages[code]
        .title
        .as_deref()
        .unwrap_or(&lib.config.title);
    let home = lib.config.permalink(&format!("/{code}/"));
    atom_of(
        (lib, html),
        &entries,
        title,
        &format!("/{code}/atom.xml"),
        &home,
    )
}

/// The pages of the feed of language `code`, newest first.
fn language_entries(lib: &Library, code: &str) -> Vec<PageId> {
    let mut entries: Vec<PageId> = (0..lib.pages.len())
        .filter(|&i| {
            let p = &lib.pages[i];
            let fm = &p.front_matter;
            !p.is_section
                && p.lang.as_deref() == Some(code)
                && ((p.known_kind() == Some(Kind::Article) && fm.date.is_some())
                    || fm.updated.is_some())
        })
        .collect();
    entries.sort_by(|&a, &b| {
        last_change(lib, b)
            .cmp(&last_change(lib, a))
            .then_with(|| lib.pages[a].path.cmp(&lib.pages[b].path))
    });
    entries
}

/// Whether each page is an entry of a feed the build writes (`atom.xml`, a language's, a
/// taxonomy term's): a build holds such a page's HTML from its own rendering until the
/// feeds are written, instead of rendering it again for them.
pub fn fed(lib: &Library) -> Vec<bool> {
    let mut fed = vec![false; lib.pages.len()];
    let outputs = &lib.config.outputs;
    let mut entries: Vec<PageId> = Vec::new();
    if outputs.feed {
        entries.extend(feed_entries(lib));
        for (code, l) in &lib.config.languages {
            if l.feed {
                entries.extend(language_entries(lib, code));
            }
        }
    }
    let term_feeds = lib.config.taxonomies().any(|c| c.render && c.feed);
    if outputs.taxonomies && term_feeds {
        let all = super::taxonomies::every_edition(lib);
        for t in all.iter().filter(|t| t.config.render && t.config.feed) {
            entries.extend(t.terms.iter().flat_map(|term| term.pages.iter().copied()));
        }
    }
    for id in entries {
        fed[id] = true;
    }
    fed
}

/// The feed of a taxonomy's term (`countries/kenya/atom.xml`): its pages, newest first.
pub fn term_atom(
    (lib, html): (&Library, &Rendering),
    title: &str,
    term_path: &str,
    pages: &[PageId],
) -> String {
    let mut entries = pages.to_vec();
    entries.sort_by(|&a, &b| {
        last_change(lib, b)
            .cmp(&last_change(lib, a))
            .then_with(|| lib.pages[a].path.cmp(&lib.pages[b].path))
    });
    let title = format!("{} · {title}", lib.config.title);
    let home = lib.config.permalink(term_path);
    atom_of(
        (lib, html),
        &entries,
        &title,
        &format!("{term_path}atom.xml"),
        &home,
    )
}

/// A feed of `entries` called `title`, at `self_path`, of the page at `home`.
fn atom_of(
    (lib, html): (&Library, &Rendering),
    entries: &[PageId],
    title: &str,
    self_path: &str,
    home: &str,
) -> String {
    let c = &lib.config;
    let entries = entries.to_vec();
    let lang = match self_path.split('/').nth(1) {
        Some(code) if c.languages.contains_key(code) => code,
        _ => c.language.as_str(),
    };
    let updated = entries
        .iter()
        .filter_map(|&i| last_change(lib, i))
        .max()
        .unwrap_or_else(|| EPOCH.to_string());
    let mut xml = String::new();
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        escape_xml(lang)
    ));
    xml.push_str(&format!("<title>{}</title>\n", escape_xml(title)));
    if !c.description.is_empty() {
        xml.push_str(&format!(
            "<subtitle>{}</subtitle>\n",
            escape_xml(&c.description)
        ));
    }
    xml.push_str(&format!(
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        escape_xml(&c.permalink(self_path))
    ));
    xml.push_str(&format!(
        "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape_xml(home)
    ));
    xml.push_str(&format!("<id>{}</id>\n", escape_xml(home)));
    xml.push_str(&format!("<updated>{updated}</updated>\n"));
    xml.push_str(&format!(
        "<author><name>{}</name></author>\n",
        escape_xml(&c.title)
    ));
    for id in entries {
        let p = &lib.pages[id];
        let fm = &p.front_matter;
        let url = lib.permalink(id);
        xml.push_str("<entry>\n");
        xml.push_str(&format!("<title>{}</title>\n", escape_xml(&p.title)));
        xml.push_str(&format!(
            "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            escape_xml(&url)
        ));
        xml.push_str(&format!("<id>{}</id>\n", escape_xml(&url)));
        if let Some(published) = fm.date.and_then(|d| dates::rfc3339(&d.datetime())) {
            xml.push_str(&format!("<published>{published}</published>\n"));
        }
        xml.push_str(&format!(
            "<updated>{}</updated>\n",
            last_change(lib, id).unwrap_or_else(|| EPOCH.to_string())
        ));
        for author in &fm.authors {
            xml.push_str(&format!(
                "<author><name>{}</name></author>\n",
                escape_xml(author)
            ));
        }
        for tag in &fm.tags {
            xml.push_str(&format!("<category term=\"{}\"/>\n", escape_xml(tag)));
        }
        if let Some(d) = &fm.description {
            xml.push_str(&format!("<summary>{}</summary>\n", escape_xml(d)));
        }
        xml.push_str(&format!(
            "<content type=\"html\" xml:base=\"{}\">{}</content>\n",
            escape_xml(&url),
            escape_xml(&html.html(lib, id).html)
        ));
        xml.push_str("</entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}

/// `sitemap.xml`: every page and section, then `extra_paths` (generated pages, tags).
pub fn sitemap(lib: &Library, extra_paths: &[String]) -> String {
    let mut ids: Vec<PageId> = (0..lib.pages.len()).collect();
    ids.sort_by(|&a, &b| lib.pages[a].path.cmp(&lib.pages[b].path));
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for id in ids {
        xml.push_str(&format!(
            "<url><loc>{}</loc>",
            escape_xml(&lib.permalink(id))
        ));
        if let Some(day) = last_change(lib, id).as_deref().and_then(|d| d.get(..10)) {
            xml.push_str(&format!("<lastmod>{day}</lastmod>"));
        }
        xml.push_str("</url>\n");
    }
    for path in extra_paths {
        xml.push_str(&format!(
            "<url><loc>{}</loc></url>\n",
            escape_xml(&lib.config.permalink(path))
        ));
    }
    xml.push_str("</urlset>\n");
    xml
}

/// `robots.txt`: everything may be crawled; here is the sitemap.
pub fn robots(lib: &Library) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        lib.config.permalink("/sitemap.xml")
    )
}
