//! Findings with their place: every stage reports problems as `Diagnostic`s,
//! many at once, printed the way compilers print them (`path:line:col: error: …`), then the
//! source line with a caret under the column. The excerpt is drawn by `annotate-snippets`,
//! the crate rustc draws its own with: it measures wide and combining characters, cuts long
//! lines around the column and colours only for a terminal, none of which we want to redo.

use std::fmt;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Note,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        })
    }
}

/// One finding: where it is (as precisely as known) and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub path: Option<PathBuf>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    /// A short, stable name of the kind of finding (`broken-link`), for `--format json`;
    /// empty where none was given.
    pub code: &'static str,
    /// What is printed under the first line, boxed: most findings are passed around far
    /// more often than printed.
    pub detail: Option<Box<Detail>>,
}

/// The lines under a finding's first line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Detail {
    /// The text of the line the finding is on, kept for the excerpt when the file's text was
    /// at hand (otherwise the file is read again when the finding is printed).
    pub source_line: Option<String>,
    /// The column `source_line` starts at: past 1 when only a stretch of a long line is kept.
    pub source_first_column: usize,
    /// Lines printed under the excerpt as `= note: …` (the places linking an ambiguous title).
    pub notes: Vec<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: None,
            line: None,
            column: None,
            message: message.into(),
            code: "",
            detail: None,
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    pub fn note(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::error(message)
        }
    }

    pub fn in_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// Places the finding at a 1-based line and column.
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// Places the finding at a byte offset of `text`, the whole text of its file, and keeps
    /// that line for the excerpt.
    pub fn at_offset(mut self, text: &str, offset: usize) -> Self {
        let (line, column) = line_col(text, offset);
        self.detail_mut().source_line = Some(line_around(text, offset).to_string());
        self.at(line, column)
    }

    /// Names the kind of finding (see `code`).
    pub fn code(mut self, code: &'static str) -> Self {
        self.code = code;
        self
    }

    /// Adds a line printed under the excerpt.
    pub fn note_line(mut self, note: impl Into<String>) -> Self {
        self.detail_mut().notes.push(note.into());
        self
    }

    fn detail_mut(&mut self) -> &mut Detail {
        self.detail.get_or_insert_with(Box::default)
    }

    /// The first line (`path:line:col: severity: message`), then the source line with a
    /// caret under the column and the notes. `root` is the site's folder, to read the line
    /// from the file when it was not kept; `color` is for a terminal.
    pub fn report(&self, root: &Path, color: bool) -> String {
        let mut out = self.to_string();
        let detail = self.detail.as_deref().cloned().unwrap_or_default();
        let line_text = match (&detail.source_line, &self.path, self.line) {
            (Some(text), _, _) => Some(text.clone()),
            (None, Some(path), Some(line)) => std::fs::read_to_string(root.join(path))
                .ok()
                .and_then(|text| text.lines().nth(line - 1).map(str::to_string)),
            _ => None,
        };
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Note => Level::NOTE,
        };
        let mut group = Group::with_level(level);
        if let (Some(text), Some(line)) = (&line_text, self.line) {
            let text = text.trim_end_matches(['\r', '\n']);
            let first = detail.source_first_column.max(1);
            let start = byte_of_column(text, self.column.unwrap_or(1).saturating_sub(first - 1));
            let end = text[start..]
                .chars()
                .next()
                .map_or(start, |c| start + c.len_utf8());
            group = group.element(
                Snippet::source(text)
                    .line_start(line)
                    .annotation(AnnotationKind::Primary.span(start..end)),
            );
        }
        group = group.elements(detail.notes.iter().map(|n| Level::NOTE.message(n.as_str())));
        if !group.is_empty() {
            let renderer = if color {
                Renderer::styled()
            } else {
                Renderer::plain()
            };
            out.push('\n');
            out.push_str(renderer.render(&[group]).trim_end());
        }
        out
    }

    /// The finding as one JSON object, for `dossier check --format json`.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "path": self.path.as_deref().map(display_path),
            "line": self.line,
            "col": self.column,
            "severity": self.severity.to_string(),
            "code": if self.code.is_empty() { self.severity.to_string() } else { self.code.to_string() },
            "message": self.message,
        })
    }

    /// Places the finding at a byte offset of the file `lines` indexes, keeping for the
    /// excerpt at most `EXCERPT_REACH` bytes of its line on either side: a file of many
    /// findings on one long line costs no more than the line.
    pub fn at_place(mut self, lines: &LineIndex<'_>, offset: usize) -> Self {
        let (line, column) = lines.line_col(offset);
        let (start, end) = lines.line_bounds(line);
        let text = lines.text;
        let offset = floor_char(text, offset.clamp(start, end));
        let from = floor_char(text, offset.saturating_sub(EXCERPT_REACH).max(start));
        let to = floor_char(text, (offset + EXCERPT_REACH).min(end));
        let kept = text[from..to].trim_end_matches(['\r', '\n']);
        let skipped = text[from..offset].chars().count();
        let detail = self.detail_mut();
        detail.source_line = Some(kept.to_string());
        detail.source_first_column = column - skipped;
        self.at(line, column)
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(path) = &self.path {
            write!(f, "{}", display_path(path))?;
            if let Some(line) = self.line {
                write!(f, ":{line}")?;
                if let Some(column) = self.column {
                    write!(f, ":{column}")?;
                }
            }
            f.write_str(": ")?;
        }
        write!(f, "{}: {}", self.severity, self.message)
    }
}

