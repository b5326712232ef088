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

    /// Text marked whole.
    pub fn marked(text: impl Into<Arc<str>>) -> Excerpt {
        let text: Arc<str> = text.into();
        let mark = 0..text.len();
        Excerpt { text, mark }
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

    /// The excerpt with every `from` replaced by `to`, its mark following the words.
    pub fn replace(&self, from: &str, to: &str) -> Excerpt {
        let (before, mark, after) = self.parts();
        let (before, mark, after) = (
            before.replace(from, to),
            mark.replace(from, to),
            after.replace(from, to),
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
/// it is short enough to be every place's excerpt.
pub fn excerpt(text: &str, place: Marked, shared: Option<&Arc<str>>) -> Excerpt {
    let (mark, sentence) = mark_and_sentence(text, place);
    let mut excerpt = match shared {
        Some(whole) => Excerpt {
            text: whole.clone(),
            mark: collapse(text, 0..text.len(), mark).1,
        },
        None => {
            let (collapsed, mark) = collapse(text, sentence, mark);
            fit(collapsed, mark)
        }
    };
    // A claim that is the whole excerpt is not marked: the mark would single out nothing.
    let (before, _, after) = excerpt.parts();
    if matches!(place, Marked::Claim(_))
        && before.is_empty()
        && after.chars().all(|c| c.is_ascii_punctuation() || c == '…')
    {
        excerpt.mark = 0..0;
    }
    excerpt
}

/// Whether a block's text is short enough to be the excerpt of every place in it.
pub fn is_short(text: &str) -> bool {
    text.trim().chars().count() <= EXCERPT_LIMIT
}

/// `text[window]` with runs of whitespace as one space and no space at either end, and where
/// `mark` (bytes of `text`) lands in it, trimmed of spaces.
pub fn collapse(text: &str, window: Range<usize>, mark: Range<usize>) -> (String, Range<usize>) {
    let mut out = String::with_capacity(window.len());
    let (mut mark_start, mut mark_end) = (None, None);
    let mut pending_space = false;
    for (i, c) in text[window.clone()].char_indices() {
        let at = window.start + i;
        if at >= mark.start && mark_start.is_none() {
            mark_start = Some(out.len() + usize::from(pending_space && !out.is_empty()));
        }
        if at >= mark.end && mark_end.is_none() {
            mark_end = Some(out.len());
        }
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
    let start = mark_start.unwrap_or(out.len()).min(out.len());
    let end = mark_end.unwrap_or(out.len()).clamp(start, out.len());
    let marked = &out[start..end];
    let start = start + (marked.len() - marked.trim_start().len());
    let end = start + marked.trim().len();
    (out, start..end)
}

/// A sentence cut to `EXCERPT_LIMIT` characters at a word, keeping the mark in view.
fn fit(text: String, mark: Range<usize>) -> Excerpt {
    if text.chars().count() <= EXCERPT_LIMIT {
        return Excerpt {
            text: text.into(),
            mark,
        };
    }
    // Start a little before the mark when the mark lies past the limit.
    let mut start = 0;
    if text[..mark.end].chars().count() > EXCERPT_LIMIT - 1 {
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
    fn replacing_keeps_the_mark_on_its_words() {
        let e = Excerpt {
            text: "see huawei and huawei".into(),
            mark: 15..21,
        };
        assert_eq!(
            shown(&e.replace("huawei", "Huawei Ltd")),
            "see Huawei Ltd and [Huawei Ltd]"
        );
    }
}
