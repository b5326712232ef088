//! Findings with their place: every stage reports problems as `Diagnostic`s,
//! many at once, printed the way compilers print them (`path:line:col: error: …`).

use std::fmt;
use std::path::{Path, PathBuf};

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
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: None,
            line: None,
            column: None,
            message: message.into(),
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

    /// Places the finding at a byte offset of `text`, the whole text of its file.
    pub fn at_offset(self, text: &str, offset: usize) -> Self {
        let (line, column) = line_col(text, offset);
        self.at(line, column)
    }

    /// Places the finding at a byte offset of the file `lines` indexes.
    pub fn at_place(self, lines: &LineIndex<'_>, offset: usize) -> Self {
        let (line, column) = lines.line_col(offset);
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

    /// 1-based line and column (in characters) of byte `offset`, as `line_col` gives them.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let text = self.text;
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let starts = self.starts.get_or_init(|| {
            crate::cost::step("line byte", text.len());
            std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
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
}
