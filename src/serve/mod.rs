//! `dossier serve`: build the site into memory, serve it over HTTP, watch its files, rebuild
//! what an edit touches and tell open pages to reload.
//!
//! Three threads of work: notify's watcher sends raw events; one rebuild thread turns them
//! into batches of changes (`watch`), runs the incremental rebuild (`crate::incremental`),
//! publishes the new files and sends the reload event (`live`); a small tokio runtime serves
//! HTTP and the event streams (`http`). Nothing is written to disk: a deploy build in
//! `public/` stays as it is, and no dev-only script ever reaches it.

mod connections;
mod guard;
mod http;
mod live;
pub mod watch;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::IsTerminal;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{channel, Sender};
use std::sync::{Arc, RwLock};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tokio::sync::{broadcast, watch as signal};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::incremental::{Change, Layer, LiveSite, Rebuild};
use crate::site::Options;
use http::Shared;
use live::{error_views, url_path, LiveEvent};
use watch::Step;

pub use connections::Limits;

/// How many ports after the asked one are tried when it is taken.
const PORT_ATTEMPTS: u16 = 20;

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub bind: IpAddr,
    /// 0 for any free port.
    pub port: u16,
    pub drafts: bool,
    /// Print what is rebuilt, and errors, to the terminal.
    pub verbose: bool,
    pub limits: Limits,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 1111,
            drafts: false,
            verbose: true,
            limits: Limits::default(),
        }
    }
}

/// A running server. Dropping it without `shutdown` stops it too.
pub struct Server {
    addr: SocketAddr,
    url: String,
    runtime: Option<tokio::runtime::Runtime>,
    http: Option<tokio::task::JoinHandle<()>>,
    stop: signal::Sender<bool>,
    rebuilds: Option<(Sender<Message>, JoinHandle<()>)>,
}

/// What the rebuild thread is told.
enum Message {
    /// A watcher event that changes something.
    Fs(watch::Seen),
    /// Regenerate the site-wide files if they are stale, then answer.
    Regenerate(tokio::sync::oneshot::Sender<()>),
    Stop,
}

/// Binds `bind:port`, or the next free port if it is taken (saying so).
fn bind(options: &ServeOptions) -> Result<TcpListener, Diagnostic> {
    let attempts = if options.port == 0 { 1 } else { PORT_ATTEMPTS };
    let mut port = options.port;
    for _ in 0..attempts {
        match TcpListener::bind((options.bind, port)) {
            Ok(l) => return Ok(l),
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
                if options.verbose {
                    eprintln!("Port {port} is in use; trying {}", port.wrapping_add(1));
                }
                port = port.wrapping_add(1);
            }
            Err(e) => {
                return Err(Diagnostic::error(format!(
                    "cannot listen on {}:{port}: {e}",
                    options.bind
                )))
            }
        }
    }
    Err(Diagnostic::error(format!(
        "ports {} to {} on {} are all in use; choose another with --port",
        options.port,
        options.port.saturating_add(PORT_ATTEMPTS - 1),
        options.bind
    )))
}

/// The address pages link to: the bound one, or loopback when bound to all interfaces.
fn base_url(addr: SocketAddr) -> String {
    let ip = match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(std::net::Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}", SocketAddr::new(ip, addr.port()))
}

/// How far a file's modification time may lag the clock (see `Builder::written_since`).
const MTIME_SLACK: Duration = Duration::from_millis(5);

