//! Watching the site: notify's raw events turned into the few kinds of `Change` a rebuild
//! acts on (as Zola's `fs_utils` does), with editor noise dropped and bursts coalesced.
//!
//! Editors save by writing a temporary file and renaming it over the old one, vim probes
//! with a file named `4913`, emacs leaves `.#` locks, `git checkout` touches many files at
//! once: a batch of changes ends only when the site has been quiet for `QUIET`.
//!
//! Not `notify-debouncer-full` (Zola's choice): it ends a path's wait when that path has been
//! quiet, on a tick of a quarter of its timeout, so a checkout arrives in many small batches
//! rather than one when the whole site is quiet; it has no cap like `MAX_WAIT`; its rename
//! stitching (which `change_for` does not need: both paths are changes) can cache the id of
//! every watched file; and its events would need a second channel beside the rebuild
//! thread's other messages (`Step`).
//!
//! A watch follows the folder it was put on, not its name: `SiteWatcher` watches a site
//! folder again when it is replaced, moved back or created, and says when it cannot.
//!
//! The content folder is the one site.toml names (`content_dir`, `content` by default), which
//! a save of site.toml may change while the site is served: the watcher's thread reads it
//! from a `ContentFolder` the rebuild thread keeps.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use notify::event::{EventKind, ModifyKind};
use notify::{RecursiveMode, Watcher};

use crate::content::is_hidden_or_noise;
use crate::incremental::Change;

/// How long the site must be quiet before a batch of changes is rebuilt. Editors' save
/// sequences and `git checkout` produce events well under a millisecond apart.
pub const QUIET: Duration = Duration::from_millis(10);
/// The longest a batch waits for quiet (a long checkout is rebuilt in several batches).
/// Long enough that `rm -rf content` of a few thousand files is mostly one batch: a
/// half-deleted site is slow to build (every link to a deleted page is broken).
pub const MAX_WAIT: Duration = Duration::from_millis(1000);

/// The folders watched recursively besides the content folder; the root itself is watched
/// for `site.toml`.
pub const THEME_DIRS: &[&str] = &["templates", "themes", "static"];

/// The content folder as site.toml names it (`content`, `vault`), shared by the watcher's
/// thread, which sorts events by it, and the rebuild thread, which changes it when a save of
/// site.toml does.
#[derive(Debug, Clone)]
pub struct ContentFolder(Arc<RwLock<String>>);

impl ContentFolder {
    pub fn new(name: &str) -> ContentFolder {
        ContentFolder(Arc::new(RwLock::new(name.to_string())))
    }

    pub fn name(&self) -> String {
        self.0
            .read()
            .map_or_else(|e| e.into_inner().clone(), |n| n.clone())
    }

    pub fn set(&self, name: &str) {
        *self.0.write().unwrap_or_else(|e| e.into_inner()) = name.to_string();
    }
}

/// The folders watched recursively: the content folder (`content_dir`) and the theme's.
fn watched_dirs(content_dir: &str) -> impl Iterator<Item = &str> {
    std::iter::once(content_dir).chain(THEME_DIRS.iter().copied())
}

/// What a path under the site root stands for, if anything; `content_dir` is the content
/// folder as site.toml names it.
pub fn change_for(root: &Path, content_dir: &str, path: &Path) -> Option<Change> {
    let rel = path.strip_prefix(root).ok()?;
    if let Ok(inside) = rel.strip_prefix(content_dir) {
        return content_change(inside);
    }
    let parts: Vec<&str> = rel
        .components()
        .map(|c| match c {
            Component::Normal(name) => name.to_str(),
            _ => None,
        })
        .collect::<Option<_>>()?;
    if parts.iter().any(|p| is_hidden_or_noise(p)) {
        return None;
    }
    let join = |rest: &[&str]| rest.join("/");
    Some(match parts.as_slice() {
        ["site.toml"] => Change::Config,
        // A bibliography beside site.toml (`bibliography = ["sources.bib"]`) reloads the
        // site as site.toml does: its records are sources of every page.
        [name] if is_bibliography(name) => Change::Config,
        ["templates", rest @ ..] => Change::Template(join(rest)),
        ["static", rest @ ..] => Change::Static(join(rest)),
        ["themes", _, "templates", rest @ ..] => Change::Template(join(rest)),
        ["themes", _, "static", rest @ ..] => Change::Static(join(rest)),
        ["themes", ..] => Change::Template(String::new()),
        _ => return None,
    })
}

