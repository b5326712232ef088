//! Markdown to HTML in two passes over pulldown-cmark events. `analyze` finds what the page
//! says about the rest of the site (headings, internal links, citations) so they can be
//! resolved against the whole site; `render` then writes HTML with those resolutions.
//! Knows nothing of the site: resolution is handed in.

pub mod callout;
pub mod citation;
pub mod excerpt;
pub mod heading;
pub mod highlight;
pub mod sanitise;
pub mod splices;
pub mod text;

use std::collections::HashSet;

use pulldown_cmark::{
    html, BrokenLink, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};
use serde::Serialize;

pub use citation::{narrative_citations, parse_citation, CiteItem};
pub use excerpt::Excerpt;
use excerpt::Marked;
use heading::{github_slug, HeadingIds};

const CITE_PREFIX: &str = "cite:";
const MORE_MARKER: &str = "<!-- more -->";

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS
}

/// Unresolved references that look like citations become links to `cite:…`, so code spans
/// and code blocks (which pulldown-cmark never parses for links) are left alone for free.
type CitationCallback<'a> = fn(BrokenLink<'a>) -> Option<(CowStr<'a>, CowStr<'a>)>;

fn parser<'a>(body: &'a str) -> Parser<'a, CitationCallback<'a>> {
    Parser::new_with_broken_link_callback(body, options(), Some(citation_link))
}

/// The body with each NUL as U+FFFD, as CommonMark requires and pulldown-cmark does not do.
/// Both passes read the same text, so offsets agree (a NUL shifts later columns of its line).
fn without_nul(body: &str) -> std::borrow::Cow<'_, str> {
    if body.contains('\0') {
        body.replace('\0', "\u{FFFD}").into()
    } else {
        body.into()
    }
}

fn citation_link<'a>(link: BrokenLink<'a>) -> Option<(CowStr<'a>, CowStr<'a>)> {
    parse_citation(&link.reference)?;
    Some((format!("{CITE_PREFIX}{}", link.reference).into(), "".into()))
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkSyntax {
    /// `[[target]]`, `[[target|label]]`, `[[target#anchor]]`, `[[#anchor]]`.
    Wiki,
    /// `[label](@/notes/huawei.md#anchor)`.
    At,
}

/// An internal link as written, before resolution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    pub syntax: LinkSyntax,
    /// The page part (empty for a link within the page).
    pub target: String,
    pub anchor: Option<String>,
    /// Byte offset in the body.
    pub offset: usize,
    /// The sentence around the link, as plain text, its words marked.
    pub context: Excerpt,
    /// A wikilink written without a label: its text is the raw target, shown as the page title.
    pub unlabelled: bool,
    /// `![[target]]`: the target shown in the page (an image, a document card, a page card).
    pub embed: bool,
}

/// A plain link or image address written in the page (`[x](/notes/y/)`, `![](chart.png)`,
/// `<a href>`, `<img src>`), checked against what the build writes once the site is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlRef {
    pub url: String,
    /// Byte offset in the body of the address itself where it can be found, else of the link.
    pub offset: usize,
    /// Written as an image (`![…](…)`, `src=`), not a link.
    pub image: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitationRef {
    pub items: Vec<CiteItem>,
    /// A narrative `@key` of running text, not a bracketed citation: an unknown key is left
    /// as the text it is (a handle, a name) rather than an error.
    pub narrative: bool,
    pub offset: usize,
    /// The sentence around the citation, as plain text, the claim it backs marked.
    pub context: Excerpt,
}

/// What a page's Markdown says, before anything is resolved.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub headings: Vec<Heading>,
    pub links: Vec<LinkRef>,
    pub citations: Vec<CitationRef>,
    /// Plain addresses, which may point inside the site.
    pub urls: Vec<UrlRef>,
    /// Ids a link may name besides the headings': written in raw HTML, footnotes.
    pub ids: Vec<String>,
    pub word_count: usize,
}

/// The `^block-id`s that end a paragraph or list item (see `callout`), a pass of its own
/// made only when the text has ` ^`.
fn block_ids(body: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut last_text = String::new();
    for event in parser(body) {
        match event {
            Event::Text(t) => last_text = t.to_string(),
            Event::End(TagEnd::Paragraph | TagEnd::Item) => {
                if let Some((_, id)) = callout::block_marker(&last_text) {
                    ids.push(id.to_string());
                }
                last_text.clear();
            }
            _ => last_text.clear(),
        }
    }
    ids
}

fn heading_level(level: HeadingLevel) -> u8 {
    level as u8
}

fn is_citation(link_type: LinkType, dest: &str) -> bool {
    matches!(
        link_type,
        LinkType::ShortcutUnknown | LinkType::CollapsedUnknown | LinkType::ReferenceUnknown
    ) && dest.starts_with(CITE_PREFIX)
}

fn split_anchor(dest: &str) -> (String, Option<String>) {
    match dest.split_once('#') {
        Some((target, anchor)) => (target.trim().to_string(), Some(anchor.trim().to_string())),
        None => (dest.trim().to_string(), None),
    }
}

/// An internal link's target if `dest` is one (`@/…` or a wikilink).
fn internal_link(link_type: LinkType, dest: &str) -> Option<(LinkSyntax, String, Option<String>)> {
    if let LinkType::WikiLink { .. } = link_type {
        let (target, anchor) = split_anchor(dest);
        return Some((LinkSyntax::Wiki, target, anchor));
    }
    let path = dest.strip_prefix("@/")?;
    let (target, anchor) = split_anchor(path);
    Some((LinkSyntax::At, target, anchor))
}

