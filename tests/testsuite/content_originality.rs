//! The default dossier is written in its own words: no run of 8 or more words from the
//! material it was written from (`../shared/source-material/`: the seed article and the fact
//! sheet) appears in `content/` outside quotation marks. Quoting is allowed, pasting is not.
//!
//! The material lives beside the repository (`<repo>/../shared/source-material`), or where the
//! `DOSSIER_SHARED` environment variable points (`DOSSIER_SHARED=/work/shared`). A clean clone
//! without it skips the check with a message, so `cargo test` passes there.
//!
//! How text is compared: case and punctuation are dropped and apostrophes removed ("It’s" and
//! "its" are one word); words are runs of letters and digits, so "national-security" is two.
//! Markdown is read as a reader sees it: wikilinks by their label, links by their text,
//! citation marks and HTML tags dropped. Words inside “curly” or "straight" double quotation
//! marks, and in `>` block quotations, are quoted. A run of 8 words shared with the material
//! is pasted when 4 or more of its words are outside quotation marks: a verbatim quotation
//! with a few linking words ("said that the …") passes, a quotation whose marks cover only
//! the end of the borrowed words does not. In front matter, the values of `key = "…"` lines are
//! prose too, except a source page's `title`: a record's own title names it.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// How many words make a run.
const RUN: usize = 8;
/// How many of a run's words may sit outside quotation marks before it counts as pasted.
const LINKING_WORDS: usize = 3;

/// One word of a line of content, and whether it sits inside quotation marks.
#[derive(Debug, Clone, PartialEq)]
struct Word {
    text: String,
    quoted: bool,
}

/// Where the material is: `DOSSIER_SHARED`, else `<repo>/../shared`.
fn material_dir() -> PathBuf {
    let shared = match std::env::var_os("DOSSIER_SHARED") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"),
    };
    shared.join("source-material")
}

/// The words of `text`, lower case, apostrophes removed, split at anything else that is
/// not a letter or digit.
fn words(text: &str) -> Vec<String> {
    text.chars()
        .filter(|c| !matches!(c, '\'' | '’' | '‘'))
        .collect::<String>()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// A line of Markdown as a reader sees its prose: wikilinks by label (or target), links and
/// images by their text, citation marks, HTML tags and autolinks dropped.
fn strip_markdown(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if let Some(inner) = rest.strip_prefix("[[").and_then(|r| r.split_once("]]")) {
            let (body, after) = inner;
            let shown = body.rsplit('|').next().unwrap_or(body);
            out.push_str(&shown.rsplit('/').next().unwrap_or(shown).replace('-', " "));
            rest = after;
        } else if let Some((_, after)) = rest.strip_prefix("[@").and_then(|r| r.split_once(']')) {
            rest = after;
        } else if let Some((_, after)) = rest.strip_prefix('<').and_then(|r| r.split_once('>')) {
            rest = after;
        } else if let Some((_, after)) = rest.strip_prefix("](").and_then(|r| r.split_once(')')) {
            rest = after;
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// The words of a line of prose, each marked quoted or not. Curly quotation marks open and
/// close; a straight one toggles. Quotation state ends with the line (a paragraph is a line).
fn quoted_words(prose: &str, block_quote: bool) -> Vec<Word> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut straight = false;
    let mut piece = String::new();
    let flush = |piece: &mut String, quoted: bool, out: &mut Vec<Word>| {
        out.extend(words(piece).into_iter().map(|text| Word { text, quoted }));
        piece.clear();
    };
    for c in prose.chars() {
        let quoted = block_quote || depth > 0 || straight;
        match c {
            '“' => {
                flush(&mut piece, quoted, &mut out);
                depth += 1;
            }
            '”' => {
                flush(&mut piece, quoted, &mut out);
                depth = depth.saturating_sub(1);
            }
            '"' => {
                flush(&mut piece, quoted, &mut out);
                straight = !straight;
            }
            _ => piece.push(c),
        }
    }
    let quoted = block_quote || depth > 0 || straight;
    flush(&mut piece, quoted, &mut out);
    out
}

/// Each line of a content file with its words: front-matter string values (TOML escapes
/// undone) and Markdown body lines, code fences skipped.
fn content_lines(text: &str) -> Vec<(usize, Vec<Word>)> {
    let mut lines = Vec::new();
    let mut in_front = false;
    let mut in_code = false;
    let is_source = text
        .lines()
        .skip(1)
        .take_while(|l| l.trim() != "+++")
        .filter_map(|l| front_matter_string(l.trim()))
        .any(|(key, value)| key == "kind" && value == "source");
    for (n, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if n == 0 && trimmed == "+++" {
            in_front = true;
            continue;
        }
        if in_front {
            if trimmed == "+++" {
                in_front = false;
            } else if let Some((key, value)) = front_matter_string(trimmed) {
                if key != "title" || !is_source {
                    lines.push((n + 1, quoted_words(&value, false)));
                }
            }
            continue;
        }
        if trimmed.starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if !in_code {
            let block_quote = trimmed.starts_with('>');
            lines.push((n + 1, quoted_words(&strip_markdown(line), block_quote)));
        }
    }
    lines
}

/// `key = "value"` in front matter, with `\"` and `\\` undone; anything else is not prose.
fn front_matter_string(line: &str) -> Option<(&str, String)> {
    let (key, value) = line.split_once('=')?;
    let value = value.trim().strip_prefix('"')?.strip_suffix('"')?;
    Some((
        key.trim(),
        value.replace("\\\"", "\"").replace("\\\\", "\\"),
    ))
}

/// Every run of `RUN` words in the material, joined by spaces.
fn material_runs(dir: &Path) -> HashSet<String> {
    let mut runs = HashSet::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let words = words(&text);
        runs.extend(words.windows(RUN).map(|w| w.join(" ")));
    }
    runs
}

/// The pasted runs of one content file, overlapping windows joined: `file:line: run`.
fn pasted_runs(rel: &str, text: &str, material: &HashSet<String>) -> Vec<String> {
    let mut found = Vec::new();
    for (line, words) in content_lines(text) {
        let pasted = |start: usize| {
            let window = &words[start..start + RUN];
            let run = window.iter().map(|w| w.text.as_str()).collect::<Vec<_>>();
            let outside = window.iter().filter(|w| !w.quoted).count();
            outside > LINKING_WORDS && material.contains(&run.join(" "))
        };
        let starts: Vec<usize> = (0..(words.len() + 1).saturating_sub(RUN))
            .filter(|&s| pasted(s))
            .collect();
        let mut i = 0;
        while i < starts.len() {
            let mut end = starts[i] + RUN;
            let mut j = i + 1;
            while j < starts.len() && starts[j] <= end {
                end = starts[j] + RUN;
                j += 1;
            }
            let run: Vec<&str> = words[starts[i]..end]
                .iter()
                .map(|w| w.text.as_str())
                .collect();
            found.push(format!("{rel}:{line}: {}", run.join(" ")));
            i = j;
        }
    }
    found
}

/// Every Markdown file under `dir`, as (path relative to `root`, text).
fn markdown_files(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            markdown_files(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            let rel = path.strip_prefix(root).unwrap().display().to_string();
            out.push((rel, std::fs::read_to_string(&path).unwrap()));
        }
    }
}

