//! Queries against the search index, run by the theme's own script (search.js, in node, on
//! the built files), compared with a scan of every page's words: plain words, prefixes as
//! typed, near misses of longer words, accents, quoted phrases and a kind filter. Also which
//! shards a query loads: only those of its own words. They need node, so they are
//! `#[ignore]`d in plain `cargo test`; scripts/test.sh runs them.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use dossier::generated::search_terms::{fold, words};
use serde_json::Value;

use crate::support::common::TestSite;
use crate::support::reader::build_site;

/// `(path, kind, title, aka, description, body)` of each page of the fixture.
const PAGES: &[(&str, &str, &str, &str, &str, &str)] = &[
    ("organizations/huawei", "organization", "Huawei", "Huawei Technologies", "A maker of telecom equipment.",
     "Huawei sells handsets.\n\n## Audits\n\nAuditors reviewed the firmware of its handsets."),
    ("organizations/zte", "organization", "ZTE", "", "Another telecom maker.",
     "ZTE was sanctioned in 2018.\n\n## Sanctions\n\nThe export ban hit ZTE hard."),
    ("people/zoe-angstrom", "person", "Zoë Ångström", "The Auditor", "",
     "Zoë kept the minutes of the audit.\n\n## Minutes\n\nHer minutes name Huawei twice: Huawei."),
    ("articles/the-deal", "article", "The deal", "", "How the data deal was struck.",
     "The partners signed the data deal.\n\n## How it began\n\nIt began with a handshake over data access.\n\n## Access\n\nAccess to data was the price."),
    ("sources/report", "source", "Audit report", "", "",
     "A report on handset firmware and data access agreements."),
    ("notes/security", "note", "Security concerns", "", "",
     "Intelligence officials warned about Huawei and ZTE.\n\n## Hearings\n\nSenators asked about access."),
];

fn write_fixture(root: &Path) {
    std::fs::write(
        root.join("site.toml"),
        "title = \"Queries\"\nbase_url = \"https://q.example\"\n",
    )
    .unwrap();
    for (path, kind, title, aka, description, body) in PAGES {
        let file = root.join("content").join(format!("{path}.md"));
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        let aka = if aka.is_empty() {
            String::new()
        } else {
            format!("aka = [\"{aka}\"]\n")
        };
        let description = if description.is_empty() {
            String::new()
        } else {
            format!("description = \"{description}\"\n")
        };
        std::fs::write(
            file,
            format!("+++\ntitle = \"{title}\"\nkind = \"{kind}\"\n{aka}{description}+++\n{body}\n"),
        )
        .unwrap();
    }
}

/// Every word's encoded postings, from the postings shards of the site built in `out`
/// (`search/t/<n>.js`: `dossierSearchShard("t/<n>", {word: postings, …})`).
fn postings_of(out: &Path) -> std::collections::HashMap<String, String> {
    let mut all = std::collections::HashMap::new();
    for entry in std::fs::read_dir(out.join("search/t")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let json = &text[text.find('{').unwrap()..=text.rfind('}').unwrap()];
        let shard: std::collections::HashMap<String, String> = serde_json::from_str(json).unwrap();
        all.extend(shard);
    }
    all
}

/// Runs tests/browser/search_query.mjs: `[{"q", "pages", "opensAt", "loaded"}]`.
fn run_queries(site: &Path, queries: &Value) -> Vec<Value> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/search_query.mjs");
    let output = Command::new("node")
        .arg(script)
        .arg(site)
        .arg(queries.to_string())
        .output()
        .expect("node runs (the search engine is tested in node)");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "search_query.mjs failed:\n{}\n{stdout}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_str::<Vec<Value>>(&stdout).unwrap()
}

