"""Load one document of any supported format into a `ParsedDocument`, or fail with IngestError.

One module per format; this module checks what every format shares (existence, size,
permissions, sidecar metadata) and turns any unexpected parser failure into a one-line reason.
"""

from __future__ import annotations

import errno
from collections.abc import Callable, Iterator
from pathlib import Path

from ingest.errors import OUT_OF_MEMORY, IngestError
from ingest.loaders.html import parse_html
from ingest.loaders.limits import ParseLimits
from ingest.loaders.markdown import parse_markdown
from ingest.loaders.pdf import parse_pdf
from ingest.loaders.plain import parse_text
from ingest.loaders.sidecar import read_sidecar
from ingest.loaders.table import parse_csv
from ingest.loaders.walk import SkippedFile, walk_paths
from ingest.loaders.word import parse_docx
from kb.schema import ParsedDocument

Parser = Callable[[bytes, str], ParsedDocument]

_PARSERS: dict[str, Parser] = {
    ".pdf": parse_pdf,
    ".docx": parse_docx,
    ".html": parse_html,
    ".htm": parse_html,
    ".md": parse_markdown,
    ".markdown": parse_markdown,
    ".txt": parse_text,
    ".csv": parse_csv,
}
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(_PARSERS)
# Formats whose size once opened is bounded by ParseLimits (their parsers take it).
_LIMITED = {".pdf": parse_pdf, ".docx": parse_docx}

__all__ = [
    "SUPPORTED_SUFFIXES",
    "IngestError",
    "ParseLimits",
    "SkippedFile",
    "iter_document_paths",
    "load_document",
]


def _megabytes(size: float) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    name = path.name
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise IngestError(name, "not a regular file")
        if size == 0:
            raise IngestError(name, "empty file (0 bytes)")
        if size > max_bytes:
            raise IngestError(
                name, f"file is {_megabytes(size)}, over the limit of {_megabytes(max_bytes)}"
            )
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise IngestError(name, "file not found (it may have been moved or deleted)") from None
    except PermissionError:
        raise IngestError(name, "unreadable: permission denied") from None
    except IsADirectoryError:
        raise IngestError(name, "not a regular file") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise IngestError(name, "broken or looping symbolic link") from None
        raise IngestError(name, f"cannot read the file ({type(exc).__name__})") from None
    if not data:
        raise IngestError(name, "empty file (0 bytes)")
    if len(data) > max_bytes:
        raise IngestError(name, f"file grew over the limit of {_megabytes(max_bytes)}")
    return data


def load_document(path: Path, max_bytes: int, limits: ParseLimits | None = None) -> ParsedDocument:
    """Read and parse one document; raise IngestError with a one-line reason if it cannot be.

    `limits` (pages of a PDF, expanded XML of a DOCX) are checked before parsing; None: only
    the built-in bomb checks.
    A sidecar `<file name>.meta.json` overrides the audience/title declared inside the file.
    """
    path = Path(path)
    name = path.name
    suffix = path.suffix.lower()
    parser = _PARSERS.get(suffix)
    if parser is None:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise IngestError(name, f"unsupported file type {suffix or '(none)'!r} ({supported})")
    data = _read_bytes(path, max_bytes)
    sidecar = read_sidecar(path)
    try:
        limited = _LIMITED.get(suffix)
        document = limited(data, name, limits) if limited else parser(data, name)
    except IngestError:
        raise
    except RecursionError:
        raise IngestError(name, "document structure nested too deeply") from None
    except MemoryError:
        raise IngestError(name, OUT_OF_MEMORY) from None
    except Exception as exc:  # noqa: BLE001 - a parser bug must not become a traceback
        raise IngestError(name, f"could not parse the file ({type(exc).__name__})") from None
    if not any(block.text.strip() for block in document.blocks):
        raise IngestError(name, "no text found in the document")
    if sidecar is not None:
        updates: dict[str, object] = {}
        if sidecar.audience is not None:
            updates["declared_audience"] = sidecar.audience
        if sidecar.title:
            updates["title"] = sidecar.title
        document = document.model_copy(update=updates)
    return document


def iter_document_paths(paths: list[Path]) -> Iterator[Path | IngestError | SkippedFile]:
    """Walk files and directories (sorted, hidden files and `*.meta.json` skipped).

    Directories yield files of other types as SkippedFile and symlinked directories are not entered;
    a path that does not exist or vanishes yields an IngestError instead of raising.
    """
    yield from walk_paths(paths, SUPPORTED_SUFFIXES)
