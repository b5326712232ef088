//! Where a page's HTML says something the printed dossier says otherwise: each id (prefixed
//! there by the page's anchor), each address (a link to a page becomes a link within the
//! printed document), each image's source (made absolute) and each heading's level (one
//! down, under the page's title). `write_html` notes them as it writes the HTML from the
//! events; `generated::print::PrintedDossier::print` writes the page's part of the print by
//! splicing its own values in at those places, reading nothing else of the HTML.
//!
//! What pulldown-cmark writes for an event is known, so a heading's, a link's, an image's
//! and a footnote's places are taken from what the event wrote. Raw HTML (the writer's, and
//! the pieces `render_with` writes as HTML: citations, heading self-links, embeds) is read
//! tag by tag (`scan`), as is a page's HTML once `safe_html` has cleaned it: ammonia writes
//! the page anew, so places noted before no longer hold.

use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::text::attr;

/// What was written at a place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spliced {
    /// An element's id.
    Id,
    /// A link's address, as written in the HTML (escaped).
    Href,
    /// An image's or a frame's source, as written in the HTML (escaped).
    Src,
    /// The digit of a heading's level, `1`–`5`, in its opening or closing tag.
    Level,
}

/// A place in a page's HTML: `len` bytes from `at`, which say `what`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Splice {
    pub at: usize,
    pub len: u32,
    pub what: Spliced,
}

impl Splice {
    fn new(at: usize, len: usize, what: Spliced) -> Option<Splice> {
        Some(Splice {
            at,
            len: u32::try_from(len).ok()?,
            what,
        })
    }

    /// The bytes of `html` at this place, if they are there.
    pub fn of<'h>(&self, html: &'h str) -> Option<&'h str> {
        html.get(self.at..self.at + self.len as usize)
    }
}

/// `events` as HTML (as `pulldown_cmark::html::push_html` writes them), with the places of
/// the ids, addresses and heading levels written, in order.
pub fn write_html(events: Vec<Event<'_>>, capacity: usize) -> (String, Vec<Splice>) {
    let out = Rc::new(RefCell::new(String::with_capacity(capacity)));
    let mut splices = Vec::new();
    let noting = Noting {
        events: events.into_iter(),
        out: Rc::clone(&out),
        last: Written::Other,
        at: 0,
        raw_from: None,
        splices: &mut splices,
    };
    // Writing to a String cannot fail.
    let _ = pulldown_cmark::html::write_html_fmt(Shared(Rc::clone(&out)), noting);
    let html = std::mem::take(&mut *out.borrow_mut());
    (html, splices)
}

/// The places of the ids, addresses and heading levels in `html`, read tag by tag (comments
/// left out).
pub fn scan(html: &str) -> Vec<Splice> {
    let mut splices = Vec::new();
    scan_into(html, 0, &mut splices);
    splices
}

/// `scan` of `html`, which starts at `base` of the page's HTML, onto `splices`.
fn scan_into(html: &str, base: usize, splices: &mut Vec<Splice>) {
    let mut from = 0;
    while let Some(start) = html[from..].find('<').map(|i| from + i) {
        let rest = &html[start..];
        if rest.starts_with("<!--") {
            from = rest.find("-->").map_or(html.len(), |e| start + e + 3);
            continue;
        }
        let end = rest.find('>').map_or(html.len(), |e| start + e + 1);
        let tag = &html[start..end];
        let mut found: Vec<Splice> = [
            ("id", Spliced::Id),
            ("href", Spliced::Href),
            ("src", Spliced::Src),
        ]
        .into_iter()
        .filter_map(|(name, what)| {
            let value = attr(tag, name)?;
            // `value` is a slice of `tag`: its place is where it starts in it.
            let offset = value.as_ptr() as usize - tag.as_ptr() as usize;
            Splice::new(base + start + offset, value.len(), what)
        })
        .collect();
        if let Some(level) = heading_level(tag) {
            found.extend(Splice::new(base + start + level, 1, Spliced::Level));
        }
        found.sort_by_key(|s| s.at);
        splices.extend(found);
        from = end;
    }
}

