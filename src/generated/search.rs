//! The search index and the link previews, built at build time and shipped as `.js` files
//! that hand their data to the theme's script, so they load with a `<script>` tag — from a
//! server or straight from the file system, where `fetch` is not allowed.
//!
//! Both are split so that a reader downloads kilobytes, not the dossier: `search-index.js`
//! is a small table of contents; a query then loads the vocabulary and postings shards of its
//! own words (`search_terms`) and one small file per page it shows (`search/p/<n>.js`: title,
//! address, kind, aka names, description and the text under each heading, truncated).
//! `previews.js` says how many preview shards there are; a link's preview is in the shard
//! its address hashes to (`previews/<n>.js`, about `PREVIEWS_PER_SHARD` pages each).
//!
//! Why not elasticlunr-rs or a Pagefind-style WebAssembly runtime: the first holds the whole
//! index in one file; the second needs `fetch`, which the file system refuses.

use std::collections::BTreeMap;
use std::sync::Mutex;

use rayon::prelude::*;
use serde::Serialize;

use crate::content::PageId;
use crate::diagnostic::Diagnostic;
use crate::library::Library;
use crate::render::markdown::Rendering;

use super::dates;
use super::search_terms::{self as terms, Field, PageTerms, TermIndex};
use super::WriteFn;
use crate::markdown::text::truncate;

/// Characters of text kept per heading in a page's search file.
pub const SECTION_TEXT_LIMIT: usize = 1200;
/// Characters of summary kept per page in the previews.
pub const PREVIEW_LIMIT: usize = 280;
/// Pages per preview shard, on average: a hover loads about 10 KB.
pub const PREVIEWS_PER_SHARD: usize = 32;
/// Pages read at once while the index is built: their text is let go before the next batch.
const PAGES_PER_BATCH: usize = 256;

/// The global `search-index.js` assigns, and the function every search shard calls.
pub const SEARCH_GLOBAL: &str = "dossierSearch";
pub const SEARCH_SHARD_CALLBACK: &str = "dossierSearchShard";
/// The global `previews.js` assigns, and the function every preview shard calls.
pub const PREVIEWS_GLOBAL: &str = "dossierPreviews";
pub const PREVIEW_SHARD_CALLBACK: &str = "dossierPreviewShard";

/// A page as the search results show it: `[title, path, kind, aka, description, sections]`,
/// each section `[heading, anchor, text]`.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct SearchPage<'a>(
    pub &'a str,
    pub &'a str,
    pub &'a str,
    pub &'a [String],
    pub &'a str,
    pub Vec<SearchSection>,
);

/// One heading's stretch of a page: `[heading, anchor, text]`.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct SearchSection(pub String, pub String, pub String);

/// `search-index.js`: what a query needs before it loads any shard.
#[derive(Debug, Serialize)]
pub struct SearchContents<'a> {
    /// Prefix of every path, as in `config.base_url`.
    pub base: &'a str,
    /// Pages in the index (`search/p/0.js`…).
    pub pages: usize,
    /// The vocabulary shards there are (`search/v/<key>.js`), keys in hex.
    pub vocabulary: Vec<String>,
    /// `[kind, postings shard, pages]`: the kinds a search can be narrowed to.
    pub kinds: Vec<(String, usize, usize)>,
    /// Where the shards of a language's index are, beside the theme's scripts: `fr/`
    /// (`fr/search/…`); the default language's are at `search/…`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dir: Option<String>,
}

/// Pages in the order the index lists them: by URL path.
fn indexed_pages(lib: &Library) -> Vec<PageId> {
    let mut ids: Vec<PageId> = (0..lib.pages.len()).collect();
    ids.sort_by(|&a, &b| lib.pages[a].path.cmp(&lib.pages[b].path));
    ids
}

fn kind_of(lib: &Library, id: PageId) -> &str {
    let p = &lib.pages[id];
    match p.kind() {
        Some(k) => k,
        None if p.is_section => "section",
        None => "page",
    }
}

/// `window.<global> = <json>;` — JSON is valid JavaScript. `<` is written `\u003c` (it
/// only occurs inside strings) so no `</script>` or `<!--` in a title can end or bend a
/// script element, should a theme inline the file.
pub fn assign_global<T: Serialize>(global: &str, value: &T) -> String {
    format!("window.{global} = {};\n", script_json(value))
}

/// `<callback>(<name>, <json>);`: a shard handing its data to the theme's script.
fn call<T: Serialize>(callback: &str, name: &str, value: &T) -> Vec<u8> {
    format!(
        "{callback}({}, {});\n",
        script_json(&name),
        script_json(value)
    )
    .into_bytes()
}

fn script_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value)
        .expect("serializable")
        .replace('<', "\\u003c")
}

