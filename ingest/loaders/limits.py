"""How big a document may be once opened: pages of a PDF, expanded XML of a DOCX.

Checked before parsing, so an over-sized legal file is refused in a second with its reason
instead of holding the ingest for minutes (a 3,000-page PDF took 202 s, a DOCX of 35 MB XML 266 s).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from ingest.errors import IngestError

MB = 1024 * 1024


class ParseLimits(BaseModel):
    """Limits from the settings (NGOKB_MAX_PDF_PAGES, NGOKB_MAX_EXPANDED_MB)."""

    model_config = ConfigDict(frozen=True)

    max_pdf_pages: int
    max_expanded_bytes: int

    def check_pdf_pages(self, pages: int, file_name: str) -> None:
        if pages > self.max_pdf_pages:
            raise IngestError(
                file_name,
                f"PDF has {pages} pages, over the limit of {self.max_pdf_pages} "
                "(NGOKB_MAX_PDF_PAGES)",
            )

    def check_expanded_xml(self, size: int, file_name: str) -> None:
        if size > self.max_expanded_bytes:
            raise IngestError(
                file_name,
                f"DOCX text expands to {size / MB:.1f} MB of XML, over the limit of "
                f"{self.max_expanded_bytes / MB:g} MB (NGOKB_MAX_EXPANDED_MB)",
            )
