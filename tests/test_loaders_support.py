"""Shared helpers for the loader tests: write a file, load it, read its refusal reason.

No tests here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fpdf import FPDF

from ingest.errors import IngestError
from ingest.loaders import load_document

MB = 1024 * 1024
LIMIT = 5 * MB
ZH = "本會緊急援助服務以設籍於萬華區滿三個月以上之家戶為對象。"


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def refused(path: Path, max_bytes: int = LIMIT) -> str:
    with pytest.raises(IngestError) as info:
        load_document(path, max_bytes)
    error = info.value
    assert error.file_name == path.name
    assert str(error) == f"{path.name}: {error.reason}"
    assert "\n" not in error.reason and "Traceback" not in error.reason
    return error.reason


def text_of(path: Path) -> str:
    return "\n".join(block.text for block in load_document(path, LIMIT).blocks)


def make_pdf(pages: list[str], **encryption: str) -> bytes:
    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    for text in pages:
        pdf.add_page()
        if text:
            pdf.multi_cell(0, 8, text)
    if encryption:
        pdf.set_encryption(**encryption)
    return bytes(pdf.output())