impl std::error::Error for Diagnostic {}

fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Colour for a terminal, unless `NO_COLOR` is set (no-color.org); never into a file or pipe.
pub fn colour(terminal: bool) -> bool {
    terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// How much of a long line an excerpt keeps on either side of its column, in bytes.
const EXCERPT_REACH: usize = 240;

/// `offset`, moved back to the start of the character it falls in.
fn floor_char(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// 1-based line and column (in characters) of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// The candidate most like `name`, if one is like it at all: the "did you mean" of field
/// names and kinds (by Damerau-Levenshtein similarity, as links and citations are).
pub fn closest<'c>(name: &str, candidates: impl Iterator<Item = &'c str>) -> Option<&'c str> {
    candidates
        .map(|c| (strsim::normalized_damerau_levenshtein(name, c), c))
        .filter(|(score, _)| *score >= 0.6)
        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// The line of `text` that holds byte `offset`, without its line break.
fn line_around(text: &str, offset: usize) -> &str {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    text[start..end].trim_end_matches('\r')
}

/// The byte offset of 1-based character column `column` in `line` (its end if beyond).
fn byte_of_column(line: &str, column: usize) -> usize {
    line.char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line.len(), |(i, _)| i)
}

/// Lines and columns of many offsets in one file, for a file with many findings. The line
/// starts are found once, on first use; a column is counted on from the offset asked
/// before when it is on the same line further on, so offsets asked in increasing order
/// cost one pass over the file in all, even on a single long line.
pub struct LineIndex<'t> {
    text: &'t str,
    starts: std::cell::OnceCell<Vec<usize>>,
    /// The offset asked last and its column.
    last: std::cell::Cell<(usize, usize)>,
}

impl<'t> LineIndex<'t> {
    pub fn new(text: &'t str) -> Self {
        LineIndex {
            text,
            starts: std::cell::OnceCell::new(),
            last: std::cell::Cell::new((0, 1)),
        }
    }

    fn starts(&self) -> &[usize] {
        self.starts.get_or_init(|| {
            crate::cost::step("line byte", self.text.len());
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        })
    }

    /// The byte range of 1-based `line`, without its line break.
    fn line_bounds(&self, line: usize) -> (usize, usize) {
        let starts = self.starts();
        let start = starts.get(line.saturating_sub(1)).copied().unwrap_or(0);
        let end = starts.get(line).map_or(self.text.len(), |&next| next - 1);
        (start, end.max(start))
    }