/// The text each page's preview starts with, kept as the search index reads it, so that the
/// previews do not render every page's Markdown a second time. Only as much is kept as a
/// preview can show, and one more character (`truncate` reads no further).
pub struct PreviewTexts(Vec<std::sync::OnceLock<String>>);

impl PreviewTexts {
    pub fn new(lib: &Library) -> PreviewTexts {
        PreviewTexts((0..lib.pages.len()).map(|_| Default::default()).collect())
    }

    fn keep(&self, id: PageId, text: &str) {
        let kept = text.chars().take(PREVIEW_LIMIT + 1).collect();
        let _ = self.0[id].set(kept);
    }

    fn get(&self, id: PageId) -> Option<&str> {
        self.0.get(id)?.get().map(String::as_str)
    }
}

/// Page `id`'s search file, and its words for the index; the text its preview starts with
/// goes to `previews`, when it has no description to start with.
fn search_page<'a>(
    (lib, html): (&'a Library, &Rendering),
    id: PageId,
    previews: Option<&PreviewTexts>,
) -> (SearchPage<'a>, PageTerms) {
    let p = &lib.pages[id];
    let description = p.front_matter.description.as_deref().unwrap_or("");
    let mut words = PageTerms::default();
    words.add(&p.title, Field::Title);
    words.add(&p.front_matter.aka.join(" "), Field::Aka);
    words.add(description, Field::Description);
    let rendered = html.html(lib, id);
    let all = &rendered.text_sections;
    if let Some(previews) = previews.filter(|_| p.front_matter.description.is_none()) {
        previews.keep(id, first_text(all));
    }
    let page_sections = all
        .iter()
        .filter(|s| !(s.text.is_empty() && s.heading.is_empty()))
        .map(|s| {
            words.add(&s.heading, Field::Heading);
            words.add(&s.text, Field::Text);
            let text = truncate(&s.text, SECTION_TEXT_LIMIT);
            SearchSection(s.heading.clone(), s.anchor.clone(), text)
        })
        .collect();
    let page = SearchPage(
        &p.title,
        &p.path,
        kind_of(lib, id),
        &p.front_matter.aka,
        description,
        page_sections,
    );
    (page, words)
}

/// One edition's search index, read page by page: each page's file written and its words
/// counted as the page is read. A build reads each page as it renders it, while its HTML is
/// held for the page's template (`Site::render_all`), so that a page's Markdown is rendered
/// once for both; `finish` reads the pages not read yet, then writes the shards and
/// `search-index.js`.
pub struct IndexReading<'a> {
    lib: &'a Library,
    html: &'a Rendering,
    lang: Option<&'a str>,
    /// The pages of the edition, in the order the index numbers them.
    ids: Vec<PageId>,
    /// Each page's number in the index (`search/p/<n>.js`), by page id.
    numbers: Vec<Option<usize>>,
    previews: Option<PreviewTexts>,
    read: Mutex<ReadSoFar>,
    /// The words of the pages read, in an index for each thread that reads pages (and one
    /// for any other), so that no thread waits for another to add them; `finish` merges them.
    words: Vec<Mutex<TermIndex>>,
}

#[derive(Default)]
struct ReadSoFar {
    /// By number: whether the page was read.
    done: Vec<bool>,
    errors: Vec<Diagnostic>,
}

