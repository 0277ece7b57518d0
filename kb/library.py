"""The process's open knowledge bases: one per data directory (and store and embedder), checked
once for lost vectors, shared by every answer."""

from __future__ import annotations

import threading

from kb.index import KnowledgeBase
from kb.settings import Settings
from kb.store import StoreUnavailable

_open_bases: dict[tuple[str, str | None, str], KnowledgeBase] = {}
_open_lock = threading.Lock()


def knowledge_base(settings: Settings) -> KnowledgeBase:
    """One open knowledge base per data directory (and store and embedder) and process."""
    key = (str(settings.data_dir), settings.chroma_url, settings.embedder_id)
    with _open_lock:
        if key not in _open_bases:
            kb = KnowledgeBase(settings)
            _check_vectors(kb)
            _open_bases[key] = kb
        return _open_bases[key]


def _check_vectors(kb: KnowledgeBase) -> None:
    """Refuse a store that lost vectors (Chroma files deleted or replaced), instead of quietly
    answering from keywords only. Writes add vectors before the catalogue commits and remove
    them after, so fewer vectors than catalogue chunks is never a transient state."""
    _, chunks = kb.catalog.counts()
    if chunks and kb.vector_store.count() < chunks:
        where = kb.settings.chroma_url or str(kb.settings.chroma_dir)
        wanted = kb.settings.embedder_id
        others = [e for e, n in kb.vector_store.vectors_by_embedder().items() if e != wanted and n]
        if others:
            raise StoreUnavailable(
                f"the index at {where} was embedded with {' and '.join(others)}, not with "
                f"{wanted} (NGOKB_EMBEDDING_MODEL): set NGOKB_EMBEDDING_MODEL={others[0]}, or "
                f"run `ngo-kb reindex` to embed it again with {wanted}"
            )
        raise StoreUnavailable(
            f"the vector store at {where} is missing vectors for {chunks} catalogued passages "
            "(files deleted or damaged): run `ngo-kb reindex` to rebuild it from the catalogue"
        )
