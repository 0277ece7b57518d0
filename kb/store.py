"""Vector-store component: Chroma on disk (default) or a Chroma server, through LlamaIndex.

The chunk vectors live in one collection per audience and language half. A search reads the
collections its audience may see and no search carries a `where` filter: Chroma applies one by
scanning the matching metadata, so a filtered search's cost followed the index's size (100,000
chunks: 100-140 ms per filtered query against 2 ms unfiltered, docs/benchmarks.md).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from urllib.parse import urlparse

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

import chromadb  # noqa: E402
from chromadb.config import Settings as ChromaSettings  # noqa: E402
from llama_index.core.schema import BaseNode  # noqa: E402
from llama_index.core.vector_stores.types import VectorStoreQuery  # noqa: E402
from llama_index.vector_stores.chroma import ChromaVectorStore  # noqa: E402

from kb.language import is_chinese  # noqa: E402
from kb.schema import Audience  # noqa: E402
from kb.settings import Settings  # noqa: E402

HALVES = ("zh", "other")  # Chinese chunks, every other chunk: searched apart (kb.index)
# then the knowledge base's namespace, `Settings.embedder_id` (no underscore), audience and half
PREFIX = "ngo_kb_"
MOVE_BATCH = 1000  # records copied per step when an index made before the split is opened


def _chroma_settings() -> ChromaSettings:
    # A new object per client: chromadb writes the client kind (HTTP or local) into the Settings
    # it is given, so one shared object would turn every later local client into an HTTP one.
    return ChromaSettings(anonymized_telemetry=False, allow_reset=False)


class StoreUnavailable(RuntimeError):
    """The vector store cannot be opened (files locked, missing or a server down)."""


def language_half(language: str) -> str:
    """The half a chunk of this language is stored and searched in."""
    return "zh" if is_chinese(language) else "other"


def _collection_key(metadata: Mapping[str, object]) -> tuple[str, str]:
    """The (audience, half) of the collection a chunk's vector belongs in, from its metadata."""
    return str(metadata["audience"]), language_half(str(metadata["language"]))


def legacy_collection_name(settings: Settings) -> str:
    """The single collection of indexes made before the split (moved on first open)."""
    return f"{PREFIX}{settings.embedder_id}"


def embedder_of(name: str, namespace: str) -> str | None:
    """The embedder whose vectors a chunk collection of this knowledge base holds (None: not
    one of its chunk collections; an index made before the split names no namespace)."""
    if not name.startswith(PREFIX):
        return None
    parts = name.removeprefix(PREFIX).split("_")
    if len(parts) == 1:
        return parts[0]
    return parts[1] if len(parts) == 4 and parts[0] == namespace else None


def collection_name(settings: Settings, namespace: str, audience: str, half: str) -> str:
    # One set of collections per knowledge base and embedder: never mix vectors of two models.
    return f"{PREFIX}{namespace}_{settings.embedder_id}_{audience}_{half}"


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


class VectorStores:
    """The chunk collections of one embedder, one LlamaIndex vector store per audience and half.

    Each node goes to the collection named by its `audience` and `language` metadata; reads and
    deletes cover every collection, so callers see one store."""

    def __init__(self, client: chromadb.api.ClientAPI, settings: Settings, namespace: str) -> None:
        self.client = client
        self.namespace = namespace
        self._stores = {
            (audience.value, half): ChromaVectorStore(
                chroma_collection=client.get_or_create_collection(
                    collection_name(settings, namespace, audience.value, half),
                    metadata={"hnsw:space": "cosine"},
                )
            )
            for audience in Audience
            for half in HALVES
        }

    def collections(self) -> Iterator[chromadb.Collection]:
        for store in self._stores.values():
            yield store.client

    def add(self, nodes: Iterable[BaseNode]) -> None:
        groups: dict[tuple[str, str], list[BaseNode]] = {}
        for node in nodes:
            groups.setdefault(_collection_key(node.metadata), []).append(node)
        for key, members in groups.items():
            self._stores[key].add(members)

    def delete(self, ref_doc_id: str) -> None:
        """Delete every vector of one document version (its LlamaIndex ref id)."""
        for store in self._stores.values():
            store.delete(ref_doc_id)

    def delete_ids(self, ids: list[str]) -> None:
        for collection in self.collections():
            collection.delete(ids=ids)

    def ids(self) -> list[str]:
        return [i for c in self.collections() for i in c.get(include=[])["ids"]]

    def count(self) -> int:
        return sum(c.count() for c in self.collections())

    def vectors_by_embedder(self) -> dict[str, int]:
        """How many vectors each embedder's collections of this knowledge base hold."""
        counts: dict[str, int] = {}
        for collection in self.client.list_collections():
            if (embedder := embedder_of(collection.name, self.namespace)) is not None:
                counts[embedder] = counts.get(embedder, 0) + collection.count()
        return counts

    def query(
        self, vector: list[float], audiences: list[str], half: str | None, limit: int
    ) -> tuple[list[str], list[float]]:
        """The `limit` nearest chunk ids and their similarities, best first, read only from the
        collections of `audiences` (and of `half`, None for both halves)."""
        halves = HALVES if half is None else (half,)
        hits: list[tuple[float, str]] = []
        for audience in audiences:
            for h in halves:
                result = self._stores[(audience, h)].query(
                    VectorStoreQuery(query_embedding=vector, similarity_top_k=limit)
                )
                hits.extend(zip(result.similarities or [], result.ids or [], strict=True))
        hits.sort(key=lambda hit: hit[0], reverse=True)
        best = hits[:limit]
        return [cid for _, cid in best], [s for s, _ in best]

    def move_legacy(self, name: str) -> int:
        """Copy the records of a collection made before the split into the split collections,
        then drop it; the number moved. Upserts, so a move cut short is finished next time."""
        if name not in {c.name for c in self.client.list_collections()}:
            return 0
        legacy = self.client.get_collection(name)
        moved = 0
        while True:
            batch = legacy.get(
                limit=MOVE_BATCH, offset=moved, include=["embeddings", "documents", "metadatas"]
            )
            if not batch["ids"]:
                break
            groups: dict[tuple[str, str], list[int]] = {}
            for n, metadata in enumerate(batch["metadatas"] or []):
                groups.setdefault(_collection_key(metadata), []).append(n)
            for key, rows in groups.items():
                self._stores[key].client.upsert(
                    ids=[batch["ids"][n] for n in rows],
                    embeddings=[batch["embeddings"][n] for n in rows],  # type: ignore[index]
                    documents=[batch["documents"][n] for n in rows],  # type: ignore[index]
                    metadatas=[batch["metadatas"][n] for n in rows],  # type: ignore[index]
                )
            moved += len(batch["ids"])
        self.client.delete_collection(name)
        return moved


def build_vector_store(settings: Settings, namespace: str) -> VectorStores:
    """Open (creating if needed) the chunk collections of the knowledge base named `namespace`,
    moving an index made before the split."""
    try:
        stores = VectorStores(_client(settings), settings, namespace)
        stores.move_legacy(legacy_collection_name(settings))
    except Exception as exc:  # chromadb raises many types; the user needs one clear message
        where = settings.chroma_url or str(settings.chroma_dir)
        raise StoreUnavailable(f"cannot open the vector store at {where}: {exc}") from exc
    return stores
