//! The terms of the search index: words folded as the theme's script folds a query, each
//! word's pages with a precomputed relevance (BM25, names above headings above text), and
//! the split of it all into shards so that a query loads only the shards of its own words.
//!
//! Three kinds of shard, each a `.js` file that hands its data to `dossierSearchShard(name,
//! data)` so that it loads with a `<script>` tag, from a server or from the file system:
//! - `search/v/<hex>.js`, a *vocabulary* shard: every word starting with the same two letters
//!   (`<hex>` is their UTF-8 in hex), `[word, postings shard, pages]`, most frequent first.
//!   Prefix and typo matches are looked for here, among the words a query could mean.
//! - `search/t/<n>.js`, a *postings* shard: words in alphabetical runs of about
//!   `POSTINGS_SHARD_BYTES`, each with its pages (`encode_postings`); a frequent word gets a
//!   shard of its own.
//! - `search/p/<n>.js` (in `search.rs`): one page's title, address, kind and text.

use foldhash::{HashMap, HashMapExt};
use rayon::prelude::*;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Where a word is found on a page. Words of the text count as BM25 counts them (more
/// occurrences count less and less); a word of a name adds a bonus on top, in units of the
/// most that any number of occurrences in the text can add, so that a page named by the
/// query comes before a page that only mentions it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Field {
    Title,
    Aka,
    Heading,
    Description,
    Text,
}

impl Field {
    fn bonus(self) -> f32 {
        match self {
            Field::Title => 3.0,
            Field::Aka => 2.5,
            Field::Heading => 0.6,
            Field::Description => 0.4,
            Field::Text => 0.0,
        }
    }
}

/// BM25's parameters, the usual ones.
const K1: f32 = 1.2;
const B: f32 = 0.75;

/// The size a postings shard grows to before the next one starts.
pub const POSTINGS_SHARD_BYTES: usize = 16 * 1024;

/// Characters a vocabulary shard's words share.
pub const VOCABULARY_KEY_CHARS: usize = 2;

/// The 64 characters of the postings encoding: none needs escaping in JSON or JavaScript.
const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Text as the index and the query compare it: accents and other marks dropped (after
/// canonical decomposition), curly apostrophes straightened, lower case. `norm()` in
/// dossier.js does the same.
pub fn fold(text: &str) -> String {
    // Most text is ASCII, which decomposes to itself with no marks: only its case folds.
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    fold_unicode(text)
}

fn fold_unicode(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| if c == '’' || c == '‘' { '\'' } else { c })
        .flat_map(char::to_lowercase)
        .collect()
}

/// The words of folded text: runs of letters and digits.
pub fn words(folded: &str) -> Words<'_> {
    Words {
        text: folded,
        at: 0,
        ascii: folded.is_ascii(),
    }
}

/// `words`' iterator: ASCII text (most of it) is read a byte at a time, the rest a character
/// at a time, with the same result.
pub struct Words<'a> {
    text: &'a str,
    at: usize,
    ascii: bool,
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = &self.text[self.at..];
        let (start, len) = if self.ascii {
            let bytes = rest.as_bytes();
            let start = bytes.iter().position(u8::is_ascii_alphanumeric)?;
            let len = (bytes[start..].iter())
                .position(|b| !b.is_ascii_alphanumeric())
                .unwrap_or(bytes.len() - start);
            (start, len)
        } else {
            let start = rest.find(char::is_alphanumeric)?;
            let len = rest[start..]
                .find(|c: char| !c.is_alphanumeric())
                .unwrap_or(rest.len() - start);
            (start, len)
        };
        self.at += start + len;
        Some(&rest[start..start + len])
    }
}

/// The vocabulary shard a word is listed in: its first two characters (or its only one).
pub fn vocabulary_key(word: &str) -> String {
    word.chars().take(VOCABULARY_KEY_CHARS).collect()
}

/// A vocabulary key as a file name: its UTF-8 bytes in hex, so any script is a safe name.
pub fn key_file_name(key: &str) -> String {
    key.bytes().map(|b| format!("{b:02x}")).collect()
}

/// How a page holds a word: its occurrences, and the bonus of the best field it is in.
#[derive(Debug, Default, Clone, Copy)]
pub struct Occurrences {
    pub count: f32,
    pub bonus: f32,
}

/// One page's words and the length BM25 normalises by.
#[derive(Debug, Default)]
pub struct PageTerms {
    pub counts: HashMap<String, Occurrences>,
    pub length: u32,
}

