//! Where a content file ends up: its slug, its pretty URL path and its output file.

/// A slug as Zola makes one from a file name: lowercase ASCII letters and digits,
/// other runs of characters turned into single hyphens.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_hyphen = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || c == '_' {
            if pending_hyphen && !slug.is_empty() {
                slug.push('-');
            }
            pending_hyphen = false;
            slug.push(c);
        } else {
            pending_hyphen = true;
        }
    }
    slug
}

/// Checks a `slug` from front matter: it must be one URL segment that is also a safe file
/// name on every system the output may be copied to. Returns the slug without the leading
/// and trailing `/` that are tolerated, or why it is refused.
///
/// Letters (of any script), digits and `-`, `_`, `.`, `~` (URLs' unreserved characters) are
/// allowed; `.` and `..` are folder names, not pages; `%` is refused because a
/// percent-encoded slug (`%2e%2e`) names a folder no URL reaches; a trailing `.` is dropped
/// by Windows, where `a.` and `a` are one file.
pub fn check_slug(slug: &str) -> Result<&str, String> {
    let trimmed = slug.trim_matches('/');
    if trimmed.is_empty() {
        return Err("it is empty".into());
    }
    if trimmed == "." || trimmed == ".." {
        return Err(
            "`.` and `..` name folders, not pages, and would write outside the page's folder"
                .into(),
        );
    }
    if let Some(c) = trimmed
        .chars()
        .find(|&c| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '~')))
    {
        return Err(match c {
            '/' => "it contains `/`".into(),
            '\\' => "it contains `\\`, a folder separator on Windows".into(),
            '%' => "it contains `%`: write the characters themselves, not their percent-encoding"
                .into(),
            c if c.is_control() => format!("it contains the control character {c:?}"),
            c => format!("it contains {c:?}"),
        });
    }
    if trimmed.ends_with('.') {
        return Err("it ends with `.`, which Windows drops from file names".into());
    }
    Ok(trimmed)
}

/// Where a content file goes, given its path relative to `content/` with `/` separators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The last segment of the URL (empty for the home page).
    pub slug: String,
    /// URL path with leading and trailing slash: `/notes/huawei/`.
    pub path: String,
    /// The output file relative to the output directory: `notes/huawei/index.html`.
    pub output: String,
    /// `_index.md`: a section.
    pub is_section: bool,
    /// `index.md`: a page bundle whose folder holds its assets.
    pub is_bundle: bool,
}

/// Maps `notes/huawei.md` to `/notes/huawei/`, `notes/_index.md` to `/notes/`,
/// `sources/pwc/index.md` to `/sources/pwc/`; `slug` replaces the last segment.
pub fn locate(rel: &str, slug_override: Option<&str>) -> Location {
    let without_ext = rel.strip_suffix(".md").unwrap_or(rel);
    let mut segments: Vec<&str> = without_ext.split('/').collect();
    let file = segments.pop().unwrap_or("");
    let is_section = file == "_index";
    let is_bundle = file == "index";
    let mut parts: Vec<String> = segments.iter().map(|s| slugify(s)).collect();
    if !is_section && !is_bundle {
        parts.push(slugify(file));
    }
    if let (Some(custom), false) = (slug_override, is_section) {
        let custom = check_slug(custom).unwrap_or(custom).to_string();
        match parts.last_mut() {
            Some(last) => *last = custom,
            None => parts.push(custom),
        }
    }
    let slug = parts.last().cloned().unwrap_or_default();
    let joined = parts.join("/");
    let (path, output) = if joined.is_empty() {
        ("/".to_string(), "index.html".to_string())
    } else {
        (format!("/{joined}/"), format!("{joined}/index.html"))
    };
    Location {
        slug,
        path,
        output,
        is_section,
        is_bundle,
    }
}

/// Where a page with a `permalink` (Obsidian Publish's, Jekyll's) goes: `notes/a-page`
/// is `/notes/a-page/`. Each segment must be one a `slug` could be.
pub fn permalink(rel: &str, permalink: &str) -> Result<Location, String> {
    let parts = permalink
        .trim_matches('/')
        .split('/')
        .map(check_slug)
        .collect::<Result<Vec<_>, _>>()?;
    let joined = parts.join("/");
    let at = locate(rel, None);
    Ok(Location {
        slug: parts.last().map_or(String::new(), |s| s.to_string()),
        path: format!("/{joined}/"),
        output: format!("{joined}/index.html"),
        ..at
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugify_like_zola() {
        assert_eq!(slugify("Ron Wyden"), "ron-wyden");
        assert_eq!(slugify("ZTE: the 2018 deal!"), "zte-the-2018-deal");
        assert_eq!(slugify("note_00001"), "note_00001");
    }

    #[test]
    fn pretty_urls() {
        let l = locate("notes/huawei.md", None);
        assert_eq!(
            (l.path.as_str(), l.output.as_str()),
            ("/notes/huawei/", "notes/huawei/index.html")
        );
        assert_eq!(l.slug, "huawei");
        assert_eq!(locate("notes/_index.md", None).path, "/notes/");
        let home = locate("_index.md", None);
        assert_eq!(
            (home.path.as_str(), home.output.as_str()),
            ("/", "index.html")
        );
        assert!(home.is_section);
        let bundle = locate("sources/pwc-2013/index.md", None);
        assert_eq!(bundle.path, "/sources/pwc-2013/");
        assert!(bundle.is_bundle);
        assert_eq!(bundle.slug, "pwc-2013");
    }

    #[test]
    fn unsafe_slugs_are_refused() {
        for bad in [
            "", "/", ".", "..", "/../", "a/b", "a\\b", "%2e%2e", "a\nb", "a b", "a.", "a:b",
        ] {
            assert!(check_slug(bad).is_err(), "{bad:?}");
        }
        for good in [
            "huawei",
            "/huawei/",
            "v1.2",
            "2018_deal",
            "zte~1",
            "huawéi",
            "Huawei",
        ] {
            assert!(check_slug(good).is_ok(), "{good:?}");
        }
    }

    /// Why a slug is refused says which character it holds, and names a control character.
    #[test]
    fn a_refused_slug_names_its_character() {
        assert_eq!(check_slug("a b").unwrap_err(), "it contains ' '");
        assert_eq!(check_slug("a:b").unwrap_err(), "it contains ':'");
        assert_eq!(
            check_slug("a\u{7}b").unwrap_err(),
            "it contains the control character '\\u{7}'"
        );
    }

    #[test]
    fn a_permalink_is_the_whole_path() {
        assert_eq!(
            permalink("notes/Moved.md", "/elsewhere/moved-note/"),
            Ok(Location {
                slug: "moved-note".into(),
                path: "/elsewhere/moved-note/".into(),
                output: "elsewhere/moved-note/index.html".into(),
                is_section: false,
                is_bundle: false,
            })
        );
        assert!(permalink("notes/Moved.md", "elsewhere/../up").is_err());
    }

    #[test]
    fn slug_overrides_last_segment() {
        assert_eq!(
            locate("notes/Huawei Note.md", Some("huawei")).path,
            "/notes/huawei/"
        );
        assert_eq!(
            locate("notes/Huawei Note.md", None).path,
            "/notes/huawei-note/"
        );
        assert_eq!(locate("about.md", Some("who")).path, "/who/");
    }
}
