//! Markdown to HTML in two passes over pulldown-cmark events. `analyze` finds what the page
//! says about the rest of the site (headings, internal links, citations) so they can be
//! resolved against the whole site; `render` then writes HTML with those resolutions.
//! Knows nothing of the site: resolution is handed in.

pub mod citation;
pub mod heading;

use pulldown_cmark::{
    html, BrokenLink, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};
use serde::Serialize;

pub use citation::{parse_citation, CiteItem};
use heading::{github_slug, HeadingIds};

const CITE_PREFIX: &str = "cite:";
const MORE_MARKER: &str = "<!-- more -->";
const CONTEXT_LIMIT: usize = 280;

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
    /// The sentence around the link, as plain text.
    pub context: std::sync::Arc<str>,
    /// A wikilink written without a label: its text is the raw target, shown as the page title.
    pub unlabelled: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitationRef {
    pub items: Vec<CiteItem>,
    pub offset: usize,
    pub context: std::sync::Arc<str>,
}

/// What a page's Markdown says, before anything is resolved.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub headings: Vec<Heading>,
    pub links: Vec<LinkRef>,
    pub citations: Vec<CitationRef>,
    pub word_count: usize,
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

enum Pending {
    Link(usize, usize),
    Citation(usize, usize),
}

/// First pass: headings with their ids, internal links and citations with their context.
pub fn analyze(body: &str) -> Analysis {
    let mut analysis = Analysis::default();
    let mut ids = HeadingIds::default();
    let mut blocks: Vec<(String, Vec<Pending>)> = Vec::new();
    let mut heading: Option<(u8, Option<String>, String)> = None;
    let mut in_citation = false;

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
                    Tag::Link {
                        link_type,
                        dest_url,
                        ..
                    } => {
                        let position = blocks.last().map_or(0, |b| b.0.len());
                        if is_citation(link_type, &dest_url) {
                            in_citation = true;
                            // "a claim [@x]." reads as "a claim." once the citation is gone.
                            if let Some(b) = blocks.last_mut() {
                                b.0.truncate(b.0.trim_end().len());
                            }
                            if let Some(items) = parse_citation(&dest_url[CITE_PREFIX.len()..]) {
                                analysis.citations.push(CitationRef {
                                    items,
                                    offset: range.start,
                                    context: "".into(),
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
                            analysis.links.push(LinkRef {
                                syntax,
                                target,
                                anchor,
                                offset: range.start,
                                context: "".into(),
                                unlabelled: matches!(
                                    link_type,
                                    LinkType::WikiLink { has_pothole: false }
                                ),
                            });
                            if let Some(b) = blocks.last_mut() {
                                b.1.push(Pending::Link(analysis.links.len() - 1, position));
                            }
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
                }
                if is_text_block_end(&tag) {
                    if let Some((text, pending)) = blocks.pop() {
                        analysis.word_count += count_words(&text);
                        if pending.is_empty() {
                            continue;
                        }
                        let mut contexts = BlockContexts::new(&text);
                        for p in pending {
                            match p {
                                Pending::Link(i, at) => {
                                    analysis.links[i].context = contexts.around(at)
                                }
                                Pending::Citation(i, at) => {
                                    analysis.citations[i].context = contexts.around(at)
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
            _ => {}
        }
    }
    analysis
}

/// The contexts of the links and citations of one text block: the whole block when it is
/// short, else the sentence around each, cut to a readable length. A sentence is made once
/// however many links it holds, and its ends are found in one pass over the block, so a
/// paragraph of thousands of links costs time in proportion to its length.
struct BlockContexts<'t> {
    text: &'t str,
    /// A short block is every link's context: made once, shared.
    whole: Option<std::sync::Arc<str>>,
    /// Byte offsets of the `.`, `?` and `!` that end a sentence.
    ends: Vec<usize>,
    /// The sentence made last, by its place in `ends`: links come in order.
    last: Option<(usize, std::sync::Arc<str>)>,
}

impl<'t> BlockContexts<'t> {
    fn new(text: &'t str) -> Self {
        let trimmed = text.trim();
        crate::cost::step("context byte", text.len());
        if trimmed.chars().count() <= CONTEXT_LIMIT {
            return BlockContexts {
                text,
                whole: Some(collapse_spaces(trimmed).into()),
                ends: Vec::new(),
                last: None,
            };
        }
        let bytes = text.as_bytes();
        let ends = (0..bytes.len())
            .filter(|&i| {
                matches!(bytes[i], b'.' | b'?' | b'!')
                    && bytes.get(i + 1).is_none_or(|b| *b == b' ')
            })
            .collect();
        BlockContexts {
            text,
            whole: None,
            ends,
            last: None,
        }
    }

    /// The context of a link or citation at byte `at` of the block's text.
    fn around(&mut self, at: usize) -> std::sync::Arc<str> {
        if let Some(whole) = &self.whole {
            return whole.clone();
        }
        let at = at.min(self.text.len());
        // The sentence holds `at` from just after the end before it to its own end.
        let n = self.ends.partition_point(|&e| e < at);
        if let Some((made, context)) = &self.last {
            if *made == n {
                return context.clone();
            }
        }
        let start = n.checked_sub(1).map_or(0, |i| self.ends[i] + 1);
        let end = self.ends.get(n).map_or(self.text.len(), |e| e + 1);
        crate::cost::step("context byte", end - start);
        let context: std::sync::Arc<str> =
            readable(collapse_spaces(self.text[start..end].trim())).into();
        self.last = Some((n, context.clone()));
        context
    }
}

/// A sentence cut at a word to at most `CONTEXT_LIMIT` characters, with `…` if cut.
fn readable(sentence: String) -> String {
    if sentence.chars().count() <= CONTEXT_LIMIT {
        return sentence;
    }
    let cut: String = sentence.chars().take(CONTEXT_LIMIT).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{cut}…")
}

fn collapse_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
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
    /// The target page's title, shown for a wikilink written without a label.
    pub title: String,
}

/// A cited source's number on the page, and the locator given at this place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CiteMark {
    pub number: usize,
    pub locator: Option<String>,
}

/// What `render` needs from the site: one entry per `Analysis::links` and `Analysis::citations`.
#[derive(Debug, Clone, Default)]
pub struct Resolution {
    pub links: Vec<Option<LinkTarget>>,
    pub citations: Vec<Vec<CiteMark>>,
}

#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    /// The HTML before `<!-- more -->`, if the page has that marker.
    pub summary: Option<String>,
}

/// Second pass: HTML with heading ids and self-links, resolved links and numbered citations.
pub fn render(body: &str, analysis: &Analysis, resolution: &Resolution) -> Rendered {
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut link_index = 0;
    let mut citation_index = 0;
    let mut heading_index = 0;
    let mut current_heading_id: Option<String> = None;
    // What to do with the events inside a link being rewritten.
    let mut replacing_inner: Option<Option<String>> = None;
    let mut cite_occurrences: std::collections::HashMap<usize, usize> = Default::default();
    let mut has_more = false;

    for event in parser(body) {
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
                    events.push(Event::Html(
                        format!(r##" <a class="heading-anchor" href="#{id}" aria-label="Link to this section">#</a>"##)
                            .into(),
                    ));
                }
                events.push(Event::End(TagEnd::Heading(level)));
            }
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
                    events.push(Event::InlineHtml(
                        citation_html(&marks, &mut cite_occurrences).into(),
                    ));
                    replacing_inner = Some(None);
                } else if let Some((syntax, _, _)) = internal_link(link_type, &dest_url) {
                    let target = resolution.links.get(link_index).cloned().flatten();
                    link_index += 1;
                    let (href, page_title) = match target {
                        Some(t) => (t.href, t.title),
                        None => ("#".to_string(), dest_url.to_string()),
                    };
                    events.push(Event::Start(Tag::Link {
                        link_type: LinkType::Inline,
                        dest_url: href.into(),
                        title,
                        id,
                    }));
                    let unlabelled = matches!(link_type, LinkType::WikiLink { has_pothole: false });
                    if syntax == LinkSyntax::Wiki && unlabelled {
                        replacing_inner = Some(Some(page_title));
                    }
                } else {
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

    let mut out = String::with_capacity(body.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    // The HTML is searched for the marker only when the Markdown had it.
    let summary = has_more
        .then(|| out.find(MORE_MARKER))
        .flatten()
        .map(|i| out[..i].trim_end().to_string());
    Rendered { html: out, summary }
}

fn citation_html(
    marks: &[CiteMark],
    occurrences: &mut std::collections::HashMap<usize, usize>,
) -> String {
    let mut html = String::from(r#"<sup class="citation">["#);
    for (i, mark) in marks.iter().enumerate() {
        if i > 0 {
            html.push_str(", ");
        }
        let n = mark.number;
        let occurrence = occurrences.entry(n).or_insert(0);
        *occurrence += 1;
        html.push_str(&format!(
            r##"<a href="#ref-{n}" id="cite-{n}-{occurrence}" class="citation-link" data-ref="{n}">{n}</a>"##
        ));
        if let Some(locator) = &mark.locator {
            html.push_str(", ");
            html.push_str(&escape_html(locator));
        }
    }
    html.push_str("]</sup>");
    html
}

pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
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
        assert!(
            a.links[0].context.starts_with("See the firm and x"),
            "{}",
            a.links[0].context
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
            })],
            citations: vec![
                vec![CiteMark {
                    number: 1,
                    locator: None,
                }],
                vec![CiteMark {
                    number: 1,
                    locator: None,
                }],
            ],
        };
        let out = render(body, &a, &r);
        assert!(
            out.html.contains(r#"<h2 id="why-it-matters">"#),
            "{}",
            out.html
        );
        assert!(
            out.html
                .contains(r#"<a href="/organizations/huawei/">Huawei</a>"#),
            "{}",
            out.html
        );
        assert!(out.html.contains(r##"id="cite-1-1""##) && out.html.contains(r##"id="cite-1-2""##));
        assert!(!out.html.contains("@nyt"));
        assert!(out.summary.unwrap().ends_with("</p>"));
    }

    #[test]
    fn context_is_the_sentence_around_a_link_in_a_long_paragraph() {
        let filler = "Lorem ipsum dolor sit amet. ".repeat(12);
        let text = format!("{filler}The key link is here. {filler}");
        let at = text.find("key").unwrap();
        assert_eq!(
            BlockContexts::new(&text).around(at),
            "The key link is here.".into()
        );
    }

    #[test]
    fn links_in_one_sentence_share_its_context_and_others_get_their_own() {
        let filler = "Lorem ipsum dolor sit amet. ".repeat(12);
        let body = format!("{filler}First [[a]] and [[b]]. Then [[c]]! {filler}");
        let a = analyze(&body);
        let contexts: Vec<&str> = a.links.iter().map(|l| &*l.context).collect();
        assert_eq!(contexts, ["First a and b.", "First a and b.", "Then c!"]);
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
        for text in [
            "",
            "   ",
            "one",
            " two  words ",
            "tab\tnew\nline\r\nvt\x0bff\x0cend",
            "non\u{a0}breaking\u{2003}em space, é accents",
        ] {
            assert_eq!(
                count_words(text),
                text.split_whitespace().count(),
                "{text:?}"
            );
        }
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
