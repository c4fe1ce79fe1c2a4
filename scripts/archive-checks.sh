#!/usr/bin/env bash
# Renders every sample document, a batch print file (duplex) and a følgebrev
# with its plan enclosed into a scratch folder, and runs the archive and
# accessibility checks of scripts/check-archive.py over all of them.
#
#   scripts/archive-checks.sh        uses target/debug/saksdok (built if missing)
#   SAKSDOK=target/release/saksdok scripts/archive-checks.sh
#
# Needs qpdf and poppler-utils (Debian) and pikepdf (PyPI); .ci/run installs them.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${SAKSDOK:-target/debug/saksdok}"
[ -x "$BIN" ] || cargo build --quiet
OUT="$(mktemp -d "${TMPDIR:-/tmp}/saksdok-archive.XXXXXX")"
trap 'rm -rf "$OUT"' EXIT

# Every kind that takes its data from a case section (`saksdok kinds`).
kinds=$("$BIN" kinds | awk -F'\t' '$2 != "-" { print $1 }' | paste -sd, -)
"$BIN" batch samples/saker -o "$OUT" --print-file --duplex -q -d "$kinds"
for liste in ettervern plassering avslutning; do
  "$BIN" render samples/saker/alver-dawit.yaml -d sjekkliste --liste "$liste" --date 2026-11-23 -o "$OUT" -q
done
"$BIN" render samples/saker/alver-amina.yaml -d folgebrev --med-vedlegg -o "$OUT" -q

python3 scripts/check-archive.py "$OUT"