impl PageTerms {
    /// Adds the words of `text` (unfolded), found in `field`. A title's words count more
    /// the fewer they are: "Huawei" names Huawei more than "Huawei and the senators" does.
    pub fn add(&mut self, text: &str, field: Field) {
        let folded = fold(text);
        let bonus = match field {
            Field::Title => field.bonus() * (0.5 + 0.5 / words(&folded).count().max(1) as f32),
            _ => field.bonus(),
        };
        for word in words(&folded) {
            // A word met before is found without making a key of it again.
            let o = match self.counts.get_mut(word) {
                Some(o) => o,
                None => self.counts.entry(word.to_string()).or_default(),
            };
            o.count += 1.0;
            o.bonus = o.bonus.max(bonus);
            self.length += 1;
        }
    }
}

/// A word's pages, by number, and how each holds it, packed (`TermIndex::pack`): at
/// 100,000 pages there are tens of millions of postings, and at 12 bytes each instead of 8
/// they were a fifth of the peak of a build with every output on.
type Pages = Vec<(u32, u32)>;

/// Bits of a packed posting that count a word's occurrences; the rest name its bonus.
const COUNT_BITS: u32 = 20;
/// A packed posting whose occurrences are in `TermIndex::overflow`. No packed posting is
/// all ones: bonuses are named up to 4,094.
const OVERFLOW: u32 = u32::MAX;

/// Every word's pages, gathered page by page in the index's page order.
#[derive(Debug, Default)]
pub struct TermIndex {
    postings: HashMap<Box<str>, Pages>,
    lengths: Vec<u32>,
    /// The distinct bonuses met, which packed postings name by place: a field's, or a
    /// title's of so many words, so a few dozen.
    bonuses: Vec<f32>,
    /// Occurrences no packed posting holds (a word met a million times on one page, or a
    /// bonus past the 4,095th), by page and word.
    overflow: HashMap<(u32, Box<str>), Occurrences>,
}

/// A word as a vocabulary shard lists it: `[word, postings shard, pages, best score]`. Its
/// pages' impacts are in 63rds of its best score, so scores of different words add up.
#[derive(Debug, PartialEq)]
pub struct VocabularyWord {
    pub word: String,
    pub shard: usize,
    pub pages: usize,
    pub best: f32,
}

impl serde::Serialize for VocabularyWord {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (&self.word, self.shard, self.pages, self.best).serialize(s)
    }
}

/// The index split into files: vocabulary shards by key, postings shards in order.
pub struct Shards {
    /// `(key, words)`, keys sorted, words most frequent first.
    pub vocabulary: Vec<(String, Vec<VocabularyWord>)>,
    /// Each postings shard: `(word, encoded postings)` in word order.
    pub postings: Vec<Vec<(String, String)>>,
}

impl TermIndex {
    /// Adds the words of the page after the last one added (numbered from 0).
    pub fn push(&mut self, page: PageTerms) {
        self.push_at(self.lengths.len(), page);
    }

    /// Adds the words of page number `n`, which pages may be added in any order.
    pub fn push_at(&mut self, n: usize, page: PageTerms) {
        if self.lengths.len() <= n {
            self.lengths.resize(n + 1, 0);
        }
        self.lengths[n] = page.length;
        for (word, count) in page.counts {
            self.push_posting(&word, n as u32, count);
        }
    }

    /// Adds page `n` to `word`'s pages, holding it as `o` says (packed, or kept whole beside).
    fn push_posting(&mut self, word: &str, n: u32, o: Occurrences) {
        let packed = match self.pack(o) {
            Some(packed) => packed,
            None => {
                self.overflow.insert((n, word.into()), o);
                OVERFLOW
            }
        };
        // A word met before is found without making a key of it again.
        match self.postings.get_mut(word) {
            Some(pages) => pages.push((n, packed)),
            None => {
                self.postings.insert(word.into(), vec![(n, packed)]);
            }
        }
    }

    /// How many distinct words have pages.
    pub fn words(&self) -> usize {
        self.postings.len()
    }

