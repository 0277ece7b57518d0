"""Clean extracted text: one Unicode form, hard wraps joined, page furniture dropped.

Extraction from PDFs (and text files made from them) leaves Kangxi radicals and compatibility
ideographs instead of ordinary characters, lines wrapped every few dozen characters, page
numbers, running headers/footers, table-of-contents lines and sentences cut by page breaks.
"""

from __future__ import annotations

import re
import unicodedata

from ingest.headings import infer_sections
from ingest.page_furniture import _clean_lines, _running_keys
from ingest.unwrap import _merge_continuations, _unwrap
from kb.schema import TextBlock

# Full-width punctuation is the normal punctuation of Chinese text; NFKC would turn it into
# ASCII, so it is shielded (mapped to private-use code points and back) around NFKC.
_KEPT_FULLWIDTH = "！（），：；？［］｛｝～"
_SHIELD_BASE = 0xF0000
_SHIELD = {c: chr(_SHIELD_BASE + i) for i, c in enumerate(_KEPT_FULLWIDTH)}
_PLANE15 = re.compile("[\U000f0000-\U000fffff]")
_INVISIBLE = re.compile(
    "[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]"
)
_SPACE_RUN = re.compile(r"[ \t\u00a0\u3000]+")
_LINE_EDGE_SPACE = re.compile(r" ?\n ?")
_NEWLINES = re.compile(r"\r\n?|[\f\v\u2028\u2029\x85]")


def _shielded_nfkc(text: str) -> str:
    if text.isascii():
        return text
    text = _PLANE15.sub("", text)
    present = [c for c in _KEPT_FULLWIDTH if c in text]
    for char in present:  # str.replace is far faster than str.translate on CJK text
        text = text.replace(char, _SHIELD[char])
    text = unicodedata.normalize("NFKC", text)
    for char in present:
        text = text.replace(_SHIELD[char], char)
    return text


def normalize_text(text: str) -> str:
    """NFKC (Kangxi radicals and compatibility ideographs become ordinary characters), keeping
    full-width Chinese punctuation; invisible characters removed; spaces collapsed per line."""
    text = _NEWLINES.sub("\n", text)
    text = _INVISIBLE.sub("", _shielded_nfkc(text))
    return _LINE_EDGE_SPACE.sub("\n", _SPACE_RUN.sub(" ", text)).strip(" \n")


def normalize_blocks(blocks: list[TextBlock]) -> list[TextBlock]:
    """Normalise extracted blocks; returns new blocks (the input is not modified).

    NFKC; page-number-only lines, running headers/footers and dot-leader TOC lines dropped;
    hard-wrapped lines joined (no space between CJK, de-hyphenated English); sentences cut by
    page or paragraph breaks rejoined; empty blocks dropped; sections kept as given, or, for
    text without structure (TXT, PDF), inferred from numbered heading lines.
    """
    lines = [normalize_text(block.text).split("\n") for block in blocks]
    running = _running_keys(lines, [block.page for block in blocks])
    cleaned: list[TextBlock] = []
    for block, block_lines in zip(blocks, lines, strict=True):
        text = _unwrap(_clean_lines(block_lines, running))
        if text:
            section = [normalize_text(part) for part in block.section if part.strip()]
            cleaned.append(TextBlock(text=text, page=block.page, section=section))
    return infer_sections(_merge_continuations(cleaned))
