"""PDF: one block per page with its page number (headings are unknown in a PDF's text layer)."""

from __future__ import annotations

import io
import logging

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError, PdfReadError

from ingest.errors import IngestError
from ingest.loaders.limits import ParseLimits
from kb.schema import ParsedDocument, TextBlock

# pypdf logs recoverable-structure warnings per object; they are noise for an ingest run.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def _open(data: bytes, file_name: str, limits: ParseLimits | None) -> PdfReader:
    if not data.lstrip()[:1024].startswith(b"%PDF") and b"%PDF" not in data[:1024]:
        raise IngestError(file_name, "corrupt PDF: no PDF header")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                # Owner-password-only PDFs (print/copy restrictions) open with an empty password.
                opened = reader.decrypt("")
            except (DependencyError, NotImplementedError):
                opened = 0
            if not opened:
                raise IngestError(file_name, "encrypted PDF: a password is required")
        pages = len(reader.pages)
        if limits is not None:
            limits.check_pdf_pages(pages, file_name)
    except IngestError:
        raise
    except FileNotDecryptedError:
        raise IngestError(file_name, "encrypted PDF: a password is required") from None
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            RecursionError, OSError):  # fmt: skip
        raise IngestError(file_name, "corrupt PDF: the file structure cannot be read") from None
    return reader


def parse_pdf(data: bytes, file_name: str, limits: ParseLimits | None = None) -> ParsedDocument:
    """Parse a PDF's text layer page by page; one over the page limit is refused unread."""
    reader = _open(data, file_name, limits)
    blocks: list[TextBlock] = []
    failed = 0
    for number, page in enumerate(reader.pages, start=1):
        try:
            text = page.extract_text() or ""
        except LimitReachedError:
            # pypdf stops inflating a stream past its limit (75 MB): a decompression bomb.
            raise IngestError(
                file_name, f"PDF page {number} expands beyond the safety limit: possible bomb"
            ) from None
        except MemoryError:  # out of memory is not a bad page
            raise
        except Exception:  # noqa: BLE001 - one bad page must not sink the document
            failed += 1
            continue
        if text.strip():
            blocks.append(TextBlock(text=text, page=number))
    pages = len(reader.pages)
    if not blocks:
        if failed and failed == pages:
            raise IngestError(file_name, "corrupt PDF: no page could be read")
        raise IngestError(file_name, "no text layer (scanned or image-only PDF; OCR not supported)")
    title = None
    try:
        if reader.metadata is not None and reader.metadata.title:
            title = str(reader.metadata.title).strip() or None
    except Exception:  # noqa: BLE001 - a broken info dictionary only loses the title
        title = None
    return ParsedDocument(file_name=file_name, blocks=blocks, title=title, pages=pages)
