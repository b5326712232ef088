//! A page's plain text, cut at its headings: what the search index and link previews show.
//! Read from the events `render_with` writes (`sections_of_events`), raw HTML among them,
//! as the HTML they make would read (`sections`). Citation marks, heading self-links and
//! footnote marks are left out, so the text reads as the sentence does.

use std::collections::HashMap;

use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};

/// One stretch of a page: the text under a heading (or before the first one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextSection {
    /// The heading's id (empty for the text before the first heading).
    pub anchor: String,
    /// The heading's text.
    pub heading: String,
    pub text: String,
}

/// Elements whose whole content is left out, by tag name and a class they carry.
const SKIPPED: &[(&str, &str)] = &[
    ("sup", "citation"),
    ("a", "heading-anchor"),
    ("sup", "footnote-reference"),
    ("script", ""),
    ("style", ""),
];

const BLOCKS: &[&str] = &[
    "p",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "td",
    "th",
    "tr",
    "br",
    "div",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "table",
    "hr",
];

struct HtmlTag<'a> {
    name: String,
    closing: bool,
    attrs: &'a str,
}

fn parse_tag(inner: &str) -> HtmlTag<'_> {
    let closing = inner.starts_with('/');
    let inner = inner.trim_start_matches('/');
    let end = inner
        .find(|c: char| c.is_whitespace() || c == '/')
        .unwrap_or(inner.len());
    HtmlTag {
        name: inner[..end].to_ascii_lowercase(),
        closing,
        attrs: &inner[end..],
    }
}

/// The value of attribute `name` in a tag's attribute text (double-quoted, as we write them).
pub fn attr<'a>(attrs: &'a str, name: &str) -> Option<&'a str> {
    // A tag's text is short: a plain scan for the name's first byte beats setting up a
    // substring searcher each time.
    let (bytes, wanted) = (attrs.as_bytes(), name.as_bytes());
    let &first = wanted.first()?;
    let mut from = 0;
    let found = |from: usize| {
        (from..(bytes.len() + 1).saturating_sub(wanted.len()))
            .find(|&i| bytes[i] == first && bytes[i..].starts_with(wanted))
    };
    while let Some(at) = found(from) {
        let after = at + name.len();
        let before = attrs[..at].chars().next_back();
        if before.is_none_or(char::is_whitespace) && attrs[after..].starts_with("=\"") {
            let start = after + 2;
            let end = attrs[start..].find('"')? + start;
            return Some(&attrs[start..end]);
        }
        from = after;
    }
    None
}