    /// Adds the pages of `other`, an index of other pages numbered alike (read on another
    /// thread, so that threads do not wait on each other to add their pages' words).
    pub fn merge(&mut self, mut other: TermIndex) {
        if self.lengths.len() < other.lengths.len() {
            self.lengths.resize(other.lengths.len(), 0);
        }
        for (mine, &theirs) in self.lengths.iter_mut().zip(&other.lengths) {
            *mine = (*mine).max(theirs);
        }
        // Where each of `other`'s bonuses is in this index's table, if it fits there.
        let places: Vec<Option<u32>> = (other.bonuses.iter())
            .map(|&b| self.bonus_place(b).map(|at| at as u32))
            .collect();
        for (word, mut pages) in std::mem::take(&mut other.postings) {
            for (n, packed) in &mut pages {
                let place = (*packed != OVERFLOW)
                    .then(|| places[(*packed >> COUNT_BITS) as usize])
                    .flatten();
                *packed = match place {
                    Some(at) => *packed & ((1 << COUNT_BITS) - 1) | at << COUNT_BITS,
                    None => {
                        let o = other.unpack(&word, *n, *packed);
                        self.overflow.insert((*n, word.clone()), o);
                        OVERFLOW
                    }
                };
            }
            match self.postings.get_mut(&word) {
                Some(mine) => mine.append(&mut pages),
                None => {
                    self.postings.insert(word, pages);
                }
            }
        }
    }

    /// The place of `bonus` in `bonuses`, added if new; `None` if the table is full.
    fn bonus_place(&mut self, bonus: f32) -> Option<usize> {
        match (self.bonuses.iter()).position(|b| b.to_bits() == bonus.to_bits()) {
            Some(at) => Some(at),
            None if self.bonuses.len() < (1 << (32 - COUNT_BITS)) - 1 => {
                self.bonuses.push(bonus);
                Some(self.bonuses.len() - 1)
            }
            None => None,
        }
    }

    /// `o` in a `u32`: its count (a sum of ones, so whole) in the low `COUNT_BITS`, the
    /// place of its bonus in `bonuses` above; `None` if either does not fit.
    fn pack(&mut self, o: Occurrences) -> Option<u32> {
        let count = o.count as u32;
        if count as f32 != o.count || count >= 1 << COUNT_BITS {
            return None;
        }
        let bonus = self.bonus_place(o.bonus)?;
        Some(count | (bonus as u32) << COUNT_BITS)
    }

    /// How page `page` holds `word`, from its packed posting.
    fn unpack(&self, word: &str, page: u32, packed: u32) -> Occurrences {
        if packed == OVERFLOW {
            return self.overflow[&(page, Box::from(word))];
        }
        Occurrences {
            count: (packed & ((1 << COUNT_BITS) - 1)) as f32,
            bonus: self.bonuses[(packed >> COUNT_BITS) as usize],
        }
    }

    /// Adds a word that is no word of the text (`kind:person`), on the pages given.
    pub fn push_label(&mut self, label: &str, pages: Vec<u32>) {
        for page in pages {
            self.push_posting(label, page, Occurrences::default());
        }
    }

    /// Scores every page of every word and splits the result into shards.
    pub fn into_shards(mut self) -> Shards {
        let pages = self.lengths.len().max(1) as f32;
        let average = (self.lengths.iter().map(|&l| l as f32).sum::<f32>() / pages).max(1.0);
        let lengths = &self.lengths;
        let bm25 = |df: usize, page: u32, o: Occurrences| {
            let idf = (1.0 + (pages - df as f32 + 0.5) / (df as f32 + 0.5)).ln();
            let length = lengths.get(page as usize).copied().unwrap_or(0) as f32;
            let text = o.count / (o.count + K1 * (1.0 - B + B * length / average));
            idf * (K1 + 1.0) * (text + o.bonus)
        };
        let mut words: Vec<(Box<str>, Pages)> =
            std::mem::take(&mut self.postings).into_iter().collect();
        words.sort_by(|a, b| a.0.cmp(&b.0));
        // Each word scored and encoded on its own, in parallel; then put in shards in order.
        let this = &self;
        let encoded: Vec<(Box<str>, usize, f32, String)> = (words.into_par_iter())
            .map(|(word, mut list)| {
                list.sort_unstable_by_key(|&(page, _)| page);
                let df = list.len();
                let scores: Vec<f32> = (list.iter())
                    .map(|&(page, packed)| bm25(df, page, this.unpack(&word, page, packed)))
                    .collect();
                let most = scores.iter().copied().fold(0.0, f32::max);
                let scored = list
                    .iter()
                    .zip(&scores)
                    .map(|(&(page, _), &score)| (page, impact(score, most)));
                let encoded = encode_postings(scored);
                (word, df, most, encoded)
            })
            .collect();
        let mut postings: Vec<Vec<(String, String)>> = Vec::new();
        let mut size = 0;
        let mut vocabulary: HashMap<String, Vec<VocabularyWord>> = HashMap::new();
        for (word, df, most, encoded) in encoded {
            let bytes = encoded.len() + word.len() + 6;
            if postings.is_empty() || size + bytes > POSTINGS_SHARD_BYTES && size > 0 {
                postings.push(Vec::new());
                size = 0;
            }
            size += bytes;
            let shard = postings.len() - 1;
            if !word.contains(':') {
                vocabulary
                    .entry(vocabulary_key(&word))
                    .or_default()
                    .push(VocabularyWord {
                        word: word.to_string(),
                        shard,
                        pages: df,
                        best: (most * 100.0).round() / 100.0,
                    });
            }
            postings[shard].push((word.into_string(), encoded));
        }
        let mut vocabulary: Vec<_> = vocabulary.into_iter().collect();
        vocabulary.sort_by(|a, b| a.0.cmp(&b.0));
        for (_, list) in &mut vocabulary {
            list.sort_by(|a, b| b.pages.cmp(&a.pages).then_with(|| a.word.cmp(&b.word)));
        }
        Shards {
            vocabulary,
            postings,
        }
    }
}

