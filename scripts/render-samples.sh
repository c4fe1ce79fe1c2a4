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

# document kind -> the case-file section it needs
kinds="velkomstbrev:velkomstbrev tiltaksplan:tiltaksplan evaluering:evaluering
folgebrev:folgebrev askerguiden:askerguiden askerguiden-status:askerguiden
utflyttingsplan:utflyttingsplan praksisavtale:arbeidspraksis
praksisattest:attest samarbeidsavtale:samarbeidsavtale"

for pair in $kinds; do
  doc=${pair%%:*}
  section=${pair#*:}
  cases=$(grep -l -E "^ *$section:" samples/saker/*.yaml || true)
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