/// The pages a query found, in the order shown.
fn found(result: &Value) -> Vec<&str> {
    result["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect()
}

/// A page's words, field by field in order (for phrases), as the brute-force scan sees them.
fn page_fields(page: &(&str, &str, &str, &str, &str, &str)) -> Vec<Vec<String>> {
    let (_, _, title, aka, description, body) = page;
    let mut fields = vec![*title, *aka, *description];
    fields.extend(body.split("\n\n").map(|b| b.trim_start_matches("## ")));
    fields
        .iter()
        .map(|f| words(&fold(f)).map(str::to_string).collect())
        .collect()
}

/// Whether `word` of a page answers query word `asked`: the same word; a longer word it
/// begins (2 letters or more); or, for 5 letters or more, a word with the same first two
/// letters at most 1 edit away (2 from 8 letters).
fn answers(word: &str, asked: &str) -> bool {
    let letters = asked.chars().count();
    let same_start = word.chars().take(2).eq(asked.chars().take(2));
    let most = if letters >= 8 { 2 } else { 1 };
    word == asked
        || (letters >= 2 && word.starts_with(asked))
        || (letters >= 5 && same_start && strsim::levenshtein(word, asked) <= most)
}

/// The pages a brute-force scan finds for a query of plain words and one quoted phrase.
fn scan(plain: &[&str], phrase: &[&str], kind: Option<&str>) -> BTreeSet<String> {
    PAGES
        .iter()
        .filter(|p| kind.is_none_or(|k| p.1 == k))
        .filter(|p| {
            let fields = page_fields(p);
            let all: Vec<&String> = fields.iter().flatten().collect();
            let plain_ok = plain
                .iter()
                .all(|q| all.iter().any(|w| answers(w, &fold(q))));
            let phrase: Vec<String> = phrase.iter().map(|w| fold(w)).collect();
            let phrase_ok = phrase.is_empty()
                || fields
                    .iter()
                    .any(|f| f.windows(phrase.len()).any(|run| run == phrase));
            plain_ok && phrase_ok
        })
        .map(|p| format!("/{}/", p.0))
        .collect()
}

/// A query as typed, its plain words, its phrase and the kind it asks for.
type Case<'a> = (&'a str, &'a [&'a str], &'a [&'a str], Option<&'a str>);

