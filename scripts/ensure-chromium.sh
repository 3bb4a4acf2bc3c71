#!/usr/bin/env bash
# The tests drive a real Chromium with WebGPU (SwiftShader when there is no GPU).
# Use CHROME_PATH or a system Chromium/Chrome; on Debian/Ubuntu as root, install Debian's.
set -euo pipefail
if [ -n "${CHROME_PATH:-}" ]; then exit 0; fi
for c in chromium chromium-browser google-chrome google-chrome-stable; do
  if command -v "$c" >/dev/null 2>&1; then exit 0; fi
done
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "No Chromium found: installing Debian's chromium (apt-get install chromium)…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "No Chromium found. Install Chromium or Chrome (Debian: sudo apt-get install chromium) or set CHROME_PATH=/path/to/chrome." >&2
exit 1