/// A path inside the content folder, relative to it, as a change (none for editor noise).
fn content_change(inside: &Path) -> Option<Change> {
    let parts: Vec<&str> = inside
        .components()
        .map(|c| match c {
            Component::Normal(name) => name.to_str(),
            _ => None,
        })
        .collect::<Option<_>>()?;
    if parts.iter().any(|p| is_hidden_or_noise(p)) {
        return None;
    }
    Some(Change::Content(parts.join("/")))
}

/// A file at the site's root that may be a bibliography: BibTeX or CSL-JSON.
fn is_bibliography(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name.ends_with(".bib") || name.ends_with(".json")
}

/// The changes one notify event stands for.
pub fn classify(root: &Path, content_dir: &str, event: &notify::Event) -> Vec<Change> {
    if event.need_rescan() {
        return vec![Change::Everything];
    }
    match event.kind {
        // Reads, and a write's close after its modify events, change nothing.
        EventKind::Access(_) => Vec::new(),
        EventKind::Modify(ModifyKind::Metadata(_)) => Vec::new(),
        _ => event
            .paths
            .iter()
            .filter_map(|p| change_for(root, content_dir, p))
            .collect(),
    }
}

/// A watch error means events may have been lost.
pub fn classify_result(
    root: &Path,
    content_dir: &str,
    event: &notify::Result<notify::Event>,
) -> Vec<Change> {
    match event {
        Ok(e) => classify(root, content_dir, e),
        Err(_) => vec![Change::Everything],
    }
}

/// What one watcher event means for the site, classified on the watcher's thread so that
/// events that change nothing (reads, editor noise) are dropped before they are counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    pub changes: Vec<Change>,
    /// Site folders the event names themselves (to be watched again).
    pub folders: Vec<String>,
    /// The watcher's error, if it failed (events may be lost: `changes` is everything).
    pub error: Option<String>,
}

/// What an event or watcher error means, if it changes anything.
pub fn seen(root: &Path, content_dir: &str, event: &notify::Result<notify::Event>) -> Option<Seen> {
    let seen = Seen {
        changes: classify_result(root, content_dir, event),
        folders: match event {
            Ok(e) => folders_named(root, content_dir, e).collect(),
            Err(_) => Vec::new(),
        },
        error: event.as_ref().err().map(|e| e.to_string()),
    };
    (!seen.changes.is_empty()).then_some(seen)
}

/// What a message to the rebuild thread means for the batch being collected.
pub enum Step {
    Changes(Vec<Change>),
    /// Something else to do (the message's owner keeps it): return, even with no changes.
    Wake,
    Stop,
}

/// Waits for the next batch of changes: blocks until a relevant event arrives, then collects
/// until the site is quiet. Returns early, with what it has, when woken; `None` on `Stop`
/// or when the channel closed.
pub fn next_batch<T>(
    events: &Receiver<T>,
    mut step: impl FnMut(T) -> Step,
) -> Option<BTreeSet<Change>> {
    let mut batch = BTreeSet::new();
    while batch.is_empty() {
        match step(events.recv().ok()?) {
            Step::Changes(changes) => batch.extend(changes),
            Step::Wake => return Some(batch),
            Step::Stop => return None,
        }
    }
    let start = Instant::now();
    loop {
        let left = MAX_WAIT.saturating_sub(start.elapsed());
        match events.recv_timeout(QUIET.min(left)) {
            Ok(event) => match step(event) {
                Step::Changes(changes) => batch.extend(changes),
                Step::Wake => {}
                Step::Stop => return None,
            },
            Err(RecvTimeoutError::Timeout) => return Some(batch),
            Err(RecvTimeoutError::Disconnected) => return Some(batch),
        }
        if start.elapsed() >= MAX_WAIT {
            return Some(batch);
        }
    }
}

