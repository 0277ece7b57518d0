#!/usr/bin/env bash
# README command (2): install ngo-kb with its test tools into .venv, fetch the model, run every test.
set -euo pipefail
cd "$(dirname "$0")/.."

# The browser test drives Debian's Chromium; Chinese needs the Noto CJK fonts, Thai Loma.
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null \
   && ! { command -v chromium >/dev/null && command -v chromedriver >/dev/null \
          && fc-list 2>/dev/null | grep -qi "Noto Sans CJK" && fc-list 2>/dev/null | grep -qi "Loma"; }; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-noto-cjk fonts-tlwg-loma >/dev/null
fi

python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'
.venv/bin/ngo-kb setup
.venv/bin/python -m pytest -q -p no:cacheprovider --durations=30