/// Text blocks whose plain text gives the context of the links inside them.
fn is_text_block(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::Item
            | Tag::TableCell
            | Tag::DefinitionListDefinition
    )
}

fn is_text_block_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::Item
            | TagEnd::TableCell
            | TagEnd::DefinitionListDefinition
    )
}

/// A link or citation of a text block, waiting for the block's end to get its excerpt.
enum Pending {
    /// `analysis.links[i]`, whose words take `start..end` of the block's text.
    Link(usize, usize, usize),
    /// `analysis.citations[i]`, standing at a byte of the block's text.
    Citation(usize, usize),
}

/// First pass: headings with their ids, internal links and citations with their context.
pub fn analyze(body: &str) -> Analysis {
    crate::cost::step("markdown analysis", 1);
    let body = &*without_nul(body);
    let mut analysis = Analysis::default();
    let mut ids = HeadingIds::default();
    let mut blocks: Vec<(String, Vec<Pending>)> = Vec::new();
    let mut heading: Option<(u8, Option<String>, String)> = None;
    let mut in_citation = false;
    // Where narrative `@key`s are not read: code, links, images, headings.
    let mut prose = Prose::default();
    // Whether the link being read is an internal one, waiting for the end of its words.
    let mut in_internal_link = false;
    // Where the raw HTML block scanned last ends: its lines come as events of their own.
    let mut html_scanned = 0;

    // Explicit `{#id}`s are reserved first so generated ids never take them: a pass of its
    // own, made only when the text has one (found by its rare `{`, which memchr finds fast).
    if body
        .match_indices('{')
        .any(|(i, _)| body[i + 1..].starts_with('#'))
    {
        for event in parser(body) {
            if let Event::Start(Tag::Heading { id: Some(id), .. }) = event {
                ids.reserve(&id);
            }
        }
    }
    for (event, range) in parser(body).into_offset_iter() {
        prose.see(&event);
        if let (Event::Text(text), true) = (&event, prose.open()) {
            if !in_citation && text.contains('@') {
                let found = narrative_citations(text, prose.last);
                if !found.is_empty() {
                    add_narrative(&mut analysis, blocks.last_mut(), text, range.start, found);
                    prose.after(text);
                    continue;
                }
            }
        }
        prose.after_event(&event);
        match event {
            Event::Start(tag) => {
                if is_text_block(&tag) {
                    blocks.push((String::new(), Vec::new()));
                }
                match tag {
                    Tag::Heading { level, id, .. } => {
                        heading = Some((
                            heading_level(level),
                            id.map(|i| i.to_string()),
                            String::new(),
                        ));
                    }
                    Tag::FootnoteDefinition(label) => analysis.ids.push(label.to_string()),
                    // Read whole: a comment may span its lines, which come as events each.
                    Tag::HtmlBlock => {
                        html_scanned = range.end;
                        scan_html(&body[range.clone()], range.start, &mut analysis);
                    }
                    Tag::Image {
                        link_type,
                        dest_url,
                        ..
                    } => {
                        if let Some((syntax, target, anchor)) = internal_link(link_type, &dest_url)
                        {
                            analysis.links.push(LinkRef {
                                syntax,
                                target,
                                anchor,
                                offset: range.start,
                                context: Excerpt::default(),
                                unlabelled: false,
                                embed: matches!(link_type, LinkType::WikiLink { .. }),
                            });
                        } else {
                            analysis.urls.push(url_ref(body, &range, &dest_url, true));
                        }
                    }
                    Tag::Link {
                        link_type,
                        dest_url,
                        ..
                    } => {
                        if is_citation(link_type, &dest_url) {
                            in_citation = true;
                            // "a claim [@x]." reads as "a claim." once the citation is gone.
                            if let Some(b) = blocks.last_mut() {
                                b.0.truncate(b.0.trim_end().len());
                            }
                            let position = blocks.last().map_or(0, |b| b.0.len());
                            if let Some(items) = parse_citation(&dest_url[CITE_PREFIX.len()..]) {
                                analysis.citations.push(CitationRef {
                                    items,
                                    narrative: false,
                                    offset: range.start,
                                    context: Excerpt::default(),
                                });
                                if let Some(b) = blocks.last_mut() {
                                    b.1.push(Pending::Citation(
                                        analysis.citations.len() - 1,
                                        position,
                                    ));
                                }
                            }
                        } else if let Some((syntax, target, anchor)) =
                            internal_link(link_type, &dest_url)
                        {
                            let position = blocks.last().map_or(0, |b| b.0.len());
                            analysis.links.push(LinkRef {
                                syntax,
                                target,
                                anchor,
                                offset: range.start,
                                context: Excerpt::default(),
                                unlabelled: matches!(
                                    link_type,
                                    LinkType::WikiLink { has_pothole: false }
                                ),
                                embed: false,
                            });
                            if let Some(b) = blocks.last_mut() {
                                let i = analysis.links.len() - 1;
                                b.1.push(Pending::Link(i, position, position));
                                in_internal_link = true;
                            }
                        } else if link_type != LinkType::Email {
                            analysis.urls.push(url_ref(body, &range, &dest_url, false));
                        }
                    }
                    _ => {}
                }
            }
            Event::End(tag) => {
                if let TagEnd::Heading(_) = tag {
                    if let Some((level, explicit, text)) = heading.take() {
                        let id = match explicit {
                            Some(id) => id,
                            None => ids.unique(&github_slug(&text)),
                        };
                        analysis.headings.push(Heading {
                            level,
                            id,
                            title: text.trim().to_string(),
                        });
                    }
                }
                if let TagEnd::Link = tag {
                    in_citation = false;
                    // An internal link's words end here.
                    if let (true, Some((text, pending))) = (in_internal_link, blocks.last_mut()) {
                        if let Some(Pending::Link(_, _, end)) = pending.last_mut() {
                            *end = text.len();
                        }
                    }
                    in_internal_link = false;
                }
                if is_text_block_end(&tag) {
                    if let Some((text, pending)) = blocks.pop() {
                        analysis.word_count += count_words(&text);
                        if pending.is_empty() {
                            continue;
                        }
                        let mut excerpts = excerpt::BlockExcerpts::new(&text);
                        for p in pending {
                            match p {
                                Pending::Link(i, start, end) => {
                                    analysis.links[i].context =
                                        excerpts.excerpt(Marked::Words(start, end))
                                }
                                Pending::Citation(i, at) => {
                                    analysis.citations[i].context =
                                        excerpts.excerpt(Marked::Claim(at))
                                }
                            }
                        }
                    }
                }
            }
            Event::Text(text) | Event::Code(text) => {
                if in_citation {
                    continue;
                }
                if let Some((_, _, h)) = heading.as_mut() {
                    h.push_str(&text);
                }
                if let Some(b) = blocks.last_mut() {
                    b.0.push_str(&text);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(b) = blocks.last_mut() {
                    b.0.push(' ');
                }
            }
            Event::Html(_) | Event::InlineHtml(_) if range.start >= html_scanned => {
                html_scanned = range.end;
                scan_html(&body[range.clone()], range.start, &mut analysis);
            }
            _ => {}
        }
    }
    if body.contains(" ^") {
        analysis.ids.extend(block_ids(body));
    }
    analysis
}

/// A plain address at its place: where the address is written inside the link's source
/// text, else where the link starts (a reference-style link's address is elsewhere).
fn url_ref(body: &str, range: &std::ops::Range<usize>, url: &str, image: bool) -> UrlRef {
    let offset = body[range.clone()]
        .rfind(url)
        .filter(|_| !url.is_empty())
        .map_or(range.start, |i| range.start + i);
    UrlRef {
        url: url.to_string(),
        offset,
        image,
    }
}

/// The `href`, `src` and `id` attributes of raw HTML written at byte `at` of the body;
/// comments are left alone (blanked, so that places stay where they are).
fn scan_html(html: &str, at: usize, analysis: &mut Analysis) {
    let mut bytes = html.as_bytes().to_vec();
    let mut from = 0;
    while let Some(start) = html[from..].find("<!--").map(|i| i + from) {
        let end = html[start..]
            .find("-->")
            .map_or(html.len(), |i| start + i + 3);
        bytes[start..end].fill(b' ');
        from = end;
    }
    let html = &String::from_utf8(bytes).unwrap_or_default();
    let lower = html.to_ascii_lowercase();
    for (name, image) in [("href", Some(false)), ("src", Some(true)), ("id", None)] {
        let mut from = 0;
        while let Some(i) = lower[from..].find(name).map(|i| i + from) {
            from = i + name.len();
            let before = lower[..i].chars().next_back();
            if !before.is_some_and(|c| c.is_ascii_whitespace()) {
                continue;
            }
            let rest = &html[from..];
            let trimmed = rest.trim_start();
            let Some(value) = trimmed.strip_prefix('=') else {
                continue;
            };
            let value = value.trim_start();
            let start = html.len() - value.len();
            let (value, start) = match value.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let inner = &value[1..];
                    (&inner[..inner.find(q).unwrap_or(inner.len())], start + 1)
                }
                _ => {
                    let end = value
                        .find(|c: char| c.is_ascii_whitespace() || c == '>')
                        .unwrap_or(value.len());
                    (&value[..end], start)
                }
            };
            let value = decode_entities(value);
            match image {
                Some(image) => analysis.urls.push(UrlRef {
                    url: value,
                    offset: at + start,
                    image,
                }),
                None => analysis.ids.push(value),
            }
        }
    }
}

