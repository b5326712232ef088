//! `dossier serve` end to end: a server on an ephemeral port over a temporary site, fetched
//! over HTTP, edited on disk, watched through its live-reload event stream.

use std::collections::BTreeMap;
use std::net::TcpListener;
use std::time::Duration;

use crate::support::common::{attrs, snapshot, texts};
use crate::support::serve::{
    dossier_files, eventually, full_build, get, orphan_site, request, without_live_script,
    EventStream, TempSite,
};
use dossier::serve::{self, ServeOptions, Server};
use dossier::site::Options;

/// Generous: file-watch effects on a loaded machine.
const PATIENCE: Duration = Duration::from_secs(30);

fn start(site: &TempSite) -> Server {
    serve::start(
        site.root(),
        ServeOptions {
            port: 0,
            verbose: false,
            ..ServeOptions::default()
        },
    )
    .unwrap_or_else(|d| panic!("serve did not start:\n{d}"))
}

/// Waits until `path` is served with a body containing `text`.
fn wait_for_text(server: &Server, path: &str, text: &str) -> String {
    eventually(PATIENCE, &format!("{path} to show {text:?}"), || {
        let body = get(server.addr(), path).text();
        body.contains(text).then_some(body)
    })
}

#[test]
fn serves_pages_folders_files_and_the_404_page() {
    let site = TempSite::new(&dossier_files());
    let server = start(&site);
    let addr = server.addr();
    assert!(addr.ip().is_loopback());

    let home = get(addr, "/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(home.header("cache-control"), Some("no-store"));
    let html = home.html();
    assert_eq!(texts(&html, "h1"), ["Test dossier"]);
    assert_eq!(
        attrs(&html, "script[data-dossier-live]", "data-dossier-live").len(),
        1,
        "the live-reload script is injected once"
    );
    // Permalinks point at the local server, so every link works while serving.
    let links = attrs(&html, "ul.notes a", "href");
    assert!(!links.is_empty());
    for href in &links {
        assert!(
            href.starts_with(&format!("{}/notes/", server.url())),
            "{href}"
        );
    }

    let redirect = get(addr, "/notes/huawei?x=1");
    assert_eq!(redirect.status, 307);
    assert_eq!(redirect.header("location"), Some("/notes/huawei/?x=1"));
    let page = get(addr, "/notes/huawei/");
    assert_eq!(page.status, 200);
    assert_eq!(texts(&page.html(), "h1"), ["Huawei"]);
    assert_eq!(get(addr, "/notes/huawei/index.html").status, 200);

    let css = get(addr, "/style.css");
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    assert_eq!(css.text(), "body { color: rgb(10, 10, 10); }\n");
    let pdf = get(addr, "/sources/pwc/report.pdf");
    assert_eq!(pdf.header("content-type"), Some("application/pdf"));

    for missing in [
        "/nothing/",
        "/nothing",
        "/notes/huawei/missing.png",
        "/notes/draft/",
    ] {
        let r = get(addr, missing);
        assert_eq!(r.status, 404, "{missing}");
        assert_eq!(texts(&r.html(), "h1"), ["Not here"], "the site's 404.html");
    }
    // A folder with no index.html is not listed.
    assert_eq!(get(addr, "/sources/pwc/").status, 200);
    assert_eq!(get(addr, "/themes/").status, 404);

    let head = request(addr, "HEAD", "/notes/huawei/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(
        head.header("content-length")
            .map(|l| l.parse::<usize>().unwrap()),
        Some(page.body.len())
    );
    assert_eq!(request(addr, "HEAD", "/nothing/").status, 404);
    let post = request(addr, "POST", "/");
    assert_eq!(post.status, 405);
    assert_eq!(post.header("allow"), Some("GET, HEAD"));
    server.shutdown();
}

#[test]
fn requests_cannot_escape_the_site() {
    let outer = tempfile::tempdir().unwrap();
    std::fs::write(outer.path().join("secret.txt"), "TOP SECRET").unwrap();
    let site = TempSite::new(&dossier_files());
    // The site is a folder beside the secret.
    let root = outer.path().join("site");
    std::fs::rename(site.root(), &root).unwrap();
    let server = serve::start(
        &root,
        ServeOptions {
            port: 0,
            verbose: false,
            ..ServeOptions::default()
        },
    )
    .unwrap();
    let addr = server.addr();
    let secret = outer.path().join("secret.txt");
    for target in [
        "/../secret.txt".to_string(),
        "/notes/../../secret.txt".into(),
        "/%2e%2e/secret.txt".into(),
        "/%2E%2E/%2E%2E/secret.txt".into(),
        "/notes%2f..%2f..%2fsecret.txt".into(),
        "/..%2fsecret.txt".into(),
        "/..%5csecret.txt".into(),
        "/..\\secret.txt".into(),
        "/content/notes/huawei.md".into(),
        "/site.toml".into(),
        "/%00".into(),
        format!("/{}", secret.display()),
        format!("/{}", secret.display()).replace('/', "%2f"),
        format!("//{}", secret.display()),
        format!("http://{addr}/../secret.txt"),
    ] {
        let r = get(addr, &target);
        assert!(
            r.status == 400 || r.status == 404,
            "{target}: status {}",
            r.status
        );
        assert!(!r.text().contains("TOP SECRET"), "{target} leaked the file");
        assert!(!r.text().contains("base_url"), "{target} leaked site.toml");
    }
    server.shutdown();
}

#[test]
fn an_edit_is_served_and_open_pages_are_told_to_reload() {
    let site = TempSite::new(&dossier_files());
    let server = start(&site);
    let mut events = EventStream::connect(server.addr());
    let hello = events.next(PATIENCE).unwrap();
    assert_eq!(hello.name, "hello");
    assert!(hello.data["errors"].is_null());

    site.save_by_rename(
        "content/notes/plain.md",
        "+++\ntitle = \"A plain note\"\ndate = 2018-01-02\n+++\nEdited while serving.\n",
    );
    let reload = events.wait_for(PATIENCE, "the edited page", |e| {
        e.name == "reload" && e.paths().contains(&"/notes/plain/".to_string())
    });
    assert!(
        !reload.paths().contains(&"/notes/zte/".to_string()),
        "an unrelated page is not reloaded: {:?}",
        reload.paths()
    );
    let page = get(server.addr(), "/notes/plain/");
    assert_eq!(texts(&page.html(), "main p"), ["Edited while serving."]);

    // A stylesheet edit names the stylesheet alone: pages swap it without reloading.
    site.write(
        "themes/plain/static/style.css",
        "body { color: rgb(0, 90, 0); }\n",
    );
    let css = events.wait_for(PATIENCE, "the stylesheet", |e| {
        e.name == "reload" && e.paths().contains(&"/style.css".to_string())
    });
    assert_eq!(css.paths(), ["/style.css"]);
    assert_eq!(
        get(server.addr(), "/style.css").text(),
        "body { color: rgb(0, 90, 0); }\n"
    );
    server.shutdown();
}

#[test]
fn site_wide_pages_follow_edits_when_open_or_asked_for() {
    let site = TempSite::new(&dossier_files());
    let server = start(&site);
    let addr = server.addr();
    let timeline = |addr| texts(&get(addr, "/timeline/").html(), "ol.timeline a");
    assert!(timeline(addr).contains(&"Senate hearing".to_string()));

    // Nobody looks at the timeline: it is brought up to date when asked for.
    let mut events = EventStream::connect_as(addr, "/events/hearing/");
    events.next(PATIENCE).unwrap();
    site.edit(
        "content/events/hearing.md",
        "title = \"Senate hearing\"",
        "title = \"Senate Intelligence hearing\"",
    );
    events.wait_for(PATIENCE, "the edited event page", |e| {
        e.name == "reload" && e.paths().contains(&"/events/hearing/".to_string())
    });
    assert!(timeline(addr).contains(&"Senate Intelligence hearing".to_string()));
    assert!(get(addr, "/404-does-not-exist/")
        .text()
        .contains("Not here"));

    // The timeline is open: it is regenerated at once, and told to reload.
    let mut viewer = EventStream::connect_as(addr, "/timeline/");
    viewer.next(PATIENCE).unwrap();
    site.edit(
        "content/events/hearing.md",
        "Intelligence hearing",
        "Intelligence Committee hearing",
    );
    viewer.wait_for(PATIENCE, "the open timeline", |e| {
        e.name == "reload" && e.paths().contains(&"/timeline/".to_string())
    });
    let files = get(addr, "/timeline/");
    assert!(texts(&files.html(), "ol.timeline a")
        .contains(&"Senate Intelligence Committee hearing".to_string()));
    server.shutdown();
}

#[test]
fn created_deleted_and_renamed_pages_and_their_backlinks() {
    let site = TempSite::new(&dossier_files());
    let server = start(&site);
    let addr = server.addr();
    let backlinks = |path: &str| texts(&get(addr, path).html(), "ul.backlinks li a");

    site.write(
        "content/notes/cambridge.md",
        "+++\ntitle = \"Cambridge Analytica\"\n+++\nUnlike [[ZTE]], a data firm.\n",
    );
    wait_for_text(&server, "/notes/cambridge/", "a data firm");
    eventually(PATIENCE, "a backlink from the new page", || {
        backlinks("/notes/zte/")
            .contains(&"Cambridge Analytica".to_string())
            .then_some(())
    });

    site.rename(
        "content/notes/cambridge.md",
        "content/notes/cambridge-analytica.md",
    );
    wait_for_text(&server, "/notes/cambridge-analytica/", "a data firm");
    assert_eq!(get(addr, "/notes/cambridge/").status, 404);

    site.remove("content/notes/cambridge-analytica.md");
    eventually(PATIENCE, "the deleted page to go", || {
        (get(addr, "/notes/cambridge-analytica/").status == 404).then_some(())
    });
    eventually(PATIENCE, "its backlink to go", || {
        (!backlinks("/notes/zte/").contains(&"Cambridge Analytica".to_string())).then_some(())
    });
    let listed = texts(&get(addr, "/notes/").html(), "ul.pages li a");
    assert!(
        !listed.iter().any(|t| t.contains("Cambridge")),
        "{listed:?}"
    );

    // A whole folder at once, as `git checkout` or a file manager makes it.
    std::fs::create_dir_all(site.path("incoming/people")).unwrap();
    for (name, title) in [("a.md", "Person A"), ("b.md", "Person B")] {
        std::fs::write(
            site.path("incoming/people").join(name),
            format!("+++\ntitle = \"{title}\"\n+++\nSee [[huawei]].\n"),
        )
        .unwrap();
    }
    std::fs::rename(site.path("incoming/people"), site.path("content/more")).unwrap();
    wait_for_text(&server, "/more/b/", "Person B");
    eventually(PATIENCE, "backlinks from the moved folder", || {
        let b = backlinks("/notes/huawei/");
        (b.contains(&"Person A".to_string()) && b.contains(&"Person B".to_string())).then_some(())
    });
    std::fs::remove_dir_all(site.path("content/more")).unwrap();
    eventually(PATIENCE, "the removed folder's pages to go", || {
        (get(addr, "/more/a/").status == 404
            && !backlinks("/notes/huawei/").contains(&"Person A".to_string()))
        .then_some(())
    });
    server.shutdown();
}

#[test]
fn a_build_error_shows_until_it_is_fixed() {
    let site = TempSite::new(&dossier_files());
    let server = start(&site);
    let addr = server.addr();
    let mut events = EventStream::connect(addr);
    events.next(PATIENCE).unwrap();
    // A good edit first: the site-wide files (timeline…) are now due for regeneration.
    site.edit(
        "content/events/hearing.md",
        "Sandberg testified",
        "Sandberg and Dorsey testified",
    );
    events.wait_for(PATIENCE, "the good edit", |e| e.name == "reload");

    site.edit("content/notes/zte.md", "[[huawei]]", "[[huawai]]");
    let failed = events.wait_for(PATIENCE, "the build error", |e| e.name == "build-error");
    let errors = failed.data["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0]["location"], "content/notes/zte.md:6:37");
    assert_eq!(
        errors[0]["message"],
        "link [[huawai]] matches no page; did you mean `huawei`?"
    );
    // The last good page is still served, and a page opened now learns of the error.
    let page = get(addr, "/notes/zte/");
    assert_eq!(page.status, 200);
    assert!(attrs(&page.html(), "main a", "href")
        .iter()
        .any(|h| h.ends_with("/notes/huawei/")));
    // Asking for the timeline regenerates it from the last good site; the error stays.
    assert_eq!(get(addr, "/timeline/").status, 200);
    let mut late = EventStream::connect(addr);
    let hello = late.next(PATIENCE).unwrap();
    assert_eq!(
        hello.data["errors"][0]["location"],
        "content/notes/zte.md:6:37"
    );
    while let Some(e) = events.next(Duration::from_millis(300)) {
        assert!(
            !(e.name == "reload" && e.data["rebuilt"] == true),
            "a regeneration is no rebuild: pages showing the error must not reload: {e:?}"
        );
    }

    // Bad front matter elsewhere meanwhile: both are reported.
    site.edit(
        "content/notes/plain.md",
        "date = 2018-01-02",
        "date = 2018-13-02",
    );
    let failed = events.wait_for(PATIENCE, "two errors", |e| {
        e.name == "build-error"
            && e.data["errors"].as_array().is_some_and(|a| !a.is_empty())
            && e.data["errors"][0]["location"]
                .as_str()
                .is_some_and(|l| l.starts_with("content/notes/plain.md:3"))
    });
    assert!(failed.data["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("date"));

    site.edit(
        "content/notes/plain.md",
        "date = 2018-13-02",
        "date = 2018-01-02",
    );
    site.edit("content/notes/zte.md", "[[huawai]]", "[[hUAWEI]]");
    events.wait_for(PATIENCE, "the good build", |e| e.name == "reload");
    let mut after = EventStream::connect(addr);
    assert!(after.next(PATIENCE).unwrap().data["errors"].is_null());
    wait_for_text(&server, "/notes/zte/", "Compare");
    server.shutdown();
}

#[test]
fn the_served_site_is_what_a_build_of_the_same_files_writes() {
    let site = TempSite::new(&dossier_files());
    let server = start(&site);
    let mut events = EventStream::connect(server.addr());
    events.next(PATIENCE).unwrap();

    site.edit(
        "content/notes/zte.md",
        "ZTE was sanctioned",
        "ZTE, the Shenzhen maker, was sanctioned",
    );
    site.edit(
        "content/notes/huawei.md",
        "title = \"Huawei\"",
        "title = \"Huawei Technologies Co.\"",
    );
    site.write(
        "content/notes/new.md",
        "+++\ntitle = \"New note\"\n+++\nOn [[zte]] and [@nyt-2018].\n",
    );
    site.remove("content/notes/plain.md");
    site.edit(
        "content/sources/nyt-2018.md",
        "The report.",
        "The report itself.",
    );
    site.edit(
        "themes/plain/templates/section.html",
        "<h1>{{ section.title }}</h1>",
        "<h1 class=\"section\">{{ section.title }}</h1>",
    );

    let options = Options {
        drafts: false,
        base_url: Some(server.url().to_string()),
        ..Options::default()
    };
    let mut last = String::new();
    eventually(PATIENCE, "the served site to equal a full build", || {
        let full = full_build(site.root(), &options);
        let served: BTreeMap<String, Vec<u8>> = full
            .keys()
            .map(|path| {
                let r = get(server.addr(), &format!("/{path}"));
                (path.clone(), without_live_script(&r.body))
            })
            .collect();
        let differ: Vec<&String> = full.keys().filter(|k| served[*k] != full[*k]).collect();
        last = format!("{differ:?}");
        differ.is_empty().then_some(())
    });
    assert_eq!(get(server.addr(), "/notes/plain/").status, 404, "{last}");
    server.shutdown();
}

#[test]
fn serving_writes_nothing_and_leaves_a_deploy_build_alone() {
    // Without a deploy build, none appears.
    let site = TempSite::new(&dossier_files());
    let before = snapshot(site.root());
    let server = start(&site);
    wait_for_text(&server, "/notes/plain/", "Nothing");
    server.shutdown();
    assert_eq!(changed(&before, &snapshot(site.root())), [] as [&str; 0]);
    assert!(!site.path("public").exists());

    // With one, it stays as it was, through a rebuild.
    site.write("public/index.html", "deployed");
    let mut expected = snapshot(site.root());
    let server = start(&site);
    site.edit("content/notes/plain.md", "Nothing", "Still nothing");
    wait_for_text(&server, "/notes/plain/", "Still nothing");
    server.shutdown();
    for (rel, bytes) in &mut expected {
        if rel == "content/notes/plain.md" {
            *bytes = site.read(rel).into_bytes();
        }
    }
    assert_eq!(changed(&expected, &snapshot(site.root())), [] as [&str; 0]);
    assert_eq!(site.read("public/index.html"), "deployed");
    let built = full_build(site.root(), &Options::default());
    assert!(built
        .values()
        .all(|b| !String::from_utf8_lossy(b).contains("data-dossier-live")));
}

/// The files that differ between two snapshots of a folder: added, removed or changed.
fn changed<'a>(before: &'a [(String, Vec<u8>)], after: &'a [(String, Vec<u8>)]) -> Vec<&'a str> {
    let before: BTreeMap<&str, &Vec<u8>> = before.iter().map(|(p, b)| (p.as_str(), b)).collect();
    let after: BTreeMap<&str, &Vec<u8>> = after.iter().map(|(p, b)| (p.as_str(), b)).collect();
    let mut paths: Vec<&str> = before.keys().chain(after.keys()).copied().collect();
    paths.sort();
    paths.dedup();
    paths.retain(|p| before.get(p) != after.get(p));
    paths
}

#[test]
fn a_taken_port_moves_to_the_next_free_one() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let site = TempSite::new(&dossier_files());
    let server = serve::start(
        site.root(),
        ServeOptions {
            port,
            verbose: false,
            ..ServeOptions::default()
        },
    )
    .unwrap();
    assert!(server.addr().port() > port);
    assert_eq!(
        server.url(),
        format!("http://127.0.0.1:{}", server.addr().port())
    );
    assert_eq!(get(server.addr(), "/").status, 200);
    server.shutdown();
}

#[test]
fn shutting_down_ends_open_event_streams() {
    let site = TempSite::new(&dossier_files());
    let server = start(&site);
    let mut events = EventStream::connect(server.addr());
    events.next(PATIENCE).unwrap();
    server.shutdown();
    assert!(events.next(PATIENCE).is_none(), "the stream ended");
}

#[test]
fn a_site_that_does_not_build_still_serves_its_errors() {
    let site = TempSite::new(&dossier_files());
    site.edit("content/notes/zte.md", "title = \"ZTE\"", "title = ZTE");
    let server = start(&site);
    let page = get(server.addr(), "/");
    assert_eq!(page.status, 404);
    assert_eq!(
        attrs(
            &page.html(),
            "script[data-dossier-live]",
            "data-dossier-live"
        )
        .len(),
        1
    );
    let mut events = EventStream::connect(server.addr());
    let hello = events.next(PATIENCE).unwrap();
    assert!(hello.data["errors"][0]["location"]
        .as_str()
        .unwrap()
        .starts_with("content/notes/zte.md:2"));
    site.edit("content/notes/zte.md", "title = ZTE", "title = \"ZTE\"");
    wait_for_text(&server, "/", "Test dossier");
    server.shutdown();
}

#[test]
fn check_warnings_reach_open_pages_and_change_with_edits() {
    let site = orphan_site();
    let server = start(&site);
    let mut events = EventStream::connect(server.addr());
    let hello = events.next(PATIENCE).unwrap();
    assert_eq!(
        hello.data["warnings"],
        serde_json::json!([{
            "location": "content/b.md",
            "message": "orphan page: no other page links to \"B\""
        }])
    );
    // Linking B ends the warning; open pages are told the list is now empty.
    site.edit("content/a.md", "Alone.", "See [[b]].");
    let told = events.wait_for(PATIENCE, "the warnings to change", |e| e.name == "warnings");
    assert_eq!(told.data["warnings"], serde_json::json!([]));
    // A page opened now starts without the badge's warnings.
    let mut late = EventStream::connect(server.addr());
    assert_eq!(
        late.next(PATIENCE).unwrap().data["warnings"],
        serde_json::json!([])
    );
    // The badge and the dismissible overlay are part of the injected script.
    let page = get(server.addr(), "/a/").text();
    for id in [
        "dossier-warnings-toggle",
        "dossier-warnings-dismiss",
        "dossier-build-error-close",
    ] {
        assert!(page.contains(id), "{id}");
    }
}