/// Decodes the character references HTML text may hold.
pub fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ if name.starts_with("#x") || name.starts_with("#X") => {
                    u32::from_str_radix(&name[2..], 16)
                        .ok()
                        .and_then(char::from_u32)
                }
                _ if name.starts_with('#') => name[1..].parse().ok().and_then(char::from_u32),
                _ => None,
            };
            c.map(|c| (c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// `text`'s words, one space between them.
#[cfg(test)]
fn collapse(text: &str) -> String {
    let mut out = String::new();
    push_collapsed(&mut out, text);
    out.truncate(out.trim_end_matches(' ').len());
    out
}

/// Appends `text` to `out`, which holds words with one space between them and at most one
/// space after: the words of `text` go on in the same way. A section's text is collapsed as
/// it is read, not copied again afterwards.
fn push_collapsed(out: &mut String, text: &str) {
    let spaced = out.is_empty() || out.ends_with(' ');
    if !text.is_ascii() {
        let mut spaced = spaced;
        for c in text.chars() {
            match c.is_whitespace() {
                true if spaced => {}
                true => {
                    out.push(' ');
                    spaced = true;
                }
                false => {
                    out.push(c);
                    spaced = false;
                }
            }
        }
        return;
    }
    // What `char::is_whitespace` is in ASCII (the vertical tab too), a byte at a time. Runs
    // whose only spaces are single ` `s between words are copied whole.
    let space = |b: u8| matches!(b, b' ' | b'\t'..=b'\r');
    let bytes = text.as_bytes();
    let start = match spaced {
        true => bytes.iter().position(|&b| !space(b)).unwrap_or(bytes.len()),
        false => 0,
    };
    let (mut copied, mut i) = (start, start);
    while i < bytes.len() {
        if !space(bytes[i]) {
            i += 1;
            continue;
        }
        let run = i + bytes[i..].iter().take_while(|&&b| space(b)).count();
        if run - i > 1 || bytes[i] != b' ' {
            out.push_str(&text[copied..i]);
            out.push(' ');
            copied = run;
        }
        i = run;
    }
    out.push_str(&text[copied..]);
}

/// Splits rendered page HTML at its headings (those with an id) into plain-text sections:
/// what `sections_of_events` must equal, in tests.
#[cfg(test)]
pub fn sections(html: &str) -> Vec<TextSection> {
    let mut w = SectionWriter::default();
    w.html(html);
    w.finish()
}

/// A page's text sections from the events `render_with` writes as HTML: what `sections`
/// reads from that HTML, without writing and parsing it again. Raw HTML (the writer's, and
/// what dossier writes as raw HTML: citation marks, heading self-links, paragraph ids) is
/// read as `sections` reads it.
pub fn sections_of_events(events: &[Event<'_>]) -> Vec<TextSection> {
    let mut w = SectionWriter::default();
    // Raw HTML comes in pieces (a block's lines): read together, as one piece of HTML.
    let mut raw = String::new();
    // Inside an image: its words are its `alt`, not text.
    let mut in_image = 0usize;
    // Footnotes are numbered as pulldown-cmark numbers them: by the first mention of each.
    let mut footnotes: HashMap<String, usize> = HashMap::new();
    let mut number = |name: &str| {
        let next = footnotes.len() + 1;
        *footnotes.entry(name.to_string()).or_insert(next)
    };
    for event in events {
        if let Event::Html(html) | Event::InlineHtml(html) = event {
            if in_image == 0 {
                raw.push_str(html);
            }
            continue;
        }
        if !raw.is_empty() {
            w.html(&std::mem::take(&mut raw));
        }
        if in_image > 0 {
            match event {
                Event::Start(_) => in_image += 1,
                Event::End(_) => in_image -= 1,
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::FootnoteDefinition(name)) => {
                w.tag("div", false, "footnote-definition", None);
                w.tag("sup", false, "footnote-definition-label", None);
                w.text(&number(name).to_string());
                w.tag("sup", true, "", None);
            }
            Event::Start(tag) => w.start(tag),
            Event::End(tag) => w.end(*tag),
            Event::Text(text) | Event::Code(text) => w.text(text),
            Event::InlineMath(text) | Event::DisplayMath(text) => w.text(text),
            Event::SoftBreak => w.text("\n"),
            Event::HardBreak => w.tag("br", false, "", None),
            Event::Rule => w.tag("hr", false, "", None),
            Event::FootnoteReference(name) => {
                number(name);
                w.tag("sup", false, "footnote-reference", None);
                w.tag("sup", true, "", None);
            }
            Event::TaskListMarker(_) | Event::Html(_) | Event::InlineHtml(_) => {}
        }
        if let Event::Start(Tag::Image { .. }) = event {
            in_image = 1;
        }
    }
    w.html(&raw);
    w.finish()
}

/// The sections read so far, from HTML and from events alike.
struct SectionWriter {
    out: Vec<TextSection>,
    /// An element left out, by name, and how deep in elements of that name the reader is.
    skipping: Option<(String, usize)>,
    /// The id of the heading the reader is in.
    in_heading: Option<String>,
}

impl Default for SectionWriter {
    fn default() -> SectionWriter {
        SectionWriter {
            out: vec![TextSection {
                anchor: String::new(),
                heading: String::new(),
                text: String::new(),
            }],
            skipping: None,
            in_heading: None,
        }
    }
}

impl SectionWriter {
    /// Where text goes now: the heading's, or the text under it.
    fn field(&mut self) -> &mut String {
        let last = self.out.last_mut().expect("one section");
        if self.in_heading.is_some() {
            &mut last.heading
        } else {
            &mut last.text
        }
    }

    fn text(&mut self, text: &str) {
        if self.skipping.is_none() {
            push_collapsed(self.field(), text);
        }
    }

    /// An element opened or closed: `class` and `id` as written (an opening tag's; entities
    /// decoded).
    fn tag(&mut self, name: &str, closing: bool, class: &str, id: Option<&str>) {
        if let Some((skipped, depth)) = &mut self.skipping {
            if name == skipped {
                if closing {
                    *depth -= 1;
                    if *depth == 0 {
                        self.skipping = None;
                    }
                } else {
                    *depth += 1;
                }
            }
            return;
        }
        if !closing {
            let skipped = SKIPPED
                .iter()
                .any(|(n, c)| *n == name && (c.is_empty() || class.split(' ').any(|x| x == *c)));
            if skipped {
                // "a claim [1]." reads as "a claim." without its mark.
                let field = self.field();
                field.truncate(field.trim_end().len());
                self.skipping = Some((name.to_string(), 1));
                return;
            }
        }
        let is_heading =
            name.len() == 2 && name.starts_with('h') && name.as_bytes()[1].is_ascii_digit();
        if is_heading && !closing {
            if let Some(id) = id {
                self.in_heading = Some(id.to_string());
                self.out.push(TextSection {
                    anchor: id.to_string(),
                    heading: String::new(),
                    text: String::new(),
                });
                return;
            }
        }
        if is_heading && closing && self.in_heading.take().is_some() {
            return;
        }
        if BLOCKS.contains(&name) {
            push_collapsed(self.field(), " ");
        }
    }

    /// The elements pulldown-cmark writes for a tag's start.
    fn start(&mut self, tag: &Tag<'_>) {
        match tag {
            Tag::Paragraph => self.tag("p", false, "", None),
            Tag::Heading {
                level, id, classes, ..
            } => {
                let class = classes.join(" ");
                self.tag(heading_name(*level), false, &class, id.as_deref());
            }
            Tag::BlockQuote(_) => self.tag("blockquote", false, "", None),
            Tag::CodeBlock(_) => {
                self.tag("pre", false, "", None);
                self.tag("code", false, "", None);
            }
            Tag::List(Some(_)) => self.tag("ol", false, "", None),
            Tag::List(None) => self.tag("ul", false, "", None),
            Tag::Item => self.tag("li", false, "", None),
            // With its number, which `sections_of_events` keeps.
            Tag::FootnoteDefinition(_) => {}
            Tag::Table(_) => self.tag("table", false, "", None),
            Tag::TableHead => {
                self.tag("thead", false, "", None);
                self.tag("tr", false, "", None);
            }
            Tag::TableRow => self.tag("tr", false, "", None),
            Tag::TableCell => self.tag("td", false, "", None),
            Tag::DefinitionList => self.tag("dl", false, "", None),
            Tag::DefinitionListTitle => self.tag("dt", false, "", None),
            Tag::DefinitionListDefinition => self.tag("dd", false, "", None),
            Tag::Emphasis => self.tag("em", false, "", None),
            Tag::Strong => self.tag("strong", false, "", None),
            Tag::Strikethrough => self.tag("del", false, "", None),
            Tag::Superscript => self.tag("sup", false, "", None),
            Tag::Subscript => self.tag("sub", false, "", None),
            Tag::Link { .. } => self.tag("a", false, "", None),
            Tag::Image { .. } => self.tag("img", false, "", None),
            Tag::HtmlBlock | Tag::MetadataBlock(_) => {}
        }
    }

    /// The elements pulldown-cmark writes for a tag's end.
    fn end(&mut self, tag: TagEnd) {
        let names: &[&str] = match tag {
            TagEnd::Paragraph => &["p"],
            TagEnd::Heading(level) => &[heading_name(level)],
            TagEnd::BlockQuote(_) => &["blockquote"],
            TagEnd::CodeBlock => &["code", "pre"],
            TagEnd::List(true) => &["ol"],
            TagEnd::List(false) => &["ul"],
            TagEnd::Item => &["li"],
            TagEnd::FootnoteDefinition => &["div"],
            TagEnd::Table => &["tbody", "table"],
            TagEnd::TableHead => &["tr", "thead"],
            TagEnd::TableRow => &["tr"],
            TagEnd::TableCell => &["td"],
            TagEnd::DefinitionList => &["dl"],
            TagEnd::DefinitionListTitle => &["dt"],
            TagEnd::DefinitionListDefinition => &["dd"],
            TagEnd::Emphasis => &["em"],
            TagEnd::Strong => &["strong"],
            TagEnd::Strikethrough => &["del"],
            TagEnd::Superscript => &["sup"],
            TagEnd::Subscript => &["sub"],
            TagEnd::Link => &["a"],
            TagEnd::Image | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_) => &[],
        };
        for name in names {
            self.tag(name, true, "", None);
        }
        if tag == TagEnd::TableHead {
            self.tag("tbody", false, "", None);
        }
    }

    /// A piece of HTML: its tags, comments and text.
    fn html(&mut self, html: &str) {
        let mut rest = html;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix("<!--") {
                rest = after.find("-->").map_or("", |e| &after[e + 3..]);
                continue;
            }
            if rest.starts_with('<') {
                let Some(end) = rest.find('>') else {
                    break;
                };
                let tag = parse_tag(&rest[1..end]);
                rest = &rest[end + 1..];
                let class = attr(tag.attrs, "class").unwrap_or("");
                let id = attr(tag.attrs, "id").map(decode_entities);
                self.tag(&tag.name, tag.closing, class, id.as_deref());
                continue;
            }
            let end = rest.find('<').unwrap_or(rest.len());
            if self.skipping.is_none() {
                self.text(&decode_entities(&rest[..end]));
            }
            rest = &rest[end..];
        }
    }

    fn finish(mut self) -> Vec<TextSection> {
        for s in &mut self.out {
            for field in [&mut s.heading, &mut s.text] {
                field.truncate(field.trim_end_matches(' ').len());
            }
        }
        if self.out[0].text.is_empty() && self.out.len() > 1 {
            self.out.remove(0);
        }
        self.out
    }
}

fn heading_name(level: HeadingLevel) -> &'static str {
    match level {
        HeadingLevel::H1 => "h1",
        HeadingLevel::H2 => "h2",
        HeadingLevel::H3 => "h3",
        HeadingLevel::H4 => "h4",
        HeadingLevel::H5 => "h5",
        HeadingLevel::H6 => "h6",
    }
}

