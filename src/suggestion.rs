//! Did-you-mean: the known name most like one that matches nothing, by strsim's normalised
//! Damerau-Levenshtein similarity (at least 0.6; ties go to the name first in byte order).
//!
//! A site with many broken links must not compare every link with every name: `Names`
//! keeps the names by length and with their characters sorted, so that most names are
//! ruled out by two cheap bounds on the distance (the difference in length, and the
//! characters one name has that the other lacks) before the costly distance is computed,
//! and remembers its answer for each name asked. The bounds never rule out a name that
//! could win, so the suggestion is the one comparing with every name would give.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

/// The lowest similarity worth suggesting.
const THRESHOLD: f64 = 0.6;

/// Names to suggest from, indexed once, with each answer remembered.
#[derive(Debug, Default)]
pub struct Names {
    /// By length in characters: each name with its characters sorted.
    by_length: BTreeMap<usize, Vec<(String, Vec<char>)>>,
    answers: Mutex<HashMap<String, Option<String>>>,
}

impl Names {
    pub fn new<S: AsRef<str>>(names: impl IntoIterator<Item = S>) -> Self {
        let mut by_length: BTreeMap<usize, Vec<(String, Vec<char>)>> = BTreeMap::new();
        for name in names {
            let name = name.as_ref();
            let chars = sorted_chars(name);
            by_length
                .entry(chars.len())
                .or_default()
                .push((name.to_string(), chars));
        }
        Names {
            by_length,
            answers: Mutex::default(),
        }
    }

    /// The name most like `key`, if one is like enough.
    pub fn closest(&self, key: &str) -> Option<String> {
        let remembered = |answers: &HashMap<String, Option<String>>| answers.get(key).cloned();
        if let Some(answer) = remembered(&self.answers.lock().unwrap_or_else(|e| e.into_inner())) {
            return answer;
        }
        let answer = self.search(key);
        self.answers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key.to_string(), answer.clone());
        answer
    }

    fn search(&self, key: &str) -> Option<String> {
        let key_chars = sorted_chars(key);
        let k = key_chars.len();
        // Lengths outside this window differ too much to reach the threshold (with a
        // margin of one each side; `upper_bound` decides exactly).
        let shortest = (k as f64 * THRESHOLD).floor() as usize;
        let longest = (k as f64 / THRESHOLD).ceil() as usize + 1;
        let mut best = Best::default();
        for (_, names) in self.by_length.range(shortest.saturating_sub(1)..=longest) {
            for (name, chars) in names {
                best.consider(key, &key_chars, name, chars);
            }
        }
        best.name
    }
}

/// The most similar name so far, and its similarity.
#[derive(Default)]
struct Best {
    score: f64,
    name: Option<String>,
}

impl Best {
    fn consider(&mut self, key: &str, key_chars: &[char], name: &str, chars: &[char]) {
        crate::cost::step("suggestion candidate", 1);
        let floor = if self.name.is_some() {
            self.score
        } else {
            THRESHOLD
        };
        if upper_bound(key_chars, chars) < floor {
            return;
        }
        crate::cost::step("suggestion distance", 1);
        let score = strsim::normalized_damerau_levenshtein(key, name);
        let better = match &self.name {
            None => score >= THRESHOLD,
            Some(best) => score > self.score || (score == self.score && name < best.as_str()),
        };
        if better {
            self.score = score;
            self.name = Some(name.to_string());
        }
    }
}

/// Compares `key` with every name, as `Names::closest` does with an index: for names
/// too few to index, such as the heading ids of one page.
pub fn closest<S: AsRef<str>>(key: &str, names: impl IntoIterator<Item = S>) -> Option<String> {
    let key_chars = sorted_chars(key);
    let mut best = Best::default();
    for name in names {
        let name = name.as_ref();
        best.consider(key, &key_chars, name, &sorted_chars(name));
    }
    best.name
}

fn sorted_chars(text: &str) -> Vec<char> {
    let mut chars: Vec<char> = text.chars().collect();
    chars.sort_unstable();
    chars
}

/// The highest similarity two names with these (sorted) characters can have: each edit
/// changes at most one character on each side, so the distance is at least the count of
/// characters one has and the other lacks. Computed as strsim computes the similarity, so
/// that the bound holds in floating point too.
fn upper_bound(a: &[char], b: &[char]) -> f64 {
    let longest = a.len().max(b.len());
    if longest == 0 {
        return 1.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    1.0 - ((longest - common) as f64) / (longest as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What comparing with every name gives, as resolution did before the index.
    fn every_name(key: &str, names: &[&str]) -> Option<String> {
        let mut best: Option<(f64, String)> = None;
        for &c in names {
            let score = strsim::normalized_damerau_levenshtein(key, c);
            if score >= THRESHOLD
                && best
                    .as_ref()
                    .is_none_or(|(s, b)| score > *s || (score == *s && c < b.as_str()))
            {
                best = Some((score, c.to_string()));
            }
        }
        best.map(|(_, name)| name)
    }

    #[test]
    fn suggests_what_comparing_with_every_name_suggests() {
        let names = [
            "ron-wyden",
            "ron wyden",
            "huawei",
            "people/ron-wyden",
            "zte",
            "zte-settlement",
            "華為",
            "華為技術",
            "ab",
            "ba",
            "abc",
            "acb",
            "facebook",
            "sheryl sandberg",
            "",
        ];
        let index = Names::new(names);
        for key in [
            "ron-wydne",
            "wyden",
            "huawie",
            "hauwei",
            "zt",
            "zte-setlement",
            "華",
            "華為技",
            "a",
            "ab",
            "bac",
            "facbook",
            "sandberg",
            "xyz",
            "people/ron-wyde",
            "",
        ] {
            assert_eq!(index.closest(key), every_name(key, &names), "{key:?}");
            assert_eq!(closest(key, names), every_name(key, &names), "{key:?}");
        }
    }

    /// Distances computed to suggest names for `n` broken links among `n` pages.
    fn distances(pages: usize, broken: usize) -> usize {
        let names: Vec<String> = (0..pages).map(|i| format!("page-{i}")).collect();
        crate::cost::counts::steps_of("suggestion distance", || {
            let index = Names::new(&names);
            for i in 0..broken {
                index.closest(&format!("missing-{}", i % 50));
            }
        })
    }

    #[test]
    fn a_name_asked_again_is_not_searched_again() {
        assert_eq!(distances(100, 50), distances(100, 5000));
    }
}
