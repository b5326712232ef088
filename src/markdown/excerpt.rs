//! The words around a link or citation, as "Referenced by" and "Cited by" show them: the
//! sentence that carries it (or the whole block when short), with the part it stands for
//! marked — a link's own words, or the claim a citation backs (its sentence up to the mark).

use std::ops::Range;
use std::sync::Arc;

/// How long, in characters, an excerpt may grow before it is cut to a sentence.
pub const EXCERPT_LIMIT: usize = 280;

/// The characters kept before the marked part when a long sentence is cut to fit.
const LEAD_IN: usize = 80;

/// A piece of text with the part that matters marked.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Excerpt {
    /// The text, whitespace collapsed; shared between the places of one short block.
    pub text: Arc<str>,
    /// The byte range of `text` the link's words or the cited claim take (may be empty).
    pub mark: Range<usize>,
}

impl Excerpt {
    /// Text with nothing marked.
    pub fn plain(text: impl Into<Arc<str>>) -> Excerpt {
        Excerpt {
            text: text.into(),
            mark: 0..0,
        }
    }

    /// The text before the mark, the mark, and the text after it.
    pub fn parts(&self) -> (&str, &str, &str) {
        let t = &*self.text;
        (
            &t[..self.mark.start],
            &t[self.mark.clone()],
            &t[self.mark.end..],
        )
    }

    /// The excerpt with every match of `finder` replaced by its entry in `to`, the mark
    /// following the words.
    pub fn replace_all(&self, finder: &aho_corasick::AhoCorasick, to: &[&str]) -> Excerpt {
        let (before, mark, after) = self.parts();
        let (before, mark, after) = (
            finder.replace_all(before, to),
            finder.replace_all(mark, to),
            finder.replace_all(after, to),
        );
        let start = before.len();
        Excerpt {
            mark: start..start + mark.len(),
            text: format!("{before}{mark}{after}").into(),
        }
    }
}

/// What a place in a text block stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marked {
    /// A link whose words take `start..end` of the block.
    Words(usize, usize),
    /// A citation standing at byte `at` (its claim is the text before it in its sentence).
    Claim(usize),
}

/// Words ending in a full stop that do not end a sentence ("Sen. Wyden", "U.S. law").
const ABBREVIATIONS: [&str; 14] = [
    "sen", "rep", "gov", "gen", "mr", "mrs", "ms", "dr", "st", "no", "vs", "p", "pp", "para",
];

fn is_sentence_end(bytes: &[u8], i: usize) -> bool {
    if !matches!(bytes[i], b'.' | b'?' | b'!') || bytes.get(i + 1).is_some_and(|b| *b != b' ') {
        return false;
    }
    if bytes[i] != b'.' {
        return true;
    }
    // The word the full stop ends: an initial ("U.S.", "J.") or a known abbreviation.
    let start = bytes[..i]
        .iter()
        .rposition(|b| b.is_ascii_whitespace() || *b == b'(')
        .map_or(0, |s| s + 1);
    let word = &bytes[start..i];
    let initial = word.len() == 1 && word[0].is_ascii_uppercase()
        || word.len() >= 2 && word[word.len() - 2] == b'.';
    let abbreviation = ABBREVIATIONS
        .iter()
        .any(|a| word.eq_ignore_ascii_case(a.as_bytes()));
    !(initial || abbreviation)
}

/// The sentence of `text` holding byte `at`: from after the previous sentence end to its own.
fn sentence(text: &str, at: usize) -> Range<usize> {
    let bytes = text.as_bytes();
    let at = at.min(text.len().saturating_sub(1));
    let start = (0..at)
        .rev()
        .find(|&i| is_sentence_end(bytes, i))
        .map_or(0, |i| i + 1);
    let end = (at..text.len())
        .find(|&i| is_sentence_end(bytes, i))
        .map_or(text.len(), |i| i + 1);
    start..end
}

/// What `place` marks in `text`, and the sentence around it.
fn mark_and_sentence(text: &str, place: Marked) -> (Range<usize>, Range<usize>) {
    match place {
        Marked::Words(start, end) => {
            let (start, end) = (start.min(text.len()), end.min(text.len()));
            ((start..end), sentence(text, start))
        }
        Marked::Claim(at) => {
            let at = at.min(text.len());
            // The claim is the sentence the citation closes: the one holding the last word
            // before it ("a claim [@x]." and "a claim. [@x]" both back "a claim"). A citation
            // opening its block backs the sentence it opens.
            let last = text[..at].trim_end().len();
            let within = if last == 0 { at } else { last - 1 };
            let s = sentence(text, within);
            let claim = if last == 0 { s.clone() } else { s.start..at };
            (claim, s)
        }
    }
}