/// The site folder an event names itself (created, removed, renamed), if any: the folder
/// may now be another one, or the same moved back, which its old watch does not follow.
pub fn folders_named<'a>(
    root: &'a Path,
    content_dir: &'a str,
    event: &'a notify::Event,
) -> impl Iterator<Item = String> + 'a {
    // Only what can put another folder there: reading a folder (each rebuild lists it) or
    // changing its metadata cannot.
    let moves = matches!(
        event.kind,
        EventKind::Create(_)
            | EventKind::Remove(_)
            | EventKind::Modify(ModifyKind::Name(_) | ModifyKind::Any)
            | EventKind::Any
            | EventKind::Other
    );
    event
        .paths
        .iter()
        .filter(move |_| moves)
        .filter_map(move |p| {
            let name = p.strip_prefix(root).ok()?;
            watched_dirs(content_dir)
                .find(|d| name == Path::new(d))
                .map(str::to_string)
        })
}

/// What a folder is on disk: replaced by another (`rm -rf` then a copy), it is another.
#[cfg(unix)]
fn folder_identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

/// Elsewhere a replaced folder is noticed by its own events only.
#[cfg(not(unix))]
fn folder_identity(_path: &Path) -> Option<(u64, u64)> {
    None
}

/// What `SiteWatcher::refresh` did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Refreshed {
    /// A folder appeared, vanished or was replaced: what the site is made of is unknown.
    pub folders_changed: bool,
    /// Why folders cannot be watched (said once per folder and reason).
    pub problems: Vec<String>,
}

/// The watcher and the folders it watches. A folder created, replaced or moved away and
/// back is watched again: a watch follows the folder it was put on, not its name.
pub struct SiteWatcher<W: Watcher> {
    root: PathBuf,
    watcher: W,
    /// The folders watched, with the identity of the folder the watch is on.
    watched: HashMap<String, Option<(u64, u64)>>,
    /// The last reason each folder could not be watched, so it is said once.
    failed: HashMap<String, String>,
}

impl<W: Watcher> SiteWatcher<W> {
    /// Watches the site root and its folders (`content_dir` the content folder as site.toml
    /// names it); `problems` tells which cannot be watched.
    pub fn new(
        root: &Path,
        content_dir: &str,
        mut watcher: W,
    ) -> notify::Result<(SiteWatcher<W>, Vec<String>)> {
        watcher.watch(root, RecursiveMode::NonRecursive)?;
        let mut w = SiteWatcher {
            root: root.to_path_buf(),
            watcher,
            watched: HashMap::new(),
            failed: HashMap::new(),
        };
        let problems = w.refresh(&HashSet::new(), content_dir).problems;
        Ok((w, problems))
    }

    /// Watches the folders that exist and are not watched yet, or are another folder than
    /// the one watched, or were `named` by an event (moved back); forgets those gone, and a
    /// content folder site.toml no longer names (`content_dir`).
    pub fn refresh(&mut self, named: &HashSet<String>, content_dir: &str) -> Refreshed {
        let mut done = Refreshed::default();
        let dirs: Vec<&str> = watched_dirs(content_dir).collect();
        let left: Vec<String> = (self.watched.keys())
            .filter(|d| !dirs.contains(&d.as_str()))
            .cloned()
            .collect();
        for dir in left {
            self.watched.remove(&dir);
            let _ = self.watcher.unwatch(&self.root.join(&dir));
            done.folders_changed = true;
        }
        self.failed.retain(|d, _| dirs.contains(&d.as_str()));
        for dir in dirs {
            let path = self.root.join(dir);
            if !path.is_dir() {
                self.failed.remove(dir);
                if self.watched.remove(dir).is_some() {
                    let _ = self.watcher.unwatch(&path);
                    done.folders_changed = true;
                }
                continue;
            }
            let identity = folder_identity(&path);
            if self.watched.get(dir) == Some(&identity) && !named.contains(dir) {
                continue;
            }
            if self.watched.remove(dir).is_some() {
                // Its watch may be gone already (the folder moved away): nothing to undo.
                let _ = self.watcher.unwatch(&path);
            }
            done.folders_changed = true;
            match self.watcher.watch(&path, RecursiveMode::Recursive) {
                Ok(()) => {
                    self.failed.remove(dir);
                    self.watched.insert(dir.to_string(), identity);
                }
                Err(e) => {
                    // Part of it may be watched: undone, so the next refresh tries it afresh.
                    let _ = self.watcher.unwatch(&path);
                    let problem = unwatchable(&path, &e);
                    if self.failed.get(dir) != Some(&problem) {
                        done.problems.push(problem.clone());
                        self.failed.insert(dir.to_string(), problem);
                    }
                }
            }
        }
        done
    }
}

