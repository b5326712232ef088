//! Obsidian's inline syntax beside CommonMark, applied to the rendered events: callouts
//! (`> [!note] Title`, folded with `-` or `+`) become labelled asides, `==highlight==`
//! becomes `<mark>`, a paragraph or list item ending in `^block-id` gets that id (the
//! marker is not shown), for `[[Note#^block-id]]`. Text in code is never touched (code spans are their own event, code
//! blocks are skipped). Pages without either come out as they went in.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::escape_html;

/// A callout's opening line: its kind, how it folds and its title.
struct Opening {
    kind: String,
    fold: Option<char>,
    title: String,
}

/// Reads `[!kind]± Title` from the start of a block quote's first line.
fn opening(line: &str) -> Option<Opening> {
    let rest = line.strip_prefix("[!")?;
    let (kind, rest) = rest.split_once(']')?;
    if kind.is_empty() || !kind.chars().all(|c| c.is_alphanumeric() || c == '-') {
        return None;
    }
    let kind = kind.to_lowercase();
    let fold = rest.chars().next().filter(|c| matches!(c, '-' | '+'));
    let title = rest[fold.map_or(0, char::len_utf8)..].trim();
    let title = if title.is_empty() {
        let mut chars = kind.chars();
        chars
            .next()
            .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
    } else {
        title.to_string()
    };
    Some(Opening { kind, fold, title })
}

/// The events with callouts and highlights written as HTML.
pub fn apply(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out = Vec::with_capacity(events.len());
    // For each open block quote: what closes it (`None` for an ordinary quote).
    let mut quotes: Vec<Option<&'static str>> = Vec::new();
    let mut in_code = false;
    // Where each open paragraph or list item starts in `out`.
    let mut blocks: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        match &events[i] {
            Event::Start(Tag::Paragraph | Tag::Item) => {
                blocks.push(out.len());
                out.push(events[i].clone());
            }
            Event::End(end @ (TagEnd::Paragraph | TagEnd::Item)) => {
                if let Some(start) = blocks.pop() {
                    mark_block(&mut out, start, *end == TagEnd::Item);
                }
                out.push(events[i].clone());
            }
            Event::Start(Tag::BlockQuote(_)) => {
                if let Some((html, skip, closing)) = callout_start(&events[i..]) {
                    out.push(Event::Html(html.into()));
                    quotes.push(Some(closing));
                    i += skip;
                    continue;
                }
                quotes.push(None);
                out.push(events[i].clone());
            }
            Event::End(TagEnd::BlockQuote(_)) => match quotes.pop().flatten() {
                Some(closing) => out.push(Event::Html(closing.into())),
                None => out.push(events[i].clone()),
            },
            Event::Start(Tag::CodeBlock(_)) => {
                in_code = true;
                out.push(events[i].clone());
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code = false;
                out.push(events[i].clone());
            }
            Event::Text(text) if !in_code && text.contains("==") => highlight(text, &mut out),
            other => out.push(other.clone()),
        }
        i += 1;
    }
    out
}

/// The id a block's text ends with: `… ^block-id`.
pub fn block_marker(text: &str) -> Option<(&str, &str)> {
    let (before, id) = text.trim_end().rsplit_once('^')?;
    let valid = !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    (valid && (before.is_empty() || before.ends_with(char::is_whitespace)))
        .then(|| (before.trim_end(), id))
}

/// Gives the block opened at `out[start]` the id its last text ends with, dropping the marker.
fn mark_block(out: &mut [Event<'_>], start: usize, item: bool) {
    let Some(Event::Text(last)) = out.last() else {
        return;
    };
    let Some((text, id)) = block_marker(last) else {
        return;
    };
    let tag = if item { "li" } else { "p" };
    let open = format!("<{tag} id=\"{}\">", escape_html(id));
    let text = text.to_string();
    let n = out.len();
    out[n - 1] = Event::Text(text.into());
    out[start] = Event::Html(open.into());
}

/// When `events` start with a callout: its opening HTML, how many events it stands for,
/// and its closing HTML.
fn callout_start(events: &[Event<'_>]) -> Option<(String, usize, &'static str)> {
    if !matches!(events.get(1), Some(Event::Start(Tag::Paragraph))) {
        return None;
    }
    // The first line's text, which pulldown-cmark may give in several pieces.
    let mut line = String::new();
    let mut n = 2;
    while let Some(Event::Text(t)) = events.get(n) {
        line.push_str(t);
        n += 1;
    }
    let o = opening(&line)?;
    let (kind, title) = (escape_html(&o.kind), escape_html(&o.title));
    let mut html = format!("<aside class=\"callout callout-{kind}\" aria-label=\"{title}\">\n");
    let closing = match o.fold {
        Some(fold) => {
            let open = if fold == '+' { " open" } else { "" };
            html.push_str(&format!(
                "<details{open}><summary class=\"callout-title\">{title}</summary>\n"
            ));
            "</details></aside>\n"
        }
        None => {
            html.push_str(&format!("<p class=\"callout-title\">{title}</p>\n"));
            "</aside>\n"
        }
    };
    // The rest of the first paragraph, if any, is the callout's first paragraph.
    match events.get(n) {
        Some(Event::End(TagEnd::Paragraph)) => n += 1,
        Some(Event::SoftBreak | Event::HardBreak) => {
            html.push_str("<p>");
            n += 1;
        }
        _ => return None,
    }
    Some((html, n, closing))
}

/// `==text==` pairs of one text as `<mark>`; an unpaired `==` stays as written.
fn highlight<'a>(text: &CowStr<'a>, out: &mut Vec<Event<'a>>) {
    let mut rest: &str = text;
    while let Some(open) = rest.find("==") {
        let Some(len) = rest[open + 2..].find("==") else {
            break;
        };
        let inner = &rest[open + 2..open + 2 + len];
        if inner.is_empty() || inner.starts_with(' ') || inner.ends_with(' ') {
            out.push(Event::Text(rest[..open + 2].to_string().into()));
            rest = &rest[open + 2..];
            continue;
        }
        out.push(Event::Text(rest[..open].to_string().into()));
        out.push(Event::InlineHtml("<mark>".into()));
        out.push(Event::Text(inner.to_string().into()));
        out.push(Event::InlineHtml("</mark>".into()));
        rest = &rest[open + 2 + len + 2..];
    }
    out.push(Event::Text(rest.to_string().into()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_markers_end_a_block() {
        assert_eq!(
            block_marker("Said so. ^quote-1"),
            Some(("Said so.", "quote-1"))
        );
        assert_eq!(block_marker("x^2"), None);
        assert_eq!(block_marker("no marker"), None);
    }

    #[test]
    fn openings_read_kind_fold_and_title() {
        let o = opening("[!WARNING]- Look out").unwrap();
        assert_eq!(
            (o.kind.as_str(), o.fold, o.title.as_str()),
            ("warning", Some('-'), "Look out")
        );
        let o = opening("[!tip]").unwrap();
        assert_eq!((o.fold, o.title.as_str()), (None, "Tip"));
        assert!(opening("[!not a kind] x").is_none());
        assert!(opening("plain quote").is_none());
    }
}
