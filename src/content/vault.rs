//! What Obsidian writes in a note's text besides Markdown, read when the page is read:
//! `%%comments%%`, which must never reach any output, and inline `#tags`.
//!
//! Comments are blanked in the page's text itself (each byte a space, newlines kept), so
//! every later reader (HTML, search index, previews, feeds, excerpts) is without them and
//! every offset into the text still points where it did. Code blocks and code spans are
//! left alone: `%%` and `#` mean nothing there.

/// Makes a file's text what the build reads: its comments blanked. Done where a page is
/// read and where its text is read again to render it, so that both are the same.
pub fn prepare(text: &mut String) {
    if let Ok(split) = super::front_matter::split(text) {
        let body_offset = split.body_offset;
        blank_comments(text, body_offset);
    }
}

/// The stretches of `body` outside code: `(start, end)` byte ranges.
fn outside_code(body: &str) -> Vec<(usize, usize)> {
    let mut stretches = Vec::new();
    let mut fence: Option<&str> = None;
    let mut pos = 0;
    for line in body.split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        let trimmed = line.trim_start();
        let marker = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m));
        match (fence, marker) {
            (None, Some(m)) => fence = Some(m),
            (Some(f), Some(m)) if f == m => fence = None,
            (None, None) => push_outside_spans(line, start, &mut stretches),
            _ => {}
        }
    }
    stretches
}

/// The parts of one line outside its `code spans`.
fn push_outside_spans(line: &str, start: usize, stretches: &mut Vec<(usize, usize)>) {
    let mut from = 0;
    let mut rest = line;
    while let Some(open) = rest.find('`') {
        let ticks = rest[open..].len() - rest[open..].trim_start_matches('`').len();
        let after = open + ticks;
        let closer = "`".repeat(ticks);
        let Some(close) = rest[after..].find(&closer) else {
            break;
        };
        stretches.push((start + from, start + from + open));
        let end = after + close + ticks;
        from += end;
        rest = &rest[end..];
    }
    stretches.push((start + from, start + line.len()));
}

/// Blanks every `%%comment%%` of the text after byte `body_offset` (a comment may span
/// lines; one never closed runs to the end, as in Obsidian).
pub fn blank_comments(text: &mut String, body_offset: usize) {
    if !text[body_offset..].contains("%%") {
        return;
    }
    let body = &text[body_offset..];
    let mut blank: Vec<(usize, usize)> = Vec::new();
    let mut open: Option<usize> = None;
    for (start, end) in outside_code(body) {
        let mut at = start;
        while let Some(i) = body[at..end].find("%%") {
            let here = at + i;
            match open.take() {
                None => open = Some(here),
                Some(from) => blank.push((from, here + 2)),
            }
            at = here + 2;
        }
    }
    if let Some(from) = open {
        blank.push((from, body.len()));
    }
    let mut bytes = std::mem::take(text).into_bytes();
    for (from, to) in blank {
        for b in &mut bytes[body_offset + from..body_offset + to] {
            if *b != b'\n' {
                *b = b' ';
            }
        }
    }
    // Only whole characters were replaced (the ranges start and end at `%%`), but a
    // multi-byte character inside is now spaces; nothing else changed.
    *text = String::from_utf8(bytes).expect("blanking keeps UTF-8");
}

/// The `#tags` written in `body` (a `#` at the start of a word, then letters, digits, `_`,
/// `-` or `/`, not only digits), in order, once each.
pub fn inline_tags(body: &str) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for (start, end) in outside_code(body) {
        let stretch = &body[start..end];
        for (i, _) in stretch.match_indices('#') {
            let before = stretch[..i].chars().next_back();
            if before.is_some_and(|c| !c.is_whitespace()) {
                continue;
            }
            let tag: String = stretch[i + 1..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '/'))
                .collect();
            let tag = tag.trim_end_matches(['-', '/']);
            if !tag.is_empty()
                && !tag.chars().all(|c| c.is_ascii_digit())
                && !tags.iter().any(|t| t == tag)
            {
                tags.push(tag.to_string());
            }
        }
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_blanked_outside_code() {
        let mut text = "+++\n+++\nA %%secret%% b `%%kept%%`\n%%\nlines\n%%\n".to_string();
        blank_comments(&mut text, 8);
        assert_eq!(text, "+++\n+++\nA            b `%%kept%%`\n  \n     \n  \n");
    }

    #[test]
    fn inline_tags_are_words_starting_with_hash() {
        assert_eq!(
            inline_tags(
                "# Heading\nSee #china and #2019 and a#b, #a/b [x](#anchor).\n```\n#code\n```\n"
            ),
            ["china", "a/b"]
        );
    }
}
