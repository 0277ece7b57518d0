#!/usr/bin/env bash
# README command (1): install ngo-kb into .venv, fetch the model, ingest the sample corpus, open the chat.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e .
.venv/bin/ngo-kb setup

# The sample corpus names a few public people and partner organisations that must stay readable.
data_dir="${NGOKB_DATA_DIR:-$HOME/.local/share/ngo-kb}"
mkdir -p -m 700 "$data_dir"
[ -f "$data_dir/allowlist.txt" ] || cp samples/allowlist.txt "$data_dir/allowlist.txt"

.venv/bin/ngo-kb ingest samples/corpus --data-dir "$data_dir"
exec .venv/bin/ngo-kb serve --data-dir "$data_dir"
