"""CSV: one block per row, cells joined with " | " (the header row included)."""

from __future__ import annotations

import csv
import io

from ingest.errors import IngestError
from ingest.loaders.encoding import decode_text
from kb.schema import ParsedDocument, TextBlock


def parse_csv(data: bytes, file_name: str) -> ParsedDocument:
    """Parse a .csv file; the delimiter is sniffed from the first lines."""
    text = decode_text(data, file_name)
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:8192], ",;\t|")
    except csv.Error:
        dialect = csv.excel
    blocks = []
    try:
        for row in csv.reader(io.StringIO(text), dialect):
            cells = [" ".join(cell.split()) for cell in row]
            if any(cells):
                blocks.append(TextBlock(text=" | ".join(c for c in cells if c)))
    except csv.Error:
        raise IngestError(
            file_name, "malformed CSV (a field is too large or badly quoted)"
        ) from None
    return ParsedDocument(file_name=file_name, blocks=blocks)