#[test]
#[ignore = "needs node to run the theme's script; scripts/test.sh runs it"]
fn results_equal_a_scan_of_every_page_s_words() {
    let src = tempfile::tempdir().unwrap();
    write_fixture(src.path());
    let site = build_site(src.path(), None);
    let cases: &[Case] = &[
        ("huawei", &["huawei"], &[], None),
        ("hua", &["hua"], &[], None),
        ("huawai", &["huawai"], &[], None),
        ("handset", &["handset"], &[], None),
        ("zoe", &["zoe"], &[], None),
        ("ÅNGSTRÖM", &["ÅNGSTRÖM"], &[], None),
        ("data access", &["data", "access"], &[], None),
        ("\"data access\"", &[], &["data", "access"], None),
        ("\"the data deal\"", &[], &["the", "data", "deal"], None),
        (
            "audit \"data access\"",
            &["audit"],
            &["data", "access"],
            None,
        ),
        ("senatrs", &["senatrs"], &[], None),
        ("zte", &["zte"], &[], Some("organization")),
        ("huawei", &["huawei"], &[], Some("person")),
        ("nothing", &["nothing"], &[], None),
    ];
    let queries: Vec<Value> = cases
        .iter()
        .map(|(q, _, _, kind)| serde_json::json!({ "q": q, "kind": kind.unwrap_or("") }))
        .collect();
    let results = run_queries(&site.out, &Value::Array(queries));
    for ((q, plain, phrase, kind), result) in cases.iter().zip(&results) {
        let found: BTreeSet<String> = result["pages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap().to_string())
            .collect();
        assert_eq!(
            found,
            scan(plain, phrase, *kind),
            "query {q:?} (kind {kind:?})"
        );
    }
    // Some of them written out, so the scan itself is checked too.
    let pages = |i: usize| found(&results[i]);
    // The page named by the word comes first; a near miss finds Huawei.
    assert_eq!(pages(0)[0], "/organizations/huawei/");
    assert_eq!(pages(2)[0], "/organizations/huawei/");
    assert_eq!(pages(4), ["/people/zoe-angstrom/"]);
    assert_eq!(pages(5), ["/people/zoe-angstrom/"]);
    assert_eq!(pages(7), ["/articles/the-deal/", "/sources/report/"]);
    assert_eq!(pages(8), ["/articles/the-deal/"]);
    assert_eq!(pages(10), ["/notes/security/"]);
    assert_eq!(pages(11), ["/organizations/zte/"]);
    assert!(pages(12).contains(&"/people/zoe-angstrom/"));
    assert!(pages(13).is_empty());
}

#[test]
#[ignore = "needs node to run the theme's script; scripts/test.sh runs it"]
fn a_result_opens_at_the_heading_that_holds_the_words() {
    let src = tempfile::tempdir().unwrap();
    write_fixture(src.path());
    let site = build_site(src.path(), None);
    let results = run_queries(
        &site.out,
        &serde_json::json!([{ "q": "handshake" }, { "q": "export ban" }, { "q": "huawei" }]),
    );
    assert_eq!(
        results[0]["pages"],
        serde_json::json!(["/articles/the-deal/"])
    );
    assert_eq!(results[0]["opensAt"], serde_json::json!(["how-it-began"]));
    assert_eq!(results[1]["opensAt"], serde_json::json!(["sanctions"]));
    // A page found by its name opens at its top.
    assert_eq!(results[2]["opensAt"][0], "");
}

#[test]
#[ignore = "needs node to run the theme's script; scripts/test.sh runs it"]
fn a_query_loads_only_the_shards_of_its_words() {
    let src = tempfile::tempdir().unwrap();
    write_fixture(src.path());
    let site = build_site(src.path(), None);
    let results = run_queries(
        &site.out,
        &serde_json::json!([{ "q": "huawei" }, { "q": "zte" }]),
    );
    // "hu" is 68 75 in hex: the one vocabulary shard, then the postings shard holding the
    // words it matched (the fixture's index fits in one).
    assert_eq!(results[0]["loaded"], serde_json::json!(["v/6875", "t/0"]));
    assert_eq!(results[1]["loaded"], serde_json::json!(["v/7a74", "t/0"]));
    let vocabulary = std::fs::read_dir(site.out.join("search/v"))
        .unwrap()
        .count();
    assert!(vocabulary > 30, "{vocabulary} vocabulary shards");
}

#[test]
#[ignore = "needs node to run the theme's script; scripts/test.sh runs it"]
fn the_kind_filter_holds_past_the_first_batch_and_the_first_postings_shard() {
    // 300 notes (kind "page": their folder names no kind) fill the first batch of page files
    // (256) and more, and their 1,500 words, all sorting before "kind:", push the kind lists
    // out of the first postings shard. The people come last, past both.
    let src = tempfile::tempdir().unwrap();
    let root = src.path();
    std::fs::write(
        root.join("site.toml"),
        "title = \"Kinds\"\nbase_url = \"https://k.example\"\n",
    )
    .unwrap();
    std::fs::create_dir_all(root.join("content/notes")).unwrap();
    std::fs::create_dir_all(root.join("content/people")).unwrap();
    for n in 0..300 {
        let words: Vec<String> = (0..5).map(|k| format!("fig{n:03}x{k}")).collect();
        std::fs::write(
            root.join(format!("content/notes/n{n:03}.md")),
            format!(
                "+++\ntitle = \"Note {n:03}\"\n+++\nA {} said {}.\n",
                // One note in ten has no witness: gaps in a dense list.
                if n % 10 == 3 { "clerk" } else { "witness" },
                words.join(" ")
            ),
        )
        .unwrap();
    }
    for name in ["Ada", "Bea", "Cy"] {
        std::fs::write(
            root.join(format!("content/people/{}.md", name.to_lowercase())),
            format!("+++\ntitle = \"{name}\"\nkind = \"person\"\n+++\nA witness.\n"),
        )
        .unwrap();
    }
    let site = build_site(root, None);
    let index = std::fs::read_to_string(site.out.join("search-index.js")).unwrap();
    let contents: Value =
        serde_json::from_str(&index[index.find('{').unwrap()..=index.rfind('}').unwrap()]).unwrap();
    let shards: Vec<u64> = contents["kinds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k[1].as_u64().unwrap())
        .collect();
    assert!(
        !shards.is_empty() && shards.iter().all(|&s| s > 0),
        "the kind lists sit past the first postings shard: {}",
        contents["kinds"]
    );
    // A word on most pages, and a kind of most, are written densely (`~`, a character a
    // page, `.` where it is not); a word of one page by its gap.
    let postings = postings_of(&site.out);
    for dense in ["witness", "kind:page"] {
        assert!(
            postings[dense].starts_with('~'),
            "{dense}: {}",
            postings[dense]
        );
    }
    assert!(!postings["fig007x1"].starts_with('~'));
    let results = run_queries(
        &site.out,
        &serde_json::json!([{ "q": "witness", "kind": "person" }, { "q": "witness", "kind": "page" }, { "q": "witness" }]),
    );
    let pages = |i: usize| found(&results[i]);
    let mut people = pages(0);
    people.sort();
    assert_eq!(people, ["/people/ada/", "/people/bea/", "/people/cy/"]);
    let mut notes = pages(1);
    notes.sort();
    let expected: Vec<String> = (0..300)
        .filter(|n| n % 10 != 3)
        .map(|n| format!("/notes/n{n:03}/"))
        .collect();
    assert_eq!(notes, expected);
    let mut every = pages(2);
    every.sort();
    let mut expected: Vec<&str> = expected.iter().map(String::as_str).chain(people).collect();
    expected.sort();
    assert_eq!(every, expected);
}

/// A quoted phrase is looked for in its candidates' text a batch at a time, best first: the
/// first search reads 20 pages' text, whatever it finds there; "Show more results"
/// (`more()`) reads on, 20 at a time until 20 more pages hold the phrase or 40 were read,
/// until every candidate was read and every page holding the phrase found.
#[test]
#[ignore = "needs node; scripts/test.sh runs it"]
fn a_phrase_reads_its_candidates_a_batch_at_a_time() {
    let src = TestSite::new();
    // 100 pages hold both words; one in four holds "data access", every one "open records".
    for n in 0..100 {
        let body = match n % 4 {
            0 => "Open records gave data access to the partners.",
            _ => "Open records: access to the data was refused.",
        };
        src.page(
            &format!("notes/n{n:03}.md"),
            &format!("title = \"Note {n:03}\""),
            body,
        );
    }
    let root = src.root();
    let site = build_site(root, None);
    let results = run_queries(
        &site.out,
        &serde_json::json!([
            { "q": "\"data access\"", "batches": true },
            { "q": "\"open records\"", "batches": true },
        ]),
    );
    let steps = |i: usize| -> Vec<(u64, u64, bool)> {
        results[i]["steps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                let n = |k: &str| s[k].as_u64().unwrap();
                (n("found"), n("read"), s["capped"].as_bool().unwrap())
            })
            .collect()
    };
    // Rare: the first search reads 20 pages, each "more" at most 40 more, 100 in all.
    let rare = steps(0);
    assert_eq!(rare[0].1, 20, "{rare:?}");
    assert_eq!(rare[1].1, 40, "{rare:?}");
    assert!(rare.iter().all(|s| s.1 <= 40), "{rare:?}");
    assert_eq!(rare.iter().map(|s| s.1).sum::<u64>(), 100, "{rare:?}");
    assert_eq!(rare.last().unwrap(), &(25, rare.last().unwrap().1, false));
    let mut pages = found(&results[0]);
    pages.sort();
    let expected: Vec<String> = (0..100)
        .filter(|n| n % 4 == 0)
        .map(|n| format!("/notes/n{n:03}/"))
        .collect();
    assert_eq!(pages, expected);
    // Common: a page of results (20) from the first 20 pages read; then 20 more at a time.
    let common = steps(1);
    assert_eq!(common[0], (20, 20, true), "{common:?}");
    assert_eq!(common[1], (40, 20, true), "{common:?}");
    assert_eq!(common.last().unwrap().0, 100, "{common:?}");
}

#[test]
#[ignore = "needs node to run the theme's script; scripts/test.sh runs it"]
fn a_query_word_scores_a_page_by_the_best_of_the_words_it_stands_for() {
    // An index written by hand, so each page's impacts are known: "audit" stands for
    // itself (weight 1) and, as a prefix, for "auditors" (weight 0.6). Page 0 has "audit"
    // at impact 2 and "auditors" at 40 (0.6 × 40 = 24); page 1 only "audit" at 5; page 2
    // "audit" at 3, sparse postings against the dense "~" form of "auditors".
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path();
    let write = |name: &str, text: &str| {
        let file = out.join(name);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    };
    write(
        "search-index.js",
        r#"window.dossierSearch = {"base":"","pages":3,"vocabulary":["6175"],"kinds":[]};"#,
    );
    write(
        "search/v/6175.js",
        r#"dossierSearchShard("v/6175", [["audit",0,3,63],["auditors",0,1,63]]);"#,
    );
    // Sparse: gap, impact ("A" 0, "C" 2, "D" 3, "F" 5). Dense: first page, then an impact
    // or "." a page ("o" 40).
    write(
        "search/t/0.js",
        r#"dossierSearchShard("t/0", {"audit":"ACAFAD","auditors":"~Ao.."});"#,
    );
    for page in 0..3 {
        write(
            &format!("search/p/{page}.js"),
            &format!(
                r#"dossierSearchShard("p/{page}", ["Page {page}","/p{page}/","page",[],"",[]]);"#
            ),
        );
    }
    let results = run_queries(
        out,
        &serde_json::json!([{ "q": "audit" }, { "q": "auditors" }]),
    );
    assert_eq!(found(&results[0]), ["/p0/", "/p1/", "/p2/"]);
    assert_eq!(found(&results[1]), ["/p0/"]);
}