/// A panic elsewhere leaves what a lock guards as valid as it was.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl<'a> IndexReading<'a> {
    /// The index of the pages in language `lang` (`None`: the default's), written under
    /// `<lang>/`: a reader searching one edition finds its pages, not the same page in every
    /// language. With `keep_previews`, the text each preview starts with is kept as pages
    /// are read (`finish` hands it on).
    pub fn new(
        (lib, html): (&'a Library, &'a Rendering),
        lang: Option<&'a str>,
        keep_previews: bool,
    ) -> IndexReading<'a> {
        let mut ids = indexed_pages(lib);
        ids.retain(|&id| lib.pages[id].lang.as_deref() == lang);
        let mut numbers = vec![None; lib.pages.len()];
        for (n, &id) in ids.iter().enumerate() {
            numbers[id] = Some(n);
        }
        let read = ReadSoFar {
            done: vec![false; ids.len()],
            ..ReadSoFar::default()
        };
        IndexReading {
            lib,
            html,
            lang,
            ids,
            numbers,
            previews: keep_previews.then(|| PreviewTexts::new(lib)),
            read: Mutex::new(read),
            words: (0..=rayon::current_num_threads())
                .map(|_| Mutex::default())
                .collect(),
        }
    }

    /// Whether page `id` is in this index.
    pub fn has(&self, id: PageId) -> bool {
        self.numbers.get(id).is_some_and(Option::is_some)
    }

    fn prefix(&self) -> String {
        self.lang.map(|l| format!("{l}/")).unwrap_or_default()
    }

    /// Reads page `id` (from its HTML as `Rendering::html` gives it, held or rendered now):
    /// writes its file and adds its words. A page not in the index, or read already, is
    /// left alone.
    pub fn read(&self, id: PageId, write: &WriteFn<'_>) {
        let Some(n) = self.numbers.get(id).copied().flatten() else {
            return;
        };
        if lock(&self.read).done[n] {
            return;
        }
        let (page, words) = search_page((self.lib, self.html), id, self.previews.as_ref());
        let name = format!("p/{n}");
        let file = call(SEARCH_SHARD_CALLBACK, &name, &page);
        let error = write(&format!("{}search/{name}.js", self.prefix()), file).err();
        {
            let mut read = lock(&self.read);
            read.errors.extend(error);
            if std::mem::replace(&mut read.done[n], true) {
                return;
            }
        }
        let thread = rayon::current_thread_index().map_or(0, |t| t + 1);
        lock(&self.words[thread % self.words.len()]).push_at(n, words);
    }

    /// Reads the pages not read yet, in batches, in parallel, so that the text of at most
    /// one batch is held; then writes the shards of the words and `search-index.js`. Returns
    /// the errors, and the previews' texts when they were kept.
    pub fn finish(self, write: &WriteFn<'_>) -> (Vec<Diagnostic>, Option<PreviewTexts>) {
        let unread: Vec<PageId> = {
            let read = lock(&self.read);
            self.ids
                .iter()
                .enumerate()
                .filter(|&(n, _)| !read.done[n])
                .map(|(_, &id)| id)
                .collect()
        };
        for chunk in unread.chunks(PAGES_PER_BATCH) {
            chunk.par_iter().for_each(|&id| self.read(id, write));
        }
        let lib = self.lib;
        let prefix = self.prefix();
        let mut errors = (self.read.into_inner())
            .unwrap_or_else(|e| e.into_inner())
            .errors;
        let mut indexes: Vec<TermIndex> = (self.words.into_iter())
            .map(|words| words.into_inner().unwrap_or_else(|e| e.into_inner()))
            .collect();
        // The others merged into the largest.
        let largest = (0..indexes.len())
            .max_by_key(|&i| indexes[i].words())
            .unwrap_or(0);
        let mut index = indexes.swap_remove(largest);
        for other in indexes {
            index.merge(other);
        }
        let mut kinds: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
        for (n, &id) in self.ids.iter().enumerate() {
            kinds.entry(kind_of(lib, id)).or_default().push(n as u32);
        }
        let counts: Vec<(&str, usize)> = kinds.iter().map(|(k, p)| (*k, p.len())).collect();
        for (kind, pages) in kinds {
            index.push_label(&format!("kind:{kind}"), pages);
        }
        let shards = index.into_shards();
        let shard_of = |label: &str| {
            shards
                .postings
                .iter()
                .position(|s| s.iter().any(|(w, _)| w == label))
                .unwrap_or(0)
        };
        let contents = SearchContents {
            base: &lib.config.base_url,
            pages: self.ids.len(),
            vocabulary: shards
                .vocabulary
                .iter()
                .map(|(k, _)| terms::key_file_name(k))
                .collect(),
            kinds: counts
                .iter()
                .map(|&(k, n)| (k.to_string(), shard_of(&format!("kind:{k}")), n))
                .collect(),
            dir: self.lang.map(|l| format!("{l}/")),
        };
        errors.extend(write_shards(&shards, &prefix, write));
        errors.extend(
            write(
                &format!("{prefix}search-index.js"),
                assign_global(SEARCH_GLOBAL, &contents).into_bytes(),
            )
            .err(),
        );
        (errors, self.previews)
    }
}

/// The search indexes a build reads while it renders pages: one per edition that has one.
#[derive(Default)]
pub struct Readings<'a>(Vec<IndexReading<'a>>);

impl<'a> Readings<'a> {
    /// An index for the default language when the site has search, and one for each
    /// language whose `search` is on; the default's keeps the previews' texts.
    pub fn of(lib: &'a Library, html: &'a Rendering) -> Readings<'a> {
        let outputs = &lib.config.outputs;
        if !outputs.search {
            return Readings::default();
        }
        let mut readings = vec![IndexReading::new((lib, html), None, outputs.previews)];
        readings.extend(
            lib.config
                .languages
                .iter()
                .filter(|(_, l)| l.search)
                .map(|(code, _)| IndexReading::new((lib, html), Some(code.as_str()), false)),
        );
        Readings(readings)
    }

    /// The index page `id` is read into, if any.
    pub fn of_page(&self, id: PageId) -> Option<&IndexReading<'a>> {
        self.0.iter().find(|r| r.has(id))
    }

    /// The index of language `lang`, taken out to be finished.
    pub fn take(&mut self, lang: Option<&str>) -> Option<IndexReading<'a>> {
        let at = self.0.iter().position(|r| r.lang == lang)?;
        Some(self.0.swap_remove(at))
    }
}

