//! Markdown to HTML in two passes over pulldown-cmark events. `analyze` finds what the page
//! says about the rest of the site (headings, internal links, citations) so they can be
//! resolved against the whole site; `render` then writes HTML with those resolutions.
//! Knows nothing of the site: resolution is handed in.

pub mod citation;
pub mod excerpt;
pub mod heading;
pub mod sanitise;

use pulldown_cmark::{
    html, BrokenLink, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};
use serde::Serialize;

pub use citation::{parse_citation, CiteItem};
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
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitationRef {
    pub items: Vec<CiteItem>,
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

/// A link or citation of a text block, waiting for the block's end to get its excerpt.
enum Pending {
    /// `analysis.links[i]`, whose words take `start..end` of the block's text.
    Link(usize, usize, usize),
    /// `analysis.citations[i]`, standing at a byte of the block's text.
    Citation(usize, usize),
}

/// First pass: headings with their ids, internal links and citations with their context.
pub fn analyze(body: &str) -> Analysis {
    let body = &*without_nul(body);
    let mut analysis = Analysis::default();
    let mut ids = HeadingIds::default();
    let mut blocks: Vec<(String, Vec<Pending>)> = Vec::new();
    let mut heading: Option<(u8, Option<String>, String)> = None;
    let mut in_citation = false;
    // Whether the link being read is an internal one, waiting for the end of its words.
    let mut in_internal_link = false;

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
                            });
                            if let Some(b) = blocks.last_mut() {
                                let i = analysis.links.len() - 1;
                                b.1.push(Pending::Link(i, position, position));
                                in_internal_link = true;
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
            _ => {}
        }
    }
    analysis
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
    /// What a wikilink written without a label shows: the target's title, or its heading's.
    pub title: String,
    /// The link's own id, which the target's "Referenced by" links back to.
    pub id: Option<String>,
}

/// A cited source's number on the page, the locator given at this place, and the mark's id
/// (`cite-2-1`), which the reference list and the source's "Cited by" link back to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CiteMark {
    pub number: usize,
    pub locator: Option<String>,
    pub anchor: String,
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
    let body = &*without_nul(body);
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut link_index = 0;
    let mut citation_index = 0;
    let mut heading_index = 0;
    let mut current_heading_id: Option<String> = None;
    // What to do with the events inside a link being rewritten.
    let mut replacing_inner: Option<Option<String>> = None;
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
            })],
            citations: vec![
                vec![CiteMark {
                    number: 1,
                    locator: None,
                    anchor: "cite-1-1".into(),
                }],
                vec![CiteMark {
                    number: 1,
                    locator: None,
                    anchor: "cite-1-2".into(),
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