/// Where the level of heading tag `tag` (`<h1>`…`<h5>`, opening or closing) is written.
fn heading_level(tag: &str) -> Option<usize> {
    let b = tag.as_bytes();
    let at = if tag.starts_with("</") { 2 } else { 1 };
    let is_heading = matches!(b.get(at), Some(b'h' | b'H'))
        && matches!(b.get(at + 1), Some(b'1'..=b'5'))
        && matches!(b.get(at + 2), Some(b' ' | b'>' | b'\t' | b'\n'));
    is_heading.then_some(at + 1)
}

/// The HTML being written, shared by the writer and the events it is written from.
struct Shared(Rc<RefCell<String>>);

impl fmt::Write for Shared {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.borrow_mut().push_str(s);
        Ok(())
    }
}

/// What an event wrote that holds a place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Written {
    /// `[\n]<hN id="…"…>`.
    HeadingStart,
    /// `</hN>`.
    HeadingEnd,
    /// `<a href="…"…>`.
    Link,
    /// `<img src="…" alt="` (its alt text and the rest are written by later events).
    Image,
    /// `<sup class="footnote-reference"><a href="#…">N</a></sup>`.
    FootnoteReference,
    /// `[\n]<div class="footnote-definition" id="…">…`.
    FootnoteDefinition,
    /// HTML written as it is: read tag by tag, with the raw HTML written next to it.
    Raw,
    Other,
}

impl Written {
    fn of(event: &Event<'_>) -> Written {
        match event {
            Event::Start(Tag::Heading { .. }) => Written::HeadingStart,
            Event::End(TagEnd::Heading(_)) => Written::HeadingEnd,
            Event::Start(Tag::Link { .. }) => Written::Link,
            Event::Start(Tag::Image { .. }) => Written::Image,
            Event::FootnoteReference(_) => Written::FootnoteReference,
            Event::Start(Tag::FootnoteDefinition(_)) => Written::FootnoteDefinition,
            Event::Html(_) | Event::InlineHtml(_) => Written::Raw,
            _ => Written::Other,
        }
    }
}

/// The events, handed to pulldown-cmark's writer one by one: when it asks for the next,
/// all of the last has been written, from `at` to the end of `out`.
struct Noting<'s, I> {
    events: I,
    out: Rc<RefCell<String>>,
    last: Written,
    at: usize,
    /// Where the raw HTML being written began.
    raw_from: Option<usize>,
    splices: &'s mut Vec<Splice>,
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for Noting<'_, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        let event = self.events.next();
        let next = event.as_ref().map_or(Written::Other, Written::of);
        let out = self.out.borrow();
        let now = out.len();
        note(self.last, &out[self.at..now], self.at, self.splices);
        if next != Written::Raw {
            if let Some(from) = self.raw_from.take() {
                // Raw HTML written in pieces (a block's lines) is read whole: a tag may
                // run over two.
                scan_into(&out[from..now], from, self.splices);
            }
        } else if self.raw_from.is_none() {
            self.raw_from = Some(now);
        }
        self.last = next;
        self.at = now;
        event
    }
}

