"""Ingest: files in, scrubbed and chunked passages out, handed to the knowledge base.

Per file: load -> normalise -> scrub personal data -> detect language -> chunk -> index. A file
that fails is reported as `file: reason` and never touches what is already indexed.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import shutil
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, Field
from tqdm import tqdm

from ingest.errors import IngestError
from ingest.loaders import SkippedFile, iter_document_paths, load_document
from ingest.pii import Scrubber, load_scrubber
from ingest.prepare import PreparedDocument, chosen_audience, file_limits, prepare_parsed
from kb.catalog import now_iso, version_ref
from kb.embeddings import EmbeddingServerFailed
from kb.index import KnowledgeBase, document_id
from kb.model_files import sha256_file
from kb.schema import Audience, Chunk, Document
from kb.settings import Settings
from kb.store import StoreUnavailable

log = logging.getLogger(__name__)

# Below this much free space after a failed write, the failure is reported as a full disk.
FULL_DISK_BYTES = 1 << 20


class IngestSummary(BaseModel):
    ok: list[str] = Field(default_factory=list)
    unchanged: list[str] = Field(default_factory=list)
    failed: list[str] = Field(default_factory=list)
    # Files of an unsupported type found in a directory: named, but not a failure.
    skipped: list[str] = Field(default_factory=list)
    chunks_written: int = 0
    pii_counts: dict[str, int] = Field(default_factory=dict)
    flagged: list[str] = Field(default_factory=list)
    recovered_writes: int = 0

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0


def _instruction_flags(chunks: list[Chunk]) -> list[str]:
    from guardrails import flag_instructions

    flags = []
    for chunk in chunks:
        flags.extend(f"chunk {chunk.index}: {kind}" for kind in flag_instructions(chunk.text))
    return flags


# Reads, normalises, scrubs and chunks one file (ingest/prepare.py), in this process or in a
# worker process with time and memory limits (ingest/worker.py); raises IngestError.
Prepare = Callable[[Path, Audience | None], PreparedDocument]


def _unchanged(existing: Document | None, sha: str, audience: Audience) -> bool:
    return (
        existing is not None
        and existing.status == "ok"
        and existing.sha256 == sha
        and existing.audience == audience
    )


def ingest_file(
    path: Path,
    kb: KnowledgeBase,
    scrubber: Scrubber | None,
    settings: Settings,
    audience: Audience | None = None,
    prepare: Prepare | None = None,
) -> tuple[Document | None, Counter[str]]:
    """Index one file; returns (None, ...) when it is unchanged since the last ingest.

    Without `prepare` the file is read here with `scrubber`; with it, `prepare` reads it, and a
    file whose audience is given is checked for changes before it is read."""
    path = path.resolve()
    doc_id = document_id(path)
    existing = kb.catalog.get_document(doc_id)
    if prepare is None:
        if scrubber is None:
            raise ValueError("ingest_file needs a scrubber or a prepare function")
        max_bytes, limits = file_limits(settings)
        parsed = load_document(path, max_bytes, limits)
        sha = sha256_file(path)
        chosen = chosen_audience(audience, parsed.declared_audience)
        if _unchanged(existing, sha, chosen):
            return None, Counter()
        prepared = prepare_parsed(parsed, scrubber, settings, chosen)
    else:
        sha = sha256_file(path)
        if audience is not None and _unchanged(existing, sha, audience):
            return None, Counter()
        prepared = prepare(path, audience)
        chosen = chosen_audience(audience, prepared.declared_audience)
        if _unchanged(existing, sha, chosen):
            return None, Counter()

    version = kb.next_version(doc_id)
    chunks = [
        Chunk(
            chunk_id=f"{doc_id}:{version}:{i}",
            doc_id=doc_id,
            version=version,
            index=i,
            file_name=path.name,
            text=raw.text,
            page=raw.page,
            section=raw.section,
            char_start=raw.char_start,
            char_end=raw.char_end,
            language=raw.language,
            audience=chosen,
            content_hash=hashlib.sha256(raw.text.encode()).hexdigest()[:16],
        )
        for i, raw in enumerate(prepared.chunks)
    ]
    counts = Counter(prepared.pii_counts)
    doc = Document(
        doc_id=doc_id,
        path=str(path),
        file_name=path.name,
        sha256=sha,
        size=path.stat().st_size,
        audience=chosen,
        language=prepared.language,
        chunk_count=len(chunks),
        version=version,
        ingested_at=now_iso(),
        pii_counts=dict(counts),
        flags=_instruction_flags(chunks),
    )
    _check_space(settings, chunks)
    kb.replace_document(doc, chunks, prepared.value_hashes)
    return doc, counts


def _check_space(settings: Settings, chunks: list[Chunk]) -> None:
    # A write cut short by a full disk leaves a clean-up that itself needs space: refuse first.
    need = FULL_DISK_BYTES + sum(8 * len(c.text.encode()) + 4096 for c in chunks)
    free = shutil.disk_usage(settings.data_dir).free
    if free < need:
        raise OSError(errno.ENOSPC, f"No space left ({free} bytes free, about {need} needed)")


def _disk_full(settings: Settings, exc: BaseException) -> bool:
    chain: BaseException | None = exc
    while chain is not None:
        if isinstance(chain, OSError) and chain.errno == errno.ENOSPC:
            return True
        if "disk is full" in str(chain) or "No space left" in str(chain):
            return True
        chain = chain.__cause__ or chain.__context__
    try:
        return shutil.disk_usage(settings.data_dir).free < FULL_DISK_BYTES
    except OSError:
        return False


def _store_problem(settings: Settings, exc: BaseException) -> str | None:
    """A one-line reason when `exc` means the knowledge base itself cannot be written."""
    if _disk_full(settings, exc):
        return f"no space left on the disk of the data directory {settings.data_dir}"
    if isinstance(exc, StoreUnavailable | EmbeddingServerFailed):
        return str(exc)
    if isinstance(exc, sqlite3.Error):
        return f"the catalogue {settings.manifest_path} cannot be written ({exc})"
    return None


def _failure_reason(path: Path, exc: BaseException, settings: Settings) -> str:
    if isinstance(exc, IngestError):
        return str(exc)
    if (problem := _store_problem(settings, exc)) is not None:
        return f"{path.name}: not indexed: {problem}"
    if isinstance(exc, FileNotFoundError):
        return f"{path.name}: the file disappeared while it was being read"
    if isinstance(exc, PermissionError):
        return f"{path.name}: permission denied"
    if isinstance(exc, OSError):
        return f"{path.name}: could not be read or stored ({exc.strerror or type(exc).__name__})"
    return f"{path.name}: unexpected {type(exc).__name__} while indexing"


def _record_failure(kb: KnowledgeBase, path: Path, audience: Audience | None, reason: str) -> None:
    """Note the error in the manifest; an earlier good version stays live and searchable."""
    path = path.absolute()
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    try:
        doc_id = document_id(path)
    except (OSError, RuntimeError):  # e.g. a symlink loop cannot be resolved
        return
    kb.catalog.record_failure(
        Document(
            doc_id=doc_id,
            path=str(path),
            file_name=path.name,
            sha256="",
            size=size,
            audience=audience or Audience.STAFF,
            language="und",
            version=0,
            status="failed",
            last_error=reason,
            ingested_at=now_iso(),
        )
    )


def _settle_failure(kb: KnowledgeBase, path: Path, audience: Audience | None, reason: str) -> None:
    """Undo a half-done write and note the failure; if even that fails (a full disk), the next
    run's `recover` finishes the clean-up, so nothing here may raise."""
    try:
        kb.recover()
        _record_failure(kb, path, audience, reason)
    except Exception as exc:  # noqa: BLE001 - the failure is already reported to the user
        log.warning("could not record the failure of a file: %s", type(exc).__name__)