fn write_shards(shards: &terms::Shards, prefix: &str, write: &WriteFn<'_>) -> Vec<Diagnostic> {
    let vocabulary = shards.vocabulary.par_iter().filter_map(|(key, words)| {
        let name = format!("v/{}", terms::key_file_name(key));
        write(
            &format!("{prefix}search/{name}.js"),
            call(SEARCH_SHARD_CALLBACK, &name, words),
        )
        .err()
    });
    let postings = shards
        .postings
        .par_iter()
        .enumerate()
        .filter_map(|(n, words)| {
            let name = format!("t/{n}");
            let map: serde_json::Map<String, serde_json::Value> = words
                .iter()
                .map(|(w, p)| (w.clone(), serde_json::Value::String(p.clone())))
                .collect();
            write(
                &format!("{prefix}search/{name}.js"),
                call(SEARCH_SHARD_CALLBACK, &name, &map),
            )
            .err()
        });
    vocabulary.chain(postings).collect()
}

/// What a link preview shows of a page: `[title, kind, summary]`.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Preview(pub String, pub String, pub String);

fn kind_label(kind: &str) -> String {
    let mut chars = kind.chars();
    chars.next().map_or(String::new(), |c| {
        c.to_uppercase().collect::<String>() + chars.as_str()
    })
}

/// The preview shard of a page's path: FNV-1a of its UTF-8 bytes, modulo the shard count.
/// `previewShard()` in dossier.js computes the same.
pub fn preview_shard(path: &str, shards: usize) -> usize {
    let mut hash: u32 = 0x811c_9dc5;
    for b in path.bytes() {
        hash ^= u32::from(b);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash as usize % shards.max(1)
}

/// Writes `previews.js` (the base and the shard count) and every page's preview, by URL
/// path, in `previews/<n>.js`: its description or first paragraph, and for a source who
/// published it and when.
pub fn write_previews(
    (lib, html): (&Library, &Rendering),
    texts: Option<&PreviewTexts>,
    write: &WriteFn<'_>,
) -> Vec<Diagnostic> {
    let ids = indexed_pages(lib);
    let count = ids.len().div_ceil(PREVIEWS_PER_SHARD).max(1);
    let mut shards: Vec<Vec<PageId>> = vec![Vec::new(); count];
    for &id in &ids {
        shards[preview_shard(&lib.pages[id].path, count)].push(id);
    }
    let mut errors: Vec<Diagnostic> = shards
        .par_iter()
        .enumerate()
        .filter_map(|(n, ids)| {
            let map: serde_json::Map<String, serde_json::Value> = ids
                .iter()
                .map(|&id| (lib.pages[id].path.clone(), preview((lib, html), id, texts)))
                .collect();
            let file = format!("{PREVIEW_SHARD_CALLBACK}({n}, {});\n", script_json(&map));
            write(&format!("previews/{n}.js"), file.into_bytes()).err()
        })
        .collect();
    let contents = serde_json::json!({ "base": lib.config.base_url, "shards": count });
    errors.extend(
        write(
            "previews.js",
            assign_global(PREVIEWS_GLOBAL, &contents).into_bytes(),
        )
        .err(),
    );
    errors
}

/// The text of a page's first section that has any: what its preview starts with.
fn first_text(sections: &[crate::markdown::text::TextSection]) -> &str {
    sections
        .iter()
        .find(|s| !s.text.is_empty())
        .map_or("", |s| s.text.as_str())
}

/// Page `id`'s preview.
fn preview(
    (lib, html): (&Library, &Rendering),
    id: PageId,
    texts: Option<&PreviewTexts>,
) -> serde_json::Value {
    let p = &lib.pages[id];
    let fm = &p.front_matter;
    let text = match (&fm.description, texts.and_then(|t| t.get(id))) {
        (Some(d), _) => d.clone(),
        (None, Some(kept)) => kept.to_string(),
        (None, None) => first_text(&html.html(lib, id).text_sections).to_string(),
    };
    let mut summary = String::new();
    if p.is_source() {
        let by: Vec<String> = fm
            .authors
            .iter()
            .cloned()
            .chain(fm.publisher.clone())
            .chain(fm.date.and_then(|d| d.partial()).map(dates::label))
            .collect();
        if !by.is_empty() {
            summary = format!("{}. ", by.join(", "));
        }
    }
    summary.push_str(&text);
    let preview = Preview(
        p.title.clone(),
        kind_label(kind_of(lib, id)),
        truncate(&summary, PREVIEW_LIMIT),
    );
    serde_json::to_value(preview).expect("serializable")
}
