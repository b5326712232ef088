//! A page body with its shortcodes expanded, and the way back from a place in the expanded
//! text to the place the writer typed. Markdown is analysed and rendered from the expanded
//! text (so links and citations a shortcode writes resolve like any other), while every
//! diagnostic still names the line and column of the Markdown file.

/// The expanded body and, for each stretch of it, where it came from in the written body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Expansion {
    pub body: String,
    /// `(start in body, start in the written body, copied)`, by start: a copied stretch maps
    /// byte for byte, a shortcode's output maps to where its call starts.
    pub stretches: Vec<(usize, usize, bool)>,
}

impl Expansion {
    /// Appends text copied as written from byte `from` of the written body.
    pub fn copy(&mut self, text: &str, from: usize) {
        if text.is_empty() {
            return;
        }
        self.stretches.push((self.body.len(), from, true));
        self.body.push_str(text);
    }

    /// Appends what a shortcode called at byte `call` of the written body wrote.
    pub fn output(&mut self, text: &str, call: usize) {
        self.stretches.push((self.body.len(), call, false));
        self.body.push_str(text);
    }

    /// The byte of the written body that byte `offset` of the expanded body stands for.
    pub fn written_offset(&self, offset: usize) -> usize {
        let i = self.stretches.partition_point(|s| s.0 <= offset);
        match i.checked_sub(1).map(|i| self.stretches[i]) {
            Some((start, from, true)) => from + (offset - start),
            Some((_, call, false)) => call,
            None => offset,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copied_text_maps_byte_for_byte_and_output_to_its_call() {
        let mut e = Expansion::default();
        e.copy("ab ", 0);
        e.output("<figure>…</figure>", 3);
        e.copy(" cd", 20);
        assert_eq!(e.written_offset(1), 1);
        assert_eq!(e.written_offset(5), 3);
        let after = e.body.len() - 2;
        assert_eq!(e.written_offset(after), 21);
    }
}
