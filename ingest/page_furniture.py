"""Page furniture: page-number lines, table-of-contents lines and running headers/footers,
found and dropped from a block's lines."""

from __future__ import annotations

import re
from collections import Counter

from ingest.unwrap import _TERMINAL, _ending, starts_new_unit

_PAGE_NUMBER = re.compile(
    r"^(?:[-–—~·•|\[(]\s*)?"
    r"(?:(?:page|p\.?|pp\.?|頁)\s*)?\d{1,4}(?:\s*(?:/|of|之|\|)\s*\d{1,4})?(?:\s*頁)?"
    r"(?:\s*[-–—~·•|\])])?$"
    r"|^第\s*\d{1,4}\s*頁(?:\s*[/,，]?\s*共\s*\d{1,4}\s*頁)?$",
    re.IGNORECASE,
)
# Lower-case roman page numbers of front matter ("iv"), strictly formed so "civic" is no match.
_ROMAN_PAGE = re.compile(r"^(?=[ivxlc])(?:c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})$")
_LEADER = r"(?:\.{3,}|…{2,}|⋯{2,}|·{3,}|‧{3,}|•{3,}|・{3,}|_{4,}|-{4,}|(?:\.\s){3,}\.?)"
_LEADER_CHARS = set(".…⋯·‧•・_- ")
_TOC_LINE = re.compile(rf"^.{{0,200}}?\S\s*{_LEADER}\s*(?:\d{{1,4}}|[ivxlc]{{1,7}})$", re.I)
_TOC_TITLE = re.compile(r"^(?:目\s*錄|目\s*录|目\s*次|contents|table of contents)$", re.I)
_RUNNING_MAX_CHARS = 100
_RUNNING_MIN_GAP = 10
_DIGITS = re.compile(r"\d+")


def is_page_number(line: str) -> bool:
    line = line.strip()
    return bool(_PAGE_NUMBER.match(line) or _ROMAN_PAGE.match(line))


def is_toc_line(line: str) -> bool:
    """A table-of-contents entry: text, a dot/dash leader, a page number."""
    line = line.strip()
    # Cheap test first: the regex backtracks, and almost no line ends "leader + number".
    head = line.rstrip("0123456789ivxlcIVXLC").rstrip()
    if head == line or len(head) < 3 or head[-1] not in _LEADER_CHARS:
        return False
    return bool(_TOC_LINE.match(line))


def _running_keys(blocks: list[list[str]], pages: list[int | None]) -> set[str]:
    """Lines repeated as running headers/footers (digits ignored, so "p. 3" matches "p. 4").

    With pages: an unterminated line among the first or last two of at least 40% of the
    pages (and of 3 or more).
    Without pages (text exported from a PDF): an unterminated line of 6-100 characters, not a
    heading, list item or form field, seen 3 or more times and never within 10 lines of its
    previous occurrence (table rows repeat close together; running headers recur a page apart).
    """
    if any(page is not None for page in pages):
        spread: dict[str, set[int | None]] = {}
        for lines, page in zip(blocks, pages, strict=True):
            for line in set(lines[:2] + lines[-2:]):
                if 2 <= len(line) <= _RUNNING_MAX_CHARS and _ending(line) not in _TERMINAL:
                    spread.setdefault(_line_key(line), set()).add(page)
        page_count = len({p for p in pages if p is not None})
        if page_count < 3:
            return set()
        needed = max(3, int(page_count * 0.4))
        return {key for key, seen in spread.items() if len(seen) >= needed}
    last_seen: dict[str, int] = {}
    counts: Counter[str] = Counter()
    crowded: set[str] = set()
    position = 0
    for lines in blocks:
        for line in lines:
            position += 1
            if (
                not 6 <= len(line) <= _RUNNING_MAX_CHARS
                or _ending(line) in _TERMINAL
                or starts_new_unit(line)  # repeated form labels and headings of record lists
            ):
                continue
            key = _line_key(line)
            if key in last_seen and position - last_seen[key] < _RUNNING_MIN_GAP:
                crowded.add(key)
            last_seen[key] = position
            counts[key] += 1
    return {key for key, count in counts.items() if count >= 3 and key not in crowded}


def _line_key(line: str) -> str:
    return _DIGITS.sub("#", line.casefold())


def _clean_lines(lines: list[str], running: set[str]) -> list[str]:
    kept: list[str] = []
    for i, line in enumerate(lines):
        if not line or is_page_number(line) or is_toc_line(line):
            continue
        if running and len(line) <= _RUNNING_MAX_CHARS and _line_key(line) in running:
            continue
        if _TOC_TITLE.match(line) and any(is_toc_line(n) for n in lines[i + 1 : i + 4]):
            continue
        kept.append(line)
    return kept
