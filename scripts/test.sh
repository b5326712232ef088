#!/usr/bin/env bash
# Runs every test: unit, integration and browser tests. Installs what the browser and
# validator tests need (Debian's chromium, a Java runtime for the Nu Html Checker, npm
# packages vnu-jar and axe-core) when it is missing and we are allowed to (root).
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v java >/dev/null 2>&1 || need_apt+=(default-jre-headless)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "missing: ${need_apt[*]} (install them, or run as root)" >&2
    exit 1
  fi
fi
if [ -f tests/browser/package.json ] && [ ! -d tests/browser/node_modules ]; then
  (cd tests/browser && npm ci --no-audit --no-fund --silent)
fi

# Browser, validator and corpus tests are #[ignore] so that `cargo test` passes on a clean
# clone without them; here they run too.
cargo test --all-targets "$@" -- --include-ignored