/// The places in what an event wrote, `written`, which starts at `at`.
fn note(what: Written, written: &str, at: usize, splices: &mut Vec<Splice>) {
    // An attribute's value opening at `from`, up to its closing quote (pulldown-cmark
    // escapes quotes in what it writes there).
    let value = |from: usize, what: Spliced| {
        let len = written.get(from..)?.find('"')?;
        Splice::new(at + from, len, what)
    };
    // The value of the attribute that `prefix` opens.
    let after = |prefix: &str, what: Spliced| {
        let from = written.find(prefix)? + prefix.len();
        value(from, what)
    };
    match what {
        Written::HeadingStart => {
            let Some(open) = written.find("<h") else {
                return;
            };
            let level = open + 2;
            if matches!(written.as_bytes().get(level), Some(b'1'..=b'5')) {
                splices.extend(Splice::new(at + level, 1, Spliced::Level));
            }
            if written
                .get(level + 1..)
                .is_some_and(|r| r.starts_with(" id=\""))
            {
                splices.extend(value(level + 6, Spliced::Id));
            }
        }
        Written::HeadingEnd => {
            if written.starts_with("</h") && matches!(written.as_bytes().get(3), Some(b'1'..=b'5'))
            {
                splices.extend(Splice::new(at + 3, 1, Spliced::Level));
            }
        }
        Written::Link | Written::FootnoteReference => {
            splices.extend(after("<a href=\"", Spliced::Href));
        }
        Written::Image => splices.extend(after("<img src=\"", Spliced::Src)),
        Written::FootnoteDefinition => splices.extend(after(" id=\"", Spliced::Id)),
        Written::Raw | Written::Other => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(markdown: &str) -> (String, Vec<(Spliced, String)>) {
        let events: Vec<Event> = crate::markdown::parser(markdown).collect();
        let (html, splices) = write_html(events, 0);
        let mut plain = String::new();
        pulldown_cmark::html::push_html(&mut plain, crate::markdown::parser(markdown));
        assert_eq!(html, plain, "written as pulldown-cmark writes it");
        let places = splices
            .iter()
            .map(|s| (s.what, s.of(&html).unwrap().to_string()))
            .collect();
        (html, places)
    }

    fn owned(places: &[(Spliced, &str)]) -> Vec<(Spliced, String)> {
        places.iter().map(|(w, v)| (*w, v.to_string())).collect()
    }

    #[test]
    fn places_of_headings_links_images_and_footnotes_are_noted_as_written() {
        let (_, places) = written(
            "# One {#first}\n\nSee [two](/b/?x=1&y=2 \"T\") and ![alt *x*](pic.png).[^n]\n\n\
             ###### Six {#six}\n\n[^n]: A note <a href=\"mailto:a@b\">mail</a>.\n",
        );
        use Spliced::*;
        let expected = [
            (Level, "1"),
            (Id, "first"),
            (Level, "1"),
            (Href, "/b/?x=1&amp;y=2"),
            (Src, "pic.png"),
            (Href, "#n"),
            (Id, "six"),
            (Id, "n"),
            (Href, "mailto:a@b"),
        ];
        assert_eq!(places, owned(&expected));
    }

    #[test]
    fn raw_html_is_read_tag_by_tag_and_whole_across_its_lines() {
        let (_, places) = written(
            "<div id=\"box\">\n<a\nhref=\"/x/\">x</a>\n<!-- <a href=\"/no/\"> -->\n<h2>Raw</h2>\n</div>\n\n\
             Text <img src=\"in.png\"> and `<a href=\"/code/\">`.\n",
        );
        use Spliced::*;
        let expected = [
            (Id, "box"),
            (Href, "/x/"),
            (Level, "2"),
            (Level, "2"),
            (Src, "in.png"),
        ];
        assert_eq!(places, owned(&expected));
    }

    #[test]
    fn scanning_finds_what_writing_noted() {
        let markdown = "## A {#a}\n\n[l](/l/#x) ![i](i.png) [^f]\n\n[^f]: note\n";
        let events: Vec<Event> = crate::markdown::parser(markdown).collect();
        let (html, noted) = write_html(events, 0);
        assert_eq!(scan(&html), noted);
    }

    #[test]
    fn an_image_s_raw_html_alt_text_is_not_read_as_tags() {
        let (html, places) = written("![a <b id=\"no\">b</b>](p.png)\n");
        assert!(html.contains("&lt;b"), "{html}");
        assert_eq!(places, vec![(Spliced::Src, "p.png".to_string())]);
    }
}