/// Builds the site and starts serving and watching it. A site with errors still starts:
/// its pages show the errors until they are fixed.
pub fn start(root: &Path, options: ServeOptions) -> Result<Server, Diagnostics> {
    let listener = bind(&options)?;
    let addr = listener
        .local_addr()
        .map_err(|e| Diagnostic::error(e.to_string()))?;
    listener
        .set_nonblocking(true)
        .map_err(|e| Diagnostic::error(e.to_string()))?;
    let url = base_url(addr);
    let root = crate::output::absolute(root);

    let (stop, stopping) = signal::channel(false);
    let (tx, rx) = channel();
    let config = crate::config::SiteConfig::load(&root).ok();
    let site_url = config.as_ref().map(|c| c.base_url.clone());
    let content = watch::ContentFolder::new(
        config
            .as_ref()
            .map_or(crate::config::DEFAULT_CONTENT_DIR, |c| {
                c.content_dir.as_str()
            }),
    );
    let shared = Arc::new(Shared {
        files: RwLock::new(HashMap::new()),
        hosts: guard::AllowedHosts::new(addr, site_url.as_deref()),
        errors: RwLock::new(None),
        warnings: RwLock::new(Vec::new()),
        events: broadcast::channel(64).0,
        instance: format!(
            "{}-{}",
            std::process::id(),
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap_or_default()
                .as_nanos()
        ),
        stopping,
        viewers: Default::default(),
        generated: Default::default(),
        stale: AtomicBool::new(false),
        rebuilds: tx.clone(),
    });

    // Watch first, so edits made during the first build are rebuilt after it.
    let events = tx.clone();
    let unseen = Arc::new(AtomicUsize::new(0));
    let (watched_root, counted) = (root.clone(), Arc::clone(&unseen));
    let watched_content = content.clone();
    let (watcher, problems) = notify::recommended_watcher(move |e| {
        if let Some(seen) = watch::seen(&watched_root, &watched_content.name(), &e) {
            counted.fetch_add(1, Ordering::AcqRel);
            let _ = events.send(Message::Fs(seen));
        }
    })
    .and_then(|w| watch::SiteWatcher::new(&root, &content.name(), w))
    .map_err(|e| Diagnostic::error(format!("cannot watch {}: {e}", root.display())))?;
    if options.verbose {
        for problem in problems {
            eprintln!("warning: {problem}");
        }
    }

    let mut live = LiveSite::new(
        &root,
        Options {
            drafts: options.drafts,
            base_url: Some(url.clone()),
            ..Options::default()
        },
    );
    let builder = Builder {
        shared: Arc::clone(&shared),
        verbose: options.verbose,
        root: root.clone(),
        content,
        unseen,
    };
    builder.rebuild(&mut live, Vec::new());

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("dossier-http")
        .enable_all()
        .build()
        .map_err(|e| Diagnostic::error(format!("cannot start the HTTP server: {e}")))?;
    let app = http::router(shared);
    let stopped = stop.subscribe();
    let http = runtime.block_on(async {
        let listener = tokio::net::TcpListener::from_std(listener)
            .map_err(|e| Diagnostic::error(format!("cannot listen on {addr}: {e}")))?;
        Ok::<_, Diagnostic>(tokio::spawn(connections::serve(
            listener,
            app,
            options.limits,
            stopped,
        )))
    })?;

    let rebuilds = std::thread::Builder::new()
        .name("dossier-rebuild".into())
        .spawn(move || {
            let mut watcher = watcher;
            let mut waiting = Vec::new();
            let mut named = HashSet::new();
            loop {
                let step = |m: Message| match m {
                    Message::Fs(seen) => Step::Changes(builder.take(seen, &mut named)),
                    Message::Regenerate(reply) => {
                        waiting.push(reply);
                        Step::Wake
                    }
                    Message::Stop => Step::Stop,
                };
                let Some(mut batch) = watch::next_batch(&rx, step) else {
                    break;
                };
                if !batch.is_empty() {
                    builder.refresh(&mut watcher, &mut named, &mut batch);
                    builder.rebuild(&mut live, batch.into_iter().collect());
                }
                if !waiting.is_empty() {
                    if builder.shared.stale.load(Ordering::Acquire) {
                        builder.regenerate(&mut live);
                    }
                    for reply in waiting.drain(..) {
                        let _ = reply.send(());
                    }
                }
            }
        })
        .map_err(|e| Diagnostic::error(format!("cannot start the rebuild thread: {e}")))?;
    Ok(Server {
        addr,
        url,
        runtime: Some(runtime),
        http: Some(http),
        stop,
        rebuilds: Some((tx, rebuilds)),
    })
}

