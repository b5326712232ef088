#!/usr/bin/env bash
# Screenshots of every page type of the default dossier — home, article, note, person,
# organization, event, source, timeline, graph, search, print (an article as Ctrl-P prints
# it) and the printable dossier — at 390 and 1366 px, light and dark, into docs/screenshots/,
# so the next change to the theme can be compared by eye. Needs what the browser tests need
# (Chromium, node, tests/browser/node_modules: scripts/test.sh installs them).
#
#   scripts/screenshots.sh [output folder, default docs/screenshots]
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-docs/screenshots}"
site="$(mktemp -d)"
trap 'rm -rf "$site"' EXIT
# Built for an address the screenshot script answers from disk: no server, no network.
cargo run --quiet -- build --output "$site/out" --force --base-url https://dossier.test
mkdir -p "$out"
node scripts/screenshots.mjs "$site/out" "$out"