    /// 1-based line and column (in characters) of byte `offset`, as `line_col` gives them.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let text = self.text;
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let starts = self.starts();
        let line = starts.partition_point(|&s| s <= offset);
        let line_start = starts[line - 1];
        let last = self.last.get();
        let (from, column) = if last.0 >= line_start && last.0 <= offset {
            last
        } else {
            (line_start, 1)
        };
        crate::cost::step("line byte", offset - from);
        let column = column + text[from..offset].chars().count();
        self.last.set((offset, column));
        (line, column)
    }
}

/// A failed stage: every finding of that stage, errors first, in file order.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.is_error())
    }

    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            (a.severity, &a.path, a.line, a.column, &a.message)
                .cmp(&(b.severity, &b.path, b.line, b.column, &b.message))
        });
        self.0.dedup();
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(v: Vec<Diagnostic>) -> Self {
        Diagnostics(v)
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_from_one() {
        let text = "ab\ncdé\nf";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        assert_eq!(line_col(text, 8), (3, 1));
        assert_eq!(line_col(text, 7), (2, 4));
    }

    #[test]
    fn line_index_agrees_with_line_col_in_any_order() {
        let text = "ab\ncdé\nf\n\nxyz";
        let index = LineIndex::new(text);
        let mut offsets: Vec<usize> = (0..=text.len() + 2).collect();
        offsets.extend((0..=text.len()).rev());
        for offset in offsets {
            assert_eq!(
                index.line_col(offset),
                line_col(text, offset),
                "at {offset}"
            );
        }
    }

    /// Bytes read to place a finding at every link of a file of `n` links on one line.
    fn bytes_read(n: usize) -> usize {
        let text = "[[missing]] ".repeat(n);
        crate::cost::counts::steps_of("line byte", || {
            let index = LineIndex::new(&text);
            for i in 0..n {
                index.line_col(i * 12);
            }
        })
    }

    #[test]
    fn many_findings_on_one_line_cost_one_pass() {
        let (small, large) = (bytes_read(500), bytes_read(2000));
        assert!(
            large <= 5 * small,
            "{small} bytes for 500, {large} for 2000"
        );
    }

    #[test]
    fn display_is_compiler_style() {
        let d = Diagnostic::error("unknown source `x`")
            .in_file("content/a.md")
            .at(3, 7);
        assert_eq!(d.to_string(), "content/a.md:3:7: error: unknown source `x`");
    }

    #[test]
    fn report_shows_the_line_with_a_caret_after_wide_characters() {
        let text = "+++\ntitle = \"Café\"\n+++\nÉté [[nowhere]]\n";
        let offset = text.find("[[").unwrap();
        let d = Diagnostic::error("link [[nowhere]] matches no page")
            .in_file("content/a.md")
            .at_offset(text, offset);
        assert_eq!(
            d.report(Path::new("."), false),
            "content/a.md:4:5: error: link [[nowhere]] matches no page\n  |\n4 | Été [[nowhere]]\n  |     ^"
        );
    }

    #[test]
    fn report_at_the_end_of_a_line_or_without_a_file_does_not_fail() {
        let text = "ab\n";
        let d = Diagnostic::error("x").in_file("a.md").at_offset(text, 2);
        assert_eq!(
            d.report(Path::new("."), false),
            "a.md:1:3: error: x\n  |\n1 | ab\n  |   ^"
        );
        let d = Diagnostic::warning("y").in_file("no/such/file.md").at(4, 2);
        assert_eq!(
            d.report(Path::new("."), false),
            "no/such/file.md:4:2: warning: y"
        );
        let d = Diagnostic::note("z").note_line("more");
        assert_eq!(d.report(Path::new("."), false), "note: z\n = note: more");
    }
}
