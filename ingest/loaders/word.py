"""DOCX: paragraphs and table rows in order; Heading 1-3 styles give the section path."""

from __future__ import annotations

import io
import re
import zipfile

import docx
import docx.document
from docx.enum.style import WD_STYLE_TYPE
from docx.table import Table
from docx.text.hyperlink import Hyperlink
from docx.text.paragraph import Paragraph

from ingest.errors import IngestError
from ingest.loaders.limits import ParseLimits
from kb.schema import ParsedDocument, TextBlock

MAX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024
MAX_RATIO = 200
_XML_PARTS = (".xml", ".rels")  # what python-docx parses; media is only copied
_HEADING_STYLE = re.compile(r"^(?:Heading|標題)\s*(\d)$", re.IGNORECASE)
_MAX_SECTION_LEVEL = 3


def check_archive(data: bytes, file_name: str, limits: ParseLimits | None = None) -> None:
    """Refuse a non-zip, a zip without a Word body, a zip bomb or more XML than the limit,
    before python-docx reads it.

    The declared uncompressed sizes bound what zipfile will inflate, so checking them suffices.
    """
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        # Word saves password-protected .docx files (and old .doc files) in this OLE container.
        raise IngestError(file_name, "encrypted DOCX or legacy .doc file: cannot be read")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise IngestError(file_name, "corrupt DOCX: not a valid zip archive") from None
    names = {m.filename for m in members}
    if "word/document.xml" not in names:
        raise IngestError(file_name, "corrupt DOCX: no word/document.xml inside")
    if limits is not None:
        xml = sum(m.file_size for m in members if m.filename.endswith(_XML_PARTS))
        limits.check_expanded_xml(xml, file_name)
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise IngestError(
            file_name,
            f"DOCX expands to {total // (1024 * 1024)} MB (limit "
            f"{MAX_UNCOMPRESSED_BYTES // (1024 * 1024)} MB): possible zip bomb",
        )
    for member in members:
        if member.file_size > 1024 * 1024 and member.file_size > MAX_RATIO * max(
            member.compress_size, 1
        ):
            raise IngestError(
                file_name, f"DOCX member compressed more than {MAX_RATIO}:1: possible zip bomb"
            )


def _visible_text(paragraph: Paragraph) -> str:
    """The paragraph's text without runs formatted as hidden (w:vanish): invisible in Word,
    so not the document's content (and a place to hide instructions)."""
    if not any(run.font.hidden for run in paragraph.runs):
        return paragraph.text
    parts: list[str] = []
    for item in paragraph.iter_inner_content():
        for run in item.runs if isinstance(item, Hyperlink) else [item]:
            if not run.font.hidden:
                parts.append(run.text)
    return "".join(parts)


class _StyleNames:
    """Paragraph style names by style id, read once per document: python-docx's
    `paragraph.style` scans every style of the document for each paragraph (a few ms each on a
    usual template), which made long documents take minutes. Same rule as python-docx: an
    unknown or missing style id means the default paragraph style."""

    def __init__(self, document: docx.document.Document) -> None:
        self._by_id: dict[str, str] = {}
        self._default = ""
        try:
            for style in document.styles:
                if style.type == WD_STYLE_TYPE.PARAGRAPH and style.style_id:
                    self._by_id[style.style_id] = style.name or ""
            default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
            self._default = (default.name or "") if default is not None else ""
        except (KeyError, ValueError):
            self._by_id, self._default = {}, ""

    def name(self, paragraph: Paragraph) -> str:
        style_id = paragraph._p.style  # the w:pStyle value, None without one
        return self._by_id.get(style_id, self._default) if style_id else self._default

    def heading_level(self, paragraph: Paragraph) -> int:
        match = _HEADING_STYLE.match(self.name(paragraph))
        return int(match.group(1)) if match else 0


def _table_rows(table: Table) -> list[str]:
    rows = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(cell.text.split())
            # Merged cells repeat the same cell object; keep one copy.
            if text and (not cells or cells[-1] != text):
                cells.append(text)
        if cells:
            rows.append(" | ".join(cells))
    return rows


def parse_docx(data: bytes, file_name: str, limits: ParseLimits | None = None) -> ParsedDocument:
    """Parse a .docx file; one over the expanded-XML limit is refused unread."""
    check_archive(data, file_name, limits)
    try:
        document = docx.Document(io.BytesIO(data))
        content = list(document.iter_inner_content())
        styles = _StyleNames(document)
        core_title = (document.core_properties.title or "").strip()
    except (IngestError, MemoryError):  # out of memory is not a corrupt file
        raise
    except Exception:  # noqa: BLE001 - python-docx raises many types for a broken package
        raise IngestError(file_name, "corrupt DOCX: the document cannot be read") from None
    blocks: list[TextBlock] = []
    section: list[str] = []
    first_heading: str | None = None
    for item in content:
        if isinstance(item, Table):
            for row in _table_rows(item):
                blocks.append(TextBlock(text=row, section=list(section)))
            continue
        text = _visible_text(item).strip()
        if not text:
            continue
        level = styles.heading_level(item)
        style_name = styles.name(item)
        if style_name == "Title" and first_heading is None:
            first_heading = text
            continue
        if 1 <= level <= _MAX_SECTION_LEVEL:
            section = section[: level - 1] + [text]
            first_heading = first_heading or text
            continue
        blocks.append(TextBlock(text=text, section=list(section)))
    return ParsedDocument(file_name=file_name, blocks=blocks, title=core_title or first_heading)
