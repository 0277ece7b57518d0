#!/usr/bin/env bash
# README command (2): install ngo-kb with its test tools into .venv, fetch the model, run every test.
set -euo pipefail
cd "$(dirname "$0")/.."

# The browser test drives Debian's Chromium; Chinese needs the Noto CJK fonts, Thai Loma; the
# accessibility test's axe-core comes from the npm registry, so npm is needed too.
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null \
   && ! { command -v chromium >/dev/null && command -v chromedriver >/dev/null && command -v npm >/dev/null \
          && fc-list 2>/dev/null | grep -qi "Noto Sans CJK" && fc-list 2>/dev/null | grep -qi "Loma"; }; then
  apt-get update -qq
  pkgs="chromium chromium-driver fonts-noto-cjk fonts-tlwg-loma"
  command -v npm >/dev/null || pkgs="$pkgs npm"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $pkgs >/dev/null
fi
# axe-core at the version tests/a11y/package-lock.json pins, for tests/test_ui_a11y.py.
npm ci --prefix tests/a11y --no-audit --no-fund --silent

python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'
.venv/bin/ngo-kb setup
.venv/bin/python -m pytest -q -p no:cacheprovider --durations=30