/// The few character references an address in HTML is written with.
fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    text.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

/// The words in `text` as `split_whitespace` counts them, but a byte at a time where the
/// text is ASCII, as Markdown mostly is: decoding every char made counting a third of
/// `analyze`.
fn count_words(text: &str) -> usize {
    if !text.is_ascii() {
        return text.split_whitespace().count();
    }
    let mut words = 0;
    let mut after_space = true;
    for &b in text.as_bytes() {
        let space = b == b' ' || (b'\t'..=b'\r').contains(&b);
        words += usize::from(after_space && !space);
        after_space = space;
    }
    words
}

/// Where a resolved internal link points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkTarget {
    pub href: String,
    /// What a wikilink written without a label shows: the target's title, or its heading's
    /// ("Page § Heading"), or a document's file name.
    pub title: String,
    /// The link's own id, which the target's "Referenced by" links back to.
    pub id: Option<String>,
    /// What `![[target]]` shows in the page.
    pub embed: Option<Embed>,
}

/// What an embed (`![[target]]`) shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Embed {
    /// An image of a bundle, by its address.
    Image,
    /// Any other document of a bundle, as a card.
    Document(Box<crate::content::Document>),
    /// A page, as a card with its title, kind and description.
    Page {
        kind: Option<String>,
        description: Option<String>,
    },
}

