//! Plain text out of the HTML the Markdown renderer wrote, cut at its headings: what the
//! search index and link previews show. Citation marks, heading self-links and footnote
//! marks are left out, so the text reads as the sentence does.

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

struct Tag<'a> {
    name: String,
    closing: bool,
    attrs: &'a str,
}

fn parse_tag(inner: &str) -> Tag<'_> {
    let closing = inner.starts_with('/');
    let inner = inner.trim_start_matches('/');
    let end = inner
        .find(|c: char| c.is_whitespace() || c == '/')
        .unwrap_or(inner.len());
    Tag {
        name: inner[..end].to_ascii_lowercase(),
        closing,
        attrs: &inner[end..],
    }
}

/// The value of attribute `name` in a tag's attribute text (double-quoted, as we write them).
pub fn attr<'a>(attrs: &'a str, name: &str) -> Option<&'a str> {
    let needle = format!("{name}=\"");
    let mut from = 0;
    while let Some(i) = attrs[from..].find(&needle) {
        let at = from + i;
        let before = attrs[..at].chars().last();
        if before.is_none_or(char::is_whitespace) {
            let start = at + needle.len();
            let end = attrs[start..].find('"')? + start;
            return Some(&attrs[start..end]);
        }
        from = at + needle.len();
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

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Splits rendered page HTML at its headings (those with an id) into plain-text sections.
pub fn sections(html: &str) -> Vec<TextSection> {
    let mut out = vec![TextSection {
        anchor: String::new(),
        heading: String::new(),
        text: String::new(),
    }];
    let mut skipping: Option<(String, usize)> = None;
    let mut in_heading: Option<String> = None;
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
            if let Some((name, depth)) = &mut skipping {
                if tag.name == *name {
                    if tag.closing {
                        *depth -= 1;
                        if *depth == 0 {
                            skipping = None;
                        }
                    } else {
                        *depth += 1;
                    }
                }
                continue;
            }
            if !tag.closing {
                let class = attr(tag.attrs, "class").unwrap_or("");
                let skipped = SKIPPED.iter().any(|(n, c)| {
                    *n == tag.name && (c.is_empty() || class.split(' ').any(|x| x == *c))
                });
                if skipped {
                    // "a claim [1]." reads as "a claim." without its mark.
                    let last = out.last_mut().expect("one section");
                    let field = if in_heading.is_some() {
                        &mut last.heading
                    } else {
                        &mut last.text
                    };
                    field.truncate(field.trim_end().len());
                    skipping = Some((tag.name.clone(), 1));
                    continue;
                }
            }
            let is_heading = tag.name.len() == 2
                && tag.name.starts_with('h')
                && tag.name.as_bytes()[1].is_ascii_digit();
            if is_heading && !tag.closing {
                if let Some(id) = attr(tag.attrs, "id") {
                    in_heading = Some(id.to_string());
                    out.push(TextSection {
                        anchor: decode_entities(id),
                        heading: String::new(),
                        text: String::new(),
                    });
                    continue;
                }
            }
            if is_heading && tag.closing && in_heading.take().is_some() {
                continue;
            }
            if BLOCKS.contains(&tag.name.as_str()) {
                let last = out.last_mut().expect("one section");
                if in_heading.is_some() {
                    last.heading.push(' ');
                } else {
                    last.text.push(' ');
                }
            }
            continue;
        }
        let end = rest.find(['<']).unwrap_or(rest.len());
        if skipping.is_none() {
            let text = decode_entities(&rest[..end]);
            let last = out.last_mut().expect("one section");
            if in_heading.is_some() {
                last.heading.push_str(&text);
            } else {
                last.text.push_str(&text);
            }
        }
        rest = &rest[end..];
    }
    for s in &mut out {
        s.heading = collapse(&s.heading);
        s.text = collapse(&s.text);
    }
    if out[0].text.is_empty() && out.len() > 1 {
        out.remove(0);
    }
    out
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
    }
}
