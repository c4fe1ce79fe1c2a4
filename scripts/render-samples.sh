#!/usr/bin/env bash
# Renders every bundled sample into out/: each case in samples/saker/ with
# the profile its file name starts with (asker-*.yaml -> kommuner/asker.yaml),
# as PDF and as PNG page images. Builds the release binary first.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
mkdir -p out
status=0
for case in samples/saker/*.yaml; do
  kommune="samples/kommuner/$(basename "$case" | cut -d- -f1).yaml"
  for format in pdf png; do
    ./target/release/saksdok render "$case" --doc velkomstbrev --kommune "$kommune" \
      -o out --format "$format" || status=1
  done
done
exit "$status"