/// A score as one digit, 1 to 63, against the word's highest score.
fn impact(score: f32, most: f32) -> u8 {
    if score <= 0.0 {
        return 0;
    }
    ((score / most * 63.0).ceil() as u8).clamp(1, 63)
}

/// Pages in order with their impacts, as text, in the shorter of two forms:
/// - sparse: for each page the gap since the previous one (minus one) as a number
///   (`push_number`), then its impact as one digit: two characters a page where pages
///   follow each other;
/// - dense, for a word on most pages: `~`, the first page as a number, then a character for
///   each page from it to the last: its impact as one digit, or `.` where the word is not.
///   One character a page: a query of two words found on every page of a 100,000-page site
///   loads 200 KB of postings instead of 400 KB.
pub fn encode_postings(pages: impl Iterator<Item = (u32, u8)>) -> String {
    let pages: Vec<(u32, u8)> = pages.collect();
    let digit = |impact: u8| DIGITS[usize::from(impact.min(63))] as char;
    let mut sparse = String::new();
    let mut previous: i64 = -1;
    for &(page, impact) in &pages {
        push_number(&mut sparse, (i64::from(page) - previous - 1) as u64);
        previous = i64::from(page);
        sparse.push(digit(impact));
    }
    let (Some(&(first, _)), Some(&(last, _))) = (pages.first(), pages.last()) else {
        return sparse;
    };
    // The dense form takes at least a character a page from the first to the last.
    if (last - first) as usize + 2 >= sparse.len() {
        return sparse;
    }
    let mut dense = String::from("~");
    push_number(&mut dense, u64::from(first));
    let mut next = first;
    for &(page, impact) in &pages {
        dense.extend(std::iter::repeat_n('.', (page - next) as usize));
        dense.push(digit(impact));
        next = page + 1;
    }
    if dense.len() < sparse.len() {
        dense
    } else {
        sparse
    }
}

/// A number in base-32 digits, high first: `DIGITS[32..]` for all but the last, so that
/// the last says where it ends.
fn push_number(out: &mut String, n: u64) {
    let mut groups = vec![n & 31];
    let mut rest = n >> 5;
    while rest > 0 {
        groups.push(rest & 31);
        rest >>= 5;
    }
    for (i, g) in groups.iter().enumerate().rev() {
        let digit = if i == 0 { *g } else { 32 + g };
        out.push(DIGITS[digit as usize] as char);
    }
}

