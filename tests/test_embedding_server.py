"""The index's vectors from an OpenAI-compatible `/v1/embeddings` server (NGOKB_EMBEDDING_MODEL=
server): llama.cpp's own server on 127.0.0.1 in embedding mode, a real HTTP server, no stand-in.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from ingest.pipeline import ingest_paths
from kb.embeddings import EmbeddingServerFailed, build_embedding
from kb.index import KnowledgeBase
from kb.library import knowledge_base
from kb.model_files import model_status
from kb.schema import Audience
from kb.settings import Settings, load_settings
from kb.store import StoreUnavailable
from tests.conftest import make_settings
from tests.openai_server import MODEL_ALIAS, RunningServer, serving
from ui.doctor import diagnose

DOC = "annual-report-2025.md"
LATER_DOC = "privacy-policy.html"
QUESTION = "How many households received emergency rent aid in 2025?"
API_KEY = "sk-embed-test-0123456789abcdef"  # fictitious; must never appear in an error


@pytest.fixture(scope="module")
def server() -> Iterator[RunningServer]:
    if not model_status(load_settings()).verified:
        pytest.fail("the embedded model is missing: the test command runs `ngo-kb setup` first")
    with serving(load_settings(), embedding=True) as running:
        yield running


def _settings(data_dir: Path, base_url: str) -> Settings:
    return make_settings(
        data_dir,
        embedding_model="server",
        embedding_server_url=base_url,
        embedding_server_model=MODEL_ALIAS,
        openai_api_key=SecretStr(API_KEY),
    )


def test_the_index_is_embedded_by_the_server_and_searched_with_it(
    tmp_path: Path, samples_dir: Path, server: RunningServer
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(samples_dir / DOC, corpus / DOC)
    settings = _settings(tmp_path / "data", server.base_url)
    assert settings.embedder_id == "server-qwen2-5-coder-1-5b-instruct"

    assert ingest_paths([corpus], settings).ok == [DOC]
    kb = KnowledgeBase(settings)
    try:
        chunks = kb.catalog.counts()[1]
        assert kb.vector_store.vectors_by_embedder() == {settings.embedder_id: chunks}
        stored = [c.get(limit=1, include=["embeddings"]) for c in kb.vector_store.collections()]
        dimensions = {len(s["embeddings"][0]) for s in stored if s["ids"]}
        assert dimensions == {1536}  # the server model's width, not e5's 384
        passages = kb.retrieve(QUESTION, Audience.PUBLIC)
        assert passages and passages[0].chunk.file_name == DOC
    finally:
        kb.close()

    report = json.dumps(diagnose(settings))
    assert f"{server.base_url}, model {MODEL_ALIAS}" in report and API_KEY not in report
    assert diagnose(settings)["embedding_model"] == settings.embedder_id

    # The same data directory opened with the local embedder names the server's model.
    with pytest.raises(StoreUnavailable, match=f"embedded with {settings.embedder_id}"):
        knowledge_base(make_settings(tmp_path / "data"))


def test_a_server_that_is_down_is_one_clear_error_without_the_key(
    tmp_path: Path, samples_dir: Path
) -> None:
    closed = "http://127.0.0.1:9/v1"  # the discard port: nothing listens there
    settings = _settings(tmp_path / "data", closed)
    with pytest.raises(EmbeddingServerFailed) as failed:
        build_embedding(settings).get_query_embedding(QUESTION)
    assert "127.0.0.1:9" in str(failed.value) and API_KEY not in str(failed.value)
    embedder = build_embedding(settings)
    assert API_KEY not in repr(embedder) and API_KEY not in json.dumps(embedder.to_dict())

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in (DOC, LATER_DOC):
        shutil.copy(samples_dir / name, corpus / name)
    summary = ingest_paths([corpus], settings)
    assert summary.ok == [] and len(summary.failed) == 2
    first, rest = summary.failed  # files are read in name order
    assert first.startswith(f"{DOC}: not indexed: the embedding server at {closed}")
    assert rest.startswith(f"{LATER_DOC}: not indexed:") and "not tried again" in rest
    assert all(API_KEY not in line for line in summary.failed)
    kb = KnowledgeBase(settings)
    try:  # both are in the manifest as failed, with the reason, for `ngo-kb list`
        assert {d.file_name: d.status for d in kb.documents()} == {
            DOC: "failed",
            LATER_DOC: "failed",
        }
    finally:
        kb.close()


def test_server_embeddings_need_a_url_and_a_model(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "data", embedding_model="server")
    with pytest.raises(ValueError, match="NGOKB_EMBEDDING_SERVER_URL"):
        build_embedding(settings)
