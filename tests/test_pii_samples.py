"""The bundled sample corpus, loaded and normalised as ingestion does, keeps none of its planted
values after scrubbing (one Scrubber with the sample allowlist, one PlaceholderMap per document).
Failure messages name file and type, never the value."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ingest.loaders import load_document
from ingest.normalize import normalize_blocks
from ingest.pii import PlaceholderMap, Scrubber
from ingest.pii.keys import read_allowlist

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
KEY = bytes(range(32))
# Written with or without spaces, dashes or brackets, a value is still the same value.
_LOOSE = re.compile(r"[\s\-()（）]")


def _squash(text: str) -> str:
    return _LOOSE.sub("", text)


@pytest.fixture(scope="module")
def scrubbed() -> dict[str, str]:
    scrubber = Scrubber(KEY, read_allowlist(SAMPLES / "allowlist.txt"))
    out = {}
    for path in sorted((SAMPLES / "corpus").iterdir()):
        if path.name.endswith(".meta.json"):
            continue
        placeholders = PlaceholderMap()
        blocks = normalize_blocks(load_document(path, 50 * 2**20).blocks)
        out[path.name] = "\n".join(scrubber.scrub(b.text, placeholders).text for b in blocks)
    return out


def test_no_planted_value_survives_scrubbing(scrubbed: dict[str, str]) -> None:
    planted = json.loads((SAMPLES / "planted_pii.json").read_text(encoding="utf-8"))
    assert planted
    survivors = [
        f"{e['file']}#{e['type']}"
        for e in planted
        if e["value"] in scrubbed[e["file"]] or _squash(e["value"]) in _squash(scrubbed[e["file"]])
    ]
    assert not survivors, f"{len(survivors)} planted values survive: {survivors}"


def test_everyday_words_and_allowlisted_names_are_kept(scrubbed: dict[str, str]) -> None:
    everything = "\n".join(scrubbed.values())
    for kept in ("個案紀錄", "港灣之光", "主席：總幹事", "萬華服務中心"):
        assert kept in everything
