//! The cast of characters on the home page: the dossier's main actors, grouped under the
//! `role` their pages give (`role = "Regulators"`), else under their kind ("People",
//! "Organizations"), groups in the order of their most tied-in member.

use crate::content::kind::Kind;
use crate::content::PageId;
use crate::library::Library;

use super::relation_graph::key_actors_in;

/// One group of the cast: its label and its members, most tied-in first.
pub struct CastGroup {
    pub label: String,
    pub members: Vec<PageId>,
}

/// The label of the group a page goes in when it names no `role`.
fn kind_group(kind: Option<&str>) -> String {
    match kind.and_then(Kind::of) {
        Some(Kind::Person) => "People".into(),
        Some(Kind::Organization) => "Organizations".into(),
        _ => {
            let kind = kind.unwrap_or("Others");
            let mut chars = kind.chars();
            chars.next().map_or_else(String::new, |c| {
                c.to_uppercase().chain(chars).collect::<String>()
            })
        }
    }
}

/// The `limit` most tied-in actors among the pages `keeps` keeps (an edition's), grouped.
pub fn groups(lib: &Library, limit: usize, keeps: &dyn Fn(PageId) -> bool) -> Vec<CastGroup> {
    let mut groups: Vec<CastGroup> = Vec::new();
    for id in key_actors_in(lib, limit, keeps) {
        let page = &lib.pages[id];
        let label = match page.front_matter.role.as_deref().map(str::trim) {
            Some(role) if !role.is_empty() => role.to_string(),
            _ => kind_group(page.kind()),
        };
        match groups.iter_mut().find(|g| g.label == label) {
            Some(g) => g.members.push(id),
            None => groups.push(CastGroup {
                label,
                members: vec![id],
            }),
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_name_their_groups_in_the_plural() {
        assert_eq!(kind_group(Some("person")), "People");
        assert_eq!(kind_group(Some("organization")), "Organizations");
        assert_eq!(kind_group(Some("vessel")), "Vessel");
        assert_eq!(kind_group(None), "Others");
    }
}
