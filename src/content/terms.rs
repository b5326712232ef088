//! A page's taxonomy terms as Zola writes them (`[taxonomies]`, `countries = ["Kenya"]`):
//! where each taxonomy is named in the file, `tags` in it joined to the page's `tags`, and
//! a taxonomy site.toml does not declare reported at its place with the name it resembles.

use toml::de::DeTable;

use super::front_matter::FrontMatter;
use super::Page;
use crate::config::SiteConfig;
use crate::diagnostic::{line_col, Diagnostic};

/// Moves `[taxonomies] tags` to `tags` and notes where each other taxonomy is named, in
/// `text`, whose front matter `front_matter` starts at `offset`.
pub fn gather(front: &mut FrontMatter, front_matter: &str, text: &str, offset: usize) {
    if let Some(tags) = front.taxonomies.remove("tags") {
        for tag in tags {
            if !front.tags.contains(&tag) {
                front.tags.push(tag);
            }
        }
    }
    if front.taxonomies.is_empty() {
        return;
    }
    let Ok(table) = DeTable::parse(front_matter) else {
        return;
    };
    let Some(terms) = table
        .get_ref()
        .get("taxonomies")
        .and_then(|t| t.get_ref().as_table())
    else {
        return;
    };
    for (key, _) in terms {
        front.taxonomy_places.insert(
            key.get_ref().to_string(),
            line_col(text, offset + key.span().start),
        );
    }
}

/// An error for every taxonomy named in front matter that site.toml does not declare.
pub fn unknown(pages: &[Page], config: &SiteConfig) -> Vec<Diagnostic> {
    let declared: Vec<&str> = config.taxonomies().map(|t| t.name.as_str()).collect();
    let mut errors = Vec::new();
    for page in pages {
        for name in page.front_matter.taxonomies.keys() {
            if declared.contains(&name.as_str()) {
                continue;
            }
            let hint = match crate::suggestion::closest(name, &declared) {
                Some(s) => format!("did you mean `{s}`? "),
                None => String::new(),
            };
            let declare =
                format!("declare it in site.toml: `taxonomies = [{{ name = \"{name}\" }}]`");
            let mut error =
                Diagnostic::error(format!("unknown taxonomy `{name}`; {hint}{declare}"))
                    .in_file(&page.file)
                    .code("unknown-taxonomy");
            if let Some(&(line, column)) = page.front_matter.taxonomy_places.get(name) {
                error = error.at(line, column);
            }
            errors.push(error);
        }
    }
    errors
}