/// Whether the text being read is prose, where a narrative `@key` cites: not code, a link's
/// or image's words, or a heading; and the character that ended the text before.
#[derive(Default)]
struct Prose {
    code: usize,
    link: usize,
    heading: bool,
    last: Option<char>,
}

impl Prose {
    fn see(&mut self, event: &Event<'_>) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => self.code += 1,
            Event::End(TagEnd::CodeBlock) => self.code = self.code.saturating_sub(1),
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => self.link += 1,
            Event::End(TagEnd::Link | TagEnd::Image) => self.link = self.link.saturating_sub(1),
            Event::Start(Tag::Heading { .. }) => self.heading = true,
            Event::End(TagEnd::Heading(_)) => self.heading = false,
            _ => {}
        }
    }

    fn open(&self) -> bool {
        self.code == 0 && self.link == 0 && !self.heading
    }

    fn after(&mut self, text: &str) {
        self.last = text.chars().next_back().or(self.last);
    }

    /// What the next text's first `@` follows: a text's last character, a space for a
    /// break, nothing at the start of a block.
    fn after_event(&mut self, event: &Event<'_>) {
        match event {
            Event::Text(t) | Event::Code(t) => self.after(t),
            Event::SoftBreak | Event::HardBreak => self.last = Some(' '),
            Event::Start(_) | Event::End(_) => self.last = None,
            _ => self.last = Some('>'),
        }
    }
}

/// Records the narrative citations of a text run, and its words without them in its block.
fn add_narrative(
    analysis: &mut Analysis,
    block: Option<&mut (String, Vec<Pending>)>,
    text: &str,
    start: usize,
    found: Vec<(usize, usize, String)>,
) {
    let mut words = String::new();
    let mut from = 0;
    let mut marks = Vec::new();
    for (at, end, key) in found {
        words.push_str(&text[from..at]);
        marks.push(words.len());
        from = end;
        analysis.citations.push(CitationRef {
            items: vec![CiteItem {
                key,
                locator: None,
                suppress_author: false,
            }],
            narrative: true,
            offset: start + at,
            context: Excerpt::default(),
        });
    }
    words.push_str(&text[from..]);
    let first = analysis.citations.len() - marks.len();
    if let Some((block_text, pending)) = block {
        let base = block_text.len();
        block_text.push_str(&words);
        for (i, at) in marks.into_iter().enumerate() {
            pending.push(Pending::Citation(first + i, base + at));
        }
    }
}

/// A cited source's number on the page, the locator given at this place, and the mark's id
/// (`cite-2-1`), which the reference list and the source's "Cited by" link back to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CiteMark {
    pub number: usize,
    pub locator: Option<String>,
    pub anchor: String,
    /// Where the locator points in the source's main PDF (`…/report.pdf#page=4`).
    pub locator_href: Option<String>,
    /// For a narrative citation, who is cited ("Dance et al."), written before the mark.
    pub narrative: Option<String>,
}

/// What `render` needs from the site: one entry per `Analysis::links` and `Analysis::citations`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Resolution {
    pub links: Vec<Option<LinkTarget>>,
    pub citations: Vec<Vec<CiteMark>>,
    /// A translation's relative addresses of its original's documents, as written, and
    /// where they lead (`Page::shared_document`).
    pub shared: Vec<(String, String)>,
}

impl Resolution {
    /// Where a plain address written on the page leads, if not where it is written.
    fn shared_href(&self, written: &str) -> Option<&str> {
        self.shared
            .iter()
            .find(|(w, _)| w == written)
            .map(|(_, href)| href.as_str())
    }
}

#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    /// The HTML before `<!-- more -->`, if the page has that marker.
    pub summary: Option<String>,
    /// The page's plain text cut at its headings, read from the events the HTML is written
    /// from, when `Settings::text_sections` asks for it (the search index and previews read
    /// it); else empty.
    pub text_sections: Vec<text::TextSection>,
    /// Where the HTML writes ids, addresses and heading levels, in order, when
    /// `Settings::splices` asks for them (the printed dossier writes its own there); else
    /// `None`.
    pub splices: Option<Vec<splices::Splice>>,
}

/// Second pass: HTML with heading ids and self-links, resolved links and numbered citations.
pub fn render(body: &str, analysis: &Analysis, resolution: &Resolution) -> Rendered {
    render_with(body, analysis, resolution, &Settings::default())
}

/// The attributes an image of the page gets beside `src` and `alt` (its size, `srcset`),
/// given its address as written; `None` leaves it as CommonMark writes it.
pub type ImageAttributes<'a> = &'a (dyn Fn(&str) -> Option<String> + Sync);

/// What `render_with` does beyond CommonMark, from the site's `[markdown]`.
#[derive(Clone, Copy, Default)]
pub struct Settings<'a> {
    pub highlight_code: bool,
    pub image_attributes: Option<ImageAttributes<'a>>,
    /// Read the page's plain text too (`Rendered::text_sections`).
    pub text_sections: bool,
    /// Note where ids, addresses and heading levels are written (`Rendered::splices`).
    pub splices: bool,
}

