//! Pagination, as Zola does it: a section with `paginate_by = N` in its `_index.md` lists its
//! pages N at a time, the first pager at the section's own address and the others at
//! `<section>/<paginate_path>/<n>/` (`paginate_path` is `page` unless set); `…/page/1/`
//! redirects to the section. Which pagers a section has depends on its front matter and how
//! many pages it holds, nothing else, so the build, the link check and serve agree.

use std::path::Path;

use super::front_matter::FrontMatter;
use super::Page;
use crate::diagnostic::Diagnostic;

/// How many pages the default theme lists on one pager of a section that sets no
/// `paginate_by` (the home is never paginated unless it asks).
pub const DEFAULT_PAGINATE_BY: usize = 50;
/// The theme whose sections are paginated by `DEFAULT_PAGINATE_BY` unless they say otherwise.
const PAGINATING_THEME: &str = "dossier";

/// A paginated section: how many pages a pager holds, how many pagers there are, and the
/// folder under the section where the pagers after the first go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pagination {
    pub paginate_by: usize,
    pub number_pagers: usize,
    pub paginate_path: String,
}

/// Refuses a `paginate_by` below 0 and a `paginate_path` that is not one URL segment, at
/// their place in `text` (front matter from `offset`).
pub fn check(
    front: &FrontMatter,
    file: &Path,
    text: &str,
    offset: usize,
) -> Result<(), Diagnostic> {
    let error = |message: String, at: usize| {
        Diagnostic::error(message)
            .in_file(file)
            .at_offset(text, offset + at)
            .code("pagination")
    };
    if let Some(by) = front.paginate_by.as_ref().filter(|b| *b.get_ref() < 0) {
        return Err(error(
            format!(
                "`paginate_by = {}` must be a number of pages, 1 or more (0 lists every page on one)",
                by.get_ref()
            ),
            by.span().start,
        ));
    }
    if let Some(path) = &front.paginate_path {
        if let Err(why) = super::url::check_slug(path.get_ref()) {
            return Err(error(
                format!(
                    "`paginate_path = \"{}\"` is not one URL segment: {why}",
                    path.get_ref().escape_debug()
                ),
                path.span().start,
            ));
        }
    }
    Ok(())
}

/// The pagination of `page`, if it is a paginated section in a site of theme `theme`:
/// its own `paginate_by` (0 is none), else the default theme's for sections beyond it,
/// when the theme's own template lists it (`themes_own` says which templates are the
/// theme's, not the site's): a site's `section.html` may not show a `paginator` at all.
pub fn of(page: &Page, theme: &str, themes_own: &dyn Fn(&str) -> bool) -> Option<Pagination> {
    if !page.is_section {
        return None;
    }
    let fm = &page.front_matter;
    let template = fm.template.as_deref().unwrap_or("section.html");
    let paginate_by = match fm.paginate_by.as_ref().map(|b| *b.get_ref()) {
        Some(n) => usize::try_from(n).ok().filter(|&n| n > 0)?,
        None if theme == PAGINATING_THEME
            && page.rel != "_index.md"
            && page.pages.len() > DEFAULT_PAGINATE_BY
            && themes_own(template) =>
        {
            DEFAULT_PAGINATE_BY
        }
        None => return None,
    };
    let paginate_path = fm.paginate_path.as_ref().map_or("page", |p| p.get_ref());
    Some(Pagination {
        paginate_by,
        number_pagers: page.pages.len().div_ceil(paginate_by).max(1),
        paginate_path: paginate_path.trim_matches('/').to_string(),
    })
}

impl Pagination {
    /// The URL path of pager `index` (from 1) of the section at `section_path`.
    pub fn path(&self, section_path: &str, index: usize) -> String {
        if index <= 1 {
            return section_path.to_string();
        }
        self.numbered(section_path, index)
    }

    /// `<section>/<paginate_path>/<index>/`, which for 1 is the redirect to the section.
    pub fn numbered(&self, section_path: &str, index: usize) -> String {
        format!("{section_path}{}/{index}/", self.paginate_path)
    }

    /// The pages of pager `index` (from 1) among `pages`, in their order.
    pub fn slice<'a, T>(&self, pages: &'a [T], index: usize) -> &'a [T] {
        let start = (index - 1)
            .saturating_mul(self.paginate_by)
            .min(pages.len());
        let end = start.saturating_add(self.paginate_by).min(pages.len());
        &pages[start..end]
    }
}

/// The output file of a URL path (`/notes/page/2/` → `notes/page/2/index.html`).
pub fn output_of(path: &str) -> String {
    let folder = path.trim_matches('/');
    if folder.is_empty() {
        "index.html".into()
    } else {
        format!("{folder}/index.html")
    }
}

/// The page at `…/page/1/`: sends the reader to the section's first pager, as Zola does.
pub fn redirect_html(permalink: &str, lang: &str) -> String {
    let url = crate::markdown::escape_html(permalink);
    let lang = crate::markdown::escape_html(lang);
    format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>Redirect</title>\n\
         <link rel=\"canonical\" href=\"{url}\">\n<meta http-equiv=\"refresh\" content=\"0; url={url}\">\n\
         </head>\n<body>\n<p><a href=\"{url}\">Go to the first page</a>.</p>\n</body>\n</html>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pagers_and_their_slices() {
        let p = Pagination {
            paginate_by: 2,
            number_pagers: 3,
            paginate_path: "page".into(),
        };
        assert_eq!(p.path("/notes/", 1), "/notes/");
        assert_eq!(p.path("/notes/", 3), "/notes/page/3/");
        assert_eq!(p.path("/", 2), "/page/2/");
        let items = [1, 2, 3, 4, 5];
        assert_eq!(p.slice(&items, 1), [1, 2]);
        assert_eq!(p.slice(&items, 3), [5]);
        assert_eq!(p.slice(&items, 4), [] as [i32; 0]);
        assert_eq!(output_of("/notes/page/2/"), "notes/page/2/index.html");
        assert_eq!(output_of("/"), "index.html");
    }
}
