#!/usr/bin/env python3
"""Full-build benchmark: dossier against Hugo and the `cp -r` floor, on one corpus, in one run.

Generates corpora with scripts/gen_corpus.py, then times, interleaved, after a
warm-up round:

  dossier-wiki   dossier build of the corpus written with [[wikilinks]], every output on
  dossier-zola   dossier build of the corpus written with @/ links, every output on
  dossier-lean   the wikilink corpus with [outputs] switched off (no search index, print
                 page, timeline, graph, tags, feed or sitemap): the same work as the Hugo
                 and Zola configs gen_corpus.py writes, which switch those off too
  hugo           hugo --quiet on the same pages (if `hugo` is installed: apt-get install hugo)
  zola           zola build (only if `zola` is on PATH)
  cp             cp -r of the content folder: the floor for writing that many files
  cp-site        cp -r of a built lean site: the floor for writing a site with pretty URLs,
                 a folder and a file per page (the content folder has 21 folders in all)
  cp-site-all    cp -r of the site built with every output on: the floor for writing what
                 dossier-wiki writes (a second copy of the text in the printed dossier, a
                 third in the search index's page files)

After the table, the cost of every output on: dossier-wiki / dossier-lean, beside the same
ratio of their floors (cp-site-all / cp-site).

Each tool starts from an empty output folder: the previous output is moved aside (deleting
it just before a run slows that run's file creation) and deleted at the end, and pending
writes are synced to disk before each run. Every run's output stays on disk until the end:
about 4.5 GB at 10,000 pages with 5 runs, ten times that at 100,000 (check `df` first).
Reports the median and minimum wall time, peak memory (max RSS from /usr/bin/time -v) and
the ratios of dossier to Hugo and to the floor, as a Markdown table for BENCHMARKS.md.

    cargo build --release
    python3 scripts/bench.py --pages 1000 10000 --runs 5

With --search, measures the search budget instead: the wikilink corpus built with every
output on (base_url "/dossier"), served on 127.0.0.1, and each of SEARCH_QUERIES opened as
/search/?q=... in headless Chromium (tests/browser/search_bench.mjs, a fresh context per
query): bytes received in all (HTML, CSS, JS, index shards and result files), the time
from navigation to the first result, and to DOMContentLoaded (the page ready: the floor).

    python3 scripts/bench.py --search --pages 10000 100000

With --serve, measures `dossier serve` instead (examples/serve_bench.rs, built with cargo):
on the wikilink corpus with every output on, the time from a file operation to the reload
event naming the page reaching a live-reload client, for --edits saves of a page's body,
new pages, renames and removals; median, minimum, p90 and maximum of each.

    python3 scripts/bench.py --serve --pages 10000 --edits 20

With --images N, measures image derivatives instead: a site of N page bundles, each with a
distinct 2000 x 1333 JPEG (examples/gen_photos.rs) shown as ![A photo](photo.jpg), so that
each gets three widths in srcset (3N derivatives). Times, each --runs times, a cold build
(empty .dossier-cache), a warm one (every derivative cached) and one with
[markdown] responsive_images = false, and gives wall and CPU seconds per derivative.

    cargo build --release --examples
    python3 scripts/bench.py --images 40 --runs 3
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN = os.path.join(ROOT, "scripts", "gen_corpus.py")


def timed(cmd, cwd=None):
    """Runs cmd under /usr/bin/time -v; returns (wall seconds, peak RSS in MB)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
        start = time.perf_counter()
        proc = subprocess.run(
            ["/usr/bin/time", "-v", "-o", t.name, *cmd],
            cwd=cwd,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        wall = time.perf_counter() - start
        if proc.returncode != 0:
            sys.exit(f"failed: {' '.join(cmd)}\n{proc.stderr}")
        rss_kb = 0
        for line in t.read().splitlines():
            if "Maximum resident set size" in line:
                rss_kb = int(line.split(":")[1])
        return wall, rss_kb / 1024


LEAN_OUTPUTS = (
    "\n[outputs]\ntimeline = false\ngraph = false\nsearch = false\npreviews = false\n"
    "print = false\ntags = false\nfeed = false\nsitemap = false\n"
)


def lean_root(corpus):
    """The wikilink corpus again, with the site-wide outputs off (content linked, not copied)."""
    src = os.path.join(corpus, "wiki", "dossier")
    root = os.path.join(corpus, "wiki", "dossier-lean")
    if not os.path.exists(root):
        os.makedirs(root)
        with open(os.path.join(src, "site.toml")) as f:
            config = f.read()
        with open(os.path.join(root, "site.toml"), "w") as f:
            f.write(config + LEAN_OUTPUTS)
        for d in ("content", "templates"):
            os.symlink(os.path.join(src, d), os.path.join(root, d))
    return root


def generate(pages, out):
    for links in ("wiki", "zola"):
        engines = "dossier,hugo,zola" if links == "wiki" else "dossier"
        target = os.path.join(out, links)
        if not os.path.exists(os.path.join(target, "dossier")):
            subprocess.run(
                [sys.executable, GEN, "--pages", str(pages), "--out", target,
                 "--dossier-links", links, "--engines", engines],
                check=True, stdout=subprocess.DEVNULL,
            )


def site_copy(binary, corpus, lean=True):
    """A built site, once, for `cp-site` (lean) and `cp-site-all` (every output on): copying
    what a site with pretty URLs is made of (a folder and a file per page) is the floor for
    writing it."""
    built = os.path.join(corpus, "lean-output" if lean else "all-output")
    root = lean_root(corpus) if lean else os.path.join(corpus, "wiki", "dossier")
    if not os.path.exists(built):
        subprocess.run([binary, "--root", root, "build", "--output", built, "--force"],
                       check=True, stdout=subprocess.DEVNULL)
    return built


def tools(binary, corpus, scratch):
    t = {
        "dossier-wiki": ([binary, "--root", os.path.join(corpus, "wiki", "dossier"), "build",
                          "--output", os.path.join(scratch, "dossier-wiki"), "--force"], None),
        "dossier-zola": ([binary, "--root", os.path.join(corpus, "zola", "dossier"), "build",
                          "--output", os.path.join(scratch, "dossier-zola"), "--force"], None),
        "dossier-lean": ([binary, "--root", lean_root(corpus), "build",
                          "--output", os.path.join(scratch, "dossier-lean"), "--force"], None),
        "cp": (["cp", "-r", os.path.join(corpus, "wiki", "dossier", "content"),
                os.path.join(scratch, "cp")], None),
        "cp-site": (["cp", "-r", site_copy(binary, corpus), os.path.join(scratch, "cp-site")],
                    None),
        "cp-site-all": (["cp", "-r", site_copy(binary, corpus, lean=False),
                         os.path.join(scratch, "cp-site-all")], None),
    }
    if shutil.which("hugo"):
        t["hugo"] = (["hugo", "--quiet", "-s", os.path.join(corpus, "wiki", "hugo"),
                      "-d", os.path.join(scratch, "hugo")], None)
    if shutil.which("zola"):
        t["zola"] = (["zola", "--root", os.path.join(corpus, "wiki", "zola"), "build",
                      "-o", os.path.join(scratch, "zola"), "--force"], None)
    return t


SEARCH_QUERIES = [
    "audit",                 # a word on nearly every page of the corpus
    "privacy regulator",     # two words
    "complian",              # a prefix, as typed
    "subpoina",              # a near miss of "subpoena"
    "note 4711",             # a title
    '"data access"',         # a phrase
]
SEARCH_BENCH = os.path.join(ROOT, "tests", "browser", "search_bench.mjs")


def search_budget(binary, pages, out):
    """Builds the corpus with every output on and measures SEARCH_QUERIES in Chromium."""
    corpus = os.path.join(out, f"corpus-{pages}")
    generate(pages, corpus)
    site = os.path.join(out, f"search-site-{pages}")
    subprocess.run([binary, "--root", os.path.join(corpus, "wiki", "dossier"), "build",
                    "--output", site, "--force", "--base-url", "/dossier"],
                   check=True, stdout=subprocess.DEVNULL)
    report = subprocess.run(["node", SEARCH_BENCH, site, *SEARCH_QUERIES], check=True,
                            capture_output=True, text=True, cwd=os.path.dirname(SEARCH_BENCH))
    import json
    largest = max(os.path.getsize(os.path.join(d, f))
                  for d, _, files in os.walk(site) for f in files)
    return json.loads(report.stdout), largest


def main_search(args):
    print("| pages | query | received KB | requests | first result ms | page ready ms "
          "| blank page ready ms | results shown |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|")
    for pages in args.pages:
        rows, largest = search_budget(args.binary, pages, args.out)
        for r in rows:
            print(f"| {pages} | `{r['query']}` | {r['bytes'] / 1024:.0f} | {r['requests']} | "
                  f"{r['ms']} | {r['ready_ms']} | {r['floor_ms']} | {r['results']} |")
        print(f"| {pages} | largest file of the site: {largest / 1e6:.1f} MB | | | | | | |")


def timed_cpu(cmd):
    """Runs cmd; returns (wall seconds, user + system CPU seconds of it and its children)."""
    before = os.times()
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return wall, cpu


def image_site(binary, count, out):
    """N bundles with a photo each; `responsive` sets [markdown] responsive_images."""
    photos = os.path.join(out, "photos")
    if not os.path.exists(os.path.join(photos, f"photo-{count - 1}.jpg")):
        gen = os.path.join(os.path.dirname(binary), "examples", "gen_photos")
        if not os.path.exists(gen):
            sys.exit(f"{gen} missing: run `cargo build --release --examples` first")
        subprocess.run([gen, photos, str(count)], check=True)
    sites = {}
    for responsive in (True, False):
        root = os.path.join(out, f"site-{count}-{'on' if responsive else 'off'}")
        sites[responsive] = root
        if os.path.exists(root):
            continue
        os.makedirs(os.path.join(root, "content", "photos"))
        with open(os.path.join(root, "site.toml"), "w") as f:
            f.write('title = "Photos"\nbase_url = "https://photos.test"\n'
                    f"[markdown]\nresponsive_images = {str(responsive).lower()}\n")
        with open(os.path.join(root, "content", "_index.md"), "w") as f:
            f.write('+++\ntitle = "Photos"\n+++\n')
        with open(os.path.join(root, "content", "photos", "_index.md"), "w") as f:
            f.write('+++\ntitle = "Photos"\n+++\n')
        for i in range(count):
            bundle = os.path.join(root, "content", "photos", f"p{i}")
            os.makedirs(bundle)
            shutil.copy(os.path.join(photos, f"photo-{i}.jpg"), os.path.join(bundle, "photo.jpg"))
            with open(os.path.join(bundle, "index.md"), "w") as f:
                f.write(f'+++\ntitle = "Photo {i}"\n+++\n\n![A photo](photo.jpg)\n')
    return sites


SERVE_LINE = re.compile(r"^(?P<op>[^:]+): median (?P<median>[\d.]+) ms, min (?P<min>[\d.]+) ms, "
                        r"p90 (?P<p90>[\d.]+) ms, max (?P<max>[\d.]+) ms")


def main_serve(args):
    """Runs examples/serve_bench.rs on the wikilink corpus of each size."""
    print("| pages | operation | median ms | min ms | p90 ms | max ms |")
    print("|---:|---|---:|---:|---:|---:|")
    for pages in args.pages:
        corpus = os.path.join(args.out, f"corpus-{pages}")
        generate(pages, corpus)
        run = subprocess.run(
            ["cargo", "run", "--release", "--quiet", "--example", "serve_bench", "--",
             os.path.join(corpus, "wiki", "dossier"), str(args.edits)],
            cwd=ROOT, check=True, capture_output=True, text=True)
        for line in run.stdout.splitlines():
            m = SERVE_LINE.match(line)
            if m:
                print(f"| {pages} | {m['op']} | {m['median']} | {m['min']} | {m['p90']} | "
                      f"{m['max']} |")


def main_images(args):
    count = args.images
    out = os.path.join(args.out, "images")
    sites = image_site(args.binary, count, out)
    derivatives = 3 * count

    def build(root):
        target = os.path.join(out, "output")
        shutil.rmtree(target, ignore_errors=True)
        return timed_cpu([args.binary, "--root", root, "build", "--output", target, "--force"])

    def cold(root):
        shutil.rmtree(os.path.join(root, ".dossier-cache"), ignore_errors=True)
        return build(root)

    kinds = [
        ("cold: empty cache, every derivative decoded, resized and encoded", lambda: cold(sites[True])),
        ("warm: every derivative in the cache", lambda: build(sites[True])),
        ("responsive_images = false", lambda: build(sites[False])),
    ]
    made = os.path.join(out, "output", "processed_images")
    print(f"| {count} photos, {derivatives} derivatives | median wall s | median CPU s | CPU ms per derivative |")
    print("|---|---:|---:|---:|")
    for name, run in kinds:
        samples = [run() for _ in range(args.runs)]
        if name.startswith("cold"):
            found = len(os.listdir(made))
            if found != derivatives:
                sys.exit(f"expected {derivatives} derivatives, the build wrote {found}")
        wall = statistics.median(w for w, _ in samples)
        cpu = statistics.median(c for _, c in samples)
        print(f"| {name} | {wall:.2f} | {cpu:.2f} | {cpu * 1000 / derivatives:.1f} |")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--out", default="/tmp/dossier-bench")
    ap.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "dossier"))
    ap.add_argument("--images", type=int, metavar="N",
                    help="measure image derivatives on N photos instead")
    ap.add_argument("--search", action="store_true",
                    help="measure the search budget in headless Chromium instead")
    ap.add_argument("--serve", action="store_true",
                    help="measure serve's saves, new, renamed and removed pages instead")
    ap.add_argument("--edits", type=int, default=20,
                    help="with --serve, how many of each operation")
    args = ap.parse_args()
    if args.serve:
        return main_serve(args)
    if not os.path.exists(args.binary):
        sys.exit(f"{args.binary} missing: run `cargo build --release` first")
    if args.search:
        return main_search(args)
    if args.images:
        return main_images(args)

    rows = []
    costs = []
    trash = os.path.join(args.out, "trash")
    os.makedirs(trash, exist_ok=True)
    for pages in args.pages:
        corpus = os.path.join(args.out, f"corpus-{pages}")
        generate(pages, corpus)
        scratch = os.path.join(args.out, f"out-{pages}")
        todo = tools(args.binary, corpus, scratch)
        samples = {name: [] for name in todo}
        for round_ in range(args.runs + 1):  # round 0 is the warm-up
            for name, (cmd, cwd) in todo.items():
                target = os.path.join(scratch, name)
                if os.path.exists(target):
                    # Moved aside, not deleted: ext4 skips inodes freed in the last
                    # seconds when it allocates new ones, so deleting 10,000 folders
                    # right before a run slows that run's creations, and every tool's
                    # time would depend on what ran before it.
                    os.rename(target, os.path.join(trash, f"{name}-{pages}-{round_}"))
                os.makedirs(scratch, exist_ok=True)
                os.sync()  # the previous run's writes go to disk before this one starts
                wall, rss = timed(cmd, cwd)
                if round_ > 0:
                    samples[name].append((wall, rss))
        medians = {n: statistics.median(w for w, _ in s) for n, s in samples.items()}
        for name, s in samples.items():
            rows.append((pages, name, medians[name], min(w for w, _ in s), max(r for _, r in s),
                         medians[name] / medians["hugo"] if "hugo" in medians else None,
                         medians[name] / medians["cp"]))
        costs.append((pages, medians["dossier-wiki"] / medians["dossier-lean"],
                      medians["cp-site-all"] / medians["cp-site"]))

    # Last, so that no run follows the deletion.
    shutil.rmtree(trash, ignore_errors=True)

    print(f"| pages | tool | median s | min s | peak MB | / hugo | / cp -r |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for pages, name, med, low, rss, vs_hugo, vs_cp in rows:
        hugo = f"{vs_hugo:.2f}" if vs_hugo is not None else "n/a"
        print(f"| {pages} | {name} | {med:.3f} | {low:.3f} | {rss:.0f} | {hugo} | {vs_cp:.2f} |")
    print()
    print("| pages | every output on / lean | its floor: cp-site-all / cp-site |")
    print("|---:|---:|---:|")
    for pages, build, floor in costs:
        print(f"| {pages} | {build:.2f} | {floor:.2f} |")


if __name__ == "__main__":
    main()