/// The terminal's message for a folder that cannot be watched.
fn unwatchable(path: &Path, e: &notify::Error) -> String {
    let hint = match e.kind {
        notify::ErrorKind::MaxFilesWatch => {
            " (the system's limit of watched folders is reached; on Linux raise \
             fs.inotify.max_user_watches)"
        }
        _ => "",
    };
    format!(
        "cannot watch {}: {e}{hint}; edits there are not seen until it can be (tried again \
         on the next change)",
        path.display()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{AccessKind, CreateKind, Flag, RemoveKind, RenameMode};
    use std::sync::mpsc::channel;

    fn event(kind: EventKind, paths: &[&str]) -> notify::Event {
        notify::Event {
            kind,
            paths: paths.iter().map(|p| Path::new("/site").join(p)).collect(),
            attrs: Default::default(),
        }
    }

    fn root() -> &'static Path {
        Path::new("/site")
    }

    #[test]
    fn paths_are_sorted_into_kinds_of_change() {
        let c = |p: &str| change_for(root(), "content", &root().join(p));
        assert_eq!(c("site.toml"), Some(Change::Config));
        assert_eq!(c("sources.bib"), Some(Change::Config));
        assert_eq!(c("library.json"), Some(Change::Config));
        assert_eq!(c("notes.txt"), None);
        assert_eq!(
            c("content/notes/a.md"),
            Some(Change::Content("notes/a.md".into()))
        );
        assert_eq!(c("content"), Some(Change::Content(String::new())));
        assert_eq!(
            c("templates/page.html"),
            Some(Change::Template("page.html".into()))
        );
        assert_eq!(
            c("static/css/site.css"),
            Some(Change::Static("css/site.css".into()))
        );
        assert_eq!(
            c("themes/dossier/templates/macros.html"),
            Some(Change::Template("macros.html".into()))
        );
        assert_eq!(
            c("themes/dossier/static/style.css"),
            Some(Change::Static("style.css".into()))
        );
        assert_eq!(
            c("themes/dossier/theme.toml"),
            Some(Change::Template(String::new()))
        );
        assert_eq!(c("public/index.html"), None);
        assert_eq!(c("README.md"), None);
        assert_eq!(
            change_for(root(), "content", Path::new("/elsewhere/site.toml")),
            None
        );
    }

    #[test]
    fn editor_noise_is_ignored() {
        for noise in [
            "content/notes/.a.md.swp",
            "content/notes/a.md~",
            "content/notes/.#a.md",
            "content/notes/4913",
            "content/.git/index",
            "templates/.page.html.swx",
        ] {
            assert_eq!(
                change_for(root(), "content", &root().join(noise)),
                None,
                "{noise}"
            );
        }
    }

    #[test]
    fn events_become_changes() {
        let created = event(EventKind::Create(CreateKind::File), &["content/a.md"]);
        assert_eq!(
            classify(root(), "content", &created),
            [Change::Content("a.md".into())]
        );
        let renamed = event(
            EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
            &["content/.a.md.tmp", "content/a.md"],
        );
        assert_eq!(
            classify(root(), "content", &renamed),
            [Change::Content("a.md".into())]
        );
        let moved = event(
            EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
            &["content/a.md", "content/b.md"],
        );
        assert_eq!(
            classify(root(), "content", &moved),
            [
                Change::Content("a.md".into()),
                Change::Content("b.md".into())
            ]
        );
        let removed = event(EventKind::Remove(RemoveKind::Folder), &["content/notes"]);
        assert_eq!(
            classify(root(), "content", &removed),
            [Change::Content("notes".into())]
        );
        let read = event(EventKind::Access(AccessKind::Any), &["content/a.md"]);
        assert!(classify(root(), "content", &read).is_empty());
        let lost = event(EventKind::Other, &[]).set_flag(Flag::Rescan);
        assert_eq!(classify(root(), "content", &lost), [Change::Everything]);
        assert_eq!(
            classify_result(root(), "content", &Err(notify::Error::generic("overflow"))),
            [Change::Everything]
        );
    }

    #[test]
    fn only_events_that_change_something_are_seen() {
        let noise = event(EventKind::Create(CreateKind::File), &["content/.a.md.swp"]);
        assert_eq!(seen(root(), "content", &Ok(noise)), None);
        let read = event(EventKind::Access(AccessKind::Any), &["content"]);
        assert_eq!(seen(root(), "content", &Ok(read)), None);
        let back = event(
            EventKind::Modify(ModifyKind::Name(RenameMode::To)),
            &["content"],
        );
        assert_eq!(
            seen(root(), "content", &Ok(back)),
            Some(Seen {
                changes: vec![Change::Content(String::new())],
                folders: vec!["content".to_string()],
                error: None
            })
        );
        let failed = seen(
            root(),
            "content",
            &Err(notify::Error::generic("queue overflow")),
        )
        .unwrap();
        assert_eq!(failed.changes, [Change::Everything]);
        assert_eq!(failed.error.as_deref(), Some("queue overflow"));
    }

    #[test]
    fn folders_named_by_moves_only() {
        let named = |e: &notify::Event| folders_named(root(), "content", e).collect::<Vec<_>>();
        let back = event(
            EventKind::Modify(ModifyKind::Name(RenameMode::To)),
            &["content"],
        );
        assert_eq!(named(&back), ["content"]);
        let created = event(EventKind::Create(CreateKind::Folder), &["static"]);
        assert_eq!(named(&created), ["static"]);
        let listed = event(EventKind::Access(AccessKind::Any), &["content"]);
        assert!(named(&listed).is_empty(), "a rebuild reading content/");
        let inside = event(EventKind::Create(CreateKind::Folder), &["content/notes"]);
        assert!(named(&inside).is_empty());
    }

    /// Records what it is asked to watch; `full` makes watching fail as at the inotify limit.
    #[derive(Default)]
    struct FakeWatcher {
        calls: Vec<String>,
        full: bool,
    }

    impl Watcher for FakeWatcher {
        fn new<F: notify::EventHandler>(_: F, _: notify::Config) -> notify::Result<Self> {
            Ok(FakeWatcher::default())
        }
        fn watch(&mut self, path: &Path, _: RecursiveMode) -> notify::Result<()> {
            let name = path.file_name().unwrap().to_string_lossy();
            self.calls.push(format!("watch {name}"));
            match self.full && name != "site" {
                true => Err(notify::Error::new(notify::ErrorKind::MaxFilesWatch)),
                false => Ok(()),
            }
        }
        fn unwatch(&mut self, path: &Path) -> notify::Result<()> {
            let name = path.file_name().unwrap().to_string_lossy();
            self.calls.push(format!("unwatch {name}"));
            Ok(())
        }
        fn kind() -> notify::WatcherKind {
            notify::WatcherKind::NullWatcher
        }
    }

    #[test]
    fn folders_replaced_moved_back_or_unwatchable() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(site.join("content")).unwrap();
        let (mut w, problems) = SiteWatcher::new(&site, "content", FakeWatcher::default()).unwrap();
        assert!(problems.is_empty());
        assert_eq!(w.watcher.calls, ["watch site", "watch content"]);
        w.watcher.calls.clear();
        assert_eq!(w.refresh(&HashSet::new(), "content"), Refreshed::default());
        assert!(
            w.watcher.calls.is_empty(),
            "nothing changed, nothing redone"
        );

        // Moved away and back: named by its event.
        let done = w.refresh(&HashSet::from(["content".to_string()]), "content");
        assert!(done.folders_changed);
        assert_eq!(w.watcher.calls, ["unwatch content", "watch content"]);
        w.watcher.calls.clear();

        // Replaced by a copy (another folder) while its events were missed. The old one is
        // moved aside, not deleted, so that the new one cannot be given its inode again.
        std::fs::rename(site.join("content"), site.join("elsewhere")).unwrap();
        std::fs::create_dir(site.join("content")).unwrap();
        if cfg!(unix) {
            assert!(w.refresh(&HashSet::new(), "content").folders_changed);
            assert_eq!(w.watcher.calls, ["unwatch content", "watch content"]);
            w.watcher.calls.clear();
        }

        // Gone, then back where it cannot be watched: said once, tried on each refresh.
        std::fs::remove_dir(site.join("content")).unwrap();
        assert!(w.refresh(&HashSet::new(), "content").folders_changed);
        std::fs::create_dir(site.join("content")).unwrap();
        w.watcher.full = true;
        let failed = w.refresh(&HashSet::new(), "content");
        assert!(failed.folders_changed);
        assert_eq!(failed.problems.len(), 1);
        assert!(
            failed.problems[0].contains("fs.inotify.max_user_watches"),
            "{}",
            failed.problems[0]
        );
        assert!(
            w.refresh(&HashSet::new(), "content").problems.is_empty(),
            "said once"
        );
        w.watcher.full = false;
        w.watcher.calls.clear();
        assert!(w.refresh(&HashSet::new(), "content").folders_changed);
        assert_eq!(w.watcher.calls, ["watch content"]);
    }

    #[test]
    fn the_content_folder_is_the_one_site_toml_names() {
        let c = |p: &str| change_for(root(), "notes/vault", &root().join(p));
        assert_eq!(
            c("notes/vault/People/Jane Doe.md"),
            Some(Change::Content("People/Jane Doe.md".into()))
        );
        assert_eq!(c("notes/vault"), Some(Change::Content(String::new())));
        assert_eq!(c("notes/vault/.obsidian/workspace.json"), None);
        assert_eq!(c("notes/vault/People/.Jane Doe.md.swp"), None);
        assert_eq!(c("content/a.md"), None);
        assert_eq!(c("notes/other.md"), None);
        assert_eq!(c("site.toml"), Some(Change::Config));
        let back = event(
            EventKind::Modify(ModifyKind::Name(RenameMode::To)),
            &["notes/vault"],
        );
        let named: Vec<String> = folders_named(root(), "notes/vault", &back).collect();
        assert_eq!(named, ["notes/vault"]);
    }

    #[test]
    fn a_new_content_dir_is_watched_and_the_old_one_let_go() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(site.join("content")).unwrap();
        std::fs::create_dir_all(site.join("vault")).unwrap();
        let (mut w, _) = SiteWatcher::new(&site, "content", FakeWatcher::default()).unwrap();
        assert_eq!(w.watcher.calls, ["watch site", "watch content"]);
        w.watcher.calls.clear();
        assert!(w.refresh(&HashSet::new(), "vault").folders_changed);
        assert_eq!(w.watcher.calls, ["unwatch content", "watch vault"]);
        w.watcher.calls.clear();
        assert_eq!(w.refresh(&HashSet::new(), "vault"), Refreshed::default());
        assert!(w.watcher.calls.is_empty());
    }

    #[test]
    fn a_burst_is_one_batch_and_noise_alone_is_none() {
        let (tx, rx) = channel();
        for p in [
            "content/.a.md.swp",
            "content/4913",
            "content/a.md",
            "content/a.md",
            "content/b.md",
        ] {
            tx.send(event(EventKind::Create(CreateKind::File), &[p]))
                .unwrap();
        }
        let step = |e: notify::Event| Step::Changes(classify(root(), "content", &e));
        let batch = next_batch(&rx, step).unwrap();
        assert_eq!(
            batch.into_iter().collect::<Vec<_>>(),
            [
                Change::Content("a.md".into()),
                Change::Content("b.md".into())
            ]
        );
        drop(tx);
        assert!(next_batch(&rx, step).is_none());
    }

    #[test]
    fn a_wake_returns_at_once_and_stop_stops() {
        let (tx, rx) = channel();
        tx.send(None).unwrap();
        let step = |m: Option<&str>| match m {
            None => Step::Wake,
            Some("stop") => Step::Stop,
            Some(p) => Step::Changes(vec![Change::Content(p.into())]),
        };
        assert_eq!(next_batch(&rx, step), Some(BTreeSet::new()));
        tx.send(Some("a.md")).unwrap();
        tx.send(None).unwrap();
        assert_eq!(
            next_batch(&rx, step).unwrap().len(),
            1,
            "a wake does not cut a batch"
        );
        tx.send(Some("stop")).unwrap();
        assert_eq!(next_batch(&rx, step), None);
    }
}
