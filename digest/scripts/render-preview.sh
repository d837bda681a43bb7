#!/usr/bin/env bash
# Renders a digest preview (the .html written by `bin/tickertape digest --dry-run --out DIR`) to a PNG with
# headless Chromium, the way a webmail client would lay it out, so it can be looked at without a mail program.
#   digest/scripts/render-preview.sh DIR/digest-2026-11-21.html [out.png] [width]
# Needs the Debian packages chromium and chromium-driver. The page loads only local files (charts beside it).
set -euo pipefail

html="${1:?usage: render-preview.sh PREVIEW.html [OUT.png] [WIDTH]}"
out="${2:-${html%.html}.png}"
width="${3:-800}"
[ -f "$html" ] || { echo "render-preview: no such file: $html" >&2; exit 2; }
browser="$(command -v chromium || command -v chromium-browser || true)"
[ -n "$browser" ] || { echo "render-preview: chromium not found (apt-get install chromium chromium-driver)" >&2; exit 2; }

profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
abs="$(cd "$(dirname "$html")" && pwd)/$(basename "$html")"
timeout 90 "$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
  --user-data-dir="$profile" --window-size="$width,2400" --screenshot="$out" "file://$abs" >/dev/null 2>&1
[ -s "$out" ] || { echo "render-preview: chromium wrote no screenshot" >&2; exit 1; }
echo "$out"