impl Server {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:1111`, what permalinks start with.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Blocks until Ctrl-C.
    pub fn wait_for_ctrl_c(&self) {
        if let Some(rt) = &self.runtime {
            let _ = rt.block_on(tokio::signal::ctrl_c());
        }
    }

    /// Stops watching and serving: open event streams end, the rebuild thread finishes.
    pub fn shutdown(mut self) {
        self.stop_all();
    }

    fn stop_all(&mut self) {
        let _ = self.stop.send(true);
        if let Some((tx, thread)) = self.rebuilds.take() {
            let _ = tx.send(Message::Stop);
            let _ = thread.join();
        }
        if let (Some(rt), Some(http)) = (self.runtime.take(), self.http.take()) {
            let _ = rt.block_on(async { tokio::time::timeout(Duration::from_secs(5), http).await });
            rt.shutdown_timeout(Duration::from_secs(1));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop_all();
    }
}

/// Runs rebuilds and tells the server and pages about them.
struct Builder {
    shared: Arc<Shared>,
    verbose: bool,
    root: PathBuf,
    /// The content folder site.toml names, which the watcher sorts events by.
    content: watch::ContentFolder,
    /// Watcher events sent and not yet taken into a batch: while there are some, the site
    /// is changing, and a build that failed failed on a state already gone.
    unseen: Arc<AtomicUsize>,
}

/// How often a rebuild that failed on a file removed meanwhile is tried again.
const VANISHED_RETRIES: usize = 3;

impl Builder {
    /// Takes a watcher event into the batch: notes the site folders it names (to watch
    /// them again), and says when the watcher failed.
    fn take(&self, seen: watch::Seen, named: &mut HashSet<String>) -> Vec<Change> {
        self.unseen.fetch_sub(1, Ordering::AcqRel);
        named.extend(seen.folders);
        if let (Some(e), true) = (seen.error, self.verbose) {
            eprintln!("warning: the file watcher failed ({e}); rebuilding everything");
        }
        seen.changes
    }

    /// Watches again the folders that were replaced, moved back or created, and the content
    /// folder a changed site.toml names instead of the old one; if any, the batch becomes a
    /// full rebuild, since what happened inside them was not seen.
    fn refresh<W: notify::Watcher>(
        &self,
        watcher: &mut watch::SiteWatcher<W>,
        named: &mut HashSet<String>,
        batch: &mut BTreeSet<Change>,
    ) {
        if batch
            .iter()
            .any(|c| matches!(c, Change::Config | Change::Everything))
        {
            // A site.toml with errors keeps the folder watched: its errors are shown.
            if let Ok(config) = crate::config::SiteConfig::load(&self.root) {
                self.content.set(&config.content_dir);
            }
        }
        let refreshed = watcher.refresh(named, &self.content.name());
        named.clear();
        if self.verbose {
            for problem in &refreshed.problems {
                eprintln!("warning: {problem}");
            }
        }
        if refreshed.folders_changed {
            batch.insert(Change::Everything);
        }
    }

    /// Applies changes and publishes the pages. What is generated from the whole site is
    /// regenerated now if an open page shows it, else when it is next asked for: on a big
    /// site it takes long (a printable dossier of every page), and the next save should not
    /// wait for it.
    fn rebuild(&self, live: &mut LiveSite, changes: Vec<Change>) {
        let started = SystemTime::now();
        match self.update(live, &changes) {
            Ok(pages) => {
                // Stale before the reload is announced: a page that reloads at once and asks
                // for the search index must get the new one. Static files change none.
                if !changes.iter().all(|c| matches!(c, Change::Static(_))) || pages.full {
                    self.shared.stale.store(true, Ordering::Release);
                }
                *self
                    .shared
                    .errors
                    .write()
                    .expect("no panics while holding it") = None;
                self.publish(live, &pages, true);
                if self.verbose {
                    println!("{pages}");
                }
                self.warn(live);
                if pages.full || self.shared.viewing_generated() {
                    self.regenerate(live);
                }
            }
            // Failed only on files removed meanwhile: their removal rebuilds again.
            Err(d) if d.0.is_empty() => {}
            // The site changed while it was built (a folder being deleted or checked out):
            // the next batch builds what it is now, and shows its errors if it has any.
            Err(d)
                if self.unseen.load(Ordering::Acquire) > 0
                    || (!changes.is_empty() && self.written_since(&d, started)) =>
            {
                if self.verbose {
                    println!("The site changed while it was built; building it again");
                }
            }
            Err(d) => self.fail(&d),
        }
    }

    /// `live.update`, tried again while it fails on files that no longer exist: such a file
    /// was removed while the rebuild ran, a removal (its own event confirms it), not a
    /// build error. Errors about such files are never shown.
    fn update(&self, live: &mut LiveSite, changes: &[Change]) -> Result<Rebuild, Diagnostics> {
        let mut result = live.update(changes.iter().cloned());
        for _ in 0..VANISHED_RETRIES {
            match &result {
                Err(d) if d.0.iter().any(|e| self.vanished(e)) => {
                    let removed = d.0.iter().filter_map(|e| self.vanished_content(e));
                    result = live.update(removed.collect::<Vec<_>>());
                }
                _ => break,
            }
        }
        result.map_err(|d| Diagnostics(d.0.into_iter().filter(|e| !self.vanished(e)).collect()))
    }

    /// Whether every error is about a file written (or removed) since `started`: a file
    /// read half-written, whose watcher event may not have arrived yet. Its next event
    /// rebuilds it as it is then (not for the first build, which no event started). File
    /// times come from the kernel's coarse clock, a few
    /// milliseconds behind, hence `MTIME_SLACK`; it is below `watch::QUIET`, so a file saved
    /// before a batch ended (at least that long before the build) never counts.
    fn written_since(&self, d: &Diagnostics, started: SystemTime) -> bool {
        let started = started - MTIME_SLACK;
        !d.0.is_empty()
            && d.0.iter().all(|e| {
                e.path.as_ref().is_some_and(|p| {
                    std::fs::metadata(self.root.join(p))
                        .and_then(|m| m.modified())
                        .map_or(true, |modified| modified >= started)
                })
            })
    }

    /// Whether a diagnostic is about a file that is no longer there.
    fn vanished(&self, d: &Diagnostic) -> bool {
        d.path.as_ref().is_some_and(|p| !self.root.join(p).exists())
    }

    /// The change a diagnostic about a removed content file stands for.
    fn vanished_content(&self, d: &Diagnostic) -> Option<Change> {
        let rel = d.path.as_ref()?.strip_prefix(self.content.name()).ok()?;
        self.vanished(d)
            .then(|| Change::Content(rel.to_string_lossy().replace('\\', "/")))
    }

    /// Regenerates and publishes what is made from the whole site.
    fn regenerate(&self, live: &mut LiveSite) {
        let result = live.finish();
        match result {
            Ok(generated) => {
                *self
                    .shared
                    .generated
                    .write()
                    .expect("no panics while holding it") = live
                    .output()
                    .layer(Layer::Generated)
                    .keys()
                    .cloned()
                    .collect();
                self.publish(live, &generated, false);
                if self.verbose && !generated.changed.is_empty() {
                    println!(
                        "Regenerated {} site-wide file{} in {} ms",
                        generated.changed.len(),
                        if generated.changed.len() == 1 {
                            ""
                        } else {
                            "s"
                        },
                        generated.elapsed.as_millis()
                    );
                }
            }
            Err(d) => self.fail(&d),
        }
        // Only now: a request meanwhile waits for this regeneration rather than getting
        // the files it replaces.
        self.shared.stale.store(false, Ordering::Release);
    }

    /// Serves the changed files and tells open pages; `rebuilt` after a rebuild of changed
    /// files (not a regeneration).
    fn publish(&self, live: &LiveSite, rebuild: &Rebuild, rebuilt: bool) {
        {
            let mut files = self
                .shared
                .files
                .write()
                .expect("no panics while holding it");
            for path in &rebuild.changed {
                match live.output().get(path) {
                    Some(file) => files.insert(path.clone(), file.clone()),
                    None => files.remove(path),
                };
            }
        }
        let paths = rebuild.changed.iter().map(|p| url_path(p)).collect();
        let _ = self
            .shared
            .events
            .send(LiveEvent::Reload { paths, rebuilt });
    }

    /// Says what `dossier check` warns about, when that changed: in the terminal, and to
    /// open pages, which show it as a badge.
    fn warn(&self, live: &LiveSite) {
        let found = live.warnings();
        let views = error_views(&Diagnostics(found.clone()));
        let mut shown = self
            .shared
            .warnings
            .write()
            .expect("no panics while holding it");
        if *shown == views {
            return;
        }
        *shown = views.clone();
        drop(shown);
        if self.verbose {
            let color = crate::diagnostic::colour(std::io::stdout().is_terminal());
            for d in &found {
                println!("{}", d.report(&self.root, color));
            }
            let n = found.len();
            println!(
                "{n} warning{}{}",
                if n == 1 { "" } else { "s" },
                if n > 0 { " (see `dossier check`)" } else { "" }
            );
        }
        let _ = self.shared.events.send(LiveEvent::Warnings(views));
    }

    fn fail(&self, d: &Diagnostics) {
        if self.verbose {
            let color = crate::diagnostic::colour(std::io::stderr().is_terminal());
            for e in &d.0 {
                eprintln!("{}", e.report(&self.root, color));
            }
            let n = d.errors().count();
            eprintln!(
                "Build failed with {n} error{}; serving the last good site",
                if n == 1 { "" } else { "s" }
            );
        }
        let errors = error_views(d);
        *self
            .shared
            .errors
            .write()
            .expect("no panics while holding it") = Some(errors.clone());
        let _ = self.shared.events.send(LiveEvent::Failed(errors));
    }
}

/// Opens `url` in the desktop's browser.
pub fn open_browser(url: &str) -> std::io::Result<()> {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(|_| ())
}

/// `dossier serve`: serve until Ctrl-C.
pub fn run(root: &Path, options: ServeOptions, open: bool) -> Result<(), Diagnostics> {
    let shown: PathBuf = crate::output::absolute(root);
    let server = start(root, options)?;
    println!(
        "Serving {} at {}/ (Ctrl-C to stop)",
        shown.display(),
        server.url()
    );
    if open {
        if let Err(e) = open_browser(&format!("{}/", server.url())) {
            eprintln!("warning: cannot open a browser: {e}");
        }
    }
    server.wait_for_ctrl_c();
    println!("Stopping");
    server.shutdown();
    Ok(())
}