/// `text` cut to at most `limit` characters, the `…` that marks the cut included: at a word
/// boundary, or within a run written without spaces (Chinese, a long URL).
pub fn truncate(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_string();
    }
    let cut: String = text.chars().take(limit).collect();
    let cut = match cut.rsplit_once(' ') {
        Some((head, _)) => head,
        // Room for the mark: drop the last character.
        None => cut.char_indices().last().map_or("", |(end, _)| &cut[..end]),
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every kind of block and inline the renderer writes, raw HTML over several lines and
    /// with comments and scripts, callouts, highlights and footnotes.
    const EVERY_KIND: &str = concat!(
        "Intro with **bold**, *em*, ~~del~~, `co<de>`, a [link](https://x.org \"t\"), ",
        "an ![*image* alt](a.png \"T\") and a note[^n], another[^m] and the first again[^n].\n\n",
        "# Heading one {#custom .cls}\n\n",
        "Text with <span class=\"x\">inline html</span>, a mark<sup class=\"citation\">[1]</sup>",
        " and AT&amp;T &copy; 5 < 6  \nhard break, [[Wiki page]] and a <!-- quiet --> comment.\n\n",
        "<div class=\"box\">\n<p>Raw block\nwith lines</p>\n<!-- a comment\nover lines -->\n",
        "<script>var x = \"<b>\";</script>\n</div>\n\n",
        "> [!NOTE]\n> A callout with ==highlight== in it.\n\n",
        "> A quote ^quote-id\n\n",
        "- [ ] task\n- [x] done\n  - nested\n\n3. three\n4. four\n\n",
        "| A | B |\n|:--|--:|\n| 1 | *2* |\n\n",
        "```rust\nfn main() { let a = 1 < 2; }\n```\n\n    indented code\n\n---\n\n",
        "## Second & \"quoted\" heading\n\nLine one\nline two.\n\n",
        "[^m]: Another <em>note</em>.\n[^n]: The note.\n",
    );

    /// The text read from the events equals the text read back from the HTML they make,
    /// with and without highlighting and sized images.
    #[test]
    fn events_read_as_the_html_they_make_reads() {
        use crate::markdown::{analyze, render_with, Resolution, Settings};
        let sized = |_: &str| Some(" width=\"10\" height=\"20\"".to_string());
        let analysis = analyze(EVERY_KIND);
        for highlight_code in [false, true] {
            for image_attributes in [None, Some(&sized as crate::markdown::ImageAttributes)] {
                let settings = Settings {
                    highlight_code,
                    image_attributes,
                    text_sections: true,
                    splices: true,
                };
                let r = render_with(EVERY_KIND, &analysis, &Resolution::default(), &settings);
                assert_eq!(r.text_sections, sections(&r.html), "{}", r.html);
                // The places noted as the HTML was written are those read from it.
                let scanned = crate::markdown::splices::scan(&r.html);
                assert_eq!(r.splices.as_deref(), Some(&scanned[..]), "{}", r.html);
                let s = &r.text_sections;
                assert_eq!(s.len(), 3, "{s:?}");
                assert!(s[0].text.starts_with(
                    "Intro with bold, em, del, co<de>, a link, an and a note, another and the \
                     first again."
                ));
                assert_eq!(s[1].anchor, "custom");
                assert_eq!(s[1].heading, "Heading one");
                assert!(
                    s[1].text.contains("a mark and AT&T © 5 < 6 hard break"),
                    "{s:?}"
                );
                assert!(!s[1].text.contains("var x"), "scripts are not text");
                assert!(!s[1].text.contains("quiet"), "comments are not text");
                assert!(s[1].text.contains("A callout with highlight in it."));
                assert!(s[1].text.contains("task done nested three four A B 1 2"));
                // Smart punctuation curls the quotes.
                assert_eq!(s[2].heading, "Second & “quoted” heading");
                // Footnotes are numbered by first mention: `n` is 1 though defined last.
                assert!(
                    s[2].text
                        .ends_with("Line one line two. 2 Another note. 1 The note."),
                    "{s:?}"
                );
            }
        }
    }

    /// Without `text_sections`, no text is read.
    #[test]
    fn text_is_read_only_when_asked() {
        use crate::markdown::{analyze, render_with, Resolution, Settings};
        let r = render_with(
            EVERY_KIND,
            &analyze(EVERY_KIND),
            &Resolution::default(),
            &Settings::default(),
        );
        assert!(r.text_sections.is_empty());
        assert!(!sections(&r.html).is_empty());
    }

    #[test]
    fn splits_at_headings_and_drops_marks() {
        let html = concat!(
            "<p>Huawei &amp; ZTE were named <sup class=\"citation\">[<a href=\"#ref-1\">1</a>]</sup>.</p>\n",
            "<!-- more -->\n",
            "<h2 id=\"the-deal\">The deal <a class=\"heading-anchor\" href=\"#the-deal\" aria-label=\"Link\">#</a></h2>\n",
            "<p>It ended<br>in 2018 &#8212; &quot;shut down&quot;.</p><ul><li>one</li><li>two</li></ul>",
        );
        let s = sections(html);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].anchor, "");
        assert_eq!(s[0].text, "Huawei & ZTE were named.");
        assert_eq!(s[1].anchor, "the-deal");
        assert_eq!(s[1].heading, "The deal");
        assert_eq!(s[1].text, "It ended in 2018 — \"shut down\". one two");
    }

    /// A mark that holds elements of its own name (`<sup>` in a `<sup>`) is left out whole.
    #[test]
    fn a_skipped_mark_is_skipped_to_its_own_end() {
        let s = sections(concat!(
            "<p>Huawei<sup class=\"citation\"><sup>1</sup>, <sup>2</sup></sup> grew.</p>",
            "<p>Then<sup class=\"citation\"><sup><sup>3</sup></sup></sup> it sold.</p>",
        ));
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].text, "Huawei grew. Then it sold.");
    }

    /// The named references HTML text commonly holds, and numeric ones in decimal and in hex
    /// (`x` or `X`); anything else is text, its `&` included.
    #[test]
    fn decodes_character_references() {
        assert_eq!(
            decode_entities("a &lt; b &gt; c &amp; &quot;d&quot;, O&apos;Brien&nbsp;Ltd"),
            "a < b > c & \"d\", O'Brien\u{a0}Ltd"
        );
        assert_eq!(decode_entities("&#x41;&#X42;&#67;&#x2014;"), "ABC—");
        assert_eq!(
            decode_entities("&copy; &a1; &x41; &#xZZ; AT&T R&D;"),
            "&copy; &a1; &x41; &#xZZ; AT&T R&D;"
        );
    }

    #[test]
    fn a_page_that_starts_with_a_heading_has_no_empty_first_section() {
        let s = sections("<h2 id=\"a\">A</h2><p>x</p>");
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].anchor, "a");
    }

    #[test]
    fn collapsing_keeps_words_with_one_space_between_them() {
        let plain = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
        for text in [
            "",
            "   ",
            "one",
            " one  two\tthree\n",
            "a\x0Bb\x0Cc\rd",
            "a \tb c\n d  e f ",
            "\ta b",
            "x\u{a0}y\u{2003}z  é",
        ] {
            assert_eq!(collapse(text), plain(text), "{text:?}");
        }
        // Text read in pieces collapses as the pieces joined would.
        for pieces in [
            &["a ", " b", "\n", "c"][..],
            &["", " x", "y ", "z\u{a0}", " é  ", "w"],
            &["one two", " ", " three\t", "four"],
        ] {
            let mut out = String::new();
            pieces.iter().for_each(|p| push_collapsed(&mut out, p));
            assert_eq!(
                out.trim_end_matches(' '),
                plain(&pieces.concat()),
                "{pieces:?}"
            );
        }
    }

    proptest::proptest! {
        /// Any text, read in any pieces, collapses as the pieces joined would.
        #[test]
        fn text_in_any_pieces_collapses_as_the_whole(
            pieces in proptest::collection::vec("[ab é\t\n\x0B\x0C\r\u{a0}]{0,8}", 0..6)
        ) {
            let plain = pieces.concat().split_whitespace().collect::<Vec<_>>().join(" ");
            let mut out = String::new();
            pieces.iter().for_each(|p| push_collapsed(&mut out, p));
            proptest::prop_assert_eq!(out.trim_end_matches(' '), plain);
        }
    }

    #[test]
    fn truncates_at_words() {
        assert_eq!(truncate("one two three", 9), "one two…");
        assert_eq!(truncate("short", 9), "short");
        assert_eq!(truncate("one two", 7), "one two");
        // Without a space, the mark takes the last place.
        assert_eq!(truncate("数据数据数据", 4), "数据数…");
        assert_eq!(truncate("abcdef", 5), "abcd…");
    }

    #[test]
    fn reads_attributes() {
        assert_eq!(attr(r#" class="x" data-id="y" id="z""#, "id"), Some("z"));
        assert_eq!(attr(r#" data-id="y""#, "id"), None);
        assert_eq!(attr(r#"id="a" "#, "id"), Some("a"));
        assert_eq!(attr(r#" idx="a" id"#, "id"), None);
        assert_eq!(attr(r#" x-id="a" xid="b"	id="c""#, "id"), Some("c"));
        assert_eq!(attr(" é=\"1\" éid=\"2\" id=\"ü\"", "id"), Some("ü"));
        assert_eq!(attr(" i", "id"), None);
        // A name that only starts like the one wanted, as long as it, is not it.
        assert_eq!(attr(r#" ix="a" class="b""#, "id"), None);
        assert_eq!(attr(r#" cl="a" class="b""#, "class"), Some("b"));
    }
}
