#!/usr/bin/env bash
# Mutation testing of the core: cargo-mutants makes one small change at a time to the files
# .cargo/mutants.toml names and runs the tests; a change no test notices is a gap.
#
#   scripts/mutants.sh                  every mutant of the core (hours on two cores)
#   scripts/mutants.sh --in-diff [REV]  only the mutants in lines changed since REV
#                                       (default HEAD~1: what the last commit touched)
#
# Exits non-zero when a mutant is missed (or times out). MUTANTS.md holds the last full run
# and the mutants judged equivalent, with why.
set -euo pipefail
cd "$(dirname "$0")/.."

args=(--copy-target=true --output target/mutants)
if [ "${1:-}" = "--in-diff" ]; then
  base="${2:-HEAD~1}"
  mkdir -p target
  git diff "$base" -- src > target/mutants.diff
  if [ ! -s target/mutants.diff ]; then
    echo "mutants: nothing under src/ changed since $base"
    exit 0
  fi
  args+=(--in-diff target/mutants.diff)
fi
command -v cargo-mutants >/dev/null 2>&1 || cargo install cargo-mutants --locked --quiet
# No debug info: linking the test binary for each mutant is most of the time.
CARGO_PROFILE_DEV_DEBUG=0 cargo mutants "${args[@]}"
