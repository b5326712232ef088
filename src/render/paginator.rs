//! Zola's `paginator`, as a paginated section's template sees it on each of its pagers
//! (`content::pagination` says which pagers there are).

use serde::Serialize;

use super::context::{page_view, PageView, Wanted};
use super::markdown::Rendering;
use crate::content::pagination::Pagination;
use crate::content::PageId;
use crate::library::Library;

/// One pager of a section: the pages on it and the links to the others, as permalinks.
#[derive(Serialize)]
pub struct PaginatorView<'a> {
    pub paginate_by: usize,
    /// The permalink pagers are numbered under: `https://…/notes/page/`.
    pub base_url: String,
    pub number_pagers: usize,
    pub first: String,
    pub last: String,
    pub previous: Option<String>,
    pub next: Option<String>,
    pub pages: Vec<PageView<'a>>,
    /// From 1.
    pub current_index: usize,
    /// How many pages the section holds, on all its pagers.
    pub total_pages: usize,
}

/// Pager `index` of the listing at `section` (a section's path, or a term's), whose pages
/// in order are `sorted`; `listed` is what the template reads of each.
pub fn paginator_view<'a>(
    (lib, html): (&'a Library, &Rendering),
    section: &str,
    pagination: &Pagination,
    sorted: &[PageId],
    index: usize,
    listed: Wanted,
) -> PaginatorView<'a> {
    let link = |i: usize| lib.config.permalink(&pagination.path(section, i));
    let last = pagination.number_pagers;
    PaginatorView {
        paginate_by: pagination.paginate_by,
        base_url: lib
            .config
            .permalink(&format!("{section}{}/", pagination.paginate_path)),
        number_pagers: last,
        first: link(1),
        last: link(last),
        previous: (index > 1).then(|| link(index - 1)),
        next: (index < last).then(|| link(index + 1)),
        pages: pagination
            .slice(sorted, index)
            .iter()
            .map(|&p| page_view(lib, html, p, listed))
            .collect(),
        current_index: index,
        total_pages: sorted.len(),
    }
}