def _unwritable(paths: list[Path], settings: Settings, exc: BaseException) -> IngestSummary:
    problem = _store_problem(settings, exc) or f"unexpected {type(exc).__name__}"
    return IngestSummary(failed=[f"{Path(p).name or p}: not indexed: {problem}" for p in paths])


Item = Path | IngestError | SkippedFile


def _size(item: Item) -> int:
    try:
        return item.stat().st_size if isinstance(item, Path) else 0
    except OSError:  # gone since it was listed: reading it reports that
        return 0


def _with_progress(items: list[Item], shown: bool) -> Iterator[Item]:
    """The items, with a bar counting their bytes as each is done: its rate and time left are
    what a folder of many files needs (a bar by files says little when one file is 100 times
    another). Only sizes and counts are shown, never a file's name."""
    sizes = [_size(item) for item in items]
    with tqdm(
        total=sum(sizes),
        desc=f"ingest {len(items)} files",
        unit="B",
        unit_scale=True,
        unit_divisor=1024,
        disable=not shown,
    ) as bar:
        for item, size in zip(items, sizes, strict=True):
            yield item
            bar.update(size)


def ingest_paths(
    paths: list[Path],
    settings: Settings,
    audience: Audience | None = None,
    progress: bool = False,
    prepare: Prepare | None = None,
) -> IngestSummary:
    """Ingest files and directories; failures are reported per file and the batch goes on.

    `prepare` reads each file instead of this process (the web upload's worker with limits).

    When the knowledge base itself cannot be written (full disk, damaged store) every named path
    is reported as failed with that reason, and what is already indexed stays as it was.
    """
    try:
        kb = KnowledgeBase(settings)
    except Exception as exc:  # noqa: BLE001 - becomes one line per file, never a traceback
        return _unwritable(paths, settings, exc)
    summary = IngestSummary()
    try:
        try:
            summary.recovered_writes = kb.recover()
        except Exception as exc:  # noqa: BLE001 - as above
            return _unwritable(paths, settings, exc)
        scrubber = load_scrubber(settings) if prepare is None else None
        items = list(iter_document_paths([Path(p) for p in paths]))
        totals: Counter[str] = Counter()
        server_down: str | None = None
        for item in _with_progress(items, progress):
            if isinstance(item, IngestError):
                summary.failed.append(str(item))
                continue
            if isinstance(item, SkippedFile):
                summary.skipped.append(str(item))
                continue
            if server_down is not None:
                # Each file would wait out the same retries: the rest of the batch is reported
                # at once, and the next run tries them again.
                reason = f"{item.name}: not indexed: {server_down} (not tried again in this run)"
                summary.failed.append(reason)
                _settle_failure(kb, item, audience, reason)
                continue
            try:
                doc, counts = ingest_file(item, kb, scrubber, settings, audience, prepare)
            except Exception as exc:  # noqa: BLE001 - one bad file must not stop the batch
                reason = _failure_reason(item, exc, settings)
                summary.failed.append(reason)
                _settle_failure(kb, item, audience, reason)
                if isinstance(exc, EmbeddingServerFailed):
                    server_down = str(exc)
                continue
            if doc is None:
                summary.unchanged.append(item.name)
                continue
            summary.ok.append(item.name)
            summary.chunks_written += doc.chunk_count
            totals.update(counts)
            summary.flagged.extend(f"{doc.file_name}: {flag}" for flag in doc.flags)
        summary.pii_counts = dict(totals)
    finally:
        kb.close()
    return summary