impl<'a> Settings<'a> {
    pub fn of(config: &crate::config::SiteConfig, images: ImageAttributes<'a>) -> Settings<'a> {
        Settings {
            highlight_code: config.markdown.highlight_code,
            image_attributes: config.markdown.responsive_images.then_some(images),
            text_sections: config.outputs.search || config.outputs.previews,
            splices: config.outputs.print,
        }
    }
}

/// `render`, with fenced code highlighted if `settings` asks for it.
pub fn render_with(
    body: &str,
    analysis: &Analysis,
    resolution: &Resolution,
    settings: &Settings,
) -> Rendered {
    crate::cost::step("markdown render", 1);
    let body = &*without_nul(body);
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut link_index = 0;
    let mut citation_index = 0;
    let mut heading_index = 0;
    let mut current_heading_id: Option<String> = None;
    // What to do with the events inside a link being rewritten.
    let mut replacing_inner: Option<Option<String>> = None;
    let mut has_more = false;
    // An embed being written: its resolution, the label written after `|`, and whether
    // there is none.
    let mut embedding: Option<(Option<LinkTarget>, String, bool)> = None;
    // An image given more attributes: its `<img` up to `alt="`, its alt text, the rest.
    let mut sized_image: Option<(String, String, String)> = None;
    let mut paragraphs = ParagraphIds::new(analysis);

    let mut prose = Prose::default();

    for event in parser(body) {
        // Seen before an image's words are taken below, so that its end closes it.
        prose.see(&event);
        if let Some((start, alt, rest)) = &mut sized_image {
            prose.after_event(&event);
            match event {
                Event::End(TagEnd::Image) => {
                    let html = format!("{start}{}\"{rest} />", escape_html(alt));
                    events.push(Event::InlineHtml(html.into()));
                    sized_image = None;
                }
                Event::Text(text) | Event::Code(text) => alt.push_str(&text),
                _ => {}
            }
            continue;
        }
        if let (Event::Text(text), true) = (&event, prose.open()) {
            let found = if text.contains('@') {
                narrative_citations(text, prose.last)
            } else {
                Vec::new()
            };
            if !found.is_empty() {
                prose.after(text);
                let mut from = 0;
                for (at, end, _) in found {
                    let marks = resolution
                        .citations
                        .get(citation_index)
                        .cloned()
                        .unwrap_or_default();
                    citation_index += 1;
                    events.push(Event::Text(text[from..at].to_string().into()));
                    events.push(match narrative_html(&marks) {
                        Some(html) => Event::InlineHtml(html.into()),
                        // A key no source has: the text as written (a handle, a name).
                        None => Event::Text(text[at..end].to_string().into()),
                    });
                    from = end;
                }
                events.push(Event::Text(text[from..].to_string().into()));
                continue;
            }
        }
        prose.after_event(&event);
        if let Some((target, label, label_is_target)) = &mut embedding {
            let label_is_target = *label_is_target;
            match event {
                Event::End(TagEnd::Image) => {
                    let html = target
                        .as_ref()
                        .map_or(String::new(), |t| embed_html(t, label));
                    events.push(Event::InlineHtml(html.into()));
                    embedding = None;
                }
                Event::Text(text) | Event::Code(text) if !label_is_target => label.push_str(&text),
                _ => {}
            }
            continue;
        }
        if let Some(replacement) = &mut replacing_inner {
            // Inner events of a citation or an unlabelled wikilink are replaced.
            if let Event::End(TagEnd::Link) = event {
                if let Some(text) = replacement.take() {
                    events.push(Event::Text(text.into()));
                    events.push(Event::End(TagEnd::Link));
                }
                replacing_inner = None;
            }
            continue;
        }
        match event {
            Event::Start(Tag::Heading {
                level,
                classes,
                attrs,
                ..
            }) => {
                let id = analysis
                    .headings
                    .get(heading_index)
                    .map(|h| h.id.clone())
                    .unwrap_or_default();
                heading_index += 1;
                current_heading_id = Some(id.clone());
                events.push(Event::Start(Tag::Heading {
                    level,
                    id: Some(id.into()),
                    classes,
                    attrs,
                }));
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some(id) = current_heading_id.take() {
                    // A written id (`{#…}`) may hold any character: escaped like pulldown-cmark
                    // escapes it in the heading's own `id`.
                    let id = escape_html(&id);
                    events.push(Event::Html(
                        format!(r##" <a class="heading-anchor" href="#{id}" aria-label="Link to this section">#</a>"##)
                            .into(),
                    ));
                }
                events.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) if internal_link(link_type, &dest_url).is_some() => {
                let target = resolution.links.get(link_index).cloned().flatten();
                link_index += 1;
                if let LinkType::WikiLink { has_pothole } = link_type {
                    // Without `|`, the text inside is the target itself, not a label.
                    embedding = Some((target, String::new(), !has_pothole));
                } else {
                    let href = target.map_or_else(String::new, |t| t.href);
                    events.push(Event::Start(Tag::Image {
                        link_type: LinkType::Inline,
                        dest_url: href.into(),
                        title,
                        id,
                    }));
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) if resolution.shared_href(&dest_url).is_some() => {
                let href = resolution.shared_href(&dest_url).unwrap_or_default();
                events.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url: href.to_string().into(),
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => match settings.image_attributes.and_then(|f| f(&dest_url)) {
                Some(more) => {
                    let mut start = String::from("<img src=\"");
                    let _ = pulldown_cmark_escape::escape_href(&mut start, &dest_url);
                    start.push_str("\" alt=\"");
                    let title = if title.is_empty() {
                        String::new()
                    } else {
                        format!(" title=\"{}\"", escape_html(&title))
                    };
                    sized_image = Some((start, String::new(), format!("{title}{more}")));
                }
                None => events.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })),
            },
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                if is_citation(link_type, &dest_url) {
                    let marks = resolution
                        .citations
                        .get(citation_index)
                        .cloned()
                        .unwrap_or_default();
                    citation_index += 1;
                    events.push(Event::InlineHtml(citation_html(&marks).into()));
                    replacing_inner = Some(None);
                } else if let Some((syntax, _, _)) = internal_link(link_type, &dest_url) {
                    let target = resolution.links.get(link_index).cloned().flatten();
                    link_index += 1;
                    let (href, page_title, link_id) = match target {
                        Some(t) => (t.href, t.title, t.id),
                        None => ("#".to_string(), dest_url.to_string(), None),
                    };
                    match link_id {
                        // pulldown-cmark writes no id on a link: the tag is written here.
                        Some(link_id) => {
                            events.push(Event::InlineHtml(link_tag(&href, &title, &link_id).into()))
                        }
                        None => events.push(Event::Start(Tag::Link {
                            link_type: LinkType::Inline,
                            dest_url: href.into(),
                            title,
                            id,
                        })),
                    }
                    let unlabelled = matches!(link_type, LinkType::WikiLink { has_pothole: false });
                    if syntax == LinkSyntax::Wiki && unlabelled {
                        replacing_inner = Some(Some(page_title));
                    }
                } else {
                    let dest_url = match resolution.shared_href(&dest_url) {
                        Some(href) => href.to_string().into(),
                        None => dest_url,
                    };
                    events.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                }
            }
            other => {
                if let Event::Html(html) | Event::InlineHtml(html) = &other {
                    has_more |= html.contains(MORE_MARKER);
                }
                events.push(other);
            }
        }
    }

