//! `/sources.bib` and `/sources.json`: every source of the dossier for readers to take with
//! them into Zotero, Pandoc or LaTeX — a bibliography's records as they came in (with what a
//! notes page of the same key says instead), a Markdown source page as its front matter
//! says — in the order of their keys.

use hayagriva::citationberg::json::Item;

use crate::bibliography::export;
use crate::library::Library;

/// Every source as a CSL-JSON item, by key.
pub fn items(lib: &Library) -> Vec<Item> {
    let mut sources: Vec<(&str, Item)> = lib
        .pages
        .iter()
        .filter(|p| !p.is_section && p.is_source())
        .map(|p| {
            let item = match &p.record {
                Some(record) => export::record_page_item(p, record),
                None => export::page_item(p),
            };
            (p.slug.as_str(), item)
        })
        .collect();
    sources.sort_by(|a, b| a.0.cmp(b.0));
    sources.into_iter().map(|(_, item)| item).collect()
}

/// The sources as BibLaTeX.
pub fn biblatex(items: &[Item]) -> String {
    export::biblatex(items)
}

/// The sources as a CSL-JSON array.
pub fn csl_json(items: &[Item]) -> Vec<u8> {
    let array = serde_json::Value::Array(items.iter().map(export::json).collect());
    let mut bytes = serde_json::to_vec_pretty(&array).expect("serializable");
    bytes.push(b'\n');
    bytes
}
