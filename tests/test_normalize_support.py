"""Shared helper for the normaliser tests: text blocks from plain paragraphs.

No tests here.
"""

from __future__ import annotations

from kb.schema import TextBlock


def plain(*paragraphs: str) -> list[TextBlock]:
    return [TextBlock(text=p) for p in paragraphs]
