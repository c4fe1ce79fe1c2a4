#!/usr/bin/env bash
# The web app in a real browser (tests/browser/run.mjs): Debian's chromium
# driven by playwright-core, accessibility by axe-core, with screenshots of
# every step in target/browser-screens. Installs what it needs (chromium,
# node and npm, poppler-utils from Debian; the npm packages pinned in
# tests/browser/package-lock.json); no browser is downloaded by npm.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
if [ "${#need[@]}" -gt 0 ]; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
(cd tests/browser && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
[ -x target/debug/saksdok ] || cargo build
SAKSDOK="$PWD/target/debug/saksdok" CHROMIUM="$(command -v chromium)" node tests/browser/run.mjs