/// The excerpt for `place` in a text block; `shared` is the whole block's collapsed text when
/// it is short enough to be every place's excerpt. One place at a time: `BlockExcerpts`
/// gives the same for all the places of a block in time proportional to its length.
pub fn excerpt(text: &str, place: Marked, shared: Option<&Arc<str>>) -> Excerpt {
    let (mark, sentence) = mark_and_sentence(text, place);
    let excerpt = match shared {
        Some(whole) => Excerpt {
            text: whole.clone(),
            mark: collapse(text, 0..text.len(), mark).1,
        },
        None => {
            let (collapsed, mark) = collapse(text, sentence, mark);
            let chars: Vec<usize> = collapsed.char_indices().map(|(i, _)| i).collect();
            fit(&collapsed, &chars, mark)
        }
    };
    unmark_whole_claim(excerpt, place)
}

/// A claim that is the whole excerpt is not marked: the mark would single out nothing.
fn unmark_whole_claim(mut excerpt: Excerpt, place: Marked) -> Excerpt {
    let (before, _, after) = excerpt.parts();
    if matches!(place, Marked::Claim(_))
        && before.is_empty()
        && after.chars().all(|c| c.is_ascii_punctuation() || c == '…')
    {
        excerpt.mark = 0..0;
    }
    excerpt
}

/// The excerpts of the places of one text block, given in order: the block's sentence ends
/// are found once, and each sentence is collapsed once however many places it holds, so a
/// paragraph of thousands of links costs time in proportion to its length (the same
/// excerpts as `excerpt`, place by place).
pub struct BlockExcerpts<'t> {
    text: &'t str,
    /// Byte offsets of the characters that end a sentence.
    ends: Vec<usize>,
    /// The whole block collapsed, when it is short enough to be every place's excerpt.
    whole: Option<(Collapsed, Arc<str>)>,
    /// The sentence collapsed last.
    last: Option<Collapsed>,
}

impl<'t> BlockExcerpts<'t> {
    pub fn new(text: &'t str) -> Self {
        let bytes = text.as_bytes();
        crate::cost::step("context byte", text.len());
        let ends = (0..text.len())
            .filter(|&i| is_sentence_end(bytes, i))
            .collect();
        let whole = is_short(text).then(|| {
            let c = Collapsed::new(text, 0..text.len());
            let shared: Arc<str> = c.out.as_str().into();
            (c, shared)
        });
        BlockExcerpts {
            text,
            ends,
            whole,
            last: None,
        }
    }

    /// The sentence holding byte `at`, as `sentence` finds it.
    fn sentence(&self, at: usize) -> Range<usize> {
        let at = at.min(self.text.len().saturating_sub(1));
        let before = self.ends.partition_point(|&e| e < at);
        let start = before.checked_sub(1).map_or(0, |i| self.ends[i] + 1);
        let end = self.ends.get(before).map_or(self.text.len(), |&e| e + 1);
        start..end
    }

    fn mark_and_sentence(&self, place: Marked) -> (Range<usize>, Range<usize>) {
        let text = self.text;
        match place {
            Marked::Words(start, end) => {
                let (start, end) = (start.min(text.len()), end.min(text.len()));
                ((start..end), self.sentence(start))
            }
            Marked::Claim(at) => {
                let at = at.min(text.len());
                let last = text[..at].trim_end().len();
                let within = if last == 0 { at } else { last - 1 };
                let s = self.sentence(within);
                let claim = if last == 0 { s.clone() } else { s.start..at };
                (claim, s)
            }
        }
    }

    pub fn excerpt(&mut self, place: Marked) -> Excerpt {
        let (mark, sentence) = self.mark_and_sentence(place);
        let excerpt = if let Some((whole, shared)) = &self.whole {
            Excerpt {
                text: shared.clone(),
                mark: whole.mark(mark),
            }
        } else {
            if self.last.as_ref().is_none_or(|c| c.window != sentence) {
                self.last = Some(Collapsed::new(self.text, sentence));
            }
            let c = self.last.as_ref().expect("just made");
            fit(&c.out, &c.out_chars, c.mark(mark))
        };
        unmark_whole_claim(excerpt, place)
    }
}

