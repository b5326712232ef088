//! `safe_html = true`: a page's HTML cleaned of what could run in the reader's browser —
//! raw HTML's scripts, event handlers, `style` and `javascript:` links — for dossiers that
//! publish Markdown from people the site's keeper does not vouch for (a tip line, a shared
//! folder). Off by default: raw HTML in Markdown is the writer's, as in CommonMark.
//!
//! ammonia does the cleaning: it parses with html5ever, the parser browsers' rules are
//! written for, and keeps an allow-list; a hand-written filter over pulldown-cmark's events
//! would miss what a browser's parser makes of malformed HTML.

use std::collections::HashSet;
use std::sync::OnceLock;

use super::Rendered;

/// The cleaner, with the attributes dossier's own HTML needs: heading ids and their
/// self-links, citation numbers read by the previews, footnote and task-list markup, and
/// table cells' alignment.
fn cleaner() -> &'static ammonia::Builder<'static> {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    CLEANER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.add_generic_attributes(["id", "class", "aria-label"])
            .add_tag_attributes("a", ["data-ref"])
            .add_tags(["input"])
            .add_tag_attributes("input", ["type", "checked", "disabled"])
            .add_tag_attributes("th", ["style"])
            .add_tag_attributes("td", ["style"])
            .filter_style_properties(HashSet::from(["text-align"]))
            .url_schemes(HashSet::from(["http", "https", "mailto"]))
            // Links keep the `rel` the writer gave them; dossier adds none of its own.
            .link_rel(None);
        b
    })
}

/// A page's HTML and summary, cleaned. ammonia writes the HTML anew, so the places of its
/// ids and addresses, if they were noted, are read again from what it wrote.
pub fn sanitise(rendered: Rendered) -> Rendered {
    let clean = |html: &str| cleaner().clean(html).to_string();
    let html = clean(&rendered.html);
    Rendered {
        splices: rendered.splices.map(|_| super::splices::scan(&html)),
        html,
        summary: rendered.summary.as_deref().map(clean),
        text_sections: rendered.text_sections,
    }
}
