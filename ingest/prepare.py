"""Everything that reads a document's raw text: load, normalise, scrub, chunk, detect language.

Kept apart from writing to the knowledge base so that it can run in a worker process with
limits (ingest/worker.py): what it returns holds scrubbed text only, so it may cross a process
boundary and be logged as counts.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from pydantic import BaseModel, Field

from ingest.chunking import chunk_blocks
from ingest.errors import IngestError
from ingest.loaders import ParseLimits, load_document
from ingest.normalize import normalize_blocks
from ingest.pii import PlaceholderMap, Scrubber
from kb.language import detect_language
from kb.schema import Audience, ParsedDocument, TextBlock
from kb.settings import Settings


class PreparedChunk(BaseModel):
    """One scrubbed chunk, before it has an identity in the knowledge base."""

    text: str
    page: int | None
    section: str
    char_start: int
    char_end: int
    language: str


class PreparedDocument(BaseModel):
    """A document read and scrubbed: its chunks, language, what was removed (counts and keyed
    hashes, never the values) and the audience the file declares."""

    file_name: str
    declared_audience: Audience | None = None
    language: str
    chunks: list[PreparedChunk]
    pii_counts: dict[str, int] = Field(default_factory=dict)
    value_hashes: list[str] = Field(default_factory=list)


def file_limits(settings: Settings) -> tuple[int, ParseLimits]:
    """The largest file in bytes, and the limits checked before parsing."""
    limits = ParseLimits(
        max_pdf_pages=settings.max_pdf_pages,
        max_expanded_bytes=int(settings.max_expanded_mb * 1024 * 1024),
    )
    return int(settings.max_file_mb * 1024 * 1024), limits


def chosen_audience(given: Audience | None, declared: Audience | None) -> Audience:
    """The audience of an ingest: the one given for it, else the file's own, else staff."""
    return given or declared or Audience.STAFF


def scrub_blocks(
    blocks: list[TextBlock], scrubber: Scrubber, published: bool = False
) -> tuple[list[TextBlock], Counter[str], list[str]]:
    """Scrub a document's blocks together, so that a name found in one block is replaced in
    every block (Scrubber.scrub_many); `published`: people in a public role keep their names."""
    counts: Counter[str] = Counter()
    hashes: list[str] = []
    clean = []
    results = scrubber.scrub_many([b.text for b in blocks], PlaceholderMap(), published=published)
    for block, result in zip(blocks, results, strict=True):
        counts.update(result.counts)
        hashes.extend(result.value_hashes)
        clean.append(block.model_copy(update={"text": result.text}))
    return clean, counts, hashes


def prepare_parsed(
    parsed: ParsedDocument,
    scrubber: Scrubber,
    settings: Settings,
    audience: Audience | None = None,
) -> PreparedDocument:
    """Normalise, scrub, chunk and detect the language of a parsed document. `audience`: the
    one given for this ingest (else the file's own, else staff); a document for the public keeps
    the names of people in a public role (NGOKB_PII_KEEP_PUBLIC_ROLES)."""
    chosen = chosen_audience(audience, parsed.declared_audience)
    published = chosen is Audience.PUBLIC and settings.pii_keep_public_roles
    blocks, counts, hashes = scrub_blocks(normalize_blocks(parsed.blocks), scrubber, published)
    raw_chunks = chunk_blocks(blocks, settings.chunk_size, settings.chunk_overlap)
    if not raw_chunks:
        raise IngestError(parsed.file_name, "no text found after extraction")
    return PreparedDocument(
        file_name=parsed.file_name,
        declared_audience=parsed.declared_audience,
        language=detect_language(" ".join(b.text for b in blocks)[:20000]),
        chunks=[
            PreparedChunk(
                text=raw.text,
                page=raw.page,
                section=raw.section,
                char_start=raw.char_start,
                char_end=raw.char_end,
                language=detect_language(raw.text),
            )
            for raw in raw_chunks
        ],
        pii_counts=dict(counts),
        value_hashes=hashes,
    )


def prepare_file(
    path: Path, scrubber: Scrubber, settings: Settings, audience: Audience | None = None
) -> PreparedDocument:
    """Load and prepare one file; IngestError with a one-line reason if it cannot be read."""
    max_bytes, limits = file_limits(settings)
    return prepare_parsed(load_document(path, max_bytes, limits), scrubber, settings, audience)