/// `text[window]` collapsed as `collapse` does it, with what is needed to place any mark in
/// it without collapsing again.
struct Collapsed {
    window: Range<usize>,
    out: String,
    /// For each character of the window: its byte offset in `text`, where a mark starting
    /// there starts in `out`, and where a mark ending there ends.
    chars: Vec<(usize, usize, usize)>,
    /// Byte offsets of the characters of `out`.
    out_chars: Vec<usize>,
}

impl Collapsed {
    fn new(text: &str, window: Range<usize>) -> Collapsed {
        crate::cost::step("context byte", window.len());
        let mut out = String::with_capacity(window.len());
        let mut chars = Vec::new();
        let mut pending_space = false;
        for (i, c) in text[window.clone()].char_indices() {
            let starts = out.len() + usize::from(pending_space && !out.is_empty());
            chars.push((window.start + i, starts, out.len()));
            if c.is_whitespace() {
                pending_space = true;
                continue;
            }
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(c);
        }
        let out_chars = out.char_indices().map(|(i, _)| i).collect();
        Collapsed {
            window,
            out,
            chars,
            out_chars,
        }
    }

    /// Where `mark` (bytes of `text`) lands in `out`, trimmed of spaces: as `collapse` says.
    fn mark(&self, mark: Range<usize>) -> Range<usize> {
        let out = &self.out;
        let first_at = |offset: usize| self.chars.partition_point(|&(at, _, _)| at < offset);
        let start = self
            .chars
            .get(first_at(mark.start))
            .map_or(out.len(), |&(_, s, _)| s)
            .min(out.len());
        let end = self
            .chars
            .get(first_at(mark.end))
            .map_or(out.len(), |&(_, _, e)| e)
            .clamp(start, out.len());
        let marked = &out[start..end];
        let start = start + (marked.len() - marked.trim_start().len());
        start..start + marked.trim().len()
    }
}

/// Whether a block's text is short enough to be the excerpt of every place in it.
pub fn is_short(text: &str) -> bool {
    text.trim().chars().count() <= EXCERPT_LIMIT
}

/// `text[window]` with runs of whitespace as one space and no space at either end, and where
/// `mark` (bytes of `text`) lands in it, trimmed of spaces.
pub fn collapse(text: &str, window: Range<usize>, mark: Range<usize>) -> (String, Range<usize>) {
    let collapsed = Collapsed::new(text, window);
    let mark = collapsed.mark(mark);
    (collapsed.out, mark)
}

