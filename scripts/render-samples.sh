#!/usr/bin/env bash
# Renders every bundled sample into out/: each document kind for every case
# that has data for it (each case names its municipality profile in
# `kommuneprofil`), as PDF and as PNG page images. Builds the release
# binary first.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
mkdir -p out
for doc in velkomstbrev tiltaksplan evaluering folgebrev askerguiden askerguiden-status utflyttingsplan praksisavtale samarbeidsavtale; do
  cases=$(grep -l "^$doc:" samples/saker/*.yaml)
  # shellcheck disable=SC2086
  ./target/release/saksdok render $cases --doc "$doc" -o out
  # shellcheck disable=SC2086
  ./target/release/saksdok render $cases --doc "$doc" -o out --format png --quiet
done
# Checklists: every list for the aftercare sample, dated today.
for list in ettervern plassering avslutning; do
  ./target/release/saksdok render samples/saker/alver-dawit.yaml --doc sjekkliste --liste "$list" -o out
done
# The reference letter for the finished work practice.
./target/release/saksdok render samples/saker/asker-yonas.yaml --doc praksisattest -o out