    if settings.highlight_code {
        events = highlight::code_blocks(events);
    }
    if body.contains("[!") || body.contains("==") || body.contains(" ^") {
        events = callout::apply(events);
    }
    // After callouts, which take a paragraph marked `^block-id` as that id's.
    paragraphs.assign(&mut events);
    let text_sections = match settings.text_sections {
        true => text::sections_of_events(&events),
        false => Vec::new(),
    };
    let capacity = body.len() * 3 / 2;
    let (out, splices) = if settings.splices {
        let (out, splices) = splices::write_html(events, capacity);
        (out, Some(splices))
    } else {
        let mut out = String::with_capacity(capacity);
        html::push_html(&mut out, events.into_iter());
        (out, None)
    };
    // The HTML is searched for the marker only when the Markdown had it.
    let summary = has_more
        .then(|| out.find(MORE_MARKER))
        .flatten()
        .map(|i| out[..i].trim_end().to_string());
    Rendered {
        html: out,
        summary,
        text_sections,
        splices,
    }
}

/// Ids of a page's paragraphs, for links to one: `p-` and a short hash of the paragraph's
/// words, so an id stays when other paragraphs are edited, added or moved; a paragraph whose
/// words repeat an earlier one's gets `-2`, `-3`. CRC-32 (flate2's, already in the tree) is
/// stable across Rust versions, as `DefaultHasher` is not.
struct ParagraphIds {
    /// Where the open paragraph's start is in the events.
    start: Option<usize>,
    taken: HashSet<String>,
}

impl ParagraphIds {
    fn new(analysis: &Analysis) -> ParagraphIds {
        let taken = analysis.headings.iter().map(|h| h.id.clone()).collect();
        ParagraphIds { start: None, taken }
    }

