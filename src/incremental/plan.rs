//! Which of the cheap paths a batch of changed content files takes: decided from what the
//! last good build knows and what is on disk now, with no other effect, so that each rule
//! has a unit test.

use std::collections::HashSet;

use crate::content::{Asset, PageId};
use crate::library::PageIds;
use crate::stages::covers;

/// What a changed path is on disk now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnDisk {
    File,
    Folder,
    Nothing,
}

/// What the last good build knows of `content/`.
pub struct Known<'a> {
    /// Pages by file.
    pub ids: &'a PageIds,
    /// Markdown files left out (drafts).
    pub excluded: &'a HashSet<String>,
    pub assets: &'a [Asset],
    /// Files a page shows as a document card (measured for it: a new size changes the page).
    pub documents: &'a HashSet<&'a str>,
}

/// What to do with the changed files.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// Files added, removed or renamed, a folder changed: rebuild the site's shape.
    pub restructure: bool,
    /// Pages whose file was saved: patch them in place (unless `restructure`).
    pub edited: Vec<(PageId, String)>,
    /// Copied files saved: read again (indices into `Known::assets`).
    pub assets: Vec<usize>,
}

/// The plan for `changed` (paths relative to `content/`, `` for the folder itself).
pub fn plan(changed: &[String], known: &Known, disk: &dyn Fn(&str) -> OnDisk) -> Plan {
    let mut plan = Plan::default();
    for rel in changed {
        let on_disk = disk(rel);
        if rel.is_empty() || on_disk == OnDisk::Folder {
            plan.restructure = true;
        } else if rel.ends_with(".md") {
            match (known.ids.get(rel), on_disk) {
                (Some(&id), OnDisk::File) => plan.edited.push((id, rel.clone())),
                // Created and removed again, never built: nothing to do.
                (None, OnDisk::Nothing) if !known.excluded.contains(rel) => {}
                _ => plan.restructure = true,
            }
        } else {
            let asset = known.assets.iter().position(|a| a.rel == *rel);
            match (asset, on_disk) {
                (Some(_), OnDisk::File) if known.documents.contains(rel.as_str()) => {
                    plan.restructure = true
                }
                (Some(i), OnDisk::File) => plan.assets.push(i),
                // Gone: a folder that held known files, or a file never known.
                (None, OnDisk::Nothing) => {
                    let held = |f: &str| covers(rel, f);
                    plan.restructure |= known.ids.keys().any(|f| held(f))
                        || known.excluded.iter().any(|f| held(f))
                        || known.assets.iter().any(|a| held(&a.rel));
                }
                _ => plan.restructure = true,
            }
        }
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fixture {
        ids: PageIds,
        excluded: HashSet<String>,
        assets: Vec<Asset>,
        documents: HashSet<&'static str>,
    }

    fn fixture() -> Fixture {
        let asset = |rel: &str| Asset {
            rel: rel.into(),
            output: rel.into(),
        };
        Fixture {
            ids: [("a.md", 0), ("notes/b.md", 1)]
                .map(|(f, id)| (f.to_string(), id))
                .into_iter()
                .collect(),
            excluded: ["draft.md".to_string()].into(),
            assets: vec![asset("notes/scan.pdf"), asset("img/photo.png")],
            documents: ["notes/scan.pdf"].into(),
        }
    }

    fn plan_for(f: &Fixture, changed: &[&str], disk: &[(&str, OnDisk)]) -> Plan {
        let known = Known {
            ids: &f.ids,
            excluded: &f.excluded,
            assets: &f.assets,
            documents: &f.documents,
        };
        let disk: std::collections::HashMap<&str, OnDisk> = disk.iter().copied().collect();
        let changed: Vec<String> = changed.iter().map(|c| c.to_string()).collect();
        plan(&changed, &known, &|rel| {
            disk.get(rel).copied().unwrap_or(OnDisk::Nothing)
        })
    }

    #[test]
    fn saved_pages_are_patched() {
        let f = fixture();
        let p = plan_for(&f, &["notes/b.md"], &[("notes/b.md", OnDisk::File)]);
        assert_eq!(
            p,
            Plan {
                restructure: false,
                edited: vec![(1, "notes/b.md".into())],
                assets: vec![],
            }
        );
    }

    #[test]
    fn pages_that_come_or_go_restructure() {
        let f = fixture();
        let new = plan_for(&f, &["c.md"], &[("c.md", OnDisk::File)]);
        assert!(new.restructure, "a new page");
        assert!(plan_for(&f, &["a.md"], &[]).restructure, "a removed page");
        let draft = plan_for(&f, &["draft.md"], &[("draft.md", OnDisk::File)]);
        assert!(draft.restructure, "a draft saved: it may be one no more");
        assert!(
            plan_for(&f, &["draft.md"], &[]).restructure,
            "a draft removed"
        );
    }

    #[test]
    fn a_page_created_and_removed_in_one_batch_changes_nothing() {
        let f = fixture();
        assert_eq!(plan_for(&f, &["ghost.md"], &[]), Plan::default());
    }

    #[test]
    fn folders_and_the_whole_content_restructure() {
        let f = fixture();
        assert!(plan_for(&f, &["notes"], &[("notes", OnDisk::Folder)]).restructure);
        assert!(plan_for(&f, &[""], &[]).restructure);
        assert!(
            plan_for(&f, &["notes"], &[]).restructure,
            "a removed folder with pages"
        );
        assert!(
            plan_for(&f, &["img"], &[]).restructure,
            "a removed folder with files"
        );
        assert_eq!(
            plan_for(&f, &["empty"], &[]),
            Plan::default(),
            "a folder of nothing"
        );
    }

    #[test]
    fn copied_files_are_read_again_unless_a_page_measures_them() {
        let f = fixture();
        let photo = plan_for(&f, &["img/photo.png"], &[("img/photo.png", OnDisk::File)]);
        assert_eq!(photo.assets, vec![1]);
        assert!(!photo.restructure);
        let scan = plan_for(&f, &["notes/scan.pdf"], &[("notes/scan.pdf", OnDisk::File)]);
        assert!(scan.restructure, "a document card shows its size");
        let added = plan_for(&f, &["img/new.png"], &[("img/new.png", OnDisk::File)]);
        assert!(added.restructure, "a new file");
        assert!(
            plan_for(&f, &["img/photo.png"], &[]).restructure,
            "a removed file"
        );
    }

    #[test]
    fn one_restructuring_change_restructures_the_batch() {
        let f = fixture();
        let p = plan_for(
            &f,
            &["a.md", "c.md"],
            &[("a.md", OnDisk::File), ("c.md", OnDisk::File)],
        );
        assert!(p.restructure);
        assert_eq!(p.edited, vec![(0, "a.md".to_string())]);
    }
}
