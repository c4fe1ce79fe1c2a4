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
for list in ettervern plassering avslutning familierad nemndssak akuttarbeid; do
  $saksdok render samples/saker/alver-dawit.yaml --doc sjekkliste --liste "$list" -o out
done

# Agreements with volunteer organisations: their own files, not cases.
# The cooperation agreements, with each volunteer's confidentiality
# declaration, and the letter of intent.
cooperation="samples/avtaler/asker-rotary.yaml samples/avtaler/alver-idrettslag.yaml"
for doc in samarbeidsavtale taushetserklaering; do
  # shellcheck disable=SC2086
  $saksdok render $cooperation --doc "$doc" -o out
  # shellcheck disable=SC2086
  $saksdok render $cooperation --doc "$doc" -o out --format png --quiet
done
$saksdok render samples/avtaler/alver-frivilligsentral.yaml --doc intensjonsavtale -o out
$saksdok render samples/avtaler/alver-frivilligsentral.yaml --doc intensjonsavtale -o out --format png --quiet
