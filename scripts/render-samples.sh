#!/usr/bin/env bash
# Renders every bundled sample case into out/ (each case names its
# municipality profile in `kommuneprofil`), as PDF and as PNG page images.
# Builds the release binary first.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
mkdir -p out
./target/release/saksdok render samples/saker/*.yaml --doc velkomstbrev -o out
./target/release/saksdok render samples/saker/*.yaml --doc velkomstbrev -o out --format png
