//! Shared by the reader_* tests: a small fixture dossier with every page type, building
//! sites into temporary folders, and reading what was built.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use scraper::Html;
use tempfile::TempDir;

// The HTML helpers every integration test uses.
#[allow(unused_imports)]
pub use super::common::{attrs, sel, texts};

use dossier::site::{build, Options};

pub const BASE: &str = "https://fixture.example";

/// The repository, whose root is the default dossier.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Files of the fixture dossier: a lead article, a note, people, organizations, an event,
/// sources, a page of another kind, and dated entries with ranges and partial dates.
pub const FIXTURE: &[(&str, &str)] = &[
    (
        "site.toml",
        r#"title = "The Acme file"
description = "A small dossier about Acme, Globex and the people between them."
base_url = "https://fixture.example"

[extra]
lead = "articles/the-deal"
"#,
    ),
    (
        "content/_index.md",
        r#"+++
title = "The Acme file"
description = "Acme, Globex and the deal."
+++

This file follows [[organizations/acme|Acme]] and [[organizations/globex|Globex]] and the deal between them, starting from [[articles/the-deal]] [@acme-report].
"#,
    ),
    (
        "content/articles/_index.md",
        "+++\ntitle = \"Articles\"\nweight = 1\n+++\n\nThe reporting.\n",
    ),
    (
        "content/articles/the-deal.md",
        r#"+++
title = "The deal between Acme and Globex"
description = "How Acme came to supply Globex, and what the record shows."
date = 2018-06-05
updated = 2019-02-01
kind = "article"
tags = ["Acme", "Globex", "supply deals"]

[[events]]
date = "2018-06-03"
end = "2018-06-05"
title = "Acme and Globex negotiate in Geneva"
sources = ["news-2018"]

[[relations]]
to = "organizations/globex"
kind = "reported on"
sources = ["news-2018"]
+++

[[people/ada-example|Ada Example]] signed the deal for [[organizations/acme|Acme]] [@acme-report, p. 4]. Globex confirmed it [@news-2018].

<!-- more -->

## How it began

The talks began in [[events/summit-2018|the summit]] of 2018 [@news-2018]. Zoë Ångström kept the minutes; see [[people/zoe-angstrom]].

### The first offer

Acme offered a supply contract for ten years. The offer was refused at first.

## What the record shows

The [[notes/background|background note]] sets out the record, and the [[notes/background#earlier-deals|earlier deals]] it repeats [@acme-report].

## What remains open

Nobody has said what the contract is worth.
"#,
    ),
    (
        "content/notes/_index.md",
        "+++\ntitle = \"Notes\"\nweight = 2\n+++\n",
    ),
    (
        "content/notes/background.md",
        r#"+++
title = "Background to the deal"
description = "What came before the 2018 deal."
kind = "note"
tags = ["Acme"]

[[events]]
date = 2010
title = "Acme is founded"
sources = ["acme-report"]

[[events]]
date = "2018-06"
title = "Reports of a deal appear"
sources = ["news-2018"]

[[events]]
date = 2016
end = 2017
title = "Acme and Globex first talk"
+++

Acme and Globex had talked before [@acme-report].

## Earlier deals

In 2016 and 2017 the two firms talked without result. [[people/ada-example]] was not yet involved.
"#,
    ),
    (
        "content/people/_index.md",
        "+++\ntitle = \"People\"\nweight = 3\n+++\n",
    ),
    (
        "content/people/ada-example.md",
        r#"+++
title = "Ada Example"
description = "Chief executive of Acme who signed the deal."
kind = "person"
aka = ["Ada E.", "The Signer"]
tags = ["Acme"]

[[relations]]
to = "organizations/acme"
kind = "was chief executive of"
since = 2010
until = 2018
sources = ["acme-report"]

[[relations]]
to = "organizations/globex"
kind = "negotiated with"
date = "2018-06"
sources = ["news-2018"]
+++

Ada Example led [[organizations/acme]] for eight years [@acme-report]. She met [[people/zoe-angstrom]] at the talks.
"#,
    ),
    (
        "content/people/zoe-angstrom.md",
        r#"+++
title = "Zoë Ångström"
description = "Minute-taker at the 2018 talks."
kind = "person"
aka = ["Zoe Angstrom"]
+++

Zoë Ångström took the minutes of the talks between [[organizations/acme]] and [[organizations/globex]].
"#,
    ),
    (
        "content/organizations/_index.md",
        "+++\ntitle = \"Organizations\"\nweight = 4\n+++\n",
    ),
    (
        "content/organizations/acme.md",
        r#"+++
title = "Acme"
description = "A maker of everything."
kind = "organization"
aka = ["Acme Corporation"]
tags = ["Acme", "Supply deals"]

[[relations]]
to = "organizations/globex"
kind = "supplies"
since = 2018
sources = ["acme-report", "news-2018"]
+++

Acme is a company [@acme-report]. It supplies [[organizations/globex]].
"#,
    ),
    (
        "content/organizations/globex.md",
        r#"+++
title = "Globex"
description = "A buyer of everything."
kind = "organization"
tags = ["Globex"]
+++

Globex buys from Acme.
"#,
    ),
    (
        "content/events/_index.md",
        "+++\ntitle = \"Events\"\nweight = 5\n+++\n",
    ),
    (
        "content/events/summit-2018.md",
        r#"+++
title = "The 2018 summit"
description = "Where Acme and Globex met."
date = 2018-06-01
kind = "event"

[[relations]]
to = "organizations/acme"
kind = "was attended by"
sources = ["news-2018"]
+++

The summit brought [[organizations/acme]] and [[organizations/globex]] together [@news-2018].
"#,
    ),
    (
        "content/sources/_index.md",
        "+++\ntitle = \"Sources\"\nweight = 6\n+++\n",
    ),
    (
        "content/sources/acme-report.md",
        r#"+++
title = "Acme annual report 2018"
kind = "source"
publisher = "Acme"
authors = ["Ada Example"]
date = 2018-12-31
url = "https://acme.example/report-2018.pdf?x=1&y=2"
archive_url = "https://archive.example/acme-2018"
accessed = 2019-01-10
+++

Acme's own account of its year.
"#,
    ),
    (
        "content/sources/news-2018.md",
        r#"+++
title = "Acme and Globex agree"
kind = "source"
publisher = "The Daily Example"
date = 2018-06-05
url = "https://news.example/acme-globex"
+++

A news report on the deal.
"#,
    ),
    (
        "content/about.md",
        r#"+++
title = "About this file"
description = "Who made it."
+++

Made for testing the reader's site. See [[articles/the-deal]].
"#,
    ),
];

/// Writes the fixture dossier into `dir`.
pub fn write_fixture(dir: &Path) {
    write_files(dir, FIXTURE);
}

pub fn write_files(dir: &Path, files: &[(&str, &str)]) {
    for (rel, text) in files {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

/// A built site: the temporary folder holding it, and its output folder.
pub struct Built {
    pub dir: TempDir,
    pub out: PathBuf,
}

impl Built {
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    pub fn html(&self, rel: &str) -> Html {
        Html::parse_document(&self.read(rel))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.out.join(rel).exists()
    }

    /// Every HTML file of the output, relative to it, sorted.
    pub fn html_files(&self) -> Vec<String> {
        let mut files: Vec<String> = walkdir(&self.out)
            .into_iter()
            .filter(|p| p.ends_with(".html"))
            .collect();
        files.sort();
        files
    }

    /// The output file a URL of the site leads to (`None` for other hosts or missing files).
    pub fn file_for(&self, base: &str, url: &str) -> Option<String> {
        let path = url.strip_prefix(base)?.split('#').next()?;
        let rel = path.trim_start_matches('/');
        let rel = if rel.is_empty() || rel.ends_with('/') {
            format!("{rel}index.html")
        } else {
            rel.to_string()
        };
        self.exists(&rel).then_some(rel)
    }
}

/// Every file under `dir`, relative, with `/` separators.
fn walkdir(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            rel.to_string_lossy().replace('\\', "/")
        })
        .collect()
}

/// Builds the site at `root` into a new temporary folder.
pub fn build_site(root: &Path, base_url: Option<&str>) -> Built {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let options = Options {
        drafts: false,
        base_url: base_url.map(str::to_string),
        // The output is a temporary folder outside the fixture site.
        force: true,
        ..Options::default()
    };
    if let Err(e) = build(root, &options, Some(&out)) {
        panic!("build of {} failed:\n{e}", root.display());
    }
    Built { dir, out }
}

/// Writes and builds the fixture dossier.
pub fn build_fixture(base_url: Option<&str>) -> (TempDir, Built) {
    let src = tempfile::tempdir().unwrap();
    write_fixture(src.path());
    let built = build_site(src.path(), base_url);
    (src, built)
}

/// Builds the repository's own dossier.
pub fn build_default(base_url: Option<&str>) -> Built {
    build_site(&repo(), base_url)
}

/// `window.<global> = {...};` → the JSON value.
pub fn assigned_json(js: &str, global: &str) -> serde_json::Value {
    let prefix = format!("window.{global} = ");
    let json = js
        .trim()
        .strip_prefix(&prefix)
        .and_then(|j| j.strip_suffix(';'))
        .unwrap_or_else(|| panic!("not `{prefix}…;`: {}", &js[..js.len().min(80)]));
    serde_json::from_str(json).unwrap()
}

/// Whether loading `url`, written in a page of the site that lives at `base`, would reach
/// another host: an absolute URL outside `base`, or a scheme-relative `//host/…`, which the
/// browser completes with the page's scheme. Relative paths, fragments and `data:` stay home.
pub fn leaves_the_site(url: &str, base: &str) -> bool {
    let url = url.trim();
    let base = base.trim_end_matches('/');
    let (base_scheme, _) = base.split_once(':').expect("base has a scheme");
    let absolute = match url.strip_prefix("//") {
        Some(rest) => format!("{base_scheme}://{rest}"),
        None => url.to_string(),
    };
    // A scheme is letters, digits, `+`, `-`, `.` before the first `:`, and before any `/`,
    // `?` or `#` (else the `:` is part of a relative path).
    let scheme = absolute.split_once(':').map(|(s, _)| s).filter(|s| {
        s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    match scheme {
        None => false,
        Some(s) if s.eq_ignore_ascii_case("data") => false,
        Some(_) => {
            let lower = absolute.to_ascii_lowercase();
            let home = base.to_ascii_lowercase();
            !(lower == home || lower.starts_with(&format!("{home}/")))
        }
    }
}

/// The URLs a stylesheet loads: every `url(…)`, quoted or not, and every `@import "…"`.
pub fn css_urls(css: &str) -> Vec<String> {
    let unquote = |s: &str| s.trim().trim_matches(['"', '\'']).trim().to_string();
    let mut urls = Vec::new();
    let lower = css.to_ascii_lowercase();
    for (at, _) in lower.match_indices("url(") {
        let rest = &css[at + 4..];
        let end = rest.find(')').unwrap_or(rest.len());
        urls.push(unquote(&rest[..end]));
    }
    for (at, _) in lower.match_indices("@import") {
        let rest = css[at + 7..].trim_start();
        if !rest.to_ascii_lowercase().starts_with("url(") {
            let end = rest.find([';', ' ', '\n']).unwrap_or(rest.len());
            urls.push(unquote(&rest[..end]));
        }
    }
    urls
}
