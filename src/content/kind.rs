//! The kinds of page the dossier knows, in one place: what each is called in front matter,
//! the section it lives in by convention, and the order the printed dossier takes them in.
//! Any other word is a kind too (`kind = "filing"`), laid out as a plain page.

/// A kind the theme has a layout for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Article,
    Note,
    Person,
    Organization,
    Event,
    Source,
}

impl Kind {
    /// Every known kind, in reading order (the printed dossier's).
    pub const ALL: [Kind; 6] = [
        Kind::Article,
        Kind::Note,
        Kind::Person,
        Kind::Organization,
        Kind::Event,
        Kind::Source,
    ];

    /// The kind a front-matter word names, if it is a known one.
    pub fn of(word: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == word)
    }

    /// As front matter writes it.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Article => "article",
            Kind::Note => "note",
            Kind::Person => "person",
            Kind::Organization => "organization",
            Kind::Event => "event",
            Kind::Source => "source",
        }
    }

    /// The section pages of this kind live in by convention (`dossier new`).
    pub fn section(self) -> &'static str {
        match self {
            Kind::Article => "articles",
            Kind::Note => "notes",
            Kind::Person => "people",
            Kind::Organization => "organizations",
            Kind::Event => "events",
            Kind::Source => "sources",
        }
    }

    /// People and organizations: the actors the relation graph and the key actors show.
    pub fn is_actor(self) -> bool {
        matches!(self, Kind::Person | Kind::Organization)
    }

    /// Articles and notes: the dossier's own writing, which should cite its sources.
    pub fn is_writing(self) -> bool {
        matches!(self, Kind::Article | Kind::Note)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_name_kinds_both_ways() {
        for kind in Kind::ALL {
            assert_eq!(Kind::of(kind.name()), Some(kind));
        }
        assert_eq!(Kind::of("persn"), None);
        assert_eq!(Kind::of("filing"), None);
        assert_eq!(Kind::Person.section(), "people");
    }
}
