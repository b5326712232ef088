//! Live reload in headless Chromium: tests/browser/serve_reload.mjs drives a page served by
//! `dossier serve` while this test's site changes on disk, and asks for a server restart
//! midway (through a file), which this test performs on the same port.
//!
//! Needs Chromium, node and tests/browser/node_modules; when one is missing the test fails
//! and says to run scripts/test.sh, which installs them.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::serve::{dossier_files, TempSite};
use dossier::serve::{self, ServeOptions, Server};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn chromium() -> PathBuf {
    std::env::var_os("CHROMIUM").map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from)
}

fn require_tools() {
    let mut missing = Vec::new();
    if !chromium().exists() {
        missing.push(format!("Chromium ({})", chromium().display()));
    }
    let node = Command::new("node").arg("--version").output();
    if !node.is_ok_and(|o| o.status.success()) {
        missing.push("node".to_string());
    }
    if !repo()
        .join("tests/browser/node_modules/playwright-core")
        .is_dir()
    {
        missing.push("tests/browser/node_modules/playwright-core".to_string());
    }
    assert!(
        missing.is_empty(),
        "the live-reload browser test needs {}: run scripts/test.sh, which installs them",
        missing.join(", ")
    );
}

fn start(site: &TempSite, port: u16) -> Server {
    serve::start(
        site.root(),
        ServeOptions {
            port,
            verbose: false,
            ..ServeOptions::default()
        },
    )
    .unwrap_or_else(|d| panic!("serve did not start:\n{d}"))
}

#[test]
#[ignore = "needs Chromium and tests/browser/node_modules; scripts/test.sh runs it"]
fn the_browser_shows_edits_swaps_stylesheets_and_shows_errors() {
    require_tools();
    let site = TempSite::new(&dossier_files());
    let mut server = start(&site, 0);
    let port = server.addr().port();
    let url = server.url().to_string();

    let mut node = Command::new("node")
        .arg(repo().join("tests/browser/serve_reload.mjs"))
        .arg(&url)
        .arg(site.root())
        .env("CHROMIUM", chromium())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node runs");
    let restart = site.path(".restart-request");
    let deadline = Instant::now() + Duration::from_secs(180);
    let status = loop {
        if let Some(status) = node.try_wait().unwrap() {
            break status;
        }
        if restart.exists() {
            std::fs::remove_file(&restart).unwrap();
            server.shutdown();
            server = start(&site, port);
            assert_eq!(server.url(), url, "restarted on the same port");
        }
        if Instant::now() > deadline {
            let _ = node.kill();
            break node.wait().unwrap();
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let output = node.wait_with_output().unwrap();
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    println!("{report}");
    assert!(status.success(), "serve_reload.mjs failed:\n{report}");
    for step in [
        "a Markdown edit shows without any action in the browser",
        "a CSS edit applies without a reload",
        "fixing the file clears the overlay and reloads",
        "the page reconnects and reloads after a server restart",
        "no request went to another host",
    ] {
        assert!(
            report.contains(&format!("ok: {step}")),
            "missing {step:?}:\n{report}"
        );
    }
    server.shutdown();
}
