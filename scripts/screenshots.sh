#!/usr/bin/env bash
# Screenshots of every report page (`--format html`) of the demo close, for the README:
# runs `close demo` into a scratch directory, writes each page there and renders it with
# headless Chromium into docs/screenshots/report-*.png. The web front's screenshots
# (inbox, task, dashboard) are taken by Tests/CloseWebTests/BrowserTests.swift.
#
#   scripts/screenshots.sh            # builds `close` first (swift build)
#   CLOSE=/path/to/close scripts/screenshots.sh
#   LARGE=1 scripts/screenshots.sh    # also the reconciliation of the `large` scenario (about 5 minutes more)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}
[ -n "$chromium" ] || { echo "screenshots.sh: no chromium on PATH (set CHROMIUM)" >&2; exit 1; }
if [ -z "${CLOSE:-}" ]; then
    swift build --product close >/dev/null
    CLOSE="$repo/.build/debug/close"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db="$work/demo.db"
period=2026-05
"$CLOSE" demo --db "$db" >/dev/null

page() { # name, then the report's arguments
    local name=$1; shift
    "$CLOSE" "$@" --db "$db" --format html >"$work/$name.html"
}
page close-summary report close-summary --period $period
page reconciliation report reconciliation --period $period --entity DE01
page intercompany report intercompany --period $period
page consolidated report consolidated --period $period
page statements-group report statements --period $period --consolidated
page statements-entity report statements --period $period --entity DE01
page trial-balance report trial-balance --period $period --entity US01
page register journal list --entity DE01 --account 1000 --period $period

shots="close-summary:1500 reconciliation:1900 intercompany:800 consolidated:1500 statements-group:1500 statements-entity:1400 trial-balance:1400 register:900"
if [ -n "${LARGE:-}" ]; then
    # A million journal lines: the page groups by entity, folds the detail and caps it.
    "$CLOSE" scenario load large --db "$work/large.db" >/dev/null 2>&1
    "$CLOSE" report reconciliation --period $period --db "$work/large.db" --format html >"$work/reconciliation-large.html"
    shots="$shots reconciliation-large:1300"
fi

# name:height (pixels at 1280 wide): tall enough for the page's head and first tables.
mkdir -p docs/screenshots
for shot in $shots; do
    name=${shot%%:*}; height=${shot##*:}
    "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
        --window-size=1280,"$height" --screenshot="$repo/docs/screenshots/report-$name.png" \
        "file://$work/$name.html" >/dev/null 2>&1
    echo "docs/screenshots/report-$name.png ($(wc -c <"$repo/docs/screenshots/report-$name.png") bytes)"
done