/// A sentence cut to `EXCERPT_LIMIT` characters at a word, keeping the mark in view.
/// `chars` holds the byte offset of every character of `text`, so that counting characters
/// up to a place costs a search, not a scan.
fn fit(text: &str, chars: &[usize], mark: Range<usize>) -> Excerpt {
    if chars.len() <= EXCERPT_LIMIT {
        return Excerpt {
            text: text.into(),
            mark,
        };
    }
    // Start a little before the mark when the mark lies past the limit.
    let mut start = 0;
    if chars.partition_point(|&c| c < mark.end) > EXCERPT_LIMIT - 1 {
        let lead: usize = text[..mark.start]
            .chars()
            .rev()
            .take(LEAD_IN)
            .map(char::len_utf8)
            .sum();
        let from = mark.start - lead;
        start = text[from..mark.start]
            .find(' ')
            .map_or(mark.start, |s| from + s + 1);
    }
    let budget = EXCERPT_LIMIT - usize::from(start > 0);
    let cut_end = text[start..]
        .char_indices()
        .nth(budget)
        .map_or(text.len(), |(i, _)| start + i);
    let end = if cut_end < text.len() {
        text[start..cut_end]
            .rfind(' ')
            .map_or(cut_end, |s| start + s)
            .max(mark.end.min(cut_end))
    } else {
        text.len()
    };
    let lead = if start > 0 { "…" } else { "" };
    let tail = if end < text.len() { "…" } else { "" };
    let shift = lead.len();
    let mark_start = mark.start.clamp(start, end) - start + shift;
    let mark_end = mark.end.clamp(start, end) - start + shift;
    Excerpt {
        text: format!("{lead}{}{tail}", &text[start..end]).into(),
        mark: mark_start..mark_end,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(e: &Excerpt) -> String {
        let (b, m, a) = e.parts();
        format!("{b}[{m}]{a}")
    }

    #[test]
    fn a_citation_backs_the_sentence_it_closes() {
        let filler = "Lorem ipsum dolor sit amet. ".repeat(12);
        // As `analyze` leaves the text: the citation gone, the space before it too.
        let text = format!("{filler}Huawei was named. Then more came. {filler}");
        let at = text.find(". Then").unwrap();
        // The whole excerpt is the claim: nothing singled out.
        let e = excerpt(&text, Marked::Claim(at), None);
        assert_eq!(shown(&e), "[]Huawei was named.");
        // After the full stop: the same sentence, not the next one.
        let e = excerpt(&text, Marked::Claim(at + 1), None);
        assert_eq!(shown(&e), "[]Huawei was named.");
        // Mid-sentence: the words before it.
        let at = text.find(" more").unwrap();
        let e = excerpt(&text, Marked::Claim(at), None);
        assert_eq!(shown(&e), "[Then] more came.");
    }

    #[test]
    fn a_short_block_is_every_excerpt_with_its_own_mark() {
        let text = "One  claim. Another\nclaim.";
        let whole: Arc<str> = collapse(text, 0..text.len(), 0..0).0.into();
        let e = excerpt(text, Marked::Claim(10), Some(&whole));
        assert_eq!(shown(&e), "[One claim]. Another claim.");
        let e = excerpt(text, Marked::Claim(text.len() - 1), Some(&whole));
        assert_eq!(shown(&e), "One claim. [Another claim].");
        let e = excerpt(text, Marked::Words(12, 19), Some(&whole));
        assert_eq!(shown(&e), "One claim. [Another] claim.");
    }

    #[test]
    fn a_long_sentence_is_cut_around_its_mark() {
        let words = "word ".repeat(100);
        let text = format!("{words}Huawei {words}");
        let at = text.find("Huawei").unwrap();
        let e = excerpt(&text, Marked::Words(at, at + 6), None);
        assert_eq!(e.parts().1, "Huawei");
        assert!(
            e.text.starts_with('…') && e.text.ends_with('…'),
            "{}",
            e.text
        );
        assert!(e.text.chars().count() <= EXCERPT_LIMIT + 1, "{}", e.text);
    }

    #[test]
    fn abbreviations_and_initials_do_not_end_a_sentence() {
        let filler = "Lorem ipsum dolor sit amet. ".repeat(12);
        let text = format!("{filler}Sen. Ron Wyden asked the U.S. firm. Then more.");
        let at = text.find(". Then").unwrap();
        let e = excerpt(&text, Marked::Claim(at), None);
        assert_eq!(e.text.as_ref(), "Sen. Ron Wyden asked the U.S. firm.");
    }

    #[test]
    fn any_place_in_any_text_gives_an_excerpt_without_panicking() {
        let long = "Zoë Ångström — 华为. Ünïcödé words here! ".repeat(20);
        for text in ["", " ", "é", "a. b", long.as_str()] {
            let shared: Arc<str> = collapse(text, 0..text.len(), 0..0).0.into();
            for at in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                for share in [None, Some(&shared)] {
                    excerpt(text, Marked::Claim(at), share);
                    let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
                    let e = excerpt(text, Marked::Words(at, end), share);
                    let (_, mark, _) = e.parts();
                    assert!(mark.len() <= 4, "{text:?} {at}: {mark:?}");
                }
            }
        }
    }

    #[test]
    fn a_block_s_excerpts_are_those_made_one_place_at_a_time() {
        let long = "Sen. Wyden asked. U.S. law says so! Ünïcödé words   here? ".repeat(12);
        for text in [
            "",
            "é",
            "a. b",
            "Short block. Two sentences.",
            long.as_str(),
        ] {
            let shared: Arc<str> = collapse(text, 0..text.len(), 0..0).0.into();
            let share = is_short(text).then_some(&shared);
            let mut block = BlockExcerpts::new(text);
            for at in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
                for place in [Marked::Claim(at), Marked::Words(at, end)] {
                    assert_eq!(
                        block.excerpt(place),
                        excerpt(text, place, share),
                        "{text:?} {place:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn replacing_keeps_the_mark_on_its_words() {
        let e = Excerpt {
            text: "see huawei and huawei".into(),
            mark: 15..21,
        };
        let finder = aho_corasick::AhoCorasick::new(["huawei", "zte"]).unwrap();
        assert_eq!(
            shown(&e.replace_all(&finder, &["Huawei Ltd", "ZTE"])),
            "see Huawei Ltd and [Huawei Ltd]"
        );
    }
}
