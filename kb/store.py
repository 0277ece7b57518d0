"""Vector-store component: Chroma on disk (default) or a Chroma server, through LlamaIndex."""

from __future__ import annotations

import os
from urllib.parse import urlparse

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

import chromadb  # noqa: E402
from chromadb.config import Settings as ChromaSettings  # noqa: E402
from llama_index.vector_stores.chroma import ChromaVectorStore  # noqa: E402

from kb.settings import Settings  # noqa: E402


def _chroma_settings() -> ChromaSettings:
    # A new object per client: chromadb writes the client kind (HTTP or local) into the Settings
    # it is given, so one shared object would turn every later local client into an HTTP one.
    return ChromaSettings(anonymized_telemetry=False, allow_reset=False)


class StoreUnavailable(RuntimeError):
    """The vector store cannot be opened (files locked, missing or a server down)."""


def collection_name(settings: Settings) -> str:
    # One collection per embedder: vectors of different models must never be mixed.
    return f"ngo_kb_{settings.embedding_model}"


def _client(settings: Settings) -> chromadb.api.ClientAPI:
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        return chromadb.HttpClient(
            host=url.hostname or "127.0.0.1",
            port=url.port or 8000,
            ssl=url.scheme == "https",
            settings=_chroma_settings(),
        )
    settings.ensure_data_dir()
    return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=_chroma_settings())


def build_vector_store(settings: Settings) -> ChromaVectorStore:
    """Open (creating if needed) the chunk collection as a LlamaIndex vector store."""
    try:
        collection = _client(settings).get_or_create_collection(
            collection_name(settings), metadata={"hnsw:space": "cosine"}
        )
    except Exception as exc:  # chromadb raises many types; the user needs one clear message
        where = settings.chroma_url or str(settings.chroma_dir)
        raise StoreUnavailable(f"cannot open the vector store at {where}: {exc}") from exc
    return ChromaVectorStore(chroma_collection=collection)
