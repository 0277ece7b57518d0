"""One detected span, and how detections of one text are combined: names repeated, overlaps
resolved."""

from __future__ import annotations

from collections.abc import Iterable

import regex
from pydantic import BaseModel


class Detection(BaseModel):
    """One detected span (offsets into the scrubbed input). Never stored or logged."""

    start: int
    end: int
    entity_type: str
    score: float


def _overlaps(d: Detection, start: int, end: int) -> bool:
    return d.start < end and start < d.end


def _resolve_overlaps(found: list[Detection]) -> list[Detection]:
    """A span inside a longer one gives way to it ("Church Lane" as a name inside the address
    "45 Church Lane"); otherwise the higher score wins an overlap, then the longer span, and the
    loser keeps its part outside the winner, so a phone glued to an address leaves both redacted.
    """
    outer = [d for d in found if not any(_inside(d, o) for o in found)]
    kept: list[Detection] = []
    for d in sorted(outer, key=lambda d: (-round(d.score, 1), -(d.end - d.start), d.start)):
        rest = _outside(d, kept)
        if rest is not None:
            kept.append(rest)
    return kept


def _inside(d: Detection, other: Detection) -> bool:
    """`d` lies within `other` and is strictly shorter (equal spans are not inside each other)."""
    return (
        other.start <= d.start
        and d.end <= other.end
        and (other.end - other.start) > (d.end - d.start)
    )


def _outside(d: Detection, kept: list[Detection]) -> Detection | None:
    """The longest piece of `d` not covered by `kept` (None when under two characters)."""
    pieces = [(d.start, d.end)]
    for k in kept:
        pieces = [
            part
            for start, end in pieces
            for part in ((start, min(end, k.start)), (max(start, k.end), end))
            if part[1] - part[0] > 0
        ]
    if not pieces:
        return None
    start, end = max(pieces, key=lambda p: p[1] - p[0])
    if (start, end) == (d.start, d.end):
        return d
    if end - start < 2:
        return None
    return d.model_copy(update={"start": start, "end": end})


def _repeat_names(text: str, found: list[Detection], known_names: Iterable[str]) -> list[Detection]:
    """A name found once (with its cue) is a name wherever else it occurs in the document."""
    names = {text[d.start : d.end] for d in found if d.entity_type == "PERSON"}
    names.update(known_names)
    repeats = []
    for name in names:
        if len(name) < 2 or (name.isascii() and len(name) < 3):
            continue
        bound = r"(?<![A-Za-z])" if name.isascii() else ""
        after = r"(?![A-Za-z])" if name.isascii() else ""
        for m in regex.finditer(bound + regex.escape(name) + after, text):
            repeats.append(Detection(start=m.start(), end=m.end(), entity_type="PERSON", score=0.5))
    return repeats
