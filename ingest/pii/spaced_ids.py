"""Identity numbers written with spaces or dashes between their characters ("B 1 2 0 8 6 3 1 5
8", "B-120-863-158", "A123-456(3)"): a copy of the text with those separators removed, so the ID
recognisers and their checksums see the number whole, and a map back to the original offsets."""

from __future__ import annotations

import regex

ID_TYPES = ("TW_NATIONAL_ID", "TW_ARC", "HK_ID", "PRC_ID")
_SEP = r"[ \-–]"
# Letter-led IDs (Taiwan ID and ARC, HK ID) and the 18-character PRC ID, each with at least
# one separator inside; an ID written whole is found by its recogniser directly.
_SPACED_ID = regex.compile(
    rf"(?<![A-Za-z0-9])(?:[A-Za-z]{{1,2}}(?:{_SEP}?[0-9]){{6,9}}(?:{_SEP}?[(（][0-9Aa][)）])?"
    rf"|[0-9](?:{_SEP}?[0-9]){{16}}{_SEP}?[0-9Xx])(?![A-Za-z0-9])"
)
_SEPARATOR = regex.compile(_SEP)


def compact_id_runs(text: str) -> tuple[str, list[int]] | None:
    """`text` with the separators inside ID-shaped runs removed, and for each character of the
    copy its offset in `text`; None when no run has a separator (the common case)."""
    runs = [m for m in _SPACED_ID.finditer(text) if _SEPARATOR.search(m.group())]
    if not runs:
        return None
    chars: list[str] = []
    origin: list[int] = []
    cursor = 0
    for run in runs:
        for i in range(cursor, run.end()):
            if i >= run.start() and _SEPARATOR.match(text[i]):
                continue
            chars.append(text[i])
            origin.append(i)
        cursor = run.end()
    chars.extend(text[cursor:])
    origin.extend(range(cursor, len(text)))
    return "".join(chars), origin