    /// Gives every paragraph still opening as `Start(Paragraph)` its id.
    fn assign(&mut self, events: &mut [Event<'_>]) {
        for i in 0..events.len() {
            match events[i] {
                Event::Start(Tag::Paragraph) => self.start = Some(i),
                Event::End(TagEnd::Paragraph) => self.end(&mut events[..i]),
                _ => {}
            }
        }
    }

    /// Gives the paragraph open since `start` (to the end of `events`) its id, from its words.
    fn end(&mut self, events: &mut [Event<'_>]) {
        let Some(start) = self.start.take() else {
            return;
        };
        let mut crc = flate2::Crc::new();
        for event in &events[start + 1..] {
            if let Event::Text(t) | Event::Code(t) = event {
                crc.update(t.as_bytes());
            }
        }
        let base = format!("p-{:06x}", crc.sum() & 0xff_ffff);
        let mut id = base.clone();
        let mut n = 1;
        while !self.taken.insert(id.clone()) {
            n += 1;
            id = format!("{base}-{n}");
        }
        // After an opening tag (a list item's), a paragraph starts on a line of its own,
        // as pulldown-cmark writes it.
        let newline = start > 0 && matches!(events[start - 1], Event::Start(_));
        let nl = if newline { "\n" } else { "" };
        events[start] = Event::Html(format!("{nl}<p id=\"{id}\">").into());
    }
}

/// `<a href="…" title="…" id="…">`, escaped as pulldown-cmark escapes the links it writes.
fn link_tag(href: &str, title: &str, id: &str) -> String {
    let mut tag = String::from("<a href=\"");
    // Writing to a String cannot fail.
    let _ = pulldown_cmark_escape::escape_href(&mut tag, href);
    if !title.is_empty() {
        tag.push_str("\" title=\"");
        let _ = pulldown_cmark_escape::escape_html(&mut tag, title);
    }
    tag.push_str("\" id=\"");
    let _ = pulldown_cmark_escape::escape_html(&mut tag, id);
    tag.push_str("\">");
    tag
}

/// A narrative citation: who is cited, then the mark (`Dance et al. [1]`); `None` when the
/// key named no source.
fn narrative_html(marks: &[CiteMark]) -> Option<String> {
    let name = marks.first()?.narrative.as_deref()?;
    Some(format!(
        r#"<span class="narrative-citation">{} {}</span>"#,
        escape_html(name),
        citation_html(marks)
    ))
}

/// A citation's marks as one cluster, by number: `[1, 3, p. 4]`.
fn citation_html(marks: &[CiteMark]) -> String {
    let mut marks: Vec<&CiteMark> = marks.iter().collect();
    marks.sort_by_key(|m| m.number);
    let mut html = String::from(r#"<sup class="citation">["#);
    for (i, mark) in marks.iter().enumerate() {
        if i > 0 {
            html.push_str(", ");
        }
        let (n, anchor) = (mark.number, escape_html(&mark.anchor));
        html.push_str(&format!(
            r##"<a href="#ref-{n}" id="{anchor}" class="citation-link" data-ref="{n}">{n}</a>"##
        ));
        if let Some(locator) = &mark.locator {
            html.push_str(", ");
            match &mark.locator_href {
                Some(href) => html.push_str(&format!(
                    r#"<a href="{}" class="citation-locator">{}</a>"#,
                    escape_html(href),
                    escape_html(locator)
                )),
                None => html.push_str(&escape_html(locator)),
            }
        }
    }
    html.push_str("]</sup>");
    html
}

/// An embed's HTML: phrasing content only, so that it may stand in a paragraph.
fn embed_html(target: &LinkTarget, label: &str) -> String {
    let href = escape_html(&target.href);
    match &target.embed {
        Some(Embed::Image) => {
            let label = label.trim();
            let (alt, width) = match label.parse::<u32>() {
                Ok(w) => (alt_from_name(&target.title), Some(w)),
                Err(_) if label.is_empty() => (alt_from_name(&target.title), None),
                Err(_) => (label.to_string(), None),
            };
            let width = width.map_or(String::new(), |w| format!(r#" width="{w}""#));
            format!(
                r#"<img src="{href}" alt="{}"{width} class="embed-image">"#,
                escape_html(&alt)
            )
        }
        Some(Embed::Document(doc)) => document_card(doc, &href),
        Some(Embed::Page { kind, description }) => {
            let kind = kind.as_deref().map_or(String::new(), |k| {
                format!(r#"<span class="page-card-kind">{}</span> "#, escape_html(k))
            });
            let description = description.as_deref().map_or(String::new(), |d| {
                format!(
                    r#" <span class="page-card-description">{}</span>"#,
                    escape_html(d)
                )
            });
            format!(
                r#"<span class="page-card">{kind}<a class="page-card-title" href="{href}">{}</a>{description}</span>"#,
                escape_html(&target.title)
            )
        }
        None => format!(r#"<a href="{href}">{}</a>"#, escape_html(&target.title)),
    }
}

/// A document as a card: its name, type, size and pages, and a link to read it.
pub fn document_card(doc: &crate::content::Document, href: &str) -> String {
    let mut facts = vec![doc.kind.to_string()];
    facts.extend(doc.size_text.clone());
    facts.extend(doc.pages.map(|n| match n {
        1 => "1 page".to_string(),
        n => format!("{n} pages"),
    }));
    let name = escape_html(&doc.name);
    format!(
        r#"<span class="document-card"><span class="document-name">{name}</span> <span class="document-facts">{}</span> <a class="document-read" href="{href}">Read the document<span class="visually-hidden">: {name}</span></a></span>"#,
        escape_html(&facts.join(" · "))
    )
}

/// `minutes-2023-03.png` → `minutes 2023 03`: an image's alt text when none is written.
fn alt_from_name(name: &str) -> String {
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    stem.replace(['-', '_'], " ")
}

/// Text as HTML text or as an attribute value in either quotes: `&<>"'` escaped, by the
/// crate that escapes Markdown's own output.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}

/// A nested table of contents, as Zola gives it to templates.
#[derive(Debug, Clone, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub permalink: String,
    pub children: Vec<TocEntry>,
}

/// Nests headings under the closest shallower heading before them.
pub fn toc(headings: &[Heading], page_permalink: &str) -> Vec<TocEntry> {
    fn insert(list: &mut Vec<TocEntry>, entry: TocEntry) {
        match list.last_mut() {
            Some(last) if last.level < entry.level => insert(&mut last.children, entry),
            _ => list.push(entry),
        }
    }
    let mut toc = Vec::new();
    for h in headings {
        insert(
            &mut toc,
            TocEntry {
                level: h.level,
                id: h.id.clone(),
                title: h.title.clone(),
                permalink: format!("{page_permalink}#{}", h.id),
                children: Vec::new(),
            },
        );
    }
    toc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_links_citations_and_headings_with_offsets() {
        let body = "# Intro\n\nSee [[huawei|the firm]] and [x](@/notes/zte.md#deal) [@nyt; @ftc, p. 4].\n\n`[[not-a-link]] [@nope]`\n\n## Intro\n";
        let a = analyze(body);
        assert_eq!(
            a.headings.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(),
            ["intro", "intro-1"]
        );
        assert_eq!(a.links.len(), 2);
        assert_eq!(a.links[0].target, "huawei");
        assert_eq!(a.links[0].syntax, LinkSyntax::Wiki);
        assert_eq!(&body[a.links[0].offset..a.links[0].offset + 2], "[[");
        assert_eq!(a.links[1].target, "notes/zte.md");
        assert_eq!(a.links[1].anchor.as_deref(), Some("deal"));
        assert_eq!(a.citations.len(), 1);
        assert_eq!(a.citations[0].items[1].locator.as_deref(), Some("p. 4"));
        let context = &a.links[0].context;
        assert_eq!(context.parts(), ("See ", "the firm", " and x."));
        assert_eq!(a.links[1].context.parts(), ("See the firm and ", "x", "."));
        // The claim is the whole excerpt: nothing to single out.
        assert_eq!(
            a.citations[0].context.parts(),
            ("", "", "See the firm and x.")
        );
    }

    #[test]
    fn renders_resolutions_and_heading_anchors() {
        let body = "## Why it matters\n\n[[huawei]] said so [@nyt]. Again [@nyt].\n\n<!-- more -->\n\nRest.";
        let a = analyze(body);
        let r = Resolution {
            links: vec![Some(LinkTarget {
                href: "/organizations/huawei/".into(),
                title: "Huawei".into(),
                id: Some("link-huawei-1".into()),
                embed: None,
            })],
            citations: vec![
                vec![CiteMark {
                    number: 1,
                    locator: None,
                    anchor: "cite-1-1".into(),
                    locator_href: None,
                    narrative: None,
                }],
                vec![CiteMark {
                    number: 1,
                    locator: None,
                    anchor: "cite-1-2".into(),
                    locator_href: None,
                    narrative: None,
                }],
            ],
            shared: Vec::new(),
        };
        let out = render(body, &a, &r);
        assert!(
            out.html.contains(r#"<h2 id="why-it-matters">"#),
            "{}",
            out.html
        );
        assert!(
            out.html
                .contains(r#"<a href="/organizations/huawei/" id="link-huawei-1">Huawei</a>"#),
            "{}",
            out.html
        );
        assert!(out.html.contains(r##"id="cite-1-1""##) && out.html.contains(r##"id="cite-1-2""##));
        assert!(!out.html.contains("@nyt"));
        assert!(out.summary.unwrap().ends_with("</p>"));
    }

    #[test]
    fn links_in_one_sentence_share_its_sentence_and_others_get_their_own() {
        let filler = "Lorem ipsum dolor sit amet. ".repeat(12);
        let body = format!("{filler}First [[a]] and [[b]]. Then [[c]]! {filler}");
        let a = analyze(&body);
        let contexts: Vec<String> = a
            .links
            .iter()
            .map(|l| {
                let (b, m, a) = l.context.parts();
                format!("{b}[{m}]{a}")
            })
            .collect();
        assert_eq!(
            contexts,
            ["First [a] and b.", "First a and [b].", "Then [c]!"]
        );
    }

    /// Bytes read to make the link contexts of a paragraph of `n` links in one sentence.
    fn context_bytes(n: usize) -> usize {
        let body: String = (0..n).map(|i| format!("[[page-{i}]] ")).collect();
        crate::cost::counts::steps_of("context byte", || analyze(&body))
    }

    #[test]
    fn a_paragraph_of_many_links_costs_its_length() {
        let (small, large) = (context_bytes(500), context_bytes(2000));
        assert!(
            large <= 5 * small,
            "{small} bytes for 500 links, {large} for 2000"
        );
    }

    #[test]
    fn counts_words_as_split_whitespace_does() {
        for (text, words) in [
            ("", 0),
            ("   ", 0),
            ("one", 1),
            (" two  words ", 2),
            ("tab\tnew\nline\r\nvt\x0bff\x0cend", 6),
            // Unicode spaces separate words too; accents and dashes do not.
            ("non\u{a0}breaking\u{2003}em space, é accents", 6),
            ("Zoë Ångström—Huawei's 华为 deal", 4),
            ("naïve\u{3000}café", 2),
        ] {
            assert_eq!(count_words(text), words, "{text:?}");
        }
    }

    #[test]
    fn raw_html_addresses_are_found_at_their_place_outside_comments() {
        let body = "<!--\n<a href=\"/hidden/\">\n-->\n\n<p><img src='/a.png' id=x></p>\n\nText <a\nhref=\"b.pdf\">b</a> and [c](c.pdf \"t\") <!-- <img src=\"d.png\"> -->\n";
        let a = analyze(body);
        let found: Vec<(&str, &str, bool)> = a
            .urls
            .iter()
            .map(|u| {
                (
                    u.url.as_str(),
                    &body[u.offset..u.offset + u.url.len()],
                    u.image,
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                ("/a.png", "/a.png", true),
                ("b.pdf", "b.pdf", false),
                ("c.pdf", "c.pdf", false)
            ]
        );
        assert_eq!(a.ids, ["x"]);
    }

    #[test]
    fn toc_nests_by_level() {
        let hs = [("a", 2), ("b", 3), ("c", 2)].map(|(id, level)| Heading {
            level,
            id: id.into(),
            title: id.into(),
        });
        let t = toc(&hs, "/p/");
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].children[0].id, "b");
        assert_eq!(t[1].permalink, "/p/#c");
    }
}