/// `encode_postings` undone (the theme's script does the same).
pub fn decode_postings(text: &str) -> Vec<(u32, u8)> {
    let value = |c: u8| DIGITS.iter().position(|&d| d == c).unwrap_or(0) as u64;
    let mut bytes = text.bytes().peekable();
    // A number's digits, up to the one below 32 that ends it.
    let number = |bytes: &mut std::iter::Peekable<std::str::Bytes>| {
        let mut n = 0u64;
        for c in bytes.by_ref() {
            let v = value(c);
            n = n * 32 + (v & 31);
            if v < 32 {
                break;
            }
        }
        n
    };
    let mut out = Vec::new();
    if bytes.next_if_eq(&b'~').is_some() {
        let first = number(&mut bytes) as u32;
        for (page, c) in (first..).zip(bytes) {
            if c != b'.' {
                out.push((page, value(c) as u8));
            }
        }
        return out;
    }
    let mut previous: i64 = -1;
    while bytes.peek().is_some() {
        let page = previous + 1 + number(&mut bytes) as i64;
        previous = page;
        let impact = bytes.next().map_or(0, value) as u8;
        out.push((page as u32, impact));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_drops_accents_and_case() {
        assert_eq!(fold("Zoë Ångström’s"), "zoe angstrom's");
        let folded = fold("Huawei, 5G-Netz");
        assert_eq!(words(&folded).collect::<Vec<_>>(), ["huawei", "5g", "netz"]);
        // ASCII is split a byte at a time, as the characters' own test would split it.
        for text in ["", " - ", "a", "a1 b_c-d", "--x--y", "end."] {
            let by_char: Vec<&str> = (text.split(|c: char| !c.is_alphanumeric()))
                .filter(|w| !w.is_empty())
                .collect();
            assert_eq!(words(text).collect::<Vec<_>>(), by_char, "{text:?}");
        }
        let mixed = fold("Zoë’s 2e—Ü-Boot");
        assert_eq!(
            words(&mixed).collect::<Vec<_>>(),
            ["zoe", "s", "2e", "u", "boot"]
        );
        // ASCII folds as the full Unicode folding would fold it.
        let ascii: String = (0..128u8).map(char::from).collect();
        assert_eq!(fold(&ascii), fold_unicode(&ascii));
    }

    #[test]
    fn postings_round_trip() {
        let pages = vec![(0, 5), (1, 63), (40, 1), (5000, 12), (5001, 0)];
        let text = encode_postings(pages.iter().copied());
        assert_eq!(&text[..4], "AFA_");
        assert_eq!(decode_postings(&text), pages);
    }

    #[test]
    fn a_word_on_most_pages_takes_a_character_a_page() {
        // Pages 70 to 169 but 100 and 150, impacts cycling through every digit, 0 included.
        let pages: Vec<(u32, u8)> = (70..170)
            .filter(|p| *p != 100 && *p != 150)
            .map(|p| (p, (p % 64) as u8))
            .collect();
        let text = encode_postings(pages.iter().copied());
        // `~`, 70 as two digits, then a character for each of the 100 pages.
        assert_eq!(&text[..3], "~iG");
        assert_eq!(text.len(), 103);
        assert_eq!(text.matches('.').count(), 2);
        assert_eq!(decode_postings(&text), pages);
    }

    #[test]
    fn a_word_on_few_pages_keeps_the_gaps() {
        let pages = vec![(3, 9), (4, 9), (30, 2)];
        let text = encode_postings(pages.iter().copied());
        assert_eq!(text, "DJAJZC");
        assert_eq!(decode_postings(&text), pages);
        // Gaps of 1,024 (`hgA`: a middle digit of 0 that is not the last).
        let far = vec![(1024, 3), (2049, 1)];
        let text = encode_postings(far.iter().copied());
        assert_eq!(text, "hgADhgAB");
        assert_eq!(decode_postings(&text), far);
        // As long either way (`~hI` and a digit a page from 40 to 43): the gaps are kept.
        let tie = [(40, 1), (41, 1), (43, 1)];
        assert_eq!(encode_postings(tie.into_iter()), "hIBABBB");
        assert_eq!(encode_postings(std::iter::empty()), "");
        assert_eq!(decode_postings(""), []);
    }

    #[test]
    fn frequent_words_have_shards_of_their_own_and_words_are_listed_by_prefix() {
        let mut index = TermIndex::default();
        for n in 0..20_000 {
            let mut page = PageTerms::default();
            page.add(
                if n % 2 == 0 {
                    "common huawei"
                } else {
                    "common hub"
                },
                Field::Text,
            );
            index.push(page);
        }
        let shards = index.into_shards();
        let keys: Vec<&str> = shards.vocabulary.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["co", "hu"]);
        let hu: Vec<(&str, usize, usize)> = shards.vocabulary[1]
            .1
            .iter()
            .map(|w| (w.word.as_str(), w.shard, w.pages))
            .collect();
        assert_eq!(hu, [("huawei", 1, 10_000), ("hub", 2, 10_000)]);
        assert_eq!(shards.postings.len(), 3);
        assert!(shards.postings.iter().all(|s| s.len() == 1));
    }

    #[test]
    fn postings_are_packed_and_what_does_not_fit_is_kept_whole() {
        let mut index = TermIndex::default();
        let occurrences = |count: f32, bonus: f32| Occurrences { count, bonus };
        let mut all = vec![
            occurrences(1.0, 0.0),
            occurrences(7.0, 3.0 * 0.75),
            occurrences(1.0, 0.0),
            // Too many to count in a packed posting, the most that fit, one too many.
            occurrences(2_000_000.0, 0.6),
            occurrences(((1 << COUNT_BITS) - 1) as f32, 0.6),
            occurrences((1 << COUNT_BITS) as f32, 0.6),
        ];
        // More bonuses than a packed posting can name (4,095, three taken above).
        all.extend((0..5000).map(|i| occurrences(2.0, 10.0 + i as f32 / 8.0)));
        for (page, &o) in all.iter().enumerate() {
            let mut terms = PageTerms::default();
            terms.counts.insert("word".into(), o);
            terms.length = 1;
            index.push_at(page, terms);
        }
        index.push_label("kind:note", vec![1, 4]);
        let word = &index.postings["word"];
        assert_eq!(word.len(), all.len());
        for (&(page, packed), want) in word.iter().zip(&all) {
            let got = index.unpack("word", page, packed);
            assert_eq!(
                (got.count, got.bonus),
                (want.count, want.bonus),
                "page {page}"
            );
        }
        let packed: Vec<bool> = word.iter().map(|&(_, p)| p != OVERFLOW).collect();
        assert_eq!(packed[..6], [true, true, true, false, true, false]);
        assert_eq!(packed.iter().filter(|&&p| !p).count(), 2 + 5000 - 4092);
        assert_eq!(index.overflow.len(), 2 + 5000 - 4092);
        for &(page, packed) in &index.postings["kind:note"] {
            let o = index.unpack("kind:note", page, packed);
            assert_eq!((o.count, o.bonus), (0.0, 0.0));
        }
    }

    #[test]
    fn indexes_of_pages_read_apart_merge_into_the_index_read_together() {
        // Titles of one to six words (six bonuses), met in another order by each half; one
        // page with more occurrences than a packed posting holds.
        let page = |n: usize| {
            let mut terms = PageTerms::default();
            let title =
                ["audit", "huawei", "zte", "board", "fine", "order"][..1 + n * 7 % 6].join(" ");
            terms.add(&title, Field::Title);
            terms.add(
                if n.is_multiple_of(3) {
                    "audit of the board"
                } else {
                    "huawei board"
                },
                Field::Text,
            );
            if n == 5 {
                terms.counts.get_mut("board").expect("added").count = 2_000_000.0;
            }
            terms
        };
        let mut together = TermIndex::default();
        let (mut odd, mut even) = (TermIndex::default(), TermIndex::default());
        for n in 0..40 {
            together.push_at(n, page(n));
            let half = if !n.is_multiple_of(2) {
                &mut odd
            } else {
                &mut even
            };
            half.push_at(n, page(n));
        }
        assert_ne!(odd.bonuses, even.bonuses);
        even.merge(odd);
        assert_eq!(even.overflow.len(), 1);
        let (merged, whole) = (even.into_shards(), together.into_shards());
        assert_eq!(merged.vocabulary, whole.vocabulary);
        assert_eq!(merged.postings, whole.postings);
    }

    #[test]
    fn a_word_once_in_a_long_page_scores_less_than_once_in_a_short_one() {
        // BM25 with k1 = 1.2, b = 0.75, both pages holding the word once (the same idf):
        // lengths 10 and 1,000, average 505; 1 / (1 + 1.2 (0.25 + 0.75 × 10 / 505)) = 0.759
        // and 1 / (1 + 1.2 (0.25 + 0.75 × 1000 / 505)) = 0.324, which is 27 63rds of it.
        let mut index = TermIndex::default();
        for length in [10, 1000] {
            let mut terms = PageTerms::default();
            terms.counts.insert(
                "w".into(),
                Occurrences {
                    count: 1.0,
                    bonus: 0.0,
                },
            );
            terms.length = length;
            index.push(terms);
        }
        let shards = index.into_shards();
        let (_, postings) = &shards.postings[0][0];
        assert_eq!(decode_postings(postings), [(0, 63), (1, 27)]);
    }
}
