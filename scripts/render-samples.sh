#!/usr/bin/env bash
# Renders every bundled sample into out/: each document kind for every case
# that has data for it (each case names its municipality profile in
# `kommuneprofil`), as PDF and as PNG page images. Builds the release
# binary first.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
mkdir -p out
saksdok=./target/release/saksdok

# Every document kind that takes its data from a case section (the table
# comes from `saksdok kinds`: name, section, description), for every case
# that has that section.
$saksdok kinds | while IFS=$'\t' read -r doc section _; do
  [ "$section" != "-" ] || continue
  key=${section##*.}
  cases=$(grep -l -E "^ *$key:" samples/saker/*.yaml || true)
  [ -n "$cases" ] || continue
  # shellcheck disable=SC2086
  $saksdok render $cases --doc "$doc" -o out
  # shellcheck disable=SC2086
  $saksdok render $cases --doc "$doc" -o out --format png --quiet
done

# Checklists: every list for the aftercare sample, dated today.
for list in ettervern plassering avslutning; do
  $saksdok render samples/saker/alver-dawit.yaml --doc sjekkliste --liste "$list" -o out
done

# Agreements with volunteer organisations: their own files, not cases.
$saksdok render samples/avtaler/*.yaml --doc samarbeidsavtale -o out
$saksdok render samples/avtaler/*.yaml --doc samarbeidsavtale -o out --format png --quiet