def rebuild_vectors(settings: Settings) -> IngestSummary:
    """Re-embed every live chunk from the catalogue: the recovery after Chroma files were lost.

    Source files are not needed (the catalogue keeps the scrubbed chunk texts). A local Chroma
    directory whose database is damaged is moved aside to `chroma.damaged-<time>`, never deleted.
    Stop the web server first: the store is rewritten under it.
    """
    if not settings.chroma_url and _chroma_damaged(settings):
        # Checked with sqlite3 first: a failed Chroma open leaves this process unable to open
        # that path again.
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        settings.chroma_dir.rename(settings.chroma_dir.with_name(f"chroma.damaged-{stamp}"))
    kb = KnowledgeBase(settings)
    summary = IngestSummary()
    try:
        summary.recovered_writes = kb.recover()
        chunks = kb.catalog.chunks_by_id(kb.catalog.chunk_ids())
        for doc in kb.documents():
            if doc.status != "ok":
                continue
            mine = sorted((c for c in chunks.values() if c.doc_id == doc.doc_id), key=_index)
            kb.vector_store.delete(version_ref(doc.doc_id, doc.version))
            kb.replace_document(doc, mine, [])
            summary.ok.append(doc.file_name)
            summary.chunks_written += len(mine)
        live = set(kb.catalog.chunk_ids())
        stray = [cid for cid in kb.vector_store.ids() if cid not in live]
        if stray:
            kb.vector_store.delete_ids(stray)
    finally:
        kb.close()
    return summary


def _chroma_damaged(settings: Settings) -> bool:
    database = settings.chroma_dir / "chroma.sqlite3"
    if not database.exists():
        return False
    try:
        with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as db:
            return str(db.execute("PRAGMA quick_check").fetchone()[0]) != "ok"
    except sqlite3.Error:
        return True


def _index(chunk: Chunk) -> int:
    return chunk.index