#[test]
fn default_dossier_pastes_no_run_of_the_material() {
    let dir = material_dir();
    if !dir.is_dir() {
        eprintln!(
            "skipped: no source material at {} (set DOSSIER_SHARED to the folder holding \
             source-material/)",
            dir.display()
        );
        return;
    }
    let material = material_runs(&dir);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    markdown_files(root, &root.join("content"), &mut files);
    let pasted: Vec<String> = files
        .iter()
        .flat_map(|(rel, text)| pasted_runs(rel, text, &material))
        .collect();
    assert!(
        pasted.is_empty(),
        "{} runs of {RUN}+ words from {} outside quotation marks:\n{}",
        pasted.len(),
        dir.display(),
        pasted.join("\n")
    );
}

#[test]
fn a_run_outside_quotation_marks_is_pasted_and_a_quoted_one_is_not() {
    let material: HashSet<String> =
        words("It’s about enabling other companies to build Facebook-like experiences, he said.")
            .windows(RUN)
            .map(|w| w.join(" "))
            .collect();
    let page = "+++\ntitle = \"x\"\n+++\n\
        Plain: its about enabling other companies to build Facebook like experiences.\n\
        Quoted: “about enabling other companies to build Facebook-like experiences” [@tp].\n\
        Partly: about enabling other companies to build \"Facebook-like experiences\".\n\
        > It's about enabling other companies to build Facebook-like experiences\n\
        Linked: about [[notes/x|enabling other]] companies [@a] to build Facebook-like things.\n";
    assert_eq!(
        pasted_runs("p.md", page, &material),
        [
            "p.md:4: its about enabling other companies to build facebook like experiences",
            "p.md:6: about enabling other companies to build facebook like experiences",
            "p.md:8: about enabling other companies to build facebook like",
        ]
    );
}

#[test]
fn front_matter_prose_counts_but_a_source_pages_title_does_not() {
    let material: HashSet<String> = words("one two three four five six seven eight")
        .windows(RUN)
        .map(|w| w.join(" "))
        .collect();
    let source =
        "+++\ntitle = \"One two three four five six seven eight\"\nkind = \"source\"\n+++\n";
    assert!(pasted_runs("s.md", source, &material).is_empty());
    let note =
        "+++\ntitle = \"x\"\ndescription = \"One, two three four five six seven eight.\"\n+++\n";
    assert_eq!(
        pasted_runs("n.md", note, &material),
        ["n.md:3: one two three four five six seven eight"]
    );
}
