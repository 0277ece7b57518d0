"""Plain text: paragraphs separated by blank lines; form feeds mark page breaks."""

from __future__ import annotations

import re

from ingest.loaders.encoding import decode_text
from kb.schema import ParsedDocument, TextBlock

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u3000]*\n")


def paragraphs(text: str) -> list[str]:
    """Split text on blank lines, dropping empty paragraphs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [p for p in _PARAGRAPH_BREAK.split(text) if p.strip()]


def parse_text(data: bytes, file_name: str) -> ParsedDocument:
    """Parse a .txt file into one block per paragraph."""
    text = decode_text(data, file_name)
    pages = text.split("\f")
    paged = len(pages) > 1
    blocks = [
        TextBlock(text=para, page=number if paged else None)
        for number, page_text in enumerate(pages, start=1)
        for para in paragraphs(page_text)
    ]
    return ParsedDocument(file_name=file_name, blocks=blocks, pages=len(pages) if paged else None)
